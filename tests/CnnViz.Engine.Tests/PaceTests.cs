namespace CnnViz.Engine.Tests;

public class PaceTests
{
    [Theory]
    [InlineData("8", 8, 1)]
    [InlineData("1", 1, 1)]
    [InlineData("1/30", 1, 30)]
    [InlineData("2/3", 2, 3)]
    public void Parse_ReadsWholeNumbersAndFractions(string text, int steps, int frames) =>
        Assert.Equal(new Pace(steps, frames), Pace.Parse(text));

    [Theory]
    [InlineData("0")] [InlineData("65")] [InlineData("1/61")] [InlineData("1/0")] [InlineData("3/2")] [InlineData("fast")] [InlineData("1/2/3")] [InlineData("-1")]
    public void Parse_RejectsOtherForms_NamingTheValidOnes(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Pace.Parse(text));
        Assert.Contains("speed 1/30", e.Message);
    }

    [Fact]
    public void StepsOnFrame_OneIn30_StepsOnceEvery30Frames()
    {
        var pace = new Pace(1, 30);
        var frames = Enumerable.Range(0, 90).Where(f => pace.StepsOnFrame(f) == 1).ToArray();
        Assert.Equal([29, 59, 89], frames);
        Assert.Equal(90 / 30, Enumerable.Range(0, 90).Sum(f => pace.StepsOnFrame(f)));
    }

    [Fact]
    public void StepsOnFrame_TwoInThree_AddsUp_AndWholeNumbersStepEveryFrame()
    {
        Assert.Equal(20, Enumerable.Range(0, 30).Sum(f => new Pace(2, 3).StepsOnFrame(f)));
        Assert.All(Enumerable.Range(0, 10), f => Assert.Equal(8, new Pace(8, 1).StepsOnFrame(f)));
    }

    [Fact]
    public void FasterAndSlower_WalkTheLadder_FromOneStepPerSecondTo64PerFrame()
    {
        var p = Pace.One;
        for (int i = 0; i < 20; i++) p = p.Slower();
        Assert.Equal(new Pace(1, 60), p);
        Assert.Equal(new Pace(1, 30), p.Faster());
        for (int i = 0; i < 20; i++) p = p.Faster();
        Assert.Equal(new Pace(64, 1), p);
        Assert.Equal(new Pace(1, 2), new Pace(2, 3).Slower());
    }

    [Fact]
    public void ToString_SaysStepsAndFrames() 
    {
        Assert.Equal("1 step/30 frames", new Pace(1, 30).ToString());
        Assert.Equal("8 steps/frame", new Pace(8, 1).ToString());
    }
}

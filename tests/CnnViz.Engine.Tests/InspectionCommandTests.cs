using CnnViz.Engine.Commands;

namespace CnnViz.Engine.Tests;

public class InspectionCommandTests
{
    [Theory]
    [InlineData("phase", "phase")]
    [InlineData("phase 3", "phase 3")]
    [InlineData("phase END", "phase END")]
    [InlineData("gradcheck", "gradcheck")]
    [InlineData("gradcheck conv2", "gradcheck conv2")]
    [InlineData("knockout conv1 3", "knockout conv1 3")]
    [InlineData("restore", "restore")]
    public void Parse_AcceptsTheInspectionVerbs(string text, string expected) =>
        Assert.Equal(expected, CommandParser.Default.Parse(text).ToString());

    [Theory]
    [InlineData("phase 0", "expected a whole number of at least 1, or 'end'")]
    [InlineData("phase later", "expected a whole number of at least 1, or 'end'")]
    [InlineData("knockout conv1", "missing argument; usage: knockout LAYER K")]
    [InlineData("knockout conv1 x", "expected a kernel number of 0 or more after the layer, got 'x'")]
    [InlineData("knockout conv1 1 2", "too many arguments")]
    [InlineData("restore all", "too many arguments")]
    public void Parse_RefusesBadInspectionCommands_InOneLine(string text, string expected)
    {
        var e = Assert.Throws<CommandException>(() => CommandParser.Default.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AHeadlessScript_LogsEachPhaseWithItsFormula_TheGradcheck_AndTheKnockout()
    {
        var s = TestData.Session();
        var lines = new List<string>();
        var executor = new CommandExecutor(s) { Headless = true, Log = lines.Add };
        executor.Run(CommandParser.Default.ParseScript("step 2; changes; phase 6; phase end; gradcheck dense2; knockout dense1 0; restore"));

        Assert.Equal(3, s.StepCount);
        Assert.Contains(lines, l => l.StartsWith("phase 1/10 forward flatten1: Y = X reshaped"));
        Assert.Contains(lines, l => l.StartsWith("phase 5/10 loss: p = softmax(z)") && l.Contains("L = "));
        Assert.Contains(lines, l => l.StartsWith("phase 6/10 backward dense2: dW = Xᵀ · dY, db = Σₙ dY, dX = dY · Wᵀ | ‖dW‖ "));
        Assert.Contains(lines, l => l.StartsWith("phase 10/10 update (momentum): v ← μ·v + dW; W ← W − α·v | dense1 ‖ΔW‖/‖W‖ "));
        Assert.Contains(lines, l => l.StartsWith("step 3 done in phases: loss "));
        Assert.Contains(lines, l => l.StartsWith("gradcheck dense2: Dense 32→10, batch of 16:"));
        Assert.Contains("gradcheck dense2: PASS", lines);
        Assert.Contains(lines, l => l.StartsWith("knocked out dense1 kernel 0: held-out accuracy "));
        Assert.Equal("restored the knocked-out kernel", lines[^1]);
    }

    [Fact]
    public void Dead_PrintsEachReluLayersZeroSharePerUnit_CountedOverTheLastBatch()
    {
        var s = TestData.Session();
        var lines = new List<string>();
        var executor = new CommandExecutor(s) { Headless = true, Log = lines.Add };
        Assert.Throws<CommandException>(() => executor.Execute(CommandParser.Default.Parse("dead")));   // no batch yet
        executor.Run(CommandParser.Default.ParseScript("step 3; dead"));

        string line = Assert.Single(lines, l => l.Contains(" dead over the last batch of 16:"));
        var relu = s.Model.Layers.First(l => l is CnnViz.Core.Layers.ReLU);
        Assert.StartsWith($"{relu.Name} dead over the last batch of 16:", line);
        // Unit 0 by hand: exact zeros of the ReLU's output over the batch (each sample holds one value per unit).
        int units = relu.OutputShape.C, zeros = 0;
        for (int n = 0; n < 16; n++) if (relu.Output.Data[n * units] == 0) zeros++;
        string first = line.Split(':')[1].Trim().Split(' ')[0];
        Assert.Equal($"{zeros * 100.0 / 16:F0}%", first);
        Assert.EndsWith($"of {units} units all zero)", line);
    }

    [Fact]
    public void InspectionCommands_ThatCannotRunNow_SayWhyInOneLine()
    {
        var s = TestData.Session();
        var executor = new CommandExecutor(s) { Headless = true };   // no log: the commands must act all the same
        string Refusal(string command)
        {
            try { executor.Execute(CommandParser.Default.Parse(command)); }
            catch (CommandException e) { return e.Message; }
            Assert.Fail($"'{command}' was not refused.");
            return "";
        }
        Assert.Contains("train a step (step 1) or a phase (phase) first", Refusal("gradcheck"));
        executor.Execute(CommandParser.Default.Parse("step 1"));
        Assert.Contains("relu1 has no kernels", Refusal("knockout relu1 0"));
        Assert.Contains("dense1 has kernels 0..31, not 32", Refusal("knockout dense1 32"));
        executor.Execute(CommandParser.Default.Parse("phase"));
        Assert.True(s.Phases.InProgress);
        Assert.Contains("phase end", Refusal("knockout dense1 1"));
        executor.Execute(CommandParser.Default.Parse("phase end"));
        float[] before = TestData.Weights(s);
        executor.Execute(CommandParser.Default.Parse("knockout dense1 1"));
        Assert.NotEqual(before, TestData.Weights(s));
        executor.Execute(CommandParser.Default.Parse("restore"));
        Assert.Equal(before, TestData.Weights(s));
    }
}

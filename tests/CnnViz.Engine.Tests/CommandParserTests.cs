using CnnViz.Engine.Commands;

namespace CnnViz.Engine.Tests;

public class CommandParserTests
{
    [Fact]
    public void ParseScript_SplitsOnSemicolonsAndNewLines_SkipsBlanksAndComments()
    {
        var commands = CommandParser.Default.ParseScript("step 100; lr 0.01\n\n# a comment\nsave a.ckpt ;reset; reset 7;QUIT");
        Assert.Equal(["step 100", "lr 0.01", "save a.ckpt", "reset", "reset 7", "quit"], commands.Select(c => c.ToString()));
        Assert.Equal(100, commands[0].Integer);
        Assert.Equal(0.01f, commands[1].Number);
        Assert.Equal(7UL, commands[4].Seed);
    }

    [Theory]
    [InlineData("jump 3", "unknown command 'jump 3'")]
    [InlineData("step", "missing argument; usage: step N")]
    [InlineData("step -4", "expected a whole number of at least 1")]
    [InlineData("step 0", "expected a whole number of at least 1")]
    [InlineData("step 1.5", "expected a whole number of at least 1")]
    [InlineData("lr fast", "expected a positive number")]
    [InlineData("lr -0.1", "expected a positive number")]
    [InlineData("lr NaN", "expected a positive number")]
    [InlineData("pause now", "too many arguments")]
    [InlineData("save a b", "too many arguments")]
    [InlineData("reset x", "expected a seed")]
    public void Parse_BadCommand_OneLineErrorNamingItAndListingValidForms(string text, string expected)
    {
        var e = Assert.Throws<CommandException>(() => CommandParser.Default.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains("Valid commands: pause, resume, step N, speed N|1/F, reset [SEED], lr X, sample I, layer NAME, save PATH, load PATH, epochs N, quit".ToLowerInvariant(), e.Message.ToLowerInvariant());
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ParseScript_ReportsTheFirstBadCommand()
    {
        var e = Assert.Throws<CommandException>(() => CommandParser.Default.ParseScript("step 1; stpe 2; step 3"));
        Assert.Contains("'stpe 2'", e.Message);
    }

    [Fact]
    public void With_AddsAWindowVerb_ThatTheExecutorHandsToItsHandler()
    {
        var parser = CommandParser.Default.With(new CommandSpec("screenshot", ArgumentKind.Text, false, "screenshot PATH", "save a PNG"));
        var executor = new CommandExecutor(TestData.Session());
        string? shot = null;
        executor.Handlers["screenshot"] = c => shot = c.Argument;
        executor.Run(parser.ParseScript("step 2; screenshot out.png"));
        Assert.Equal("out.png", shot);
        Assert.Equal(2, executor.Session.StepCount);
        Assert.Throws<CommandException>(() => CommandParser.Default.Parse("screenshot out.png"));
    }

    [Fact]
    public void Executor_SampleOutOfRange_IsAOneLineCommandError()
    {
        var executor = new CommandExecutor(TestData.Session(batch: 16));
        var e = Assert.Throws<CommandException>(() => executor.Execute(CommandParser.Default.Parse("sample 16")));
        Assert.Contains("0..15", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var l = Assert.Throws<CommandException>(() => executor.Execute(CommandParser.Default.Parse("layer conv9")));
        Assert.Contains("dense1", l.Message);
    }

    [Fact]
    public void Executor_HeadlessResume_TrainsToTheEpochTarget_AndQuitStopsTheScript()
    {
        var s = TestData.Session();
        var executor = new CommandExecutor(s) { Headless = true };
        executor.Run(CommandParser.Default.ParseScript("epochs 2; speed 5; resume; quit; step 10"));
        Assert.Equal(2, s.Epoch);
        Assert.Equal(2 * s.StepsPerEpoch, s.StepCount);
        Assert.True(executor.QuitRequested);
        Assert.Throws<CommandException>(() => new CommandExecutor(TestData.Session()) { Headless = true }.Execute(new Command("resume", null)));
    }
}

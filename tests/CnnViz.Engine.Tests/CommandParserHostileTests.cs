using CnnViz.Engine.Commands;

namespace CnnViz.Engine.Tests;

/// <summary>Issue 16: quoted paths, '#' only as a comment after whitespace, and huge scripts not echoed back.</summary>
public class CommandParserHostileTests
{
    private static string[] Parsed(string script) => [.. CommandParser.Default.ParseScript(script).Select(c => $"{c.Verb}|{c.Argument}")];

    [Theory]
    [InlineData("save \"my run.ckpt\"", "save|my run.ckpt")]
    [InlineData("save \"a;b#c.ckpt\"", "save|a;b#c.ckpt")]
    [InlineData("save run#1.ckpt", "save|run#1.ckpt")]
    [InlineData("save run.ckpt # trailing comment", "save|run.ckpt")]
    [InlineData("save run.ckpt;# comment after a semicolon", "save|run.ckpt")]
    [InlineData("  save   \"/tmp/with  two spaces/x.ckpt\"  ", "save|/tmp/with  two spaces/x.ckpt")]
    public void Script_QuotesAndComments(string script, string expected) => Assert.Equal([expected], Parsed(script));

    [Fact]
    public void Script_CommentLineAndCommandsAround()
    {
        Assert.Equal(["step|3", "save|a b.ckpt", "quit|"], Parsed("step 3\n# save x.ckpt; quit\nsave \"a b.ckpt\"; quit"));
    }

    [Theory]
    [InlineData("save \"my run.ckpt")]
    [InlineData("save \"a\nstep 1\"")]
    public void Script_UnclosedQuote_Refused(string script)
    {
        var e = Assert.Throws<CommandException>(() => CommandParser.Default.ParseScript(script));
        Assert.Contains("unclosed quote", e.Message);
    }

    [Fact]
    public void Script_QuotedWordsCount_AsOneArgument()
    {
        var e = Assert.Throws<CommandException>(() => CommandParser.Default.ParseScript("save \"a b\" c"));
        Assert.Contains("too many arguments", e.Message);
    }

    [Fact]
    public void TenMegabyteBadScript_ErrorStaysShort()
    {
        string script = "jump " + new string('x', 10_000_000);
        var e = Assert.Throws<CommandException>(() => CommandParser.Default.ParseScript(script));
        Assert.True(e.Message.Length < 1_000, $"{e.Message.Length} characters");
        Assert.Contains("10,000,005 characters", e.Message);
    }
}

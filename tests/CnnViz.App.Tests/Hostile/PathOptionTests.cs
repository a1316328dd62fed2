namespace CnnViz.App.Tests.Hostile;

/// <summary>Issue 16 groups 1 and 9: every path option is checked before any data is read or step trained (exit 2, one line).</summary>
public sealed class PathOptionTests : Hostile
{
    [Theory]
    [InlineData("--checkpoint", "--checkpoint is empty")]
    [InlineData("--report", "--report is empty")]
    [InlineData("--plot", "--plot is empty")]
    [InlineData("--resume", "--resume is empty")]
    [InlineData("--frames", "--frames is empty")]
    [InlineData("--data", "--data is empty (an unset shell variable?)")]
    public void EmptyPath_RefusedBeforeTraining(string option, string expected)
    {
        var r = Run("--headless", "--limit", "40", option, "");
        AssertOneLine(r, 2, expected);
        Assert.DoesNotContain("data:", r.Out); // refused before the data was even located
        AssertOnly();
    }

    [Theory]
    [InlineData("--frame-log")]
    [InlineData("--screenshot")]
    public void EmptyWindowOutput_Refused(string option)
    {
        var r = Run("--limit", "40", "--max-frames", "1", option, ""); // no --headless: these belong to the window
        AssertOneLine(r, 2, $"{option} is empty");
        AssertOnly();
    }

    [Theory]
    [InlineData("--checkpoint", "is a folder; give a file name")]
    [InlineData("--report", "is a folder; give a file name")]
    [InlineData("--resume", "is a folder; give the checkpoint file inside it")]
    public void FolderWhereAFileIsMeant_Refused(string option, string expected)
    {
        Directory.CreateDirectory(PathOf("out"));
        AssertOneLine(Run([.. Tiny, option, PathOf("out")]), 2, expected);
        AssertOnly("out");
        Assert.Empty(Directory.EnumerateFileSystemEntries(PathOf("out")));
    }

    [Fact]
    public void FramesOnAFile_Refused()
    {
        File.WriteAllText(PathOf("frames"), "not a folder");
        AssertOneLine(Run([.. Tiny, "--frames", PathOf("frames")]), 2, "is a file; give a folder for the PNGs");
        AssertOnly("frames");
    }

    [Theory]
    [InlineData("--checkpoint", "x.ckpt")]
    [InlineData("--report", "r.json")]
    [InlineData("--plot", "p.png")]
    public void MissingParentFolder_Refused_NothingCreated(string option, string name)
    {
        string path = Path.Combine(Dir, "no", "such", name);
        AssertOneLine(Run([.. Tiny, option, path]), 2, "does not exist; create it first");
        AssertOnly();
    }

    [Fact]
    public void ParentIsAFile_Refused()
    {
        File.WriteAllText(PathOf("plain"), "x");
        AssertOneLine(Run([.. Tiny, "--checkpoint", Path.Combine(PathOf("plain"), "x.ckpt")]), 2, "is a file, not a folder");
        AssertOnly("plain");
    }

    [Fact]
    public void MissingResumeFile_Refused()
    {
        AssertOneLine(Run([.. Tiny, "--resume", PathOf("gone.ckpt")]), 2, "gone.ckpt: no such file");
        AssertOnly();
    }

    [Theory]
    [InlineData("--plot", "curves.jpg")]
    [InlineData("--plot", "curves")]
    [InlineData("--screenshot", "shot.bmp")]
    public void ImageOutputWithoutPng_Refused(string option, string name)
    {
        var r = option == "--screenshot" ? Run("--limit", "40", "--max-frames", "1", option, PathOf(name)) : Run([.. Tiny, option, PathOf(name)]);
        AssertOneLine(r, 2, "only PNG images are written; give a name ending in .png");
        AssertOnly();
    }

    [Theory]
    [InlineData("--checkpoint", "--report")]
    [InlineData("--report", "--plot")]
    [InlineData("--checkpoint", "--frame-log")]
    public void TwoOutputsOnOnePath_Refused(string first, string second)
    {
        string same = PathOf("same.png");
        string[] frames = second == "--frame-log" ? ["--frames", PathOf("frames")] : [];
        AssertOneLine(Run([.. Tiny, .. frames, first, same, second, same]), 2, $"{first} and {second} name the same file");
        AssertOnly();
    }

    [Fact]
    public void ReportOverTheResumedCheckpoint_Refused_CheckpointKept()
    {
        File.WriteAllBytes(PathOf("a.ckpt"), [1, 2, 3]);
        AssertOneLine(Run([.. Tiny, "--resume", PathOf("a.ckpt"), "--report", PathOf("a.ckpt")]), 2, "--report and --resume name the same file");
        Assert.Equal([1, 2, 3], File.ReadAllBytes(PathOf("a.ckpt")));
    }

    [Fact]
    public void HeadlessScreenshot_Refused()
    {
        AssertOneLine(Run([.. Tiny, "--max-frames", "2", "--screenshot", PathOf("shot.png")]), 2, "--headless opens no window");
        AssertOnly();
    }

    [Fact]
    public void HeadlessFrameLogWithoutFrames_Refused()
    {
        AssertOneLine(Run([.. Tiny, "--frame-log", PathOf("f.csv")]), 2, "--headless without --frames draws none");
        AssertOnly();
    }
}

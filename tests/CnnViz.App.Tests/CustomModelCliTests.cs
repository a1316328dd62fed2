using System.Text.RegularExpressions;
using CnnViz.Tests.Shared;

namespace CnnViz.App.Tests;

/// <summary>Model descriptions, image folders, predict, ONNX export and import, through the real command line.</summary>
public sealed class CustomModelCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-custom-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);
    private string PathOf(string name) => Path.Combine(_dir, name);
    private string Sample => Path.Combine(Cli.RepoRoot, "data", "mnist-sample");

    private static void AssertUsageError(Cli.Result r, string expected)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.ErrLines);
        Assert.StartsWith("cnnviz: ", r.Err);
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void Models_PrintsTheBuiltInsAsDescriptions()
    {
        var r = Cli.Run(_dir, "models");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("lenet5  (61,706 parameters for 1×28×28 images, 10 classes)", r.Out);
        Assert.Contains("  conv 6@5x5 pad 2; relu; maxpool 2; conv 16@5x5; relu; maxpool 2; flatten; dense 120; relu; dense 84; relu; dense classes", r.Out);
        Assert.Contains("simple  (15,770 parameters", r.Out);
    }

    [Theory]
    [InlineData("conv 8@3x3; relu; maxpol 2; flatten; dense classes", "--model: line 1, column 19: unknown layer 'maxpol'")]
    [InlineData("conv 8@3x3 padding 1; flatten; dense classes", "--model: line 1, column 12: conv has no option 'padding'")]
    [InlineData("conv 8@3x3; maxpool 13; conv 4@5x5; flatten; dense classes", "--model: line 1, column 25: conv2: a 5×5 kernel does not fit a 8×2×2 input")]
    [InlineData("flatten; dense 30000; dense classes", "over the limit of 10,000,000")]
    public void BadDescription_OneLine_ExitCode2(string model, string expected) =>
        AssertUsageError(Cli.Run(_dir, "--headless", "--data", Sample, "--limit", "100", "--model", model), expected);

    [Fact]
    public void BadDescriptionInAFile_NamesLineAndColumn()
    {
        File.WriteAllText(PathOf("bad.net"), "conv 8@3x3 pad 1\nrelu\nmaxpool 2 stride x\n");
        AssertUsageError(Cli.Run(_dir, "--headless", "--model", PathOf("bad.net")), "--model: line 3, column 18: the stride must be a whole number, got 'x'.");
    }

    [Fact]
    public void CustomModel_OnAnImageFolder_Trains_Predicts_Exports_Imports()
    {
        string images = PathOf("shapes");
        TestImages.ShapesTree(Path.Combine(images, "train"), perClass: 40, seed: 1);
        TestImages.ShapesTree(Path.Combine(images, "test"), perClass: 8, seed: 2);
        File.WriteAllText(Path.Combine(images, "train", "bar", "notes.txt"), "not an image");
        File.WriteAllText(PathOf("small.net"), "# a small custom model\nconv 6@3x3 pad 1\nrelu\nmaxpool 2\nconv 8@3x3 stride 2\nrelu\nflatten\ndense classes\n");

        var train = Cli.Run(_dir, "--headless", "--images", images, "--model", PathOf("small.net"), "--epochs", "8", "--batch-size", "8",
            "--lr", "0.01", "--checkpoint", PathOf("shapes.ckpt"));
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("3 classes, 28×28 grayscale; images per class train/test: bar 40/8, column 40/8, square 40/8; skipped 1 file(s)", train.Out);
        Assert.Contains("notes.txt: not an image", train.Out);
        double accuracy = double.Parse(Regex.Match(train.Out, @"test accuracy ([\d.]+)%").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 90, train.Out);

        string[] files = [Path.Combine(images, "test", "bar", "000.png"), Path.Combine(images, "test", "column", "002.png"), Path.Combine(images, "test", "square", "001.png")];
        var predict = Cli.Run(_dir, ["predict", .. files, "--resume", PathOf("shapes.ckpt"), "--images", images]);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var lines = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"000\.png: (bar|column|square) \d+\.\d%, (bar|column|square) \d+\.\d%, (bar|column|square) \d+\.\d%$", lines[0]);
        Assert.True(new[] { "bar", "column", "square" }.Select((c, i) => lines[i].Split(": ")[1].StartsWith(c)).Count(ok => ok) >= 2, predict.Out);

        var export = Cli.Run(_dir, "export", "--resume", PathOf("shapes.ckpt"), "--onnx", PathOf("shapes.onnx"));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("input (N, 1, 28, 28) → logits (N, 3), ONNX opset 13", export.Out);

        var import = Cli.Run(_dir, "--headless", "--images", images, "--import", PathOf("shapes.onnx"), "--epochs", "1", "--batch-size", "8", "--lr", "0.0001");
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("imported", import.Out);
        double again = double.Parse(Regex.Match(import.Out, @"test accuracy ([\d.]+)%").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(again >= 85, import.Out);   // starts from the trained weights (random ones would give ~33%)
    }

    [Fact]
    public void Export_ToAMissingFolder_ExitCode2_WritesNothing()
    {
        var train = Cli.Run(_dir, "--headless", "--data", Sample, "--limit", "100", "--model", "simple", "--script", $"step 1; save {PathOf("a.ckpt")}");
        Assert.True(train.ExitCode == 0, train.ToString());
        AssertUsageError(Cli.Run(_dir, "export", "--resume", PathOf("a.ckpt"), "--onnx", PathOf("no/such/m.onnx")), "the folder");
        Assert.Equal(["a.ckpt"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        AssertUsageError(Cli.Run(_dir, "export", "--resume", PathOf("missing.ckpt"), "--onnx", PathOf("m.onnx")), "missing.ckpt");
    }

    [Fact]
    public void BadInputs_OneLine_ExitCode2()
    {
        File.WriteAllBytes(PathOf("cut.onnx"), [0x08, 0x07, 0x12, 0x40, 0x63]);   // ir_version 7, then a string promising 64 bytes
        AssertUsageError(Cli.Run(_dir, "--headless", "--import", PathOf("cut.onnx")), "cut.onnx: not an ONNX model, or truncated");

        File.WriteAllBytes(PathOf("huge.png"), TestImages.PngClaiming(20000, 20000));
        File.WriteAllText(PathOf("text.png"), "hello");
        byte[] png = TestImages.Png([.. Enumerable.Range(0, 900).Select(i => (byte)(i * 7))], 30, 30);
        File.WriteAllBytes(PathOf("cut.png"), png[..(png.Length / 2)]);
        var train = Cli.Run(_dir, "--headless", "--data", Sample, "--limit", "100", "--model", "simple", "--script", $"step 1; save {PathOf("a.ckpt")}");
        Assert.True(train.ExitCode == 0, train.ToString());
        AssertUsageError(Cli.Run(_dir, "predict", PathOf("huge.png"), "--resume", PathOf("a.ckpt")), "claims 20000×20000 pixels");
        AssertUsageError(Cli.Run(_dir, "predict", PathOf("text.png"), "--resume", PathOf("a.ckpt")), "text.png: not an image");
        AssertUsageError(Cli.Run(_dir, "predict", PathOf("cut.png"), "--resume", PathOf("a.ckpt")), "cut.png: cannot decode it (truncated or corrupt");

        Directory.CreateDirectory(PathOf("empty"));
        AssertUsageError(Cli.Run(_dir, "--headless", "--images", PathOf("empty")), "no class folders");
    }
}

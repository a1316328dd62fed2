using CnnViz.Core.Models.Description;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Models;
using CnnViz.Engine.Onnx;
using Google.Protobuf;
using static CnnViz.Engine.Tests.Onnx.OnnxRuntimeCheck;

namespace CnnViz.Engine.Tests.Onnx;

public sealed class OnnxExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-onnx-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Logits are O(1–10); float32 sums of ≤ 400 products in a different order differ by ~1e-6 relative.
    private const float Tolerance = 1e-4f;

    public static TheoryData<string> Models => new()
    {
        "simple", "lenet5", "lenet5-classic",
        // Every option: per-axis kernel, padding and stride, overlapping average pool, sigmoid, tanh.
        "conv 4@3x5 pad 1x2 stride 2x1 init xavier; sigmoid; avgpool 2 stride 1; conv 6@3x3; tanh; maxpool 3x2 stride 2; flatten; dense 20; relu; dense classes",
        // A Dense straight on a conv's C×1×1 output (the export adds a Flatten), a conv after a Dense (a Reshape).
        "conv 12@28x28; relu; dense 16; tanh; conv 8@1x1; relu; dense classes",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Export_OnnxRuntimeGivesTheSameLogits_On100TestImages(string model)
    {
        var net = Built(ModelCatalog.Get(model).Create());
        var x = TestImages(100);
        float[] ours = Logits(net, x);
        float[] theirs = Run(OnnxExport.ToOnnx(net).ToByteArray(), x);
        Assert.Equal(100 * 10, theirs.Length);
        Assert.True(ours.Select(Math.Abs).Max() > 0.1f, "the logits should not all be ~0 (the comparison would be empty)");
        AssertClose(ours, theirs, Tolerance, model);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ExportThenImport_GivesTheSameModelAndWeights(string model)
    {
        var net = Built(ModelCatalog.Get(model).Create());
        string path = Path.Combine(_dir, "m.onnx");
        OnnxExport.Write(net, path);
        Assert.Equal(["m.onnx"], Directory.GetFiles(_dir).Select(Path.GetFileName));   // no temp file left
        var imported = OnnxImport.Read(path);
        var copy = ModelDescription.Parse(imported.Description).Create(imported.Input, 10);
        Built(copy, seed: 99);
        TrainedModel.SetWeights(copy, imported.Parameters, path);
        Assert.Equal(net.Parameters.Select(p => p.Value), copy.Parameters.Select(p => p.Value));
        var x = TestImages(8);
        Assert.Equal(Logits(net, x), Logits(copy, x));
    }

    [Fact]
    public void Write_ToAMissingFolder_Throws_LeavesNothing()
    {
        var net = Built(ModelCatalog.Get("simple").Create(), maxBatch: 1);
        var e = Assert.Throws<DirectoryNotFoundException>(() => OnnxExport.Write(net, Path.Combine(_dir, "no", "m.onnx")));
        Assert.Contains("does not exist", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }
}

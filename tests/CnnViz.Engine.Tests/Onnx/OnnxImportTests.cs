using CnnViz.Core.Models.Description;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Onnx;
using Google.Protobuf;
using Onnx;
using static CnnViz.Engine.Tests.Onnx.OnnxRuntimeCheck;

namespace CnnViz.Engine.Tests.Onnx;

/// <summary>
/// Import of ONNX files that these tests build by hand from ONNX's message types, the way other tools
/// write them (PyTorch: Gemm with B as (O, I) and transB = 1, Reshape to (N, −1), float_data instead of
/// raw bytes, a final Softmax, ONNX's default pool stride of 1) — never through CnnViz's exporter.
/// ONNX Runtime runs the same file and is the reference.
/// </summary>
public sealed class OnnxImportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-onnx-import-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Random s_random = new(5);

    private static TensorProto Floats(string name, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        long n = dims.Aggregate(1L, (a, d) => a * d);
        for (long i = 0; i < n; i++) t.FloatData.Add((float)(s_random.NextDouble() - 0.5) * 0.4f);
        return t;
    }

    private static NodeProto Node(string op, string input, string output, params string[] weights)
    {
        var n = new NodeProto { OpType = op, Name = output };
        n.Input.Add(input);
        n.Input.AddRange(weights);
        n.Output.Add(output);
        return n;
    }

    private static NodeProto With(NodeProto n, string name, params long[] ints)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(ints);
        n.Attribute.Add(a);
        return n;
    }

    private static NodeProto WithInt(NodeProto n, string name, long value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return n;
    }

    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    /// <summary>A PyTorch-style small CNN: conv (no pads attribute) → relu → maxpool 2 (stride 2) → conv pad 1 stride 2 → tanh →
    /// avgpool 3 (no strides: ONNX's default 1) → reshape (N, −1) → Gemm transB=1 → sigmoid → Gemm transB=1 → Softmax.</summary>
    private static ModelProto TorchStyle()
    {
        var g = new GraphProto { Name = "torch-jit-export" };
        g.Input.Add(Value("x", 1, 28, 28));
        g.Initializer.Add(Floats("c1.weight", 5, 1, 3, 3));
        g.Initializer.Add(Floats("c1.bias", 5));
        g.Initializer.Add(Floats("c2.weight", 7, 5, 3, 3));
        g.Initializer.Add(Floats("c2.bias", 7));
        var shape = new TensorProto { Name = "shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(2);
        shape.Int64Data.AddRange([-1, 7 * 5 * 5]);
        g.Initializer.Add(shape);
        g.Initializer.Add(Floats("fc1.weight", 24, 175));   // (O, I)
        g.Initializer.Add(Floats("fc1.bias", 24));
        g.Initializer.Add(Floats("fc2.weight", 10, 24));
        g.Initializer.Add(Floats("fc2.bias", 10));
        g.Node.Add(With(Node("Conv", "x", "a", "c1.weight", "c1.bias"), "kernel_shape", 3, 3));                    // 5×26×26
        g.Node.Add(Node("Relu", "a", "b"));
        g.Node.Add(With(With(Node("MaxPool", "b", "c"), "kernel_shape", 2, 2), "strides", 2, 2));                 // 5×13×13
        g.Node.Add(With(With(Node("Conv", "c", "d", "c2.weight", "c2.bias"), "pads", 1, 1, 1, 1), "strides", 2, 2)); // 7×7×7
        g.Node.Add(Node("Tanh", "d", "e"));
        g.Node.Add(With(Node("AveragePool", "e", "f"), "kernel_shape", 3, 3));                                    // 7×5×5
        g.Node.Add(Node("Reshape", "f", "g", "shape"));
        g.Node.Add(WithInt(Node("Gemm", "g", "h", "fc1.weight", "fc1.bias"), "transB", 1));
        g.Node.Add(Node("Sigmoid", "h", "i"));
        g.Node.Add(WithInt(Node("Gemm", "i", "logits", "fc2.weight", "fc2.bias"), "transB", 1));
        g.Node.Add(WithInt(Node("Softmax", "logits", "probabilities"), "axis", 1));
        g.Output.Add(Value("probabilities", 10));
        var m = new ModelProto { IrVersion = 8, ProducerName = "test", Graph = g };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return m;
    }

    private string Save(ModelProto m, string name = "t.onnx")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, m.ToByteArray());
        return path;
    }

    [Fact]
    public void Import_TorchStyleFile_MatchesOnnxRuntime()
    {
        var file = TorchStyle();
        var imported = OnnxImport.Read(Save(file));
        Assert.True(imported.DroppedSoftmax);
        Assert.Equal("conv 5@3x3 stride 1; relu; maxpool 2 stride 2; conv 7@3x3 pad 1 stride 2; tanh; avgpool 3 stride 1; flatten; dense 24; sigmoid; dense 10",
            ModelDescription.Parse(imported.Description).Text);
        var model = Built(ModelDescription.Parse(imported.Description).Create(imported.Input, 10));
        TrainedModel.SetWeights(model, imported.Parameters, "t.onnx");
        var x = TestImages(100);
        float[] logits = Logits(model, x);
        // ONNX Runtime runs the file up to the logits (the Softmax output is dropped to compare logits).
        file.Graph.Node.RemoveAt(file.Graph.Node.Count - 1);
        file.Graph.Output.Clear();
        file.Graph.Output.Add(Value("logits", 10));
        AssertClose(Run(file.ToByteArray(), x), logits, 1e-4f, "torch-style import");
    }

    [Fact]
    public void Import_UnsupportedOp_NamesIt()
    {
        var m = TorchStyle();
        m.Graph.Node[1].OpType = "LeakyRelu";
        var e = Assert.Throws<OnnxException>(() => OnnxImport.Read(Save(m)));
        Assert.Contains("unsupported op 'LeakyRelu' (node 'b')", e.Message);
    }

    [Fact]
    public void Import_UnsupportedAttribute_SaysWhich()
    {
        var m = TorchStyle();
        WithInt(m.Graph.Node[0], "group", 5);
        Assert.Contains("Conv 'a' uses group > 1", Assert.Throws<OnnxException>(() => OnnxImport.Read(Save(m))).Message);
    }

    [Fact]
    public void Import_TruncatedFile_SaysSo()
    {
        byte[] bytes = TorchStyle().ToByteArray();
        string path = Path.Combine(_dir, "cut.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<OnnxException>(() => OnnxImport.Read(path));
        Assert.StartsWith($"{path}: not an ONNX model, or truncated", e.Message);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("text")]
    [InlineData("empty")]
    public void Import_ForeignFile_SaysItIsNotOnnx(string kind)
    {
        string path = Path.Combine(_dir, "foreign.onnx");
        byte[] bytes = kind switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0],
            "text" => "conv 8@3x3; relu; flatten; dense classes\n"u8.ToArray(),
            _ => [],
        };
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<OnnxException>(() => OnnxImport.Read(path));
        Assert.Contains("not an ONNX model", e.Message);
    }
}

using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using Google.Protobuf;
using Onnx;

namespace CnnViz.Engine.Onnx;

/// <summary>
/// Writes a built <see cref="Sequential"/> as an ONNX model (opset 13, IR version 7) that ONNX Runtime
/// and Netron read: input "input" (N, C, H, W) float32, output "logits" (N, K), one node per layer:
/// <code>
/// Conv2d → Conv (W (M, C, FH, FW), b (M); pads [PH, PW, PH, PW], strides)   ReLU/Tanh/Sigmoid → Relu/Tanh/Sigmoid
/// MaxPool2D / AveragePool2D → MaxPool / AveragePool (kernel_shape, strides)  Flatten → Flatten (axis 1)
/// Dense → Gemm (Y = X·B + C with B = W (I, O), C = b (O), transB 0)
/// </code>
/// A Dense that takes a C×1×1 map straight from a Conv gets a Flatten first (Gemm wants rank 2), and a
/// Conv or pool after a Dense a Reshape to (N, C, 1, 1). Softmax is not written: CnnViz's models end in logits.
/// </summary>
public static class OnnxExport
{
    public const int Opset = 13;
    public const long IrVersion = 7;   // the IR version of opset 13 (ONNX 1.8)

    public static ModelProto ToOnnx(Sequential model)
    {
        if (!model.IsBuilt) throw new InvalidOperationException("Build the model (or load its weights) before exporting it.");
        var graph = new GraphProto { Name = "cnnviz" };
        graph.Input.Add(Value("input", "N", model.InputShape.C, model.InputShape.H, model.InputShape.W));
        string x = "input";
        bool flat = false;   // the ONNX tensor x is (N, F) rather than (N, C, H, W)
        foreach (var layer in model.Layers)
        {
            if (layer is Dense && !flat) { x = Add(graph, "Flatten", layer.Name + ".flatten", [x], Ints("axis", 1)); flat = true; }
            if (layer is Conv2dBase or Pool2D && flat)
            {
                var s = layer.InputShape;
                graph.Initializer.Add(Int64Tensor(layer.Name + ".shape", [-1, s.C, s.H, s.W]));
                x = Add(graph, "Reshape", layer.Name + ".reshape", [x, layer.Name + ".shape"]);
                flat = false;
            }
            switch (layer)
            {
                case Conv2dBase c:
                    graph.Initializer.Add(FloatTensor(c.Weights.Name, c.Weights.Value, c.Filters, c.Channels, c.KernelHeight, c.KernelWidth));
                    graph.Initializer.Add(FloatTensor(c.Bias.Name, c.Bias.Value, c.Filters));
                    x = Add(graph, "Conv", c.Name, [x, c.Weights.Name, c.Bias.Name],
                        Ints("kernel_shape", c.KernelHeight, c.KernelWidth), Ints("pads", c.PadHeight, c.PadWidth, c.PadHeight, c.PadWidth),
                        Ints("strides", c.StrideHeight, c.StrideWidth));
                    break;
                case Dense d:
                    graph.Initializer.Add(FloatTensor(d.Weights.Name, d.Weights.Value, d.Inputs, d.Outputs));
                    graph.Initializer.Add(FloatTensor(d.Bias.Name, d.Bias.Value, d.Outputs));
                    x = Add(graph, "Gemm", d.Name, [x, d.Weights.Name, d.Bias.Name]);
                    break;
                case Pool2D p:
                    x = Add(graph, p is MaxPool2D ? "MaxPool" : "AveragePool", p.Name, [x],
                        Ints("kernel_shape", p.WindowHeight, p.WindowWidth), Ints("strides", p.StrideHeight, p.StrideWidth));
                    break;
                case Flatten:
                    x = Add(graph, "Flatten", layer.Name, [x], Ints("axis", 1));
                    flat = true;
                    break;
                case ReLU: x = Add(graph, "Relu", layer.Name, [x]); break;
                case Tanh: x = Add(graph, "Tanh", layer.Name, [x]); break;
                case Sigmoid: x = Add(graph, "Sigmoid", layer.Name, [x]); break;
                default: throw new NotSupportedException($"{layer.Name}: {layer.GetType().Name} has no ONNX export.");
            }
        }
        if (!flat) x = Add(graph, "Flatten", "logits.flatten", [x], Ints("axis", 1));
        graph.Node[^1].Output[0] = "logits";
        graph.Output.Add(Value("logits", "N", model.Classes));
        var onnx = new ModelProto { IrVersion = IrVersion, ProducerName = "cnnviz", Graph = graph, DocString = model.Architecture };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return onnx;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>: a temp file in the same folder, fsync, rename.</summary>
    /// <exception cref="IOException">The folder does not exist or the file cannot be written (no temp file is left).</exception>
    public static void Write(Sequential model, string path)
    {
        byte[] bytes = ToOnnx(model).ToByteArray();
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir)) throw new DirectoryNotFoundException($"the folder {dir} does not exist; create it first or choose another path.");
        string temp = full + $".tmp{Environment.ProcessId}";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    private static string Add(GraphProto graph, string op, string name, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name + ".out");
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return name + ".out";
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        if (name == "axis") return new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = values[0] };
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) };   // little-endian float32
        t.Dims.AddRange(dims);
        return t;
    }

    private static TensorProto Int64Tensor(string name, long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        return t;
    }

    /// <summary>A float32 tensor value: the first dimension symbolic (<paramref name="batch"/>), the others fixed.</summary>
    private static ValueInfoProto Value(string name, string batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
    }
}

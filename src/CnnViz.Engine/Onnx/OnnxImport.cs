using CnnViz.Core.Tensors;
using Google.Protobuf;
using Onnx;

namespace CnnViz.Engine.Onnx;

/// <summary>
/// Reads an ONNX model that is a chain of the ops <see cref="OnnxExport"/> writes (Conv, Relu, Tanh,
/// Sigmoid, MaxPool, AveragePool, Flatten or Reshape to (N, F), Gemm; a final Softmax is dropped, since
/// CnnViz's models end in logits) into a model description and its weights, in model order.
/// Gemm may hold B as (I, O) or, as PyTorch writes it, (O, I) with transB = 1.
/// </summary>
public static class OnnxImport
{
    public sealed record Result(string Description, SampleShape Input, IReadOnlyList<float[]> Parameters, bool DroppedSoftmax);

    /// <summary>Files above this size are refused (the parameter limit is 10 M floats = 40 MB).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <exception cref="OnnxException">Missing, truncated, not ONNX, an unsupported op (named) or attribute, or not a chain.</exception>
    public static Result Read(string path)
    {
        ModelProto model;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new OnnxException(path, "no such file.");
            if (info.Length > MaxFileBytes) throw new OnnxException(path, $"{info.Length:N0} bytes, over the {MaxFileBytes >> 20} MB CnnViz reads.");
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e) { throw new OnnxException(path, $"not an ONNX model, or truncated ({e.Message})."); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new OnnxException(path, $"cannot read it: {e.Message}"); }
        if (model.Graph is null || model.Graph.Node.Count == 0 || model.IrVersion <= 0)
            throw new OnnxException(path, "not an ONNX model (no graph, no nodes or no IR version); export one with opset 13 or later.");
        try { return new Reader(model.Graph).Read(); }
        catch (FormatException e) { throw new OnnxException(path, e.Message); }
    }

    private sealed class Reader(GraphProto graph)
    {
        private readonly Dictionary<string, TensorProto> _initializers = graph.Initializer.ToDictionary(t => t.Name);
        private readonly List<string> _layers = [];
        private readonly List<float[]> _parameters = [];

        public Result Read()
        {
            var input = graph.Input.FirstOrDefault(i => !_initializers.ContainsKey(i.Name))
                ?? throw new FormatException("the graph has no input besides its weights.");
            var dims = input.Type?.TensorType?.Shape?.Dim;
            if (dims is null || dims.Count != 4 || dims.Skip(1).Any(d => d.DimValue < 1 || d.DimValue > 65536))
                throw new FormatException($"input '{input.Name}' must be (N, C, H, W) with fixed C, H, W; CnnViz trains on images.");
            var shape = new SampleShape((int)dims[1].DimValue, (int)dims[2].DimValue, (int)dims[3].DimValue);
            string x = input.Name;
            bool softmax = false;
            for (int i = 0; i < graph.Node.Count; i++)
            {
                var node = graph.Node[i];
                if (node.Input.Count == 0 || node.Input[0] != x || node.Output.Count == 0)
                    throw new FormatException($"node {i} ({node.OpType} '{node.Name}') does not take the previous node's output; CnnViz reads chains of layers only.");
                if (node.OpType == "Softmax" && i == graph.Node.Count - 1) { softmax = true; break; }
                Layer(node);
                x = node.Output[0];
            }
            return new Result(string.Join("; ", _layers), shape, _parameters, softmax);
        }

        private void Layer(NodeProto node)
        {
            switch (node.OpType)
            {
                case "Relu": case "Tanh": case "Sigmoid":
                    _layers.Add(node.OpType.ToLowerInvariant()); break;
                case "Flatten":
                    if (Int(node, "axis", 1) != 1) throw Unsupported(node, "axis other than 1");
                    _layers.Add("flatten"); break;
                case "Reshape":
                    // (N, F) is a flatten; (N, C, 1, 1) is a no-op, since CnnViz's flat C×1×1 already is a 1×1 image.
                    var target = Int64s(Weight(node, 1));
                    if (target is [_, _] && (target[0] is -1 or 0 || target[1] == -1)) _layers.Add("flatten");
                    else if (target is not [-1 or 0, > 0, 1, 1])
                        throw Unsupported(node, $"a shape of [{string.Join(", ", target)}] (only (N, features) and (N, C, 1, 1) are read)");
                    break;
                case "Conv": Conv(node); break;
                case "MaxPool": case "AveragePool": Pool(node); break;
                case "Gemm": Gemm(node); break;
                default:
                    throw new FormatException($"unsupported op '{node.OpType}' (node '{node.Name}'); CnnViz reads Conv, Relu, Tanh, Sigmoid, MaxPool, AveragePool, Flatten, Reshape, Gemm and a final Softmax.");
            }
        }

        private void Conv(NodeProto node)
        {
            var w = Weight(node, 1);
            if (w.Dims.Count != 4) throw Unsupported(node, "a weight that is not (M, C, FH, FW)");
            if (Int(node, "group", 1) != 1) throw Unsupported(node, "group > 1");
            if (Ints(node, "dilations") is { } dil && dil.Any(d => d != 1)) throw Unsupported(node, "dilations");
            if (Str(node, "auto_pad") is { } ap && ap != "NOTSET") throw Unsupported(node, $"auto_pad {ap}");
            long[] pads = Ints(node, "pads") ?? [0, 0, 0, 0], strides = Ints(node, "strides") ?? [1, 1];
            if (pads.Length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) throw Unsupported(node, "uneven padding (top ≠ bottom or left ≠ right)");
            long m = w.Dims[0];
            _parameters.Add(Floats(w));
            _parameters.Add(node.Input.Count > 2 ? Floats(Weight(node, 2)) : new float[m]);
            _layers.Add($"conv {m}@{w.Dims[2]}x{w.Dims[3]} pad {pads[0]}x{pads[1]} stride {strides[0]}x{strides[1]}");
        }

        private void Pool(NodeProto node)
        {
            long[] k = Ints(node, "kernel_shape") ?? throw Unsupported(node, "no kernel_shape");
            long[] strides = Ints(node, "strides") ?? [1, 1];   // ONNX's default stride is 1
            if (Ints(node, "pads") is { } pads && pads.Any(p => p != 0)) throw Unsupported(node, "padding");
            if (Int(node, "ceil_mode", 0) != 0) throw Unsupported(node, "ceil_mode 1");
            if (Ints(node, "dilations") is { } dil && dil.Any(d => d != 1)) throw Unsupported(node, "dilations");
            if (k.Length != 2 || strides.Length != 2) throw Unsupported(node, "a window that is not 2-D");
            _layers.Add($"{(node.OpType == "MaxPool" ? "maxpool" : "avgpool")} {k[0]}x{k[1]} stride {strides[0]}x{strides[1]}");
        }

        /// <summary>Y = X·B + C; CnnViz's Dense holds W (I, O), so B (O, I) with transB = 1 is transposed.</summary>
        private void Gemm(NodeProto node)
        {
            if (Float(node, "alpha") is not (null or 1f) || Float(node, "beta") is not (null or 1f) || Int(node, "transA", 0) != 0)
                throw Unsupported(node, "alpha, beta other than 1 or transA");
            var b = Weight(node, 1);
            if (b.Dims.Count != 2) throw Unsupported(node, "a weight that is not 2-D");
            float[] w = Floats(b);
            bool transposed = Int(node, "transB", 0) == 1;
            int rows = (int)b.Dims[0], cols = (int)b.Dims[1];
            int outputs = transposed ? rows : cols;
            if (transposed)
            {
                var t = new float[w.Length];   // (O, I) → (I, O)
                for (int o = 0; o < rows; o++) for (int i = 0; i < cols; i++) t[i * rows + o] = w[o * cols + i];
                w = t;
            }
            float[] bias = node.Input.Count > 2 ? Floats(Weight(node, 2)) : new float[outputs];
            if (bias.Length != outputs) throw Unsupported(node, $"a bias of {bias.Length} values for {outputs} outputs (broadcasting)");
            _parameters.Add(w);
            _parameters.Add(bias);
            _layers.Add($"dense {outputs}");
        }

        private TensorProto Weight(NodeProto node, int input) =>
            node.Input.Count > input && _initializers.TryGetValue(node.Input[input], out var t) ? t
                : throw new FormatException($"{node.OpType} '{node.Name}': input {input} must be a weight stored in the file (an initializer).");

        private static float[] Floats(TensorProto t)
        {
            long count = t.Dims.Aggregate(1L, (a, d) => a * d);
            if (t.DataType != (int)TensorProto.Types.DataType.Float) throw new FormatException($"weight '{t.Name}' is not float32.");
            float[] values = t.RawData.Length > 0 ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : [.. t.FloatData];
            if (values.Length != count) throw new FormatException($"weight '{t.Name}' holds {values.Length} values, its dimensions promise {count}.");
            return values;
        }

        private static long[] Int64s(TensorProto t) =>
            t.RawData.Length > 0 ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : [.. t.Int64Data];

        private static AttributeProto? Attribute(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name);
        private static long Int(NodeProto n, string name, long fallback) => Attribute(n, name)?.I ?? fallback;
        private static long[]? Ints(NodeProto n, string name) => Attribute(n, name) is { } a ? [.. a.Ints] : null;
        private static float? Float(NodeProto n, string name) => Attribute(n, name)?.F;
        private static string? Str(NodeProto n, string name) => Attribute(n, name)?.S.ToStringUtf8();

        private static FormatException Unsupported(NodeProto node, string what) =>
            new($"{node.OpType} '{node.Name}' uses {what}, which CnnViz's layers do not have.");
    }
}

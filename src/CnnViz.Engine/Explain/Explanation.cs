using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Engine.Explain;

/// <summary>What kind of arithmetic produced the explained value.</summary>
public enum ExplainKind { Convolution, MaxPool, AveragePool, Dense, Elementwise, Flatten }

/// <summary>
/// The arithmetic behind one value of one layer, read from the layer's own input, weights and output
/// (CNN Explainer's view, on live weights). Create it once for a target (e.g. on a click); <see cref="Refresh"/>
/// (internal: the owner of the forward pass calls it) recomputes it in place, allocating nothing, after each forward pass.
/// <list type="bullet">
/// <item>Convolution: the input patch x[k, y·S+s−P, x·S+t−P] (0 in the padding), the kernel w[m, k, s, t],
/// their products, Σ x·w + b = z; then the activation layer after it, if any, a = f(z).</item>
/// <item>Pooling: the window, and the winner (max; ties to the first, as MaxPool2D) or the mean.</item>
/// <item>Dense: z_j = Σ_i x_i·W[i, j] + b_j, with the largest contributions |x_i·W[i, j]| listed;
/// for the last layer also the logits and their softmax.</item>
/// </list>
/// Naming an activation layer (relu1) explains the conv or dense value under it and applies the activation.
/// Explain a model whose last forward pass used its current weights (the pinned image's probe model):
/// the training model's weights have moved on since its batch went forward.
/// </summary>
public sealed partial class Explanation
{
    /// <summary>How many dense contributions are kept, largest |x·w| first.</summary>
    public const int TopContributions = 8;

    private readonly Sequential _model;
    private readonly Layer? _activation;

    private Explanation(Sequential model, int layer, int source, int channel, int y, int x, int sample)
    {
        _model = model;
        Layer = layer;
        Source = source;
        Channel = channel;
        Y = y;
        X = x;
        Sample = sample;
        Fields = new FieldRect[layer + 1];
        var l = model.Layers[source];
        Kind = l switch
        {
            Conv2dBase => ExplainKind.Convolution,
            MaxPool2D => ExplainKind.MaxPool,
            AveragePool2D => ExplainKind.AveragePool,
            Dense => ExplainKind.Dense,
            Flatten => ExplainKind.Flatten,
            _ => ExplainKind.Elementwise,
        };
        int terms = l switch
        {
            Conv2dBase c => c.Channels * c.KernelHeight * c.KernelWidth,
            Pool2D p => p.WindowHeight * p.WindowWidth,
            Dense d => Math.Min(TopContributions, d.Inputs),
            _ => 1,
        };
        (TermChannels, TermHeight, TermWidth) = l switch
        {
            Conv2dBase c => (c.Channels, c.KernelHeight, c.KernelWidth),
            Pool2D p => (1, p.WindowHeight, p.WindowWidth),
            _ => (1, 1, terms),
        };
        SourceInputs = l.InputShape.Size;
        SourceDescription = l.Describe();
        Inputs = new float[terms];
        Weights = new float[terms];
        Products = new float[terms];
        Terms = new int[terms];
        // The activation: the asked layer itself, or (shown as what comes next) the one after a conv/dense.
        Layer? activation = Kind is ExplainKind.Elementwise || layer > source ? model.Layers[layer]
            : source + 1 < model.Layers.Count && Kind is ExplainKind.Convolution or ExplainKind.Dense ? model.Layers[source + 1] : null;
        if (activation is not null && IsActivation(activation))
        {
            _activation = activation;
            ActivationName = ActivationFormula(activation);
        }
        Logits = source == model.Layers.Count - 1 && l is Dense ? new float[model.Classes] : [];
        Probabilities = new float[Logits.Length];
        Refresh();
    }

    /// <summary>
    /// An explanation of value (channel, y, x) of layer <paramref name="layerName"/> of sample <paramref name="sample"/>;
    /// a dense or flat layer's unit u is (u, 0, 0).
    /// </summary>
    /// <exception cref="ArgumentException">No such layer, or the position is outside its output; the message says the valid range.</exception>
    public static Explanation Create(Sequential model, string layerName, int channel, int y, int x, int sample = 0)
    {
        int layer = -1;
        for (int i = 0; i < model.Layers.Count; i++) if (model.Layers[i].Name == layerName) layer = i;
        if (layer < 0)
            throw new ArgumentException($"No layer named '{layerName}'; layers: {string.Join(", ", model.Layers.Select(l => l.Name))}.");
        var shape = model.Layers[layer].OutputShape;
        if (channel < 0 || channel >= shape.C || y < 0 || y >= shape.H || x < 0 || x >= shape.W)
            throw new ArgumentException(shape.IsFlat
                ? $"{layerName} has units 0..{shape.C - 1}, got {channel}."
                : $"{layerName} is {shape} (channels × rows × columns): channel 0..{shape.C - 1}, y 0..{shape.H - 1}, x 0..{shape.W - 1}; got {channel} {y} {x}.");
        if (sample < 0 || sample >= model.Layers[layer].Output.Count)
            throw new ArgumentException($"Sample {sample} is not in the last batch (0..{model.Layers[layer].Output.Count - 1}).");
        // An activation over a conv/dense: explain the sum under it, then the activation.
        int source = layer;
        if (IsActivation(model.Layers[layer]) && layer > 0 && model.Layers[layer - 1] is Conv2dBase or Dense) source = layer - 1;
        return new Explanation(model, layer, source, channel, y, x, sample);
    }

    /// <summary>The layer asked about, and the layer whose arithmetic is shown (the conv/dense under an activation).</summary>
    public int Layer { get; }
    public int Source { get; }
    public string LayerName => _model.Layers[Layer].Name;
    public string SourceName => _model.Layers[Source].Name;
    public int Channel { get; }
    public int Y { get; }
    public int X { get; }
    public int Sample { get; }
    public ExplainKind Kind { get; }

    /// <summary>Fields[i]: the part of layer i's input the value depends on; Fields[0] is on the image.</summary>
    public FieldRect[] Fields { get; }

    /// <summary>
    /// The terms: convolution (C·FH·FW, in (k, s, t) order) patch values, kernel weights and products; pooling:
    /// the window (weights unused); dense: the largest contributions, Terms[i] holding the input index.
    /// </summary>
    public float[] Inputs { get; }
    public float[] Weights { get; }
    public float[] Products { get; }
    public int[] Terms { get; }

    /// <summary>How the terms are laid out: convolution (C, FH, FW), pooling (1, PH, PW), dense (1, 1, listed).</summary>
    public int TermChannels { get; }
    public int TermHeight { get; }
    public int TermWidth { get; }

    /// <summary>Values in one sample of the source layer's input (a dense layer's I).</summary>
    public int SourceInputs { get; }

    /// <summary>The source layer in one line, e.g. "conv1: Conv2d 6@5×5 pad 2 → 6×28×28".</summary>
    public string SourceDescription { get; }

    /// <summary>Convolution and dense: Σ x·w (over all terms, not only those listed), and the bias.</summary>
    public double Sum { get; private set; }
    public float Bias { get; private set; }

    /// <summary>Max pool: which term won (first maximum in row-major order).</summary>
    public int Winner { get; private set; }

    /// <summary>The recomputed value of the source layer (z = Σ + b, the max, the mean, the copied unit; an activation on its own: its input).</summary>
    public float Computed { get; private set; }

    /// <summary>The asked layer's own output at the position, to compare with <see cref="Value"/>.</summary>
    public float Actual { get; private set; }

    /// <summary>The activation applied to <see cref="Computed"/> (null: none) and its result a = f(z).</summary>
    public string? ActivationName { get; }
    public float Activated { get; private set; }

    /// <summary>What the asked layer holds at the position: <see cref="Activated"/> when the asked layer is the activation, else <see cref="Computed"/>.</summary>
    public float Value => Layer > Source || Kind is ExplainKind.Elementwise ? Activated : Computed;

    /// <summary>The last layer: every logit and its softmax probability (empty for other layers).</summary>
    public float[] Logits { get; }
    public float[] Probabilities { get; }

    /// <summary>Recomputes everything from the layers' current buffers (after a forward pass). Allocates nothing.</summary>
    internal void Refresh()
    {
        ReceptiveField.Compute(_model, Layer, Channel, Y, X, Fields);
        var l = _model.Layers[Source];
        switch (l)
        {
            case Conv2dBase conv: RefreshConvolution(conv); break;
            case MaxPool2D or AveragePool2D: RefreshPool((Pool2D)l); break;
            case Dense dense: RefreshDense(dense); break;
            case Flatten: RefreshCopy(l, Channel); break;
            default: RefreshCopy(l, At(l.InputShape)); break;
        }
        var asked = _model.Layers[Layer];
        Actual = asked.Output.Data[Sample * asked.OutputShape.Size + At(asked.OutputShape)];
        if (_activation is not null) Activated = Activate(_activation, Computed);
        if (Logits.Length > 0)
        {
            int n = Sample * Logits.Length;
            l.Output.Data.AsSpan(n, Logits.Length).CopyTo(Logits);
            SoftmaxCrossEntropy.Softmax(Logits, Probabilities, out _);   // p_k = e^z_k / Σ_j e^z_j (the one softmax)
        }
    }

    private int At(Core.Tensors.SampleShape s) => (Channel * s.H + Y) * s.W + X;

    private static bool IsActivation(Layer l) => l is ReLU or Tanh or Sigmoid;

    private static string ActivationFormula(Layer l) => l switch
    {
        ReLU => $"{l.Name}: max(0, z)",
        Tanh => $"{l.Name}: tanh(z)",
        _ => $"{l.Name}: 1/(1+e^-z)",
    };

    /// <summary>The activation's formula, written out (the layers compute the same with TensorPrimitives).</summary>
    private static float Activate(Layer l, float z) => l switch
    {
        ReLU => MathF.Max(0, z),
        Tanh => MathF.Tanh(z),
        _ => 1f / (1f + MathF.Exp(-z)),
    };

}

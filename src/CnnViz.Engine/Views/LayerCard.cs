using System.Globalization;
using CnnViz.Core.Layers;

namespace CnnViz.Engine.Views;

/// <summary>
/// The text of one layer's card (ConvNetJS prints the same under each layer), computed once per model:
/// <code>
/// conv1  Conv2d 6@5×5, pad 2, stride 1
/// params 6·(1·5·5) + 6 = 156
/// out    (28 + 2·2 − 5)/1 + 1 = 28   → 6×28×28
/// shown  after relu1: max(0, z)
/// </code>
/// The range of the values on screen changes every step: <see cref="Range"/> finds it without allocating.
/// </summary>
public sealed record LayerCard(string Name, string Type, string Parameters, string OutputSize, string Shown)
{
    private static string N(int v) => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The card of <paramref name="layer"/>; <paramref name="next"/> (the layer after it, or null) says whether its maps are shown after an activation.</summary>
    public static LayerCard For(Layer layer, Layer? next)
    {
        var input = layer.InputShape;
        var output = layer.OutputShape;
        string shape = $"→ {output}";
        string shown = next is not null && IsActivation(next) && layer.ParameterCount > 0
            ? $"shown after {next.Name}: {Formula(next)}"
            : IsActivation(layer) ? $"{Formula(layer)}, element by element" : "shown as computed";
        return layer switch
        {
            Conv2dBase c => new LayerCard(layer.Name,
                $"Conv2d {c.Filters}@{c.KernelHeight}×{c.KernelWidth}, pad {Pair(c.PadHeight, c.PadWidth)}, stride {Pair(c.StrideHeight, c.StrideWidth)}",
                $"{c.Filters}·({c.Channels}·{c.KernelHeight}·{c.KernelWidth}) + {c.Filters} = {N(layer.ParameterCount)}",
                Axes(input.H, input.W, c.KernelHeight, c.KernelWidth, c.PadHeight, c.PadWidth, c.StrideHeight, c.StrideWidth, output.H, output.W) + "  " + shape,
                shown),
            Pool2D p => new LayerCard(layer.Name,
                $"{(p is MaxPool2D ? "MaxPool2D" : "AvgPool2D")} {p.WindowHeight}×{p.WindowWidth}, stride {Pair(p.StrideHeight, p.StrideWidth)}",
                $"no parameters ({(p is MaxPool2D ? "max" : "mean")} of each window)",
                Axes(input.H, input.W, p.WindowHeight, p.WindowWidth, 0, 0, p.StrideHeight, p.StrideWidth, output.H, output.W) + "  " + shape,
                shown),
            Dense d => new LayerCard(layer.Name,
                $"Dense {d.Inputs} → {d.Outputs}",
                $"{d.Inputs}·{d.Outputs} + {d.Outputs} = {N(layer.ParameterCount)}",
                $"z = x·W + b: {d.Outputs} units",
                shown),
            // lenet5-1998's own layers (LeCun et al. 1998, §II-B).
            MaskedConv2d m => new LayerCard(layer.Name,
                $"MaskedConv2d {output.C}@{KernelSide(m)}, Table I: {Pairs(m)} of {input.C * output.C} map pairs (T: the table)",
                $"{Pairs(m)}·{m.Weights.Length / (input.C * output.C)} + {output.C} = {N(m.TrainableCount)} trained ({N(layer.ParameterCount)} stored)",
                $"{input.H} − {input.H - output.H} = {output.H}  {shape}", shown),
            Subsampling => new LayerCard(layer.Name, "Subsampling 2×2: y = w·(sum of the window) + b, per map",
                $"{input.C}·(w + b) = {N(layer.ParameterCount)}", $"{input.H}/2 = {output.H}  {shape}", shown),
            ScaledTanh => new LayerCard(layer.Name, "ScaledTanh", "no parameters", $"same size as its input {shape}", $"{Formula(layer)}, element by element"),
            PaperInput p => new LayerCard(layer.Name, $"PaperInput: pad {p.Pad}, ink {PaperInput.Foreground}, paper {PaperInput.Background}", "no parameters",
                $"{input.H} + 2·{p.Pad} = {output.H}  {shape}", "x·1.275 − 0.1 (mean ≈ 0, variance ≈ 1)"),
            EuclideanRbf e => new LayerCard(layer.Name, $"EuclideanRbf: {e.Classes} fixed ±1 codes of {e.Dimensions}", "no parameters (the codes are fixed)",
                $"y_i = ‖x − w_i‖², shown −y_i  {shape}", "nearest code = the guess"),
            Flatten => new LayerCard(layer.Name, "Flatten", "no parameters",
                $"{input.C}·{input.H}·{input.W} = {N(output.C)} values in a row", "same values, one vector"),
            _ => new LayerCard(layer.Name, layer.GetType().Name, "no parameters", $"same size as its input {shape}", shown),
        };
    }

    /// <summary>Cards for every layer of a model, in order.</summary>
    public static LayerCard[] For(IReadOnlyList<Layer> layers)
    {
        var cards = new LayerCard[layers.Count];
        for (int i = 0; i < cards.Length; i++) cards[i] = For(layers[i], i + 1 < layers.Count ? layers[i + 1] : null);
        return cards;
    }

    /// <summary>The activation as a formula: "max(0, z)", "tanh(z)", "1/(1+e^-z)".</summary>
    /// <summary>The element-wise squashing layers (the rows show a weighted layer's maps after them).</summary>
    private static bool IsActivation(Layer layer) => layer is ReLU or Tanh or Sigmoid or ScaledTanh;

    public static string Formula(Layer activation) => activation switch
    {
        ReLU => "max(0, z)",
        Tanh => "tanh(z)",
        Sigmoid => "1/(1+e^-z)",
        ScaledTanh => "1.7159·tanh(2z/3)",
        _ => activation.GetType().Name,
    };

    private static int Pairs(MaskedConv2d m)
    {
        int pairs = 0;
        for (int k = 0; k < m.InputShape.C; k++)
            for (int o = 0; o < m.OutputShape.C; o++) if (m.Connected(k, o)) pairs++;
        return pairs;
    }

    private static string KernelSide(MaskedConv2d m)
    {
        int side = (int)Math.Round(Math.Sqrt(m.Weights.Length / (m.InputShape.C * m.OutputShape.C)));
        return $"{side}×{side}";
    }

    private static string Pair(int h, int w) => h == w ? $"{h}" : $"{h}×{w}";

    /// <summary>
    /// The assignment's output-size formula with the numbers in, once when both axes agree:
    /// out = ⌊(in + 2·pad − filter)/stride⌋ + 1 (the floor is written only when the division is not exact).
    /// </summary>
    private static string Axes(int h, int w, int fh, int fw, int ph, int pw, int sh, int sw, int oh, int ow)
    {
        string rows = Axis(h, fh, ph, sh, oh);
        if (h == w && fh == fw && ph == pw && sh == sw) return rows;
        return $"H {rows}; W {Axis(w, fw, pw, sw, ow)}";
    }

    private static string Axis(int input, int filter, int pad, int stride, int output)
    {
        string inner = pad == 0 ? $"{input} − {filter}" : $"{input} + 2·{pad} − {filter}";
        bool exact = (input + 2 * pad - filter) % stride == 0;
        return exact ? $"({inner})/{stride} + 1 = {output}" : $"⌊({inner})/{stride}⌋ + 1 = {output}";
    }

    /// <summary>(min, max) of <paramref name="values"/> ((0, 0) when empty), for the card's "values shown" line.</summary>
    public static (float Min, float Max) Range(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return (0, 0);
        return (System.Numerics.Tensors.TensorPrimitives.Min(values), System.Numerics.Tensors.TensorPrimitives.Max(values));
    }

    /// <summary>The card as lines, for a console: name and type, parameters, output size, what is shown.</summary>
    public override string ToString() => $"{Name}: {Type}\n  params {Parameters}\n  out    {OutputSize}\n  {Shown}";
}

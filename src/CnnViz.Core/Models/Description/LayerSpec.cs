using CnnViz.Core.Initializers;
using CnnViz.Core.Layers;

namespace CnnViz.Core.Models.Description;

/// <summary>
/// One parsed line of a model description: which layer, its options, and where it was written
/// (for error messages). <see cref="Create"/> makes a fresh, unbuilt layer each time.
/// </summary>
/// <param name="Kind">conv, dense, maxpool, avgpool, relu, tanh, sigmoid or flatten.</param>
/// <param name="Size">conv: filters; dense: outputs (0 = as many as the data has classes); pools: unused.</param>
/// <param name="Kernel">conv kernel or pool window (height, width).</param>
/// <param name="Pad">conv zero padding (height, width).</param>
/// <param name="Stride">conv or pool stride (height, width); null: conv 1, pool the window.</param>
/// <param name="Init">he, xavier or simple (σ in <paramref name="Sigma"/>); null: the layer's default (He).</param>
public sealed record LayerSpec(string Kind, int Size, (int H, int W) Kernel, (int H, int W) Pad, (int H, int W)? Stride,
    string? Init, double Sigma, int Line, int Column)
{
    /// <summary>The layer, named <paramref name="name"/>; a dense layer of size 0 gets <paramref name="classes"/> outputs.</summary>
    public Layer Create(string name, int classes) => Kind switch
    {
        "conv" => new Conv2d(Size, Kernel, Pad, Stride ?? (1, 1), Initializer(), name: name),
        "dense" => new Dense(Size == 0 ? classes : Size, Initializer(), name: name),
        "maxpool" => new MaxPool2D(Kernel, Stride, name),
        "avgpool" => new AveragePool2D(Kernel, Stride, name),
        "relu" => new ReLU(name),
        "tanh" => new Tanh(name),
        "sigmoid" => new Sigmoid(name),
        "flatten" => new Flatten(name),
        _ => throw new InvalidOperationException($"unknown layer kind {Kind}"),
    };

    private Initializer? Initializer() => Init switch
    {
        null => null,
        "he" => new HeInitializer(),
        "xavier" => new XavierInitializer(),
        _ => new SimpleInitializer(Sigma),
    };

    /// <summary>The canonical text, e.g. "conv 6@5x5 pad 2", "maxpool 2 stride 1", "dense classes init xavier".</summary>
    public override string ToString()
    {
        string text = Kind switch
        {
            "conv" => $"conv {Size}@{Kernel.H}x{Kernel.W}" + (Pad == (0, 0) ? "" : $" pad {Pair(Pad)}"),
            "dense" => Size == 0 ? "dense classes" : $"dense {Size}",
            "maxpool" or "avgpool" => $"{Kind} {Pair(Kernel)}",
            _ => Kind,
        };
        if (Stride is { } s) text += $" stride {Pair(s)}";
        if (Init is not null) text += Init == "simple" ? $" init simple:{Sigma.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $" init {Init}";
        return text;
    }

    private static string Pair((int H, int W) p) => p.H == p.W ? $"{p.H}" : $"{p.H}x{p.W}";
}

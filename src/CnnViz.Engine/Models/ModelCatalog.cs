using CnnViz.Core.Models;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Models;

/// <summary>The architectures the app can train, by their command-line names.</summary>
public static class ModelCatalog
{
    /// <summary>"simple" (assignment problem 6), "lenet5" (modern: ReLU, max pool), "lenet5-classic" (tanh, average pool),
/// "lenet5-1998" (the paper's network, RBF output; LeNet1998) and "lenet5-1998-softmax" (the same with a dense softmax output).</summary>
    public static readonly IReadOnlyList<string> Names = ["simple", "lenet5", "lenet5-classic", "lenet5-1998", "lenet5-1998-softmax"];

    public const string Default = "lenet5";

    /// <summary>The spec for <paramref name="name"/>, for images of <paramref name="input"/> and <paramref name="classes"/> classes.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static ModelSpec Get(string name, SampleShape? input = null, int classes = 10) => name switch
    {
        "simple" => new(name, () => SimpleCnn.Create(input, classes: classes)),
        "lenet5" => new(name, () => LeNet5.Modern(input, classes)),
        "lenet5-classic" => new(name, () => LeNet5.Classic1998(input, classes)),
        "lenet5-1998" => new(name, () => LeNet1998.Create(input, classes)),
        "lenet5-1998-softmax" => new(name, () => LeNet1998.Create(input, classes, softmax: true)),
        _ => throw new ArgumentException($"Unknown model '{name}'; choose one of: {string.Join(", ", Names)}."),
    };
}

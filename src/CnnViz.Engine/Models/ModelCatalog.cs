using CnnViz.Core.Models;
using CnnViz.Core.Models.Description;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Models;

/// <summary>
/// The architectures the app can train: the built-in ones by name, written in the model description
/// language (<see cref="ModelDescription"/>), or any description given as text.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Built-in models: name → description. Each builds exactly the Core type named in its comment.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> BuiltIn =
    [
        // SimpleCnn.Create: assignment problem 6.
        ("simple", "conv 8@3x3 pad 1; relu; maxpool 2; flatten; dense classes"),
        // LeNet5.Modern: ReLU, max pooling, He initialization.
        ("lenet5", "conv 6@5x5 pad 2; relu; maxpool 2; conv 16@5x5; relu; maxpool 2; flatten; dense 120; relu; dense 84; relu; dense classes"),
        // LeNet5.Classic1998: tanh, average pooling, Xavier initialization.
        ("lenet5-classic", "conv 6@5x5 pad 2 init xavier; tanh; avgpool 2; conv 16@5x5 init xavier; tanh; avgpool 2; flatten; "
            + "dense 120 init xavier; tanh; dense 84 init xavier; tanh; dense classes init xavier"),
    ];

    /// <summary>Models built in code because their layers (trainable subsampling, a C3 channel mask, RBF units) are not
    /// in the description language: "lenet5-1998" (the paper's network, RBF output; LeNet1998) and
    /// "lenet5-1998-softmax" (the same with a dense softmax output).</summary>
    public static readonly IReadOnlyList<(string Name, Func<SampleShape?, int, Sequential> Create)> CodeBuilt =
    [
        ("lenet5-1998", (input, classes) => LeNet1998.Create(input, classes)),
        ("lenet5-1998-softmax", (input, classes) => LeNet1998.Create(input, classes, softmax: true)),
    ];

    /// <summary>Every built-in name: the described ones, then the code-built ones.</summary>
    public static readonly IReadOnlyList<string> Names = [.. BuiltIn.Select(m => m.Name), .. CodeBuilt.Select(m => m.Name)];

    public const string Default = "lenet5";

    /// <summary>
    /// The spec for a built-in <paramref name="nameOrDescription"/> or a model description, for images of
    /// <paramref name="input"/> (default 1×28×28) and <paramref name="classes"/> classes. A custom model's
    /// spec is named by its canonical description, so a checkpoint of it can be resumed and exported alone.
    /// </summary>
    /// <exception cref="ModelDescriptionException">Not a built-in name and not a description that parses and fits;
    /// the message names the line and column (and for an unknown single word, the built-in names).</exception>
    public static ModelSpec Get(string nameOrDescription, SampleShape? input = null, int classes = 10)
    {
        var shape = input ?? LeNet5.MnistShape;
        var coded = CodeBuilt.FirstOrDefault(m => m.Name == nameOrDescription).Create;
        if (coded is not null) return new ModelSpec(nameOrDescription, () => coded(input, classes));
        string? builtIn = BuiltIn.FirstOrDefault(m => m.Name == nameOrDescription).Description;
        ModelDescription description;
        try { description = ModelDescription.Parse(builtIn ?? nameOrDescription); }
        catch (ModelDescriptionException e) when (IsSingleWord(nameOrDescription))
        {
            throw new ModelDescriptionException($"unknown model '{nameOrDescription.Trim()}': not a built-in ({string.Join(", ", Names)}), not a file, and not a model description ({e.Message}).");
        }
        description.Check(shape, classes);
        return new ModelSpec(builtIn is null ? description.Text : nameOrDescription, () => description.Create(shape, classes));
    }

    private static bool IsSingleWord(string text) => text.Trim().Length > 0 && !text.Trim().Any(c => char.IsWhiteSpace(c) || c == ';');
}

using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models.Description;

/// <summary>
/// A network written as text, one layer per line or ';'-separated (grammar: <see cref="DescriptionParser"/>):
/// <code>
/// var d = ModelDescription.Parse("conv 8@3x3 pad 1; relu; maxpool 2; flatten; dense classes");
/// d.Check(new SampleShape(1, 28, 28), classes: 10);   // shapes and size, errors name line and column
/// Sequential model = d.Create(new SampleShape(1, 28, 28), classes: 10);
/// </code>
/// Layers are named as the built-in models name them: conv1, relu1, pool1, flatten, fc1, … (so a
/// description of LeNet-5 gives exactly <see cref="LeNet5.Modern"/>, and loads its checkpoints).
/// </summary>
public sealed class ModelDescription
{
    /// <summary>Models with more trainable parameters than this are refused (40 MB of weights, ×3–4 with gradients and Adam's state).</summary>
    public const long MaxParameters = 10_000_000;

    /// <summary>A layer whose output holds more numbers than this per image is refused (×4 bytes × batch size each for output and gradient).</summary>
    public const long MaxActivationsPerImage = 4_000_000;

    private readonly List<LayerSpec> _layers;

    private ModelDescription(List<LayerSpec> layers) => _layers = layers;

    /// <exception cref="ModelDescriptionException">Syntax error, unknown layer or option, bad value (line and column in the message).</exception>
    public static ModelDescription Parse(string text) => new(DescriptionParser.Parse(text));

    public IReadOnlyList<LayerSpec> Layers => _layers;

    /// <summary>The canonical one-line form, e.g. "conv 8@3x3 pad 1; relu; maxpool 2; flatten; dense classes".</summary>
    public string Text => string.Join("; ", _layers);

    public override string ToString() => Text;

    /// <summary>A fresh, unbuilt model for images of <paramref name="input"/> and <paramref name="classes"/> classes.</summary>
    public Sequential Create(SampleShape input, int classes)
    {
        var counts = new Dictionary<string, int>();
        int flattens = _layers.Count(l => l.Kind == "flatten");
        var layers = new Layer[_layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            string prefix = _layers[i].Kind switch { "dense" => "fc", "maxpool" or "avgpool" => "pool", var k => k };
            int n = counts[prefix] = counts.GetValueOrDefault(prefix) + 1;
            layers[i] = _layers[i].Create(prefix == "flatten" && flattens == 1 ? "flatten" : $"{prefix}{n}", classes);
        }
        return new Sequential(input, layers);
    }

    /// <summary>
    /// Checks, without allocating, that every layer fits the previous one's output, that the last layer
    /// gives <paramref name="classes"/> flat scores, and that the model stays under <see cref="MaxParameters"/>
    /// and <see cref="MaxActivationsPerImage"/>. Returns the parameter count.
    /// </summary>
    /// <exception cref="ModelDescriptionException">"line 1, column 28: conv2: a 5×5 kernel does not fit a 6×4×4 input; …".</exception>
    public long Check(SampleShape input, int classes)
    {
        var model = Create(input, classes);
        SampleShape shape = input;
        long parameters = 0;
        for (int i = 0; i < _layers.Count; i++)
        {
            var (layer, spec) = (model.Layers[i], _layers[i]);
            SampleShape output;
            try { output = layer.OutputShapeFor(shape); }
            catch (ShapeException e) { throw ModelDescriptionException.At(spec.Line, spec.Column, e.Message); }
            parameters += layer switch
            {
                Conv2dBase c => (long)c.Filters * shape.C * c.KernelHeight * c.KernelWidth + c.Filters,   // W (M, C, FH, FW) + b (M)
                Dense d => (long)shape.C * d.Outputs + d.Outputs,                                         // W (I, O) + b (O)
                _ => 0,
            };
            if (parameters > MaxParameters)
                throw ModelDescriptionException.At(spec.Line, spec.Column, $"{layer.Name}: the model reaches {parameters:N0} parameters here, over the limit of {MaxParameters:N0}; use fewer filters or outputs, or shrink the image before this layer.");
            long size = (long)output.C * output.H * output.W;
            if (size > MaxActivationsPerImage)
                throw ModelDescriptionException.At(spec.Line, spec.Column, $"{layer.Name}: its output {output} holds {size:N0} numbers per image, over the limit of {MaxActivationsPerImage:N0}; use fewer filters, a stride, or pool before it.");
            shape = output;
        }
        var last = _layers[^1];
        if (!shape.IsFlat)
            throw ModelDescriptionException.At(last.Line, last.Column, $"{model.Layers[^1].Name}: the last layer must output flat class scores (K×1×1), got {shape}; end the model with 'flatten; dense classes'.");
        if (shape.C != classes)
            throw ModelDescriptionException.At(last.Line, last.Column, $"{model.Layers[^1].Name}: the model ends in {shape.C} scores, but the data has {classes} classes; end it with 'dense {classes}' or 'dense classes'.");
        return parameters;
    }
}

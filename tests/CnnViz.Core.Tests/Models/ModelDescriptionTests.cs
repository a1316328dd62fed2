using CnnViz.Core.Initializers;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Models.Description;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests.Models;

public sealed class ModelDescriptionTests
{
    private static readonly SampleShape Mnist = new(1, 28, 28);

    private static string ErrorOf(string text, SampleShape? input = null, int classes = 10) =>
        Assert.Throws<ModelDescriptionException>(() => ModelDescription.Parse(text).Check(input ?? Mnist, classes)).Message;

    [Fact]
    public void Parse_EveryOption_BuildsTheSameLayersAsTheConstructors()
    {
        var d = ModelDescription.Parse("""
            conv 4@2x5 pad 1x0 stride 2x1 init xavier   # per-axis kernel, padding and stride
            sigmoid
            maxpool 3x2 stride 1 ; avgpool 2
            tanh; conv 3@1x1 init simple:0.05
            relu
            flatten
            dense 7 init he
            dense classes
            """);
        var direct = new Sequential(new SampleShape(2, 11, 13),
            new Conv2d(4, (2, 5), (1, 0), (2, 1), new XavierInitializer(), name: "conv1"), new Sigmoid("sigmoid1"),
            new MaxPool2D((3, 2), (1, 1), "pool1"), new AveragePool2D(2, name: "pool2"), new Tanh("tanh1"),
            new Conv2d(3, 1, initializer: new SimpleInitializer(0.05), name: "conv2"), new ReLU("relu1"),
            new Flatten("flatten"), new Dense(7, new HeInitializer(), name: "fc1"), new Dense(5, name: "fc2"));
        var parsed = d.Create(new SampleShape(2, 11, 13), classes: 5);
        Assert.Equal(direct.Architecture, parsed.Architecture);
        direct.Build(2, new Rng(4), new SGD(0.1f));
        parsed.Build(2, new Rng(4), new SGD(0.1f));
        Assert.Equal(direct.Parameters.Select(p => p.Value), parsed.Parameters.Select(p => p.Value));   // same initializers, same order
        Assert.Equal(direct.ParameterCount, d.Check(new SampleShape(2, 11, 13), 5));
        Assert.Equal("conv 4@2x5 pad 1x0 stride 2x1 init xavier; sigmoid; maxpool 3x2 stride 1; avgpool 2; tanh; conv 3@1x1 init simple:0.05; relu; flatten; dense 7 init he; dense classes", d.Text);
        Assert.Equal(d.Text, ModelDescription.Parse(d.Text).Text);   // the canonical text reads back as itself
    }

    [Fact]
    public void Create_NamesLayersLikeTheBuiltInModels() =>
        Assert.Equal(LeNet5.Modern().Architecture, ModelDescription.Parse(
            "conv 6@5x5 pad 2; relu; maxpool 2; conv 16@5x5; relu; maxpool 2; flatten; dense 120; relu; dense 84; relu; dense classes")
            .Create(Mnist, 10).Architecture);

    [Theory]
    [InlineData("conv 8@3x3; relu; conc 3", "line 1, column 19: unknown layer 'conc'; the layers are conv, dense")]
    [InlineData("conv 8@3x3\nrelu\n  maxpool 2 strde 1", "line 3, column 13: maxpool has no option 'strde'; its options are stride.")]
    [InlineData("conv 8@3x3 pad", "line 1, column 12: 'pad' needs a value")]
    [InlineData("conv 8@3x3 pad a", "line 1, column 16: the padding must be a whole number, got 'a'.")]
    [InlineData("conv 8@3xq", "line 1, column 10: the kernel must be a whole number, got 'q'.")]
    [InlineData("conv 8", "line 1, column 6: conv takes FILTERS@KERNEL, e.g. 'conv 8@3x3', got '8'.")]
    [InlineData("conv", "line 1, column 1: conv needs filters and a kernel")]
    [InlineData("conv 0@3x3", "line 1, column 6: the number of filters must be in 1..65536, got 0.")]
    [InlineData("relu 3", "line 1, column 6: relu takes no options, got '3'.")]
    [InlineData("conv 8@3x3 pad 1 pad 2", "line 1, column 18: 'pad' is given twice.")]
    [InlineData("dense 10 init glorot", "line 1, column 15: init takes he, xavier, simple or simple:σ")]
    [InlineData("# only a comment\n ; ;", "the model description has no layers")]
    public void Parse_SyntaxErrors_NameLineAndColumn(string text, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<ModelDescriptionException>(() => ModelDescription.Parse(text)).Message);

    [Fact]
    public void Check_ImpossibleShape_NamesLineLayerAndShapes() =>
        Assert.StartsWith("line 2, column 1: conv2: a 5×5 kernel does not fit a 6×4×4 input",
            ErrorOf("conv 6@5x5; maxpool 6\nconv 16@5x5; flatten; dense classes"));

    [Fact]
    public void Check_DenseBeforeFlatten_SaysToFlatten() =>
        Assert.Contains("fc1: a dense layer takes flat samples (F×1×1), got 8×28×28; put a Flatten before it.", ErrorOf("conv 8@3x3 pad 1; dense 10"));

    [Fact]
    public void Check_WrongNumberOfClasses_SaysWhatToWrite() =>
        Assert.Equal("line 1, column 10: fc1: the model ends in 12 scores, but the data has 10 classes; end it with 'dense 10' or 'dense classes'.",
            ErrorOf("flatten; dense 12"));

    [Fact]
    public void Check_NotEndingFlat_SaysHowToEnd() =>
        Assert.Contains("the last layer must output flat class scores", ErrorOf("conv 10@27x27"));

    [Fact]
    public void Check_OverTheParameterLimit_RefusedBeforeAllocating()
    {
        // 784 × 20,000 weights = 15.7 M parameters, over the 10 M limit: refused from the shapes alone.
        string message = ErrorOf("flatten; dense 20000; dense classes");
        Assert.StartsWith("line 1, column 10: fc1: the model reaches 15,700,000 parameters here, over the limit of 10,000,000", message);
    }

    [Fact]
    public void Check_HugeActivation_Refused() =>
        Assert.Contains("holds 51,380,224 numbers per image, over the limit", ErrorOf("conv 65536@1x1; flatten; dense classes"));
}

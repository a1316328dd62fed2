using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class LeNet5Tests
{
    [Fact]
    public void LeNet5Modern_Has61706Parameters_AndTheTextbookShapes()
    {
        var model = LeNet5.Modern().Build(1, new Rng(0), new SGD());
        Assert.Equal(61_706, model.ParameterCount);
        Assert.Equal(156, model["conv1"].ParameterCount);        // 6·1·5·5 + 6
        Assert.Equal(2_416, model["conv2"].ParameterCount);      // 16·6·5·5 + 16
        Assert.Equal(48_120, model["fc1"].ParameterCount);       // 400·120 + 120
        Assert.Equal(10_164, model["fc2"].ParameterCount);       // 120·84 + 84
        Assert.Equal(850, model["fc3"].ParameterCount);          // 84·10 + 10
        Assert.Equal(new SampleShape(6, 28, 28), model["conv1"].OutputShape);
        Assert.Equal(new SampleShape(6, 14, 14), model["pool1"].OutputShape);
        Assert.Equal(new SampleShape(16, 10, 10), model["conv2"].OutputShape);
        Assert.Equal(new SampleShape(16, 5, 5), model["pool2"].OutputShape);
        Assert.Equal(SampleShape.Flat(400), model["flatten"].OutputShape);
        Assert.Equal(10, model.Classes);
        Assert.IsType<ReLU>(model["relu1"]);
        Assert.IsType<MaxPool2D>(model["pool2"]);
    }

    [Fact]
    public void LeNet5Classic1998_UsesTanhAndAveragePooling_WithTheSameParameterCount()
    {
        var model = LeNet5.Classic1998().Build(1, new Rng(0), new SGD());
        Assert.Equal(61_706, model.ParameterCount);
        Assert.IsType<Tanh>(model["tanh1"]);
        Assert.IsType<AveragePool2D>(model["pool1"]);
        Assert.IsType<AveragePool2D>(model["pool2"]);
        Assert.Equal(new SampleShape(16, 5, 5), model["pool2"].OutputShape);
    }

    [Fact]
    public void SimpleCnn_IsTheProblem6Net()
    {
        var model = SimpleCnn.Create().Build(1, new Rng(0), new SGD());
        Assert.Equal(["conv1", "relu1", "pool1", "flatten", "fc1"], model.Layers.Select(l => l.Name));
        Assert.Equal(new SampleShape(8, 14, 14), model["pool1"].OutputShape);
        Assert.Equal(8 * 9 + 8 + 1568 * 10 + 10, model.ParameterCount);
    }

    // Whole-model checks (see ModelGradientCheck): the float model's Backward against central differences
    // (h = 1e-6) of an independent double-precision forward pass, on the real 1×28×28 input, batch 2,
    // 24 coordinates of every tensor. The numeric side is good to ≈ 1e-9; what remains is the float
    // rounding of Backward itself: its sums run over up to 1,568 terms per coordinate, about 1e-6 relative.
    // Measured: the largest difference is 5.3e-7 (conv1.W of Modern, gradients there ≈ 0.02–0.1), others
    // ≤ 2e-7. Tolerance 5e-6 + 1e-4·|numeric| leaves a 10× margin for other CPUs' vector widths (which
    // change summation order), and is thousands of times smaller than any real mistake.
    private const double ModelAtol = 5e-6, ModelRtol = 1e-4;

    [Fact]
    public void LeNet5ModernBackward_MatchesNumericalGradient_OnEveryLayer() =>
        ModelGradientCheck.Check(LeNet5.Modern(), batch: 2, perTensor: 24, ModelAtol, ModelRtol);

    [Fact]
    public void LeNet5Classic1998Backward_MatchesNumericalGradient_OnEveryLayer() =>
        ModelGradientCheck.Check(LeNet5.Classic1998(), batch: 2, perTensor: 24, ModelAtol, ModelRtol);

    [Fact]
    public void SimpleCnnBackward_MatchesNumericalGradient_OnEveryLayer() =>
        ModelGradientCheck.Check(SimpleCnn.Create(new SampleShape(1, 12, 10)), batch: 3, perTensor: 40, ModelAtol, ModelRtol);
}

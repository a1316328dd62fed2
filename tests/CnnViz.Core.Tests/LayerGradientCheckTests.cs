using CnnViz.Core.Checking;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>The app's gradcheck (<see cref="LayerGradientCheck"/>): passes on every real layer, and can fail.</summary>
public class LayerGradientCheckTests
{
    public static TheoryData<string> Models() => ["simple", "lenet5", "lenet5-classic"];

    /// <summary>A model after ForwardLoss + Backward on a random batch, with dX computed for every layer.</summary>
    private static Sequential Trained(string name, int batch = 2)
    {
        var model = (name switch { "simple" => SimpleCnn.Create(), "lenet5" => LeNet5.Modern(), _ => LeNet5.Classic1998() })
            .Build(batch, new Rng(3), new SGD());
        foreach (var layer in model.Layers) layer.NeedsInputGrad = true;
        var rng = new Rng(5);
        var x = new Batch(model.InputShape, batch);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)rng.NextDouble();
        int[] labels = [.. Enumerable.Range(0, batch).Select(_ => rng.NextInt(10))];
        model.ForwardLoss(x, labels);
        model.Backward();
        return model;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryLayerOfTheBuiltInModels_Passes_InDoublePrecision(string name)
    {
        var model = Trained(name);
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var report = LayerGradientCheck.Run(model, i);
            string text = string.Join("\n", report.Lines());
            Assert.True(report.Passed, text);
            Assert.True(report.Double, text);
            Assert.All(report.Tensors, t => Assert.NotEmpty(t.Coordinates));
            Assert.Contains(report.Tensors, t => !t.AllZero);   // something non-trivial was compared
        }
    }

    [Fact]
    public void ACorruptedWeightGradient_Fails_AndNamesTheTensor()
    {
        var model = Trained("lenet5");
        var conv2 = (Conv2d)model["conv2"];
        for (int i = 0; i < conv2.Weights.Length; i++) conv2.Weights.Grad[i] *= 1.05f;   // a backward 5% off
        var report = LayerGradientCheck.Run(model, model.Layers.ToList().IndexOf(conv2));
        Assert.False(report.Passed);
        Assert.False(report.Tensors.Single(t => t.Name == "dW").Passed);
        Assert.True(report.Tensors.Single(t => t.Name == "db").Passed);
        Assert.Contains(report.Lines(), l => l.Contains("dW") && l.EndsWith("FAIL"));
        Assert.Equal("gradcheck conv2: FAIL", report.Lines()[^1]);
    }

    [Fact]
    public void ACorruptedInputGradientOfAPool_Fails()
    {
        var model = Trained("lenet5");
        int pool1 = model.Layers.ToList().FindIndex(l => l.Name == "pool1");
        Span<float> dx = model.Layers[pool1].InputGrad.Span;
        for (int i = 0; i < dx.Length; i++) dx[i] += 0.01f;
        Assert.False(LayerGradientCheck.Run(model, pool1).Tensors.Single(t => t.Name == "dX").Passed);
    }

    [Fact]
    public void ALayerWithAWrongBackward_Fails_AndTheSameLayerDoneRight_Passes()
    {
        foreach (bool wrong in new[] { true, false })
        {
            var layer = new Doubling(wrong);
            var shape = new SampleShape(2, 3, 3);
            layer.Build(shape, 2, new Rng(1));
            var x = new Batch(shape, 2);
            var dy = new Batch(shape, 2);
            var rng = new Rng(2);
            for (int i = 0; i < x.Data.Length; i++) { x.Data[i] = GradientCheck.Uniform(rng); dy.Data[i] = GradientCheck.Uniform(rng); }
            layer.Forward(x);
            layer.Backward(dy);
            var report = LayerGradientCheck.Run(layer, dy);
            Assert.False(report.Double);   // no formula for a test layer: its own float forward is differentiated
            Assert.Equal(LayerGradientCheck.FloatStep, report.Step);
            Assert.Equal(!wrong, report.Passed);
            if (wrong) Assert.InRange(report.Tensors.Single().RelativeError, 0.4, 0.6);   // dX = dY instead of 2·dY
        }
    }

    [Fact]
    public void ReportLines_StateTheStep_TheToleranceAndTheCoordinates()
    {
        var model = Trained("simple");
        var report = LayerGradientCheck.Run(model, 0, coordinates: 3);
        var lines = report.Lines();
        Assert.Contains("h = 1e-6", lines[0]);
        Assert.Contains("≤ 1e-3", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  dW  3 of 72 (8×1×3×3)"));
        Assert.Contains(lines, l => l.StartsWith("      at (") && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 4);
        Assert.Contains(report.Tensors, t => t.Name == "dX");   // every layer computes dX here (NeedsInputGrad set)
        Assert.Equal(3, report.Tensors[0].Coordinates.Length);
    }

    /// <summary>y = 2x; its backward is wrong on purpose when asked (dX = dY).</summary>
    private sealed class Doubling(bool wrong) : Layer("double")
    {
        public override string Kind => "double";
        protected override SampleShape InferOutputShape(SampleShape input) => input;
        protected override void ForwardRange(int chunk, int first, int count)
        {
            Span<float> x = Input.Samples(first, count), y = Output.Samples(first, count);
            for (int i = 0; i < x.Length; i++) y[i] = 2 * x[i];
        }
        protected override void BackwardRange(int chunk, int first, int count)
        {
            Span<float> dy = OutputGrad.Samples(first, count), dx = InputGrad.Samples(first, count);
            for (int i = 0; i < dy.Length; i++) dx[i] = (wrong ? 1 : 2) * dy[i];
        }
    }
}

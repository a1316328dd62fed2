using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class StepPhasesTests
{
    public static TheoryData<string, string> ModelsAndOptimizers()
    {
        var data = new TheoryData<string, string>();
        foreach (string model in new[] { "simple", "lenet5", "lenet5-classic" })
        foreach (string optimizer in new[] { "sgd", "momentum", "adagrad", "adam" })
            data.Add(model, optimizer);
        return data;
    }

    private static Sequential CreateModel(string name) => name switch
    {
        "simple" => SimpleCnn.Create(),
        "lenet5" => LeNet5.Modern(),
        _ => LeNet5.Classic1998(),
    };

    private static Optimizer CreateOptimizer(string name) => name switch
    {
        "sgd" => new SGD(0.1f),
        "momentum" => new Momentum(0.05f),
        "adagrad" => new AdaGrad(0.01f),
        _ => new Adam(0.002f),
    };

    [Theory]
    [MemberData(nameof(ModelsAndOptimizers))]
    public void AllPhasesOfTwoSteps_GiveBitForBitTheWeightsOfPlainSteps(string modelName, string optimizerName)
    {
        const int batch = 3;
        var plain = CreateModel(modelName).Build(batch, new Rng(7), CreateOptimizer(optimizerName));
        var phased = CreateModel(modelName).Build(batch, new Rng(7), CreateOptimizer(optimizerName));
        var phases = new StepPhases(phased);
        var rng = new Rng(11);
        var x = new Batch(plain.InputShape, batch);
        var labels = new int[batch];
        for (int step = 0; step < 2; step++)   // two steps: the optimizers' state (velocity, m, v) must agree too
        {
            for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)rng.NextDouble();
            for (int i = 0; i < batch; i++) labels[i] = rng.NextInt(10);
            float plainLoss = plain.TrainStep(x, labels, out _);   // the one training step

            phases.Begin(x, labels);
            int ran = 0;
            while (phases.InProgress) { Assert.Equal(ran, phases.Advance()); ran++; }
            Assert.Equal(phases.Count, ran);
            Assert.Equal(BitConverter.SingleToInt32Bits(plainLoss), BitConverter.SingleToInt32Bits(phases.Loss));
        }
        var expected = plain.Parameters.ToArray();
        var actual = phased.Parameters.ToArray();
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.True(expected[p].Value.AsSpan().SequenceEqual(actual[p].Value), $"{expected[p].Name} differs after the phases.");
            Assert.True(expected[p].Grad.AsSpan().SequenceEqual(actual[p].Grad), $"{expected[p].Name} gradient differs after the phases.");
        }
    }

    [Fact]
    public void Phases_RunForwardInOrder_ThenLoss_ThenBackwardInReverse_ThenUpdate()
    {
        var model = SimpleCnn.Create().Build(1, new Rng(1), new Adam());
        var phases = new StepPhases(model);
        string[] titles = [.. Enumerable.Range(0, phases.Count).Select(phases.Title)];
        Assert.Equal(["forward conv1", "forward relu1", "forward pool1", "forward flatten", "forward fc1", "loss",
            "backward fc1", "backward flatten", "backward pool1", "backward relu1", "backward conv1", "update (adam)"], titles);
        Assert.Equal(new Phase(PhaseKind.Backward, 4), phases[6]);
    }

    [Fact]
    public void Formulas_NameTheBackwardRule_AndSayTheFirstLayerSkipsDX()
    {
        var model = LeNet5.Modern().Build(1, new Rng(1), new SGD());
        var phases = new StepPhases(model);
        int conv2 = Enumerable.Range(0, phases.Count).First(i => phases.Title(i) == "backward conv2");
        Assert.Equal("dW = Σₙ dY · patchᵀ, db = Σₙ,ᵢ,ⱼ dY, dX = col2im(Wᵀ · dY)", phases.Formula(conv2));
        int conv1 = Enumerable.Range(0, phases.Count).First(i => phases.Title(i) == "backward conv1");
        Assert.Contains("dX skipped", phases.Formula(conv1));
        Assert.Equal("W ← W − α·dW", phases.Formula(phases.Count - 1));
    }

    [Fact]
    public void Advance_WithoutABegunStep_Throws_AndTheForwardPhaseFillsOnlyItsLayer()
    {
        var model = SimpleCnn.Create().Build(2, new Rng(1), new SGD());
        var phases = new StepPhases(model);
        Assert.Throws<InvalidOperationException>(() => phases.Advance());
        var x = new Batch(model.InputShape, 2);
        x.Data.AsSpan().Fill(0.5f);
        phases.Begin(x, [1, 2]);
        phases.Advance();
        Assert.Equal(PhaseKind.Forward, phases.Last!.Value.Kind);
        Assert.NotEqual(0f, model.Layers[0].Output.Span.ToArray().Sum(v => MathF.Abs(v)));
        Assert.Equal(0f, model.Layers[1].Output.Span.ToArray().Sum(v => MathF.Abs(v)));   // relu1 has not run yet
        Assert.True(float.IsNaN(phases.Loss));
    }
}

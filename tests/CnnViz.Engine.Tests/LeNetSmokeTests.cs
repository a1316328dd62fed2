using CnnViz.Engine.Models;

namespace CnnViz.Engine.Tests;

public class LeNetSmokeTests
{
    [Fact]
    public void LeNet5_OnTheCommittedSample_ReachesNinetyPercentTestAccuracy_In225Steps()
    {
        // 225 steps × 32 images = 7,200 images = one epoch of the sample's training part.
        var session = new TrainingSession(new SessionConfig
        {
            Model = ModelCatalog.Get("lenet5"),
            Optimizer = new OptimizerSpec("adam", 0.002f),
            BatchSize = 32,
            Seed = 1,
        }, SampleData.Split());
        Assert.Equal(225, session.Step(225));
        Assert.Equal(1, session.Epoch);
        float accuracy = session.EvaluateTest().Accuracy;
        Assert.True(accuracy >= 0.90f, $"LeNet-5 reached only {accuracy:P2} test accuracy on the sample after 225 steps.");
    }

    [Fact]
    public void LeNet5Views_ExposeKernelsPoolSwitchesAndActivationPairs()
    {
        var session = new TrainingSession(new SessionConfig { Model = ModelCatalog.Get("lenet5"), BatchSize = 4 }, SampleData.Split());
        session.Step();
        session.SelectedSample = 2;
        var layers = session.Views.Layers;
        Assert.Equal(["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc1", "relu3", "fc2", "relu4", "fc3"], layers.Select(l => l.Name));
        var conv1 = layers[0];
        Assert.Equal([6, 1, 5, 5], conv1.WeightShape);
        Assert.Equal(150, conv1.Weights.Length);
        Assert.Equal(150, conv1.WeightGrads.Length);
        Assert.Same(layers[1], conv1.Activation);
        Assert.Equal(6 * 28 * 28, conv1.Output.Length);
        Assert.True(conv1.InputGrad.IsEmpty); // the first layer computes no input gradient
        Assert.Equal(6 * 28 * 28, layers[1].InputGrad.Length);

        // Switches: each pooled value equals the relu1 value its switch points at, for the selected sample.
        var pool1 = layers[2];
        var switches = pool1.PoolSwitches;
        Assert.Equal(6 * 14 * 14, switches.Length);
        var below = layers[1].Output;
        for (int c = 0; c < 6; c++)
            for (int o = 0; o < 14 * 14; o++)
                Assert.Equal(below[c * 28 * 28 + switches[c * 196 + o]], pool1.Output[c * 196 + o]);
        Assert.True(layers[3].PoolSwitches.IsEmpty);

        var probe = session.Predict(session.Views.InputImage(2));
        Assert.Equal(12, probe.Layers.Count);
        Assert.True(probe.Layers[1].InputGrad.IsEmpty); // no backward in the probe
    }
}

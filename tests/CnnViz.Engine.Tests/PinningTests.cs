using CnnViz.Core.Models;
using CnnViz.Engine.Evaluation;
using CnnViz.Engine.Pinning;

namespace CnnViz.Engine.Tests;

public class PinningTests
{
    [Theory]
    [InlineData("test:7", PinSource.Test, 7)]
    [InlineData("TRAIN:0", PinSource.Train, 0)]
    [InlineData("batch:3", PinSource.Batch, 3)]
    [InlineData("drawn", PinSource.Drawn, 0)]
    public void PinTarget_Parses(string text, PinSource source, int index) => Assert.Equal(new PinTarget(source, index), PinTarget.Parse(text));

    [Theory]
    [InlineData("test")] [InlineData("test:-1")] [InlineData("valid:3")] [InlineData("7")]
    public void PinTarget_RejectsOtherForms(string text) =>
        Assert.Contains(PinTarget.Usage, Assert.Throws<ArgumentException>(() => PinTarget.Parse(text)).Message);

    [Fact]
    public void Pin_DefaultsToTheFirstTestImage_AndCopiesPixelsAsFillBatchConvertsThem()
    {
        var session = TestData.Session();
        var pin = new PinnedImage(session.Data);
        Assert.Equal(new PinTarget(PinSource.Test, 0), pin.Target);
        Assert.Equal(session.Data.Test.Labels[0], pin.Label);
        var bytes = session.Data.Test.Image(0);
        for (int p = 0; p < bytes.Length; p++) Assert.Equal(bytes[p] / 255f, pin.Image[p], 1e-7f);
    }

    [Fact]
    public void Pin_BatchSample_StaysTheSameWhenTheBatchMovesOn()
    {
        var session = TestData.Session();
        session.Step();
        var pin = new PinnedImage(session.Data);
        pin.Pin(PinTarget.Parse("batch:2"), session.Views);
        float[] copy = [.. pin.Image];
        Assert.Equal(session.Views.InputImage(2).ToArray(), copy);
        session.Step(3);
        Assert.Equal(copy, pin.Image);
        Assert.NotEqual(copy, session.Views.InputImage(2).ToArray());
    }

    [Fact]
    public void Pin_OutOfRange_SaysTheRange()
    {
        var session = TestData.Session();
        var pin = new PinnedImage(session.Data);
        Assert.Contains("0..199", Assert.Throws<ArgumentException>(() => pin.Pin(new PinTarget(PinSource.Test, 200), null)).Message);
        Assert.Contains("0..15", Assert.Throws<ArgumentException>(() => pin.Pin(new PinTarget(PinSource.Batch, 16), session.Views)).Message);
    }

    [Fact]
    public void PinnedMaps_AreIdenticalAcrossFramesWithoutASTep_AndChangeOnlyWithItsOwnForwardPass()
    {
        var session = TestData.Session();
        var pin = new PinnedImage(session.Data);
        session.Predict(pin.Image);
        float[] maps = [.. session.Views.Probe!.Layers[1].Output];
        session.Evaluate(1000);                         // other work of a frame
        Assert.Equal(maps, session.Views.Probe.Layers[1].Output.ToArray());
        session.Step();                                 // the weights move, the probe's maps do not until its forward pass
        Assert.Equal(maps, session.Views.Probe.Layers[1].Output.ToArray());
        session.Predict(pin.Image);
        Assert.NotEqual(maps, session.Views.Probe.Layers[1].Output.ToArray());
    }

    [Fact]
    public void ProbeSet_HoldsTheFirstTestImageOfEachClass_AndNextWalksThem()
    {
        var session = TestData.Session();
        var probes = new ProbeSet(session.Data.Test);
        var labels = session.Data.Test.Labels;
        for (int k = 0; k < 10; k++)
        {
            int i = probes.Indices[k];
            Assert.Equal(k, labels[i]);
            for (int j = 0; j < i; j++) Assert.NotEqual(k, labels[j]);
        }
        int at = probes.Next(-5);
        Assert.Equal(probes.Indices[0], at);
        Assert.Equal(probes.Indices[1], probes.Next(at));
        Assert.Equal(probes.Indices[0], probes.Next(probes.Indices[9]));
    }

    [Fact]
    public void HeldOutMonitor_AfterAFullCycle_AccuracyIsTheSubsetsAccuracyWithTheseWeights()
    {
        var session = TestData.Session();
        session.Step(20);
        var probes = new ProbeSet(session.Data.Test);
        var monitor = new HeldOutMonitor(TestData.Mlp.Create(), session.Data.Test, probes.Indices, subset: 120, slice: 40);
        var weights = session.Model.Parameters.ToArray();
        for (int i = 0; i < 3; i++) monitor.Advance(weights, session.StepCount);
        Assert.Equal(120, monitor.Scored);

        // Reference: every subset image through the training model's own weights, one at a time.
        int correct = 0, wrong = 0;
        for (int i = 0; i < 120; i++)
        {
            int predicted = session.Predict(ToFloats(session.Data.Test.Image(i))).Prediction;
            Assert.Equal(predicted, monitor.Prediction(i));
            if (predicted == session.Data.Test.Labels[i]) correct++;
            else Assert.Equal(i, monitor.Mistakes[wrong++]);
        }
        Assert.Equal(wrong, monitor.Mistakes.Length);
        Assert.Equal(correct / 120.0, monitor.Accuracy, 1e-12);

        for (int s = 0; s < monitor.StripIndices.Length; s++)
        {
            var p = session.Predict(ToFloats(session.Data.Test.Image(monitor.StripIndices[s])));
            Assert.Equal(p.Prediction, monitor.TopClasses(s)[0]);
            var top = monitor.TopProbabilities(s);
            Assert.True(top[0] >= top[1] && top[1] >= top[2]);
            Assert.Equal(p.Probabilities[p.Prediction], top[0], 1e-5f);
        }
    }

    [Fact]
    public void HeldOutMonitor_Advance_AllocatesNothing()
    {
        var session = TestData.Session();
        var monitor = new HeldOutMonitor(TestData.Mlp.Create(), session.Data.Test, new ProbeSet(session.Data.Test).Indices, subset: 100, slice: 20);
        var weights = session.Model.Parameters.ToArray();
        for (int i = 0; i < 3; i++) monitor.Advance(weights, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) monitor.Advance(weights, 0);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static float[] ToFloats(ReadOnlySpan<byte> bytes)
    {
        var f = new float[bytes.Length];
        for (int i = 0; i < f.Length; i++) f[i] = bytes[i] / 255f;
        return f;
    }
}

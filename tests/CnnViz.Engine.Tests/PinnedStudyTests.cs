using CnnViz.Core.Models;
using CnnViz.Engine.Models;
using CnnViz.Engine.Study;

namespace CnnViz.Engine.Tests;

public class PinnedStudyTests
{
    private static TrainingSession LeNetSession() => new(new SessionConfig
    {
        Model = ModelCatalog.Get("lenet5"),
        Optimizer = OptimizerSpec.WithDefaultRate("adam"),
        BatchSize = 8,
        EvaluationBatch = 16,
    }, TestData28());

    /// <summary>28×28 digits from the committed sample, a few hundred of them.</summary>
    private static CnnViz.Engine.Data.DataSplit TestData28() => CnnViz.Engine.Data.DataSplit.HoldOut(SampleData.Source.Train.Take(400), SampleData.Source.Test.Take(200));

    [Fact]
    public void Explain_OfThePinnedDigit_EqualsItsLayerOutput_BeforeAndAfterASteps()
    {
        var session = LeNetSession();
        var study = new PinnedStudy(session, heldOutSubset: 40, heldOutSlice: 20);
        var e = study.ExplainValue("relu2 3 4 5");
        var relu2 = study.Probe.Layers.First(l => l.Name == "relu2");
        Assert.Equal(relu2.OutputMap(3)[4 * 10 + 5], e.Value, 1e-5f);
        float before = e.Value;
        session.Step(3);
        study.Update();
        Assert.Equal(relu2.OutputMap(3)[4 * 10 + 5], e.Value, 1e-5f);
        Assert.NotEqual(before, e.Actual);
        Assert.Contains("+ bias", e.ToString());
        var fc3 = study.ExplainValue("fc3 7");
        Assert.Equal(study.Probe.Probabilities[7], fc3.Probabilities[7], 1e-5f);
    }

    [Fact]
    public void PausedFrames_LeaveThePinnedMapsIdentical_AndAllocateNothing()
    {
        var session = LeNetSession();
        var study = new PinnedStudy(session, heldOutSubset: 40, heldOutSlice: 20);
        study.ExplainValue("conv1 0 10 10");
        session.Step();
        study.Update();
        float[] maps = [.. study.Probe.Layers[0].Output];
        long version = study.Version;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int frame = 0; frame < 20; frame++) study.Update();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(version, study.Version);
        Assert.Equal(maps, study.Probe.Layers[0].Output.ToArray());
    }

    [Fact]
    public void PinAndProbe_ChangeTheDigitFollowed()
    {
        var session = LeNetSession();
        var study = new PinnedStudy(session, heldOutSubset: 40, heldOutSlice: 20);
        Assert.Equal("pinned held-out test #3", study.PinImage("test:3"));
        float[] three = [.. study.Probe.Layers[0].Output];
        study.NextProbe();
        Assert.Equal(study.Probes.Next(3), study.Pin.Target.Index);
        Assert.NotEqual(three, study.Probe.Layers[0].Output.ToArray());
        Assert.Contains("0..199", Assert.Throws<ArgumentException>(() => study.PinImage("test:200")).Message);
    }

    [Theory]
    [InlineData("conv1 1 2")]
    [InlineData("conv1 a b c")]
    [InlineData("conv1")]
    public void Explain_WithTheWrongNumbers_SaysTheForms(string arguments)
    {
        var study = new PinnedStudy(LeNetSession(), heldOutSubset: 40, heldOutSlice: 20);
        Assert.Contains("explain LAYER CHANNEL Y X", Assert.Throws<ArgumentException>(() => study.ExplainValue(arguments)).Message);
    }

    [Fact]
    public void HeldOut_IsScoredOnceASteppedFrame()
    {
        var session = LeNetSession();
        var study = new PinnedStudy(session, heldOutSubset: 40, heldOutSlice: 20);
        Assert.Equal(20, study.HeldOut.Scored);
        study.Update();
        Assert.Equal(20, study.HeldOut.Scored);
        session.Step();
        study.Update();
        Assert.Equal(40, study.HeldOut.Scored);
        Assert.Equal(1, study.HeldOut.Step);
    }
}

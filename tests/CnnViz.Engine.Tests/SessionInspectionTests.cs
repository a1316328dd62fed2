using CnnViz.Core;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Checkpoints;

namespace CnnViz.Engine.Tests;

/// <summary>The session's phases, gradcheck, update tracking and knockout.</summary>
public class SessionInspectionTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void StepsInPhases_GiveBitForBitThePlainSessionsWeightsAndMetrics_AcrossAnEpochEnd(string optimizer)
    {
        var plain = TestData.Session(optimizer);
        var phased = TestData.Session(optimizer);
        phased.TrackUpdates = true;   // tracking must not change what training does
        plain.Step(40);               // 34 steps per epoch: one epoch end
        for (int step = 0; step < 40; step++)
        {
            switch (step % 3)
            {
                case 0: while (phased.AdvancePhase() != phased.Phases.Count - 1) { } break;   // every phase by hand
                case 1: for (int i = 0; i < 5; i++) phased.AdvancePhase(); phased.Step(); break; // a few, then "step" finishes it
                default: phased.AdvancePhase(); phased.FinishPhases(); break;                // "phase end"
            }
            Assert.False(phased.Phases.InProgress);
        }
        Assert.Equal(plain.StepCount, phased.StepCount);
        Assert.Equal(plain.Epoch, phased.Epoch);
        Assert.Equal(TestData.Weights(plain), TestData.Weights(phased));
        Assert.Equal(plain.Metrics.Steps.ToArray().Select(p => p.Loss), phased.Metrics.Steps.ToArray().Select(p => p.Loss));
    }

    [Fact]
    public void TrackedSteps_KeepExactlyTheLastChange()
    {
        var s = TestData.Session();
        s.TrackUpdates = true;
        s.Step(3);
        float[] before = s.Model.Layers[1].Parameters[0].Value.ToArray();   // dense1.W
        s.Step();
        var updates = s.Views.Inspection.Updates;
        int slot = updates.Slot(1);
        float[] after = s.Model.Layers[1].Parameters[0].Value;
        for (int i = 0; i < after.Length; i++) Assert.Equal(after[i] - before[i], updates.Delta(slot)[i]);
        Assert.Equal(4, updates.Ratios(slot).Length);
        Assert.Equal(4, updates.DeltaStep);
    }

    [Fact]
    public void GradientCheck_PassesOnEveryLayer_AndLeavesTrainingAsItWas()
    {
        var checkedSession = TestData.Session();
        var twin = TestData.Session();
        Assert.Throws<ArgumentException>(() => checkedSession.GradientCheck("dense1"));   // no batch yet
        checkedSession.Step(3);
        twin.Step(3);
        float[] logits = checkedSession.Model.Layers[^1].Output.Span.ToArray();
        foreach (var layer in checkedSession.Model.Layers)
        {
            var report = checkedSession.GradientCheck(layer.Name);
            Assert.True(report.Passed, string.Join("\n", report.Lines()));
        }
        Assert.Equal(logits, checkedSession.Model.Layers[^1].Output.Span.ToArray());   // the views still show the step
        Assert.Contains("no layer named 'conv9'", Assert.Throws<ArgumentException>(() => checkedSession.GradientCheck("conv9")).Message);
        checkedSession.Step(5);
        twin.Step(5);
        Assert.Equal(TestData.Weights(twin), TestData.Weights(checkedSession));
    }

    [Fact]
    public void Knockout_GivesTheLogitsOfAForwardPassWithThatUnitZeroed_AndTrainingRestoresIt()
    {
        var s = TestData.Session();
        var twin = TestData.Session();
        s.Step(20);
        twin.Step(20);
        var result = s.Knockout("dense1", 3);
        Assert.Equal("dense1", result.Layer);

        // An independent copy of the weights with unit 3 of dense1 zeroed by hand, run on the same batch.
        var copy = TestData.Mlp.Create().Build(16, new Rng(1), new SGD());
        var source = twin.Model.Parameters.ToArray();
        var target = copy.Parameters.ToArray();
        for (int p = 0; p < source.Length; p++) source[p].Value.CopyTo(target[p].Value, 0);
        var w = copy.Layers[1].Parameters[0];
        for (int i = 0; i < w.Shape[0]; i++) w.Value[i * w.Shape[1] + 3] = 0;
        copy.Layers[1].Parameters[1].Value[3] = 0;
        var x = new Batch(copy.InputShape, s.Views.BatchCount);
        s.Views.InputImages.CopyTo(x.Span);
        Assert.Equal(copy.Forward(x).Span.ToArray(), s.Model.Layers[^1].Output.Span.ToArray());
        Assert.InRange(result.After.Accuracy, 0, 1);
        Assert.Equal(twin.Views.Metrics.Validation.Length, s.Views.Metrics.Validation.Length);   // the what-if is not a metric

        Assert.Contains("restore", Assert.Throws<CheckpointException>(() => s.Save("/tmp/never-written.ckpt")).Message);
        s.Step(2);   // training puts the kernel back first
        twin.Step(2);
        Assert.Equal(TestData.Weights(twin), TestData.Weights(s));
    }

    [Fact]
    public void SavingHalfwayThroughAStepInPhases_IsRefused()
    {
        var s = TestData.Session();
        s.AdvancePhase();
        var e = Assert.Throws<CheckpointException>(() => s.Save("/tmp/never-written.ckpt"));
        Assert.Contains("phase end", e.Message);
        Assert.False(File.Exists("/tmp/never-written.ckpt"));
    }
}

using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Inspection;

namespace CnnViz.Engine.Tests;

/// <summary>ΔW, W − W₀ and the update ratio; dead-ReLU fractions; kernel knockout — on a bare model.</summary>
public class InspectionTests
{
    private static (Sequential Model, Batch X, int[] Labels) Model(ulong seed = 1)
    {
        var model = LeNet5.Modern(new SampleShape(1, 12, 12)).Build(4, new Rng(seed), new Adam(0.01f));
        var rng = new Rng(seed + 1);
        var x = new Batch(model.InputShape, 4);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)rng.NextDouble();
        return (model, x, [1, 2, 3, 4]);
    }

    private static void TrackedStep(Sequential model, UpdateTracker tracker, Batch x, int[] labels, long step)
    {
        model.ForwardLoss(x, labels);
        model.Backward();
        tracker.BeforeUpdate();
        model.Update();
        tracker.AfterUpdate(step);
    }

    [Fact]
    public void Delta_IsExactlyTheLastStepsChange_DriftIsTheChangeSinceInitialization_RatioIsTheirNorms()
    {
        var (model, x, labels) = Model();
        var tracker = new UpdateTracker(model) { Enabled = true };
        Assert.Equal([0, 3, 7, 9, 11], tracker.Layers);   // conv1, conv2, fc1, fc2, fc3
        var w = model.Layers[3].Parameters[0].Value;     // conv2.W
        float[] initial = w.ToArray();
        TrackedStep(model, tracker, x, labels, 1);
        float[] before = w.ToArray();
        TrackedStep(model, tracker, x, labels, 2);
        int slot = tracker.Slot(3);
        for (int i = 0; i < w.Length; i++)
        {
            Assert.Equal(w[i] - before[i], tracker.Delta(slot)[i]);
            Assert.Equal(w[i] - initial[i], tracker.Drift(slot)[i]);
        }
        Assert.Equal(2, tracker.DeltaStep);
        Assert.Equal(2, tracker.Ratios(slot).Length);
        double norm = Math.Sqrt(w.Sum(v => (double)v * v));
        double deltaNorm = Math.Sqrt(w.Select((v, i) => (double)(v - before[i]) * (v - before[i])).Sum());
        Assert.Equal(deltaNorm / norm, tracker.Ratios(slot)[^1], 1e-5);
        Assert.InRange(tracker.Ratios(slot)[^1], 1e-4, 1);
    }

    [Fact]
    public void WhileDisabled_NothingIsRecorded_ButDriftStillFollowsTheWeights()
    {
        var (model, x, labels) = Model();
        var tracker = new UpdateTracker(model);
        TrackedStep(model, tracker, x, labels, 1);
        Assert.Equal(0, tracker.DeltaStep);
        Assert.True(tracker.Ratios(0).IsEmpty);
        Assert.All(tracker.Delta(0).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(tracker.Drift(0).ToArray(), v => v != 0);
    }

    [Fact]
    public void RatioHistory_KeepsTheLastPoints_OldestFirst()
    {
        var (model, x, labels) = Model();
        var tracker = new UpdateTracker(model) { Enabled = true };
        for (int s = 1; s <= UpdateTracker.HistoryLength + 3; s++)
        {
            tracker.BeforeUpdate();
            var w = model.Layers[0].Parameters[0].Value;   // W ← (1 + s/10⁴)·W: ratio (s/10⁴)/(1 + s/10⁴) grows with s
            for (int i = 0; i < w.Length; i++) w[i] *= 1 + s * 1e-4f;
            tracker.AfterUpdate(s);
        }
        var ratios = tracker.Ratios(0);
        Assert.Equal(UpdateTracker.HistoryLength, ratios.Length);
        for (int i = 1; i < ratios.Length; i++) Assert.True(ratios[i] > ratios[i - 1], $"point {i}: {ratios[i]} after {ratios[i - 1]}");
        Assert.Equal(0.0603 / 1.0603, ratios[^1], 1e-3);   // the last step, s = 603
    }

    [Fact]
    public void DeadRelus_CountZerosPerFeatureMapOverTheBatch()
    {
        var (model, x, labels) = Model();
        model.ForwardLoss(x, labels);
        var dead = new DeadRelus(model);
        Assert.False(dead.Has(0));
        Assert.True(dead.Has(1));
        var relu1 = model.Layers[1];
        var fractions = dead.Fractions(1, version: 1).ToArray();
        for (int c = 0; c < relu1.OutputShape.C; c++)
        {
            int zeros = 0, total = 0;
            for (int n = 0; n < x.Count; n++) foreach (float v in relu1.Output.Map(n, c)) { total++; if (v == 0) zeros++; }
            Assert.Equal((float)zeros / total, fractions[c]);
        }
        Assert.Contains(fractions, f => f > 0 && f < 1);
    }

    [Theory]
    [InlineData(0, 2)]   // conv1, filter 2
    [InlineData(3, 15)]  // conv2, the last filter
    [InlineData(7, -1)]  // fc1, its most active unit (a column of W (I, O))
    public void Knockout_GivesTheLogitsOfAForwardPassWithThatKernelZeroed_AndRestoreBringsItBack(int layer, int kernel)
    {
        var (model, x, _) = Model();
        var (reference, _, _) = Model();   // same seed: the same weights
        float[][] original = [.. model.Parameters.Select(p => p.Value.ToArray())];
        float[] before = model.Forward(x).Span.ToArray();
        if (kernel < 0)   // the unit of the layer with the largest total activation: one that matters
            kernel = Enumerable.Range(0, model.Layers[layer].OutputShape.C)
                .MaxBy(k => Enumerable.Range(0, x.Count).Sum(n => Math.Max(0, model.Layers[layer].Output.Sample(n)[k])));

        var knockout = Knockout.Apply(model.Layers[layer], kernel);
        float[] knocked = model.Forward(x).Span.ToArray();

        var w = reference.Layers[layer].Parameters[0];
        if (reference.Layers[layer] is Conv2dBase conv)
        {
            int size = conv.Channels * conv.KernelHeight * conv.KernelWidth;
            for (int i = 0; i < size; i++) w.Value[kernel * size + i] = 0;
        }
        else for (int i = 0; i < w.Shape[0]; i++) w.Value[i * w.Shape[1] + kernel] = 0;
        reference.Layers[layer].Parameters[1].Value[kernel] = 0;
        float[] expected = reference.Forward(x).Span.ToArray();
        Assert.Equal(expected, knocked);   // bit for bit

        Assert.NotEqual(before, knocked);   // the kernel mattered

        knockout.Restore();
        var restored = model.Parameters.ToArray();
        for (int p = 0; p < restored.Length; p++) Assert.Equal(original[p], restored[p].Value);
        Assert.Equal(before, model.Forward(x).Span.ToArray());
    }

    [Fact]
    public void Knockout_RefusesALayerWithoutKernels_AndAKernelOutOfRange()
    {
        var (model, _, _) = Model();
        Assert.Contains("relu1 has no kernels", Assert.Throws<ArgumentException>(() => Knockout.Apply(model.Layers[1], 0)).Message);
        Assert.Contains("conv1 has kernels 0..5, not 6", Assert.Throws<ArgumentException>(() => Knockout.Apply(model.Layers[0], 6)).Message);
    }
}

using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Evaluation;

namespace CnnViz.Engine.Tests;

public class SessionTests
{
    [Fact]
    public void Evaluate_InSlices_EqualsAnIndependentWholeSetEvaluation()
    {
        var sliced = TestData.Session();
        sliced.Step(sliced.StepsPerEpoch); // one epoch: queues validation + test with the epoch-end weights
        Assert.True(sliced.HasPendingEvaluation);
        int calls = 0;
        while (sliced.HasPendingEvaluation) { Assert.InRange(sliced.Evaluate(7), 1, 7); calls++; }
        Assert.True(calls > (60 + 200) / 7);
        var record = sliced.Metrics.Epochs[0];

        // Reference: a separately built model, the same weights, every image in ONE forward pass.
        var (valCorrect, valLoss) = WholeSet(sliced, sliced.Data.Validation!);
        var (testCorrect, testLoss) = WholeSet(sliced, sliced.Data.Test);
        Assert.Equal(valCorrect / (float)sliced.Data.Validation!.Count, record.Validation!.Value.Accuracy);
        Assert.Equal(testCorrect / (float)sliced.Data.Test.Count, record.Test!.Value.Accuracy);
        Assert.Equal(valLoss, record.Validation.Value.Loss, 4);
        Assert.Equal(testLoss, record.Test.Value.Loss, 4);
        Assert.Equal(record.Test.Value.Accuracy, sliced.EvaluateTest().Accuracy); // weights unchanged since
    }

    private static (int Correct, float Loss) WholeSet(TrainingSession session, Core.Data.Dataset set)
    {
        var model = session.Config.Model.Create().Build(set.Count, new Rng(99), new SGD());
        foreach (var (mine, theirs) in model.Parameters.Zip(session.Model.Parameters)) theirs.Value.CopyTo(mine.Value, 0);
        var x = new Batch(set.SampleShape, set.Count);
        var labels = new int[set.Count];
        set.FillBatch(Enumerable.Range(0, set.Count).ToArray(), x, labels);
        float loss = model.ForwardLoss(x, labels);
        int correct = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var p = model.Loss.Probabilities.Sample(i).ToArray();
            if (Array.IndexOf(p, p.Max()) == labels[i]) correct++;
        }
        return (correct, loss);
    }

    [Fact]
    public void AbsurdLearningRate_StopsTheSession_NamingTheFirstLayerThatWentNonFinite()
    {
        var s = TestData.Session("sgd");
        s.LearningRate = 1e30f;
        int trained = s.Step(50);
        Assert.True(s.IsDiverged);
        Assert.True(trained < 50);
        // Independent scan: the first layer (in forward order) whose output holds NaN or ∞.
        var first = s.Model.Layers.First(l => l.Output.Span.ToArray().Any(v => !float.IsFinite(v)));
        Assert.Matches($"diverged at step \\d+: the loss is NaN; the first non-finite value is in the output of layer {first.Name}\\.", s.DivergenceMessage!);
        Assert.All(s.Model.Parameters, p => Assert.All(p.Value, v => Assert.True(float.IsFinite(v)))); // the update was skipped
        long step = s.StepCount;
        Assert.False(s.Step());
        Assert.Equal(step, s.StepCount);
        s.Reset();
        Assert.False(s.IsDiverged);
    }

    [Fact]
    public void NonFiniteParameter_IsNamedByItsLayer()
    {
        var s = TestData.Session("sgd");
        s.Step();
        s.Model.Layers[3].Parameters[1].Value[4] = float.PositiveInfinity; // dense2.b
        s.Model.Layers[1].Parameters[0].Value[0] = float.NaN;              // dense1.W comes first
        s.Step();
        Assert.True(s.IsDiverged);
        Assert.Contains("layer dense1", s.DivergenceMessage);
    }

    [Fact]
    public void Step_EpochBoundary_RecordsEpochAndEveryImageOnce()
    {
        var s = TestData.Session(batch: 50); // 540 train images: 10 full batches + one of 40
        Assert.Equal(11, s.StepsPerEpoch);
        s.Step(10);
        Assert.Equal(0, s.Epoch);
        s.Step();
        Assert.Equal(40, s.Views.BatchCount);
        Assert.Equal(1, s.Epoch);
        Assert.Single(s.Metrics.Epochs);
        Assert.Equal(11, s.Metrics.Epochs[0].EndStep);
        s.FinishEvaluations();
        Assert.NotNull(s.Metrics.Epochs[0].Test);
        Assert.Equal(60, s.Metrics.Epochs[0].Validation!.Value.Images);
    }

    [Fact]
    public void TargetEpochs_StopsStepping()
    {
        var s = new TrainingSession(TestData.Config() with { Epochs = 1 }, TestData.Split());
        Assert.Equal(s.StepsPerEpoch, s.Step(1000));
        Assert.True(s.IsFinished);
    }

    [Fact]
    public void Training_LearnsTheSyntheticTask_AndFillsConfusionAndMisclassified()
    {
        var s = TestData.Session("adam");
        s.Step(5 * s.StepsPerEpoch);
        s.FinishEvaluations();
        Assert.True(s.Metrics.Epochs[^1].Test!.Value.Accuracy > 0.9f, $"test accuracy {s.Metrics.Epochs[^1].Test!.Value.Accuracy}");
        Assert.Equal(s.Config.ConfusionWindow, s.Confusion.Total);
        int diagonal = Enumerable.Range(0, 10).Sum(k => s.Confusion.Count(k, k));
        Assert.True(diagonal > 0.8 * s.Confusion.Total);
        Assert.True(s.Misclassified.Count > 0);
        var wrong = s.Misclassified[0];
        Assert.NotEqual(wrong.Truth, wrong.Predicted);
        Assert.Equal(64, wrong.Image.Length);
        Assert.True(s.Throughput.ImagesPerSecond > 0);
        Assert.Equal(5 * s.StepsPerEpoch, s.Metrics.Steps.Length);
    }

    [Fact]
    public void ValidationEvery_QueuesPeriodicPasses()
    {
        var s = new TrainingSession(TestData.Config() with { ValidationEvery = 10 }, TestData.Split());
        for (int i = 0; i < 30; i++) { s.Step(); s.Evaluate(20); }
        s.FinishEvaluations();
        Assert.True(s.Metrics.Validation.Length >= 3);
        Assert.Equal(10, s.Metrics.Validation[0].Step);
    }
}

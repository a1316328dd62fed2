using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Tests;

public class AllocationTests
{
    [Fact]
    public void Step_And_ReadingViews_AllocateNoMoreThanTheModelItself()
    {
        var s = TestData.Session(batch: 16);
        s.Step(40); // warm up (JIT, first-use optimizer state, an epoch end)
        s.FinishEvaluations();

        // What the bare model allocates for one training step (Core's business, measured the same way).
        var x = new Batch(s.Model.InputShape, 16);
        var labels = new int[16];
        s.Model.ForwardLoss(x, labels); s.Model.Backward(); s.Model.Update();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) { s.Model.ForwardLoss(x, labels); s.Model.Backward(); s.Model.Update(); }
        long model = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;

        before = GC.GetAllocatedBytesForCurrentThread();
        float sum = 0;
        for (int i = 0; i < 20; i++)
        {
            s.Step();
            var v = s.Views;
            for (int l = 0; l < v.Layers.Count; l++) { var layer = v.Layers[l]; sum += layer.Output[0]; sum += layer.Weights.Length + layer.PoolSwitches.Length; }
            sum += v.Probabilities[0] + v.Confusion.Counts[0] + v.Metrics.Steps[^1].Loss;
        }
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        Assert.True(perStep <= model, $"a session step allocates {perStep} bytes, the bare model step {model} (sum {sum})");
    }
}

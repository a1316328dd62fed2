namespace CnnViz.Engine.Tests;

public class ViewsTests
{
    [Fact]
    public void Views_AfterStep_ShowBatchLayersAndProbabilitiesOfSelectedSample()
    {
        var s = TestData.Session(batch: 8);
        s.Step();
        s.SelectedSample = 3;
        var v = s.Views;
        Assert.Equal(1, v.Step);
        Assert.Equal(8, v.BatchCount);
        Assert.Equal(8 * 64, v.InputImages.Length);
        Assert.Equal(4, v.Layers.Count);
        // The dense layer's view is its pre-activation; the ReLU after it is the post-activation.
        var dense = v.Layers[1];
        Assert.Same(v.Layers[2], dense.Activation);
        for (int i = 0; i < dense.Output.Length; i++)
            Assert.Equal(MathF.Max(0, dense.Output[i]), dense.Activation!.Output[i]);
        Assert.Equal(s.Model.Layers[1].Output.Sample(3).ToArray(), dense.Output.ToArray());
        Assert.Equal(new[] { 64, 32 }, dense.WeightShape);
        Assert.Contains(dense.WeightGrads.ToArray(), g => g != 0);
        Assert.Equal(1f, v.Probabilities.ToArray().Sum(), 4);
        Assert.Equal(v.Predictions[3], Array.IndexOf(v.Probabilities.ToArray(), v.Probabilities.ToArray().Max()));
        Assert.True(v.InputImage(3).SequenceEqual(v.InputImages.Slice(3 * 64, 64)));
    }

    [Fact]
    public void Predict_DoesNotDisturbTrainingState()
    {
        var a = TestData.Session();
        var b = TestData.Session();
        a.Step(5); b.Step(5);
        var before = a.Model.Layers[1].Output.Span.ToArray();
        var image = a.Views.InputImage(0).ToArray();
        var probe = a.Predict(image);
        Assert.Equal(before, a.Model.Layers[1].Output.Span.ToArray());
        // The probe's probabilities equal the training forward's for the same image and weights.
        Assert.Equal(10, probe.Probabilities.Length);
        Assert.Equal(1f, probe.Probabilities.ToArray().Sum(), 4);
        a.Step(5); b.Step(5);
        Assert.Equal(TestData.Weights(b), TestData.Weights(a));
    }
}

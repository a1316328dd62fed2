using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Explain;

namespace CnnViz.Engine.Tests.Explain;

public class ExplanationTests
{
    /// <summary>A built model with a forward pass of <paramref name="batch"/> seeded random images.</summary>
    private static Sequential Forwarded(Sequential model, int batch = 2, ulong seed = 3)
    {
        model.Build(batch, new Rng(seed), new SGD());
        var x = new Batch(model.InputShape, batch);
        var rng = new Rng(seed + 1);
        for (int i = 0; i < x.Span.Length; i++) x.Span[i] = rng.NextInt(1000) < 600 ? 0f : rng.NextInt(256) / 255f;
        model.Forward(x);
        return model;
    }

    /// <summary>Every value of every layer at a spread of positions (corners, the middle), both samples.</summary>
    private static void AssertEveryLayerMatches(Sequential model)
    {
        int checkedValues = 0;
        foreach (var layer in model.Layers)
        {
            var s = layer.OutputShape;
            foreach (int c in new[] { 0, s.C - 1, s.C / 2 })
            foreach (int y in new[] { 0, s.H - 1, s.H / 2 })
            foreach (int x in new[] { 0, s.W - 1, (s.W + 1) / 3 })
            foreach (int n in new[] { 0, 1 })
            {
                var e = Explanation.Create(model, layer.Name, c, y, x, n);
                float output = layer.Output[n, c, y, x];
                Assert.True(Math.Abs(e.Value - output) <= 1e-5f * Math.Max(1, Math.Abs(output)),
                    $"{e.Position} sample {n}: explained {e.Value}, layer output {output}");
                Assert.Equal(output, e.Actual);
                checkedValues++;
            }
        }
        Assert.True(checkedValues > 100);
    }

    [Fact]
    public void Explain_EqualsLayerOutput_EveryLayerOfLeNet5Modern() => AssertEveryLayerMatches(Forwarded(LeNet5.Modern()));

    [Fact]
    public void Explain_EqualsLayerOutput_EveryLayerOfLeNet5Classic_TanhAndAveragePool() => AssertEveryLayerMatches(Forwarded(LeNet5.Classic1998()));

    [Fact]
    public void Explain_EqualsLayerOutput_Stride2Pad1ConvAndOverlappingPool()
    {
        var model = new Sequential(new SampleShape(2, 11, 9),
            new Conv2d(3, (3, 2), pad: (1, 1), stride: (2, 1), name: "conv"),
            new Sigmoid("sig"),
            new MaxPool2D((3, 3), stride: (1, 2), name: "pool"),
            new Flatten("flat"),
            new Dense(4, name: "out"));
        AssertEveryLayerMatches(Forwarded(model));
    }

    [Fact]
    public void Explain_ActivationLayer_ShowsTheSumUnderItThenTheActivation()
    {
        var model = Forwarded(LeNet5.Modern());
        var e = Explanation.Create(model, "relu1", 3, 10, 12);
        Assert.Equal("conv1", e.SourceName);
        Assert.Equal(ExplainKind.Convolution, e.Kind);
        Assert.Equal(25, e.Products.Length);
        Assert.Equal(model["conv1"].Output[0, 3, 10, 12], e.Computed, 1e-5f);
        Assert.Equal(MathF.Max(0, e.Computed), e.Value);
        Assert.Contains("max(0, z)", e.ToString());
    }

    [Fact]
    public void Explain_MaxPool_WinnerIsTheLargestOfTheWindow()
    {
        var model = Forwarded(LeNet5.Modern());
        var e = Explanation.Create(model, "pool1", 2, 7, 4);
        Assert.Equal(e.Inputs.Max(), e.Inputs[e.Winner]);
        var pool = (MaxPool2D)model["pool1"];
        Assert.Equal(pool.ArgMax(0, 2)[7 * 14 + 4], e.Terms[e.Winner]);
    }

    [Fact]
    public void Explain_Dense_ListsLargestContributionsFirst_AndTheLastLayerHasSoftmax()
    {
        var model = Forwarded(LeNet5.Modern());
        var e = Explanation.Create(model, "fc3", 7, 0, 0);
        for (int i = 1; i < e.Products.Length; i++) Assert.True(MathF.Abs(e.Products[i - 1]) >= MathF.Abs(e.Products[i]));
        var x = model["fc3"].Input.Sample(0);
        float largest = 0;
        var w = ((Dense)model["fc3"]).Weights.Value;
        for (int i = 0; i < 84; i++) largest = MathF.Max(largest, MathF.Abs(x[i] * w[i * 10 + 7]));
        Assert.Equal(largest, MathF.Abs(e.Products[0]));
        Assert.Equal(10, e.Probabilities.Length);
        Assert.Equal(1f, e.Probabilities.Sum(), 1e-5f);
        Assert.Equal(ClassScores.ArgMax(e.Logits), ClassScores.ArgMax(e.Probabilities));
    }

    [Fact]
    public void ReceptiveField_OfConv2_IsThe14By14ImagePatchOfLeNet5()
    {
        var model = Forwarded(LeNet5.Modern());
        var e = Explanation.Create(model, "conv2", 0, 5, 5);
        Assert.Equal(new FieldRect(-1, 5, 5, 9, 9), e.Fields[3]);    // pool1's output: the 5×5 kernel
        Assert.Equal(new FieldRect(0, 10, 10, 19, 19), e.Fields[2] with { Channel = 0 }); // relu1's output: 2×2 windows
        Assert.Equal(new FieldRect(-1, 8, 8, 21, 21), e.Fields[0]);  // the image: conv1's 5×5 with pad 2
    }

    [Fact]
    public void ReceptiveField_PixelsOutsideItDoNotChangeTheValue_OneInsideDoes()
    {
        var model = Forwarded(LeNet5.Modern(), batch: 1);
        var e = Explanation.Create(model, "relu2", 4, 2, 7);
        var field = e.Fields[0];
        var x = model.Layers[0].Input;
        float before = model["conv2"].Output[0, 4, 2, 7];
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++)
                if (r < field.Top || r > field.Bottom || c < field.Left || c > field.Right) x[0, 0, r, c] = 1f - x[0, 0, r, c];
        model.Forward(x);
        Assert.Equal(before, model["conv2"].Output[0, 4, 2, 7]);
        x[0, 0, (field.Top + field.Bottom) / 2, (field.Left + field.Right) / 2] += 5f;
        model.Forward(x);
        Assert.NotEqual(before, model["conv2"].Output[0, 4, 2, 7]);
    }

    [Fact]
    public void Refresh_FollowsANewForwardPass_WithoutAllocating()
    {
        var model = Forwarded(LeNet5.Modern(), batch: 1);
        var e = Explanation.Create(model, "conv2", 9, 3, 3);
        var x = model.Layers[0].Input;
        x.Span.Fill(0.5f);
        model.Forward(x);
        for (int i = 0; i < 3; i++) e.Refresh();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) e.Refresh();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(model["conv2"].Output[0, 9, 3, 3], e.Value, 1e-5f);
    }

    [Theory]
    [InlineData("conv9", 0, 0, 0, "No layer named 'conv9'")]
    [InlineData("conv1", 6, 0, 0, "channel 0..5")]
    [InlineData("fc1", 120, 0, 0, "units 0..119")]
    public void Create_RejectsAPositionOutsideTheLayer_SayingTheRange(string layer, int c, int y, int x, string message)
    {
        var model = Forwarded(LeNet5.Modern(), batch: 1);
        var error = Assert.Throws<ArgumentException>(() => Explanation.Create(model, layer, c, y, x));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Text_ShowsTheSumPlusBiasAndTheOutput()
    {
        var model = Forwarded(LeNet5.Modern(), batch: 1);
        string text = Explanation.Create(model, "conv1", 0, 0, 0).ToString();
        Assert.Contains("receptive field: image rows 0..2 cols 0..2", text, StringComparison.Ordinal);
        Assert.Contains("+ bias", text);
        Assert.Contains("layer output:", text);
    }
}

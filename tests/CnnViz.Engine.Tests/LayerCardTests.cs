using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Views;

namespace CnnViz.Engine.Tests;

public class LayerCardTests
{
    private static LayerCard[] LeNetCards() => LayerCard.For(LeNet5.Modern().Build(1, new Rng(1), new SGD()).Layers);

    [Fact]
    public void Conv1Card_HasHyperParameters_ParameterFormula_AndOutputSizeWithTheNumbers()
    {
        var card = LeNetCards()[0];
        Assert.Equal("Conv2d 6@5×5, pad 2, stride 1", card.Type);
        Assert.Equal("6·(1·5·5) + 6 = 156", card.Parameters);
        Assert.Equal("(28 + 2·2 − 5)/1 + 1 = 28  → 6×28×28", card.OutputSize);
        Assert.Equal("shown after relu1: max(0, z)", card.Shown);
    }

    [Fact]
    public void LeNetCards_ParameterCountsAddUpToTheModel_AndSizesFollowTheFormula()
    {
        var cards = LeNetCards();
        Assert.Equal("16·(6·5·5) + 16 = 2,416", cards[3].Parameters);
        Assert.Equal("(14 − 5)/1 + 1 = 10  → 16×10×10", cards[3].OutputSize);
        Assert.Equal("(28 − 2)/2 + 1 = 14  → 6×14×14", cards[2].OutputSize);
        Assert.Equal("MaxPool2D 2×2, stride 2", cards[2].Type);
        Assert.Equal("16·5·5 = 400 values in a row", cards[6].OutputSize);
        Assert.Equal("400·120 + 120 = 48,120", cards[7].Parameters);
        Assert.Equal("84·10 + 10 = 850", cards[11].Parameters);
        Assert.Equal("shown as computed", cards[11].Shown);
    }

    [Theory]
    [InlineData(12, 9, 3, 2, 1, 1, 2, 1, "H ⌊(12 + 2·1 − 3)/2⌋ + 1 = 6; W (9 + 2·1 − 2)/1 + 1 = 10  → 4×6×10")]
    [InlineData(10, 10, 3, 3, 0, 0, 2, 2, "⌊(10 − 3)/2⌋ + 1 = 4  → 4×4×4")]
    public void OutputSize_MatchesConvShape_ForUnevenAndNonSquareCases(int h, int w, int fh, int fw, int ph, int pw, int sh, int sw, string expected)
    {
        var model = new Sequential(new SampleShape(1, h, w), new Conv2d(4, (fh, fw), pad: (ph, pw), stride: (sh, sw)), new Flatten(), new Dense(2));
        model.Build(1, new Rng(1), new SGD());
        var (oh, ow) = ConvShape.OutputSize2D(h, w, fh, fw, ph, pw, sh, sw);
        Assert.Equal(expected, LayerCard.For(model.Layers[0], model.Layers[1]).OutputSize);
        Assert.EndsWith($"→ 4×{oh}×{ow}", expected);
    }

    [Fact]
    public void ClassicCards_NameTanhAndAveragePooling()
    {
        var cards = LayerCard.For(LeNet5.Classic1998().Build(1, new Rng(1), new SGD()).Layers);
        Assert.Equal("shown after tanh1: tanh(z)", cards[0].Shown);
        Assert.Equal("AvgPool2D 2×2, stride 2", cards[2].Type);
        Assert.Contains("mean", cards[2].Parameters);
    }

    [Fact]
    public void Range_IsTheMinimumAndMaximumOfTheValues()
    {
        Assert.Equal((-2f, 3.5f), LayerCard.Range([0.5f, -2f, 3.5f, 1f]));
        Assert.Equal((0f, 0f), LayerCard.Range([]));
    }
}

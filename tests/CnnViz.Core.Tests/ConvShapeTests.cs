using CnnViz.Core.Layers;

namespace CnnViz.Core.Tests;

/// <summary>ConvShape.OutputSize, assignment problem 2: out = ⌊(in + 2·pad − filter) / stride⌋ + 1.</summary>
public class ConvShapeTests
{
    [Theory]
    [InlineData(6, 3, 0, 1, 4)]     // the assignment's example: 6×6 input, 3×3 filter → 4×4
    [InlineData(28, 5, 2, 1, 28)]   // "same" padding
    [InlineData(28, 5, 0, 1, 24)]
    [InlineData(28, 2, 0, 2, 14)]   // 2×2 pooling
    [InlineData(5, 2, 0, 2, 2)]     // floor: (5 − 2)/2 = 1.5 → 1, so 2; the last row is dropped
    [InlineData(7, 3, 1, 2, 4)]     // (7 + 2 − 3)/2 = 3 → 4
    [InlineData(8, 3, 1, 2, 4)]     // (8 + 2 − 3)/2 = 3.5 → 3 → 4
    [InlineData(11, 5, 2, 1, 11)]
    [InlineData(1, 1, 0, 1, 1)]
    [InlineData(3, 5, 1, 1, 1)]     // a filter as large as the padded input → 1
    [InlineData(4, 1, 2, 3, 3)]     // (4 + 4 − 1)/3 = 2.33 → 2 → 3
    public void OutputSize_MatchesTheFormula(int input, int filter, int pad, int stride, int expected) =>
        Assert.Equal(expected, ConvShape.OutputSize(input, filter, pad, stride));

    [Fact]
    public void OutputSize_PerAxis_GivesHeightAndWidthSeparately()
    {
        Assert.Equal((4, 4), ConvShape.OutputSize2D(inputHeight: 6, inputWidth: 6, filterHeight: 3, filterWidth: 3));
        Assert.Equal((3, 7), ConvShape.OutputSize2D(7, 11, 2, 5, padHeight: 0, padWidth: 0, strideHeight: 2, strideWidth: 1));
    }

    [Theory]
    [InlineData(0, 3, 0, 1, "input", "Input size must be at least 1")]
    [InlineData(6, 0, 0, 1, "filter", "Filter size must be at least 1")]
    [InlineData(6, 3, -1, 1, "pad", "Padding must be 0 or more")]
    [InlineData(6, 3, 0, 0, "stride", "Stride must be at least 1")]
    [InlineData(4, 5, 0, 1, "filter", "A filter of 5 does not fit an input of 4 with padding 0")]
    [InlineData(2, 7, 2, 1, "filter", "padded size 6")]
    public void OutputSize_RejectsArgumentsOutOfRange_WithAMessage(int input, int filter, int pad, int stride, string param, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ConvShape.OutputSize(input, filter, pad, stride));
        Assert.Equal(param, e.ParamName);
        Assert.Contains(message, e.Message);
    }
}

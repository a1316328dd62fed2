namespace CnnViz.Core.Layers;

/// <summary>
/// Average pooling (assignment problem 4): y[n,c,i,j] = (1 / (PH·PW)) Σ_s Σ_t x[n, c, i·SH+s, j·SW+t].
/// Backward spreads each gradient evenly over its window: dx[n, c, i·SH+s, j·SW+t] += dy[n,c,i,j] / (PH·PW)
/// (+= because overlapping windows share inputs).
/// </summary>
public sealed class AveragePool2D : Pool2D
{
    /// <summary>Square window; the stride defaults to the window size, e.g. <c>new AveragePool2D(2)</c>.</summary>
    public AveragePool2D(int size, int? stride = null, string? name = null)
        : base((size, size), stride is int s ? (s, s) : null, name) { }

    /// <summary>Window and stride per axis (height, width); the stride defaults to the window.</summary>
    public AveragePool2D((int Height, int Width) window, (int Height, int Width)? stride = null, string? name = null)
        : base(window, stride, name) { }

    protected override void ForwardRange(int chunk, int first, int count)
    {
        int w = InputShape.W, oh = OutputShape.H, ow = OutputShape.W;
        float scale = 1f / (WindowHeight * WindowWidth);
        for (int n = first; n < first + count; n++)
        for (int c = 0; c < InputShape.C; c++)
        {
            ReadOnlySpan<float> input = Input.Map(n, c);                     // (H, W)
            Span<float> output = Output.Map(n, c);                           // (OH, OW)
            for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                float sum = 0;
                for (int s = 0; s < WindowHeight; s++)
                for (int t = 0; t < WindowWidth; t++)
                    sum += input[(i * StrideHeight + s) * w + j * StrideWidth + t];
                output[i * ow + j] = sum * scale;
            }
        }
    }

    protected override void BackwardRange(int chunk, int first, int count)
    {
        InputGrad.Samples(first, count).Clear();
        int w = InputShape.W, oh = OutputShape.H, ow = OutputShape.W;
        float scale = 1f / (WindowHeight * WindowWidth);
        for (int n = first; n < first + count; n++)
        for (int c = 0; c < InputShape.C; c++)
        {
            ReadOnlySpan<float> grad = OutputGrad.Map(n, c);                 // (OH, OW)
            Span<float> inputGrad = InputGrad.Map(n, c);                     // (H, W)
            for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                float share = grad[i * ow + j] * scale;
                for (int s = 0; s < WindowHeight; s++)
                for (int t = 0; t < WindowWidth; t++)
                    inputGrad[(i * StrideHeight + s) * w + j * StrideWidth + t] += share;
            }
        }
    }
}

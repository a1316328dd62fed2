using CnnViz.Core.Initializers;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// The convolution formula as four (plus three) nested loops, nothing clever:
/// <c>a[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·SH+s−PH, j·SW+t−PW] · w[m,k,s,t] + b[m]</c> (x = 0 outside).
/// It is the reference the fast <see cref="Conv2d"/> is tested against, and the baseline of the benchmark.
/// Same constructor options and weight layout as Conv2d.
/// </summary>
public sealed class Conv2dNaive : Conv2dBase
{
    public Conv2dNaive(int filters, int kernel, int pad = 0, int stride = 1,
        Initializer? initializer = null, Optimizer? optimizer = null, string? name = null)
        : base(filters, (kernel, kernel), (pad, pad), (stride, stride), initializer, optimizer, name) { }

    public Conv2dNaive(int filters, (int Height, int Width) kernel, (int Height, int Width) pad = default,
        (int Height, int Width)? stride = null, Initializer? initializer = null, Optimizer? optimizer = null, string? name = null)
        : base(filters, kernel, pad, stride ?? (1, 1), initializer, optimizer, name) { }

    // The reference stays on one thread, one loop over the whole batch: its backward adds every sample into one dW.
    protected override void ForwardCore() => ForwardRange(0, 0, Input.Count);

    protected override void BackwardCore() => BackwardRange(0, 0, OutputGrad.Count);

    protected override void ForwardRange(int chunk, int first, int count)
    {
        var g = Geometry;
        Batch x = Input, y = Output;
        float[] w = Weights.Value, b = Bias.Value;
        for (int n = first; n < first + count; n++)
        for (int m = 0; m < Filters; m++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        {
            float sum = b[m];
            for (int k = 0; k < g.Channels; k++)
            for (int s = 0; s < g.KernelHeight; s++)
            for (int t = 0; t < g.KernelWidth; t++)
            {
                int row = i * g.StrideHeight + s - g.PadHeight, col = j * g.StrideWidth + t - g.PadWidth;
                if (row < 0 || row >= g.Height || col < 0 || col >= g.Width) continue; // zero padding
                sum += x[n, k, row, col] * w[((m * g.Channels + k) * g.KernelHeight + s) * g.KernelWidth + t];
            }
            y[n, m, i, j] = sum;
        }
    }

    /// <summary>
    /// Each product x·w in the forward sum sends dy[n,m,i,j] back to both factors:
    /// dw[m,k,s,t] += dy[n,m,i,j] · x[n,k,row,col],  dx[n,k,row,col] += dy[n,m,i,j] · w[m,k,s,t],  db[m] += dy[n,m,i,j].
    /// </summary>
    protected override void BackwardRange(int chunk, int first, int count)
    {
        var g = Geometry;
        Batch x = Input, dy = OutputGrad, dx = InputGrad;
        float[] w = Weights.Value, dw = Weights.Grad, db = Bias.Grad;
        Array.Clear(dw);
        Array.Clear(db);
        if (NeedsInputGrad) dx.Span.Clear();
        for (int n = first; n < first + count; n++)
        for (int m = 0; m < Filters; m++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        {
            float grad = dy[n, m, i, j];
            db[m] += grad;
            for (int k = 0; k < g.Channels; k++)
            for (int s = 0; s < g.KernelHeight; s++)
            for (int t = 0; t < g.KernelWidth; t++)
            {
                int row = i * g.StrideHeight + s - g.PadHeight, col = j * g.StrideWidth + t - g.PadWidth;
                if (row < 0 || row >= g.Height || col < 0 || col >= g.Width) continue;
                int wi = ((m * g.Channels + k) * g.KernelHeight + s) * g.KernelWidth + t;
                dw[wi] += grad * x[n, k, row, col];
                if (NeedsInputGrad) dx[n, k, row, col] += grad * w[wi];
            }
        }
    }
}

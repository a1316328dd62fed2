using System.Numerics.Tensors;
using CnnViz.Core.Initializers;
using CnnViz.Core.Kernels;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// 2-D convolution (assignment problem 1), computed per sample as im2col + one matrix product:
/// <code>
/// cols (C·FH·FW, OH·OW) = im2col(x[n])                      see Im2Col
/// y[n] (M, OH·OW)       = W (M, C·FH·FW) · cols + b          (M, OH, OW) as stored
/// </code>
/// Same options, weights and results as <see cref="Conv2dNaive"/>, which spells out the formula
/// a[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·SH+s−PH, j·SW+t−PW] · w[m,k,s,t] + b[m].
/// </summary>
public sealed class Conv2d : Conv2dBase
{
    /// <summary>Square kernel, the same padding and stride on both axes, e.g. <c>new Conv2d(6, 5, pad: 2)</c>.</summary>
    public Conv2d(int filters, int kernel, int pad = 0, int stride = 1,
        Initializer? initializer = null, Optimizer? optimizer = null, string? name = null)
        : base(filters, (kernel, kernel), (pad, pad), (stride, stride), initializer, optimizer, name) { }

    /// <summary>Kernel, padding and stride per axis (height, width), e.g. <c>new Conv2d(4, (2, 5), stride: (2, 1))</c>.</summary>
    public Conv2d(int filters, (int Height, int Width) kernel, (int Height, int Width) pad = default,
        (int Height, int Width)? stride = null, Initializer? initializer = null, Optimizer? optimizer = null, string? name = null)
        : base(filters, kernel, pad, stride ?? (1, 1), initializer, optimizer, name) { }

    private float[] _cols = [];      // (C·FH·FW, OH·OW): one sample's im2col matrix
    private float[] _colsGrad = [];  // (C·FH·FW, OH·OW): dL/dcols of one sample

    protected override void OnBuild(Rng rng)
    {
        base.OnBuild(rng);
        _cols = new float[Geometry.PatchSize * Geometry.OutputPositions];
        _colsGrad = new float[_cols.Length];
    }

    // ---- forward: y = W · im2col(x) + b ------------------------------------------------------

    protected override void ForwardCore(Batch x, Batch y)
    {
        for (int n = 0; n < x.Count; n++)
            ForwardSample(x.Sample(n), y.Sample(n), _cols);
    }

    /// <summary>One sample: x (C, H, W) → y (M, OH, OW), using cols as scratch.</summary>
    private void ForwardSample(ReadOnlySpan<float> x, Span<float> y, Span<float> cols)
    {
        int m = Filters, k = Geometry.PatchSize, p = Geometry.OutputPositions;
        Im2Col.Unfold(x, Geometry, cols);                           // cols (K, P), K = C·FH·FW, P = OH·OW
        Gemm.Multiply(Weights.Value, cols, y, m, k, p);             // y (M, P) = W (M, K) · cols (K, P)
        for (int f = 0; f < m; f++)                                 // + b[f] on every position of map f
            TensorPrimitives.Add(y.Slice(f * p, p), Bias.Value[f], y.Slice(f * p, p));
    }

    // ---- backward: dW = Σ_n dY·colsᵀ, db = Σ dY, dX = col2im(Wᵀ·dY) ---------------------------

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        Array.Clear(Weights.Grad);
        Array.Clear(Bias.Grad);
        for (int n = 0; n < dy.Count; n++)
        {
            Span<float> dxSample = NeedsInputGrad ? dx.Sample(n) : [];
            BackwardSample(Input.Sample(n), dy.Sample(n), dxSample, _cols, _colsGrad, Weights.Grad, Bias.Grad);
        }
    }

    /// <summary>
    /// One sample: adds its share to dW (M, C·FH·FW) and db (M), and writes dx (C, H, W) unless dx is empty.
    /// cols and colsGrad are scratch of (C·FH·FW, OH·OW).
    /// </summary>
    private void BackwardSample(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx,
        Span<float> cols, Span<float> colsGrad, Span<float> dW, Span<float> db)
    {
        int m = Filters, k = Geometry.PatchSize, p = Geometry.OutputPositions;
        Im2Col.Unfold(x, Geometry, cols);                                           // cols (K, P)
        Gemm.MultiplyTransposeB(dy, cols, dW, m, p, k, accumulate: true);          // dW (M, K) += dY (M, P) · colsᵀ (P, K)
        for (int f = 0; f < m; f++) db[f] += TensorPrimitives.Sum(dy.Slice(f * p, p));
        if (dx.IsEmpty) return;
        Gemm.MultiplyTransposeA(Weights.Value, dy, colsGrad, k, m, p);             // dcols (K, P) = Wᵀ (K, M) · dY (M, P)
        dx.Clear();
        Im2Col.Fold(colsGrad, Geometry, dx);                                        // dx (C, H, W) = col2im(dcols)
    }
}

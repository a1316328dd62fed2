using System.Numerics.Tensors;
using CnnViz.Core.Initializers;
using CnnViz.Core.Kernels;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

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

    // Scratch per batch chunk (see BatchParallel): chunks run on different threads at once.
    private float[][] _cols = [];          // [chunk] (C·FH·FW, OH·OW): one sample's im2col matrix
    private float[][] _colsGrad = [];      // [chunk] (C·FH·FW, OH·OW): dL/dcols of one sample
    private float[][] _weightGrads = [];   // [chunk] (M, C·FH·FW): this chunk's share of dW
    private float[][] _biasGrads = [];     // [chunk] (M): this chunk's share of db
    private BatchParallel _forward = null!, _backward = null!;
    private Batch _x = null!, _y = null!, _dy = null!, _dx = null!;

    protected override void OnBuild(Rng rng)
    {
        base.OnBuild(rng);
        int chunks = BatchParallel.ChunkCount(MaxBatch), colsSize = Geometry.PatchSize * Geometry.OutputPositions;
        _cols = Enumerable.Range(0, chunks).Select(_ => new float[colsSize]).ToArray();
        _colsGrad = Enumerable.Range(0, chunks).Select(_ => new float[colsSize]).ToArray();
        _weightGrads = Enumerable.Range(0, chunks).Select(_ => new float[Weights.Length]).ToArray();
        _biasGrads = Enumerable.Range(0, chunks).Select(_ => new float[Filters]).ToArray();
        _forward = new BatchParallel(ForwardRange);
        _backward = new BatchParallel(BackwardRange);
    }

    // ---- forward: y = W · im2col(x) + b ------------------------------------------------------

    protected override void ForwardCore(Batch x, Batch y)
    {
        (_x, _y) = (x, y);
        _forward.Run(x.Count);   // samples are independent: chunks of the batch run in parallel
    }

    private void ForwardRange(int chunk, int first, int count)
    {
        for (int n = first; n < first + count; n++)
            ForwardSample(_x.Sample(n), _y.Sample(n), _cols[chunk]);
    }

    /// <summary>One sample: x (C, H, W) → y (M, OH, OW), using cols as scratch.</summary>
    private void ForwardSample(ReadOnlySpan<float> x, Span<float> y, Span<float> cols)
    {
        int m = Filters, k = Geometry.PatchSize, p = Geometry.OutputPositions;
        Im2Col.Unfold(x, Geometry, cols);                                   // cols (K, P), K = C·FH·FW, P = OH·OW
        Gemm.MultiplyAddRowBias(Weights.Value, cols, y, m, k, p, Bias.Value); // y (M, P) = W (M, K) · cols (K, P) + b[f] on row f
    }

    // ---- backward: dW = Σ_n dY·colsᵀ, db = Σ dY, dX = col2im(Wᵀ·dY) ---------------------------

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        (_dy, _dx) = (dy, dx);
        _backward.Run(dy.Count);
        // Each chunk summed its own samples; add the chunks up in chunk order, so the result does not
        // depend on how many threads ran them.
        int chunks = BatchParallel.ChunkCount(dy.Count);
        _weightGrads[0].CopyTo(Weights.Grad, 0);
        _biasGrads[0].CopyTo(Bias.Grad, 0);
        for (int c = 1; c < chunks; c++)
        {
            TensorPrimitives.Add(Weights.Grad, _weightGrads[c], Weights.Grad);
            TensorPrimitives.Add(Bias.Grad, _biasGrads[c], Bias.Grad);
        }
    }

    private void BackwardRange(int chunk, int first, int count)
    {
        float[] dW = _weightGrads[chunk], db = _biasGrads[chunk];
        Array.Clear(dW);
        Array.Clear(db);
        for (int n = first; n < first + count; n++)
        {
            Span<float> dxSample = NeedsInputGrad ? _dx.Sample(n) : [];
            BackwardSample(Input.Sample(n), _dy.Sample(n), dxSample, _cols[chunk], _colsGrad[chunk], dW, db);
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

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
/// <para>Speed: the batch is cut into chunks (<see cref="BatchParallel"/>) that run on the compute threads;
/// each chunk has its own scratch and its own share of dW and db, added up in chunk order afterwards, so the
/// result is the same with any number of threads. The bias is added inside the matrix product.</para>
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
    private float[][] _cols = [];          // [chunk] (C·FH·FW, OH·OW): one sample's im2col matrix (forward, before any backward)
    private float[] _keptCols = [];        // (N, C·FH·FW, OH·OW): every sample's im2col, kept by forward for backward
    private bool _colsKept;                // the last Forward wrote _keptCols for every sample of Input
    private float[][] _groupCols = [];     // [chunk] (G, C·FH·FW, OH·OW): im2col of up to G samples, when not kept
    private float[][] _colsGrad = [];      // [chunk] (C·FH·FW, OH·OW): dL/dcols of one sample
    private float[][] _weightGrads = [];   // [chunk] (M, C·FH·FW): this chunk's share of dW
    private float[][] _biasGrads = [];     // [chunk] (M): this chunk's share of db

    /// <summary>Samples whose dW products are summed in registers before one lane reduction (see Gemm.MultiplyTransposeBSum).</summary>
    private const int GroupSize = 8;

    /// <summary>
    /// Forward keeps the batch's im2col matrices for backward only up to this size: LeNet-5 at batch 64 keeps
    /// 5.0 + 3.8 MB, which stay in a 32 MB L3; at batch 256 (20 + 15 MB) reading them back from memory costs
    /// about what unfolding the (much smaller) input again does, so backward unfolds per group instead.
    /// </summary>
    public const long MaxKeptColsBytes = 8L << 20;

    /// <summary>This layer's limit (tests lower it to run the unfold-per-group path on small shapes); set before the first backward.</summary>
    internal long KeptColsLimitBytes { get; set; } = MaxKeptColsBytes;

    private int Chunks => BatchParallel.ChunkCount(MaxBatch);

    protected override void OnBuild(Rng rng)
    {
        base.OnBuild(rng);
        _cols = NewBuffers(Chunks, Geometry.PatchSize * Geometry.OutputPositions);
    }

    /// <summary>Backward's scratch, allocated on the first backward pass (a model that only infers never needs it).</summary>
    private void EnsureBackwardBuffers()
    {
        if (_weightGrads.Length != 0) return;
        int colsSize = Geometry.PatchSize * Geometry.OutputPositions;
        if ((long)MaxBatch * colsSize * sizeof(float) <= KeptColsLimitBytes) _keptCols = new float[MaxBatch * colsSize];
        else _groupCols = NewBuffers(Chunks, Math.Min(GroupSize, MaxBatch) * colsSize);
        _colsGrad = NewBuffers(Chunks, colsSize);
        _weightGrads = NewBuffers(Chunks, Weights.Length);
        _biasGrads = NewBuffers(Chunks, Filters);
    }

    private static float[][] NewBuffers(int count, int length)
    {
        var buffers = new float[count][];
        for (int i = 0; i < count; i++) buffers[i] = new float[length];
        return buffers;
    }

    // ---- forward: y = W · im2col(x) + b ------------------------------------------------------

    /// <summary>Always worth the compute threads: even one sample of a small convolution is thousands of multiply-adds.</summary>
    protected override long WorkOf(int samples) => long.MaxValue;

    /// <summary>
    /// Once a backward pass has run (a model that trains), every forward keeps each sample's im2col matrix, so
    /// backward needs no second unfold; a model that only infers never allocates it (N·K·P floats, 5 MB for
    /// LeNet-5's conv1 at batch 64).
    /// </summary>
    protected override void BeforeForward() => _colsKept = _keptCols.Length != 0;

    /// <summary>Every chunk works on its own samples, scratch and gradient shares (added up in AfterBackward).</summary>
    internal override bool ChunksArePerSample => true;

    protected override void ForwardRange(int chunk, int first, int count)
    {
        int colsSize = Geometry.PatchSize * Geometry.OutputPositions;
        for (int n = first; n < first + count; n++)
            ForwardSample(Input.Sample(n), Output.Sample(n), _colsKept ? _keptCols.AsSpan(n * colsSize, colsSize) : _cols[chunk]);
    }

    /// <summary>One sample: x (C, H, W) → y (M, OH, OW), using cols as scratch.</summary>
    private void ForwardSample(ReadOnlySpan<float> x, Span<float> y, Span<float> cols)
    {
        int m = Filters, k = Geometry.PatchSize, p = Geometry.OutputPositions;
        Im2Col.Unfold(x, Geometry, cols);                                   // cols (K, P), K = C·FH·FW, P = OH·OW
        Gemm.MultiplyAddRowBias(Weights.Value, cols, y, m, k, p, Bias.Value); // y (M, P) = W (M, K) · cols (K, P) + b[f] on row f
    }

    // ---- backward: dW = Σ_n dY·colsᵀ, db = Σ dY, dX = col2im(Wᵀ·dY) ---------------------------

    protected override void BeforeBackward() => EnsureBackwardBuffers();

    // BackwardRange runs on each chunk of the batch between these two.

    protected override void AfterBackward()
    {
        // Each chunk summed its own samples; add the chunks up in chunk order, so the result does not
        // depend on how many threads ran them.
        int chunks = BatchParallel.ChunkCount(OutputGrad.Count);
        _weightGrads[0].CopyTo(Weights.Grad, 0);
        _biasGrads[0].CopyTo(Bias.Grad, 0);
        for (int c = 1; c < chunks; c++)
        {
            TensorPrimitives.Add(Weights.Grad, _weightGrads[c], Weights.Grad);
            TensorPrimitives.Add(Bias.Grad, _biasGrads[c], Bias.Grad);
        }
    }

    /// <summary>
    /// Samples first..first+count−1, in groups of up to <see cref="GroupSize"/>: send dY back to dx (if wanted),
    /// then dW += Σ_group dY_n · cols_nᵀ in one pass, on the im2col matrices forward kept, or, when they were not
    /// kept (too large, or the first step), on the group's samples unfolded here.
    /// </summary>
    protected override void BackwardRange(int chunk, int first, int count)
    {
        int m = Filters, k = Geometry.PatchSize, p = Geometry.OutputPositions;
        bool kept = _keptCols.Length != 0;
        float[] dW = _weightGrads[chunk], db = _biasGrads[chunk], cols = kept ? _keptCols : _groupCols[chunk];
        Array.Clear(dW);
        Array.Clear(db);
        for (int start = first; start < first + count; start += GroupSize)
        {
            int group = Math.Min(GroupSize, first + count - start);
            int groupAt = kept ? start * k * p : 0;   // where cols_start begins in cols
            for (int g = 0; g < group; g++)
            {
                int n = start + g;
                if (!_colsKept) Im2Col.Unfold(Input.Sample(n), Geometry, cols.AsSpan(groupAt + g * k * p, k * p));   // cols_n (K, P)
                ReadOnlySpan<float> dy = OutputGrad.Sample(n);
                for (int f = 0; f < m; f++) db[f] += TensorPrimitives.Sum(dy.Slice(f * p, p));
                if (NeedsInputGrad) InputGradSample(dy, InputGrad.Sample(n), _colsGrad[chunk]);
            }
            // dW (M, K) += Σ_n dY_n (M, P) · cols_nᵀ (P, K)
            Gemm.MultiplyTransposeBSum(OutputGrad.Data.AsSpan(start * m * p), m * p, cols.AsSpan(groupAt), k * p, group, dW, m, p, k, accumulate: true);
        }
    }

    /// <summary>
    /// dx (C, H, W) for one sample: with stride 1, directly as a transposed convolution (<see cref="ConvInputGrad"/>);
    /// otherwise col2im(Wᵀ (K, M) · dY (M, P)), with colsGrad (K, P) as scratch.
    /// </summary>
    private void InputGradSample(ReadOnlySpan<float> dy, Span<float> dx, Span<float> colsGrad)
    {
        if (ConvInputGrad.Supports(Geometry))
        {
            ConvInputGrad.Compute(Weights.Value, dy, Geometry, Filters, dx);
            return;
        }
        int m = Filters, k = Geometry.PatchSize, p = Geometry.OutputPositions;
        Gemm.MultiplyTransposeA(Weights.Value, dy, colsGrad, k, m, p);             // dcols (K, P) = Wᵀ (K, M) · dY (M, P)
        dx.Clear();
        Im2Col.Fold(colsGrad, Geometry, dx);                                        // dx (C, H, W) = col2im(dcols)
    }
}

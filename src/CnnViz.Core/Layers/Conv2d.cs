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
/// <para>Where <see cref="DirectConv.Supports"/> (AVX-512, stride width 1, output rows of at most 4 vectors: LeNet-5's convolutions)
/// or <see cref="DirectConvFilterLanes.Supports"/> (stride width 1, whole vectors of filters: conv2, AVX2 too),
/// forward and dW run as direct convolutions on each sample's zero-padded rows instead (<see cref="PaddedRows"/>);
/// where <see cref="DirectConv.SupportsGradAlone"/> (AVX2, e.g. conv1) only dW does, on inputs padded per group:
/// no im2col matrix is written, which cost as much as the product itself (conv2: unfold 2.6 µs + product 2.8 µs
/// per sample on AVX-512). dX stays GEMM + col2im.</para>
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
    // The direct path (see DirectConv): padded copies instead of im2col matrices. Their zero padding is written
    // once, by the allocation; only the image part is ever written.
    private bool _direct;                  // forward and dW run the direct kernels (DirectConv or DirectConvFilterLanes) on _layout
    private bool _directGrad;              // dW does: with _direct, or alone (forward im2col, backward pads per group)
    private PaddedRows _layout;
    private float[][] _padded = [];        // [chunk] (C, H+2PH, S): one sample's padded input (forward, before any backward)
    private float[] _keptPadded = [];      // (N, C, H+2PH, S): every sample's, kept by forward for dW
    private float[][] _groupPadded = [];   // [chunk] (G, C, H+2PH, S): up to G samples', when not kept
    private float[][] _gradPadded = [];    // [chunk] (G, M, OH, V·lanes): dY of up to G samples, zeros past OW
    // With whole vectors of filters (conv2's 16), the lanes run over filters instead (see DirectConvFilterLanes).
    private bool _filterLanes;
    private float[] _weightsT = [];        // (K, M): Wᵀ, copied by each forward
    private float[][] _weightGradsT = [];  // [chunk] (K, M): this chunk's share of dWᵀ

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
        _direct = DirectConv.Supports(Geometry) || DirectConvFilterLanes.Supports(Geometry, Filters);
        _directGrad = _direct || DirectConv.SupportsGradAlone(Geometry);
        if (_directGrad) _layout = DirectConv.Layout(Geometry);
        if (_direct)
        {
            _padded = NewBuffers(Chunks, _layout.InputSize);
            _filterLanes = DirectConvFilterLanes.CanRun(Geometry, Filters);
            if (_filterLanes) _weightsT = new float[Weights.Length];
        }
        else _cols = NewBuffers(Chunks, Geometry.PatchSize * Geometry.OutputPositions);
    }

    /// <summary>Backward's scratch, allocated on the first backward pass (a model that only infers never needs it).</summary>
    private void EnsureBackwardBuffers()
    {
        if (_weightGrads.Length != 0) return;
        int colsSize = Geometry.PatchSize * Geometry.OutputPositions, group = Math.Min(GroupSize, MaxBatch);
        if (_directGrad)
        {
            // Kept (when forward pads too): LeNet-5's padded inputs are 0.3 + 0.4 MB at batch 64 (AVX-512), against 5.0 + 3.8 MB of columns.
            if (_direct && (long)MaxBatch * _layout.InputSize * sizeof(float) <= KeptColsLimitBytes) _keptPadded = new float[MaxBatch * _layout.InputSize];
            else _groupPadded = NewBuffers(Chunks, group * _layout.InputSize);
            // dYᵀ (G, M, P) for filter lanes, else dyp (G, M, OH, V·lanes).
            _gradPadded = NewBuffers(Chunks, group * (_filterLanes ? Filters * Geometry.OutputPositions : _layout.GradSize(Filters)));
            if (_filterLanes) _weightGradsT = NewBuffers(Chunks, Weights.Length);
        }
        else if ((long)MaxBatch * colsSize * sizeof(float) <= KeptColsLimitBytes) _keptCols = new float[MaxBatch * colsSize];
        else _groupCols = NewBuffers(Chunks, group * colsSize);
        _colsGrad = NewBuffers(Chunks, ConvInputGrad.Supports(Geometry) ? 0 : colsSize);   // only Wᵀ·dY + col2im (stride ≠ 1, scalar) uses it
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
    protected override void BeforeForward()
    {
        _colsKept = (_direct ? _keptPadded.Length : _keptCols.Length) != 0;   // im2col columns, or padded rows
        if (_filterLanes) DirectConvFilterLanes.Transpose(Weights.Value, Filters, Geometry.PatchSize, _weightsT);   // Wᵀ (K, M)
    }

    /// <summary>Every chunk works on its own samples, scratch and gradient shares (added up in AfterBackward).</summary>
    internal override bool ChunksArePerSample => true;

    protected override void ForwardRange(int chunk, int first, int count)
    {
        if (_direct)
        {
            int size = _layout.InputSize;
            for (int n = first; n < first + count; n++)
            {
                Span<float> xp = _colsKept ? _keptPadded.AsSpan(n * size, size) : _padded[chunk];
                _layout.Fill(Input.Sample(n), xp);                                                   // xp (C, H+2PH, S)
                if (_filterLanes) DirectConvFilterLanes.Forward(_weightsT, Bias.Value, xp, _layout, Filters, Output.Sample(n));
                else DirectConv.Forward(Weights.Value, Bias.Value, xp, _layout, Filters, Output.Sample(n)); // y (M, OH, OW) = W ⊛ xp + b
            }
            return;
        }
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
        if (_directGrad)
        {
            DirectBackwardRange(chunk, first, count);
            return;
        }
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
    /// <see cref="BackwardRange"/> on the direct path: per group of up to <see cref="GroupSize"/> samples, copy dY into
    /// zero-padded rows, send it back to dx (if wanted), then dW += Σ_group dY_n ⊛ xp_n in one pass on the padded inputs
    /// forward kept, or, when they were not kept, on the group's samples padded here.
    /// </summary>
    private void DirectBackwardRange(int chunk, int first, int count)
    {
        int m = Filters, p = Geometry.OutputPositions, size = _layout.InputSize, gradSize = _filterLanes ? m * p : _layout.GradSize(m);
        bool kept = _keptPadded.Length != 0;
        float[] dW = _weightGrads[chunk], db = _biasGrads[chunk], xp = kept ? _keptPadded : _groupPadded[chunk], dyp = _gradPadded[chunk];
        float[] dWt = _filterLanes ? _weightGradsT[chunk] : [];
        Array.Clear(dW);
        Array.Clear(db);
        Array.Clear(dWt);
        for (int start = first; start < first + count; start += GroupSize)
        {
            int group = Math.Min(GroupSize, first + count - start);
            int groupAt = kept ? start * size : 0;   // where xp_start begins in xp
            for (int g = 0; g < group; g++)
            {
                int n = start + g;
                if (!_colsKept) _layout.Fill(Input.Sample(n), xp.AsSpan(groupAt + g * size, size));   // xp_n (C, H+2PH, S)
                ReadOnlySpan<float> dy = OutputGrad.Sample(n);
                if (_filterLanes) DirectConvFilterLanes.TransposeGrad(dy, m, p, dyp.AsSpan(g * gradSize, gradSize));   // dYᵀ_n
                else _layout.FillGrad(dy, dyp.AsSpan(g * gradSize, gradSize), m);                       // dyp_n (M, OH, V·lanes)
                for (int f = 0; f < m; f++) db[f] += TensorPrimitives.Sum(dy.Slice(f * p, p));
                if (NeedsInputGrad) InputGradSample(dy, InputGrad.Sample(n), _colsGrad[chunk]);
            }
            if (_filterLanes) DirectConvFilterLanes.AddWeightGrad(dyp, xp.AsSpan(groupAt), group, _layout, m, dWt);   // dWᵀ (K, M) += Σ_n dYᵀ_n ⊛ xp_n
            else DirectConv.AddWeightGrad(dyp, xp.AsSpan(groupAt), group, _layout, m, dW);   // dW (M, K) += Σ_n dyp_n ⊛ xp_n
        }
        if (_filterLanes) DirectConvFilterLanes.AddTransposed(dWt, m, Geometry.PatchSize, dW);
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

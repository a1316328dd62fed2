using System.Numerics.Tensors;
using CnnViz.Core.Initializers;
using CnnViz.Core.Kernels;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Layers;

/// <summary>
/// Fully connected layer (the assignment's FC): Y = X·W + b.
/// X (N, I) flat samples, W (I, O), b (O), Y (N, O). Needs a flat input: put a Flatten before it.
/// </summary>
public sealed class Dense : Layer
{
    private readonly Initializer _initializer;

    public Dense(int outputs, Initializer? initializer = null, Optimizer? optimizer = null, string? name = null) : base(name)
    {
        if (outputs < 1) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "A dense layer needs at least one output.");
        Outputs = outputs;
        _initializer = initializer ?? new HeInitializer();
        Optimizer = optimizer;
    }

    public int Outputs { get; }
    public int Inputs => InputShape.C;
    public override string Kind => "dense";

    /// <summary>W (I, O).</summary>
    public Parameter Weights { get; private set; } = null!;

    /// <summary>b (O).</summary>
    public Parameter Bias { get; private set; } = null!;

    private Parameter[] _parameters = [];

    /// <summary>[Weights, Bias] once built (one array, created by Build, not per call).</summary>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override string Describe() => $"{Name}: Dense {InputShape.C}→{Outputs}";

    protected override SampleShape InferOutputShape(SampleShape input)
    {
        if (!input.IsFlat)
            throw new ShapeException($"{Name}: a dense layer takes flat samples (F×1×1), got {input}; put a Flatten before it.");
        return SampleShape.Flat(Outputs);
    }

    private float[] _weightsTransposed = [];   // Wᵀ (O, I), refreshed each backward pass for dX = dY·Wᵀ
    private BatchParallel _forward = null!, _weightGrad = null!, _inputGrad = null!;
    private Batch _x = null!, _y = null!, _dy = null!, _dx = null!;

    protected override void OnBuild(Rng rng)
    {
        Weights = new Parameter($"{Name}.W", Inputs, Outputs);
        Bias = new Parameter($"{Name}.b", Outputs);
        _parameters = [Weights, Bias];
        _initializer.InitializeWeights(Weights.Value, Inputs, Outputs, rng);
        _weightsTransposed = new float[Inputs * Outputs];
        _forward = new BatchParallel(ForwardRange);         // chunks of samples
        _inputGrad = new BatchParallel(InputGradRange);     // chunks of samples
        _weightGrad = new BatchParallel(WeightGradRange);   // chunks of input features (rows of dW)
    }

    protected override void ForwardCore(Batch x, Batch y)
    {
        (_x, _y) = (x, y);
        _forward.Run(x.Count, work: (long)x.Count * Inputs * Outputs);
    }

    /// <summary>Y (n, O) = X (n, I) · W (I, O) + b on every row, for samples first..first+n−1.</summary>
    private void ForwardRange(int chunk, int first, int count) =>
        Gemm.MultiplyAddColumnBias(_x.Data.AsSpan(first * Inputs, count * Inputs), Weights.Value,
            _y.Data.AsSpan(first * Outputs, count * Outputs), count, Inputs, Outputs, Bias.Value);

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        // dW (I, O) = Xᵀ · dY;  db (O) = Σ_n dY[n];  dX (N, I) = dY · Wᵀ.
        (_dy, _dx) = (dy, dx);
        _weightGrad.Run(Inputs, work: (long)dy.Count * Inputs * Outputs);
        Array.Clear(Bias.Grad);
        for (int i = 0; i < dy.Count; i++)
            TensorPrimitives.Add(Bias.Grad, dy.Span.Slice(i * Outputs, Outputs), Bias.Grad);
        if (!NeedsInputGrad) return;
        Transpose(Weights.Value, Inputs, Outputs, _weightsTransposed);
        _inputGrad.Run(dy.Count, work: (long)dy.Count * Inputs * Outputs);
    }

    /// <summary>Rows first..first+count−1 of dW: dW[i, :] = Σ_n X[n, i] · dY[n, :].</summary>
    private void WeightGradRange(int chunk, int first, int count) =>
        Gemm.MultiplyTransposeA(Input.Data.AsSpan(first), Inputs, _dy.Span,
            Weights.Grad.AsSpan(first * Outputs, count * Outputs), count, _dy.Count, Outputs);

    /// <summary>dX (n, I) = dY (n, O) · Wᵀ (O, I) for samples first..first+count−1.</summary>
    private void InputGradRange(int chunk, int first, int count) =>
        Gemm.Multiply(_dy.Data.AsSpan(first * Outputs, count * Outputs), _weightsTransposed,
            _dx.Data.AsSpan(first * Inputs, count * Inputs), count, Outputs, Inputs);

    /// <summary>dst (cols, rows) = srcᵀ for src (rows, cols).</summary>
    private static void Transpose(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = src.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) dst[c * rows + r] = row[c];
        }
    }
}

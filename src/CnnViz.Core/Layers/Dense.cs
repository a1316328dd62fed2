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
    private BatchParallel _weightGradRows = null!;   // dW is split by rows (input features), not by samples

    protected override void OnBuild(Rng rng)
    {
        Weights = new Parameter($"{Name}.W", Inputs, Outputs);
        Bias = new Parameter($"{Name}.b", Outputs);
        _parameters = [Weights, Bias];
        _initializer.InitializeWeights(Weights.Value, Inputs, Outputs, rng);
        _weightsTransposed = new float[Inputs * Outputs];
        _weightGradRows = new BatchParallel(WeightGradRows);
    }

    protected override long WorkOf(int samples) => (long)samples * Inputs * Outputs;

    /// <summary>Y (n, O) = X (n, I) · W (I, O) + b on every row, for samples first..first+n−1.</summary>
    protected override void ForwardRange(int chunk, int first, int count) =>
        Gemm.MultiplyAddColumnBias(Input.Samples(first, count), Weights.Value,
            Output.Samples(first, count), count, Inputs, Outputs, Bias.Value);

    protected override void BackwardCore()
    {
        // dW (I, O) = Xᵀ · dY;  db (O) = Σ_n dY[n];  dX (N, I) = dY · Wᵀ.
        Batch dy = OutputGrad;
        _weightGradRows.Run(Inputs, WorkOf(dy.Count));
        Array.Clear(Bias.Grad);
        for (int i = 0; i < dy.Count; i++)
            TensorPrimitives.Add(Bias.Grad, dy.Sample(i), Bias.Grad);
        if (!NeedsInputGrad) return;
        base.BackwardCore();   // BackwardRange: dX on each chunk of the batch, with Wᵀ that WeightGradRows wrote
    }

    /// <summary>
    /// Rows first..first+count−1 of dW: dW[i, :] = Σ_n X[n, i] · dY[n, :]; and, when dX is wanted, the same rows of W
    /// copied into columns of Wᵀ for it (here rather than on one thread before dX: 48,000 floats for fc1).
    /// </summary>
    private void WeightGradRows(int chunk, int first, int count)
    {
        Gemm.MultiplyTransposeA(Input.Data.AsSpan(first), Inputs, OutputGrad.Span,
            Weights.Grad.AsSpan(first * Outputs, count * Outputs), count, OutputGrad.Count, Outputs);
        if (!NeedsInputGrad) return;
        for (int i = first; i < first + count; i++)                 // Wᵀ (O, I)[:, i] = W (I, O)[i, :]
        {
            ReadOnlySpan<float> row = Weights.Value.AsSpan(i * Outputs, Outputs);
            for (int o = 0; o < Outputs; o++) _weightsTransposed[o * Inputs + i] = row[o];
        }
    }

    /// <summary>dX (n, I) = dY (n, O) · Wᵀ (O, I) for samples first..first+count−1 (dW and db are done by BackwardCore).</summary>
    protected override void BackwardRange(int chunk, int first, int count) =>
        Gemm.Multiply(OutputGrad.Samples(first, count), _weightsTransposed,
            InputGrad.Samples(first, count), count, Outputs, Inputs);
}

using System.Numerics.Tensors;
using CnnViz.Core.Initializers;
using CnnViz.Core.Kernels;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

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

    protected override void OnBuild(Rng rng)
    {
        Weights = new Parameter($"{Name}.W", Inputs, Outputs);
        Bias = new Parameter($"{Name}.b", Outputs);
        _parameters = [Weights, Bias];
        _initializer.InitializeWeights(Weights.Value, Inputs, Outputs, rng);
    }

    protected override void ForwardCore(Batch x, Batch y)
    {
        int n = x.Count;
        var output = y.Span;
        // Y (N, O) = X (N, I) · W (I, O), then + b on every row.
        Gemm.Multiply(x.Span, Weights.Value, output, n, Inputs, Outputs);
        for (int i = 0; i < n; i++)
            TensorPrimitives.Add(output.Slice(i * Outputs, Outputs), Bias.Value, output.Slice(i * Outputs, Outputs));
    }

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        int n = dy.Count;
        ReadOnlySpan<float> x = Input.Span;
        // dW (I, O) = Xᵀ · dY;  db (O) = Σ_n dY[n];  dX (N, I) = dY · Wᵀ.
        Gemm.MultiplyTransposeA(x, dy.Span, Weights.Grad, Inputs, n, Outputs);
        Array.Clear(Bias.Grad);
        for (int i = 0; i < n; i++)
            TensorPrimitives.Add(Bias.Grad, dy.Span.Slice(i * Outputs, Outputs), Bias.Grad);
        if (NeedsInputGrad)
            Gemm.MultiplyTransposeB(dy.Span, Weights.Value, dx.Span, n, Outputs, Inputs);
    }
}

using CnnViz.Core.Initializers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// A convolution in which output map m sees only the input maps k with connections[k, m] true (LeNet-5's C3,
/// Table I): a <see cref="Conv2d"/> whose weights w[m, k, ·, ·] are held at zero for every missing connection.
/// <code>
/// a[n,m,i,j] = Σ_{k: connections[k,m]} Σ_s Σ_t x[n, k, i+s, j+t] · w[m,k,s,t] + b[m]
/// </code>
/// The masked weights start at 0 and their gradients are zeroed after every backward pass, so no optimizer
/// (with or without weight decay) ever moves them: the layer is exactly the sparse convolution, computed by the
/// dense fast path (C3: 60 of the 96 map pairs, 1,516 trainable numbers of the 2,416 stored).
/// </summary>
public sealed class MaskedConv2d : Layer
{
    private readonly Conv2d _conv;
    private readonly bool[,] _connections;   // (C_in, M): true where input map k feeds output map m
    private float[] _mask = [];              // (M, C, FH, FW): 1 for a connection, 0 otherwise

    public MaskedConv2d(bool[,] connections, int kernel, Initializer? initializer = null, string? name = null) : base(name)
    {
        _connections = (bool[,])connections.Clone();
        _conv = new Conv2d(connections.GetLength(1), kernel, initializer: initializer, name: name);
    }

    public override string Kind => "conv";

    /// <summary>connections[k, m]: does input map k feed output map m.</summary>
    public bool Connected(int input, int output) => _connections[input, output];

    /// <summary>W (M, C, FH, FW), zero at every missing connection.</summary>
    public Parameter Weights => _conv.Weights;
    public Parameter Bias => _conv.Bias;
    public override IReadOnlyList<Parameter> Parameters => _conv.Parameters;

    /// <summary>Trainable numbers: (connections · FH·FW) + M biases.</summary>
    public int TrainableCount => _connections.Cast<bool>().Count(c => c) * _conv.KernelHeight * _conv.KernelWidth + _conv.Filters;

    public override string Describe() =>
        $"{Name}: MaskedConv2d {_conv.Filters}@{_conv.KernelHeight}×{_conv.KernelWidth}, {_connections.Cast<bool>().Count(c => c)} of {_connections.Length} map pairs connected → {OutputShape}";

    protected override SampleShape InferOutputShape(SampleShape input)
    {
        if (input.C != _connections.GetLength(0))
            throw new ShapeException($"{Name}: the connection table has {_connections.GetLength(0)} input maps, the input has {input.C}.");
        int kh = _conv.KernelHeight, kw = _conv.KernelWidth;
        if (kh > input.H || kw > input.W) throw new ShapeException($"{Name}: a {kh}×{kw} kernel does not fit a {input} input.");
        return new SampleShape(_conv.Filters, input.H - kh + 1, input.W - kw + 1);
    }

    protected override void OnBuild(Rng rng)
    {
        _conv.Name = Name;   // the parameters are "c3.W", "c3.b"
        _conv.Build(InputShape, MaxBatch, rng);
        int c = InputShape.C, m = _conv.Filters, area = _conv.KernelHeight * _conv.KernelWidth;
        _mask = new float[m * c * area];
        for (int f = 0; f < m; f++)
            for (int k = 0; k < c; k++)
                if (_connections[k, f]) _mask.AsSpan((f * c + k) * area, area).Fill(1f);
        System.Numerics.Tensors.TensorPrimitives.Multiply(Weights.Value, _mask, Weights.Value);
    }

    protected override void ForwardCore(Batch x, Batch y)
    {
        _conv.Forward(x).Span.CopyTo(y.Span);
    }

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        _conv.NeedsInputGrad = NeedsInputGrad;
        Batch grad = _conv.Backward(dy);
        System.Numerics.Tensors.TensorPrimitives.Multiply(Weights.Grad, _mask, Weights.Grad); // missing connections learn nothing
        if (NeedsInputGrad) grad.Span.CopyTo(dx.Span);
    }
}

using System.Numerics.Tensors;
using CnnViz.Core.Kernels;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Layers;

/// <summary>Rectified linear unit: y = max(0, x); dx = dy where x &gt; 0, else 0. Shape unchanged.</summary>
public sealed class ReLU : Layer
{
    private readonly BatchParallel _forward, _backward;   // element-wise: chunks of the batch in parallel
    private Batch _x = null!, _y = null!, _dy = null!, _dx = null!;

    public ReLU(string? name = null) : base(name)
    {
        _forward = new BatchParallel(ForwardRange);
        _backward = new BatchParallel(BackwardRange);
    }

    public override string Kind => "relu";

    protected override SampleShape InferOutputShape(SampleShape input) => input;

    protected override void ForwardCore(Batch x, Batch y)
    {
        (_x, _y) = (x, y);
        _forward.Run(x.Count, work: x.Span.Length);
    }

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        if (!NeedsInputGrad) return;
        (_dy, _dx) = (dy, dx);
        _backward.Run(dy.Count, work: dy.Span.Length);
    }

    private void ForwardRange(int chunk, int first, int count)
    {
        int size = InputShape.Size;
        TensorPrimitives.Max(_x.Data.AsSpan(first * size, count * size), 0f, _y.Data.AsSpan(first * size, count * size));
    }

    private void BackwardRange(int chunk, int first, int count)
    {
        int size = InputShape.Size;
        Elementwise.ReluBackward(Input.Data.AsSpan(first * size, count * size), _dy.Data.AsSpan(first * size, count * size),
            _dx.Data.AsSpan(first * size, count * size));
    }
}

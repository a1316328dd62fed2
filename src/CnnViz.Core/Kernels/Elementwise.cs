using System.Numerics;
using System.Runtime.InteropServices;

namespace CnnViz.Core.Kernels;

/// <summary>Element-wise kernels that TensorPrimitives has no single call for; span in, span out.</summary>
public static class Elementwise
{
    /// <summary>dx[i] = x[i] &gt; 0 ? dy[i] : 0 (the ReLU's backward pass).</summary>
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (dy.Length != x.Length || dx.Length != x.Length)
            throw new ArgumentException($"x, dy and dx must have the same length, got {x.Length}, {dy.Length}, {dx.Length}.");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var gs = MemoryMarshal.Cast<float, Vector<float>>(dy);
            var ds = MemoryMarshal.Cast<float, Vector<float>>(dx);
            for (int v = 0; v < xs.Length; v++)
                ds[v] = Vector.ConditionalSelect(Vector.GreaterThan(xs[v], Vector<float>.Zero), gs[v], Vector<float>.Zero);
            i = xs.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
    }
}

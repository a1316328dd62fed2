namespace CnnViz.Core.Kernels;

/// <summary>
/// Dense matrix products on row-major float32 spans; the caller owns every buffer.
/// Shapes: A is M×K, B is K×N, C is M×N (as stored, before any transpose).
/// When <c>accumulate</c> is true the product is added to C; otherwise C is overwritten.
/// </summary>
public static class Gemm
{
    /// <summary>C (M×N) = A (M×K) · B (K×N).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, m * k, b, k * n, c, m * n);
        if (!accumulate) c[..(m * n)].Clear();
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float aip = a[i * k + p];
                var bRow = b.Slice(p * n, n);
                for (int j = 0; j < n; j++) cRow[j] += aip * bRow[j];
            }
        }
    }

    /// <summary>C (M×N) = Aᵀ · B, where A is stored K×M and B is K×N.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, k * m, b, k * n, c, m * n);
        if (!accumulate) c[..(m * n)].Clear();
        for (int p = 0; p < k; p++)
        {
            var bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                float api = a[p * m + i];
                var cRow = c.Slice(i * n, n);
                for (int j = 0; j < n; j++) cRow[j] += api * bRow[j];
            }
        }
    }

    /// <summary>C (M×N) = A · Bᵀ, where A is M×K and B is stored N×K.</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a, m * k, b, n * k, c, m * n);
        for (int i = 0; i < m; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                var bRow = b.Slice(j * k, k);
                for (int p = 0; p < k; p++) sum += aRow[p] * bRow[p];
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

    private static void Check(ReadOnlySpan<float> a, int aLen, ReadOnlySpan<float> b, int bLen, ReadOnlySpan<float> c, int cLen)
    {
        if (a.Length < aLen) throw new ArgumentException($"A holds {a.Length} floats, needs {aLen}.", nameof(a));
        if (b.Length < bLen) throw new ArgumentException($"B holds {b.Length} floats, needs {bLen}.", nameof(b));
        if (c.Length < cLen) throw new ArgumentException($"C holds {c.Length} floats, needs {cLen}.", nameof(c));
    }
}

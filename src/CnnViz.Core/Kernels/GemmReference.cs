namespace CnnViz.Core.Kernels;

/// <summary>
/// The plain triple loops behind <see cref="Gemm"/>: same signatures, same row-major layout, no tricks.
/// It is the oracle the fast kernels are tested against, and the fallback on CPUs without 256-bit SIMD.
/// Shapes: A is M×K, B is K×N, C is M×N (as stored, before any transpose).
/// When <c>accumulate</c> is true the product is added to C; otherwise C is overwritten.
/// </summary>
public static class GemmReference
{
    /// <summary>C (M×N) = A (M×K) · B (K×N).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Gemm.Check(a, m * k, b, k * n, c, m * n, m, k, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
    }

    /// <summary>C (M×N) = Aᵀ · B, where A is stored K×M and B is K×N.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Gemm.Check(a, k * m, b, k * n, c, m * n, m, k, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[p * m + i] * b[p * n + j];
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
    }

    /// <summary>C (M×N) = A · Bᵀ, where A is M×K and B is stored N×K.</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Gemm.Check(a, m * k, b, n * k, c, m * n, m, k, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[j * k + p];
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
    }

    /// <summary>C (M×N) = A (M×K) · B (K×N) + rowBias[i] on row i.</summary>
    public static void MultiplyAddRowBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, ReadOnlySpan<float> rowBias)
    {
        Multiply(a, b, c, m, k, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[i * n + j] += rowBias[i];
    }

    /// <summary>C (M×N) = A (M×K) · B (K×N) + colBias[j] on column j.</summary>
    public static void MultiplyAddColumnBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, ReadOnlySpan<float> colBias)
    {
        Multiply(a, b, c, m, k, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[i * n + j] += colBias[j];
    }
}

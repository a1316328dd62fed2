using CnnViz.Core.Kernels;

namespace CnnViz.Core.Tests.Kernels;

/// <summary>
/// The fast <see cref="Gemm"/> kernels against the plain loops of <see cref="GemmReference"/>, over a sweep
/// of shapes that hits every tile edge: sizes below, at and above the vector widths (8, 16) and the tile sizes
/// (AVX2: 6 rows × 16 columns, dot tiles 3 × 3; AVX-512: 4 rows × 64 columns, dot tiles 4 × 4), rows that end
/// in a shifted last vector (N mod 8 ≠ 0), odd sizes, and K on both sides of <see cref="Gemm.DotMinK"/>.
/// Operands sit inside larger arrays filled with NaN, so reading or writing one element too far shows up.
/// </summary>
public class GemmTests
{
    private static readonly int[] Sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 16, 17, 31, 33, 64, 65, 70];
    private static readonly int[] LongK = [255, 256, 257, 300, 784];
    private const int Guard = 40; // NaN floats before and after every operand

    public enum Op { Multiply, TransposeA, TransposeB }

    [Theory]
    [InlineData(Op.Multiply, false)]
    [InlineData(Op.Multiply, true)]
    [InlineData(Op.TransposeA, false)]
    [InlineData(Op.TransposeA, true)]
    [InlineData(Op.TransposeB, false)]
    [InlineData(Op.TransposeB, true)]
    public void FastProduct_MatchesReference_OverShapeSweep(Op op, bool accumulate)
    {
        Sweep(op, accumulate, Sizes);
    }

    /// <summary>Every (m, k, n) from <paramref name="sizes"/>³ (also run by <see cref="FallbackKernelTests"/> with fewer sizes).</summary>
    internal static void Sweep(Op op, bool accumulate, int[] sizes)
    {
        var rng = new Rng(42);
        foreach (int m in sizes)
            foreach (int n in sizes)
                foreach (int k in sizes)
                    CheckShape(op, m, k, n, accumulate, rng);
    }

    [Theory]
    [InlineData(Op.Multiply)]
    [InlineData(Op.TransposeA)]
    [InlineData(Op.TransposeB)]
    public void FastProduct_MatchesReference_LongK(Op op)
    {
        var rng = new Rng(7);
        foreach (int k in LongK)
            foreach (int m in new[] { 1, 3, 6, 16 })
                foreach (int n in new[] { 1, 5, 25, 64, 150 })
                    CheckShape(op, m, k, n, accumulate: (m + n) % 2 == 0, rng);
    }

    [Theory]
    [InlineData(6, 25, 784)]   // conv1 forward, per image
    [InlineData(16, 150, 64)]  // conv2 forward, per image
    [InlineData(64, 400, 120)] // fc1 forward, batch 64
    [InlineData(150, 16, 64)]  // conv2 dCols = Wᵀ·dY
    [InlineData(16, 64, 150)]  // conv2 dW = dY·colsᵀ
    [InlineData(6, 784, 25)]   // conv1 dW = dY·colsᵀ
    public void FastProduct_MatchesReference_LeNetShapes(int m, int k, int n)
    {
        var rng = new Rng(3);
        foreach (Op op in Enum.GetValues<Op>())
        {
            CheckShape(op, m, k, n, accumulate: false, rng);
            CheckShape(op, m, k, n, accumulate: true, rng);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProductPlusBias_MatchesReference_OverShapeSweep(bool perRow)
    {
        var rng = new Rng(11);
        foreach (int m in Sizes)
            foreach (int n in Sizes)
                foreach (int k in new[] { 1, 5, 25, 64 })
                {
                    float[] a = Guarded(m * k, rng), b = Guarded(k * n, rng), bias = Guarded(perRow ? m : n, rng);
                    float[] c = Guarded(m * n, rng), expected = (float[])c.Clone();
                    Span<float> aSpan = a.AsSpan(Guard, m * k), bSpan = b.AsSpan(Guard, k * n), biasSpan = bias.AsSpan(Guard, perRow ? m : n);
                    if (perRow)
                    {
                        Gemm.MultiplyAddRowBias(aSpan, bSpan, c.AsSpan(Guard, m * n), m, k, n, biasSpan);
                        GemmReference.MultiplyAddRowBias(aSpan, bSpan, expected.AsSpan(Guard, m * n), m, k, n, biasSpan);
                    }
                    else
                    {
                        Gemm.MultiplyAddColumnBias(aSpan, bSpan, c.AsSpan(Guard, m * n), m, k, n, biasSpan);
                        GemmReference.MultiplyAddColumnBias(aSpan, bSpan, expected.AsSpan(Guard, m * n), m, k, n, biasSpan);
                    }
                    for (int i = 0; i < c.Length; i++)
                        if (!(Math.Abs(c[i] - expected[i]) <= 1e-6f * (k + 4)) && !(float.IsNaN(c[i]) && float.IsNaN(expected[i])))
                            Assert.Fail($"bias {(perRow ? "rows" : "columns")} m={m} k={k} n={n}: offset {i - Guard} is {c[i]}, reference {expected[i]}.");
                }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SumOfProductsTransposeB_MatchesReference(bool accumulate)
    {
        var rng = new Rng(13);
        foreach (int count in new[] { 1, 2, 5, 8 })
            foreach (var (m, k, n) in new[] { (6, 784, 25), (16, 100, 150), (3, 17, 5), (1, 1, 1), (5, 33, 7), (9, 13, 20), (8, 255, 3) })
            {
                int aStride = m * k + 3, bStride = n * k + 5;   // gaps between the matrices must be skipped
                float[] a = Guarded((count - 1) * aStride + m * k, rng), b = Guarded((count - 1) * bStride + n * k, rng);
                float[] c = Guarded(m * n, rng), expected = (float[])c.Clone();
                Gemm.MultiplyTransposeBSum(a.AsSpan(Guard, (count - 1) * aStride + m * k), aStride,
                    b.AsSpan(Guard, (count - 1) * bStride + n * k), bStride, count, c.AsSpan(Guard, m * n), m, k, n, accumulate);
                for (int s = 0; s < count; s++)
                    GemmReference.MultiplyTransposeB(a.AsSpan(Guard + s * aStride, m * k), b.AsSpan(Guard + s * bStride, n * k),
                        expected.AsSpan(Guard, m * n), m, k, n, accumulate || s > 0);
                for (int i = 0; i < c.Length; i++)
                    if (!(Math.Abs(c[i] - expected[i]) <= 1e-6f * (count * k + 4)) && !(float.IsNaN(c[i]) && float.IsNaN(expected[i])))
                        Assert.Fail($"sum of {count} m={m} k={k} n={n} acc={accumulate}: offset {i - Guard} is {c[i]}, reference {expected[i]}.");
            }
    }

    [Fact]
    public void ZeroK_OverwritesWithZeros_OrLeavesCWhenAccumulating()
    {
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply([], [], c, 2, 0, 2, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Gemm.Multiply([], [], c, 2, 0, 2);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    [Fact]
    public void TooShortBuffers_ThrowArgumentException_NamingTheOperand()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[4], 2, 3, 2));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeB(new float[6], new float[6], new float[3], 2, 3, 2));
        Assert.Equal("c", e.ParamName);
    }

    private static void CheckShape(Op op, int m, int k, int n, bool accumulate, Rng rng)
    {
        // Stored shapes: A is M×K (K×M for Aᵀ), B is K×N (N×K for Bᵀ); both hold m·k and k·n floats either way.
        float[] a = Guarded(m * k, rng), b = Guarded(k * n, rng), c = Guarded(m * n, rng);
        float[] expected = (float[])c.Clone();
        var aSpan = a.AsSpan(Guard, m * k);
        var bSpan = b.AsSpan(Guard, k * n);
        switch (op)
        {
            case Op.Multiply:
                Gemm.Multiply(aSpan, bSpan, c.AsSpan(Guard, m * n), m, k, n, accumulate);
                GemmReference.Multiply(aSpan, bSpan, expected.AsSpan(Guard, m * n), m, k, n, accumulate);
                break;
            case Op.TransposeA:
                Gemm.MultiplyTransposeA(aSpan, bSpan, c.AsSpan(Guard, m * n), m, k, n, accumulate);
                GemmReference.MultiplyTransposeA(aSpan, bSpan, expected.AsSpan(Guard, m * n), m, k, n, accumulate);
                break;
            case Op.TransposeB:
                Gemm.MultiplyTransposeB(aSpan, bSpan, c.AsSpan(Guard, m * n), m, k, n, accumulate);
                GemmReference.MultiplyTransposeB(aSpan, bSpan, expected.AsSpan(Guard, m * n), m, k, n, accumulate);
                break;
        }
        // Values are in [−1, 1), so |C| ≤ K (+1 when accumulating); float sums in another order differ by ~K·ε.
        float tolerance = 1e-6f * (k + 4);
        for (int i = 0; i < c.Length; i++)
        {
            bool inside = i >= Guard && i < Guard + m * n;
            if (!inside)
            {
                if (!float.IsNaN(c[i])) Assert.Fail($"{op} m={m} k={k} n={n} acc={accumulate}: wrote outside C at offset {i - Guard}.");
                continue;
            }
            if (!(Math.Abs(c[i] - expected[i]) <= tolerance))
            {
                int e = i - Guard;
                Assert.Fail($"{op} m={m} k={k} n={n} acc={accumulate}: C[{e / n},{e % n}] = {c[i]}, reference {expected[i]} (tolerance {tolerance}).");
            }
        }
    }

    /// <summary>length random values in [−1, 1) with <see cref="Guard"/> NaNs on both sides.</summary>
    private static float[] Guarded(int length, Rng rng)
    {
        var data = new float[length + 2 * Guard];
        Array.Fill(data, float.NaN);
        for (int i = 0; i < length; i++) data[Guard + i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnViz.Core.Kernels;

/// <summary>
/// The handful of vector operations the GEMM micro-kernels need, over one register width, and the tile
/// shapes that suit that width's register file.
/// Kernels are written once, generic over <typeparamref name="TV"/> and an implementing struct;
/// the JIT compiles a separate, fully inlined copy per width (no virtual calls remain).
/// Masked loads read only the first lanes selected by the mask and return 0 in the others, so a
/// kernel may touch a partial vector at the end of a row without reading past the caller's buffer.
/// </summary>
internal unsafe interface ISimd<TV> where TV : struct
{
    /// <summary>Floats per register (16 for 512-bit, 8 for 256-bit, 1 for the scalar fallback).</summary>
    static abstract int Lanes { get; }
    /// <summary>Rows × vectors of a broadcast tile (C = A·B): R·V accumulators + V vectors of B + 1 broadcast must fit the registers.</summary>
    static abstract int TileRows { get; }
    static abstract int TileVectors { get; }
    /// <summary>Rows of A × rows of B of a dot-product tile (C = A·Bᵀ): R·S sums + S vectors of B + 1 of A must fit.</summary>
    static abstract int DotRows { get; }
    static abstract int DotCols { get; }
    static abstract TV Zero { get; }
    static abstract TV Broadcast(float x);
    static abstract TV Load(float* p);
    static abstract void Store(float* p, TV v);
    /// <summary>A mask that selects the first <paramref name="count"/> lanes (1..Lanes).</summary>
    static abstract TV FirstLanes(int count);
    /// <summary>A mask that selects lanes lo..hi−1 (either may lie outside 0..Lanes; the result may be empty).</summary>
    static abstract TV LaneRange(int lo, int hi);
    static abstract TV LoadMasked(float* p, TV mask);
    static abstract void StoreMasked(float* p, TV v, TV mask);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract TV Add(TV a, TV b);
    /// <summary>Lane-wise bitwise and (intersects masks).</summary>
    static abstract TV And(TV a, TV b);
    /// <summary>Lane-wise mask ? a : b (a blend, not a masked memory access).</summary>
    static abstract TV Select(TV mask, TV a, TV b);
    static abstract float Sum(TV v);
}

/// <summary>
/// A kernel body written once over the vector width (<see cref="Simd.Run"/> picks the width).
/// Implemented by small structs that carry the kernel's arguments, so the call is direct and inlined.
/// </summary>
internal interface IWidthGeneric
{
    void Run<TS, TV>() where TS : ISimd<TV> where TV : struct;
}

/// <summary>The one place that chooses a vector width for this CPU.</summary>
internal static class Simd
{
    /// <summary>v at p: under <paramref name="mask"/> when <paramref name="masked"/> (a row narrower than one vector), a plain store otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store<TS, TV>(float* p, TV v, TV mask, bool masked) where TS : ISimd<TV> where TV : struct
    {
        if (masked) TS.StoreMasked(p, v, mask);
        else TS.Store(p, v);
    }

    /// <summary>"AVX-512", "AVX2" or "scalar": what <see cref="Run"/> uses on this CPU (DOTNET_EnableAVX512=0 — .NET 10; older runtimes read DOTNET_EnableAVX512F — or DOTNET_EnableAVX2=0 lower it).</summary>
    public static string Isa => Simd512.IsSupported ? "AVX-512" : Simd256.IsSupported ? "AVX2" : "scalar";

    /// <summary>Floats per vector of the width <see cref="Run"/> uses (16, 8 or 1).</summary>
    public static int Lanes => Simd512.IsSupported ? Simd512.Lanes : Simd256.IsSupported ? Simd256.Lanes : SimdScalar.Lanes;

    /// <summary>
    /// True where C = Σ A·Bᵀ with short K runs faster as transposed broadcast products than as dot tiles
    /// (AVX2: conv2's dW 7.1 → 4.6 µs per sample on an AMD EPYC Zen 5 restricted to AVX2; AVX-512's 4 × 4 dot tiles are faster as they are).
    /// </summary>
    public static bool ShortDotsAsBroadcast => !Simd512.IsSupported && Simd256.IsSupported;

    /// <summary>False when <see cref="Run"/> falls back to one float at a time.</summary>
    public static bool IsVectorized => Simd512.IsSupported || Simd256.IsSupported;

    /// <summary>Runs <paramref name="kernel"/> at the widest width the CPU has: AVX-512, else AVX2 + FMA, else one float at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TK>(ref TK kernel) where TK : struct, IWidthGeneric
    {
        if (Simd512.IsSupported) kernel.Run<Simd512, Vector512<float>>();
        else if (Simd256.IsSupported) kernel.Run<Simd256, Vector256<float>>();
        else kernel.Run<SimdScalar, float>();
    }
}

/// <summary>AVX-512: 16 floats per register, 32 registers. Tiles 4 × 4 vectors (16 + 4 + 1 = 21 registers), measured on the Intel machine.</summary>
internal readonly unsafe struct Simd512 : ISimd<Vector512<float>>
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    public static int Lanes => 16;
    public static int TileRows => 4;
    public static int TileVectors => 4;
    public static int DotRows => 4;
    public static int DotCols => 4;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FirstLanes(int count) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LaneRange(int lo, int hi) => (Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(lo))
        & Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(hi))).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadMasked(float* p, Vector512<float> mask) => Avx512F.MaskLoad(p, mask, Vector512<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(float* p, Vector512<float> v, Vector512<float> mask) => Avx512F.MaskStore(p, mask, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(Vector512<float> mask, Vector512<float> a, Vector512<float> b) => Vector512.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> v) => Vector512.Sum(v);
}

/// <summary>
/// AVX2 + FMA: 8 floats per register, only 16 registers. Broadcast tiles 6 rows × 2 vectors (12 accumulators
/// + 2 of B + 1 broadcast = 15, the BLIS Haswell shape; 4 × 4 needed 21 and spilled); dot tiles 3 × 3
/// (9 sums + 3 + 1 = 13). Chosen on the AMD EPYC (Zen 3): see README, Performance.
/// </summary>
internal readonly unsafe struct Simd256 : ISimd<Vector256<float>>
{
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx.IsSupported && Fma.IsSupported;
    public static int Lanes => 8;
    public static int TileRows => 6;
    public static int TileVectors => 2;
    public static int DotRows => 3;
    public static int DotCols => 3;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FirstLanes(int count) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LaneRange(int lo, int hi) => (Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(lo))
        & Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(hi))).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadMasked(float* p, Vector256<float> mask) => Avx.MaskLoad(p, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(float* p, Vector256<float> v, Vector256<float> mask) => Avx.MaskStore(p, mask, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Fma.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> v) => Vector256.Sum(v);
}

/// <summary>
/// The fallback without 256-bit SIMD (e.g. DOTNET_EnableAVX2=0): the same kernels, one float per "vector".
/// A mask is a float whose bits are all ones (selected) or all zeros. a·b + c is rounded twice here:
/// without FMA hardware MathF.FusedMultiplyAdd is a slow library call.
/// </summary>
internal readonly unsafe struct SimdScalar : ISimd<float>
{
    private static float AllBits => BitConverter.Int32BitsToSingle(-1);
    private static bool IsSet(float mask) => BitConverter.SingleToInt32Bits(mask) != 0;
    public static int Lanes => 1;
    public static int TileRows => 4;
    public static int TileVectors => 2;
    public static int DotRows => 2;
    public static int DotCols => 2;
    public static float Zero => 0f;
    public static float Broadcast(float x) => x;
    public static float Load(float* p) => *p;
    public static void Store(float* p, float v) => *p = v;
    public static float FirstLanes(int count) => count >= 1 ? AllBits : 0f;
    public static float LaneRange(int lo, int hi) => lo <= 0 && hi > 0 ? AllBits : 0f;
    public static float LoadMasked(float* p, float mask) => IsSet(mask) ? *p : 0f;
    public static void StoreMasked(float* p, float v, float mask) { if (IsSet(mask)) *p = v; }
    public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    public static float Add(float a, float b) => a + b;
    public static float And(float a, float b) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
    public static float Select(float mask, float a, float b) => IsSet(mask) ? a : b;
    public static float Sum(float v) => v;
}

/// <summary>A compile-time count (1..6): kernels written once get a copy per tile size, with dead branches removed.</summary>
internal interface ICount { static abstract int Value { get; } }
internal readonly struct One : ICount { public static int Value => 1; }
internal readonly struct Two : ICount { public static int Value => 2; }
internal readonly struct Three : ICount { public static int Value => 3; }
internal readonly struct Four : ICount { public static int Value => 4; }
internal readonly struct Five : ICount { public static int Value => 5; }
internal readonly struct Six : ICount { public static int Value => 6; }

/// <summary>How a tile treats its last vector column: all lanes plain (<see cref="PlainEdge"/>) or masked loads and stores (<see cref="MaskedEdge"/>).</summary>
internal interface IEdge { static abstract bool Masked { get; } }
internal readonly struct PlainEdge : IEdge { public static bool Masked => false; }
internal readonly struct MaskedEdge : IEdge { public static bool Masked => true; }

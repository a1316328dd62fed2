using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnViz.Core.Kernels;

/// <summary>
/// The handful of vector operations the GEMM micro-kernels need, over one register width.
/// Kernels are written once, generic over <typeparamref name="TV"/> and an implementing struct;
/// the JIT compiles a separate, fully inlined copy per width (no virtual calls remain).
/// Masked loads read only the first lanes selected by the mask and return 0 in the others, so a
/// kernel may touch a partial vector at the end of a row without reading past the caller's buffer.
/// </summary>
internal unsafe interface ISimd<TV> where TV : struct
{
    /// <summary>Floats per register (16 for 512-bit, 8 for 256-bit).</summary>
    static abstract int Lanes { get; }
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
    static abstract float Sum(TV v);
}

/// <summary>AVX-512: 16 floats per register, 32 registers.</summary>
internal readonly unsafe struct Simd512 : ISimd<Vector512<float>>
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    public static int Lanes => 16;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> v) => Vector512.Sum(v);
}

/// <summary>AVX2 + FMA: 8 floats per register, 16 registers.</summary>
internal readonly unsafe struct Simd256 : ISimd<Vector256<float>>
{
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx.IsSupported && Fma.IsSupported;
    public static int Lanes => 8;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> v) => Vector256.Sum(v);
}

/// <summary>A compile-time count (1..4): kernels written once get a copy per tile size, with dead branches removed.</summary>
internal interface ICount { static abstract int Value { get; } }
internal readonly struct One : ICount { public static int Value => 1; }
internal readonly struct Two : ICount { public static int Value => 2; }
internal readonly struct Three : ICount { public static int Value => 3; }
internal readonly struct Four : ICount { public static int Value => 4; }

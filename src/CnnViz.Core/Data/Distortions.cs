using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Data;

/// <summary>Which distortion `--augment` applies to each training image.</summary>
public enum DistortionKind { None, Affine, Elastic }

/// <summary>
/// Random distortions of training images, drawn afresh for every image of every mini-batch ("on the fly").
/// <list type="bullet">
/// <item><b>affine</b> — LeCun et al. 1998, §III-C: "combinations of the following planar affine
/// transformations: horizontal and vertical translations, scaling, squeezing (simultaneous horizontal
/// compression and vertical elongation, or the reverse), and horizontal shearing". The paper gives no ranges;
/// the ones used here, each uniform: translation t ∈ [−2, 2] px per axis, scale k ∈ [0.9, 1.1],
/// squeeze q ∈ [−0.15, 0.15] (x × (1+q), y ÷ (1+q): area kept), horizontal shear h ∈ [−0.2, 0.2] (x += h·y).
/// About the image centre c: p_out = k·[[1+q, h], [0, 1/(1+q)]]·(p_in − c) + c + t.</item>
/// <item><b>elastic</b> — Simard, Steinkraus &amp; Platt 2003, §2: a displacement field Δx, Δy of uniform(−1, 1)
/// values per pixel, smoothed by a Gaussian of σ = 4 px (zero outside the image) and scaled by α = 34 (the
/// paper's values for MNIST): p_in = p_out + α·(G_σ * Δ).</item>
/// </list>
/// Each output pixel is the source image sampled at p_in with bilinear interpolation, 0 (background) outside,
/// so every value stays in [0, 1]. The draws for image n of step s depend only on (seed, s, n): the same seed
/// gives the same images, in any order, with any number of threads, and after a checkpoint resume.
/// Allocation-free per batch: the scratch fields (one set per <see cref="BatchParallel"/> chunk) are made once.
/// </summary>
public sealed class Distortions
{
    public static readonly string[] Names = ["none", "affine", "elastic"];

    public const float MaxShift = 2f, MinScale = 0.9f, MaxScale = 1.1f, MaxSqueeze = 0.15f, MaxShear = 0.2f;
    public const float ElasticSigma = 4f, ElasticAlpha = 34f;

    private readonly int _h, _w;
    private readonly float[] _gauss;            // (2R+1) normalized Gaussian taps, R = ⌈3σ⌉
    private readonly float[][] _dx, _dy, _tmp;  // [chunk] (H, W) displacement fields and the blur's scratch
    private readonly BatchParallel _parallel;
    private Batch _src = null!, _dst = null!;
    private ulong _seed;
    private long _step;

    public Distortions(DistortionKind kind, int height, int width, int maxBatch)
    {
        Kind = kind;
        (_h, _w) = (height, width);
        int radius = (int)MathF.Ceiling(3 * ElasticSigma);
        _gauss = new float[2 * radius + 1];
        for (int i = -radius; i <= radius; i++) _gauss[i + radius] = MathF.Exp(-i * i / (2 * ElasticSigma * ElasticSigma));
        float sum = _gauss.Sum();
        for (int i = 0; i < _gauss.Length; i++) _gauss[i] /= sum;
        int chunks = kind == DistortionKind.Elastic ? BatchParallel.ChunkCount(maxBatch) : 0;
        _dx = New(chunks); _dy = New(chunks); _tmp = New(chunks);
        _parallel = new BatchParallel(Range);
        float[][] New(int n) { var a = new float[n][]; for (int i = 0; i < n; i++) a[i] = new float[height * width]; return a; }
    }

    public DistortionKind Kind { get; }

    /// <summary>The kind named <paramref name="name"/> ("none", "affine", "elastic"), or null.</summary>
    public static DistortionKind? Parse(string name) => Array.IndexOf(Names, name) is int i and >= 0 ? (DistortionKind)i : null;

    /// <summary>
    /// destination[n] = a random distortion of source[n] for n &lt; source.Count, (N, 1, H, W) both; with
    /// <see cref="DistortionKind.None"/> a copy. <paramref name="seed"/> and <paramref name="step"/> pick the draws.
    /// </summary>
    public void Apply(Batch source, Batch destination, ulong seed, long step)
    {
        if (source.Shape != destination.Shape || source.Shape.Size != _h * _w)
            throw new ArgumentException($"Distortions of {_h}×{_w} images cannot map {source.Shape} to {destination.Shape}.");
        destination.Count = source.Count;
        if (Kind == DistortionKind.None) { source.Span.CopyTo(destination.Span); return; }
        (_src, _dst, _seed, _step) = (source, destination, seed, step);
        long work = (long)source.Count * _h * _w * (Kind == DistortionKind.Elastic ? 4 * _gauss.Length : 12);
        _parallel.Run(source.Count, work);
    }

    private void Range(int chunk, int first, int count)
    {
        for (int n = first; n < first + count; n++)
        {
            var random = new SplitMix(_seed, (ulong)_step, (ulong)n);
            if (Kind == DistortionKind.Affine) Affine(_src.Sample(n), _dst.Sample(n), ref random);
            else Elastic(_src.Sample(n), _dst.Sample(n), ref random, _dx[chunk], _dy[chunk], _tmp[chunk]);
        }
    }

    /// <summary>dst(p) = src(A⁻¹(p − c − t) + c), A = k·[[a, h], [0, 1/a]], a = 1 + q; A⁻¹ = [[1/a, −h], [0, a]] / k.</summary>
    private void Affine(ReadOnlySpan<float> src, Span<float> dst, ref SplitMix random)
    {
        float tx = random.Uniform(-MaxShift, MaxShift), ty = random.Uniform(-MaxShift, MaxShift);
        float k = random.Uniform(MinScale, MaxScale), a = 1 + random.Uniform(-MaxSqueeze, MaxSqueeze), h = random.Uniform(-MaxShear, MaxShear);
        float cx = (_w - 1) / 2f, cy = (_h - 1) / 2f;
        float i00 = 1 / (a * k), i01 = -h / k, i11 = a / k;
        for (int v = 0; v < _h; v++)
        {
            float y = v - cy - ty;
            for (int u = 0; u < _w; u++)
            {
                float x = u - cx - tx;
                dst[v * _w + u] = Bilinear(src, i00 * x + i01 * y + cx, i11 * y + cy);
            }
        }
    }

    /// <summary>dst(p) = src(p + α·(G_σ * Δ)(p)), Δ uniform(−1, 1) per pixel and axis.</summary>
    private void Elastic(ReadOnlySpan<float> src, Span<float> dst, ref SplitMix random, float[] dx, float[] dy, float[] tmp)
    {
        for (int i = 0; i < dx.Length; i++) { dx[i] = random.Uniform(-1, 1); dy[i] = random.Uniform(-1, 1); }
        Blur(dx, tmp); Blur(dy, tmp);
        for (int v = 0; v < _h; v++)
            for (int u = 0; u < _w; u++)
            {
                int i = v * _w + u;
                dst[i] = Bilinear(src, u + ElasticAlpha * dx[i], v + ElasticAlpha * dy[i]);
            }
    }

    /// <summary>field ← G_σ * field, separable (rows, then columns), zero outside the image; tmp (H, W) is scratch.</summary>
    private void Blur(float[] field, float[] tmp)
    {
        int r = _gauss.Length / 2;
        for (int v = 0; v < _h; v++)
            for (int u = 0; u < _w; u++)
            {
                float s = 0;
                for (int j = Math.Max(-r, -u); j <= Math.Min(r, _w - 1 - u); j++) s += _gauss[j + r] * field[v * _w + u + j];
                tmp[v * _w + u] = s;
            }
        for (int v = 0; v < _h; v++)
            for (int u = 0; u < _w; u++)
            {
                float s = 0;
                for (int j = Math.Max(-r, -v); j <= Math.Min(r, _h - 1 - v); j++) s += _gauss[j + r] * tmp[(v + j) * _w + u];
                field[v * _w + u] = s;
            }
    }

    /// <summary>src at the real position (x, y) by bilinear interpolation; pixels outside the image are 0.</summary>
    private float Bilinear(ReadOnlySpan<float> src, float x, float y)
    {
        int x0 = (int)MathF.Floor(x), y0 = (int)MathF.Floor(y);
        float fx = x - x0, fy = y - y0;
        return (1 - fy) * ((1 - fx) * At(src, x0, y0) + fx * At(src, x0 + 1, y0))
             + fy * ((1 - fx) * At(src, x0, y0 + 1) + fx * At(src, x0 + 1, y0 + 1));
    }

    private float At(ReadOnlySpan<float> src, int x, int y) => (uint)x < (uint)_w && (uint)y < (uint)_h ? src[y * _w + x] : 0f;

    /// <summary>A counter-based stream (SplitMix64) for one image: a struct, so drawing allocates nothing.</summary>
    private struct SplitMix(ulong seed, ulong step, ulong sample)
    {
        private ulong _state = Mix(Mix(Mix(seed) ^ step) ^ sample);

        private static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [lo, hi), 24 random bits.</summary>
        public float Uniform(float lo, float hi)
        {
            _state = Mix(_state);
            return lo + (hi - lo) * ((_state >> 40) * (1f / (1 << 24)));
        }
    }
}

namespace CnnViz.Core.Tests;

/// <summary>
/// Pooling sweep on a non-square 7×11 input: batch 1 and 3 × channels 1 and 3 × windows 2×2, 3×3, 2×3 ×
/// stride = window (0 below), 1 and (2,1). Rows: batch, channels, PH, PW, SH, SW (0 = the window).
/// </summary>
public static class PoolingSweep
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (int batch in new[] { 1, 3 })
        foreach (int channels in new[] { 1, 3 })
        foreach (var (ph, pw) in new[] { (2, 2), (3, 3), (2, 3) })
        foreach (var (sh, sw) in new[] { (0, 0), (1, 1), (2, 1) })
            yield return [batch, channels, ph, pw, sh, sw];
    }

    public static (int, int)? Stride(int sh, int sw) => sh == 0 ? null : (sh, sw);
}

using CnnViz.Render.Gfx;

namespace CnnViz.Render.Tests;

/// <summary>
/// The colormaps written out independently of shaders/batch2d.frag (from the stops documented on
/// <see cref="Colormap"/>), so a wrong shader edit makes the pixel tests fail.
/// </summary>
internal static class ReferenceColormaps
{
    private static readonly float[][] Diverging = [[0.230f, 0.299f, 0.754f], [1f, 1f, 1f], [0.706f, 0.016f, 0.150f]];
    private static readonly float[][] Sequential =
        [[0.000f, 0.000f, 0.016f], [0.341f, 0.063f, 0.431f], [0.733f, 0.216f, 0.329f], [0.976f, 0.557f, 0.035f], [0.988f, 1.000f, 0.643f]];

    public static Color Map(Colormap map, float value, float lo, float hi)
    {
        float t = hi > lo ? Math.Clamp((value - lo) / (hi - lo), 0f, 1f) : 0.5f;
        return map switch
        {
            Colormap.Grayscale => FromUnit(t, t, t),
            Colormap.Diverging => Stops(Diverging, t),
            Colormap.Sequential => Stops(Sequential, t),
            _ => throw new ArgumentOutOfRangeException(nameof(map)),
        };
    }

    private static Color Stops(float[][] stops, float t)
    {
        float s = t * (stops.Length - 1);
        int i = Math.Min((int)s, stops.Length - 2);
        float f = s - i;
        float[] a = stops[i], b = stops[i + 1];
        return FromUnit(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f);
    }

    private static Color FromUnit(float r, float g, float b) =>
        new((byte)MathF.Round(r * 255f), (byte)MathF.Round(g * 255f), (byte)MathF.Round(b * 255f));
}

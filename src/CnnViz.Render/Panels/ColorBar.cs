using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// A colour bar with numbers: the colormap's ramp drawn over a strip, the value at its left end, its middle
/// (0 on a symmetric diverging range: white) and its right end written under it. Every colormap on screen has one.
/// </summary>
internal sealed class ColorBar
{
    public const int Steps = 64;
    public const float Height = 16; // 5 units of ramp, 1 of gap, the numbers (8) and 2 of leading

    private readonly GridTexture _ramp; // (1, 1, Steps): t = i / (Steps − 1)

    public ColorBar(Renderer2D r)
    {
        _ramp = r.CreateGrid(Steps, 1, 1);
        Span<float> t = stackalloc float[Steps];
        for (int i = 0; i < Steps; i++) t[i] = i / (float)(Steps - 1);
        _ramp.SetTiles(t);
    }

    /// <summary>The value drawn at fraction <paramref name="t"/> of the bar: lo + t·(hi − lo) (tests compare it with the map's range).</summary>
    public static float ValueAt(float t, float lo, float hi) => lo + t * (hi - lo);

    /// <summary>Draws the bar across <paramref name="area"/> (its top <see cref="Height"/> units) for values lo..hi.</summary>
    public void Draw(Renderer2D r, RectF area, Colormap map, float lo, float hi)
    {
        // A whole number of units per ramp step: texel edges then fall on pixel edges in every GL driver (window = offscreen).
        area = area with { X = MathF.Round(area.X), W = MathF.Max(Steps, MathF.Floor(area.W / Steps) * Steps) };
        var bar = new RectF(area.X, MathF.Round(area.Y), area.W, 5);
        r.DrawGrid(_ramp, 0, bar, map, 0, 1);
        Span<char> text = stackalloc char[16];
        float y = area.Y + 7;
        text.TryWrite($"{lo:G3}", out int n);
        r.DrawText(text[..n], area.X, y, 1, Color.Dim);
        text.TryWrite($"{hi:G3}", out n);
        r.DrawText(text[..n], area.Right - Renderer2D.MeasureText(text[..n]), y, 1, Color.Dim);
        if (area.W < 120) return;
        text.TryWrite($"{ValueAt(0.5f, lo, hi):G3}", out n);
        r.DrawText(text[..n], area.X + (area.W - Renderer2D.MeasureText(text[..n])) / 2, y, 1, Color.Dim);
    }
}

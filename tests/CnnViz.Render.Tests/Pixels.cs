using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;

namespace CnnViz.Render.Tests;

/// <summary>A read-back frame (top-down RGB) with helpers to look at single pixels.</summary>
internal sealed class Pixels(byte[] rgb, int width, int height)
{
    public byte[] Rgb { get; } = rgb;
    public int Width { get; } = width;
    public int Height { get; } = height;

    public static Pixels Read(IRenderSurface surface)
    {
        byte[]? scratch = null;
        return new Pixels(FrameCapture.ReadRgb(surface, ref scratch), surface.FramebufferWidth, surface.FramebufferHeight);
    }

    public (byte R, byte G, byte B) At(int x, int y)
    {
        int i = (y * Width + x) * 3;
        return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
    }

    public bool Is(int x, int y, Color c, int tolerance = 0)
    {
        var (r, g, b) = At(x, y);
        return Math.Abs(r - c.R) <= tolerance && Math.Abs(g - c.G) <= tolerance && Math.Abs(b - c.B) <= tolerance;
    }

    public void AssertColor(int x, int y, Color expected, int tolerance, string what)
    {
        var (r, g, b) = At(x, y);
        Assert.True(Is(x, y, expected, tolerance),
            $"{what}: pixel ({x},{y}) is ({r},{g},{b}), expected ({expected.R},{expected.G},{expected.B}) ± {tolerance}");
    }

    /// <summary>How many pixels inside [x0, x1) × [y0, y1) are within ±tolerance of <paramref name="c"/>.</summary>
    public int Count(int x0, int y0, int x1, int y1, Color c, int tolerance = 0)
    {
        int n = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                if (Is(x, y, c, tolerance)) n++;
        return n;
    }
}

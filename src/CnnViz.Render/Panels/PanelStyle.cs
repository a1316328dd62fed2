using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>Shared drawing conventions of the panels: a titled frame and how tiles fit an area.</summary>
internal static class PanelStyle
{
    /// <summary>
    /// A digit tile's side, rounded down to a multiple of 4 pixels (at least 4). A 28-texel image drawn S pixels wide
    /// samples texel 14·(2k+1)/S at pixel k; when 4 divides S that is never a whole number, so no pixel centre falls
    /// on a texel edge, where nearest sampling may round either way (the window and an offscreen FBO disagreed there).
    /// </summary>
    public static float TileSize(float available) => MathF.Max(4, MathF.Floor(available / 4) * 4);

    public const int TitleHeight = 16;

    /// <summary>
    /// A panel's title in its top-left corner; returns the content area below the title. The panel color itself is the
    /// frame's clear color (the scene draws only the gutters between panels: filling every pixel twice costs milliseconds
    /// on a software rasterizer).
    /// </summary>
    public static RectF Frame(Renderer2D r, RectF area, ReadOnlySpan<char> title)
    {
        FitText(r, title, area.X + 6, area.Y + 5, area.W - 12, Color.Text); // cut with ".." on a narrow screen
        return new RectF(area.X + 6, area.Y + TitleHeight + 4, area.W - 12, area.H - TitleHeight - 10);
    }

    /// <summary>
    /// How <paramref name="count"/> tiles of tileW×tileH fit in <paramref name="area"/> with <paramref name="gap"/> between them:
    /// the largest whole scale (at most <paramref name="maxScale"/>) at which they fit, else a fractional one.
    /// Columns are a multiple of <paramref name="group"/> when possible, so groups (a filter's input slices) stay on one line.
    /// </summary>
    public static (float Scale, int Columns) Fit(int count, int tileW, int tileH, float width, float height, float gap, int maxScale, int group = 1)
    {
        for (int s = maxScale; s >= 1; s--)
        {
            int cols = Columns(width, tileW * s, gap, group, count);
            int rows = (count + cols - 1) / cols;
            bool whole = group <= 1 || cols % group == 0 || cols == count; // a kernel's slices on one line
            if (cols >= 1 && whole && rows * (tileH * s + gap) - gap <= height) return (s, cols);
        }
        // Not even at scale 1: shrink until the rows fit.
        for (float s = 0.9f; s > 0.1f; s -= 0.1f)
        {
            int cols = Columns(width, tileW * s, gap, group, count);
            int rows = (count + cols - 1) / cols;
            bool whole = group <= 1 || cols % group == 0 || cols == count;
            if (whole && rows * (tileH * s + gap) - gap <= height) return (s, cols);
        }
        return (0.1f, Math.Max(1, count));
    }

    private static int Columns(float width, float tile, float gap, int group, int count)
    {
        int cols = Math.Max(1, (int)((width + gap) / (tile + gap)));
        if (group > 1 && cols >= group) cols -= cols % group;
        return Math.Min(cols, count);
    }

    /// <summary>Text cut to <paramref name="maxWidth"/> (ending in ".." when cut), at scale 1.</summary>
    public static void FitText(Renderer2D r, ReadOnlySpan<char> text, float x, float y, float maxWidth, Color color)
    {
        int fits = Math.Max(0, (int)(maxWidth / 8));
        if (text.Length <= fits) { r.DrawText(text, x, y, 1, color); return; }
        if (fits < 3) return;
        r.DrawText(text[..(fits - 2)], x, y, 1, color);
        r.DrawText("..", x + (fits - 2) * 8, y, 1, color);
    }

    /// <summary>Symmetric range [−m, m] with m the largest magnitude, so white means 0 on the diverging map.</summary>
    public static (float Lo, float Hi) Symmetric((float Min, float Max) range)
    {
        float m = MathF.Max(MathF.Abs(range.Min), MathF.Abs(range.Max));
        return m > 0 ? (-m, m) : (-1, 1);
    }

    /// <summary>Draws <paramref name="text"/> broken into lines that fit <paramref name="width"/>; returns the y below it.</summary>
    public static float Wrapped(Renderer2D r, ReadOnlySpan<char> text, float x, float y, float width, Color color, int maxLines)
    {
        int perLine = Math.Max(1, (int)(width / 8)), lines = 0;
        while (!text.IsEmpty && lines < maxLines)
        {
            int end = Math.Min(text.Length, perLine);
            int newline = text[..end].IndexOf('\n');
            if (newline >= 0) end = newline;
            else if (end < text.Length)
            {
                int space = text[..end].LastIndexOf(' ');
                if (space > 0) end = space;
            }
            r.DrawText(text[..end], x, y, 1, color);
            y += 10;
            lines++;
            text = end < text.Length && (text[end] == ' ' || text[end] == '\n') ? text[(end + 1)..] : text[end..];
        }
        return y;
    }
}

using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// Draw mode's 28×28 canvas, 10 layout units per pixel: the left button paints with a soft round brush,
/// the right button erases. The network's answer and its layers update live (the loop calls Predict).
/// </summary>
internal sealed class DrawCanvasPanel
{
    public const int Size = 28, Zoom = 10;
    private readonly GridTexture _texture;

    public DrawCanvasPanel(Renderer2D r, RectF area)
    {
        Area = area;
        _texture = r.CreateGrid(Size, Size, 1);
    }

    public RectF Area { get; }
    public RectF Canvas => new(Area.X + MathF.Round((Area.W - Size * Zoom) / 2), Area.Y + PanelStyle.TitleHeight + 8, Size * Zoom, Size * Zoom);

    /// <summary>Paints (left button) or erases (right) under the mouse at layout point (x, y); returns true when the canvas changed.</summary>
    public bool Paint(float x, float y, bool left, bool right, float[] canvas)
    {
        if (!left && !right) return false;
        RectF c = Canvas;
        if (!c.Contains(x, y)) return false;
        float cx = (x - c.X) / Zoom, cy = (y - c.Y) / Zoom; // in canvas pixels
        bool erase = right;
        bool changed = false;
        // A brush of radius 1.5 pixels with a soft edge, like a pen stroke in MNIST (thick, anti-aliased).
        for (int py = Math.Max(0, (int)cy - 2); py <= Math.Min(Size - 1, (int)cy + 2); py++)
            for (int px = Math.Max(0, (int)cx - 2); px <= Math.Min(Size - 1, (int)cx + 2); px++)
            {
                float dx = px + 0.5f - cx, dy = py + 0.5f - cy, d = MathF.Sqrt(dx * dx + dy * dy);
                float ink = Math.Clamp(2.0f - d, 0f, 1f);
                ref float p = ref canvas[py * Size + px];
                float v = erase ? MathF.Min(p, 1 - ink) : MathF.Max(p, ink);
                if (v != p) { p = v; changed = true; }
            }
        return changed;
    }

    public void Update(float[] canvas) => _texture.SetTiles(canvas);

    public void Draw(Renderer2D r)
    {
        PanelStyle.Frame(r, Area, "draw a digit: left paints, right erases, C clears");
        RectF c = Canvas;
        r.DrawGrid(_texture, 0, c, Colormap.Grayscale, 0, 1);
        r.DrawRectLines(new RectF(c.X - 2, c.Y - 2, c.W + 4, c.H + 4), 2, Color.Validation);
        r.DrawText("the net sees these 28x28 pixels", c.X, c.Bottom + 8, 1, Color.Dim);
    }
}

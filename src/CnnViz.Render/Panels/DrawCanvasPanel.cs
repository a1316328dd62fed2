using CnnViz.Engine.Live;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// Draw mode's 28×28 canvas (<see cref="DrawCanvas"/>), 10 layout units per pixel. The loop maps the mouse
/// through <see cref="ToCanvas"/>; the controller paints and predicts, so the layers update live.
/// </summary>
internal sealed class DrawCanvasPanel
{
    public const int Size = DrawCanvas.Size, Zoom = 10;
    private readonly GridTexture _texture;

    public DrawCanvasPanel(Renderer2D r, RectF area)
    {
        Area = area;
        _texture = r.CreateGrid(Size, Size, 1);
    }

    public RectF Area { get; }
    public RectF Canvas => new(Area.X + MathF.Round((Area.W - Size * Zoom) / 2), Area.Y + PanelStyle.TitleHeight + 8, Size * Zoom, Size * Zoom);

    /// <summary>Layout point (x, y) in canvas pixels from the canvas's top left; false outside the canvas.</summary>
    public bool ToCanvas(float x, float y, out float cx, out float cy)
    {
        RectF c = Canvas;
        cx = (x - c.X) / Zoom;
        cy = (y - c.Y) / Zoom;
        return c.Contains(x, y);
    }

    public void Update(DrawCanvas canvas) => _texture.SetTiles(canvas.Pixels);

    public void Draw(Renderer2D r)
    {
        PanelStyle.Frame(r, Area, "draw a digit: left paints, right erases, C clears");
        RectF c = Canvas;
        r.DrawGrid(_texture, 0, c, Colormap.Grayscale, 0, 1);
        r.DrawRectLines(new RectF(c.X - 2, c.Y - 2, c.W + 4, c.H + 4), 2, Color.Validation);
        r.DrawText("the net sees these 28x28 pixels", c.X, c.Bottom + 8, 1, Color.Dim);
    }
}

using CnnViz.Engine.Live;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// Draw mode's 28×28 canvas (<see cref="DrawCanvas"/>), up to 10 layout units per pixel (as many as the panel
/// holds). The loop maps the mouse through <see cref="ToCanvas"/>; the controller paints and predicts, so the
/// layers update live. On a digit data set the network is shown the drawing fitted and centred as MNIST's
/// digits were (the followed image in the middle column is that version).
/// </summary>
internal sealed class DrawCanvasPanel
{
    public const int Size = DrawCanvas.Size, MaxZoom = 10;
    private const float Top = 2 * Renderer2D.LineHeight + 10, Bottom = 2 * Renderer2D.LineHeight + 8; // the two title lines; the two lines under it
    private readonly GridTexture _texture;
    private readonly bool _digits;

    public DrawCanvasPanel(Renderer2D r, RectF area, bool digits)
    {
        Area = area;
        _digits = digits;
        _texture = r.CreateGrid(Size, Size, 1);
        Zoom = Math.Max(1, (int)MathF.Min(MaxZoom, MathF.Min((area.W - 16) / Size, (area.H - Top - Bottom) / Size)));
    }

    public RectF Area { get; }

    /// <summary>Layout units per canvas pixel: the largest whole number ≤ 10 at which the canvas and its captions fit.</summary>
    public int Zoom { get; }

    public RectF Canvas => new(Area.X + MathF.Round((Area.W - Size * Zoom) / 2), Area.Y + Top, Size * Zoom, Size * Zoom);

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
        float x = Area.X + 6, w = Area.W - 12;
        PanelStyle.FitText(r, _digits ? "draw a digit (D: done)" : "draw an image (D: done)", x, Area.Y + 5, w, Color.Text);
        PanelStyle.FitText(r, "left paints, right erases", x, Area.Y + 5 + Renderer2D.LineHeight, w, Color.Dim);
        RectF c = Canvas;
        r.DrawGrid(_texture, 0, c, Colormap.Grayscale, 0, 1);
        r.DrawRectLines(new RectF(c.X - 2, c.Y - 2, c.W + 4, c.H + 4), 2, Color.Validation);
        PanelStyle.FitText(r, "C clears; 28×28 pixels", x, c.Bottom + 6, w, Color.Dim);
        PanelStyle.FitText(r, _digits ? "centred as MNIST for the net" : "the net sees these pixels", x, c.Bottom + 6 + Renderer2D.LineHeight, w, Color.Dim);
    }
}

using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>The latest training images the model got wrong, newest first, each with "truth>guess" and the confidence of the guess.</summary>
internal sealed class MisclassifiedPanel
{
    private const int Shown = 16, CellH = 48;
    private readonly ClassLabels _labels;
    private readonly int _cellW;   // 37 for one-character class names ("3>5"), wider for "Pul>Shi"
    private readonly GridTexture _images; // (Shown, H, W)
    private readonly int _imageW, _imageH;
    private long _version = -1;

    public MisclassifiedPanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        _imageW = views.ImageWidth;
        _imageH = views.ImageHeight;
        _images = r.CreateGrid(_imageW, _imageH, Shown);
        _labels = new ClassLabels(views.ClassNames);
        _cellW = Math.Max(37, (2 * _labels.MaxShort + 1) * 8 + 5);
    }

    public RectF Area { get; }

    public void Update(SessionViews views)
    {
        var buffer = views.Misclassified;
        if (buffer.Version == _version) return; // re-upload only when a new mistake arrived
        _version = buffer.Version;
        int count = Math.Min(buffer.Count, Shown);
        for (int i = 0; i < count; i++) _images.SetTiles(buffer[i].Image, i);
    }

    public void Draw(Renderer2D r, SessionViews views)
    {
        RectF content = PanelStyle.Frame(r, Area, "training mistakes: true>guess");
        var buffer = views.Misclassified;
        int columns = Math.Max(1, (int)((Area.W - 12) / _cellW)), rows = Math.Max(1, (int)((Area.Bottom - content.Y - _imageH - 19) / CellH) + 1);
        int count = Math.Min(Math.Min(buffer.Count, Shown), columns * rows);
        Span<char> text = stackalloc char[16];
        for (int i = 0; i < count; i++)
        {
            var m = buffer[i];
            float x = content.X + i % columns * _cellW + 2, y = content.Y + i / columns * CellH;
            r.DrawGrid(_images, i, new RectF(x, y, _imageW, _imageH), Colormap.Grayscale, 0, 1);
            text.TryWrite($"{_labels.Short(m.Truth)}>{_labels.Short(m.Predicted)}", out int n);
            r.DrawText(text[..n], x, y + _imageH + 2, 1, Color.Wrong);
            text.TryWrite($"{m.Confidence * 100:F0}%", out n);
            r.DrawText(text[..n], x, y + _imageH + 11, 1, Color.Dim);
        }
        if (count == 0) r.DrawText("none yet", content.X, content.Y, 1, Color.Dim);
    }
}

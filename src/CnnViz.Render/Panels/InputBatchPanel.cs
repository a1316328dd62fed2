using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The mini-batch just trained: every image (grayscale, 0 = black, 1 = white) with its true label and the
/// model's prediction under it, green when right and red when wrong; the selected sample is framed.
/// </summary>
internal sealed class InputBatchPanel
{
    public const int CellWidth = 37;

    /// <summary>A digit and its caption: "label guess" on one line for one-character class names, on two lines for longer ones.</summary>
    public int CellHeight => _labels.AllShort && _labels.MaxShort == 1 ? 42 : 52;
    private readonly ClassLabels _labels;

    /// <summary>Images per row: as many as the panel's width holds (8 at 1280×800).</summary>
    public int Columns => Math.Max(1, (int)((Area.W - 12) / CellWidth));
    private readonly GridTexture _images; // (BatchSize, H, W)
    private readonly int _imageW, _imageH;

    public InputBatchPanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        _imageW = views.ImageWidth;
        _imageH = views.ImageHeight;
        _images = r.CreateGrid(_imageW, _imageH, views.BatchSize);
        _labels = new ClassLabels(views.ClassNames);
    }

    public RectF Area { get; }

    /// <summary>Where image n is drawn (at 1 layout unit per pixel).</summary>
    public RectF ImageRect(int n)
    {
        float x = Area.X + 6 + n % Columns * CellWidth, y = Area.Y + PanelStyle.TitleHeight + 4 + n / Columns * CellHeight;
        return new RectF(x + 4, y + 1, _imageW, _imageH);
    }

    /// <summary>The images as trained, or (O, with --augment) as they were before their distortion.</summary>
    public void Update(SessionViews views, bool original)
    {
        _original = original && views.Augmentation is not null;
        _images.SetTiles(_original ? views.OriginalImages : views.InputImages);
    }
    private bool _original;

    /// <summary>The batch sample under (x, y), or −1.</summary>
    public int HitTest(SessionViews views, float x, float y)
    {
        for (int n = 0; n < views.BatchCount; n++)
        {
            var img = ImageRect(n);
            if (img.Bottom > Area.Bottom) break;
            if (new RectF(img.X - 3, img.Y - 3, img.W + 6, CellHeight - 3).Contains(x, y)) return n;
        }
        return -1;
    }

    public void Draw(Renderer2D r, SessionViews views)
    {
        ReadOnlySpan<char> title = views.Augmentation is null ? (views.Step > 0 ? "training batch: label, guess" : "training batch (not trained yet)")
            : _original ? "batch BEFORE distortion (O: as trained)" : "batch as trained, distorted (O: originals)";
        PanelStyle.FitText(r, title, Area.X + 6, Area.Y + 5, Area.W - 12, Color.Text);
        ReadOnlySpan<int> labels = views.Labels, predictions = views.Predictions;
        bool trained = views.Step > 0;
        bool oneLine = CellHeight == 42;
        for (int n = 0; n < views.BatchCount; n++)
        {
            RectF img = ImageRect(n);
            if (img.Y + CellHeight - 4 > Area.Bottom) break; // a small screen shows the first rows of the batch
            r.DrawGrid(_images, n, img, Colormap.Grayscale, 0, 1);
            if (!trained) continue;
            bool right = labels[n] == predictions[n];
            r.DrawText(_labels.Short(labels[n]), img.X + (oneLine ? 4 : 0), img.Bottom + 2, 1, Color.Dim);
            r.DrawText(_labels.Short(predictions[n]), img.X + (oneLine ? 16 : 0), img.Bottom + (oneLine ? 2 : 12), 1, right ? Color.Right : Color.Wrong);
            if (!right) r.DrawRectLines(new RectF(img.X - 1, img.Y - 1, img.W + 2, img.H + 2), 1, Color.Wrong);
        }
        RectF sel = ImageRect(views.SelectedSample);
        if (sel.Y + CellHeight - 4 <= Area.Bottom) r.DrawRectLines(new RectF(sel.X - 3, sel.Y - 3, sel.W + 6, CellHeight - 3), 2, Color.Accent);
    }

}

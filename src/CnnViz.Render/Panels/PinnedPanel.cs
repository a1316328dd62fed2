using CnnViz.Engine.Study;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The digit the network below is shown on: the pinned image (the same across steps until you pin another),
/// where it came from, and the output probabilities of its own forward pass as ten bars (true class in yellow).
/// </summary>
internal sealed class PinnedPanel
{
    private readonly GridTexture _image;
    private long _seen = -1;

    public PinnedPanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        _image = r.CreateGrid(views.ImageWidth, views.ImageHeight, 1);
    }

    public RectF Area { get; set; }

    /// <summary>Where the pinned image is drawn (clicks on it explain nothing; tests read it).</summary>
    public RectF ImageArea { get; private set; }

    public void Update(StudyViews study)
    {
        if (study.Pin.Version == _seen) return;
        _image.SetTiles(study.Pin.Image);
        _seen = study.Pin.Version;
    }

    public void Draw(Renderer2D r, SessionViews views, StudyViews study)
    {
        var pin = study.Pin;
        var probe = study.Probe;
        float size = MathF.Min(Area.H - 8, 2 * _image.TileHeight + 8);
        ImageArea = new RectF(Area.X + 6, Area.Y + 4, size, size);
        r.DrawGrid(_image, 0, ImageArea, Colormap.Grayscale, 0, 1);
        float x = ImageArea.Right + 10, width = Area.Right - 6 - x;
        Span<char> text = stackalloc char[120];
        var names = views.ClassNames;
        string noun = study.IsDigits ? "digit" : "image";
        bool drawn = pin.Target.Source == Engine.Pinning.PinSource.Drawn, empty = drawn && pin.IsEmpty;
        int n0;
        if (drawn) text.TryWrite($"followed {noun}: your drawing{(study.IsDigits ? ", fitted and centred as MNIST" : "")}", out n0);
        else text.TryWrite($"followed {noun}: {pin.Description}, label {(pin.Label >= 0 ? names[pin.Label] : "?")}", out n0);
        PanelStyle.FitText(r, text[..n0], x, Area.Y + 5, width, Color.Text);
        int n;
        if (empty) { text.TryWrite($"nothing drawn yet: paint on the canvas at the left", out n); }
        else text.TryWrite($"predicted {names[probe.Prediction]} ({probe.Confidence * 100:F0}%) with the weights of step {probe.Step}", out n);
        PanelStyle.FitText(r, text[..n], x, Area.Y + 17, width, empty ? Color.Dim : pin.Label < 0 || probe.Prediction == pin.Label ? Color.Right : Color.Wrong);
        PanelStyle.FitText(r, study.IsDigits ? "bars: p(class), softmax of the last layer; click a digit to follow it, Tab/V: next" : "bars: p(class), softmax of the last layer; click an image to follow it, Tab/V: next", x, Area.Y + 29, width, Color.Dim);

        // Ten bars: p(class | image), labelled by class; names that do not fit under their bar alternate between two rows.
        int k = names.Count;
        float slot = MathF.Min(44, width / k);
        bool twoRows = Renderer2D.MeasureText(LongestName(names)) > slot - 2;
        float barsTop = Area.Y + 42, barsH = Area.Bottom - (twoRows ? 24 : 14) - barsTop;
        var p = probe.Probabilities;
        for (int c = 0; c < k; c++)
        {
            float bx = x + c * slot;
            r.DrawRect(new RectF(bx, barsTop, slot - 4, barsH), Color.Background);
            float h = empty ? 0 : MathF.Round(barsH * Math.Clamp(p[c], 0, 1));
            r.DrawRect(new RectF(bx, barsTop + barsH - h, slot - 4, h), c == probe.Prediction ? (pin.Label < 0 || c == pin.Label ? Color.Right : Color.Wrong) : Color.Dim);
            float labelY = twoRows && c % 2 == 1 ? Area.Bottom - 11 : Area.Bottom - (twoRows ? 21 : 11);
            PanelStyle.FitText(r, names[c], bx, labelY, twoRows ? 2 * slot : slot - 2, c == pin.Label ? Color.Accent : Color.Text);
        }
    }

    private static string LongestName(IReadOnlyList<string> names)
    {
        string longest = "";
        for (int i = 0; i < names.Count; i++) if (names[i].Length > longest.Length) longest = names[i];
        return longest;
    }
}

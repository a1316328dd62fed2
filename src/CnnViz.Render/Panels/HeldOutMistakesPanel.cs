using CnnViz.Engine.Study;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// Held-out mistakes: test digits (never trained on) that the network gets wrong right now, from the fixed
/// held-out set the accuracy is measured on, each captioned "predicted>true". Click one to follow it.
/// </summary>
internal sealed class HeldOutMistakesPanel
{
    public const int Capacity = 32;
    private readonly GridTexture _digits;
    private readonly float[] _pixels;
    private readonly int[] _shown = new int[Capacity];
    private int _count;
    private long _seen = -1;
    private readonly ClassLabels _labels;

    public HeldOutMistakesPanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        _digits = r.CreateGrid(views.ImageWidth, views.ImageHeight, Capacity);
        _pixels = new float[views.ImageWidth * views.ImageHeight * Capacity];
        _labels = new ClassLabels(views.ClassNames);
    }

    public RectF Area { get; set; }

    public void Update(StudyViews study)
    {
        var held = study.HeldOut;
        if (held.Version == _seen) return;
        _seen = held.Version;
        var mistakes = held.Mistakes;
        _count = Math.Min(Capacity, mistakes.Length);
        int size = held.Set.ImageSize;
        for (int i = 0; i < _count; i++)
        {
            _shown[i] = mistakes[i];
            ReadOnlySpan<byte> bytes = held.Set.Image(mistakes[i]);
            for (int p = 0; p < size; p++) _pixels[i * size + p] = bytes[p] / 255f; // display only
        }
        if (_count > 0) _digits.SetTiles(_pixels.AsSpan(0, _count * size));
    }

    private (float Slot, int Columns) Grid()
    {
        float slot = Math.Max(34, (2 * _labels.MaxShort + 1) * 8 + 4); // the caption "predicted>true" fits under its digit
        return (slot, Math.Max(1, (int)((Area.W - 12) / slot)));
    }

    private RectF Tile(int i)
    {
        var (slot, cols) = Grid();
        float size = PanelStyle.TileSize(MathF.Min(slot - 6, 28));
        return new RectF(Area.X + 6 + i % cols * slot, Area.Y + PanelStyle.TitleHeight + 4 + i / cols * 44, size, size);
    }

    /// <summary>The test-set index of the mistake under (x, y), or −1.</summary>
    public int HitTest(float x, float y)
    {
        for (int i = 0; i < _count; i++) if (Tile(i).Contains(x, y)) return _shown[i];
        return -1;
    }

    public void Draw(Renderer2D r, SessionViews views, StudyViews study)
    {
        var held = study.HeldOut;
        Span<char> text = stackalloc char[80];
        text.TryWrite($"held-out mistakes now: {held.Mistakes.Length} of {held.Scored}, guess>true", out int n);
        PanelStyle.FitText(r, text[..n], Area.X + 6, Area.Y + 5, Area.W - 12, Color.Text);
        for (int i = 0; i < _count; i++)
        {
            var tile = Tile(i);
            if (tile.Bottom + 10 > Area.Bottom) break;
            r.DrawGrid(_digits, i, tile, Colormap.Grayscale, 0, 1);
            int index = _shown[i];
            int predicted = held.Prediction(index);
            if (predicted < 0) continue;
            text.TryWrite($"{_labels.Short(predicted)}>{_labels.Short(held.Set.Labels[index])}", out n);
            r.DrawText(text[..n], tile.X, tile.Bottom + 1, 1, Color.Wrong);
        }
    }
}

using CnnViz.Engine.Evaluation;
using CnnViz.Engine.Study;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// Held-out predictions, live: one test digit per class (never trained on) with the network's top 3 classes
/// as bars, re-scored every step, and the held-out accuracy over a fixed set of test digits (each keeps its
/// latest result; a slice of them is scored per step), so it moves continuously, not only at epoch ends.
/// Click a digit to follow it.
/// </summary>
internal sealed class HeldOutPanel
{
    private readonly GridTexture _digits; // (strip, H, W)
    private readonly float[] _pixels;
    private long _seen = -1;

    public HeldOutPanel(Renderer2D r, SessionViews views, StudyViews study, RectF area)
    {
        Area = area;
        int count = Math.Max(1, study.HeldOut.StripIndices.Length);
        _digits = r.CreateGrid(views.ImageWidth, views.ImageHeight, count);
        _pixels = new float[views.ImageWidth * views.ImageHeight * count];
        _labels = new ClassLabels(views.ClassNames);
    }

    private readonly ClassLabels _labels;

    public RectF Area { get; set; }

    public void Update(StudyViews study)
    {
        var held = study.HeldOut;
        if (_seen >= 0) return; // the strip's images never change; only their scores do
        var strip = held.StripIndices;
        int size = held.Set.ImageSize;
        for (int s = 0; s < strip.Length; s++)
        {
            ReadOnlySpan<byte> bytes = held.Set.Image(strip[s]);
            for (int p = 0; p < size; p++) _pixels[s * size + p] = bytes[p] / 255f; // display only: the model reads Dataset.FillBatch
        }
        _digits.SetTiles(_pixels);
        _seen = 1;
    }

    /// <summary>The test-set index of the strip digit under (x, y), or −1.</summary>
    public int HitTest(StudyViews study, float x, float y)
    {
        var strip = study.HeldOut.StripIndices;
        for (int s = 0; s < strip.Length; s++) if (Tile(s, strip.Length).Contains(x, y)) return strip[s];
        return -1;
    }

    private RectF Tile(int s, int count)
    {
        float slot = MathF.Floor((Area.W - 12) / count), size = PanelStyle.TileSize(slot - 3);
        return new RectF(Area.X + 6 + s * slot, Area.Y + PanelStyle.TitleHeight + 16, size, size);
    }

    public void Draw(Renderer2D r, SessionViews views, StudyViews study)
    {
        var held = study.HeldOut;
        Span<char> text = stackalloc char[96];
        text.TryWrite($"held-out test {(study.IsDigits ? "digits" : "images")}: top 3, step {Math.Max(0, held.Step)}", out int n);
        PanelStyle.FitText(r, text[..n], Area.X + 6, Area.Y + 5, Area.W - 12, Color.Text);
        text.TryWrite($"accuracy {held.Accuracy * 100:F1}% of {held.Scored} held-out, every step", out n);
        PanelStyle.FitText(r, text[..n], Area.X + 6, Area.Y + PanelStyle.TitleHeight + 2, Area.W - 12, Color.Validation);
        var strip = held.StripIndices;
        for (int s = 0; s < strip.Length; s++)
        {
            var tile = Tile(s, strip.Length);
            r.DrawGrid(_digits, s, tile, Colormap.Grayscale, 0, 1);
            var top = held.TopClasses(s);
            var p = held.TopProbabilities(s);
            int truth = held.Set.Labels[strip[s]];
            for (int k = 0; k < HeldOutMonitor.Top; k++)
            {
                if (p[k] < 0) break;
                float y = tile.Bottom + 3 + k * 10;
                Color color = top[k] == truth ? Color.Right : k == 0 ? Color.Wrong : Color.Dim;
                if (_labels.MaxShort == 1)
                {
                    r.DrawText(_labels.Short(top[k]), tile.X, y, 1, color);                                  // "7 ████"
                    r.DrawRect(new RectF(tile.X + 9, y + 1, MathF.Round((tile.W - 9) * p[k]), 6), color);
                }
                else
                {
                    PanelStyle.FitText(r, _labels.Short(top[k]), tile.X, y - 1, tile.W + 2, color);          // "Sne" over a thin bar
                    r.DrawRect(new RectF(tile.X, y + 7, MathF.Round(tile.W * p[k]), 2), color);
                }
            }
        }
    }
}

using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The selected sample enlarged, and the model's 10 output probabilities for it as labelled bars
/// (the true class marked). In draw mode: the probabilities for the drawn digit.
/// </summary>
internal sealed class SamplePanel
{
    private readonly GridTexture _image; // (1, H, W)

    public SamplePanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        _image = r.CreateGrid(views.ImageWidth, views.ImageHeight, 1);
    }

    public RectF Area { get; }

    public void Update(SessionViews views) => _image.SetTiles(views.InputImage(views.SelectedSample));

    public void Draw(Renderer2D r, SessionViews views, ViewState state)
    {
        bool probe = state.DrawMode && views.Probe is not null;
        RectF content = PanelStyle.Frame(r, Area, probe ? "your digit: output probabilities" : "selected sample: output probabilities");
        Span<char> text = stackalloc char[48];
        int truth = -1;
        float left = content.X;
        if (!probe)
        {
            var zoom = new RectF(content.X, content.Y, 112, 112);
            r.DrawGrid(_image, 0, zoom, Colormap.Grayscale, 0, 1);
            truth = views.Step > 0 ? views.Labels[views.SelectedSample] : -1;
            text.TryWrite($"#{views.SelectedSample}", out int n);
            r.DrawText(text[..n], zoom.X, zoom.Bottom + 4, 1, Color.Dim);
            left = zoom.Right + 10;
        }
        ReadOnlySpan<float> p = probe ? views.Probe!.Probabilities : views.Step > 0 ? views.Probabilities : default;
        int best = probe ? views.Probe!.Prediction : views.Step > 0 ? views.Predictions[views.SelectedSample] : 0; // the engine's argmax
        DrawBars(r, views, p, best, truth, new RectF(left, content.Y, content.Right - left, content.H), text);
    }

    private static void DrawBars(Renderer2D r, SessionViews views, ReadOnlySpan<float> p, int best, int truth, RectF area, Span<char> text)
    {
        IReadOnlyList<string> names = views.ClassNames;
        int k = names.Count;
        float rowH = MathF.Min(14, area.H / k), labelW = 8 * Math.Min(MaxNameLength(names), 7) + 6, barW = area.W - labelW - 44;
        for (int i = 0; i < k; i++)
        {
            float y = area.Y + i * rowH;
            string name = names[i];
            r.DrawText(name.AsSpan(0, Math.Min(name.Length, 7)), area.X, y + 3, 1, i == truth ? Color.Accent : Color.Text);
            var track = new RectF(area.X + labelW, y + 2, barW, rowH - 4);
            r.DrawRect(track, Color.Background);
            if (i >= p.Length) continue;
            Color bar = i != best ? Color.Dim : truth < 0 || best == truth ? Color.Right : Color.Wrong;
            r.DrawRect(new RectF(track.X, track.Y, MathF.Round(barW * Math.Clamp(p[i], 0, 1)), track.H), bar);
            text.TryWrite($"{p[i] * 100,3:F0}%", out int n);
            r.DrawText(text[..n], track.Right + 4, y + 3, 1, Color.Text);
        }
    }

    private static int MaxNameLength(IReadOnlyList<string> names)
    {
        int m = 1;
        for (int i = 0; i < names.Count; i++) m = Math.Max(m, names[i].Length); // no foreach: an interface enumerator allocates
        return m;
    }
}

using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The rolling confusion matrix of the last training images: row = true class, column = prediction,
/// each row normalized to the fraction of that class (so a bright diagonal means every class is learned).
/// Colors follow the square root of the fraction, so that the rare confusions (1–5%) stay visible next to a
/// diagonal near 100%.
/// </summary>
internal sealed class ConfusionPanel
{
    private readonly GridTexture _cells; // (1, K, K)
    private readonly float[] _fractions;
    private readonly int _k;

    public ConfusionPanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        _k = views.Confusion.Classes;
        _fractions = new float[_k * _k];
        _cells = r.CreateGrid(_k, _k, 1);
        _labels = new ClassLabels(views.ClassNames);
    }

    private readonly ClassLabels _labels;

    public RectF Area { get; }

    public void Update(SessionViews views)
    {
        var m = views.Confusion;
        for (int t = 0; t < _k; t++)
        {
            int rowTotal = 0;
            for (int p = 0; p < _k; p++) rowTotal += m.Count(t, p);
            for (int p = 0; p < _k; p++) _fractions[t * _k + p] = rowTotal == 0 ? 0 : MathF.Sqrt((float)m.Count(t, p) / rowTotal);
        }
        _cells.SetTiles(_fractions);
    }

    public void Draw(Renderer2D r, SessionViews views)
    {
        Span<char> text = stackalloc char[64];
        text.TryWrite($"confusion, last {views.Confusion.Total:N0} images", out int n);
        RectF content = PanelStyle.Frame(r, Area, text[..n]);
        // Rows carry the class names (shortened), columns the class numbers in the same order; when a cell is
        // smaller than a glyph, every other label is left out.
        float nameW = _labels.AllShort ? 8 * _labels.MaxShort + 6 : 8 * _labels.MaxShort + 6;
        float cell = MathF.Floor(MathF.Min(content.W - nameW - 4, content.H - 36) / _k);
        var grid = new RectF(content.X + nameW, content.Y + 12, cell * _k, cell * _k);
        r.DrawGrid(_cells, 0, grid, Colormap.Sequential, 0, 1);
        int every = cell >= 9 ? 1 : cell >= 4.5f ? 2 : 5;
        for (int i = 0; i < _k; i += every)
        {
            text.TryWrite($"{i}", out n);
            // Whole-unit positions: a glyph at a half pixel samples its atlas differently in a window and offscreen.
            if (n * 8 <= cell * every) r.DrawText(text[..n], MathF.Floor(grid.X + i * cell + (cell - 8 * n) / 2), content.Y + 2, 1, Color.Dim);  // predicted →
            r.DrawText(_labels.Short(i), content.X, MathF.Floor(grid.Y + i * cell + (cell - 8) / 2), 1, Color.Dim);  // true ↓
        }
        r.DrawText(_labels.AllShort ? "row: true class, column: prediction" : "row: true class, column: guess (#)", content.X, grid.Bottom + 4, 1, Color.Dim);
        r.DrawText("color: sqrt(share of the row)", content.X, grid.Bottom + 14, 1, Color.Dim);
    }
}

using System.Numerics;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// What the updates changed, one row per layer with weights ("changes" turns it on):
/// ΔW = W_t − W_{t−1} of the last step, W − W₀ since initialization (kernels sharpening out of noise),
/// and ‖ΔW‖/‖W‖ over the last steps as a sparkline on a log scale from 1e-5 to 1 with the usual
/// healthy value 1e-3 marked. Both grids use the diverging map over their own symmetric range (white = 0).
/// A conv layer's grids are its M·C kernels (FH×FW); a dense layer's W (I, O) is one I-tall, O-wide picture.
/// </summary>
internal sealed class ChangesPanel
{
    private const float LogLo = -5, LogHi = 0;   // the sparkline's range, log10(‖ΔW‖/‖W‖)

    private readonly Slot[] _slots;
    private long _seen = -1;

    private sealed class Slot(string name, GridTexture delta, GridTexture drift, int group)
    {
        public readonly string Name = name;
        public readonly GridTexture Delta = delta, Drift = drift;
        public readonly int Group = group;                                  // input channels per filter (1 for dense)
        public readonly Vector2[] Points = new Vector2[Engine.Inspection.UpdateTracker.HistoryLength];
        public (float Lo, float Hi) DeltaRange, DriftRange;
        public RectF DeltaArea;
    }

    public ChangesPanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        var updates = views.Inspection.Updates;
        _slots = new Slot[updates.Layers.Count];
        for (int s = 0; s < _slots.Length; s++)
        {
            var layer = views.Layers[updates.Layers[s]];
            IReadOnlyList<int> w = layer.WeightShape;   // conv (M, C, FH, FW), dense (I, O), subsampling (C)
            (int tw, int th, int count, int group) = w.Count switch
            {
                4 => (w[3], w[2], w[0] * w[1], w[1]),
                2 => (w[1], w[0], 1, 1),
                _ => (w[0], 1, 1, 1),   // one coefficient per map: a row
            };
            _slots[s] = new Slot(layer.Name, r.CreateGrid(tw, th, count), r.CreateGrid(tw, th, count), group);
        }
    }

    public RectF Area { get; }

    /// <summary>Copies ΔW and W − W₀ into the textures when the session changed.</summary>
    public void Update(SessionViews views)
    {
        if (views.Version == _seen) return;
        _seen = views.Version;
        var updates = views.Inspection.Updates;
        for (int s = 0; s < _slots.Length; s++)
        {
            var slot = _slots[s];
            slot.Delta.SetTiles(updates.Delta(s));
            slot.Drift.SetTiles(updates.Drift(s));
            slot.DeltaRange = PanelStyle.Symmetric(slot.Delta.Range(0, slot.Delta.TileCount));
            slot.DriftRange = PanelStyle.Symmetric(slot.Drift.Range(0, slot.Drift.TileCount));
        }
    }

    /// <summary>Where tile <paramref name="tile"/> of slot <paramref name="slot"/>'s ΔW grid was drawn, and the grid's range (for tests).</summary>
    internal (RectF Rect, float Lo, float Hi) DeltaTile(int slot, int tile)
    {
        var s = _slots[slot];
        var (scale, cols) = PanelStyle.Fit(s.Delta.TileCount, s.Delta.TileWidth, s.Delta.TileHeight, s.DeltaArea.W, s.DeltaArea.H, 1, 6, s.Group);
        float tw = s.Delta.TileWidth * scale, th = s.Delta.TileHeight * scale;
        return (new RectF(s.DeltaArea.X + tile % cols * (tw + 1), s.DeltaArea.Y + tile / cols * (th + 1), tw, th), s.DeltaRange.Lo, s.DeltaRange.Hi);
    }

    public void Draw(Renderer2D r, SessionViews views)
    {
        r.NextLayer();                    // over the graphs it replaces, their text included
        r.DrawRect(Area, Color.Panel);
        var inspection = views.Inspection;
        RectF content = PanelStyle.Frame(r, Area, inspection.TracksUpdates ? "what the update changed" : "what the update changed (off)");
        Span<char> text = stackalloc char[64];
        text.TryWrite($"step {inspection.Updates.DeltaStep:N0}: dW=W(t)-W(t-1) | W-W0", out int n);
        r.DrawText(text[..n], content.X, content.Y, 1, Color.Dim);
        float rowHeight = MathF.Floor((content.H - 12) / Math.Max(1, _slots.Length));
        float gridWidth = MathF.Floor((content.W - 80) / 2);
        var updates = inspection.Updates;
        for (int s = 0; s < _slots.Length; s++)
        {
            var slot = _slots[s];
            float y = content.Y + 12 + s * rowHeight;
            ReadOnlySpan<float> ratios = updates.Ratios(s);
            r.DrawText(slot.Name, content.X, y + 2, 1, Color.Text);
            if (ratios.Length > 0) text.TryWrite($"{ratios[^1]:0.0e0}", out n); else text.TryWrite($"-", out n);
            r.DrawText(text[..n], content.X, y + 13, 1, Color.Accent);
            Sparkline(r, slot, ratios, new RectF(content.X, y + 24, 74, rowHeight - 28));

            slot.DeltaArea = new RectF(content.X + 80, y + 2, gridWidth - 6, rowHeight - 6);
            Tiles(r, slot.Delta, slot.DeltaArea, slot.DeltaRange, slot.Group);
            Tiles(r, slot.Drift, new RectF(content.X + 80 + gridWidth, y + 2, gridWidth - 6, rowHeight - 6), slot.DriftRange, slot.Group);
        }
    }

    private static void Tiles(Renderer2D r, GridTexture grid, RectF area, (float Lo, float Hi) range, int group)
    {
        var (scale, cols) = PanelStyle.Fit(grid.TileCount, grid.TileWidth, grid.TileHeight, area.W, area.H, 1, 6, group);
        float tw = grid.TileWidth * scale, th = grid.TileHeight * scale;
        for (int i = 0; i < grid.TileCount; i++)
            r.DrawGrid(grid, i, new RectF(area.X + i % cols * (tw + 1), area.Y + i / cols * (th + 1), tw, th), Colormap.Diverging, range.Lo, range.Hi);
    }

    /// <summary>log10 of the ratio, 1e-5 at the bottom and 1 at the top; the dim line marks 1e-3.</summary>
    private static void Sparkline(Renderer2D r, Slot slot, ReadOnlySpan<float> ratios, RectF area)
    {
        if (area.H < 4) return;
        r.DrawRectLines(area, 1, Color.Frame);
        float healthy = area.Bottom - (-3 - LogLo) / (LogHi - LogLo) * area.H;
        r.DrawLine(area.X, healthy, area.Right, healthy, 1, Color.Dim);
        if (ratios.Length < 2) return;
        for (int i = 0; i < ratios.Length; i++)
        {
            float log = Math.Clamp(MathF.Log10(MathF.Max(ratios[i], 1e-12f)), LogLo, LogHi);
            slot.Points[i] = new Vector2(area.X + area.W * i / (ratios.Length - 1), area.Bottom - (log - LogLo) / (LogHi - LogLo) * area.H);
        }
        r.DrawLineStrip(slot.Points.AsSpan(0, ratios.Length), 1, Color.Train);
    }
}

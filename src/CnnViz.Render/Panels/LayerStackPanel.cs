using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The network, input to output: one row per conv, pooling and dense layer (activations are shown as
/// their conv/dense layer's output, flatten is skipped). L zooms one layer to the whole panel.
/// In draw mode the rows show the drawn digit going through the network (the probe's views).
/// </summary>
internal sealed class LayerStackPanel
{
    private readonly LayerRow[] _rows;

    public LayerStackPanel(Renderer2D r, SessionViews views, RectF area)
    {
        Area = area;
        var layers = views.Layers;
        var rows = new List<LayerRow>();
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (!IsDrawn(layer)) continue;
            int display = layer.Activation?.Index ?? i;
            rows.Add(layers[display].OutputShape.IsFlat ? new DenseRow(layers, i, display) : new MapRow(r, layers, i, display));
        }
        _rows = [.. rows];
    }

    public RectF Area { get; }

    internal IReadOnlyList<LayerRow> Rows => _rows;

    /// <summary>Layers that get a row: those with weights, pooling layers, and maps of any other layer that does not follow a weighted one.</summary>
    public static bool IsDrawn(LayerView layer) =>
        layer.HasWeights || layer.Kind == LayerKind.Pool || (!layer.IsActivation && layer.Kind != LayerKind.Flatten && !layer.OutputShape.IsFlat);

    public void Update(SessionViews views, ViewState state)
    {
        var layers = Source(views, state);
        foreach (var row in _rows) row.Update(layers, state);
    }

    public void Draw(Renderer2D r, SessionViews views, ViewState state)
    {
        var layers = Source(views, state);
        RectF content = PanelStyle.Frame(r, Area, state.DrawMode ? "the network on your digit" : "the network on the selected sample");
        string? focus = views.FocusedLayer;
        if (focus is not null)
            foreach (var row in _rows)
                if (layers[row.LayerIndex].Name == focus) { row.Draw(r, layers, content, state); return; }

        float total = 0;
        foreach (var row in _rows) total += row.Weight;
        float y = content.Y;
        foreach (var row in _rows)
        {
            float h = MathF.Floor(content.H * row.Weight / total);
            row.Draw(r, layers, new RectF(content.X, y, content.W, h - 6), state);
            y += h;
            r.DrawRect(new RectF(content.X, y - 4, content.W, 1), Color.Frame.WithAlpha(120));
        }
    }

    private static IReadOnlyList<LayerView> Source(SessionViews views, ViewState state) =>
        state.DrawMode && views.Probe is not null ? views.Probe.Layers : views.Layers;
}

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
        foreach (var row in _rows) row.Update(layers, state, views);
    }

    public void Draw(Renderer2D r, SessionViews views, Engine.Study.StudyViews study, ViewState state)
    {
        var layers = Source(views, state);
        RectF content = PanelStyle.Frame(r, Area, state.ShowGradients ? "gradients (G): dL/dW, dL/dmap of the selected batch sample"
            : state.DrawMode ? "the network on your drawing (click: its math; hover: its value)"
            : study.IsDigits ? "the network on the followed digit (click: its math; hover: its value)"
            : "the network on the followed image (click: its math; hover: its value)");
        var explanation = state.ShowGradients ? null : study.Explanation;
        string? focus = views.FocusedLayer;
        foreach (var row in _rows) row.LastArea = default;
        if (focus is not null)
            foreach (var row in _rows)
                if (layers[row.LayerIndex].Name == focus) { row.LastArea = content; row.Draw(r, layers, content, state, explanation); Tint(r, views, row); return; }

        float total = 0;
        foreach (var row in _rows) total += row.Weight;
        float y = content.Y;
        foreach (var row in _rows)
        {
            float h = MathF.Floor(content.H * row.Weight / total);
            row.LastArea = new RectF(content.X, y, content.W, h - 6);
            row.Draw(r, layers, new RectF(content.X, y, content.W, h - 6), state, explanation);
            Tint(r, views, row);
            y += h;
            r.DrawRect(new RectF(content.X, y - 4, content.W, 1), Color.Frame.WithAlpha(120));
        }
    }

    /// <summary>While the changes view is on (U), a ReLU row's maps are washed red by their dead share over the last batch.</summary>
    private static void Tint(Renderer2D r, SessionViews views, LayerRow row)
    {
        if (row is MapRow maps && views.Inspection.TracksUpdates) DeadReluTint.Draw(r, maps, views.Inspection.DeadFractions(row.DisplayIndex));
    }

    /// <summary>The followed digit's layers (its own forward pass); in gradient mode the batch's, which have a backward pass.</summary>
    private static IReadOnlyList<LayerView> Source(SessionViews views, ViewState state) =>
        !state.ShowGradients && views.Probe is not null ? views.Probe.Layers : views.Layers;


    /// <summary>The value under (x, y) (a map pixel, a dense unit, a kernel weight) as a hover target, or null.</summary>
    public HoverTarget? HoverAt(float x, float y)
    {
        if (!Area.Contains(x, y)) return null;
        foreach (var row in _rows)
            if (row.LastArea.W > 0 && row.HoverAt(x, y) is { } hover) return hover;
        return null;
    }

    /// <summary>The value under (x, y): its layer name, channel, row and column (a dense row: the unit, 0, 0); false outside every map.</summary>
    public bool HitTest(float x, float y, out string layer, out int channel, out int row, out int column)
    {
        foreach (var r in _rows)
            if (r.LastArea.W > 0 && r.HitTest(x, y, out layer, out channel, out row, out column)) return true;
        (layer, channel, row, column) = ("", 0, 0, 0);
        return false;
    }
}

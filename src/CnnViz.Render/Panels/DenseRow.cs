using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>A fully connected layer as a strip of bars, one per unit: its activations for the selected sample (or their gradients).</summary>
internal sealed class DenseRow : LayerRow
{
    private readonly float[] _values;
    private float _max;

    public DenseRow(IReadOnlyList<LayerView> layers, int layerIndex, int displayIndex) : base(layerIndex, displayIndex) =>
        _values = new float[layers[displayIndex].OutputShape.Size];

    public override float Weight => 1f;

    public override void Update(IReadOnlyList<LayerView> layers, ViewState state, SessionViews views)
    {
        ReadOnlySpan<float> shown = Shown(layers, DisplayIndex, state.ShowGradients);
        if (state.ShowGradients && DisplayIndex == layers.Count - 1) shown = views.LogitsGrad; // the last layer: dL/dz = (p − onehot(y)) / N
        if (shown.Length == _values.Length) shown.CopyTo(_values);
        else Array.Clear(_values);
        _max = 0;
        foreach (float v in _values) if (float.IsFinite(v)) _max = MathF.Max(_max, MathF.Abs(v));
    }

    private RectF _strip;        // where the bars were drawn last frame (clicks, hover)
    private string _layerName = "", _weightsName = "";

    public override bool HitTest(float x, float y, out string layer, out int channel, out int row, out int column)
    {
        (layer, row, column) = (_layerName, 0, 0);
        channel = (int)((x - _strip.X) / (_strip.W / _values.Length));
        return _strip.W > 0 && _strip.Contains(x, y) && channel < _values.Length;
    }

    /// <summary>The value of unit <paramref name="unit"/> shown last frame (hover).</summary>
    public float ValueAt(int unit) => _values[unit];

    public override HoverTarget? HoverAt(float x, float y) =>
        HitTest(x, y, out string layer, out int unit, out _, out _) ? new HoverTarget(layer, unit, 0, 0) { IsUnit = true } : null;

    public override bool Locate(HoverTarget hover, out RectF rect, out float value)
    {
        (rect, value) = (default, 0);
        if ((hover.Layer != _layerName && hover.Layer != _weightsName) || _strip.W <= 0 || hover.Channel >= _values.Length) return false;
        float barW = _strip.W / _values.Length;
        rect = new RectF(_strip.X + hover.Channel * barW, _strip.Y, barW, _strip.H);
        value = _values[hover.Channel];
        return true;
    }

    public override void Draw(Renderer2D r, IReadOnlyList<LayerView> layers, RectF area, ViewState state, Engine.Explain.Explanation? explanation)
    {
        float lo = 0;
        foreach (float v in _values) lo = MathF.Min(lo, v);
        Card(r, area, layers[LayerIndex], lo, _max, state.ShowGradients);
        bool legend = area.H >= CardHeight + 11 + 6; // a short row (small screen) keeps its bars and drops the legend line (help has it)
        if (legend) PanelStyle.FitText(r, state.ShowGradients ? "dL/da per unit (bars: orange > 0, blue < 0)" : "one bar per unit: orange > 0, blue < 0; height = value", area.X, area.Y + CardHeight, area.W, Color.Dim);
        float top = area.Y + CardHeight + (legend ? 11 : 0);
        var strip = new RectF(area.X, top, area.W, MathF.Max(2, area.Bottom - 2 - top));
        _strip = strip;
        _layerName = layers[DisplayIndex].Name;
        _weightsName = layers[LayerIndex].Name;
        r.DrawRect(strip, Color.Background);
        bool signed = false;
        foreach (float v in _values) if (v < 0) { signed = true; break; }
        float zeroY = signed ? strip.Y + strip.H / 2 : strip.Bottom, scale = (signed ? strip.H / 2 : strip.H) / (_max > 0 ? _max : 1);
        float barW = strip.W / _values.Length;
        for (int i = 0; i < _values.Length; i++)
        {
            float v = float.IsFinite(_values[i]) ? _values[i] : 0, h = MathF.Abs(v) * scale;
            var color = v >= 0 ? new Color(250, 170, 60) : new Color(90, 140, 250);
            float x = strip.X + i * barW;
            r.DrawRect(new RectF(x, v >= 0 ? zeroY - h : zeroY, MathF.Max(1, barW - (barW >= 3 ? 1 : 0)), h), color);
        }
        if (signed) r.DrawRect(new RectF(strip.X, zeroY, strip.W, 1), Color.Frame);
        if (explanation is not null && explanation.Layer >= DisplayIndex && explanation.Layer <= DisplayIndex + 1 && explanation.Channel < _values.Length
            && layers[explanation.Layer].OutputShape.IsFlat)
            r.DrawRectLines(new RectF(strip.X + explanation.Channel * barW - 1, strip.Y, barW + 2, strip.H), 1, Color.Accent);
    }
}

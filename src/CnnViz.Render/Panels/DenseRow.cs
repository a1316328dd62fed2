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

    public override void Update(IReadOnlyList<LayerView> layers, ViewState state)
    {
        ReadOnlySpan<float> shown = Shown(layers, DisplayIndex, state.ShowGradients);
        if (shown.Length == _values.Length) shown.CopyTo(_values);
        else Array.Clear(_values);
        _max = 0;
        foreach (float v in _values) if (float.IsFinite(v)) _max = MathF.Max(_max, MathF.Abs(v));
    }

    public override void Draw(Renderer2D r, IReadOnlyList<LayerView> layers, RectF area, ViewState state)
    {
        Span<char> line2 = stackalloc char[32], line3 = stackalloc char[32];
        line2.TryWrite($"{_values.Length} units", out int n2);
        line3.TryWrite($"max|a| {_max:G3}", out int n3);
        Label(r, area, layers[LayerIndex], line2[..n2], line3[..n3]);

        var strip = new RectF(area.X + LayerRow.LabelWidth, area.Y + 2, area.Right - area.X - LayerRow.LabelWidth, area.H - 6);
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
    }
}

using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>One layer's strip in the layer stack: its card (two lines) on top, its pictures below.</summary>
internal abstract class LayerRow
{
    /// <summary>Height of the card's two lines above the pictures.</summary>
    public const float CardHeight = 2 * Renderer2D.LineHeight + 2;

    protected LayerRow(int layerIndex, int displayIndex)
    {
        LayerIndex = layerIndex;
        DisplayIndex = displayIndex;
    }

    /// <summary>The layer this row stands for (its weights), in the model's layer list.</summary>
    public int LayerIndex { get; }

    /// <summary>The layer whose output the row shows: the activation after a conv/dense layer, else the layer itself.</summary>
    public int DisplayIndex { get; }

    /// <summary>Where the stack drew this row in the last frame (the phase highlight frames it).</summary>
    public RectF LastArea { get; set; }

    /// <summary>Share of the stack's height this row asks for.</summary>
    public abstract float Weight { get; }

    /// <summary>Copies this frame's values from <paramref name="layers"/> (the training batch's or the draw-mode probe's views).</summary>
    public abstract void Update(IReadOnlyList<LayerView> layers, ViewState state, SessionViews views);

    /// <summary>Draws the row; <paramref name="explanation"/> (the open one, or null) gets its receptive field outlined.</summary>
    public abstract void Draw(Renderer2D r, IReadOnlyList<LayerView> layers, RectF area, ViewState state, Engine.Explain.Explanation? explanation);

    /// <summary>The value of the shown layer under (x, y) in the last frame: layer name, channel, row, column; false when none.</summary>
    public abstract bool HitTest(float x, float y, out string layer, out int channel, out int row, out int column);

    /// <summary>
    /// Where <paramref name="hover"/>'s value was drawn in the last frame and the value shown there (a map pixel, a
    /// dense unit, a kernel weight of this row's layer); false when it is not on this row.
    /// </summary>
    public abstract bool Locate(HoverTarget hover, out RectF rect, out float value);

    /// <summary>The value under (x, y) in the last frame as a hover target (maps, units, kernel weights), or null.</summary>
    public virtual HoverTarget? HoverAt(float x, float y) =>
        HitTest(x, y, out string layer, out int c, out int row, out int column) ? new HoverTarget(layer, c, row, column) : null;

    /// <summary>The row's values, or in gradient mode dL/d(those values) (the next layer's input gradient; empty if none).</summary>
    protected static ReadOnlySpan<float> Shown(IReadOnlyList<LayerView> layers, int display, bool gradients)
    {
        if (!gradients) return layers[display].Output;
        return display + 1 < layers.Count ? layers[display + 1].InputGrad : default;
    }

    /// <summary>
    /// The card in two lines: name, type and hyper-parameters, parameter formula; then the output-size formula,
    /// what the maps show and the range of the values on screen (the numbers of the colour bars).
    /// </summary>
    protected static void Card(Renderer2D r, RectF area, LayerView layer, float lo, float hi, bool gradients)
    {
        var card = layer.Card;
        Span<char> text = stackalloc char[200];
        text.TryWrite($"{card.Name}  {card.Type}  |  params {card.Parameters}", out int n);
        PanelStyle.FitText(r, text[..n], area.X, area.Y + 1, area.W, Color.Text);
        if (gradients) text.TryWrite($"out {card.OutputSize}  |  shown: dL/d(output)  |  dL/da {lo:G3} .. {hi:G3}", out n);
        else text.TryWrite($"out {card.OutputSize}  |  {card.Shown}  |  values {lo:G3} .. {hi:G3}", out n);
        PanelStyle.FitText(r, text[..n], area.X, area.Y + 1 + Renderer2D.LineHeight, area.W, Color.Dim);
    }
}

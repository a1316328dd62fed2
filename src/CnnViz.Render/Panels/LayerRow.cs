using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>One layer's strip in the layer stack: a label on the left, its pictures on the right.</summary>
internal abstract class LayerRow
{
    public const float LabelWidth = 96;

    protected LayerRow(int layerIndex, int displayIndex)
    {
        LayerIndex = layerIndex;
        DisplayIndex = displayIndex;
    }

    /// <summary>The layer this row stands for (its weights), in the model's layer list.</summary>
    public int LayerIndex { get; }

    /// <summary>The layer whose output the row shows: the activation after a conv/dense layer, else the layer itself.</summary>
    public int DisplayIndex { get; }

    /// <summary>Share of the stack's height this row asks for.</summary>
    public abstract float Weight { get; }

    /// <summary>Copies this frame's values from <paramref name="layers"/> (the training batch's or the draw-mode probe's views).</summary>
    public abstract void Update(IReadOnlyList<LayerView> layers, ViewState state);

    public abstract void Draw(Renderer2D r, IReadOnlyList<LayerView> layers, RectF area, ViewState state);

    /// <summary>The row's values, or in gradient mode dL/d(those values) (the next layer's input gradient; empty if none).</summary>
    protected static ReadOnlySpan<float> Shown(IReadOnlyList<LayerView> layers, int display, bool gradients)
    {
        if (!gradients) return layers[display].Output;
        return display + 1 < layers.Count ? layers[display + 1].InputGrad : default;
    }

    /// <summary>"conv1" / "6x28x28" / the range, stacked in the label column.</summary>
    protected static void Label(Renderer2D r, RectF area, LayerView layer, ReadOnlySpan<char> line2, ReadOnlySpan<char> line3)
    {
        r.DrawText(layer.Name, area.X, area.Y + 2, 1, Color.Text);
        r.DrawText(line2, area.X, area.Y + 13, 1, Color.Dim);
        r.DrawText(line3, area.X, area.Y + 24, 1, Color.Dim);
    }
}

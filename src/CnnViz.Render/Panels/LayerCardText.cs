using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// A layer's card under its name: what it is, its parameter count with the formula, its output size with
/// the assignment's formula, what the maps show and the range of the values on screen. One line each,
/// cut to the width (with ".." when cut).
/// </summary>
internal static class LayerCardText
{
    public const int Lines = 4;

    /// <summary>Draws the card's lines from (x, y) within <paramref name="width"/>; returns the height used.</summary>
    public static float Draw(Renderer2D r, LayerCard card, float lo, float hi, float x, float y, float width)
    {
        float line = Renderer2D.LineHeight;
        Span<char> text = stackalloc char[160];
        text.TryWrite($"{card.Name}  {card.Type}", out int n);
        PanelStyle.FitText(r, text[..n], x, y, width, Color.Text);
        text.TryWrite($"params {card.Parameters}", out n);
        PanelStyle.FitText(r, text[..n], x, y + line, width, Color.Dim);
        text.TryWrite($"out {card.OutputSize}", out n);
        PanelStyle.FitText(r, text[..n], x, y + 2 * line, width, Color.Dim);
        text.TryWrite($"{card.Shown}; values {lo:G3} .. {hi:G3}", out n);
        PanelStyle.FitText(r, text[..n], x, y + 3 * line, width, Color.Dim);
        return Lines * line;
    }
}

using CnnViz.Engine.Live;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The value under the mouse, live: the hovered map pixel, dense unit or kernel weight is outlined and a small
/// box beside it gives its position and the number drawn there (the value, or in G its gradient). The loop finds
/// the target from the last frame's layout (<see cref="LayerStackPanel.HoverAt"/>); `hover …` sets it in scripts.
/// </summary>
internal static class HoverPanel
{
    public static void Draw(Renderer2D r, LayerStackPanel layers, ViewState state)
    {
        if (state.Hover is not { } hover) return;
        foreach (var row in layers.Rows)
        {
            if (row.LastArea.W <= 0 || !row.Locate(hover, out RectF at, out float value)) continue;
            Span<char> text = stackalloc char[64];
            int n;
            string what = hover.Kernel ? (state.ShowGradients ? "dL/dW" : "weight") : state.ShowGradients ? "dL/da" : "value";
            if (hover.Kernel) text.TryWrite($"{hover.Layer} W[{hover.Channel},{hover.KernelChannel},{hover.Row},{hover.Column}] {what} {value:G4}", out n);
            else if (hover.IsUnit) text.TryWrite($"{hover.Layer}[{hover.Channel}] {what} {value:G4}", out n);
            else text.TryWrite($"{hover.Layer}[{hover.Channel},{hover.Row},{hover.Column}] {what} {value:G4}", out n);
            r.NextLayer(); // over the maps and their text
            r.DrawRectLines(new RectF(at.X - 1, at.Y - 1, at.W + 2, at.H + 2), 1, Color.Accent);
            float w = n * 8 + 8, h = 14, area = layers.Area.Right - 4;
            float x = at.Right + 6 + w <= area ? at.Right + 6 : MathF.Max(layers.Area.X + 4, at.X - 6 - w);
            float y = Math.Clamp(at.Y - 3, layers.Area.Y + 2, layers.Area.Bottom - h - 2);
            var box = new RectF(x, y, w, h);
            r.DrawRect(box, Color.Background);
            r.DrawRectLines(box, 1, Color.Accent);
            r.DrawText(text[..n], x + 4, y + 3, 1, Color.Text);
            return;
        }
    }
}

using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// H, over a dimmed frame: page 1 says what every panel shows (<see cref="HelpText"/>) and the full model
/// description; page 2 lists every key (<see cref="KeyBindings.Help"/>). H turns the page, Esc closes.
/// </summary>
internal static class HelpOverlay
{
    public static void Draw(Renderer2D r, float screenW, float screenH, int page, SessionViews views)
    {
        r.NextLayer(); // the dimming covers everything drawn so far, text included
        r.DrawRect(new RectF(0, 0, screenW, screenH), Color.Black.WithAlpha(170));
        r.NextLayer();
        var box = new RectF(20, 20, MathF.Min(screenW - 40, 1100), screenH - 40);
        box = box with { X = MathF.Round((screenW - box.W) / 2) };
        r.DrawRect(box, Color.Panel);
        r.DrawRectLines(box, 2, Color.Accent);
        r.DrawText(page == 1 ? "What you see (1/2)" : "Keys (2/2)", box.X + 16, box.Y + 12, 2, Color.Accent);
        r.DrawText("H: next page   Esc: close", box.Right - 16 - 8 * 25, box.Y + 16, 1, Color.Dim);
        float x = box.X + 16, y = box.Y + 40, w = box.W - 32, bottom = box.Bottom - 24;
        if (page == 1) Panels(r, views, x, y, w, bottom);
        else Keys(r, x, y, bottom);
        r.DrawText("Every key is a command: the same words work in headless --script.", x, box.Bottom - 16, 1, Color.Dim);
    }

    private static void Panels(Renderer2D r, SessionViews views, float x, float y, float w, float bottom)
    {
        const float nameW = 8 * 30;
        foreach (var (panel, text) in HelpText.Panels)
        {
            int lines = (int)MathF.Ceiling(text.Length * 8 / (w - nameW)) + 1;
            if (y + lines * Renderer2D.LineHeight > bottom - 2 * Renderer2D.LineHeight) break;
            r.DrawText(panel, x, y, 1, Color.Accent);
            y = PanelStyle.Wrapped(r, text, x + nameW, y, w - nameW, Color.Text, lines) + 3;
        }
        r.DrawText("model", x, y, 1, Color.Accent);
        PanelStyle.Wrapped(r, views.ModelDescription, x + nameW, y, w - nameW, Color.Text, Math.Max(1, (int)((bottom - y) / Renderer2D.LineHeight)));
    }

    private static void Keys(Renderer2D r, float x, float y, float bottom)
    {
        var table = KeyBindings.Help;
        float step = MathF.Min(18, (bottom - y) / table.Length);
        for (int i = 0; i < table.Length; i++)
        {
            r.DrawText(table[i].Keys, x, y + i * step, 1, Color.Accent);
            r.DrawText(table[i].Action, x + 200, y + i * step, 1, Color.Text);
        }
    }
}

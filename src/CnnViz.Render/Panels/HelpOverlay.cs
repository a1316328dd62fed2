using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>H: every key and what it does, over a dimmed frame.</summary>
internal static class HelpOverlay
{
    public static void Draw(Renderer2D r, float screenW, float screenH)
    {
        var table = KeyBindings.Help;
        float w = 620, h = 80 + table.Length * 20;
        var box = new RectF(MathF.Round((screenW - w) / 2), MathF.Round((screenH - h) / 2), w, h);
        r.NextLayer(); // the dimming covers everything drawn so far, text included
        r.DrawRect(new RectF(0, 0, screenW, screenH), Color.Black.WithAlpha(150));
        r.NextLayer();
        r.DrawRect(box, Color.Panel);
        r.DrawRectLines(box, 2, Color.Accent);
        r.DrawText("Keys", box.X + 20, box.Y + 16, 2, Color.Accent);
        for (int i = 0; i < table.Length; i++)
        {
            float y = box.Y + 48 + i * 20;
            r.DrawText(table[i].Keys, box.X + 20, y, 1, Color.Accent);
            r.DrawText(table[i].Action, box.X + 200, y, 1, Color.Text);
        }
        r.DrawText("Every key is a command: the same words work in headless --script.", box.X + 20, box.Bottom - 22, 1, Color.Dim);
    }
}

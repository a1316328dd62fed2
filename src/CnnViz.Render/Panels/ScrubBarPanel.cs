using CnnViz.Engine.Timelines;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The run's timeline as a bar from step 0 to the newest step of the current trajectory: a tick per snapshot held
/// (denser near now, thinned further back), a white mark where the run branched (a change made at a past step), the
/// current step as a yellow cursor, and the snapshot memory used against its budget. Keys: PageUp/PageDown (snapshot),
/// comma/period (one step), Home/End; `seek STEP` does the same.
/// </summary>
internal sealed class ScrubBarPanel(RectF area)
{
    /// <summary>Title, bar and key line: the height the single-run scene gives it under the accuracy graph.</summary>
    public const float Height = 44;

    public RectF Area { get; } = area;

    /// <summary>The bar of the last drawn frame (tests look for the cursor there).</summary>
    internal RectF LastBar { get; private set; }

    public void Draw(Renderer2D r, SessionViews views, char run, Color runColor)
    {
        Span<char> text = stackalloc char[96];
        var t = views.Timeline;
        int n;
        float memory = 0;
        if (t is not null)
        {
            text.TryWrite($"{t.BytesAllocated / 1e6:F1}/{t.BudgetBytes / 1e6:F0} MB", out n);
            memory = n * 8;
            r.DrawText(text[..n], Area.Right - 6 - memory, Area.Y + 5, 1, Color.Dim);
        }
        if (run == ' ') text.TryWrite($"timeline: step {views.Step:N0}, {t?.Count ?? 0} snapshots", out n);
        else text.TryWrite($"timeline {run}: step {views.Step:N0}, {t?.Count ?? 0} snapshots", out n);
        PanelStyle.FitText(r, text[..n], Area.X + 6, Area.Y + 5, Area.W - 20 - memory, Color.Text);
        var content = new RectF(Area.X + 6, Area.Y + PanelStyle.TitleHeight + 4, Area.W - 12, Area.H - PanelStyle.TitleHeight - 10);
        if (t is null)
        {
            PanelStyle.FitText(r, "off: start with --snapshot-every N to seek back", content.X, content.Y + 2, content.W, Color.Dim);
            return;
        }
        var bar = new RectF(content.X, content.Y + 1, content.W, 10);
        LastBar = bar;
        r.DrawRect(bar, Color.Background);
        long end = Math.Max(1, Math.Max(t.Head, views.Step));
        float X(long step) => MathF.Round(bar.X + (float)step / end * (bar.W - 1));
        r.DrawRect(new RectF(bar.X, bar.Y + 3, X(t.Head) - bar.X + 1, 4), runColor.WithAlpha(120)); // the trained trajectory
        for (int i = 0; i < t.Count; i++) r.DrawRect(new RectF(X(t.StepAt(i)), bar.Y, 1, bar.H), Color.Dim);
        var branches = t.Branches;
        for (int k = 0; k < branches.Count; k++) r.DrawRect(new RectF(X(branches[k].Step) - 1, bar.Y - 2, 2, bar.H + 4), Color.White);
        r.DrawRect(new RectF(X(views.Step) - 1, bar.Y - 3, 3, bar.H + 6), Color.Accent);
        r.DrawText("0", bar.X, bar.Bottom + 3, 1, Color.Dim);
        text.TryWrite($"{t.Head:N0}", out n);
        r.DrawText(text[..n], bar.Right - n * 8, bar.Bottom + 3, 1, Color.Dim);
        PanelStyle.FitText(r, "PgUp/PgDn snapshot  ,/. step  Home/End", bar.X + 16, bar.Bottom + 3, bar.W - 24 - n * 8, Color.Dim);
    }
}

using CnnViz.Engine.Compare;
using CnnViz.Engine.Live;
using CnnViz.Render.Gfx;
using CnnViz.Render.Layout;
using CnnViz.Render.Panels;

namespace CnnViz.Render;

/// <summary>
/// The window of a comparison (`--compare`), laid out by <see cref="CompareLayout"/>: both runs' curves on the same graphs,
/// the focused run's timeline, the difference readout with the digits that split them, both confusion matrices, and the
/// two layer stacks side by side on the same followed digit (the focused run framed). The panels are the single-run
/// window's (pinned digit, layer stack, confusion, HUD) where one run is drawn, and compare panels where both are.
/// <see cref="Update"/> copies only what changed into textures; <see cref="Draw"/> only draws.
/// </summary>
public sealed class CompareScene
{
    private readonly CompareLayout _layout;
    private readonly CompareGraphPanel _loss, _accuracy;
    private readonly ScrubBarPanel _scrub;
    private readonly DifferencePanel _difference;
    private readonly ConfusionPanel[] _confusion;
    private readonly PinnedPanel[] _pinned;
    private readonly LayerStackPanel[] _layers;
    private readonly HudPanel _hud;
    private readonly long[] _seenVersion = [-1, -1], _seenStudy = [-1, -1];
    private readonly RectF[] _panels;   // every panel, for the gutters (an array: drawing allocates nothing)
    private int _seenFlags = -1;

    public CompareScene(Renderer2D r, CompareViews c, int framebufferWidth, int framebufferHeight)
    {
        var l = _layout = new CompareLayout(framebufferWidth, framebufferHeight);
        _loss = new CompareGraphPanel(GraphPanel.Quantity.Loss, l.Loss);
        _accuracy = new CompareGraphPanel(GraphPanel.Quantity.Accuracy, l.Accuracy);
        _scrub = new ScrubBarPanel(l.Scrub);
        _difference = new DifferencePanel(r, c.Run(0).ImageWidth, c.Run(0).ImageHeight, l.Difference);
        _confusion = [new ConfusionPanel(r, c.Run(0), l.ConfusionA), new ConfusionPanel(r, c.Run(1), l.ConfusionB)];
        _pinned = [new PinnedPanel(r, c.Run(0), l.PinnedA), new PinnedPanel(r, c.Run(1), l.PinnedB)];
        _layers = [new LayerStackPanel(r, c.Run(0), l.LayersA), new LayerStackPanel(r, c.Run(1), l.LayersB)];
        _hud = new HudPanel(l.Header, default);
        _panels = [.. l.Panels()];
    }

    public CompareLayout Layout => _layout;
    internal DifferencePanel Difference => _difference;
    internal CompareGraphPanel LossGraph => _loss;
    internal ScrubBarPanel Scrub => _scrub;
    internal LayerStackPanel LayerStack(int run) => _layers[run];

    public void Update(Renderer2D r, CompareViews c, ViewState state)
    {
        int flags = (state.ShowGradients ? 1 : 0) | (state.ShowSwitches ? 2 : 0);
        for (int i = 0; i < 2; i++)
        {
            var views = c.Run(i);
            var study = c.Study(i);
            bool changed = views.Version != _seenVersion[i] || flags != _seenFlags;
            if (changed && _layout.ShowsConfusion) _confusion[i].Update(views);
            if (changed || study.Version != _seenStudy[i])
            {
                _layers[i].Update(views, state);
                _pinned[i].Update(study);
            }
            _seenVersion[i] = views.Version;
            _seenStudy[i] = study.Version;
        }
        _seenFlags = flags;
        _difference.Update(c.Difference);
    }

    public void Draw(Renderer2D r, CompareViews c, ViewState state)
    {
        DrawGutters(r);
        int f = c.Focus;
        _hud.Draw(r, c.Run(f), state, banner: null, status: false);   // the focused run's figures and the last command's result
        _loss.Draw(r, c);
        _accuracy.Draw(r, c);
        _scrub.Draw(r, c.Run(f), f == 0 ? 'A' : 'B', f == 0 ? Color.RunA : Color.RunB);
        _difference.Draw(r, c);
        if (_layout.ShowsConfusion)
            for (int i = 0; i < 2; i++)
            {
                var area = _confusion[i].Area;
                r.BeginClip(area);   // the single-run panel's captions are wider than half a column
                _confusion[i].Draw(r, c.Run(i));
                r.EndClip();
                r.DrawRect(new RectF(area.Right - 22, area.Y + 2, 20, 12), Color.Panel);
                r.DrawText(i == 0 ? "A" : "B", area.Right - 14, area.Y + 5, 1, i == 0 ? Color.RunA : Color.RunB);
            }
        for (int i = 0; i < 2; i++)
        {
            RunTitle(r, c, i, i == 0 ? _layout.RunTitleA : _layout.RunTitleB);
            r.BeginClip(_layout.Column(i));   // the single-run panels' text is sized for a wider column
            _pinned[i].Draw(r, c.Run(i), c.Study(i));
            _layers[i].Draw(r, c.Run(i), c.Study(i), state);
            r.EndClip();
        }
        r.DrawRectLines(_layout.Column(f), 1, f == 0 ? Color.RunA : Color.RunB);
        if (state.ShowHelp) HelpOverlay.Draw(r, _layout.Width, _layout.Height, state.HelpPage, c.Run(f));
    }

    /// <summary>"A  lenet5, adam lr 0.002, step 1,234" in the run's colour; B names its change; a note when the stacks are compact.</summary>
    private void RunTitle(Renderer2D r, CompareViews c, int i, RectF area)
    {
        var views = c.Run(i);
        Span<char> text = stackalloc char[160];
        int n;
        string focus = c.Focus == i ? "[keys act here] " : "[A: focus here] ";
        if (i == 0) text.TryWrite($"{focus}A: {views.ModelName}, {views.OptimizerName} lr {views.LearningRate:G3}, batch {views.BatchSize}", out n);
        else text.TryWrite($"{focus}B = A with {c.Change}, {c.SharedParameters}/{c.BParameterTensors} tensors from A's start", out n);
        PanelStyle.FitText(r, text[..n], area.X + 4, area.Y + 3, area.W - 8, i == 0 ? Color.RunA : Color.RunB);
        if (i == 1 && _layout.IsCompact)
            PanelStyle.FitText(r, _layout.ShowsConfusion ? "compact: each run's stack gets half the width, its maps drawn smaller (a wider window shows more)"
                : "compact: half-width stacks, confusion matrices folded on this small screen (a larger window shows them)",
                _layout.Note.X + 4, _layout.Note.Y + 2, _layout.Note.W - 8, Color.Dim);
    }

    /// <summary>The background between panels (the frame is cleared to the panels' colour).</summary>
    private void DrawGutters(Renderer2D r)
    {
        float w = _layout.Width, h = _layout.Height, top = CompareLayout.HeaderHeight;
        r.DrawRect(new RectF(0, top, w, CompareLayout.Gutter), Color.Background);
        r.DrawRect(new RectF(0, h - CompareLayout.Gutter, w, CompareLayout.Gutter), Color.Background);
        r.DrawRect(new RectF(0, top, CompareLayout.Gutter, h - top), Color.Background);
        r.DrawRect(new RectF(_layout.Loss.Right, top, _layout.RunTitleA.X - _layout.Loss.Right, h - top), Color.Background);
        r.DrawRect(new RectF(_layout.RunTitleA.Right, top, _layout.RunTitleB.X - _layout.RunTitleA.Right, h - top), Color.Background);
        r.DrawRect(new RectF(_layout.RunTitleB.Right, top, w - _layout.RunTitleB.Right, h - top), Color.Background);
        foreach (var p in _panels)
            foreach (var q in _panels)
                if (q.X == p.X && q.Y > p.Bottom && q.Y - p.Bottom < 12)
                    r.DrawRect(new RectF(p.X, p.Bottom, p.W, q.Y - p.Bottom), Color.Background);
        if (_layout.ShowsConfusion)
            r.DrawRect(new RectF(_layout.ConfusionA.Right, _layout.ConfusionA.Y, _layout.ConfusionB.X - _layout.ConfusionA.Right, _layout.ConfusionA.H), Color.Background);
    }
}

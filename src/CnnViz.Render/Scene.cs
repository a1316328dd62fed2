using CnnViz.Engine.Live;
using CnnViz.Engine.Study;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;
using CnnViz.Render.Layout;
using CnnViz.Render.Panels;

namespace CnnViz.Render;

/// <summary>
/// Every panel of the window at its place in a <see cref="WindowLayout"/> (any framebuffer size; an integer scale):
/// <code>
/// ┌ header: title, epoch/step/speed, frame timings, RUNNING/PAUSED/FINISHED ───────────────────────────────┐
/// │ mini-batch (or draw canvas) │ the followed digit: image, probabilities     │ loss graph   ┐ or: the math │
/// │ training + held-out mistakes│ the network on it: a card + maps per layer   │ accuracy     ┘ of a clicked │
/// │ confusion matrix            │                                              │ held-out strip  value       │
/// │                             │                                              │ run details                 │
/// └─────────────────────────────────────────────────────────────────────────────────────────────────────────┘
/// </code>
/// <see cref="Update"/> copies only what changed into textures; <see cref="Draw"/> only draws.
/// </summary>
public sealed class Scene
{
    /// <summary>The default window size.</summary>
    public const float Width = 1280, Height = 800;

    private readonly WindowLayout _layout;
    private readonly InputBatchPanel _batch;
    private readonly DrawCanvasPanel _canvas;
    private readonly ConfusionPanel _confusion;
    private readonly LayerStackPanel _layers;
    private readonly GraphPanel _loss, _accuracy;
    private readonly MisclassifiedPanel _mistakes;
    private readonly HeldOutMistakesPanel _heldOutMistakes;
    private readonly PinnedPanel _pinned;
    private readonly HeldOutPanel _heldOut;
    private readonly ExplainPanel _explain;
    private readonly HudPanel _hud;
    private readonly ChangesPanel _changes;     // over the graphs while "changes" (U) is on
    private readonly ConnectionTablePanel _connections; // over the graphs while "table" (T) is on
    private readonly BackpropPanel _backprop = new();
    private readonly ScrubBarPanel? _scrub;     // under the graphs when the run keeps a timeline
    private readonly RunBanner _banner = new();
    private readonly RectF[] _panels;
    private long _seenVersion = -1, _seenStudy = -1, _seenCanvas = -1;
    private int _seenFlags = -1;

    public Scene(Renderer2D r, SessionViews views, StudyViews study, int framebufferWidth = (int)Width, int framebufferHeight = (int)Height)
    {
        var l = _layout = new WindowLayout(framebufferWidth, framebufferHeight);
        _batch = new InputBatchPanel(r, views, l[PanelId.Batch]);
        _canvas = new DrawCanvasPanel(r, l[PanelId.Batch], study.IsDigits);
        _confusion = new ConfusionPanel(r, views, l[PanelId.Confusion]);
        _pinned = new PinnedPanel(r, views, l[PanelId.Pinned]);
        _layers = new LayerStackPanel(r, views, l[PanelId.Layers]);
        _loss = new GraphPanel(GraphPanel.Quantity.Loss, l[PanelId.Loss]);
        var accuracy = l[PanelId.Accuracy];
        if (views.Timeline is not null) _scrub = new ScrubBarPanel(accuracy with { Y = accuracy.Bottom - ScrubBarPanel.Height, H = ScrubBarPanel.Height });
        _accuracy = new GraphPanel(GraphPanel.Quantity.Accuracy, _scrub is null ? accuracy : accuracy with { H = accuracy.H - ScrubBarPanel.Height - WindowLayout.Gutter });
        _mistakes = new MisclassifiedPanel(r, views, l[PanelId.Mistakes]);
        var held = l[PanelId.HeldOutMistakes];
        _heldOutMistakes = new HeldOutMistakesPanel(r, views, l.FoldedNote is null ? held : held with { H = held.H - 22 }); // the note below
        _heldOut = new HeldOutPanel(r, views, study, l[PanelId.HeldOut]);
        _explain = new ExplainPanel(l[PanelId.Explain] with { H = l[PanelId.HeldOut].Bottom - l[PanelId.Explain].Y }); // above the run details
        _changes = new ChangesPanel(r, views, new RectF(l[PanelId.Loss].X, l[PanelId.Loss].Y, l[PanelId.Loss].W, l[PanelId.Accuracy].Bottom - l[PanelId.Loss].Y));
        _connections = new ConnectionTablePanel(_changes.Area);
        _hud = new HudPanel(l[PanelId.Header], l.IsShown(PanelId.Status) ? l[PanelId.Status] : default);
        _panels = [.. l.Shown.Where(id => id != PanelId.Header).Select(id => l[id])];
    }

    /// <summary>The layout: logical size, integer scale, what is folded.</summary>
    public WindowLayout Layout => _layout;

    /// <summary>The frame is cleared to the panels' color; <see cref="Draw"/> paints the gutters between them.</summary>
    public static readonly Color ClearColor = Color.Panel;

    /// <summary>The background between panels: bands around and between the columns, and gaps between stacked panels.</summary>
    private void DrawGutters(Renderer2D r)
    {
        float w = _layout.Width, h = _layout.Height, top = WindowLayout.HeaderHeight, g = WindowLayout.Gutter;
        r.DrawRect(new RectF(0, top, w, g), Color.Background);
        r.DrawRect(new RectF(0, h - g, w, g), Color.Background);
        float a = _layout[PanelId.Batch].X, b = _layout[PanelId.Layers].X, c = _layout[PanelId.Loss].X;
        r.DrawRect(new RectF(0, top, a, h - top), Color.Background);
        r.DrawRect(new RectF(_layout[PanelId.Batch].Right, top, b - _layout[PanelId.Batch].Right, h - top), Color.Background);
        r.DrawRect(new RectF(_layout[PanelId.Layers].Right, top, c - _layout[PanelId.Layers].Right, h - top), Color.Background);
        r.DrawRect(new RectF(_layout[PanelId.Loss].Right, top, w - _layout[PanelId.Loss].Right, h - top), Color.Background);
        foreach (var p in _panels)
            foreach (var q in _panels)
                if (q.X == p.X && q.Y > p.Bottom && q.Y - p.Bottom < 12)
                    r.DrawRect(new RectF(p.X, p.Bottom, p.W, q.Y - p.Bottom), Color.Background);
    }

    /// <summary>The draw-mode canvas's screen rectangle and brush (the loop paints with the mouse through it).</summary>
    internal DrawCanvasPanel Canvas => _canvas;

    // The panels, for tests that check their pixels and for clicks.
    internal InputBatchPanel BatchPanel => _batch;
    internal LayerStackPanel LayerStack => _layers;
    internal GraphPanel LossGraph => _loss;
    internal ChangesPanel Changes => _changes;
    internal ConnectionTablePanel ConnectionTable => _connections;
    internal HeldOutPanel HeldOutStrip => _heldOut;
    internal HeldOutMistakesPanel HeldOutMistakes => _heldOutMistakes;
    internal PinnedPanel Pinned => _pinned;

    /// <summary>Copies the session's changed views (and the canvas, and the followed digit) into the panels' textures.</summary>
    public void Update(Renderer2D r, SessionViews views, StudyViews study, ViewState state)
    {
        int flags = (state.ShowGradients ? 1 : 0) | (state.ShowSwitches ? 2 : 0) | (state.DrawMode ? 4 : 0) | (state.ShowOriginal ? 8 : 0);
        bool changed = views.Version != _seenVersion || flags != _seenFlags;
        if (changed)
        {
            _batch.Update(views, state.ShowOriginal);
            _confusion.Update(views);
            _mistakes.Update(views);
        }
        if (changed || study.Version != _seenStudy)
        {
            _layers.Update(views, state);
            _pinned.Update(study);
            _heldOut.Update(study);
            _heldOutMistakes.Update(study);
            _explain.Update(r, study);
        }
        if (changed && views.Inspection.TracksUpdates) _changes.Update(views);
        if (state.ShowConnections) _connections.Update(views);
        if (state.DrawMode && state.Canvas.Version != _seenCanvas)
        {
            _canvas.Update(state.Canvas);
            _seenCanvas = state.Canvas.Version;
        }
        _seenVersion = views.Version;
        _seenFlags = flags;
        _seenStudy = study.Version;
    }

    /// <summary>Draws the frame; the caller began it with <see cref="ClearColor"/> at the layout's logical size.</summary>
    public void Draw(Renderer2D r, SessionViews views, StudyViews study, ViewState state)
    {
        DrawGutters(r);
        _hud.Draw(r, views, state, _banner.Text(views), _layout.IsShown(PanelId.Status));
        if (state.DrawMode) _canvas.Draw(r);
        else _batch.Draw(r, views);
        if (_layout.IsShown(PanelId.Confusion)) _confusion.Draw(r, views);
        _mistakes.Draw(r, views);
        _heldOutMistakes.Draw(r, views, study);
        if (_layout.FoldedNote is { } folded)
            r.DrawText(folded, _heldOutMistakes.Area.X + 6, _heldOutMistakes.Area.Bottom + 1, 1, Color.Dim); // two short lines
        _pinned.Draw(r, views, study);
        _layers.Draw(r, views, study, state);
        if (study.Explanation is not null)
        {
            // One panel over the graphs and the strip (their gutters would cut it), the run details stay below it.
            RectF loss = _layout[PanelId.Loss], strip = _layout[PanelId.HeldOut];
            r.DrawRect(new RectF(loss.X, loss.Y, loss.W, strip.Bottom - loss.Y), Color.Panel);
            _explain.Draw(r, study);
        }
        else
        {
            _loss.Draw(r, views);
            _accuracy.Draw(r, views);
            _scrub?.Draw(r, views, ' ', Color.Train);
            _heldOut.Draw(r, views, study);
        }
        if (views.Inspection.TracksUpdates && study.Explanation is null) _changes.Draw(r, views);
        if (state.ShowConnections && study.Explanation is null) _connections.Draw(r);
        if (!state.DrawMode) _backprop.Draw(r, views, _layers);
        HoverPanel.Draw(r, _layers, state);
        if (state.ShowHelp) HelpOverlay.Draw(r, _layout.Width, _layout.Height, state.HelpPage, views);
    }
}

using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;
using CnnViz.Render.Panels;

namespace CnnViz.Render;

/// <summary>
/// Every panel of the window at its place in a fixed 1280×800 layout (scaled to the window):
/// <code>
/// ┌ header: title, epoch/step/speed, frame timings, RUNNING/PAUSED ──────────────────────────┐
/// │ mini-batch (or draw canvas) │ the network: conv kernels + maps,     │ loss graph        │
/// │ selected sample + probs     │ pooled maps, dense bars               │ accuracy graph    │
/// │ confusion matrix            │                                       │ mistakes │ run    │
/// └──────────────────────────────────────────────────────────────────────────────────────────┘
/// </code>
/// <see cref="Update"/> copies only what changed into textures; <see cref="Draw"/> only draws.
/// </summary>
public sealed class Scene
{
    public const float Width = 1280, Height = 800;

    private readonly InputBatchPanel _batch;
    private readonly DrawCanvasPanel _canvas;
    private readonly SamplePanel _sample;
    private readonly ConfusionPanel _confusion;
    private readonly LayerStackPanel _layers;
    private readonly GraphPanel _loss, _accuracy;
    private readonly MisclassifiedPanel _mistakes;
    private readonly HudPanel _hud;
    private long _seenVersion = -1, _seenProbe = -1, _seenCanvas = -1;
    private int _seenFlags = -1;

    public Scene(Renderer2D r, SessionViews views)
    {
        const float top = 38, colA = 8, widthA = 312, colB = 326, widthB = 628, colC = 960, widthC = 312;
        _batch = new InputBatchPanel(r, views, new RectF(colA, top, widthA, 360));
        _canvas = new DrawCanvasPanel(r, new RectF(colA, top, widthA, 360));
        _sample = new SamplePanel(r, views, new RectF(colA, top + 366, widthA, 160));
        _confusion = new ConfusionPanel(r, views, new RectF(colA, top + 532, widthA, Height - 8 - (top + 532)));
        _layers = new LayerStackPanel(r, views, new RectF(colB, top, widthB, Height - 8 - top));
        _loss = new GraphPanel(GraphPanel.Quantity.Loss, new RectF(colC, top, widthC, 200));
        _accuracy = new GraphPanel(GraphPanel.Quantity.Accuracy, new RectF(colC, top + 206, widthC, 200));
        _mistakes = new MisclassifiedPanel(r, views, new RectF(colC, top + 412, widthC, 122));
        _hud = new HudPanel(new RectF(0, 0, Width, 32), new RectF(colC, top + 540, widthC, Height - 8 - (top + 540)));
        _panels = [_batch.Area, _sample.Area, _confusion.Area, _layers.Area, _loss.Area, _accuracy.Area, _mistakes.Area, _hud.Status];
    }

    /// <summary>The frame is cleared to the panels' color; <see cref="Draw"/> paints the gutters between them.</summary>
    public static readonly Color ClearColor = Color.Panel;

    private readonly RectF[] _panels;

    /// <summary>The background between panels: every pixel of the layout not covered by a panel.</summary>
    private void DrawGutters(Renderer2D r)
    {
        // Bands between the header and the columns, and between and beside the columns.
        r.DrawRect(new RectF(0, 32, Width, 6), Color.Background);
        r.DrawRect(new RectF(0, Height - 8, Width, 8), Color.Background);
        r.DrawRect(new RectF(0, 38, 8, Height - 46), Color.Background);
        r.DrawRect(new RectF(320, 38, 6, Height - 46), Color.Background);
        r.DrawRect(new RectF(954, 38, 6, Height - 46), Color.Background);
        r.DrawRect(new RectF(1272, 38, 8, Height - 46), Color.Background);
        // Gaps between panels stacked in a column.
        foreach (var a in _panels)
            foreach (var b in _panels)
                if (b.X == a.X && b.Y > a.Bottom && b.Y - a.Bottom < 12)
                    r.DrawRect(new RectF(a.X, a.Bottom, a.W, b.Y - a.Bottom), Color.Background);
    }

    /// <summary>The draw-mode canvas's screen rectangle and brush (the loop paints with the mouse through it).</summary>
    internal DrawCanvasPanel Canvas => _canvas;

    // The panels, for tests that check their pixels.
    internal InputBatchPanel BatchPanel => _batch;
    internal LayerStackPanel LayerStack => _layers;
    internal GraphPanel LossGraph => _loss;

    /// <summary>Copies the session's changed views (and the canvas) into the panels' textures.</summary>
    public void Update(SessionViews views, ViewState state)
    {
        int flags = (state.ShowGradients ? 1 : 0) | (state.ShowSwitches ? 2 : 0) | (state.DrawMode ? 4 : 0);
        long probe = views.Probe?.Version ?? -1;
        bool changed = views.Version != _seenVersion || flags != _seenFlags;
        if (changed)
        {
            _batch.Update(views);
            _sample.Update(views);
            _confusion.Update(views);
            _mistakes.Update(views);
        }
        if (changed || (state.DrawMode && probe != _seenProbe)) _layers.Update(views, state);
        if (state.DrawMode && state.Canvas.Version != _seenCanvas)
        {
            _canvas.Update(state.Canvas);
            _seenCanvas = state.Canvas.Version;
        }
        _seenVersion = views.Version;
        _seenFlags = flags;
        _seenProbe = probe;
    }

    /// <summary>Draws the frame; the caller began it with <see cref="ClearColor"/>.</summary>
    public void Draw(Renderer2D r, SessionViews views, ViewState state)
    {
        DrawGutters(r);
        _hud.Draw(r, views, state);
        if (state.DrawMode) _canvas.Draw(r);
        else _batch.Draw(r, views);
        _sample.Draw(r, views, state);
        _confusion.Draw(r, views);
        _layers.Draw(r, views, state);
        _loss.Draw(r, views);
        _accuracy.Draw(r, views);
        _mistakes.Draw(r, views);
        if (state.ShowHelp) HelpOverlay.Draw(r, Width, Height);
    }
}

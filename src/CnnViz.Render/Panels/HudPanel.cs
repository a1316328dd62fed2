using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The header (title, run state, speed) and the status block: epoch and step, images/s, per-frame
/// train/upload/draw milliseconds and FPS, optimizer and learning rate, batches per frame, the data set,
/// the last command's result, a divergence message and a shader compile error, if any.
/// </summary>
internal sealed class HudPanel
{
    public HudPanel(RectF header, RectF status)
    {
        Header = header;
        Status = status;
    }

    public RectF Header { get; }

    public const int ModelChars = 24;
    private string? _model, _shortModel;

    /// <summary>
    /// The model as the header names it: a built-in's name, or a long description cut to <see cref="ModelChars"/>
    /// characters ending in ".." (help page 1 shows it whole); made once per model, so no string per frame.
    /// </summary>
    internal string ShortModel(string model)
    {
        if (!ReferenceEquals(model, _model))
        {
            _model = model;
            string oneLine = model.ReplaceLineEndings(" ");
            _shortModel = oneLine.Length <= ModelChars ? oneLine : string.Concat(oneLine.AsSpan(0, ModelChars - 10), ".. (H: all)");
        }
        return _shortModel!;
    }
    public RectF Status { get; }

    public void Draw(Renderer2D r, SessionViews views, ViewState state, string? banner, bool status)
    {
        Span<char> text = stackalloc char[200];
        r.DrawText("CnnViz", Header.X + 8, Header.Y + 7, 2, Color.Accent);
        (string label, Color color) = views.IsDiverged ? ("DIVERGED", Color.Wrong)
            : views.IsFinished ? ("FINISHED", Color.Accent)
            : state.Paused ? ("PAUSED", Color.Accent) : ("RUNNING", Color.Right);
        float w = Renderer2D.MeasureText(label, 2);
        r.DrawText(label, Header.Right - w - 12, Header.Y + 7, 2, color);
        float right = Header.Right - w - 24;
        if (state.DrawMode) { r.DrawText("DRAW MODE", right - 76, Header.Y + 11, 1, Color.Validation); right -= 84; }
        text.TryWrite($"{ShortModel(views.ModelName)} | epoch {views.Epoch + 1} ({views.EpochProgress * 100:F0}%) | step {views.Step:N0} | speed {state.Pace} | {views.OptimizerName} lr {views.LearningRate:G3} | batch {views.BatchSize} | {views.Throughput.ImagesPerSecond:N0} img/s", out int n);
        PanelStyle.FitText(r, text[..n], Header.X + 120, Header.Y + 5, right - Header.X - 120, Color.Text);
        if (banner is not null) PanelStyle.FitText(r, banner, Header.X + 120, Header.Y + 17, right - Header.X - 120, Color.Accent);
        else
        {
            text.TryWrite($"{state.Status} | draw {state.DrawMs:F1} ms, {state.Fps:F0} fps", out n);
            PanelStyle.FitText(r, text[..n], Header.X + 120, Header.Y + 17, right - Header.X - 120, Color.Dim);
        }
        if (!status) return;

        RectF content = PanelStyle.Frame(r, Status, "run");
        float y = content.Y;
        PanelStyle.FitText(r, views.DataLabel, content.X, y, content.W, Color.Dim);
        y += 11;
        var metrics = views.Metrics;
        if (metrics.Last is { } last)
        {
            text.TryWrite($"train loss {last.SmoothedLoss:F4}  acc {last.SmoothedAccuracy * 100:F1}%", out n);
            PanelStyle.FitText(r, text[..n], content.X, y, content.W, Color.Text);
        }
        y += 11;
        if (metrics.Validation.Length > 0)
        {
            var v = metrics.Validation[^1];
            text.TryWrite($"validation {v.Accuracy * 100:F2}% at step {v.Step:N0} (epoch end)", out n);
            PanelStyle.FitText(r, text[..n], content.X, y, content.W, Color.Validation);
        }
        y += 11;
        var epochs = metrics.Epochs;
        if (epochs.Count > 0 && epochs[^1].Test is { } test)
        {
            text.TryWrite($"test {test.Accuracy * 100:F2}% after epoch {epochs[^1].Epoch}", out n);
            r.DrawText(text[..n], content.X, y, 1, Color.Text);
        }
        y += 11;
        if (views.Timeline is { } timeline)
        {
            text.TryWrite($"timeline {timeline.Count} snapshots, {timeline.BytesAllocated / 1e6:F1} / {timeline.BudgetBytes / 1e6:F0} MB", out n);
            PanelStyle.FitText(r, text[..n], content.X, y, content.W, Color.Dim);
        }
        y += 15;
        y = PanelStyle.Wrapped(r, state.Status, content.X, y, content.W, Color.Accent, 3);
        if (views.DivergenceMessage is { } diverged) y = PanelStyle.Wrapped(r, diverged, content.X, y + 2, content.W, Color.Wrong, 4);
        if (r.ShaderError is { } error)
        {
            r.DrawText("shader error (previous shader still in use):", content.X, y + 2, 1, Color.Wrong);
            PanelStyle.Wrapped(r, error, content.X, y + 13, content.W, Color.Wrong, Math.Max(1, (int)((content.Bottom - y - 13) / 10)));
        }
        r.DrawText("H: help and keys", content.X, content.Bottom - 8, 1, Color.Dim);
    }
}

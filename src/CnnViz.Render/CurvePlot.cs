using System.Numerics;
using CnnViz.Engine.Metrics;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>
/// Learning curves per epoch as a PNG, drawn offscreen (EGL) through the project's own renderer:
/// loss on the left and accuracy on the right, training (blue) against validation (orange), plus test
/// accuracy (green) — the two plots the assignment draws with matplotlib; or both runs of a comparison.
/// </summary>
public static class CurvePlot
{
    public const int Width = 1000, Height = 420;

    /// <summary>Writes the plot of <paramref name="history"/> to <paramref name="path"/> (temp file + rename).</summary>
    /// <exception cref="NotSupportedException">No offscreen OpenGL here (EGL/Mesa missing); the message says what to install.</exception>
    /// <exception cref="InvalidOperationException">No epoch has finished yet, so there is nothing to plot.</exception>
    public static void Save(MetricsHistory history, string path)
    {
        var epochs = Epochs(history);
        Draw(path, "CnnViz learning curves", epochs,
            [new(Of(epochs, e => e.TrainLoss), Color.Train, "train", true), new(Of(epochs, e => e.Validation?.Loss), Color.Validation, "validation", true)],
            [new(Of(epochs, e => e.TrainAccuracy), Color.Train, "train", true), new(Of(epochs, e => e.Validation?.Accuracy), Color.Validation, "validation", true),
             new(Of(epochs, e => e.Test?.Accuracy), Color.Right, "test", true)]);
    }

    /// <summary>
    /// The curves of both runs of a comparison, A blue and B magenta: training loss (lines) and validation loss (dots);
    /// test accuracy (lines) and training accuracy (dots). The x axis is the epoch; a run with more epochs runs on.
    /// </summary>
    public static void SaveComparison(MetricsHistory a, MetricsHistory b, string labelA, string labelB, string path)
    {
        var ea = Epochs(a);
        var eb = Epochs(b);
        var longer = ea.Count >= eb.Count ? ea : eb;
        Draw(path, "CnnViz comparison: A against B", longer,
            [new(Of(ea, e => e.TrainLoss), Color.RunA, $"A train", true), new(Of(ea, e => e.Validation?.Loss), Color.RunA, "A val", false),
             new(Of(eb, e => e.TrainLoss), Color.RunB, $"B train", true), new(Of(eb, e => e.Validation?.Loss), Color.RunB, "B val", false)],
            [new(Of(ea, e => e.Test?.Accuracy), Color.RunA, "A test", true), new(Of(ea, e => e.TrainAccuracy), Color.RunA, "A train", false),
             new(Of(eb, e => e.Test?.Accuracy), Color.RunB, "B test", true), new(Of(eb, e => e.TrainAccuracy), Color.RunB, "B train", false)],
            $"A: {labelA}   B: {labelB}");
    }

    /// <summary>One curve: a value per epoch (NaN where missing), drawn as a line with dots or as dots only.</summary>
    private readonly record struct Curve(float[] Values, Color Color, string Label, bool Line);

    private static IReadOnlyList<EpochRecord> Epochs(MetricsHistory history) =>
        history.Epochs.Count > 0 ? history.Epochs : throw new InvalidOperationException("no epoch has finished yet, so there are no learning curves to plot");

    private static float[] Of(IReadOnlyList<EpochRecord> epochs, Func<EpochRecord, float?> value) =>
        [.. epochs.Select(e => value(e) ?? float.NaN)];

    private static void Draw(string path, string title, IReadOnlyList<EpochRecord> epochs, Curve[] loss, Curve[] accuracy, string? subtitle = null)
    {
        OffscreenSurface surface;
        try
        {
            surface = OffscreenSurface.Create(Width, Height);
        }
        catch (RenderUnavailableException e)
        {
            throw new NotSupportedException($"cannot draw the plot: {e.Message}");
        }
        using (surface)
        using (var r = new Renderer2D(surface.Gl, hotReload: false))
        {
            r.BeginFrame(surface, Color.Background);
            r.DrawText(title, 16, 12, 2, Color.Accent);
            if (subtitle is not null) r.DrawText(subtitle.Length > 56 ? subtitle[..56] : subtitle, 16 + Renderer2D.MeasureText(title, 2) + 24, 18, 1, Color.Text);
            Chart(r, new RectF(16, 40, Width / 2 - 24, Height - 56), "loss per epoch (cross-entropy)", epochs, loss, accuracy: false);
            Chart(r, new RectF(Width / 2 + 8, 40, Width / 2 - 24, Height - 56), "accuracy per epoch", epochs, accuracy, accuracy: true);
            r.EndFrame();
            byte[]? scratch = null;
            byte[] rgb = FrameCapture.ReadRgb(surface, ref scratch);
            PngWriter.WriteNow(path, rgb, Width, Height);
        }
    }

    private static void Chart(Renderer2D r, RectF area, string title, IReadOnlyList<EpochRecord> epochs, Curve[] curves, bool accuracy)
    {
        r.DrawRect(area, Color.Panel);
        r.DrawText(title, area.X + 8, area.Y + 8, 1, Color.Text);
        var plot = new RectF(area.X + 64, area.Y + 28, area.W - 84, area.H - 72);
        r.DrawRect(plot, Color.Background);

        int n = epochs.Count;
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (var curve in curves)
            foreach (float v in curve.Values)
                if (float.IsFinite(v)) { lo = MathF.Min(lo, v); hi = MathF.Max(hi, v); }
        if (!(lo <= hi)) { lo = 0; hi = 1; }
        float pad = MathF.Max((hi - lo) * 0.1f, accuracy ? 0.005f : 0.01f);
        lo = MathF.Max(0, lo - pad);
        hi = accuracy ? MathF.Min(1, hi + pad) : hi + pad;

        float X(int i) => n == 1 ? plot.X + plot.W / 2 : plot.X + 10 + i * (plot.W - 20) / (n - 1);
        float Y(float v) => plot.Bottom - (v - lo) / (hi - lo) * plot.H;

        for (int t = 0; t <= 4; t++)
        {
            float v = lo + (hi - lo) * t / 4, y = MathF.Round(Y(v));
            r.DrawRect(new RectF(plot.X, y, plot.W, 1), Color.Frame.WithAlpha(110));
            string label = accuracy ? $"{v * 100:F1}%" : $"{v:F3}";
            r.DrawText(label, plot.X - 6 - label.Length * 8, y - 4, 1, Color.Dim);
        }
        int labelEvery = Math.Max(1, n / 10);
        for (int i = 0; i < n; i += labelEvery)
        {
            string label = epochs[i].Epoch.ToString();
            r.DrawText(label, X(i) - label.Length * 4, plot.Bottom + 6, 1, Color.Dim);
        }
        r.DrawText("epoch", plot.X + plot.W / 2 - 20, plot.Bottom + 20, 1, Color.Dim);

        foreach (var curve in curves) Series(r, curve.Values, X, Y, curve.Color, curve.Line);

        float ly = area.Bottom - 14, lx = area.X + 64;
        foreach (var curve in curves) lx = Legend(r, lx, ly, curve.Label, curve.Color, curve.Line);
    }

    private static void Series(Renderer2D r, float[] values, Func<int, float> x, Func<float, float> y, Color color, bool line)
    {
        Vector2? previous = null;
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) { previous = null; continue; }
            var p = new Vector2(x(i), y(values[i]));
            if (line && previous is { } q) r.DrawLine(q.X, q.Y, p.X, p.Y, 2, color);
            r.DrawRect(line ? new RectF(p.X - 3, p.Y - 3, 6, 6) : new RectF(p.X - 4, p.Y - 4, 8, 8), line ? color : color.WithAlpha(150));
            previous = p;
        }
    }

    private static float Legend(Renderer2D r, float x, float y, string label, Color color, bool line)
    {
        r.DrawRect(line ? new RectF(x, y + 3, 14, 3) : new RectF(x + 3, y, 8, 8), line ? color : color.WithAlpha(150));
        r.DrawText(label, x + 18, y, 1, Color.Text);
        return x + 18 + label.Length * 8 + 20;
    }
}

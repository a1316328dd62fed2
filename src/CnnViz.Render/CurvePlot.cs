using System.Numerics;
using CnnViz.Engine.Metrics;
using CnnViz.Render.Gfx;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>
/// Learning curves per epoch as a PNG, drawn offscreen (EGL) through the project's own renderer:
/// loss on the left and accuracy on the right, training (blue) against validation (orange), plus test
/// accuracy (green) — the two plots the assignment draws with matplotlib.
/// </summary>
public static class CurvePlot
{
    public const int Width = 1000, Height = 420;

    /// <summary>Writes the plot of <paramref name="history"/> to <paramref name="path"/> (temp file + rename).</summary>
    /// <exception cref="NotSupportedException">No offscreen OpenGL here (EGL/Mesa missing); the message says what to install.</exception>
    /// <exception cref="InvalidOperationException">No epoch has finished yet, so there is nothing to plot.</exception>
    public static void Save(MetricsHistory history, string path)
    {
        var epochs = history.Epochs;
        if (epochs.Count == 0) throw new InvalidOperationException("no epoch has finished yet, so there are no learning curves to plot");
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
            r.DrawText("CnnViz learning curves", 16, 12, 2, Color.Accent);
            Chart(r, new RectF(16, 40, Width / 2 - 24, Height - 56), "loss per epoch (cross-entropy)", epochs, accuracy: false);
            Chart(r, new RectF(Width / 2 + 8, 40, Width / 2 - 24, Height - 56), "accuracy per epoch", epochs, accuracy: true);
            r.EndFrame();
            byte[]? scratch = null;
            byte[] rgb = FrameCapture.ReadRgb(surface, ref scratch);
            PngWriter.WriteNow(path, rgb, Width, Height);
        }
    }

    private static void Chart(Renderer2D r, RectF area, string title, IReadOnlyList<EpochRecord> epochs, bool accuracy)
    {
        r.DrawRect(area, Color.Panel);
        r.DrawText(title, area.X + 8, area.Y + 8, 1, Color.Text);
        var plot = new RectF(area.X + 64, area.Y + 28, area.W - 84, area.H - 72);
        r.DrawRect(plot, Color.Background);

        // The three series; NaN where a value is missing (no validation split, test still pending).
        int n = epochs.Count;
        var train = new float[n];
        var validation = new float[n];
        var test = new float[n];
        for (int i = 0; i < n; i++)
        {
            var e = epochs[i];
            train[i] = accuracy ? e.TrainAccuracy : e.TrainLoss;
            validation[i] = e.Validation is { } v ? (accuracy ? v.Accuracy : v.Loss) : float.NaN;
            test[i] = accuracy && e.Test is { } t ? t.Accuracy : float.NaN;
        }
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (var series in new[] { train, validation, test })
            foreach (float v in series)
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

        Series(r, train, X, Y, Color.Train);
        Series(r, validation, X, Y, Color.Validation);
        if (accuracy) Series(r, test, X, Y, Color.Right);

        float ly = area.Bottom - 14, lx = area.X + 64;
        lx = Legend(r, lx, ly, "train", Color.Train);
        lx = Legend(r, lx, ly, "validation", Color.Validation);
        if (accuracy) Legend(r, lx, ly, "test", Color.Right);
    }

    private static void Series(Renderer2D r, float[] values, Func<int, float> x, Func<float, float> y, Color color)
    {
        Vector2? previous = null;
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) { previous = null; continue; }
            var p = new Vector2(x(i), y(values[i]));
            if (previous is { } q) r.DrawLine(q.X, q.Y, p.X, p.Y, 2, color);
            r.DrawRect(new RectF(p.X - 3, p.Y - 3, 6, 6), color);
            previous = p;
        }
    }

    private static float Legend(Renderer2D r, float x, float y, string label, Color color)
    {
        r.DrawRect(new RectF(x, y + 3, 14, 3), color);
        r.DrawText(label, x + 18, y, 1, Color.Text);
        return x + 18 + label.Length * 8 + 20;
    }
}

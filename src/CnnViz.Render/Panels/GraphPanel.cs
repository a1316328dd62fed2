using System.Numerics;
using CnnViz.Engine.Metrics;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// A live learning curve over training steps: the running (last-50-steps) training loss or accuracy as a
/// line, validation evaluations as dots, epoch ends as vertical marks; both axes scale to the data and
/// carry their values.
/// </summary>
internal sealed class GraphPanel
{
    public enum Quantity { Loss, Accuracy }

    private const int MaxPoints = 512;
    private readonly Quantity _quantity;
    private readonly Vector2[] _line = new Vector2[MaxPoints]; // preallocated: drawing allocates nothing

    public GraphPanel(Quantity quantity, RectF area)
    {
        _quantity = quantity;
        Area = area;
    }

    public RectF Area { get; }

    /// <summary>The plot area of the last drawn frame (tests look for the curve there).</summary>
    internal RectF LastPlot { get; private set; }

    private float Train(in StepPoint p) => _quantity == Quantity.Loss ? p.SmoothedLoss : p.SmoothedAccuracy;
    private float Eval(in EvaluationPoint p) => _quantity == Quantity.Loss ? p.Loss : p.Accuracy;

    public void Draw(Renderer2D r, SessionViews views)
    {
        RectF content = PanelStyle.Frame(r, Area, _quantity == Quantity.Loss ? "loss (cross-entropy)" : "accuracy");
        bool wide = content.W >= WideLegend;
        var plot = new RectF(content.X + 44, content.Y + 4, content.W - 50, content.H - (wide ? 30 : 40));
        LastPlot = plot;
        r.DrawRect(plot, Color.Background);
        ReadOnlySpan<StepPoint> steps = views.Metrics.Steps;
        ReadOnlySpan<EvaluationPoint> validation = views.Metrics.Validation;
        Legend(r, content, wide);
        if (steps.Length < 2)
        {
            r.DrawText("waiting for training steps", plot.X + 8, plot.Y + 8, 1, Color.Dim);
            return;
        }

        // Axes: steps first..last on x; the data's range (padded) on y.
        float x0 = steps[0].Step, x1 = MathF.Max(steps[^1].Step, x0 + 1);
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        int points = Math.Min(steps.Length, Math.Min(MaxPoints, (int)plot.W));
        for (int k = 0; k < points; k++)
        {
            float v = Train(steps[(int)((long)k * (steps.Length - 1) / (points - 1))]);
            if (float.IsFinite(v)) { lo = MathF.Min(lo, v); hi = MathF.Max(hi, v); }
        }
        foreach (ref readonly var p in validation) { lo = MathF.Min(lo, Eval(p)); hi = MathF.Max(hi, Eval(p)); }
        if (!(lo <= hi)) { lo = 0; hi = 1; }
        float pad = MathF.Max((hi - lo) * 0.08f, 1e-3f);
        lo = _quantity == Quantity.Accuracy ? MathF.Max(0, lo - pad) : MathF.Max(0, lo - pad);
        hi = _quantity == Quantity.Accuracy ? MathF.Min(1, hi + pad) : hi + pad;

        float X(float step) => plot.X + (step - x0) / (x1 - x0) * plot.W;
        float Y(float v) => plot.Bottom - (v - lo) / (hi - lo) * plot.H;

        Span<char> text = stackalloc char[24];
        // y ticks at 1, 2 or 5 × 10^k (accuracy in percent points), at most 4 of them, each with its value.
        double unit = _quantity == Quantity.Accuracy ? 100 : 1, step = AxisTicks.Step(lo * unit, hi * unit, 4);
        int decimals = AxisTicks.Decimals(step);
        for (double v = AxisTicks.First(lo * unit, step); v <= hi * unit + step * 1e-6; v += step)
        {
            float y = MathF.Round(Y((float)(v / unit)));
            r.DrawRect(new RectF(plot.X, y, plot.W, 1), Color.Frame.WithAlpha(90));
            int n = Format(text, v, decimals, _quantity == Quantity.Accuracy);
            if (y - 4 >= Area.Y + PanelStyle.TitleHeight) r.DrawText(text[..n], plot.X - 4 - n * 8, y - 4, 1, Color.Dim);
        }

        // The current value, top right; epoch ends as lines, labelled "eN" on the row above it, thinned so that
        // the labels keep 6 units apart (e1, e2, … or e5, e10, …).
        float last = Train(steps[^1]);
        int nv = Format(text, last * unit, _quantity == Quantity.Accuracy ? 1 : 3, _quantity == Quantity.Accuracy);
        r.DrawText(text[..nv], plot.Right - nv * 8 - 4, plot.Y + 14, 1, Color.Train);
        var epochs = views.Metrics.Epochs;
        float labelWidth = 8 * (2 + (int)Math.Log10(Math.Max(1, epochs.Count))) + 6;
        int every = 1;
        if (epochs.Count > 1)
        {
            float spacing = (X(epochs[^1].EndStep) - X(epochs[0].EndStep)) / (epochs.Count - 1);
            foreach (int k in (ReadOnlySpan<int>)[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
                if ((every = k) * spacing >= labelWidth) break;
        }
        for (int e = 0; e < epochs.Count; e++)
        {
            float x = MathF.Round(X(epochs[e].EndStep));
            if (x < plot.X || x > plot.Right) continue;
            r.DrawRect(new RectF(x, plot.Y, 1, plot.H), Color.Accent.WithAlpha((byte)(epochs[e].Epoch % every == 0 ? 110 : 40)));
            if (epochs[e].Epoch % every != 0) continue;
            text.TryWrite($"e{epochs[e].Epoch}", out int n);
            if (x + 2 + n * 8 <= plot.Right) r.DrawText(text[..n], x + 2, plot.Y + 2, 1, Color.Accent);
        }
        if (views.Timeline is { } timeline) // where a change at a past step started the current branch
            for (int b = 0; b < timeline.Branches.Count; b++)
            {
                float x = MathF.Round(X(timeline.Branches[b].Step));
                if (x >= plot.X && x <= plot.Right) r.DrawRect(new RectF(x, plot.Y, 1, plot.H), Color.White.WithAlpha(150));
            }
        text.TryWrite($"step {(long)x0}", out int nx);
        r.DrawText(text[..nx], plot.X, plot.Bottom + 4, 1, Color.Dim);
        text.TryWrite($"{(long)x1}", out nx);
        r.DrawText(text[..nx], plot.Right - nx * 8, plot.Bottom + 4, 1, Color.Dim);

        for (int k = 0; k < points; k++)
        {
            ref readonly StepPoint p = ref steps[(int)((long)k * (steps.Length - 1) / (points - 1))];
            float v = Train(p);
            _line[k] = new Vector2(X(p.Step), Y(float.IsFinite(v) ? v : hi));
        }
        r.DrawLineStrip(_line.AsSpan(0, points), 2f, Color.Train);
        foreach (ref readonly var p in validation)
        {
            float x = X(p.Step), y = Y(Eval(p));
            r.DrawRect(new RectF(x - 3, y - 3, 6, 6), Color.Validation);
        }
    }

    private static int Format(Span<char> text, double v, int decimals, bool percent)
    {
        int n;
        switch (decimals)
        {
            case 0: text.TryWrite($"{v:F0}", out n); break;
            case 1: text.TryWrite($"{v:F1}", out n); break;
            case 2: text.TryWrite($"{v:F2}", out n); break;
            case 3: text.TryWrite($"{v:F3}", out n); break;
            default: text.TryWrite($"{v:G3}", out n); break;
        }
        if (percent) text[n++] = '%';
        return n;
    }

    /// <summary>"— train, mean of the last 50 steps  ■ validation" (shortened when the panel is narrow).</summary>
    private static readonly string s_wideTrain = $"train: mean of the last {MetricsHistory.SmoothingWindow} steps", s_narrowTrain = $"train: mean of {MetricsHistory.SmoothingWindow} steps";
    private const float WideLegend = 16 + 8 * 32 + 10 + 10 + 8 * 10;

    /// <summary>"— train: mean of the last 50 steps  ■ validation", on two lines when the panel is narrow.</summary>
    private static void Legend(Renderer2D r, RectF content, bool wide)
    {
        float y = content.Bottom - (wide ? 8 : 18), x = content.X;
        r.DrawRect(new RectF(x, y + 3, 12, 2), Color.Train);
        string train = wide ? s_wideTrain : s_narrowTrain;
        r.DrawText(train, x + 16, y, 1, Color.Dim);
        if (wide) x += 16 + train.Length * 8 + 10;
        else y += 10;
        r.DrawRect(new RectF(x + 3, y + 1, 6, 6), Color.Validation);
        r.DrawText("validation", x + 16, y, 1, Color.Dim);
    }
}

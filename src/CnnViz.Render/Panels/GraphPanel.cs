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
        var plot = new RectF(content.X + 44, content.Y + 4, content.W - 50, content.H - 30);
        LastPlot = plot;
        r.DrawRect(plot, Color.Background);
        ReadOnlySpan<StepPoint> steps = views.Metrics.Steps;
        ReadOnlySpan<EvaluationPoint> validation = views.Metrics.Validation;
        Legend(r, content);
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
        for (int t = 0; t <= 3; t++) // y ticks with values
        {
            float v = lo + (hi - lo) * t / 3, y = MathF.Round(Y(v));
            r.DrawRect(new RectF(plot.X, y, plot.W, 1), Color.Frame.WithAlpha(90));
            int n;
            if (_quantity == Quantity.Accuracy) text.TryWrite($"{v * 100:F1}%", out n);
            else text.TryWrite($"{v:F3}", out n);
            r.DrawText(text[..n], plot.X - 4 - n * 8, y - 4, 1, Color.Dim);
        }
        var epochs = views.Metrics.Epochs;
        for (int e = 0; e < epochs.Count; e++) // epoch ends
        {
            float x = MathF.Round(X(epochs[e].EndStep));
            if (x < plot.X || x > plot.Right) continue;
            r.DrawRect(new RectF(x, plot.Y, 1, plot.H), Color.Accent.WithAlpha(110));
            text.TryWrite($"e{epochs[e].Epoch}", out int n);
            r.DrawText(text[..n], x + 2, plot.Y + 2, 1, Color.Accent);
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
        float last = Train(steps[^1]);
        if (_quantity == Quantity.Accuracy) text.TryWrite($"{last * 100:F1}%", out nx);
        else text.TryWrite($"{last:F3}", out nx);
        r.DrawText(text[..nx], plot.Right - nx * 8 - 4, plot.Y + 14, 1, Color.Train);
    }

    private static void Legend(Renderer2D r, RectF content)
    {
        float y = content.Bottom - 8;
        r.DrawRect(new RectF(content.X + 130, y + 3, 12, 2), Color.Train);
        r.DrawText("train", content.X + 146, y, 1, Color.Dim);
        r.DrawRect(new RectF(content.X + 196, y + 1, 6, 6), Color.Validation);
        r.DrawText("validation", content.X + 206, y, 1, Color.Dim);
    }
}

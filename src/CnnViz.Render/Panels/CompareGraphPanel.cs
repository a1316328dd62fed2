using System.Numerics;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Metrics;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// A learning curve of both runs of a comparison on one set of axes: the running (last-50-steps) training loss or
/// accuracy of A (blue) and B (magenta) as lines, their validation evaluations as dots of the same colour, and the
/// points where a run's timeline branched (a change at a past step) as white marks. x: training steps.
/// </summary>
internal sealed class CompareGraphPanel
{
    private const int MaxPoints = 512;
    private readonly GraphPanel.Quantity _quantity;
    private readonly Vector2[][] _lines = [new Vector2[MaxPoints], new Vector2[MaxPoints]]; // drawing allocates nothing

    public CompareGraphPanel(GraphPanel.Quantity quantity, RectF area)
    {
        _quantity = quantity;
        Area = area;
    }

    public RectF Area { get; }

    /// <summary>The plot area of the last drawn frame (tests look for the curves there).</summary>
    internal RectF LastPlot { get; private set; }

    private float Train(in StepPoint p) => _quantity == GraphPanel.Quantity.Loss ? p.SmoothedLoss : p.SmoothedAccuracy;
    private float Eval(in EvaluationPoint p) => _quantity == GraphPanel.Quantity.Loss ? p.Loss : p.Accuracy;
    private static Color RunColor(int i) => i == 0 ? Color.RunA : Color.RunB;

    public void Draw(Renderer2D r, CompareViews c)
    {
        RectF content = PanelStyle.Frame(r, Area, _quantity == GraphPanel.Quantity.Loss ? "loss (cross-entropy): A and B" : "accuracy: A and B");
        var plot = new RectF(content.X + 44, content.Y + 4, content.W - 50, content.H - 30);
        LastPlot = plot;
        r.DrawRect(plot, Color.Background);
        Legend(r, content, c);
        ReadOnlySpan<StepPoint> a = c.Run(0).Metrics.Steps, b = c.Run(1).Metrics.Steps;
        if (a.Length < 2 && b.Length < 2)
        {
            r.DrawText("waiting for training steps", plot.X + 8, plot.Y + 8, 1, Color.Dim);
            return;
        }
        float x0 = float.PositiveInfinity, x1 = float.NegativeInfinity, lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        for (int i = 0; i < 2; i++)
        {
            ReadOnlySpan<StepPoint> steps = c.Run(i).Metrics.Steps;
            if (steps.Length == 0) continue;
            x0 = MathF.Min(x0, steps[0].Step);
            x1 = MathF.Max(x1, steps[^1].Step);
            int points = Points(steps.Length, plot.W);
            for (int k = 0; k < points; k++)
            {
                float v = Train(steps[Index(k, points, steps.Length)]);
                if (float.IsFinite(v)) { lo = MathF.Min(lo, v); hi = MathF.Max(hi, v); }
            }
            foreach (ref readonly var p in c.Run(i).Metrics.Validation) { lo = MathF.Min(lo, Eval(p)); hi = MathF.Max(hi, Eval(p)); }
        }
        x1 = MathF.Max(x1, x0 + 1);
        if (!(lo <= hi)) { lo = 0; hi = 1; }
        float pad = MathF.Max((hi - lo) * 0.08f, 1e-3f);
        lo = MathF.Max(0, lo - pad);
        hi = _quantity == GraphPanel.Quantity.Accuracy ? MathF.Min(1, hi + pad) : hi + pad;
        float X(float step) => plot.X + (step - x0) / (x1 - x0) * plot.W;
        float Y(float v) => plot.Bottom - (v - lo) / (hi - lo) * plot.H;

        Span<char> text = stackalloc char[24];
        int n;
        for (int t = 0; t <= 3; t++)
        {
            float v = lo + (hi - lo) * t / 3, y = MathF.Round(Y(v));
            r.DrawRect(new RectF(plot.X, y, plot.W, 1), Color.Frame.WithAlpha(90));
            if (_quantity == GraphPanel.Quantity.Accuracy) text.TryWrite($"{v * 100:F1}%", out n);
            else text.TryWrite($"{v:F3}", out n);
            r.DrawText(text[..n], plot.X - 4 - n * 8, y - 4, 1, Color.Dim);
        }
        text.TryWrite($"step {(long)x0}", out n);
        r.DrawText(text[..n], plot.X, plot.Bottom + 4, 1, Color.Dim);
        text.TryWrite($"{(long)x1}", out n);
        r.DrawText(text[..n], plot.Right - n * 8, plot.Bottom + 4, 1, Color.Dim);

        for (int i = 0; i < 2; i++)
        {
            if (c.Timeline(i) is not { } timeline) continue;
            var branches = timeline.Branches;
            for (int k = 0; k < branches.Count; k++)   // an index loop: no enumerator per frame
            {
                var branch = branches[k];
                float x = MathF.Round(X(branch.Step));
                if (x < plot.X || x > plot.Right) continue;
                r.DrawRect(new RectF(x, plot.Y, 1, plot.H), Color.White.WithAlpha(150));
                r.DrawText(i == 0 ? "A" : "B", x + 2, plot.Y + 2 + 10 * i, 1, RunColor(i));
            }
        }
        for (int i = 0; i < 2; i++)
        {
            ReadOnlySpan<StepPoint> steps = c.Run(i).Metrics.Steps;
            if (steps.Length < 2) continue;
            int points = Points(steps.Length, plot.W);
            var line = _lines[i];
            for (int k = 0; k < points; k++)
            {
                ref readonly StepPoint p = ref steps[Index(k, points, steps.Length)];
                float v = Train(p);
                line[k] = new Vector2(X(p.Step), Y(float.IsFinite(v) ? v : hi));
            }
            r.DrawLineStrip(line.AsSpan(0, points), 2f, RunColor(i));
            foreach (ref readonly var p in c.Run(i).Metrics.Validation)
                r.DrawRect(new RectF(X(p.Step) - 3, Y(Eval(p)) - 3, 6, 6), RunColor(i).WithAlpha(170));
            float last = Train(steps[^1]);
            if (_quantity == GraphPanel.Quantity.Accuracy) text.TryWrite($"{(i == 0 ? 'A' : 'B')} {last * 100:F1}%", out n);
            else text.TryWrite($"{(i == 0 ? 'A' : 'B')} {last:F3}", out n);
            r.DrawText(text[..n], plot.Right - n * 8 - 4, plot.Y + 4 + 10 * i, 1, RunColor(i));
        }
    }

    private static int Points(int length, float width) => Math.Max(2, Math.Min(length, Math.Min(MaxPoints, (int)width)));
    private static int Index(int k, int points, int length) => length < 2 ? 0 : (int)((long)k * (length - 1) / (points - 1));

    private static void Legend(Renderer2D r, RectF content, CompareViews c)
    {
        float y = content.Bottom - 8, x = content.X + 2;
        r.DrawRect(new RectF(x, y + 3, 12, 2), Color.RunA);
        r.DrawText("A", x + 16, y, 1, Color.Dim);
        r.DrawRect(new RectF(x + 32, y + 3, 12, 2), Color.RunB);
        r.DrawText("B", x + 48, y, 1, Color.Dim);
        PanelStyle.FitText(r, c.Change, x + 60, y, 110, Color.Dim);
        r.DrawRect(new RectF(x + 176, y + 1, 6, 6), Color.Dim);
        r.DrawText("validation", x + 186, y, 1, Color.Dim);
        r.DrawRect(new RectF(x + 278, y, 1, 8), Color.White);
        if (content.W > 336) r.DrawText("branch", x + 282, y, 1, Color.Dim);
    }
}

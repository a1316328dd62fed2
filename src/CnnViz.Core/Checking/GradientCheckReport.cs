using System.Globalization;
using System.Text;

namespace CnnViz.Core.Checking;

/// <summary>
/// One tensor's check: which flat coordinates were used (and how many slots found only kinks), the
/// analytic and numeric gradients there, the relative error ‖a − n‖₂ / max(‖a‖₂, ‖n‖₂) and the verdict.
/// </summary>
public sealed record TensorCheck(string Name, int[] Shape, int[] Coordinates, double[] Analytic, double[] Numeric,
    int Skipped, double RelativeError, double MaxAbsDiff, bool Passed, bool AllZero)
{
    /// <summary>Flat index → "(m,k,s,t)" in this tensor's shape.</summary>
    public string Format(int index)
    {
        var parts = new int[Shape.Length];
        for (int d = Shape.Length - 1; d >= 0; d--) { parts[d] = index % Shape[d]; index /= Shape[d]; }
        return $"({string.Join(",", parts)})";
    }
}

/// <summary>The result of <see cref="LayerGradientCheck.Run"/>: what was checked, how, and the verdict, as printable lines.</summary>
public sealed record GradientCheckReport(string Layer, int BatchCount, bool Double, double Step, double Tolerance,
    double? ForwardError, IReadOnlyList<TensorCheck> Tensors, bool ChecksInput)
{
    /// <summary>Every tensor within tolerance (and the float forward within <see cref="LayerGradientCheck.ForwardTolerance"/> of the formula).</summary>
    public bool Passed => Tensors.All(t => t.Passed) && ForwardPassed;

    public bool ForwardPassed => ForwardError is not { } e || e <= LayerGradientCheck.ForwardTolerance;

    /// <summary>The lines the window's panel and headless runs print, e.g. "  dW  12 of 2,400 … rel err 3.1e-08 ≤ 1e-03  PASS".</summary>
    public IReadOnlyList<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"gradcheck {Layer}, batch of {BatchCount}: L = Σ dY·Y, g ≈ (L(θ+h) − L(θ−h)) / 2h, h = {Step:0e0}, ")
                + (Double ? "double precision (the layer's formula), kinks skipped" : "float (the layer's own forward)")
                + string.Create(c, $"; pass: ‖a − n‖/max(‖a‖, ‖n‖) ≤ {Tolerance:0e0}"),
        };
        if (ForwardError is { } fe)
            lines.Add(string.Create(c, $"  forward  float Y vs double formula: max |ΔY|/max |Y| = {fe:0.0e0} ≤ {LayerGradientCheck.ForwardTolerance:0e0}  {(ForwardPassed ? "PASS" : "FAIL")}"));
        foreach (var t in Tensors)
        {
            var sb = new StringBuilder();
            int length = t.Shape.Aggregate(1, (a, b) => a * b);
            sb.Append(string.Create(c, $"  {t.Name,-3} {t.Coordinates.Length} of {length:N0} ({string.Join("×", t.Shape)})"));
            sb.Append(string.Create(c, $"  rel err {t.RelativeError:0.0e0} {(t.Passed ? "≤" : ">")} {Tolerance:0e0}, max |a − n| {t.MaxAbsDiff:0.0e0}"));
            if (t.Skipped > 0) sb.Append($", {t.Skipped} slot(s) only on kinks");
            if (t.AllZero) sb.Append(", all sampled gradients 0");
            if (t.Coordinates.Length == 0) sb.Append(", nothing checked");
            sb.Append(t.Passed ? "  PASS" : "  FAIL");
            lines.Add(sb.ToString());
            lines.Add("      at " + string.Join(" ", t.Coordinates.Select(t.Format)));
        }
        if (!ChecksInput) lines.Add("  dX  not computed by this layer (the first layer: nothing below needs it)");
        lines.Add($"gradcheck {Layer.Split(':')[0]}: {(Passed ? "PASS" : "FAIL")}");
        return lines;
    }
}

using System.Globalization;
using System.Text;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>
/// Numerical gradient checks by central differences, g ≈ (L(θ+h) − L(θ−h)) / (2h), compared with
/// what Backward computed. The layers run in float; everything the check adds up runs in double.
/// <para><b>One layer</b>: the scalar loss is L = Σ_i r_i·y_i with a fixed random r ~ N(0, 1), so
/// dL/dy = r is what Backward receives, and L is summed in double from the float outputs.</para>
/// <para><b>Tolerance</b> |analytic − numeric| ≤ atol + rtol·|numeric| with h = 1e-2, atol = 1e-3,
/// rtol = 1e-3 (see <see cref="LayerTolerance"/>). Why that is safe and still strict:
/// (1) Conv, Dense, pooling, Flatten and ReLU are piecewise linear, so away from kinks the central
/// difference has no truncation error at all; for sigmoid/tanh it is h²/6·|f'''| ≤ 1e-4·2/6 ≈ 3e-5.
/// (2) Rounding: outputs that do not depend on the perturbed value come out bit-identical in both
/// evaluations and cancel exactly; the K affected outputs (K ≤ a few hundred here) each carry a float
/// rounding error of ≈ 6e-8·|y|, so L is off by ≲ √K·6e-8·|y|·|r| ≈ 1e-6 and the quotient by
/// 2h = 2e-2 by ≈ 5e-5. The perturbation itself is measured exactly: we divide by the float
/// difference actually applied, (float)(θ+h) − (float)(θ−h), not by 2h.
/// (3) Gradients here are O(0.1–10); any indexing bug (a wrong offset, a missing padding check,
/// a swapped axis) changes them by O(0.1) or more, far above 1e-3.
/// Inputs for ReLU and max pooling are drawn away from their kinks (|x| ≥ 0.1, distinct values
/// 0.05 apart) so that ±h cannot cross one.</para>
/// </summary>
internal static class GradientCheck
{
    public const double LayerStep = 1e-2;
    public static readonly (double Atol, double Rtol) LayerTolerance = (1e-3, 1e-3);

    /// <summary>x ~ U(−1, 1).</summary>
    public static float Uniform(Rng rng) => (float)(2 * rng.NextDouble() - 1);

    /// <summary>Builds the layer, runs it on a random batch and checks dX and every parameter gradient.</summary>
    public static void CheckLayer(Layer layer, SampleShape input, int batch, ulong seed = 1,
        Action<Rng, Span<float>>? fillInput = null)
    {
        var rng = new Rng(seed);
        layer.Build(input, batch, rng);
        var x = new Batch(input, batch);
        if (fillInput is null) for (int i = 0; i < x.Data.Length; i++) x.Data[i] = Uniform(rng);
        else fillInput(rng, x.Data);

        var y = layer.Forward(x);
        var r = new float[y.Span.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (float)rng.NextGaussian();
        var dy = new Batch(layer.OutputShape, batch);
        r.CopyTo(dy.Data, 0);
        layer.Backward(dy);

        double Loss()
        {
            ReadOnlySpan<float> output = layer.Forward(x).Span;
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += r[i] * (double)output[i];
            return sum;
        }

        var (atol, rtol) = LayerTolerance;
        string label = layer.Describe();
        AssertClose($"{label} dX", layer.InputGrad.Span.ToArray(), Numeric(x.Data, Loss, LayerStep), atol, rtol);
        foreach (var p in layer.Parameters)
            AssertClose($"{label} d{p.Name}", p.Grad.ToArray(), Numeric(p.Value, Loss, LayerStep), atol, rtol);
    }

    /// <summary>Central differences of loss() with respect to every entry of values (restored afterwards).</summary>
    public static double[] Numeric(float[] values, Func<double> loss, double h)
    {
        var grad = new double[values.Length];
        for (int i = 0; i < values.Length; i++) grad[i] = NumericAt(values, i, loss, h);
        return grad;
    }

    public static double NumericAt(float[] values, int i, Func<double> loss, double h)
    {
        float old = values[i];
        float plus = (float)(old + h), minus = (float)(old - h);
        values[i] = plus;
        double lossPlus = loss();
        values[i] = minus;
        double lossMinus = loss();
        values[i] = old;
        return (lossPlus - lossMinus) / ((double)plus - minus);
    }

    /// <summary>
    /// Fails, llm.c check_tensor style, when any |analytic − numeric| &gt; atol + rtol·|numeric|:
    /// the label, the first pairs (index, analytic, numeric, OK/NOT OK), the first mismatches and the max difference.
    /// Also fails when the numeric gradient is all zeros (the check would then prove nothing).
    /// </summary>
    public static void AssertClose(string label, IReadOnlyList<float> analytic, IReadOnlyList<double> numeric,
        double atol, double rtol, IReadOnlyList<int>? indices = null, string actualName = "analytic", string referenceName = "numeric")
    {
        Assert.Equal(numeric.Count, analytic.Count);
        double maxDiff = 0, maxNumeric = 0;
        int bad = 0;
        var shown = new StringBuilder();
        int lines = 0;
        for (int i = 0; i < analytic.Count; i++)
        {
            double diff = Math.Abs(analytic[i] - numeric[i]);
            bool ok = diff <= atol + rtol * Math.Abs(numeric[i]);
            maxDiff = Math.Max(maxDiff, diff);
            maxNumeric = Math.Max(maxNumeric, Math.Abs(numeric[i]));
            if (!ok) bad++;
            if (lines < 5 || (!ok && bad <= 10))
            {
                int index = indices?[i] ?? i;
                shown.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"  [{index}] {actualName} {analytic[i],12:F6}  {referenceName} {numeric[i],12:F6}  {(ok ? "OK" : "NOT OK")}"));
                lines++;
            }
        }
        string report = $"{label}: {bad} of {analytic.Count} NOT OK, maxdiff {maxDiff:E2} (tolerance {atol:E0} + {rtol:E0}·|{referenceName}|)\n{shown}";
        if (bad > 0) Assert.Fail(report);
        if (maxNumeric == 0) Assert.Fail($"{label}: the numeric gradient is all zeros, so this check proves nothing.\n{report}");
    }

    /// <summary>Fills values with distinct multiples of 0.05 in random order: no ties, no two within 2h of each other.</summary>
    public static void FillDistinct(Rng rng, Span<float> values)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        rng.Shuffle(order);
        for (int i = 0; i < values.Length; i++) values[i] = (order[i] - values.Length / 2) * 0.05f;
    }

    /// <summary>Values with 0.1 ≤ |x| ≤ 1, random sign: ReLU's kink at 0 stays out of reach of ±h.</summary>
    public static void FillAwayFromZero(Rng rng, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float magnitude = (float)(0.1 + 0.9 * rng.NextDouble());
            values[i] = rng.NextDouble() < 0.5 ? -magnitude : magnitude;
        }
    }
}

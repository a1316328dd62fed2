using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Checking;

/// <summary>
/// Checks one layer's backward pass numerically, on the batch it last ran. The layer has run Forward on
/// <see cref="Layer.Input"/> and Backward with dY = dL/dY; its analytic dW, db (the parameters' Grad) and
/// dX (<see cref="Layer.InputGrad"/>) are compared with central differences of the scalar
/// <c>L(θ) = Σ dY · Y(θ)</c>, whose gradient is exactly what backpropagation computes for this layer:
/// <c>g ≈ (L(θ+h) − L(θ−h)) / 2h</c>.
/// <list type="bullet">
/// <item><b>Built-in layer kinds</b>: Y is evaluated in double with <see cref="ReferenceForward"/>, h = 1e-6.
/// In float a difference needs h ≈ 1e-2 to beat rounding, and ±1e-2 pushes ReLU inputs and max-pool
/// winners across their kinks; in double h = 1e-6 is accurate to ≈ 1e-9 and a coordinate whose ±h still
/// crosses a kink is detected (the ReLU signs or pool argmaxes differ) and replaced by another. The layer's
/// float Output is also compared with the double formula, so forward and backward are both checked.</item>
/// <item><b>Other layers</b> (no formula here): the layer's own float Forward, h = 1e-2, the loss summed in
/// double; the quotient divides by the float difference actually applied.</item>
/// </list>
/// <para><b>Sample</b>: per tensor, <c>coordinates</c> slots: half spread over the coordinates whose analytic
/// gradient is not 0, the rest over the whole tensor; in each slot up to 8 seeded random positions are tried
/// until one is off a kink (the same positions on every run).
/// <b>Verdict</b> per tensor: relative error ‖a − n‖₂ / max(‖a‖₂, ‖n‖₂) over the sampled coordinates
/// against <see cref="ReferenceTolerance"/> (1e-3: the analytic gradient is a float sum of up to ~50,000
/// products, good to ≈ 1e-5 of the sum of their magnitudes, and a gradient can be a few hundred times
/// smaller than that sum) or <see cref="FloatTolerance"/> (1e-2). A wrong backward is off by O(0.1–1).</para>
/// </summary>
public static class LayerGradientCheck
{
    public const double ReferenceStep = 1e-6, FloatStep = 1e-2;
    public const double ReferenceTolerance = 1e-3, FloatTolerance = 1e-2;
    public const double ForwardTolerance = 1e-4;   // |Y_float − Y_double| ≤ 1e-4 · max |Y|
    public const int DefaultCoordinates = 12;
    private const int TriesPerSlot = 8;

    /// <summary>
    /// Checks layer <paramref name="layer"/> of a model that has just run ForwardLoss and Backward: its dY is the
    /// next layer's dX, or the loss's dL/dz for the last layer.
    /// </summary>
    public static GradientCheckReport Run(Models.Sequential model, int layer, int coordinates = DefaultCoordinates, ulong seed = 1)
    {
        var layers = model.Layers;
        Batch dy = layer == layers.Count - 1 ? model.Loss.LogitsGrad : layers[layer + 1].InputGrad;
        return Run(layers[layer], dy, coordinates, seed);
    }

    /// <summary>Checks <paramref name="layer"/>'s dW, db and dX (dX only when it computes it) against dY = <paramref name="outputGrad"/>.</summary>
    public static GradientCheckReport Run(Layer layer, Batch outputGrad, int coordinates = DefaultCoordinates, ulong seed = 1)
    {
        if (coordinates < 1) throw new ArgumentOutOfRangeException(nameof(coordinates), coordinates, "Check at least one coordinate per tensor.");
        var objective = ReferenceForward.Supports(layer) ? (Objective)new ReferenceObjective(layer, outputGrad) : new FloatObjective(layer, outputGrad);
        var rng = new Rng(seed);
        var tensors = new List<TensorCheck>();
        var parameters = layer.Parameters;
        for (int p = 0; p < parameters.Count; p++)
            tensors.Add(Check(objective, p, $"d{parameters[p].Name.Split('.')[^1]}", parameters[p].Shape, parameters[p].Grad.ToArray(), coordinates, rng));
        if (layer.NeedsInputGrad)
        {
            var x = layer.Input;
            int[] shape = [x.Count, x.Shape.C, x.Shape.H, x.Shape.W];
            tensors.Add(Check(objective, -1, "dX", shape, layer.InputGrad.Span.ToArray(), coordinates, rng));
        }
        objective.Finish();
        return new GradientCheckReport(layer.Describe(), layer.Input.Count, objective.IsReference,
            objective.IsReference ? ReferenceStep : FloatStep, objective.IsReference ? ReferenceTolerance : FloatTolerance,
            objective.ForwardError, tensors, layer.NeedsInputGrad);
    }

    private static TensorCheck Check(Objective objective, int tensor, string name, int[] shape, float[] analytic,
        int coordinates, Rng rng)
    {
        // Half the slots over the coordinates where the analytic gradient is not 0 (a max pool's or a dead
        // ReLU's dX is mostly 0, and a sample of zeros alone would show little), the rest over the whole tensor.
        int[] nonzero = [.. Enumerable.Range(0, analytic.Length).Where(i => analytic[i] != 0)];
        int count = Math.Min(coordinates, analytic.Length);
        int focused = Math.Min(count / 2, nonzero.Length);
        var used = new List<int>();
        var a = new List<double>();
        var n = new List<double>();
        int skipped = 0;
        for (int k = 0; k < count; k++)
        {
            bool onNonzero = k < focused;
            int slots = onNonzero ? focused : count - focused, slot = onNonzero ? k : k - focused;
            int length = onNonzero ? nonzero.Length : analytic.Length, stride = length / slots;
            bool found = false;
            for (int t = 0; t < TriesPerSlot && !found; t++)
            {
                int j = slot * stride + rng.NextInt(stride);
                int i = onNonzero ? nonzero[j] : j;
                if (used.Contains(i)) continue;
                double g = objective.Derivative(tensor, i, out bool kink);
                if (kink) continue;
                used.Add(i); a.Add(analytic[i]); n.Add(g);
                found = true;
            }
            if (!found) skipped++;
        }
        double diff = 0, normA = 0, normN = 0, maxAbs = 0;
        for (int i = 0; i < a.Count; i++)
        {
            diff += (a[i] - n[i]) * (a[i] - n[i]);
            normA += a[i] * a[i];
            normN += n[i] * n[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(a[i] - n[i]));
        }
        double scale = Math.Sqrt(Math.Max(normA, normN));
        double relative = scale == 0 ? 0 : Math.Sqrt(diff) / scale;
        double tolerance = objective.IsReference ? ReferenceTolerance : FloatTolerance;
        bool passed = used.Count > 0 && relative <= tolerance;
        return new TensorCheck(name, shape, [.. used], [.. a], [.. n], skipped, relative, maxAbs, passed, scale == 0);
    }

    /// <summary>L(θ) = Σ dY·Y(θ) around the layer's current values; tensor ≥ 0: parameter index, −1: the input.</summary>
    private abstract class Objective
    {
        public abstract bool IsReference { get; }
        public double? ForwardError { get; protected set; }
        public abstract double Derivative(int tensor, int index, out bool kink);
        public virtual void Finish() { }
    }

    private sealed class ReferenceObjective : Objective
    {
        private readonly Layer _layer;
        private readonly double[] _x, _dy, _y;
        private readonly double[]? _w, _b;
        private readonly List<int> _kinksPlus = [], _kinksMinus = [];
        private readonly int _count;

        public ReferenceObjective(Layer layer, Batch outputGrad)
        {
            _layer = layer;
            _count = layer.Input.Count;
            _x = ToDouble(layer.Input.Span);
            _dy = ToDouble(outputGrad.Span);
            var p = layer.Parameters;
            _w = p.Count > 0 ? ToDouble(p[0].Value) : null;
            _b = p.Count > 1 ? ToDouble(p[1].Value) : null;
            _y = new double[_dy.Length];
            ReferenceForward.Run(layer, _x, _w, _b, _y, 0, _count, 0, layer.OutputShape.C);
            ReadOnlySpan<float> y = layer.Output.Span;
            double maxDiff = 0, maxY = 0;
            for (int i = 0; i < _y.Length; i++) { maxDiff = Math.Max(maxDiff, Math.Abs(y[i] - _y[i])); maxY = Math.Max(maxY, Math.Abs(_y[i])); }
            ForwardError = maxY == 0 ? maxDiff : maxDiff / maxY;
        }

        public override bool IsReference => true;

        public override double Derivative(int tensor, int index, out bool kink)
        {
            double[] values = tensor switch { -1 => _x, 0 => _w!, _ => _b! };
            var (n0, n1, c0, c1) = Region(tensor, index);
            double old = values[index];
            values[index] = old + ReferenceStep;
            double plus = Loss(n0, n1, c0, c1, _kinksPlus);
            values[index] = old - ReferenceStep;
            double minus = Loss(n0, n1, c0, c1, _kinksMinus);
            values[index] = old;
            kink = !_kinksPlus.SequenceEqual(_kinksMinus);
            return (plus - minus) / (2 * ReferenceStep);
        }

        // The outputs one value can move: an input pixel its own sample; a weight or bias its output channel.
        private (int, int, int, int) Region(int tensor, int index)
        {
            int channels = _layer.OutputShape.C;
            if (tensor == -1) { int n = index / _layer.InputShape.Size; return (n, n + 1, 0, channels); }
            int channel = (_layer, tensor) switch
            {
                (Conv2dBase conv, 0) => index / (conv.Channels * conv.KernelHeight * conv.KernelWidth),
                (Dense dense, 0) => index % dense.Outputs,
                _ => index,   // bias b[m]
            };
            return (0, _count, channel, channel + 1);
        }

        private double Loss(int n0, int n1, int c0, int c1, List<int> kinks)
        {
            kinks.Clear();
            ReferenceForward.Run(_layer, _x, _w, _b, _y, n0, n1, c0, c1, kinks);
            int channels = _layer.OutputShape.C, map = _layer.OutputShape.H * _layer.OutputShape.W;
            double sum = 0;
            for (int n = n0; n < n1; n++)
                for (int i = (n * channels + c0) * map, end = (n * channels + c1) * map; i < end; i++) sum += _dy[i] * _y[i];
            return sum;
        }

        private static double[] ToDouble(ReadOnlySpan<float> values)
        {
            var result = new double[values.Length];
            for (int i = 0; i < values.Length; i++) result[i] = values[i];
            return result;
        }
    }

    private sealed class FloatObjective(Layer layer, Batch outputGrad) : Objective
    {
        private readonly Batch _x = layer.Input;
        private readonly float[] _dy = outputGrad.Span.ToArray();

        public override bool IsReference => false;

        public override double Derivative(int tensor, int index, out bool kink)
        {
            kink = false;   // unknown for a layer without a reference
            float[] values = tensor == -1 ? _x.Data : layer.Parameters[tensor].Value;
            float old = values[index];
            float plus = (float)(old + FloatStep), minus = (float)(old - FloatStep);
            values[index] = plus;
            double lossPlus = Loss();
            values[index] = minus;
            double lossMinus = Loss();
            values[index] = old;
            return (lossPlus - lossMinus) / ((double)plus - minus);
        }

        private double Loss()
        {
            ReadOnlySpan<float> y = layer.Forward(_x).Span;
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += _dy[i] * (double)y[i];
            return sum;
        }

        public override void Finish() => layer.Forward(_x);   // leave Output as it was
    }
}

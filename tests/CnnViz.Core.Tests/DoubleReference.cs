using CnnViz.Core.Checking;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Core.Tests;

/// <summary>
/// An independent, double-precision forward pass of a <see cref="Sequential"/> model, layer by layer with
/// <see cref="ReferenceForward"/> (each formula as plain loops: no im2col, no Gemm, no TensorPrimitives). It reads the
/// model's structure and takes its own double copies of the images and parameters, so the whole-model
/// gradient check can perturb them by h = 1e-6 without float rounding noise.
/// It also records where the function has kinks (every ReLU input's sign, every max-pool argmax).
/// </summary>
internal sealed class DoubleReference
{
    private readonly Sequential _model;

    public DoubleReference(Sequential model, float[] images, int batch)
    {
        _model = model;
        Batch = batch;
        Images = images.Take(batch * model.InputShape.Size).Select(v => (double)v).ToArray();
        foreach (var p in model.Parameters) Values[p] = p.Value.Select(v => (double)v).ToArray();
    }

    public int Batch { get; }
    public double[] Images { get; }
    public Dictionary<Parameter, double[]> Values { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>ReLU signs and pool argmaxes of the last <see cref="Loss"/>.</summary>
    public List<int> Kinks { get; } = [];

    /// <summary>Mean softmax cross-entropy of the model's logits for these labels, all in double.</summary>
    public double Loss(int[] labels)
    {
        Kinks.Clear();
        double[] a = Images;
        foreach (var layer in _model.Layers) a = Forward(layer, a);
        int k = _model.Classes;
        double total = 0;
        for (int n = 0; n < Batch; n++)
        {
            var z = a.AsSpan(n * k, k);
            double max = double.NegativeInfinity, sum = 0;
            foreach (double v in z) max = Math.Max(max, v);
            foreach (double v in z) sum += Math.Exp(v - max);
            total += Math.Log(sum) - (z[labels[n]] - max);
        }
        return total / Batch;
    }

    // Each layer by its formula (Core's ReferenceForward, the same code the app's gradcheck differentiates).
    private double[] Forward(Layer layer, double[] x)
    {
        var parameters = layer.Parameters;
        double[]? w = parameters.Count > 0 ? Values[parameters[0]] : null, b = parameters.Count > 1 ? Values[parameters[1]] : null;
        var y = new double[Batch * layer.OutputShape.Size];
        ReferenceForward.Run(layer, x, w, b, y, 0, Batch, 0, layer.OutputShape.C, Kinks);
        return y;
    }
}

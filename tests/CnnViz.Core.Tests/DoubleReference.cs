using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Core.Tests;

/// <summary>
/// An independent, double-precision forward pass of a <see cref="Sequential"/> model, written straight
/// from each layer's formula with plain loops (no im2col, no Gemm, no TensorPrimitives). It reads the
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

    private double[] Forward(Layer layer, double[] x) => layer switch
    {
        Conv2dBase conv => Conv(conv, x),
        Dense dense => FullyConnected(dense, x),
        MaxPool2D pool => Pool(pool, x, max: true),
        AveragePool2D pool => Pool(pool, x, max: false),
        Flatten => x,
        ReLU => x.Select(v => { Kinks.Add(v > 0 ? 1 : 0); return Math.Max(v, 0); }).ToArray(),
        Tanh => x.Select(Math.Tanh).ToArray(),
        Sigmoid => x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(),
        _ => throw new NotSupportedException($"No double reference for {layer.GetType().Name}."),
    };

    // a[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·SH+s−PH, j·SW+t−PW] · w[m,k,s,t] + b[m]
    private double[] Conv(Conv2dBase conv, double[] x)
    {
        var g = conv.Geometry;
        double[] w = Values[conv.Weights], b = Values[conv.Bias];
        int m = conv.Filters;
        var y = new double[Batch * m * g.OutHeight * g.OutWidth];
        int o = 0;
        for (int n = 0; n < Batch; n++)
        for (int f = 0; f < m; f++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++, o++)
        {
            double sum = b[f];
            for (int k = 0; k < g.Channels; k++)
            for (int s = 0; s < g.KernelHeight; s++)
            for (int t = 0; t < g.KernelWidth; t++)
            {
                int r = i * g.StrideHeight + s - g.PadHeight, c = j * g.StrideWidth + t - g.PadWidth;
                if (r >= 0 && r < g.Height && c >= 0 && c < g.Width)
                    sum += x[((n * g.Channels + k) * g.Height + r) * g.Width + c] * w[((f * g.Channels + k) * g.KernelHeight + s) * g.KernelWidth + t];
            }
            y[o] = sum;
        }
        return y;
    }

    // y[n,o] = Σ_i x[n,i] · W[i,o] + b[o]
    private double[] FullyConnected(Dense dense, double[] x)
    {
        double[] w = Values[dense.Weights], b = Values[dense.Bias];
        int inputs = dense.Inputs, outputs = dense.Outputs;
        var y = new double[Batch * outputs];
        for (int n = 0; n < Batch; n++)
        for (int o = 0; o < outputs; o++)
        {
            double sum = b[o];
            for (int i = 0; i < inputs; i++) sum += x[n * inputs + i] * w[i * outputs + o];
            y[n * outputs + o] = sum;
        }
        return y;
    }

    private double[] Pool(Pool2D pool, double[] x, bool max)
    {
        var (input, output) = (pool.InputShape, pool.OutputShape);
        var y = new double[Batch * output.Size];
        int o = 0;
        for (int n = 0; n < Batch; n++)
        for (int c = 0; c < input.C; c++)
        for (int i = 0; i < output.H; i++)
        for (int j = 0; j < output.W; j++, o++)
        {
            double best = double.NegativeInfinity, sum = 0;
            int argmax = -1;
            for (int s = 0; s < pool.WindowHeight; s++)
            for (int t = 0; t < pool.WindowWidth; t++)
            {
                int r = i * pool.StrideHeight + s, col = j * pool.StrideWidth + t;
                double v = x[((n * input.C + c) * input.H + r) * input.W + col];
                sum += v;
                if (v > best) (best, argmax) = (v, r * input.W + col);
            }
            if (max) Kinks.Add(argmax);
            y[o] = max ? best : sum / (pool.WindowHeight * pool.WindowWidth);
        }
        return y;
    }
}

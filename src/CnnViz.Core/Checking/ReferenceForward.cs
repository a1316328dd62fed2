using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Checking;

/// <summary>
/// Each layer kind's forward pass in double precision, written straight from its formula with plain loops
/// (no im2col, no Gemm, no TensorPrimitives): the independent reference that gradient checks differentiate.
/// It reads only the layer's structure (shapes, kernel, stride, padding); values come in as double arrays,
/// so a check can perturb them by h = 1e-6 without float rounding noise.
/// <para>A <b>region</b> limits the work to samples [n0, n1) and output channels [c0, c1) (a dense or flat
/// output's units count as channels): a change of one weight of filter m only moves channel m, a change of
/// one input pixel only its own sample. Outputs outside the region are left as they were.</para>
/// <para><b>Kinks</b>: every ReLU input's sign and every max-pool argmax in the region are appended to
/// <c>kinks</c>; two evaluations with equal lists lie on the same linear piece.</para>
/// </summary>
public static class ReferenceForward
{
    /// <summary>True for the layer kinds written here: Conv2d (both), Dense, max and average pooling, Flatten, ReLU, tanh, sigmoid.</summary>
    public static bool Supports(Layer layer) => layer is Conv2dBase or Dense or MaxPool2D or AveragePool2D or Flatten or ReLU or Tanh or Sigmoid;

    /// <summary>
    /// y ← the layer's formula at x, weights w and bias b (null for layers without them), for samples
    /// [n0, n1) and output channels [c0, c1). x is (N, C_in, H_in, W_in) and y (N, C_out, H_out, W_out), flat.
    /// </summary>
    public static void Run(Layer layer, double[] x, double[]? w, double[]? b, double[] y,
        int n0, int n1, int c0, int c1, List<int>? kinks = null)
    {
        switch (layer)
        {
            case Conv2dBase conv: Conv(conv, x, w!, b!, y, n0, n1, c0, c1); break;
            case Dense dense: FullyConnected(dense, x, w!, b!, y, n0, n1, c0, c1); break;
            case MaxPool2D or AveragePool2D: Pool((Pool2D)layer, x, y, n0, n1, c0, c1, kinks); break;
            case Flatten or ReLU or Tanh or Sigmoid: Elementwise(layer, x, y, n0, n1, c0, c1, kinks); break;
            default: throw new NotSupportedException($"{layer.Name}: no double-precision reference for {layer.GetType().Name}.");
        }
    }

    // a[n,m,i,j] = Σ_k Σ_s Σ_t x[n, k, i·SH+s−PH, j·SW+t−PW] · w[m,k,s,t] + b[m], x = 0 outside the input
    private static void Conv(Conv2dBase conv, double[] x, double[] w, double[] b, double[] y, int n0, int n1, int m0, int m1)
    {
        var g = conv.Geometry;
        int filters = conv.Filters;
        for (int n = n0; n < n1; n++)
        for (int f = m0; f < m1; f++)
        {
            int o = ((n * filters + f) * g.OutHeight) * g.OutWidth;
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
        }
    }

    // y[n,o] = Σ_i x[n,i] · W[i,o] + b[o]
    private static void FullyConnected(Dense dense, double[] x, double[] w, double[] b, double[] y, int n0, int n1, int o0, int o1)
    {
        int inputs = dense.Inputs, outputs = dense.Outputs;
        for (int n = n0; n < n1; n++)
        for (int o = o0; o < o1; o++)
        {
            double sum = b[o];
            for (int i = 0; i < inputs; i++) sum += x[n * inputs + i] * w[i * outputs + o];
            y[n * outputs + o] = sum;
        }
    }

    // max: y = the largest value of each window (the first on ties; a tie is a kink either way); average: their mean
    private static void Pool(Pool2D pool, double[] x, double[] y, int n0, int n1, int c0, int c1, List<int>? kinks)
    {
        var (input, output) = (pool.InputShape, pool.OutputShape);
        bool max = pool is MaxPool2D;
        for (int n = n0; n < n1; n++)
        for (int c = c0; c < c1; c++)
        {
            int o = ((n * input.C + c) * output.H) * output.W;
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
                if (max) kinks?.Add(argmax);
                y[o] = max ? best : sum / (pool.WindowHeight * pool.WindowWidth);
            }
        }
    }

    // Flatten: y = x; ReLU: max(0, x); tanh; sigmoid 1/(1+e^−x), element by element
    private static void Elementwise(Layer layer, double[] x, double[] y, int n0, int n1, int c0, int c1, List<int>? kinks)
    {
        SampleShape shape = layer.OutputShape;
        int map = shape.H * shape.W;
        for (int n = n0; n < n1; n++)
        for (int i = (n * shape.C + c0) * map, end = (n * shape.C + c1) * map; i < end; i++)
        {
            double v = x[i];
            switch (layer)
            {
                case ReLU: kinks?.Add(v > 0 ? 1 : 0); y[i] = Math.Max(v, 0); break;
                case Tanh: y[i] = Math.Tanh(v); break;
                case Sigmoid: y[i] = 1 / (1 + Math.Exp(-v)); break;
                default: y[i] = v; break;
            }
        }
    }
}

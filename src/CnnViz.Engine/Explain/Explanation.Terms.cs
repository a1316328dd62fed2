using CnnViz.Core.Layers;

namespace CnnViz.Engine.Explain;

// The arithmetic of each kind of layer, written as the formula's loops (the reference, not the fast path).
public sealed partial class Explanation
{
    /// <summary>z = Σ_k Σ_s Σ_t x[k, Y·SH+s−PH, X·SW+t−PW] · w[Channel, k, s, t] + b[Channel]; x = 0 in the padding.</summary>
    private void RefreshConvolution(Conv2dBase conv)
    {
        var input = conv.InputShape;
        ReadOnlySpan<float> x = conv.Input.Sample(Sample);                    // (C, H, W)
        ReadOnlySpan<float> w = conv.Weights.Value;                           // (M, C, FH, FW)
        int fh = conv.KernelHeight, fw = conv.KernelWidth, filter = conv.Channels * fh * fw;
        double sum = 0;
        for (int k = 0, i = 0; k < conv.Channels; k++)
        for (int s = 0; s < fh; s++)
        for (int t = 0; t < fw; t++, i++)
        {
            int row = Y * conv.StrideHeight + s - conv.PadHeight, col = X * conv.StrideWidth + t - conv.PadWidth;
            bool inside = row >= 0 && row < input.H && col >= 0 && col < input.W;
            Inputs[i] = inside ? x[(k * input.H + row) * input.W + col] : 0f;
            Weights[i] = w[Channel * filter + i];
            Products[i] = Inputs[i] * Weights[i];
            Terms[i] = i;
            sum += (double)Inputs[i] * Weights[i];
        }
        Sum = sum;
        Bias = conv.Bias.Value[Channel];
        Computed = (float)(sum + Bias);
    }

    /// <summary>Max: the largest x in the window (first in row-major order on ties); average: Σ x / (PH·PW).</summary>
    private void RefreshPool(Pool2D pool)
    {
        var input = pool.InputShape;
        ReadOnlySpan<float> x = pool.Input.Sample(Sample);
        int i = 0, winner = 0;
        double sum = 0;
        for (int s = 0; s < pool.WindowHeight; s++)
        for (int t = 0; t < pool.WindowWidth; t++, i++)
        {
            int row = Y * pool.StrideHeight + s, col = X * pool.StrideWidth + t;
            Inputs[i] = x[(Channel * input.H + row) * input.W + col];
            Terms[i] = row * input.W + col;
            if (Inputs[i] > Inputs[winner]) winner = i;
            sum += Inputs[i];
        }
        Winner = winner;
        Sum = sum;
        Computed = Kind == ExplainKind.MaxPool ? Inputs[winner] : (float)(sum / i);
    }

    /// <summary>z_j = Σ_i x_i · W[i, j] + b_j over all inputs; keeps the <see cref="TopContributions"/> largest |x_i · W[i, j]|.</summary>
    private void RefreshDense(Dense dense)
    {
        ReadOnlySpan<float> x = dense.Input.Sample(Sample);                  // (I)
        ReadOnlySpan<float> w = dense.Weights.Value;                         // (I, O)
        int outputs = dense.Outputs, kept = 0;
        double sum = 0;
        for (int i = 0; i < dense.Inputs; i++)
        {
            float product = x[i] * w[i * outputs + Channel];
            sum += (double)x[i] * w[i * outputs + Channel];
            // Insertion into the short list, largest |product| first.
            int at = kept < Terms.Length ? kept++ : Terms.Length;
            while (at > 0 && MathF.Abs(product) > MathF.Abs(Products[at - 1]))
            {
                if (at < Terms.Length) (Products[at], Inputs[at], Weights[at], Terms[at]) = (Products[at - 1], Inputs[at - 1], Weights[at - 1], Terms[at - 1]);
                at--;
            }
            if (at < Terms.Length) (Products[at], Inputs[at], Weights[at], Terms[at]) = (product, x[i], w[i * outputs + Channel], i);
        }
        Sum = sum;
        Bias = dense.Bias.Value[Channel];
        Computed = (float)(sum + Bias);
    }

    /// <summary>A layer that passes one input value through (Flatten, or an activation on its own): input[index].</summary>
    private void RefreshCopy(Layer l, int index)
    {
        Inputs[0] = l.Input.Data[Sample * l.InputShape.Size + index];
        Terms[0] = index;
        Computed = Inputs[0];
    }
}

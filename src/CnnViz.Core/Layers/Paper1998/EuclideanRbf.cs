using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// LeNet-5's output layer (LeCun et al. 1998 §II-B, eq. 7): one Euclidean radial basis function unit per class,
/// y_i = Σ_j (x_j − w_ij)², the squared distance of the F6 vector x (84) to the class's fixed code w_i (±1).
/// This layer outputs the scores s_i = −y_i, so that the model's softmax cross-entropy over them,
/// <c>−s_D + log Σ_i e^{s_i} = y_D + log Σ_i e^{−y_i}</c>, is the paper's MAP criterion (eq. 9) without its
/// e^{−j} term (j → ∞; the term keeps trainable RBF centres from collapsing, and these codes are fixed), and
/// the prediction argmax s = argmin y is the paper's nearest code. No trainable parameters.
/// <code>
/// s[n,i]  = −Σ_j (x[n,j] − w[i,j])²                  x (N, D) → s (N, K)
/// dx[n,j] = Σ_i ds[n,i] · (−2)(x[n,j] − w[i,j])
/// </code>
/// </summary>
public sealed class EuclideanRbf : Layer
{
    private readonly float[] _codes; // (K, D) row-major

    /// <param name="codes">(K, D): the code of each class, one row per class.</param>
    public EuclideanRbf(float[,] codes, string? name = null) : base(name)
    {
        Classes = codes.GetLength(0);
        Dimensions = codes.GetLength(1);
        _codes = new float[Classes * Dimensions];
        for (int i = 0; i < Classes; i++)
            for (int j = 0; j < Dimensions; j++) _codes[i * Dimensions + j] = codes[i, j];
    }

    public int Classes { get; }
    public int Dimensions { get; }

    /// <summary>The code of class i, (D).</summary>
    public ReadOnlySpan<float> Code(int i) => _codes.AsSpan(i * Dimensions, Dimensions);

    public override string Kind => "rbf";

    public override string Describe() => $"{Name}: EuclideanRbf {Classes} fixed codes of {Dimensions}, −‖x − w_i‖² → {OutputShape}";

    protected override SampleShape InferOutputShape(SampleShape input)
    {
        if (input.Size != Dimensions)
            throw new ShapeException($"{Name}: the RBF codes have {Dimensions} entries, the input has {input.Size} ({input}).");
        return new SampleShape(Classes, 1, 1);
    }

    protected override void ForwardCore(Batch x, Batch y)
    {
        for (int n = 0; n < x.Count; n++)
        {
            ReadOnlySpan<float> xs = x.Sample(n);
            Span<float> s = y.Sample(n);
            for (int i = 0; i < Classes; i++)
            {
                ReadOnlySpan<float> w = Code(i);
                float sum = 0;
                for (int j = 0; j < Dimensions; j++) { float e = xs[j] - w[j]; sum += e * e; }
                s[i] = -sum;
            }
        }
    }

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        if (!NeedsInputGrad) return;
        for (int n = 0; n < dy.Count; n++)
        {
            ReadOnlySpan<float> xs = Input.Sample(n), ds = dy.Sample(n);
            Span<float> d = dx.Sample(n);
            d.Clear();
            for (int i = 0; i < Classes; i++)
            {
                float g = -2f * ds[i];
                ReadOnlySpan<float> w = Code(i);
                for (int j = 0; j < Dimensions; j++) d[j] += g * (xs[j] - w[j]);
            }
        }
    }
}

namespace CnnViz.Core.Initializers;

/// <summary>
/// Fills a layer's starting weights. fanIn is the number of inputs that feed one output
/// (C·FH·FW for a convolution, the input features for a dense layer); fanOut the number of
/// outputs one input feeds. Biases start at zero.
/// </summary>
public abstract class Initializer
{
    /// <summary>Standard deviation of the Gaussian the weights are drawn from.</summary>
    public abstract double Sigma(int fanIn, int fanOut);

    /// <summary>weights[i] ~ N(0, σ²), drawn in order from <paramref name="rng"/>.</summary>
    public void InitializeWeights(Span<float> weights, int fanIn, int fanOut, Rng rng)
    {
        double sigma = Sigma(fanIn, fanOut);
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(sigma * rng.NextGaussian());
    }
}

/// <summary>The assignment's SimpleInitializer: a fixed σ (default 0.01) for every layer.</summary>
public sealed class SimpleInitializer(double sigma = 0.01) : Initializer
{
    public double FixedSigma { get; } = sigma > 0 ? sigma : throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be positive.");
    public override double Sigma(int fanIn, int fanOut) => FixedSigma;
}

/// <summary>Xavier (Glorot) as the assignment defines it: σ = 1/√fanIn. Suits sigmoid and tanh.</summary>
public sealed class XavierInitializer : Initializer
{
    public override double Sigma(int fanIn, int fanOut) => 1.0 / Math.Sqrt(fanIn);
}

/// <summary>He (Kaiming): σ = √(2/fanIn). Keeps activation variance steady through ReLU layers.</summary>
public sealed class HeInitializer : Initializer
{
    public override double Sigma(int fanIn, int fanOut) => Math.Sqrt(2.0 / fanIn);
}

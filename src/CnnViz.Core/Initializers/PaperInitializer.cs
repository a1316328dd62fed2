namespace CnnViz.Core.Initializers;

/// <summary>
/// LeCun et al. 1998, Appendix A: weights "initialized with random numbers uniformly distributed between
/// −2.4/F_i and 2.4/F_i, where F_i is the number of inputs (fan-in)". Drawn here from the Gaussian with the
/// same variance, σ = 2.4 / (F_i·√3), as every initializer of this project draws Gaussians.
/// </summary>
public sealed class PaperUniformInitializer : Initializer
{
    public override double Sigma(int fanIn, int fanOut) => 2.4 / (fanIn * Math.Sqrt(3));
}

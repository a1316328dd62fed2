using System.Numerics.Tensors;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Engine;

/// <summary>
/// Finds where training blew up. Cheap checks first: the loss (one number), then each layer's
/// parameters in order (one vectorized sum per tensor; an element scan only when the sum is
/// not finite), and the layer outputs only once something is already known to be wrong.
/// </summary>
internal static class DivergenceGuard
{
    /// <summary>The loss is NaN/∞: names the first layer whose output holds a non-finite value.</summary>
    public static string DescribeLoss(Sequential model, float loss, long step, float learningRate)
    {
        string where = "the loss";
        foreach (var layer in model.Layers)
        {
            if (!IsFinite(layer.Output.Span)) { where = $"the output of layer {layer.Name}"; break; }
        }
        return $"training diverged at step {step}: the loss is {loss}; the first non-finite value is in {where}. "
             + Advice(learningRate);
    }

    /// <summary>
    /// Null when every parameter is finite; otherwise names the first layer (in model order) whose
    /// parameters are not. <paramref name="parameters"/> is the model's parameter list in order,
    /// <paramref name="owners"/> the name of the layer each belongs to (arrays: no allocation per step).
    /// </summary>
    public static string? DescribeParameters(Parameter[] parameters, string[] owners, long step, float learningRate)
    {
        for (int i = 0; i < parameters.Length; i++)
            if (!IsFinite(parameters[i].Value))
                return $"training diverged at step {step}: layer {owners[i]}'s parameter {parameters[i].Name} became non-finite (NaN or ∞). "
                     + Advice(learningRate);
        return null;
    }

    private static string Advice(float learningRate) =>
        FormattableString.Invariant($"The learning rate {learningRate} is probably too high: reset and try a smaller one (e.g. lr {learningRate / 10}).");

    /// <summary>True when every value is finite. The sum is finite in the usual case; only then is it conclusive.</summary>
    internal static bool IsFinite(ReadOnlySpan<float> values)
    {
        if (float.IsFinite(TensorPrimitives.Sum(values))) return true;
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true; // the sum overflowed, but each value is finite
    }
}

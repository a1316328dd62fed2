using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

/// <summary>
/// Gradient check of a whole model: Backward of the float model (softmax cross-entropy of random labels)
/// against central differences of an independent double-precision forward pass (<see cref="DoubleReference"/>)
/// at the very same weights and images, for the images and every parameter tensor.
/// <para>Why double: in float the loss of a whole net moves by ≈ 2e-7 from rounding alone whenever a value
/// changes, so a central difference needs h ≥ 1e-2 to be accurate to 1e-5; but with h = 1e-2 nearly every
/// conv1 weight pushes some of the 1,568 ReLU inputs of its map across 0 (measured: 20 of 24 coordinates),
/// where the loss has a kink and the difference quotient is meaningless. In double, h = 1e-6 gives a
/// numeric gradient good to ≈ 1e-9 and kinks are a thousand times rarer; the few coordinates whose ±h still
/// cross one (a ReLU sign or a max-pool argmax changes) are skipped, at most a quarter of a tensor.</para>
/// <para>A full check of LeNet-5 would take 2 × 61,706 passes, so each tensor is checked at <c>perTensor</c>
/// coordinates spread evenly over it (a fixed stride from a seeded start): every layer is covered, the
/// same way on every run.</para>
/// </summary>
internal static class ModelGradientCheck
{
    public const double Step = 1e-6;

    public static void Check(Sequential model, int batch, int perTensor, double atol, double rtol, ulong seed = 1)
    {
        var rng = new Rng(seed);
        model.Build(batch, rng, new SGD());
        foreach (var layer in model.Layers) layer.NeedsInputGrad = true; // check dL/dimages too
        var x = new Batch(model.InputShape, batch);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)rng.NextDouble(); // pixels in [0, 1)
        int[] labels = Enumerable.Range(0, batch).Select(_ => rng.NextInt(model.Classes)).ToArray();

        float floatLoss = model.ForwardLoss(x, labels);
        model.Backward();
        var reference = new DoubleReference(model, x.Data, batch);
        double referenceLoss = reference.Loss(labels);
        Assert.True(Math.Abs(floatLoss - referenceLoss) < 1e-5 * Math.Max(1, referenceLoss),
            $"The float model's loss {floatLoss} differs from the double reference's {referenceLoss}.");
        int[] baseline = reference.Kinks.ToArray();

        var tensors = new List<(string Name, double[] Values, float[] Grad)>
        {
            ("images dX", reference.Images, model.Layers[0].InputGrad.Span.ToArray()),
        };
        foreach (var p in model.Parameters) tensors.Add(($"d{p.Name}", reference.Values[p], p.Grad));

        foreach (var (name, values, grad) in tensors)
        {
            int count = Math.Min(perTensor, values.Length), step = values.Length / count;
            int start = rng.NextInt(step);
            var indices = new List<int>();
            var analytic = new List<float>();
            var numeric = new List<double>();
            for (int k = 0; k < count; k++)
            {
                int i = start + k * step;
                double old = values[i];
                values[i] = old + Step;
                double plus = reference.Loss(labels);
                bool crossed = !reference.Kinks.SequenceEqual(baseline);
                values[i] = old - Step;
                double minus = reference.Loss(labels);
                crossed |= !reference.Kinks.SequenceEqual(baseline);
                values[i] = old;
                if (crossed) continue;
                indices.Add(i);
                analytic.Add(grad[i]);
                numeric.Add((plus - minus) / (2 * Step));
            }
            int skipped = count - indices.Count;
            Assert.True(skipped * 4 <= count, $"{name}: {skipped} of {count} coordinates sat on a kink; the check proves too little.");
            GradientCheck.AssertClose($"{model.Layers[0].Name}…{model.Layers[^1].Name} {name}", analytic, numeric, atol, rtol, indices,
                referenceName: "double");
        }
    }
}

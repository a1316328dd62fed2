using System.Diagnostics;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Engine.Benchmarking;

/// <summary>Average milliseconds per training step spent in one layer's forward and backward pass.</summary>
public sealed record LayerTime(string Layer, string Description, double ForwardMs, double BackwardMs);

/// <summary>
/// Where a training step's time goes: runs steps layer by layer (exactly what Sequential's
/// ForwardLoss / Backward / Update do) with a timestamp around each call. The timestamps cost
/// well under a microsecond each, so the sum stays close to the unprofiled step time.
/// </summary>
public static class LayerProfiler
{
    /// <summary>Profiles <paramref name="steps"/> steps; the last two rows are the loss and the optimizer update.</summary>
    public static IReadOnlyList<LayerTime> Profile(Sequential model, SyntheticBatches data, int steps)
    {
        var layers = model.Layers;
        var forward = new long[layers.Count + 2];
        var backward = new long[layers.Count + 2];
        int loss = layers.Count, update = layers.Count + 1;
        for (int s = 0; s < steps; s++)
        {
            var a = data.Images(s);
            for (int i = 0; i < layers.Count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                a = layers[i].Forward(a);
                forward[i] += Stopwatch.GetTimestamp() - t0;
            }
            long t1 = Stopwatch.GetTimestamp();
            model.Loss.Forward(a, data.Labels(s));
            forward[loss] += Stopwatch.GetTimestamp() - t1;
            t1 = Stopwatch.GetTimestamp();
            var grad = model.Loss.Backward();
            backward[loss] += Stopwatch.GetTimestamp() - t1;
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                long t0 = Stopwatch.GetTimestamp();
                grad = layers[i].Backward(grad);
                backward[i] += Stopwatch.GetTimestamp() - t0;
            }
            t1 = Stopwatch.GetTimestamp();
            model.Update();
            forward[update] += Stopwatch.GetTimestamp() - t1;
        }
        double toMs = 1000.0 / Stopwatch.Frequency / steps;
        var rows = new List<LayerTime>();
        for (int i = 0; i < layers.Count; i++)
            rows.Add(new LayerTime(layers[i].Name, layers[i].Describe(), forward[i] * toMs, backward[i] * toMs));
        rows.Add(new LayerTime("loss", "softmax cross-entropy", forward[loss] * toMs, backward[loss] * toMs));
        rows.Add(new LayerTime("update", $"optimizer {model.Optimizer.Name}", forward[update] * toMs, 0));
        return rows;
    }
}

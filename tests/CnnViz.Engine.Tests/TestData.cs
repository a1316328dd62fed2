using CnnViz.Core;
using CnnViz.Core.Data;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Tensors;
using CnnViz.Engine;
using CnnViz.Engine.Data;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Tests;

/// <summary>Small synthetic data sets and models, so engine tests run in milliseconds and need no files.</summary>
internal static class TestData
{
    /// <summary>
    /// Images of 8×8 where class c lights a 2×2 block at a class-specific place, plus seeded noise:
    /// easy to learn, impossible to classify without looking at the pixels.
    /// </summary>
    public static Dataset Blocks(string name, int count, ulong seed)
    {
        const int h = 8, w = 8;
        var rng = new Rng(seed);
        var images = new byte[count * h * w];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int c = rng.NextInt(10);
            labels[i] = (byte)c;
            var img = images.AsSpan(i * h * w, h * w);
            for (int p = 0; p < img.Length; p++) img[p] = (byte)rng.NextInt(60);
            int top = (c / 4) * 3, left = (c % 4) * 2;
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++) img[(top + dy) * w + left + dx] = (byte)(200 + rng.NextInt(56));
        }
        return new Dataset(name, images, labels, h, w, Dataset.DigitNames);
    }

    public static DataSplit Split(int train = 600, int test = 200) =>
        DataSplit.HoldOut(Blocks("blocks train", train, 11), Blocks("blocks test", test, 12));

    /// <summary>Flatten → Dense 32 → ReLU → Dense 10.</summary>
    public static ModelSpec Mlp => new("mlp", () => new Sequential(new SampleShape(1, 8, 8),
        new Flatten(), new Dense(32), new ReLU(), new Dense(10)));

    public static SessionConfig Config(string optimizer = "momentum", int batch = 16, ulong seed = 5) => new()
    {
        Model = Mlp,
        Optimizer = OptimizerSpec.WithDefaultRate(optimizer),
        BatchSize = batch,
        Seed = seed,
    };

    public static TrainingSession Session(string optimizer = "momentum", int batch = 16, ulong seed = 5) =>
        new(Config(optimizer, batch, seed), Split());

    /// <summary>Every parameter value of the model, concatenated (bit patterns compare exactly).</summary>
    public static float[] Weights(TrainingSession s) => s.Model.Parameters.SelectMany(p => p.Value).ToArray();
}

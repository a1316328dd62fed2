using CnnViz.Core;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnViz.Engine.Tests.Onnx;

/// <summary>Runs ONNX bytes in ONNX Runtime, the reference CnnViz's exports and imports are checked against.</summary>
internal static class OnnxRuntimeCheck
{
    /// <summary>The first 100 committed-sample test images as one (100, 1, 28, 28) batch in [0, 1].</summary>
    public static Batch TestImages(int count = 100)
    {
        var test = SampleData.Source.Test;
        var x = new Batch(test.SampleShape, count);
        test.FillBatch([.. Enumerable.Range(0, count)], x, new int[count]);
        return x;
    }

    /// <summary>ONNX Runtime's first output for input <paramref name="x"/> (N, C, H, W), one thread, flattened.</summary>
    public static float[] Run(byte[] onnx, Batch x)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        var input = new DenseTensor<float>(x.Span.ToArray(), [x.Count, x.Shape.C, x.Shape.H, x.Shape.W]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        return results.First().AsTensor<float>().ToArray();
    }

    /// <summary>CnnViz's logits (N, K) for <paramref name="x"/>, copied.</summary>
    public static float[] Logits(Sequential model, Batch x) => model.Forward(x).Span.ToArray();

    public static Sequential Built(Sequential model, int maxBatch = 100, ulong seed = 7) => model.Build(maxBatch, new Rng(seed), new SGD());

    /// <summary>Asserts |a − b| ≤ tolerance everywhere; on failure says where and by how much (as llm.c's check_tensor).</summary>
    public static void AssertClose(float[] expected, float[] actual, float tolerance, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = 0;
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(expected[i] - actual[i]) > Math.Abs(expected[worst] - actual[worst])) worst = i;
        float diff = Math.Abs(expected[worst] - actual[worst]);
        Assert.True(diff <= tolerance, $"{label}: max |diff| {diff:G3} at {worst} ({expected[worst]} vs {actual[worst]}), tolerance {tolerance}");
    }
}

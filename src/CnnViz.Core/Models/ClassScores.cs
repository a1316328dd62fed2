using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models;

/// <summary>From class scores to predicted labels: the one argmax every part of CnnViz uses.</summary>
public static class ClassScores
{
    /// <summary>Index of the largest value; the first one on ties (a NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int k = 1; k < scores.Length; k++) if (scores[k] > scores[best]) best = k;
        return best;
    }

    /// <summary>predicted[n] = ArgMax of row n of <paramref name="scores"/> (N, K), for N = predicted.Length rows.</summary>
    public static void ArgMaxRows(ReadOnlySpan<float> scores, int classes, Span<int> predicted)
    {
        for (int n = 0; n < predicted.Length; n++) predicted[n] = ArgMax(scores.Slice(n * classes, classes));
    }

    /// <summary>How many rows of <paramref name="scores"/> (N, K) have their largest value at the true label.</summary>
    public static int CountCorrect(Batch scores, ReadOnlySpan<int> labels)
    {
        int correct = 0;
        for (int n = 0; n < scores.Count; n++)
            if (ArgMax(scores.Sample(n)) == labels[n]) correct++;
        return correct;
    }
}

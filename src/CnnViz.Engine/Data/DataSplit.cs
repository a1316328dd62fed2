using CnnViz.Core.Data;

namespace CnnViz.Engine.Data;

/// <summary>
/// The three sets a run uses: train (weights learn from it), validation (held out of the training
/// file, watched during training) and test (the separate test file, reported at each epoch end).
/// </summary>
public sealed record DataSplit(Dataset Train, Dataset? Validation, Dataset Test)
{
    /// <summary>
    /// The validation size used when none is given: 10% of the training file, at most 5,000 images
    /// (full MNIST: 55,000 train + 5,000 validation; the 10,000-image sample: 9,000 + 1,000).
    /// </summary>
    public static int DefaultValidationCount(int trainingImages) => Math.Min(5000, trainingImages / 10);

    /// <summary>Holds out the LAST <paramref name="validationCount"/> images of <paramref name="trainFile"/> as validation.</summary>
    public static DataSplit HoldOut(Dataset trainFile, Dataset test, int? validationCount = null)
    {
        int v = validationCount ?? DefaultValidationCount(trainFile.Count);
        if (v < 0 || v >= trainFile.Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), v, $"The validation part must leave training images: 0..{trainFile.Count - 1}.");
        if (test.Height != trainFile.Height || test.Width != trainFile.Width || test.Classes != trainFile.Classes)
            throw new ArgumentException($"The test set ({test.Height}×{test.Width}, {test.Classes} classes) does not match the training set ({trainFile.Height}×{trainFile.Width}, {trainFile.Classes} classes).");
        int t = trainFile.Count - v;
        var train = Slice(trainFile, 0, t, trainFile.Name);
        var validation = v == 0 ? null : Slice(trainFile, t, v, trainFile.Name + " (validation)");
        return new DataSplit(train, validation, test);
    }

    private static Dataset Slice(Dataset d, int start, int count, string name) => new(name,
        d.Images.AsSpan(start * d.ImageSize, count * d.ImageSize).ToArray(),
        d.Labels.AsSpan(start, count).ToArray(), d.Height, d.Width, d.ClassNames);

    /// <summary>"55,000 train / 5,000 validation / 10,000 test".</summary>
    public override string ToString() => $"{Train.Count:N0} train / {Validation?.Count ?? 0:N0} validation / {Test.Count:N0} test";
}

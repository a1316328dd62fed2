namespace CnnViz.Core.Data;

/// <summary>
/// An image file and its label file, read as a pair: both headers first (a few bytes each, nothing
/// inflated), their counts compared and an empty set refused, and only then the payloads. So a gzip bomb
/// whose header claims millions of images next to a 1,000-label file is refused before it costs memory.
/// </summary>
public static class IdxPair
{
    /// <summary>Reads <paramref name="imagesPath"/> and <paramref name="labelsPath"/>; <paramref name="role"/> ("training", "test") is for messages.</summary>
    /// <exception cref="DataException">Either file is unusable, the counts differ, or the set is empty.</exception>
    public static (IdxImages Images, byte[] Labels) Read(string imagesPath, string labelsPath, int height, int width, int classes, string role)
    {
        var images = IdxFile.ReadHeader(imagesPath, dimensions: 3);
        var labels = IdxFile.ReadHeader(labelsPath, dimensions: 1);
        if (images.Dims[0] != labels.Dims[0])
            throw new DataFormatException(imagesPath,
                $"holds {images.Dims[0]:N0} images but {Path.GetFileName(labelsPath)} holds {labels.Dims[0]:N0} labels, by their headers; the two files do not belong together (nothing was unpacked)");
        if (images.Dims[0] == 0)
            throw new DataFormatException(imagesPath, $"holds 0 images: the {role} set is empty");
        return (IdxFile.ReadImages(imagesPath, height, width), IdxFile.ReadLabels(labelsPath, classes));
    }
}

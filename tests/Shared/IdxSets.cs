using CnnViz.Core.Data;

namespace CnnViz.Tests.Shared;

/// <summary>A temporary directory, deleted with everything in it on Dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cnnviz-data-test-").FullName;
    public string this[string name] => System.IO.Path.Combine(Path, name);
    public string Sub(string name) => Directory.CreateDirectory(this[name]).FullName;
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

/// <summary>
/// Tiny synthetic MNIST-style sets: pixel p of image i is (i·31 + p) mod 256, label i mod 10.
/// Compiled into the Core tests (IdxFile) and the Engine tests (locator, downloader, source): one copy.
/// </summary>
public static class IdxSets
{
    public const int Side = 28;
    public const int Pixels = Side * Side;

    public static byte[] Images(int count, int offset = 0)
    {
        var pixels = new byte[count * Pixels];
        for (int i = 0; i < count; i++)
            for (int p = 0; p < Pixels; p++) pixels[i * Pixels + p] = (byte)(((i + offset) * 31 + p) % 256);
        return pixels;
    }

    public static byte[] Labels(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => (byte)(i % 10)).ToArray();

    /// <summary>Writes the four standard files (with .gz names when <paramref name="gzip"/>) into <paramref name="dir"/>.</summary>
    public static string WriteSet(string dir, int train, int test, bool gzip = true)
    {
        Directory.CreateDirectory(dir);
        string ext = gzip ? ".gz" : "";
        IdxFile.WriteImages(Path.Combine(dir, DataFiles.TrainImagesStem + ext), Images(train), train, Side, Side, gzip);
        IdxFile.WriteLabels(Path.Combine(dir, DataFiles.TrainLabelsStem + ext), Labels(train), gzip);
        IdxFile.WriteImages(Path.Combine(dir, DataFiles.TestImagesStem + ext), Images(test, 1000), test, Side, Side, gzip);
        IdxFile.WriteLabels(Path.Combine(dir, DataFiles.TestLabelsStem + ext), Labels(test, 1000), gzip);
        return dir;
    }

}

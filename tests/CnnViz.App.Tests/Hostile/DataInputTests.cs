using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using CnnViz.Core.Data;

namespace CnnViz.App.Tests.Hostile;

/// <summary>Issue 16 groups 2–5: data files that cannot be opened, empty sets, gzip bombs, and the data subcommands.</summary>
public sealed class DataInputTests : Hostile
{
    /// <summary>A copy of the sample whose training images are replaced by <paramref name="replace"/> (a link, a folder, …).</summary>
    private string SampleWith(Action<string> replace)
    {
        string dir = PathOf("data");
        Directory.CreateDirectory(dir);
        foreach (string file in Directory.GetFiles(Sample)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        string images = Path.Combine(dir, DatasetInfo.TrainImages + ".gz");
        File.Delete(images);
        replace(images);
        return dir;
    }

    [Fact]
    public void DanglingSymlink_OneLineNamingTheFile()
    {
        string data = SampleWith(images => File.CreateSymbolicLink(images, "nowhere.gz"));
        AssertOneLine(Run("--headless", "--data", data), 2, "train-images-idx3-ubyte.gz: cannot read it: it is a symbolic link to 'nowhere.gz', which does not exist");
    }

    [Fact]
    public void SymlinkLoop_OneLineNamingTheFile()
    {
        string data = SampleWith(images =>
        {
            File.CreateSymbolicLink(images + ".b", images);
            File.CreateSymbolicLink(images, images + ".b");
        });
        AssertOneLine(Run("--headless", "--data", data), 2, "train-images-idx3-ubyte.gz: cannot read it: it is a symbolic link in a loop");
    }

    [Fact]
    public void UnreadableFile_OneLineNamingTheFile()
    {
        string data = SampleWith(images => File.WriteAllBytes(images, [0x1f, 0x8b, 0, 0]));
        string images = Path.Combine(data, DatasetInfo.TrainImages + ".gz");
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(images, UnixFileMode.None);
        var r = Run("--headless", "--data", data);
        if (Environment.UserName == "root")
        {
            // root reads any file: the unreadable case cannot happen here; the damaged content is still one line.
            AssertOneLine(r, 2, images);
            return;
        }
        AssertOneLine(r, 2, $"{images}: cannot read it: permission denied");
    }

    [Fact]
    public void EmptyTrainingSet_Refused()
    {
        string data = TinyData("empty-train", train: 0, test: 30);
        AssertOneLine(Run("--headless", "--data", data), 2, "holds 0 images: the training set is empty");
    }

    [Fact]
    public void EmptyTestSet_Refused_NoZeroPercentReport()
    {
        string data = TinyData("empty-test", train: 30, test: 0);
        var r = Run("--headless", "--data", data, "--report", PathOf("r.json"));
        AssertOneLine(r, 2, "holds 0 images: the test set is empty");
        Assert.DoesNotContain("test accuracy", r.Out);
        AssertOnly("empty-test");
    }

    [Fact]
    public void GzipBomb_RefusedFromTheHeaders_BeforeInflating()
    {
        // A 2.7-million-image header on a small gzip of zeros, next to a 1,000-label file: the counts
        // disagree, so neither payload is unpacked (before: 2.1 GB inflated, then refused).
        string dir = TinyData("bomb", train: 1000, test: 20);
        string images = Path.Combine(dir, DatasetInfo.TrainImages);
        File.Delete(images);
        using (var gz = new GZipStream(File.Create(images + ".gz"), CompressionLevel.Fastest))
        {
            var header = new byte[16];
            BinaryPrimitives.WriteInt32BigEndian(header, IdxFile.ImagesMagic);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 2_700_000);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
            gz.Write(header);
            var noise = new byte[2_200_000]; // incompressible: the file is ~2 MB, so its claim passes the deflate-ratio check
            new Random(16).NextBytes(noise);
            gz.Write(noise);
        }
        var clock = Stopwatch.StartNew();
        var r = Run("--headless", "--data", dir);
        AssertOneLine(r, 2, "holds 2,700,000 images but train-labels-idx1-ubyte holds 1,000 labels, by their headers");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void HeaderClaimingMoreThanDeflateCanHold_Refused()
    {
        string dir = PathOf("claims");
        Directory.CreateDirectory(dir);
        foreach (var (name, dims) in new[] { (DatasetInfo.TrainImages, new[] { 0x803, 2_000_000, 28, 28 }), (DatasetInfo.TrainLabels, new[] { 0x801, 2_000_000 }),
                                             (DatasetInfo.TestImages, new[] { 0x803, 10, 28, 28 }), (DatasetInfo.TestLabels, new[] { 0x801, 10 }) })
        {
            var header = new byte[4 * dims.Length];
            for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 * i), dims[i]);
            using var gz = new GZipStream(File.Create(Path.Combine(dir, name + ".gz")), CompressionLevel.Fastest);
            gz.Write(header);
        }
        AssertOneLine(Run("--headless", "--data", dir), 2, "gzip file can hold (deflate packs at most ~1032:1)");
    }

    [Fact]
    public void DataInfo_MissingFolder_OneLineOnStderr()
    {
        var r = Run("data", "info", "--data", "/no/such/folder");
        AssertOneLine(r, 2, "--data /no/such/folder: no such directory");
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void DataInfo_EmptyData_OneLineOnStderr()
    {
        AssertOneLine(Run("data", "info", "--data", ""), 2, "--data is empty");
    }

    [Fact]
    public void DataDownload_FtpMirror_OneLineOnStderr_NothingDownloaded()
    {
        var r = Run("data", "download", "--to", PathOf("dl"), "--mirror", "ftp://example.org/mnist/");
        AssertOneLine(r, 2, "--mirror ftp://example.org/mnist/ is not an http:// or https:// URL.");
        AssertOnly();
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using CnnViz.Core.Data;
using CnnViz.Core.Files;

namespace CnnViz.Core.Tests.Data;

/// <summary>Issue 16: memory bounded by real data whatever a header claims; header-first pair checks; SafeFile's messages.</summary>
public sealed class HostileIdxTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string GzipImages(string name, int claimed, int realBytes, bool forgeTrailer)
    {
        string path = _dir[name];
        using (var memory = new MemoryStream())
        {
            using (var gz = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
            {
                var header = new byte[16];
                BinaryPrimitives.WriteInt32BigEndian(header, IdxFile.ImagesMagic);
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), claimed);
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
                gz.Write(header);
                var noise = new byte[realBytes];
                new Random(1).NextBytes(noise);
                gz.Write(noise);
            }
            byte[] bytes = memory.ToArray();
            // ISIZE says what the header claims: a bomb that lies consistently.
            if (forgeTrailer) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), (uint)(16 + (long)claimed * 784));
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    [Fact]
    public void LyingGzipHeaderAndTrailer_AllocatesAboutTheRealData_NotTheClaim()
    {
        // Header and gzip trailer agree on 1.02 GB; the file really inflates to 1 MB (before: 1.02 GB allocated up front).
        int real = 1 << 20;
        int claimed = 1_300_000; // 1.02 GB from a ~1 MB file: ratio ~970, plausible for deflate
        string path = GzipImages("lie.gz", claimed, real, forgeTrailer: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("lie.gz", e.Message); // refused (truncated / its gzip check fails) ...
        Assert.True(allocated < 8L * real, $"allocated {allocated / 1e6:F1} MB for {real / 1e6:F1} MB of real data");
    }

    [Fact]
    public void ReadHeader_ReadsOnlyTheHeader()
    {
        string path = GzipImages("big.gz", 1_000, 784_000, forgeTrailer: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var header = IdxFile.ReadHeader(path, dimensions: 3);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 400_000);
        Assert.Equal(1_000, header.Count);
    }

    [Fact]
    public void Pair_CountsDiffer_RefusedFromHeaders()
    {
        string images = GzipImages("i.gz", 2_000, 10_000, forgeTrailer: false); // truncated payload: never read
        string labels = _dir["l"];
        IdxFile.WriteLabels(labels, new byte[10], gzip: false);
        var e = Assert.Throws<DataFormatException>(() => IdxPair.Read(images, labels, 28, 28, 10, "training"));
        Assert.Contains("holds 2,000 images but l holds 10 labels, by their headers", e.Message);
    }

    [Fact]
    public void Pair_Empty_Refused()
    {
        IdxFile.WriteImages(_dir["i"], [], 0, 28, 28, gzip: true);
        IdxFile.WriteLabels(_dir["l"], [], gzip: true);
        var e = Assert.Throws<DataFormatException>(() => IdxPair.Read(_dir["i"], _dir["l"], 28, 28, 10, "test"));
        Assert.Contains("holds 0 images: the test set is empty", e.Message);
    }

    [Fact]
    public void SafeFile_Messages_NameTheFileInWords()
    {
        Assert.Equal($"{_dir.Path}: cannot read it: it is a directory, not a file",
            Assert.Throws<FileProblemException>(() => SafeFile.OpenRead(_dir.Path)).Message);
        Assert.Equal($"{_dir["none"]}: cannot read it: file not found",
            Assert.Throws<FileProblemException>(() => SafeFile.OpenRead(_dir["none"])).Message);
        Assert.Equal("permission denied (this user may not access it or its folder)", SafeFile.Reason(new UnauthorizedAccessException("x"), "p"));
        Assert.Equal("No space left on device", SafeFile.Reason(new IOException("No space left on device : '/x/a.ckpt.tmp7'"), "/x/a.ckpt.tmp7", "/x/a.ckpt"));
    }

    [Fact]
    public void SafeFile_Write_FailureLeavesNoTemp_AndNamesTheTarget()
    {
        string target = _dir["out.bin"];
        var e = Assert.Throws<FileProblemException>(() => SafeFile.Write(target, s => { s.Write([1, 2, 3]); throw new IOException("disk full"); }));
        Assert.Equal($"{target}: cannot write it: disk full", e.Message);
        Assert.True(e.Writing);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
        SafeFile.Write(target, s => s.Write([4, 5]));
        Assert.Equal([4, 5], File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(_dir.Path));
    }
}

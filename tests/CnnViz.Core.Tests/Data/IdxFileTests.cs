using System.Buffers.Binary;
using System.IO.Compression;
using CnnViz.Core.Data;
using CnnViz.Tests.Shared;

namespace CnnViz.Core.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    // ---- helpers ---------------------------------------------------------------------------

    /// <summary>A raw IDX image file built by hand (independent of IdxFile's writer).</summary>
    private static byte[] RawImages(int count, int rows = 28, int cols = 28, int magic = IdxFile.ImagesMagic, byte[]? payload = null)
    {
        payload ??= new byte[count * rows * cols];
        var bytes = new byte[16 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        payload.CopyTo(bytes, 16);
        return bytes;
    }

    private static byte[] RawLabels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxFile.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest)) gz.Write(content);
        return memory.ToArray();
    }

    private string Save(string name, byte[] bytes)
    {
        File.WriteAllBytes(_dir[name], bytes);
        return _dir[name];
    }

    /// <summary>Asserts the read fails with DataFormatException naming the file and containing <paramref name="problem"/>, and no command to type.</summary>
    private static DataFormatException AssertBad(string path, string problem, Action read)
    {
        var e = Assert.Throws<DataFormatException>(read);
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain("cnnviz data", e.Message);   // Core says what is wrong with the file; the caller adds what to type
        Assert.DoesNotContain("--data", e.Message);
        return e;
    }

    // ---- round trips -----------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteThenRead_ReturnsTheSamePixelsAndLabels(bool gzip)
    {
        var pixels = IdxSets.Images(7);
        var labels = IdxSets.Labels(7);
        IdxFile.WriteImages(_dir["images"], pixels, 7, 28, 28, gzip);
        IdxFile.WriteLabels(_dir["labels"], labels, gzip);

        var images = IdxFile.ReadImages(_dir["images"]);
        Assert.Equal((7, 28, 28), (images.Count, images.Height, images.Width));
        Assert.Equal(pixels, images.Pixels);
        Assert.Equal(labels, IdxFile.ReadLabels(_dir["labels"]));
        byte[] head = File.ReadAllBytes(_dir["images"])[..2];
        Assert.Equal(gzip, head is [0x1f, 0x8b]);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void Writer_ProducesTheByteLayoutOfTheIdxSpec()
    {
        var pixels = IdxSets.Images(2);
        IdxFile.WriteImages(_dir["images"], pixels, 2, 28, 28, gzip: false);
        Assert.Equal(RawImages(2, payload: pixels), File.ReadAllBytes(_dir["images"]));
        IdxFile.WriteLabels(_dir["labels"], [3, 9], gzip: false);
        Assert.Equal(RawLabels(3, 9), File.ReadAllBytes(_dir["labels"]));
    }

    [Fact]
    public void Reader_DetectsGzipByContentNotByName()
    {
        var pixels = IdxSets.Images(3);
        string gzNamedRaw = Save("raw-but-named.gz", RawImages(3, payload: pixels));
        string rawNamedGz = Save("gzip-but-named.idx", Gzip(RawImages(3, payload: pixels)));
        Assert.Equal(pixels, IdxFile.ReadImages(gzNamedRaw).Pixels);
        Assert.Equal(pixels, IdxFile.ReadImages(rawNamedGz).Pixels);
    }

    [Fact]
    public void ReadImages_AcceptsOtherSizesWhenNotConstrained()
    {
        string path = Save("small", RawImages(2, rows: 11, cols: 5));
        var images = IdxFile.ReadImages(path, height: null, width: null);
        Assert.Equal((2, 11, 5), (images.Count, images.Height, images.Width));
    }

    // ---- corrupt files: one exception type, naming the file and the problem ---------------------

    [Fact]
    public void EmptyFile_IsRejected() =>
        AssertBad(Save("empty.gz", []), "is empty", () => IdxFile.ReadImages(_dir["empty.gz"]));

    [Fact]
    public void WrongMagic_IsRejected()
    {
        var bytes = RawImages(1, magic: 0x12345678);
        string path = Save("magic", bytes);
        AssertBad(path, "does not start with an IDX magic number", () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void LabelFileGivenAsImages_IsRejected()
    {
        string path = Save("labels-not-images", RawLabels(1, 2, 3));
        AssertBad(path, "is a label file", () => IdxFile.ReadImages(path));
        string images = Save("images-not-labels", RawImages(1));
        AssertBad(images, "is an image file", () => IdxFile.ReadLabels(images));
    }

    [Fact]
    public void WrongElementType_IsRejected()
    {
        string path = Save("float.gz", Gzip(RawImages(1, magic: 0x00000D03)));
        AssertBad(path, "element type 0x0d", () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void WrongImageSize_IsRejected()
    {
        string path = Save("32x32", RawImages(1, rows: 32, cols: 32));
        AssertBad(path, "holds 32×32 images", () => IdxFile.ReadImages(path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedHeader_IsRejected(bool gzip)
    {
        byte[] cut = RawImages(1)[..10];
        string path = Save("cut-header", gzip ? Gzip(cut) : cut);
        AssertBad(path, "truncated inside its header (10 of 16 bytes)", () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void TruncatedRawPayload_IsRejectedWithPromisedAndActualSizes()
    {
        string path = Save("cut", RawImages(5)[..^100]);
        AssertBad(path, "is truncated: the header promises 5 images of 28×28 (3,920 bytes) but the file holds 3,820",
            () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void TruncatedGzipPayload_IsRejected()
    {
        string path = Save("cut.gz", Gzip(RawImages(5)[..^100]));
        AssertBad(path, "data ends after 3,820", () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void GzipFileCutShort_IsRejected()
    {
        byte[] gz = Gzip(RawImages(50, payload: IdxSets.Images(50)));
        string path = Save("cut-stream.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));
        Assert.Equal(path, e.FilePath);
        Assert.True(e.Problem.Contains("truncated") || e.Problem.Contains("not valid gzip"), e.Message);
    }

    [Fact]
    public void NonGzipBytesInGzFile_IsRejectedAndSaysSo()
    {
        string path = Save("page.gz", "<html><body>404 Not Found</body></html>"u8.ToArray());
        AssertBad(path, "the name ends in .gz but the content is not gzip", () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void CorruptDeflateData_IsRejected()
    {
        byte[] gz = Gzip(RawImages(3, payload: IdxSets.Images(3)));
        for (int i = 10; i < gz.Length - 8; i++) gz[i] ^= 0x5A; // keep the gzip header, scramble the deflate stream
        string path = Save("scrambled.gz", gz);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));
        Assert.Equal(path, e.FilePath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrailingBytes_AreRejected(bool gzip)
    {
        byte[] content = [.. RawImages(2), 1, 2, 3];
        string path = Save("trailing", gzip ? Gzip(content) : content);
        AssertBad(path, "trailing data", () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void GarbageAfterTheGzipStream_IsRejected()
    {
        string path = Save("junk-after.gz", [.. Gzip(RawImages(2)), .. "junk"u8.ToArray()]);
        AssertBad(path, "bytes after the end of its gzip data", () => IdxFile.ReadImages(path));
    }

    [Fact]
    public void LabelOutOfRange_IsRejected()
    {
        string path = Save("labels.gz", Gzip(RawLabels(0, 9, 10, 3)));
        AssertBad(path, "label 10 of item 2 is outside 0..9", () => IdxFile.ReadLabels(path));
    }

    [Theory]
    [InlineData(false, int.MaxValue)]
    [InlineData(true, int.MaxValue)]
    [InlineData(true, 1_000_000)] // 784 MB promised: must not be allocated up front
    public void HugeCountInSmallFile_IsRejectedWithoutAllocatingIt(bool gzip, int count)
    {
        byte[] header = RawImages(0)[..16];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        byte[] content = [.. header, .. new byte[784 * 3]];
        string path = Save("huge", gzip ? Gzip(content) : content);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(path, e.FilePath);
        Assert.True(e.Problem.Contains("corrupt") || e.Problem.Contains("truncated"), e.Message);
        Assert.True(allocated < 4_000_000, $"allocated {allocated:N0} bytes for a {content.Length}-byte file");
    }

    [Fact]
    public void HugeLabelCountInSmallFile_IsRejected()
    {
        byte[] content = RawLabels(1, 2, 3);
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(4), int.MaxValue);
        string path = Save("huge-labels", content);
        AssertBad(path, "2,147,483,647 labels", () => IdxFile.ReadLabels(path));
    }

    [Fact]
    public void MissingFile_IsADataException()
    {
        var e = Assert.Throws<DataException>(() => IdxFile.ReadImages(_dir["nope.gz"]));
        Assert.Contains("file not found", e.Message);
    }
}

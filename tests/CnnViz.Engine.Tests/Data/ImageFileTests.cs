using CnnViz.Core.Data;
using CnnViz.Engine.Data;
using CnnViz.Tests.Shared;

namespace CnnViz.Engine.Tests.Data;

public sealed class ImageFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-images-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Resize_HalvesByBoxAverage_KeepsAspect_CentresOnBlack()
    {
        // 4×8 source → fit 4×4: scale 2, content 2×4, one black row above and below.
        byte[] src = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 8))];
        byte[] dst = ImageFile.Resize(src, 4, 8, 4, 4);
        // Output (1, 0) averages source rows 0–1, columns 0–1: (0 + 8 + 64 + 72) / 4 = 36.
        Assert.Equal([0, 0, 0, 0, 36, 52, 68, 84, 164, 180, 196, 212, 0, 0, 0, 0], dst);
    }

    [Fact]
    public void Load_DarkOnWhiteRgba_BecomesLightOnDark_AtTheModelSize()
    {
        var grey = new byte[10 * 10];
        for (int i = 0; i < 10; i++) grey[i * 10 + 4] = grey[i * 10 + 5] = 250;   // a white column on black
        byte[] asPaper = ImageFile.Load(Write("paper.png", TestImages.Png(TestImages.DarkOnWhiteRgba(grey), 10, 10, 4)), 5, 5);
        byte[] asIs = ImageFile.Load(Write("grey.png", TestImages.Png(grey, 10, 10)), 5, 5);
        Assert.Equal(asIs, asPaper);                         // inverted back: same picture
        Assert.Equal(250, asIs[2]);                          // column 2 of 5 = source columns 4–5
        Assert.Equal(0, asIs[0]);
    }

    [Fact]
    public void Load_TransparentBackground_IsBlack()
    {
        var rgba = new byte[4 * 4 * 4];
        for (int i = 0; i < 16; i++) rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = 255;   // white, alpha 0
        rgba[4 * 5 + 3] = 255;                                                                  // one opaque white pixel
        byte[] image = ImageFile.Load(Write("alpha.png", TestImages.Png(rgba, 4, 4, 4)), 4, 4);
        Assert.Equal(255, image[5]);
        Assert.Equal(15, image.Count(v => v == 0));
    }

    [Fact]
    public void Load_HeaderClaims20000x20000_RefusedWithoutDecoding()
    {
        string path = Write("huge.png", TestImages.PngClaiming(20000, 20000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load(path, 28, 28));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "must not allocate for the claimed pixels");
        Assert.Contains("claims 20000×20000 pixels, over the limit of 16,777,216 (4096×4096); nothing was decoded", e.Message);
    }

    [Fact]
    public void Load_TruncatedPng_SaysCannotDecode()
    {
        var random = new Random(3);
        byte[] noise = new byte[64 * 64];
        random.NextBytes(noise);
        byte[] png = TestImages.Png(noise, 64, 64);
        var e = Assert.Throws<ImageFileException>(() => ImageFile.Load(Write("cut.png", png[..(png.Length / 2)]), 28, 28));
        Assert.Contains("cannot decode it (truncated or corrupt", e.Message);
    }

    [Fact]
    public void Load_NotAnImage_SaysSo() =>
        Assert.EndsWith("notes.png: not an image (PNG, JPEG, BMP, GIF, TGA, PSD, HDR or PIC).",
            Assert.Throws<ImageFileException>(() => ImageFile.Load(Write("notes.png", "hello"u8.ToArray()), 28, 28)).Message);

    [Fact]
    public void Folder_OneTree_SplitsEachClassBySeed_SkipsNonImages()
    {
        TestImages.ShapesTree(_dir, perClass: 6);
        Write("bar/readme.txt", "not an image"u8.ToArray());
        var a = ImageFolder.Load(_dir, 28, 28, seed: 3);
        var b = ImageFolder.Load(_dir, 28, 28, seed: 3);
        var c = ImageFolder.Load(_dir, 28, 28, seed: 4);
        Assert.Equal(["bar", "column", "square"], a.Train.ClassNames);
        Assert.Equal(3 * 4, a.Train.Count);   // ⌈6 × 20%⌉ = 2 of each class held out
        Assert.Equal(3 * 2, a.Test.Count);
        Assert.Equal(a.Test.Images, b.Test.Images);
        Assert.NotEqual(a.Test.Images, c.Test.Images);
        Assert.Single(a.Skipped);
        Assert.Contains("readme.txt: not an image", a.Skipped[0]);
        Assert.Contains("images per class train/test: bar 4/2, column 4/2, square 4/2; skipped 1 file(s)", a.Description);
    }

    [Fact]
    public void Folder_TrainAndTestWithDifferentClasses_ListsTheDifference()
    {
        TestImages.ShapesTree(Path.Combine(_dir, "train"), perClass: 2);
        TestImages.ShapesTree(Path.Combine(_dir, "test"), perClass: 1);
        Directory.Move(Path.Combine(_dir, "test", "square"), Path.Combine(_dir, "test", "circle"));
        var e = Assert.Throws<DataException>(() => ImageFolder.Load(_dir, 28, 28));
        Assert.Contains("train and test have different classes: only in train: square; only in test: circle.", e.Message);
    }

    [Theory]
    [InlineData("empty", "no class folders")]
    [InlineData("one", "one class only ('bar')")]
    [InlineData("images-missing", "class 'column' has 0 usable image(s)")]
    public void Folder_Unusable_SaysWhy(string kind, string expected)
    {
        if (kind != "empty") TestImages.ShapesTree(_dir, perClass: 3);
        if (kind == "one") { Directory.Delete(Path.Combine(_dir, "column"), true); Directory.Delete(Path.Combine(_dir, "square"), true); }
        if (kind == "images-missing") foreach (var f in Directory.GetFiles(Path.Combine(_dir, "column"))) File.WriteAllText(f, "x");
        Assert.Contains(expected, Assert.Throws<DataException>(() => ImageFolder.Load(_dir, 28, 28)).Message);
    }
}

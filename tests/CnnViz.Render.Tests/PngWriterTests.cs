using CnnViz.Render.Gfx;

namespace CnnViz.Render.Tests;

public sealed class PngWriterTests
{
    [Fact]
    public void Enqueue_WritesAValidPngOffThread_AndLeavesNoTempFile()
    {
        string dir = Directory.CreateTempSubdirectory("cnnviz-png-").FullName;
        try
        {
            string path = Path.Combine(dir, "sub", "frame.png");
            var rgb = new byte[5 * 3 * 3];
            for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 7);
            using (var writer = new PngWriter())
            {
                writer.Enqueue(path, rgb, 5, 3);
                writer.Flush();
                Assert.True(writer.TryTakeMessage(out string message));
                Assert.StartsWith("saved ", message);
            }
            Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            var (w, h, pixels) = PngDecoder.DecodeRgb(File.ReadAllBytes(path));
            Assert.Equal((5, 3), (w, h));
            Assert.Equal(rgb, pixels);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Enqueue_ToAnUnwritablePath_ReportsTheErrorAsAMessage()
    {
        using var writer = new PngWriter();
        string blocker = Path.GetTempFileName(); // a file where a directory is needed
        try
        {
            writer.Enqueue(Path.Combine(blocker, "frame.png"), new byte[3], 1, 1);
            writer.Flush();
            Assert.True(writer.TryTakeMessage(out string message));
            Assert.StartsWith($"{Path.Combine(blocker, "frame.png")}: cannot write it", message); // names the target, not a temp file
            Assert.Equal((0, 1), (writer.Written, writer.Failed));
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}

using System.Diagnostics;

namespace CnnViz.Engine.Live;

/// <summary>
/// Per-frame timings as CSV (frame, train_ms, upload_ms, draw_ms, frame_ms, images), and a summary line at the
/// end: median and 95th-percentile drawing time, and training images per wall-clock second. Rows are
/// formatted into a stack buffer and written through a buffered stream: logging allocates nothing per frame.
/// </summary>
public sealed class FrameLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly float[] _drawMs = new float[1 << 18];
    private readonly float[] _uploadMs = new float[1 << 18];
    private readonly long _start = Stopwatch.GetTimestamp();
    private int _frames;
    private long _images;

    public FrameLog(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        string? dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _writer = new StreamWriter(Path, append: false) { AutoFlush = false };
        _writer.WriteLine("frame,train_ms,upload_ms,draw_ms,frame_ms,images");
    }

    public string Path { get; }

    public void Add(double trainMs, double uploadMs, double drawMs, double frameMs, int images)
    {
        Span<char> line = stackalloc char[96];
        line.TryWrite($"{_frames},{trainMs:F3},{uploadMs:F3},{drawMs:F3},{frameMs:F3},{images}\n", out int n);
        _writer.Write(line[..n]);
        if (_frames < _drawMs.Length)
        {
            _drawMs[_frames] = (float)drawMs;
            _uploadMs[_frames] = (float)uploadMs;
        }
        _frames++;
        _images += images;
    }

    /// <summary>"412 frames: draw median 4.1 ms, p95 5.0 ms; upload median 0.10 ms; 123,456 images in 12.3 s = 10,037 images/s (wall)".</summary>
    public string Summary()
    {
        int n = Math.Min(_frames, _drawMs.Length);
        if (n == 0) return "no frames";
        // Skip the first frames (shader compilation, first uploads) when there are enough.
        int skip = n > 20 ? 5 : 0;
        float[] draw = _drawMs[skip..n], upload = _uploadMs[skip..n];
        Array.Sort(draw);
        Array.Sort(upload);
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        return FormattableString.Invariant(
            $"{_frames} frames: draw median {draw[draw.Length / 2]:F2} ms, p95 {draw[(int)(draw.Length * 0.95)]:F2} ms; upload median {upload[upload.Length / 2]:F2} ms; ") +
            FormattableString.Invariant($"{_images:N0} images in {seconds:F1} s = {_images / seconds:N0} images/s (wall)");
    }

    public void Dispose()
    {
        _writer.WriteLine($"# {Summary()}");
        _writer.Dispose();
    }
}

using System.Collections.Concurrent;
using CnnViz.Core.Files;
using StbImageWriteSharp;

namespace CnnViz.Render.Gfx;

/// <summary>
/// Writes PNG files on a background thread, so a 1280×800 frame (~270 ms of compression) never stalls drawing.
/// Each file is written to a temp file next to it and renamed, so a reader never sees half a PNG.
/// Results ("saved PATH" or the error) come back through <see cref="TryTakeMessage"/>.
/// </summary>
public sealed class PngWriter : IDisposable
{
    private readonly record struct Job(string Path, byte[] Rgb, int Width, int Height);

    private readonly BlockingCollection<Job> _jobs;
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly Thread _thread;
    private int _pending, _written, _failed;
    private string? _firstError;

    /// <param name="capacity">Jobs that may wait; <see cref="Enqueue"/> blocks beyond that (back-pressure for headless frame dumps).</param>
    public PngWriter(int capacity = 4)
    {
        _jobs = new BlockingCollection<Job>(capacity);
        _thread = new Thread(Run) { IsBackground = true, Name = "png-writer" };
        _thread.Start();
    }

    /// <summary>PNGs actually on disk so far.</summary>
    public int Written => Volatile.Read(ref _written);

    /// <summary>PNGs that could not be written, and the first failure ("PATH: cannot write it: …").</summary>
    public int Failed => Volatile.Read(ref _failed);
    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>PNGs queued or being written.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>
    /// Queues <paramref name="rgb"/> (height, width, 3), top row first, to be written as <paramref name="path"/>.
    /// The writer owns the array from now on.
    /// </summary>
    public void Enqueue(string path, byte[] rgb, int width, int height)
    {
        if (rgb.Length < width * height * 3) throw new ArgumentException($"{rgb.Length} bytes do not hold a {width}×{height} RGB image.", nameof(rgb));
        Interlocked.Increment(ref _pending);
        _jobs.Add(new Job(Path.GetFullPath(path), rgb, width, height));
    }

    /// <summary>"saved /tmp/a.png" or "cannot write /tmp/a.png: …", one per finished job.</summary>
    public bool TryTakeMessage(out string message) => _messages.TryDequeue(out message!);

    /// <summary>Blocks until every queued PNG is on disk.</summary>
    public void Flush()
    {
        while (Pending > 0) Thread.Sleep(5);
    }

    /// <summary>Writes one PNG atomically (temp file, then rename) on the calling thread; <paramref name="rgb"/> is (height, width, 3), top row first.</summary>
    public static void WriteNow(string path, byte[] rgb, int width, int height) =>
        SafeFile.Write(path, stream => new ImageWriter().WritePng(rgb, width, height, ColorComponents.RedGreenBlue, stream));

    private void Run()
    {
        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            try
            {
                WriteNow(job.Path, job.Rgb, job.Width, job.Height);
                Interlocked.Increment(ref _written);
                _messages.Enqueue($"saved {job.Path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                string message = e is FileProblemException ? e.Message : $"{job.Path}: cannot write it: {e.Message}";
                Interlocked.CompareExchange(ref _firstError, message, null);
                Interlocked.Increment(ref _failed);
                _messages.Enqueue(message);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    public void Dispose()
    {
        _jobs.CompleteAdding();
        _thread.Join();
        _jobs.Dispose();
    }
}

namespace CnnViz.Engine.Metrics;

/// <summary>
/// Training speed: recent figures (exponential moving averages over steps, for the HUD) and totals
/// since the session started or was reset (for reports). Times come from Stopwatch around the
/// forward pass (including the loss) and the backward pass (including the optimizer update).
/// </summary>
public sealed class Throughput
{
    private const double Smoothing = 0.1; // weight of the newest step in the moving averages

    /// <summary>Recent training images per second (forward + backward + update only).</summary>
    public double ImagesPerSecond { get; private set; }

    /// <summary>Recent forward time per image, milliseconds.</summary>
    public double ForwardMsPerImage { get; private set; }

    /// <summary>Recent backward + update time per image, milliseconds.</summary>
    public double BackwardMsPerImage { get; private set; }

    /// <summary>Images trained since the start (or the last reset/load).</summary>
    public long TotalImages { get; private set; }

    /// <summary>Seconds spent in forward + backward + update since the start.</summary>
    public double TotalSeconds { get; private set; }

    /// <summary>TotalImages / TotalSeconds.</summary>
    public double AverageImagesPerSecond => TotalSeconds > 0 ? TotalImages / TotalSeconds : 0;

    internal void Add(int images, double forwardSeconds, double backwardSeconds)
    {
        double seconds = forwardSeconds + backwardSeconds;
        double rate = seconds > 0 ? images / seconds : 0;
        double fwd = forwardSeconds * 1000 / images, bwd = backwardSeconds * 1000 / images;
        bool first = TotalImages == 0;
        ImagesPerSecond = first ? rate : ImagesPerSecond + Smoothing * (rate - ImagesPerSecond);
        ForwardMsPerImage = first ? fwd : ForwardMsPerImage + Smoothing * (fwd - ForwardMsPerImage);
        BackwardMsPerImage = first ? bwd : BackwardMsPerImage + Smoothing * (bwd - BackwardMsPerImage);
        TotalImages += images;
        TotalSeconds += seconds;
    }

    internal void Clear()
    {
        ImagesPerSecond = ForwardMsPerImage = BackwardMsPerImage = 0;
        TotalImages = 0;
        TotalSeconds = 0;
    }
}

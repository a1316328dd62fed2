using System.Diagnostics;

namespace CnnViz.Engine.Benchmarking;

/// <summary>Images per second of repeated steps: median, min and max over the kept repetitions.</summary>
public sealed record Throughput(double Median, double Min, double Max, int Kept, int Discarded, int StepsPerRepetition, bool Quiet);

/// <summary>
/// Times a step that processes a fixed number of images, the way the PyTorch harness does:
/// warm up for at least a second and 5 steps (JIT tiers, caches, buffers), size each repetition to
/// about <c>seconds</c> from the warm-up rate, then run repetitions until <c>repetitions</c> of them
/// were quiet (other processes used under <c>maxForeign</c> of the wall time). If the machine never
/// quiets down, the disturbed repetitions are used and the result says so (<see cref="Throughput.Quiet"/> = false).
/// </summary>
public sealed class ThroughputMeter(double seconds, int repetitions, double maxForeign = 0.05)
{
    public Throughput Measure(Action<int> step, int imagesPerStep)
    {
        var sw = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 5 || sw.Elapsed.TotalSeconds < 1.0) step(warm++);
        // The warm-up rate includes the JIT's first, slower code; size the repetitions from a second,
        // steady-state pass instead (else they come out too short).
        int calibration = Math.Max(5, warm / 2);
        sw.Restart();
        for (int i = 0; i < calibration; i++) step(i);
        double stepsPerSecond = calibration / sw.Elapsed.TotalSeconds;
        int steps = Math.Max(3, (int)Math.Ceiling(stepsPerSecond * seconds));

        var quiet = new List<double>();
        var all = new List<double>();
        int attempts = 0;
        while (quiet.Count < repetitions && attempts < 4 * repetitions)
        {
            attempts++;
            var before = CpuLoad.Take();
            sw.Restart();
            for (int i = 0; i < steps; i++) step(i);
            double elapsed = sw.Elapsed.TotalSeconds;
            var (foreign, steal) = CpuLoad.Since(before);
            double rate = steps * (double)imagesPerStep / elapsed;
            all.Add(rate);
            if (foreign < maxForeign * elapsed && steal < maxForeign * elapsed) quiet.Add(rate);
        }
        bool wasQuiet = quiet.Count > 0;
        var used = wasQuiet ? quiet : all;
        used.Sort();
        return new Throughput(used[used.Count / 2], used[0], used[^1], used.Count, attempts - quiet.Count, steps, wasQuiet);
    }
}

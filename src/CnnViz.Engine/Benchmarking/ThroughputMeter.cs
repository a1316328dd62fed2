using System.Diagnostics;

namespace CnnViz.Engine.Benchmarking;

/// <summary>
/// Images per second of repeated steps: median, min and max over the kept repetitions, and
/// <paramref name="FastestStep"/>, the rate of the single fastest step of all repetitions (on a shared machine the
/// one that other processes disturbed least; compare it only with a figure taken the same way).
/// </summary>
public sealed record Throughput(double Median, double Min, double Max, int Kept, int Discarded, int StepsPerRepetition, bool Quiet,
    double FastestStep = double.NaN);

/// <summary>
/// Times a step that processes a fixed number of images, the way the PyTorch harness does:
/// warm up until the rate settles (JIT tiers, caches, buffers; at least a second and 5 steps), size each
/// repetition to about <c>seconds</c> from the warm-up rate, then run repetitions until <c>repetitions</c> of them
/// were quiet (other processes used under <c>maxForeign</c> of the wall time). If the machine never
/// quiets down, the disturbed repetitions are used and the result says so (<see cref="Throughput.Quiet"/> = false).
/// </summary>
public sealed class ThroughputMeter(double seconds, int repetitions, double maxForeign = 0.05)
{
    public Throughput Measure(Action<int> step, int imagesPerStep)
    {
        // Warm-up: blocks of about a quarter second until the JIT has stopped compiling (it replaces its first,
        // slower code with optimized code in the background, which takes seconds on a busy machine: timing before
        // that measured the unoptimized kernels, 3–4× slower) and the rate stops rising: at least 1 s and 5 steps,
        // at most 10× the timed seconds, within 1..30 s (JitInfo counts the whole process: a test run that compiles
        // other code meanwhile must not hold it up long). The last block's rate sizes the repetitions.
        double maxWarmSeconds = Math.Clamp(10 * seconds * repetitions, 1, 30);
        var sw = Stopwatch.StartNew();
        int warm = 0, blockSteps = 1;
        double previousRate = 0, warmRate = 0;
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (true)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < blockSteps; i++) step(warm++);
            double blockSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            warmRate = blockSteps / blockSeconds;
            long compiledNow = System.Runtime.JitInfo.GetCompiledMethodCount();
            bool settled = warmRate < previousRate * 1.05 && compiledNow == compiled;
            compiled = compiledNow;
            if (warm >= 5 && sw.Elapsed.TotalSeconds >= 1.0 && settled || sw.Elapsed.TotalSeconds > maxWarmSeconds) break;
            previousRate = Math.Max(previousRate, warmRate);
            blockSteps = Math.Max(1, (int)(warmRate * 0.25));
        }
        int steps = Math.Max(3, (int)Math.Ceiling(Math.Max(warmRate, previousRate) * seconds));

        var quiet = new List<double>();
        var all = new List<double>();
        int attempts = 0;
        long fastest = long.MaxValue;   // Stopwatch ticks of the fastest single step
        while (quiet.Count < repetitions && attempts < 4 * repetitions)
        {
            attempts++;
            var before = CpuLoad.Take();
            sw.Restart();
            long last = Stopwatch.GetTimestamp();
            for (int i = 0; i < steps; i++)
            {
                step(i);
                long now = Stopwatch.GetTimestamp();   // ~20 ns: nothing beside a step of 50 µs or more
                fastest = Math.Min(fastest, now - last);
                last = now;
            }
            double elapsed = sw.Elapsed.TotalSeconds;
            var (foreign, steal) = CpuLoad.Since(before);
            double rate = steps * (double)imagesPerStep / elapsed;
            all.Add(rate);
            if (foreign < maxForeign * elapsed && steal < maxForeign * elapsed) quiet.Add(rate);
        }
        bool wasQuiet = quiet.Count > 0;
        var used = wasQuiet ? quiet : all;
        used.Sort();
        return new Throughput(used[used.Count / 2], used[0], used[^1], used.Count, attempts - quiet.Count, steps, wasQuiet,
            imagesPerStep * (double)Stopwatch.Frequency / Math.Max(1, fastest));
    }
}

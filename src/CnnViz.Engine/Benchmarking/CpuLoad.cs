using System.Diagnostics;
using System.Globalization;

namespace CnnViz.Engine.Benchmarking;

/// <summary>
/// How much CPU time other processes used while we measured: system-wide busy time from /proc/stat
/// minus this process's own CPU time, plus steal time. On a shared 2-core machine a repetition
/// during which others ran is not a measurement of us, so the benchmark drops and redoes it
/// (the PyTorch harness applies the same rule, so both sides are judged alike).
/// Where /proc/stat does not exist (not Linux) every repetition counts as quiet.
/// </summary>
public static class CpuLoad
{
    public readonly record struct Snapshot(double BusySeconds, double StealSeconds, double OwnSeconds);

    public static bool IsAvailable { get; } = File.Exists("/proc/stat");

    public static Snapshot Take()
    {
        double own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        if (!IsAvailable) return new Snapshot(0, 0, own);
        // "cpu  user nice system idle iowait irq softirq steal …" in USER_HZ (100 per second).
        string[] f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double J(int i) => double.Parse(f[i], CultureInfo.InvariantCulture) / 100.0;
        return new Snapshot(J(1) + J(2) + J(3) + J(6) + J(7), J(8), own);
    }

    /// <summary>CPU seconds others used (and seconds stolen by the hypervisor) since <paramref name="start"/>.</summary>
    public static (double Foreign, double Steal) Since(Snapshot start)
    {
        var now = Take();
        if (!IsAvailable) return (0, 0);
        double foreign = Math.Max(0, (now.BusySeconds - start.BusySeconds) - (now.OwnSeconds - start.OwnSeconds));
        return (foreign, now.StealSeconds - start.StealSeconds);
    }
}

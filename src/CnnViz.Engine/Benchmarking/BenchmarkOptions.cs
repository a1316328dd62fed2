using CnnViz.Core.Models;

namespace CnnViz.Engine.Benchmarking;

/// <summary>
/// What to measure: model, batch sizes, threads and how long (seconds per repetition × repetitions).
/// MaxForeign: a repetition during which other processes used more than this fraction of its wall time
/// in CPU time is redone (as the PyTorch harness does with its --max-foreign).
/// </summary>
public sealed record BenchmarkOptions(string Model = "lenet5", int BatchSize = 64, int InferenceBatchSize = 1000,
    int Threads = 2, double Seconds = 1.0, int Repetitions = 5, bool CompareNaiveConv = true, ulong Seed = 1,
    bool Training = true, bool Inference = true, double MaxForeign = 0.05)
{
    public static readonly IReadOnlyList<string> Models = ["lenet5", "lenet5-classic", "simple"];

    /// <summary>A fresh, unbuilt model by its command-line name.</summary>
    public static Sequential CreateModel(string name) => name switch
    {
        "lenet5" => LeNet5.Modern(),
        "lenet5-classic" => LeNet5.Classic1998(),
        "simple" => SimpleCnn.Create(),
        _ => throw new ArgumentException($"Unknown model '{name}'; choose one of: {string.Join(", ", Models)}."),
    };
}

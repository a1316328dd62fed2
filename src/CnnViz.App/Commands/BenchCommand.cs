using System.CommandLine;
using CnnViz.Core.Threading;
using CnnViz.Engine.Benchmarking;

namespace CnnViz.App.Commands;

/// <summary>
/// `cnnviz bench`: training and inference images/s on synthetic batches, a per-layer profile,
/// bytes allocated per step and the fast convolution's speed-up over the naive one.
/// See <see cref="TrainingBenchmark"/> for what is timed and how.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Model: {string.Join(", ", BenchmarkOptions.Models)}.", DefaultValueFactory = _ => "lenet5" };
        var batch = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 64 };
        var inferBatch = new Option<int>("--infer-batch") { Description = "Inference batch size.", DefaultValueFactory = _ => 1000 };
        var threads = new Option<int>("--threads") { Description = $"Compute threads (default {WorkerPool.DefaultThreads}).", DefaultValueFactory = _ => WorkerPool.DefaultThreads };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per timed repetition.", DefaultValueFactory = _ => 1.0 };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions (the median is reported).", DefaultValueFactory = _ => 5 };
        var noNaive = new Option<bool>("--no-naive") { Description = "Skip timing the naive reference convolution." };
        var only = new Option<string?>("--only") { Description = "Measure only 'train' or only 'inference'." };
        var maxForeign = new Option<double>("--max-foreign") { Description = "Redo a repetition if other processes used more than this fraction of its time in CPU.", DefaultValueFactory = _ => 0.05 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the text report." };

        var command = new Command("bench", "Measure training and inference images/s, per-layer time, allocations per step.");
        foreach (var o in new Option[] { model, batch, inferBatch, threads, seconds, reps, noNaive, only, maxForeign, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string? onlyValue = parse.GetValue(only);
            if (onlyValue is not (null or "train" or "inference"))
            {
                Console.Error.WriteLine($"cnnviz bench: --only takes 'train' or 'inference', got '{onlyValue}'.");
                return 2;
            }
            var options = new BenchmarkOptions(parse.GetValue(model)!, parse.GetValue(batch), parse.GetValue(inferBatch),
                parse.GetValue(threads), parse.GetValue(seconds), parse.GetValue(reps), !parse.GetValue(noNaive),
                Training: onlyValue != "inference", Inference: onlyValue != "train", MaxForeign: parse.GetValue(maxForeign));
            if (Validate(options) is { } error)
            {
                Console.Error.WriteLine($"cnnviz bench: {error}");
                return 2;
            }
            bool asJson = parse.GetValue(json);
            var report = TrainingBenchmark.Run(options, asJson ? null : Console.Out);
            Console.WriteLine(asJson ? report.ToJson() : report.ToText());
            return 0;
        });
        return command;
    }

    /// <summary>The first thing wrong with the options, said so that the user knows what to type instead; null if fine.</summary>
    internal static string? Validate(BenchmarkOptions o)
    {
        if (!BenchmarkOptions.Models.Contains(o.Model)) return $"unknown model '{o.Model}'; choose one of: {string.Join(", ", BenchmarkOptions.Models)}.";
        if (o.BatchSize is < 1 or > 65536) return $"--batch-size must be in 1..65536, got {o.BatchSize}.";
        if (o.InferenceBatchSize is < 1 or > 65536) return $"--infer-batch must be in 1..65536, got {o.InferenceBatchSize}.";
        if (o.Threads < 1 || o.Threads > WorkerPool.MaxThreads) return $"--threads must be in 1..{WorkerPool.MaxThreads}, got {o.Threads}.";
        if (!double.IsFinite(o.Seconds) || o.Seconds <= 0 || o.Seconds > 600) return $"--seconds must be above 0 and at most 600, got {o.Seconds}.";
        if (o.Repetitions is < 1 or > 100) return $"--reps must be in 1..100, got {o.Repetitions}.";
        if (!(o.MaxForeign > 0)) return $"--max-foreign must be above 0 (e.g. 0.05; 100 keeps every repetition), got {o.MaxForeign}.";
        return null;
    }
}

using System.Text.Json;
using CnnViz.Engine.Benchmarking;

namespace CnnViz.Engine.Tests.Benchmarking;

/// <summary>
/// What `cnnviz bench --json` promises, checked on a short run of the small model: the fields exist and
/// hold sensible values. No speed is asserted here (speed goals live in the benchmark, not in tests).
/// </summary>
public class TrainingBenchmarkTests
{
    [Fact]
    public void Json_HoldsRatesProfileAllocationsAndConvSpeedup()
    {
        var options = new BenchmarkOptions(Model: "simple", BatchSize: 8, InferenceBatchSize: 16, Threads: 2,
            Seconds: 0.02, Repetitions: 1, MaxForeign: 100);
        var report = TrainingBenchmark.Run(options);
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.True(root.GetProperty("train_images_per_second").GetDouble() > 0);
        Assert.True(root.GetProperty("inference_images_per_second").GetDouble() > 0);
        // The fastest single step is at least as fast as the median repetition (which averages its steps).
        var train = root.GetProperty("train");
        Assert.True(train.GetProperty("fastest_step").GetDouble() >= train.GetProperty("median").GetDouble() * 0.999);
        Assert.True(root.GetProperty("allocated_bytes_per_step").GetDouble() >= 0);
        // Which machine and which code path the figures came from.
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("cpu_model").GetString()));
        Assert.Contains(root.GetProperty("isa").GetString(), new[] { "AVX-512", "AVX2", "scalar" });
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        var layers = root.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();
        Assert.Equal(["conv1", "relu1", "pool1", "flatten", "fc1", "loss", "update"], layers);
        var conv = Assert.Single(root.GetProperty("conv_speedup_over_naive").EnumerateArray());
        Assert.True(conv.GetProperty("speedup").GetDouble() > 0);
        Assert.Contains("images/s", report.ToText());
        Assert.Contains($"CPU {report.Cpu}; ISA {report.Isa}; 2 thread(s)", report.ToText());
    }

    [Fact]
    public void OnlyInference_LeavesTheTrainingFieldsOut()
    {
        var options = new BenchmarkOptions(Model: "simple", BatchSize: 4, InferenceBatchSize: 8, Threads: 1,
            Seconds: 0.02, Repetitions: 1, CompareNaiveConv: false, Training: false, MaxForeign: 100);
        using var json = JsonDocument.Parse(TrainingBenchmark.Run(options).ToJson());
        Assert.False(json.RootElement.TryGetProperty("train_images_per_second", out _));
        Assert.True(json.RootElement.GetProperty("inference_images_per_second").GetDouble() > 0);
    }

    [Fact]
    public void UnknownModel_IsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => BenchmarkOptions.CreateModel("resnet"));
        Assert.Contains("lenet5", e.Message);
    }
}

using CnnViz.App.Commands;
using CnnViz.Engine.Benchmarking;

namespace CnnViz.App.Tests.Commands;

/// <summary>`cnnviz bench` refuses bad options with a message that names the option and the allowed range.</summary>
public class BenchCommandTests
{
    [Fact]
    public void Validate_AcceptsTheDefaults() => Assert.Null(BenchCommand.Validate(new BenchmarkOptions()));

    [Theory]
    [InlineData("--batch-size", 0, 1000, 2, 1.0, 5)]
    [InlineData("--infer-batch", 64, 0, 2, 1.0, 5)]
    [InlineData("--threads", 64, 1000, 0, 1.0, 5)]
    [InlineData("--seconds", 64, 1000, 2, -1.0, 5)]
    [InlineData("--reps", 64, 1000, 2, 1.0, 0)]
    public void Validate_NamesTheBadOption(string option, int batch, int inferBatch, int threads, double seconds, int reps)
    {
        string? error = BenchCommand.Validate(new BenchmarkOptions("lenet5", batch, inferBatch, threads, seconds, reps));
        Assert.NotNull(error);
        Assert.StartsWith(option, error);
    }

    [Fact]
    public void Validate_ListsTheModels_ForAnUnknownOne()
    {
        string? error = BenchCommand.Validate(new BenchmarkOptions("alexnet"));
        Assert.Contains("lenet5, lenet5-classic, simple", error);
    }
}

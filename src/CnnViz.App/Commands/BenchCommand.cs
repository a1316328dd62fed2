using System.CommandLine;

namespace CnnViz.App.Commands;

/// <summary>`cnnviz bench`: training and inference throughput.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure training and inference images/s (not implemented yet).");
}

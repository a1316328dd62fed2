using System.CommandLine;

namespace CnnViz.App.Commands;

/// <summary>`cnnviz data …`: data set management.</summary>
internal static class DataCommand
{
    public static Command Create() => new("data", "Manage data sets (not implemented yet).");
}

using System.CommandLine;

namespace CnnViz.App.Commands;

/// <summary>The root command: the window, or headless training.</summary>
internal static class MainCommand
{
    public static void Configure(RootCommand root)
    {
        root.SetAction(_ =>
        {
            Console.Error.WriteLine("cnnviz: training is not wired up yet.");
            return 1;
        });
    }
}

namespace CnnViz.Tests.Shared;

/// <summary>The repository root (the folder holding CnnViz.sln), found upwards from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CnnViz.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CnnViz.sln above {AppContext.BaseDirectory}");
    }
}

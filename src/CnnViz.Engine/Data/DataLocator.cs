using CnnViz.Core.Data;

namespace CnnViz.Engine.Data;

/// <summary>Where the data is: the files, which rule chose them, and notes worth printing.</summary>
public sealed record DataLocation(DatasetInfo Info, DataFiles Files, string Origin, bool IsSample, IReadOnlyList<string> Notes);

/// <summary>
/// What the locator looks at besides its arguments, passed in so tests can fake it without
/// touching the process-wide environment.
/// </summary>
public sealed record DataEnvironment(string? CnnvizData, string CurrentDirectory, string? RepoRoot)
{
    public static DataEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable),
        Environment.CurrentDirectory,
        DataLocator.FindRepoRoot(Environment.CurrentDirectory, AppContext.BaseDirectory));
}

/// <summary>
/// Decides which data a run uses, first match wins:
/// <c>--data DIR</c> → <c>$CNNVIZ_DATA</c> → <c>data/mnist/</c> (the full set, git-ignored) →
/// <c>data/mnist-sample/</c> (committed) — for Fashion-MNIST <c>data/fashion-mnist/</c> →
/// <c>/usr/share/datasets/fashion-mnist/</c>. A directory named explicitly (--data, CNNVIZ_DATA) must
/// hold the four files; it never silently falls back. Relative <c>data/…</c> defaults resolve
/// against the repository root (the folder holding CnnViz.sln), so `dotnet run` and the built
/// binary find the same files.
/// </summary>
public static class DataLocator
{
    public const string EnvironmentVariable = "CNNVIZ_DATA";
    private const string SolutionFile = "CnnViz.sln";

    public static DataLocation Locate(DatasetInfo info, string? dataOption, DataEnvironment env)
    {
        if (!string.IsNullOrWhiteSpace(dataOption)) return Explicit(info, dataOption, "--data", env);
        if (!string.IsNullOrWhiteSpace(env.CnnvizData)) return Explicit(info, env.CnnvizData, EnvironmentVariable, env);

        string root = env.RepoRoot ?? env.CurrentDirectory;
        var candidates = new List<(string Dir, string Origin, bool IsSample)>
        {
            (Path.Combine(root, info.DefaultDirectory), $"default: {info.DefaultDirectory}", false),
        };
        if (info.SampleDirectory is not null)
            candidates.Add((Path.Combine(root, info.SampleDirectory), "committed sample", true));
        foreach (string dir in info.SystemDirectories)
            candidates.Add((dir, info.DebianPackage is null ? "system" : $"Debian package {info.DebianPackage}", false));

        var looked = new List<string>();
        var notes = new List<string>();
        foreach (var (dir, origin, isSample) in candidates)
        {
            string full = Path.GetFullPath(dir);
            if (!Directory.Exists(full)) { looked.Add($"{full} (no such directory)"); continue; }
            if (DataFiles.TryFind(full, out var missing) is { } files)
                return new DataLocation(info, files, origin, isSample, notes);
            looked.Add($"{full} (missing {string.Join(", ", missing)})");
            notes.Add($"{full} is incomplete (missing {string.Join(", ", missing)}); run `cnnviz data download --dataset {info.Id}` to fill it");
        }
        throw new DataException(
            $"No {info.DisplayName} data found. Looked in:\n  {string.Join("\n  ", looked)}\n" +
            $"Each directory needs {DataFiles.ExpectedNames}.\n{HowToGet(info)}");
    }

    /// <summary>The nearest folder holding CnnViz.sln above any of <paramref name="starts"/> (in order), or null.</summary>
    public static string? FindRepoRoot(params string[] starts)
    {
        foreach (string start in starts)
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }

    /// <summary>A directory named on purpose: relative to the current directory, else to the repo root.</summary>
    private static DataLocation Explicit(DatasetInfo info, string dir, string origin, DataEnvironment env)
    {
        string full = Path.GetFullPath(dir, env.CurrentDirectory);
        if (!Directory.Exists(full) && !Path.IsPathRooted(dir) && env.RepoRoot is not null
            && Directory.Exists(Path.Combine(env.RepoRoot, dir)))
            full = Path.GetFullPath(dir, env.RepoRoot);
        if (!Directory.Exists(full))
            throw new DataException($"{origin} {dir}: no such directory ({full}).\n{HowToGet(info)}");
        if (DataFiles.TryFind(full, out var missing) is not { } files)
            throw new DataException(
                $"{origin} {full} does not hold the {info.DisplayName} files: missing {string.Join(", ", missing)}.\n" +
                $"Expected {DataFiles.ExpectedNames} there.\n{HowToGet(info)}");
        bool isSample = info.SampleDirectory is not null && env.RepoRoot is not null
            && full.TrimEnd('/') == Path.GetFullPath(Path.Combine(env.RepoRoot, info.SampleDirectory)).TrimEnd('/');
        return new DataLocation(info, files, origin, isSample, []);
    }

    private static string HowToGet(DatasetInfo info)
    {
        var ways = new List<string> { $"download it: `cnnviz data download --dataset {info.Id}` (into {info.DefaultDirectory}/)" };
        if (info.DebianPackage is not null) ways.Add($"install it: `apt-get install {info.DebianPackage}`");
        if (info.SampleDirectory is not null) ways.Add($"restore the committed sample: `git checkout -- {info.SampleDirectory}`");
        ways.Add($"or point --data / {EnvironmentVariable} at a directory holding the four files");
        return "To get the data, " + string.Join("; ", ways) + ".";
    }
}

using System.Diagnostics;
using CnnViz.App.Commands;

namespace CnnViz.App.Tests;

/// <summary>Runs the built `cnnviz` in a child process, the way a user does, without a display.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Err}";
    }

    public static string RepoRoot { get; } = FindRoot();

    public static Result Run(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cnnviz {string.Join(' ', args)} did not finish within 2 minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>How <see cref="Run"/> starts cnnviz; for tests that talk to the running process (signals).</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        string dll = typeof(MainCommand).Assembly.Location; // cnnviz.dll next to the test binaries
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("WAYLAND_DISPLAY");
        start.Environment.Remove("CNNVIZ_DATA");
        return start;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CnnViz.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find CnnViz.sln above the test binaries.");
    }
}

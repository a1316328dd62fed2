using System.Diagnostics;
using System.Text.Json;
using CnnViz.Engine.Checkpoints;

namespace CnnViz.App.Tests.Hostile;

/// <summary>Issue 16: SIGINT / SIGTERM stop after the current step, write the checkpoint and report asked for, say so, exit 130 / 143.</summary>
public sealed class SignalTests : Hostile
{
    [Theory]
    [InlineData(2, "SIGINT", 130)]
    [InlineData(15, "SIGTERM", 143)]
    public async Task Signal_StopsAfterTheStep_WritesCheckpointAndReport_MarkedInterrupted(int signal, string name, int exitCode)
    {
        // 50 epochs: long enough never to finish by itself. The signal comes once the first epoch's checkpoint exists
        // (stdout is not a reliable clock: a redirected child's lines may arrive only at its end).
        string[] args = ["--headless", "--data", Sample, "--limit", "2000", "--batch-size", "8", "--model", "simple", "--epochs", "50",
            "--checkpoint", PathOf("run.ckpt"), "--report", PathOf("run.json")];
        using var process = Process.Start(Cli.StartInfo(Dir, args))!;
        var outTask = process.StandardOutput.ReadToEndAsync();
        var errTask = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(PathOf("run.ckpt")) && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        bool exitedEarly = process.HasExited;
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            try { await process.WaitForExitAsync(timeout.Token); } catch (OperationCanceledException) { process.Kill(); }
        string stdout = await outTask, stderr = await errTask;
        Assert.True(!exitedEarly && process.ExitCode == exitCode, $"exit {process.ExitCode}; exited before the signal: {exitedEarly}\n{stderr}\n{stdout[^Math.Min(stdout.Length, 2000)..]}");

        var r = new Cli.Result(process.ExitCode, stdout, stderr);
        AssertOneLine(r, exitCode, $"interrupted by {name} after step ");
        Assert.Contains($"wrote checkpoint {PathOf("run.ckpt")}, report {PathOf("run.json")}", r.Err);
        var saved = Checkpoint.Read(PathOf("run.ckpt"));
        Assert.True(saved.Step >= 1 && saved.Epoch < 50, $"step {saved.Step}, epoch {saved.Epoch}"); // stopped early, after a step
        using var report = JsonDocument.Parse(File.ReadAllText(PathOf("run.json")));
        Assert.Equal(name, report.RootElement.GetProperty("interrupted").GetString());
        Assert.Equal(saved.Step, report.RootElement.GetProperty("steps").GetInt64());
        AssertOnly("run.ckpt", "run.json");
    }
}

using System.Diagnostics;
using CnnViz.Core.Files;
using CnnViz.Core.Threading;
using CnnViz.Engine;
using CnnViz.Engine.Commands;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Live;
using CnnViz.Engine.Data;
using CnnViz.Engine.Metrics;
using CnnViz.Engine.Reports;
using CnnViz.Render;

namespace CnnViz.App.Commands;

/// <summary>
/// `cnnviz --compare "pool=avg" …`: runs A (the options as given) and B (A with the change) from one start, in lockstep:
/// in the window side by side, with --frames as PNGs, or headless to --epochs with a line per epoch of each run,
/// both test results and how they differ, and the report and plot holding both runs.
/// </summary>
internal static class CompareCommand
{
    public static int Run(SessionConfig config, ComparisonChange change, DataSplit split, TrainOptions options, string dataDescription, Stopwatch wall)
    {
        var comparison = new Comparison(config, change, split);
        Console.WriteLine($"compare: A = {Describe(comparison.A)}; B = A with {change.Text}: {Describe(comparison.B)}; "
            + $"B starts from A's initial values for {comparison.SharedParameters} of its {comparison.B.Model.Parameters.Count()} parameter tensors, same mini-batch order");
        if (!options.Headless)
        {
            string? reason = TrainCommand.NoDisplayReason();
            if (reason is null)
            {
                foreach (var run in new[] { comparison.A, comparison.B }) run.TargetEpochs = options.Epochs ?? 0;
                if (WindowLauncher.TryRunCompare(comparison, options, out string why)) return MainCommand.ExitOk;
                reason = why;
            }
            Console.WriteLine($"cnnviz: {reason}: training headless; use --headless to skip this check");
        }
        foreach (var run in new[] { comparison.A, comparison.B }) run.TargetEpochs = options.Epochs ?? (options.Script is null ? 1 : 0);
        if (options.Render.Frames is not null) return WindowLauncher.RunCompareFrames(comparison, options);
        return Headless(comparison, options, dataDescription, wall);
    }

    private static string Describe(TrainingSession s) =>
        $"{s.Config.Model.Name} ({s.Model.ParameterCount:N0} parameters), {s.Optimizer.Name} lr {s.LearningRate}, batch {s.Config.BatchSize}";

    private static int Headless(Comparison c, TrainOptions options, string dataDescription, Stopwatch wall)
    {
        Console.WriteLine($"seed {c.A.Seed}, {WorkerPool.Threads} threads, schedule {c.A.Schedule}; {c.A.Data}");
        long total = Math.Max((long)c.A.TargetEpochs * c.A.StepsPerEpoch, (long)c.B.TargetEpochs * c.B.StepsPerEpoch);
        using var interruption = new Interruption();
        int[] seen = [c.A.Epoch, c.B.Epoch];
        ConsoleProgress.Show(total, progress =>
        {
            // Lockstep training with a line per epoch end of either run; stops at the epoch targets or a signal.
            void Train(long steps)
            {
                for (long k = 0; k < steps && !c.IsDone && !interruption.Requested; k++)
                {
                    c.Step();
                    for (int i = 0; i < 2; i++)
                    {
                        var run = c.Run(i);
                        run.FinishEvaluations();
                        if (run.Epoch == seen[i]) continue;
                        seen[i] = run.Epoch;   // a seek back lowers it: no line until the next epoch end
                        if (run.Metrics.Epochs is [.., var last] && last.Epoch == run.Epoch) progress.Line($"{Comparison.Label(i)} {EpochLine(run, last)}");
                    }
                    progress.Update(c.A.StepsPerEpoch >= c.B.StepsPerEpoch ? c.A : c.B);
                }
            }
            if (options.Script is null) { Train(long.MaxValue); return; }
            RunScript(c, options.Script, Train, progress.Line, () => interruption.Requested);
        });
        string? interrupted = interruption.Requested ? interruption.Signal : null;
        var tests = new EvaluationPoint[2];
        for (int i = 0; i < 2; i++)
        {
            var run = c.Run(i);
            if (run.DivergenceMessage is { } diverged) Console.Error.WriteLine($"cnnviz: run {Comparison.Label(i)}: {diverged}");
            var last = run.Metrics.Epochs.LastOrDefault();
            tests[i] = last?.Test is { } t && t.Step == run.StepCount ? t : interrupted is null && !run.IsDiverged ? run.EvaluateTest() : last?.Test ?? default;
            Console.WriteLine($"{Comparison.Label(i)}: test accuracy {tests[i].Accuracy * 100:F2}% ({tests[i].Images:N0} images), loss {tests[i].Loss:F4}, "
                + $"{run.Epoch} epoch(s), {run.StepCount:N0} steps, {run.Throughput.AverageImagesPerSecond:N0} training images/s, {TrainSeconds(run):F1} s of training");
        }
        var disagreement = ComparisonReport.Compare(c);
        Console.WriteLine($"B − A: test accuracy {(tests[1].Accuracy - tests[0].Accuracy) * 100:+0.00;−0.00;0.00} points, test loss {tests[1].Loss - tests[0].Loss:+0.0000;−0.0000;0.0000}; "
            + $"of {disagreement.Images:N0} test images {disagreement.OnlyARight:N0} only A gets right, {disagreement.OnlyBRight:N0} only B; wall {wall.Elapsed.TotalSeconds:F1} s (both runs, lockstep)");

        string? failure = WriteOutputs(c, options, dataDescription, wall, tests, disagreement, interrupted);
        if (failure is not null) Console.Error.WriteLine($"cnnviz: {failure}");
        if (interrupted is not null)
        {
            Console.Error.WriteLine($"cnnviz: interrupted by {interrupted} after step {c.A.StepCount:N0} of A and {c.B.StepCount:N0} of B");
            return interruption.ExitCode;
        }
        return failure is null && !c.A.IsDiverged && !c.B.IsDiverged ? MainCommand.ExitOk : MainCommand.ExitFailed;
    }

    /// <summary>
    /// A headless script on a comparison: `step N` and `resume` (to the epoch targets: `epochs N` first) train both runs in
    /// lockstep; `quit` stops; every other command goes through the window's <see cref="CompareFrameController"/>, so it
    /// means what its key means there (`focus`, then `lr`, `save` … act on the focused run; `seek`, `reset` on both).
    /// </summary>
    /// <exception cref="CommandException">A command that cannot be done; the run stops there (exit code 2).</exception>
    private static void RunScript(Comparison c, string script, Action<long> train, Action<string> log, Func<bool> interrupted)
    {
        using var frame = new CompareFrameController(c);
        foreach (string line in CommandParser.SplitScript(script))
        {
            var command = WindowCommands.Parser.Parse(line);
            if (command.Verb == "quit") return;
            if (command.Verb == "step") train(command.Integer);
            else if (command.Verb == "resume")
            {
                if (c.A.TargetEpochs == 0 && c.B.TargetEpochs == 0)
                    throw new CommandException("'resume' needs an epoch target in a headless run: put 'epochs N' before it.");
                train(long.MaxValue);
            }
            else
            {
                string status = frame.Execute(line);
                if (frame.LastCommandError is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                log($"> {line}: {status}");
            }
            if (interrupted()) return;
        }
    }

    private static double TrainSeconds(TrainingSession s) => s.Metrics.Epochs.Sum(e => e.Seconds);

    private static string EpochLine(TrainingSession s, EpochRecord e)
    {
        string val = e.Validation is { } v ? $" | val loss {v.Loss:F4} acc {v.Accuracy * 100:F2}%" : "";
        string test = e.Test is { } t ? $" | test acc {t.Accuracy * 100:F2}%" : "";
        return $"epoch {e.Epoch}/{s.TargetEpochs}: train loss {e.TrainLoss:F4} acc {e.TrainAccuracy * 100:F2}%{val}{test} | {e.Seconds:F1} s";
    }

    private static string? WriteOutputs(Comparison c, TrainOptions options, string dataDescription, Stopwatch wall, EvaluationPoint[] tests, Disagreement disagreement, string? interrupted)
    {
        string? failure = null;
        if (options.Report is { } report)
        {
            try
            {
                RunInfo Info(int i) => new(dataDescription, wall.Elapsed.TotalSeconds, WorkerPool.Threads, tests[i], interrupted, options.Recipe);
                ComparisonReport.Write(c, Info(0), Info(1), disagreement, report);
                Console.WriteLine($"report: {report}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failure = e is FileProblemException ? $"--report {e.Message}" : $"--report {report}: cannot write it: {e.Message}";
            }
        }
        if (options.Plot is { } plot)
        {
            try
            {
                CurvePlot.SaveComparison(c.A.Metrics, c.B.Metrics, c.A.Config.Model.Name, c.Change.Text, plot);
                Console.WriteLine($"plot: {plot}");
            }
            catch (InvalidOperationException) when (interrupted is not null) { }
            catch (Exception e) when (e is NotSupportedException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                failure ??= e is FileProblemException ? $"--plot {e.Message}" : $"--plot {plot}: {e.Message}";
            }
        }
        return failure;
    }
}

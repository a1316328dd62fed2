using System.Diagnostics;
using CnnViz.Core.Files;
using CnnViz.Core.Threading;
using CnnViz.Engine;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Commands;
using CnnViz.Engine.Metrics;
using CnnViz.Engine.Reports;
using CnnViz.Render;

namespace CnnViz.App.Commands;

/// <summary>
/// Headless training: runs the script (default: "resume", i.e. train to the epoch target) through
/// the same <see cref="CommandExecutor"/> the window uses, evaluates validation and test at each
/// epoch end, prints progress and a summary, and writes the checkpoint, report and plot asked for.
/// </summary>
internal static class HeadlessRunner
{
    public static int Run(TrainingSession session, TrainOptions options, IReadOnlyList<Command>? script, string dataDescription, Stopwatch wall)
    {
        var commands = script ?? [new Command("resume", null)];
        var c = session.Config;
        string decay = c.WeightDecay > 0 ? $", weight decay {c.WeightDecay}" : "";
        Console.WriteLine($"model {c.Model.Name} ({session.Model.ParameterCount:N0} parameters), {session.Optimizer.Name} lr {session.LearningRate}, "
            + $"schedule {session.Schedule}{decay}, augment {c.Augment}, batch {c.BatchSize}, seed {session.Seed}, {WorkerPool.Threads} threads, recipe {options.Recipe}; {session.Data}");
        long totalSteps = session.TargetEpochs > 0
            ? (long)session.TargetEpochs * session.StepsPerEpoch
            : commands.Where(c => c.Verb == "step").Sum(c => (long)c.Integer);
        string? failure = null;
        using var interruption = new Interruption();

        ConsoleProgress.Show(totalSteps, progress =>
        {
            var executor = new CommandExecutor(session) { Headless = true, Log = progress.Line };
            // The followed digit, made on first use: "pin test:3; explain conv1 0 14 14" prints the arithmetic.
            CnnViz.Engine.Study.PinnedStudy? study = null;
            CnnViz.Engine.Study.PinnedStudy Study() => study ??= new CnnViz.Engine.Study.PinnedStudy(session);
            executor.Handlers["pin"] = c => Guard(c, () => progress.Line(Study().PinImage(c.Argument!)));
            executor.Handlers["probe"] = _ => progress.Line(Study().NextProbe());
            executor.Handlers["explain"] = c => Guard(c, () =>
            {
                if (c.Argument == "off") { Study().CloseExplanation(); return; }
                var s = Study();
                s.Update();
                progress.Line($"{s.Pin.Description}, step {session.StepCount}:\n{s.ExplainValue(c.Argument!)}".TrimEnd());
            });
            int epochSeen = session.Epoch;
            executor.AfterStep = s =>
            {
                if (interruption.Requested) executor.Execute(new Command("quit", null)); // stop after this step
                s.FinishEvaluations();
                if (s.Epoch != epochSeen)
                {
                    epochSeen = s.Epoch;   // a seek back lowers it: no line (and no checkpoint) until the next epoch end
                    if (s.Metrics.Epochs is not [.., var last] || last.Epoch != s.Epoch) { progress.Update(s); return; }
                    progress.Line(EpochLine(s, last));
                    if (options.Checkpoint is not null) failure ??= TrySave(s, options.Checkpoint);
                }
                progress.Update(s);
            };
            executor.Run(commands);
        });

        if (session.DivergenceMessage is { } diverged)
        {
            Console.Error.WriteLine($"cnnviz: {diverged}");
            WriteOutputs(session, options, dataDescription, wall, session.Metrics.Epochs.LastOrDefault()?.Test ?? default);
            return MainCommand.ExitFailed;
        }

        if (interruption.Requested) return Interrupted(session, options, dataDescription, wall, interruption);

        var last = session.Metrics.Epochs.LastOrDefault();
        EvaluationPoint test = last?.Test is { } t && t.Step == session.StepCount ? t : session.EvaluateTest();
        if (options.Checkpoint is not null) failure ??= TrySave(session, options.Checkpoint);
        Console.WriteLine($"test accuracy {test.Accuracy * 100:F2}% ({test.Images:N0} images), loss {test.Loss:F4} — {session.Config.Model.Name}, "
            + $"{session.Epoch} epoch(s), {session.StepCount:N0} steps, {session.Throughput.AverageImagesPerSecond:N0} training images/s, wall {wall.Elapsed.TotalSeconds:F1} s");
        failure ??= WriteOutputs(session, options, dataDescription, wall, test);
        if (failure is null) return MainCommand.ExitOk;
        Console.Error.WriteLine($"cnnviz: {failure}");
        return MainCommand.ExitFailed;
    }

    /// <summary>
    /// After SIGINT/SIGTERM: the checkpoint and report asked for (the report marked "interrupted"; its test
    /// figures are the last epoch's, no new evaluation), one line on stderr, exit code 130 / 143.
    /// </summary>
    private static int Interrupted(TrainingSession session, TrainOptions options, string dataDescription, Stopwatch wall, Interruption interruption)
    {
        var written = new List<string>();
        string? failure = null;
        if (options.Checkpoint is { } checkpoint && (failure = TrySave(session, checkpoint)) is null) written.Add($"checkpoint {checkpoint}");
        failure ??= WriteOutputs(session, options, dataDescription, wall, session.Metrics.Epochs.LastOrDefault()?.Test ?? default, interruption.Signal, written);
        string wrote = written.Count > 0 ? $"wrote {string.Join(", ", written)}" : "nothing written";
        string problem = failure is null ? "" : $"; {failure}";
        Console.Error.WriteLine($"cnnviz: interrupted by {interruption.Signal} after step {session.StepCount:N0} (epoch {session.Epoch}); {wrote}{problem}");
        return interruption.ExitCode;
    }

    /// <summary>"epoch 1/10: train loss 0.2345 acc 93.12% | val loss 0.0812 acc 97.50% | test acc 97.61% | 12.3 s".</summary>
    /// <summary>A bad pin or explain argument as one command error line (the script stops with exit code 2).</summary>
    private static void Guard(Command command, Action action)
    {
        try { action(); }
        catch (ArgumentException e) { throw new CommandException($"'{command}': {e.Message}"); }
    }

    private static string EpochLine(TrainingSession s, EpochRecord e)
    {
        string target = s.TargetEpochs > 0 ? $"/{s.TargetEpochs}" : "";
        string val = e.Validation is { } v ? $" | val loss {v.Loss:F4} acc {v.Accuracy * 100:F2}%" : "";
        string test = e.Test is { } t ? $" | test acc {t.Accuracy * 100:F2}%" : "";
        return $"epoch {e.Epoch}{target}: train loss {e.TrainLoss:F4} acc {e.TrainAccuracy * 100:F2}%{val}{test} | {e.Seconds:F1} s";
    }

    private static string? TrySave(TrainingSession s, string path)
    {
        try { s.Save(path); return null; }
        catch (CheckpointException e) { return e.Message; }
    }

    /// <summary>The report and plot, if asked for; returns the first failure as one line, or null.</summary>
    private static string? WriteOutputs(TrainingSession session, TrainOptions options, string dataDescription, Stopwatch wall, EvaluationPoint test,
        string? interrupted = null, List<string>? written = null)
    {
        string? failure = null;
        if (options.Report is { } report)
        {
            try
            {
                RunReport.Write(session, new RunInfo(dataDescription, wall.Elapsed.TotalSeconds, WorkerPool.Threads, test, interrupted, options.Recipe), report);
                if (written is null) Console.WriteLine($"report: {report}");
                written?.Add($"report {report}");
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
                CurvePlot.Save(session.Metrics, plot);
                if (written is null) Console.WriteLine($"plot: {plot}");
                written?.Add($"plot {plot}");
            }
            catch (InvalidOperationException) when (interrupted is not null) { } // no epoch finished: nothing to plot
            catch (Exception e) when (e is NotSupportedException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                failure ??= e is FileProblemException ? $"--plot {e.Message}" : $"--plot {plot}: {e.Message}";
            }
        }
        return failure;
    }
}

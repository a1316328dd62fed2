using CnnViz.Core.Data;
using CnnViz.Core.Files;
using CnnViz.Core.Models.Description;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Threading;
using CnnViz.Engine;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Commands;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Timelines;
using CnnViz.Engine.Data;
using CnnViz.Engine.Models;
using CnnViz.Engine.Onnx;

namespace CnnViz.App.Commands;

/// <summary>
/// What `cnnviz [options]` does: check the options, find and load the data, build the session,
/// then open the window or, without a display (or with --headless), train in the console.
/// Every user error ends here as one line on stderr and exit code 2 (an output that cannot be written: 1).
/// </summary>
internal static class TrainCommand
{
    public static int Run(TrainOptions options)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if ((Check(options) ?? RenderOptions.Check(options.Render, options.Headless) ?? PathChecks.Check(options)) is { } problem) return Usage(problem);
            // The window and --frames also know the window's verbs (screenshot, gradients, switches, draw, help).
            // (A comparison runs every script through the window's controller: `focus` and the rest mean what their keys mean.)
            var parser = options.Headless && options.Render.Frames is null && options.Compare is null ? CommandParser.Default.With(CnnViz.Engine.Live.WindowCommands.StudySpecs) : CnnViz.Engine.Live.WindowCommands.Parser;
            IReadOnlyList<Command>? script = options.Script is null ? null : parser.ParseScript(options.Script);
            CheckpointData? resume = options.Resume is null ? null : Checkpoint.Read(options.Resume);
            if (resume is not null && CheckpointCheck.UnknownModel(resume) is { } unknown) return Usage($"checkpoint '{options.Resume}': {unknown}");
            if (resume is not null && ResumeFlags.Contradiction(options, resume, options.Resume!) is { } contradiction) return Usage(contradiction);
            var imported = options.Import is null ? null : OnnxImport.Read(options.Import);
            if (options.Threads is int threads) WorkerPool.Threads = threads;

            var (train, test, description) = options.Images is null ? OpenMnist(options) : ImageData.Open(options.Images, imported?.Input, options.Seed);
            Console.WriteLine(description);
            var split = Split(train, test, options.Limit);
            if (imported is not null && imported.Input != split.Train.SampleShape)
                return Usage($"--import {options.Import}: the model takes {imported.Input} images, the data has {split.Train.SampleShape}.");
            var config = Config(options, resume, split, imported?.Description);
            if (options.Compare is not null) return CompareCommand.Run(config, ComparisonChange.Parse(options.Compare), split, options, description, wall);
            var session = new TrainingSession(config, split);
            if (imported is not null) ImportedWeights.Apply(session, imported, options.Import!);
            if (resume is not null)
            {
                session.Restore(resume, options.Resume!);
                Console.WriteLine($"resumed {resume.ModelName} from {options.Resume}: step {resume.Step:N0}, epoch {resume.Epoch}, batch size {resume.BatchSize}, {resume.OptimizerName} lr {resume.LearningRate}");
                if (ResumeFlags.LearningRateOverride(options, resume) is float lr)
                {
                    session.LearningRate = lr;
                    Console.WriteLine($"--lr {lr} replaces the checkpoint's learning rate {resume.LearningRate} (the one setting a resumed run may change)");
                }
            }

            if (!options.Headless)
            {
                string? reason = NoDisplayReason();
                if (reason is null)
                {
                    session.TargetEpochs = options.Epochs ?? 0;
                    if (WindowLauncher.TryRun(session, options, out string why)) return MainCommand.ExitOk;
                    reason = why;
                }
                Console.WriteLine($"cnnviz: {reason}: training headless; use --headless to skip this check");
            }
            // Plain training: --epochs in total (default: one more epoch; a resumed cosine or onecycle run: to the end of
            // its schedule). A script sets its own target ("epochs N").
            int? scheduleEnd = resume is not null && session.Schedule.Kind is ScheduleKind.Cosine or ScheduleKind.OneCycle ? session.Config.Epochs : null;
            session.TargetEpochs = options.Epochs ?? (script is null ? scheduleEnd ?? session.Epoch + 1 : 0);
            if (options.Render.Frames is not null) return WindowLauncher.RunFrames(session, options);
            return HeadlessRunner.Run(session, options, script, description, wall);
        }
        catch (CommandException e) { return Usage($"--script: {e.Message}"); }
        catch (ComparisonException e) { return Usage(e.Message); }
        catch (TimelineBudgetException e) { return Usage($"--snapshot-budget: {e.Message}"); }
        catch (CheckpointException e) when (e.InnerException is FileProblemException { Writing: true }) { return Failed(e.Message); }
        catch (CheckpointException e) { return Usage(e.Message); }
        catch (DataException e) { return Usage(e.Message); }
        catch (FileProblemException e) { return e.Writing ? Failed(e.Message) : Usage(e.Message); }
        catch (ModelDescriptionException e) { return Usage($"{(options.Import is null ? "--model" : $"--import {options.Import}")}: {e.Message}"); }
        catch (OnnxException e) { return Usage($"--import {e.Message}"); }
    }

    /// <summary>The first thing wrong with the options, in words the user can act on; null if all is well.</summary>
    internal static string? Check(TrainOptions o)
    {
        if (ModelArgument.Problem(o.Model) is { } model) return model;
        if (o.Import is not null && o.Resume is not null) return "--import and --resume both give the weights; use one of them.";
        if (!OptimizerSpec.Names.Contains(o.Optimizer)) return $"unknown optimizer '{o.Optimizer}'; choose one of: {string.Join(", ", OptimizerSpec.Names)}.";
        if (o.Epochs is < 1) return $"--epochs must be at least 1, got {o.Epochs}.";
        if (o.BatchSize is < 1 or > 65536) return $"--batch-size must be in 1..65536, got {o.BatchSize}.";
        if (o.LearningRate is float lr && (!float.IsFinite(lr) || lr <= 0)) return $"--lr must be a positive number, got {lr}.";
        if (!float.IsFinite(o.LearningRateDecay) || o.LearningRateDecay <= 0 || o.LearningRateDecay > 1) return $"--lr-decay must be in (0, 1], got {o.LearningRateDecay}.";
        if (LearningRateSchedule.Parse(o.Schedule) is not { } schedule) return $"unknown schedule '{o.Schedule}'; choose one of: {string.Join(", ", LearningRateSchedule.Names)}.";
        if (!double.IsFinite(o.WarmupEpochs) || o.WarmupEpochs < 0) return $"--warmup must be 0 or more epochs, got {o.WarmupEpochs}.";
        if (!float.IsFinite(o.WeightDecay) || o.WeightDecay < 0) return $"--weight-decay must be a number ≥ 0 (an L2 factor such as 0.0005), got {o.WeightDecay}.";
        if (!Distortions.Names.Contains(o.Augment)) return $"unknown augmentation '{o.Augment}'; choose one of: {string.Join(", ", Distortions.Names)}.";
        if (schedule is ScheduleKind.Cosine or ScheduleKind.OneCycle && o.Epochs is null && (!o.Headless || o.Script is not null))
            return $"--schedule {o.Schedule} needs the run's length: give --epochs N.";
        int runEpochs = o.Epochs ?? (o.Headless && o.Script is null ? 1 : int.MaxValue);
        if (o.WarmupEpochs > 0 && o.WarmupEpochs >= runEpochs)
            return $"--warmup {o.WarmupEpochs} epochs is as long as the run ({runEpochs} epochs) or longer; use a warm-up shorter than --epochs.";
        if (o.Limit is < 20) return $"--limit must be at least 20 images, got {o.Limit}.";
        if (o.Threads is int t && (t < 1 || t > WorkerPool.MaxThreads)) return $"--threads must be in 1..{WorkerPool.MaxThreads}, got {t}.";
        if (o.SnapshotEvery < 0) return $"--snapshot-every must be 0 (off) or a number of steps ≥ 1, got {o.SnapshotEvery}.";
        if (!double.IsFinite(o.SnapshotBudgetMb) || o.SnapshotBudgetMb <= 0 || o.SnapshotBudgetMb > 1e6)
            return $"--snapshot-budget must be a number of MB in (0, 1000000], e.g. 64, got {o.SnapshotBudgetMb}.";
        if (o.Compare is not null && (o.Resume ?? o.Import) is not null) return "--compare starts both runs from one fresh initialization; it cannot be combined with --resume or --import.";
        if (o.Compare is not null && o.Checkpoint is not null) return "--compare trains two runs and --checkpoint saves one; use a script's 'save PATH' on the focused run in the window instead.";
        return null;
    }

    internal static SessionConfig Config(TrainOptions o, CheckpointData? resume, DataSplit split, string? imported)
    {
        var input = split.Train.SampleShape;
        int classes = split.Train.Classes;
        string optimizer = resume?.OptimizerName ?? o.Optimizer;
        float lr = resume?.LearningRate ?? o.LearningRate ?? OptimizerSpec.DefaultLearningRate(optimizer);
        int batch = resume?.BatchSize ?? o.BatchSize;
        var config = new SessionConfig
        {
            Model = ModelCatalog.Get(resume?.ModelName ?? imported ?? ModelArgument.Resolve(o.Model), input, classes),
            Optimizer = new OptimizerSpec(optimizer, lr),
            LearningRateDecay = resume?.LearningRateDecay ?? o.LearningRateDecay,
            Schedule = LearningRateSchedule.Parse(o.Schedule)!.Value,
            WarmupEpochs = o.WarmupEpochs,
            WeightDecay = o.WeightDecay,
            Augment = o.Augment,
            Epochs = o.Epochs ?? (o.Headless && o.Script is null ? 1 : 0),
            BatchSize = batch,
            Seed = resume?.Seed ?? o.Seed,
            SnapshotEvery = o.SnapshotEvery,
            SnapshotBudgetBytes = (long)(o.SnapshotBudgetMb * 1e6),
        };
        return resume is null ? config : ResumeFlags.Continue(config, resume, o, Core.Models.MiniBatches.BatchesFor(split.Train.Count, batch));
    }

    /// <summary>Train/validation/test: the last 10% of the training file (at most 5,000) is held out for validation.</summary>
    private static DataSplit Split(Dataset train, Dataset test, int? limit) =>
        DataSplit.HoldOut(limit is int n ? train.Take(n) : train, limit is int m ? test.Take(m) : test);

    private static (Dataset, Dataset, string) OpenMnist(TrainOptions o)
    {
        var source = DataSource.Open(o.Dataset, o.DataDir);
        return (source.Train, source.Test, source.Description);
    }

    /// <summary>Why no window can open here (no DISPLAY / WAYLAND_DISPLAY), or null when a display is set.</summary>
    internal static string? NoDisplayReason()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))) return null;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"))) return null;
        return "no display (DISPLAY is not set)";
    }

    /// <summary>One line on stderr (multi-line messages are joined), exit code 2.</summary>
    internal static int Usage(string message)
    {
        Console.Error.WriteLine($"cnnviz: {OneLine(message)}");
        return MainCommand.ExitUsage;
    }

    /// <summary>One line on stderr, exit code 1: an output could not be written.</summary>
    internal static int Failed(string message)
    {
        Console.Error.WriteLine($"cnnviz: {OneLine(message)}");
        return MainCommand.ExitFailed;
    }

    /// <summary>Joins lines and clips anything longer than a screenful (a 10 MB script is not echoed back).</summary>
    internal static string OneLine(string message)
    {
        const int Max = 600;
        string line = string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= Max ? line : line[..Max] + $"… ({line.Length - Max:N0} more characters)";
    }
}

using CnnViz.Core.Data;
using CnnViz.Core.Threading;
using CnnViz.Engine;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Commands;
using CnnViz.Engine.Data;
using CnnViz.Engine.Models;

namespace CnnViz.App.Commands;

/// <summary>
/// What `cnnviz [options]` does: check the options, find and load the data, build the session,
/// then open the window or, without a display (or with --headless), train in the console.
/// Every user error ends here as one line on stderr and exit code 2.
/// </summary>
internal static class TrainCommand
{
    public static int Run(TrainOptions options)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if ((Check(options) ?? RenderOptions.Check(options.Render, options.Headless)) is { } problem) return Usage(problem);
            // The window and --frames also know the window's verbs (screenshot, gradients, switches, draw, help).
            var parser = options.Headless && options.Render.Frames is null ? CommandParser.Default.With(CnnViz.Engine.Live.WindowCommands.StudySpecs) : CnnViz.Engine.Live.WindowCommands.Parser;
            IReadOnlyList<Command>? script = options.Script is null ? null : parser.ParseScript(options.Script);
            CheckpointData? resume = options.Resume is null ? null : Checkpoint.Read(options.Resume);
            if (options.Threads is int threads) WorkerPool.Threads = threads;

            var source = DataSource.Open(options.Dataset, options.DataDir);
            Console.WriteLine(source.Description);
            var split = Split(source, options.Limit);
            var session = new TrainingSession(Config(options, resume, split), split);
            if (resume is not null)
            {
                session.Restore(resume, options.Resume!);
                Console.WriteLine($"resumed {resume.ModelName} from {options.Resume}: step {resume.Step:N0}, epoch {resume.Epoch}, batch size {resume.BatchSize}, {resume.OptimizerName} lr {resume.LearningRate}");
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
            // Plain training: --epochs in total (default: one more epoch). A script sets its own target ("epochs N").
            session.TargetEpochs = options.Epochs ?? (script is null ? session.Epoch + 1 : 0);
            if (options.Render.Frames is not null) return WindowLauncher.RunFrames(session, options);
            return HeadlessRunner.Run(session, options, script, source.Description, wall);
        }
        catch (CommandException e) { return Usage($"--script: {e.Message}"); }
        catch (CheckpointException e) { return Usage(e.Message); }
        catch (DataException e) { return Usage(e.Message); }
    }

    /// <summary>The first thing wrong with the options, in words the user can act on; null if all is well.</summary>
    internal static string? Check(TrainOptions o)
    {
        if (!ModelCatalog.Names.Contains(o.Model)) return $"unknown model '{o.Model}'; choose one of: {string.Join(", ", ModelCatalog.Names)}.";
        if (!OptimizerSpec.Names.Contains(o.Optimizer)) return $"unknown optimizer '{o.Optimizer}'; choose one of: {string.Join(", ", OptimizerSpec.Names)}.";
        if (o.Epochs is < 1) return $"--epochs must be at least 1, got {o.Epochs}.";
        if (o.BatchSize is < 1 or > 65536) return $"--batch-size must be in 1..65536, got {o.BatchSize}.";
        if (o.LearningRate is float lr && (!float.IsFinite(lr) || lr <= 0)) return $"--lr must be a positive number, got {lr}.";
        if (!float.IsFinite(o.LearningRateDecay) || o.LearningRateDecay <= 0 || o.LearningRateDecay > 1) return $"--lr-decay must be in (0, 1], got {o.LearningRateDecay}.";
        if (o.Limit is < 20) return $"--limit must be at least 20 images, got {o.Limit}.";
        if (o.Threads is int t && (t < 1 || t > WorkerPool.MaxThreads)) return $"--threads must be in 1..{WorkerPool.MaxThreads}, got {t}.";
        return null;
    }

    private static SessionConfig Config(TrainOptions o, CheckpointData? resume, DataSplit split)
    {
        var input = split.Train.SampleShape;
        int classes = split.Train.Classes;
        string optimizer = resume?.OptimizerName ?? o.Optimizer;
        float lr = resume?.LearningRate ?? o.LearningRate ?? OptimizerSpec.DefaultLearningRate(optimizer);
        return new SessionConfig
        {
            Model = ModelCatalog.Get(resume?.ModelName ?? o.Model, input, classes),
            Optimizer = new OptimizerSpec(optimizer, lr),
            LearningRateDecay = resume?.LearningRateDecay ?? o.LearningRateDecay,
            BatchSize = resume?.BatchSize ?? o.BatchSize,
            Seed = resume?.Seed ?? o.Seed,
        };
    }

    /// <summary>Train/validation/test: the last 10% of the training file (at most 5,000) is held out for validation.</summary>
    private static DataSplit Split(DataSource source, int? limit)
    {
        var train = limit is int n ? source.Train.Take(n) : source.Train;
        var test = limit is int m ? source.Test.Take(m) : source.Test;
        return DataSplit.HoldOut(train, test);
    }

    /// <summary>Why no window can open here (no DISPLAY / WAYLAND_DISPLAY), or null when a display is set.</summary>
    private static string? NoDisplayReason()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))) return null;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"))) return null;
        return "no display (DISPLAY is not set)";
    }

    /// <summary>One line on stderr (multi-line messages are joined), exit code 2.</summary>
    internal static int Usage(string message)
    {
        string line = string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Console.Error.WriteLine($"cnnviz: {line}");
        return MainCommand.ExitUsage;
    }
}

using System.CommandLine;
using CnnViz.Core.Data;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Threading;
using CnnViz.Engine.Models;

namespace CnnViz.App.Commands;

/// <summary>
/// The root command: the live window, or headless training in the console.
/// <code>
/// cnnviz [--headless] [--recipe NAME] [--model simple|lenet5|lenet5-classic|lenet5-1998] [--epochs N] [--batch-size B]
///        [--optimizer sgd|momentum|adagrad|adam] [--lr X] [--lr-decay F] [--schedule constant|step|cosine|onecycle]
///        [--warmup EPOCHS] [--weight-decay L2] [--augment none|affine|elastic] [--seed S] [--data DIR]
///        [--dataset mnist|fashion-mnist] [--limit N] [--script "step 100; save a.ckpt"]
///        [--checkpoint PATH] [--resume PATH] [--report PATH.json] [--plot PATH.png] [--threads T]
///        [--compare KEY=VALUE[,…]] [--snapshot-every N] [--snapshot-budget MB]
/// </code>
/// Exit codes: 0 done; 1 training diverged or an output could not be written; 2 bad arguments,
/// data, script or checkpoint (one line on stderr, no stack trace).
/// </summary>
internal static class MainCommand
{
    public const int ExitOk = 0, ExitFailed = 1, ExitUsage = 2;

    private static readonly Option<bool> Headless = new("--headless") { Description = "Train in the console, without the window (also used automatically when there is no display)." };
    private static readonly Option<string?> Model = new("--model") { Description = $"Network: a built-in ({string.Join(", ", ModelCatalog.Names)}; see 'cnnviz models'), a model description file, or a description inline (\"conv 8@3x3 pad 1; relu; maxpool 2; flatten; dense classes\")." };
    private static readonly Option<int?> Epochs = new("--epochs") { Description = "Epochs to train (headless default 1; the window trains until closed)." };
    private static readonly Option<int?> BatchSize = new("--batch-size") { Description = "Images per mini-batch (default 64)." };
    private static readonly Option<string?> Optimizer = new("--optimizer") { Description = $"Optimizer: {string.Join(", ", OptimizerSpec.Names)} (default adam)." };
    private static readonly Option<float?> Lr = new("--lr") { Description = "Learning rate (default: adam 0.002, momentum 0.05, sgd 0.1, adagrad 0.01)." };
    private static readonly Option<float?> LrDecay = new("--lr-decay") { Description = "With --schedule step: multiply the learning rate by this factor at every epoch end, in (0, 1] (default 0.7 headless, 1 in the window; 1: constant)." };
    private static readonly Option<string?> Schedule = new("--schedule") { Description = $"Learning-rate schedule: {string.Join(", ", LearningRateSchedule.Names)} (default step)." };
    private static readonly Option<double?> Warmup = new("--warmup") { Description = "Linear learning-rate warm-up over this many epochs (fractions allowed; default 0, onecycle 30% of the run)." };
    private static readonly Option<float?> WeightDecay = new("--weight-decay") { Description = "L2 weight decay λ: adds λ·W to every weight gradient, biases excluded (default 0)." };
    private static readonly Option<string?> Augment = new("--augment") { Description = $"Distort each training mini-batch on the fly: {string.Join(", ", Distortions.Names)} (default none)." };
    private static readonly Option<string?> RecipeName = new("--recipe") { Description = $"Preset settings, overridden by any option given: {string.Join(", ", Recipe.Names)}." };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed for weights and shuffling.", DefaultValueFactory = _ => 1UL };
    private static readonly Option<string?> Data = new("--data") { Description = "Directory with the four MNIST-format files (default: $CNNVIZ_DATA, data/mnist, then the committed data/mnist-sample)." };
    private static readonly Option<string> Dataset = new("--dataset") { Description = "mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" };
    private static readonly Option<string?> Images = new("--images") { Description = "Train on your own images: DIR/train/<class>/*.png|jpg and DIR/test/<class>/*, or DIR/<class>/* (20% of each class held out for test, seeded)." };
    private static readonly Option<int?> Limit = new("--limit") { Description = "Use only the first N training and N test images (quick runs)." };
    private static readonly Option<string?> Script = new("--script") { Description = "Commands to run instead of plain training, ';'-separated: pause, resume, step N, speed N, reset [SEED], lr X, sample I, layer NAME, save PATH, load PATH, epochs N, quit." };
    private static readonly Option<string?> CheckpointPath = new("--checkpoint") { Description = "Save a checkpoint here at every epoch end and at the end." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue from this checkpoint (its model, batch size and optimizer are used; --epochs counts from the start of the run)." };
    private static readonly Option<string?> Import = new("--import") { Description = "Start from an ONNX model's architecture and weights (Conv, Relu, Tanh, Sigmoid, MaxPool, AveragePool, Flatten, Reshape, Gemm)." };
    private static readonly Option<string?> Report = new("--report") { Description = "Write a JSON report (settings, per-epoch metrics, test_accuracy, images/s) here." };
    private static readonly Option<string?> Plot = new("--plot") { Description = "Write the learning curves (loss and accuracy per epoch) as a PNG here." };
    private static readonly Option<string?> Compare = new("--compare") { Description = "Train a second run B beside this one (A) from the same start, in lockstep: B is A with KEY=VALUE[,KEY=VALUE…] changed (pool=max|avg, activation=relu|tanh|sigmoid, init=he|xavier|simple[:SIGMA], model=NAME, optimizer=NAME, lr=X, batch-size=N)." };
    private static readonly Option<int?> SnapshotEvery = new("--snapshot-every") { Description = $"Keep an in-memory snapshot every N steps for `seek STEP` and the scrub bar (0: off; default {TrainOptions.WindowSnapshotEvery} in the window and --frames, off headless)." };
    private static readonly Option<double?> SnapshotBudget = new("--snapshot-budget") { Description = $"The snapshots of a run stay within this many MB; older ones are thinned (default {TrainOptions.DefaultSnapshotBudgetMb})." };
    private static readonly Option<int?> Threads = new("--threads") { Description = $"Compute threads (default {WorkerPool.DefaultThreads})." };

    /// <summary>
    /// System.CommandLine's own parse errors (unknown option, "--epochs abc") as one line on stderr
    /// and exit code 2, like every other usage error (its default is a help dump and exit code 1).
    /// </summary>
    public static int ReportParseError(ParseResult parse)
    {
        string message = parse.Errors[0].Message
            .Replace("System.Nullable`1[System.Int32]", "a whole number")
            .Replace("System.Nullable`1[System.Single]", "a number")
            .Replace("System.Nullable`1[System.Double]", "a number")
            .Replace("System.Int32", "a whole number")
            .Replace("System.UInt64", "a whole number of 0 or more")
            .Replace("System.Double", "a number");
        return TrainCommand.Usage($"{message} Run 'cnnviz --help' for the options.");
    }

    /// <summary>The names of those options typed on the command line (not left at their defaults): what --resume must reconcile.</summary>
    private static HashSet<string> Explicit(ParseResult parse, params Option[] options) =>
        [.. options.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name)];

    public static void Configure(RootCommand root)
    {
        foreach (var option in new Option[] { Headless, RecipeName, Model, Epochs, BatchSize, Optimizer, Lr, LrDecay, Schedule, Warmup, WeightDecay, Augment, Seed, Data, Dataset, Images, Limit, Script, CheckpointPath, Resume, Import, Report, Plot, Threads, Compare, SnapshotEvery, SnapshotBudget })
            root.Options.Add(option);
        RenderOptions.AddTo(root);
        root.SetAction(parse =>
        {
            string? name = parse.GetValue(RecipeName);
            var recipe = Recipe.Find(name ?? "default");
            if (recipe is null) return TrainCommand.Usage($"unknown recipe '{name}'; choose one of: {string.Join(", ", Recipe.Names)}.");
            return TrainCommand.Run(Read(parse, recipe));
        });
    }

    /// <summary>The options given, and for each one left out the recipe's value, else the plain default.</summary>
    private static TrainOptions Read(ParseResult parse, Recipe recipe) => new()
        {
            Recipe = recipe.Name,
            Headless = parse.GetValue(Headless),
            Model = parse.GetValue(Model) ?? recipe.Model ?? ModelCatalog.Default,
            Epochs = parse.GetValue(Epochs) ?? recipe.Epochs,
            BatchSize = parse.GetValue(BatchSize) ?? recipe.BatchSize ?? 64,
            Optimizer = parse.GetValue(Optimizer) ?? recipe.Optimizer ?? "adam",
            LearningRate = parse.GetValue(Lr) ?? recipe.LearningRate,
            LearningRateDecay = parse.GetValue(LrDecay) ?? recipe.LearningRateDecay ?? (parse.GetValue(Headless) ? 0.7f : 1f),
            // The window has no epoch target: with 0.7 per epoch the rate is 1.9e-5 after 40 s on the sample and nothing moves.
            Schedule = parse.GetValue(Schedule) ?? (recipe.Schedule is { } k ? LearningRateSchedule.Name(k) : "step"),
            WarmupEpochs = parse.GetValue(Warmup) ?? recipe.WarmupEpochs ?? 0,
            WeightDecay = parse.GetValue(WeightDecay) ?? recipe.WeightDecay ?? 0,
            Augment = parse.GetValue(Augment) ?? recipe.Augment ?? "none",
            Seed = parse.GetValue(Seed),
            DataDir = parse.GetValue(Data),
            Dataset = parse.GetValue(Dataset)!,
            Images = parse.GetValue(Images),
            Limit = parse.GetValue(Limit),
            Script = parse.GetValue(Script),
            Checkpoint = parse.GetValue(CheckpointPath),
            Resume = parse.GetValue(Resume),
            Import = parse.GetValue(Import),
            Report = parse.GetValue(Report),
            Plot = parse.GetValue(Plot),
            Threads = parse.GetValue(Threads),
            Compare = parse.GetValue(Compare),
            // The window and its headless --frames keep a timeline (seek, the scrub bar); plain headless training does not.
            SnapshotEvery = parse.GetValue(SnapshotEvery) ?? (parse.GetValue(Headless) && RenderOptions.Read(parse).Frames is null ? 0 : TrainOptions.WindowSnapshotEvery),
            SnapshotBudgetMb = parse.GetValue(SnapshotBudget) ?? TrainOptions.DefaultSnapshotBudgetMb,
            Render = RenderOptions.Read(parse),
            Given = Explicit(parse, Model, BatchSize, Optimizer, Lr, LrDecay, Seed, Schedule, Warmup, WeightDecay, Augment, Epochs),
        };
}

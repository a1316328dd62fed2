using System.CommandLine;
using CnnViz.Core.Threading;
using CnnViz.Engine.Models;

namespace CnnViz.App.Commands;

/// <summary>
/// The root command: the live window, or headless training in the console.
/// <code>
/// cnnviz [--headless] [--model simple|lenet5|lenet5-classic] [--epochs N] [--batch-size B]
///        [--optimizer sgd|momentum|adagrad|adam] [--lr X] [--lr-decay F] [--seed S] [--data DIR]
///        [--dataset mnist|fashion-mnist] [--limit N] [--script "step 100; save a.ckpt"]
///        [--checkpoint PATH] [--resume PATH] [--report PATH.json] [--plot PATH.png] [--threads T]
/// </code>
/// Exit codes: 0 done; 1 training diverged or an output could not be written; 2 bad arguments,
/// data, script or checkpoint (one line on stderr, no stack trace).
/// </summary>
internal static class MainCommand
{
    public const int ExitOk = 0, ExitFailed = 1, ExitUsage = 2;

    private static readonly Option<bool> Headless = new("--headless") { Description = "Train in the console, without the window (also used automatically when there is no display)." };
    private static readonly Option<string> Model = new("--model") { Description = $"Network: {string.Join(", ", ModelCatalog.Names)}.", DefaultValueFactory = _ => ModelCatalog.Default };
    private static readonly Option<int?> Epochs = new("--epochs") { Description = "Epochs to train (headless default 1; the window trains until closed)." };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Images per mini-batch.", DefaultValueFactory = _ => 64 };
    private static readonly Option<string> Optimizer = new("--optimizer") { Description = $"Optimizer: {string.Join(", ", OptimizerSpec.Names)}.", DefaultValueFactory = _ => "adam" };
    private static readonly Option<float?> Lr = new("--lr") { Description = "Learning rate (default: adam 0.002, momentum 0.05, sgd 0.1, adagrad 0.01)." };
    private static readonly Option<float?> LrDecay = new("--lr-decay") { Description = "Multiply the learning rate by this factor at every epoch end, in (0, 1] (default: 0.7 headless; 1, constant, in the window, so it keeps learning visibly for minutes)." };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed for weights and shuffling.", DefaultValueFactory = _ => 1UL };
    private static readonly Option<string?> Data = new("--data") { Description = "Directory with the four MNIST-format files (default: $CNNVIZ_DATA, data/mnist, then the committed data/mnist-sample)." };
    private static readonly Option<string> Dataset = new("--dataset") { Description = "mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" };
    private static readonly Option<int?> Limit = new("--limit") { Description = "Use only the first N training and N test images (quick runs)." };
    private static readonly Option<string?> Script = new("--script") { Description = "Commands to run instead of plain training, ';'-separated: pause, resume, step N, speed N, reset [SEED], lr X, sample I, layer NAME, save PATH, load PATH, epochs N, quit." };
    private static readonly Option<string?> CheckpointPath = new("--checkpoint") { Description = "Save a checkpoint here at every epoch end and at the end." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue from this checkpoint (its model, batch size and optimizer are used; --epochs counts from the start of the run)." };
    private static readonly Option<string?> Report = new("--report") { Description = "Write a JSON report (settings, per-epoch metrics, test_accuracy, images/s) here." };
    private static readonly Option<string?> Plot = new("--plot") { Description = "Write the learning curves (loss and accuracy per epoch) as a PNG here." };
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
            .Replace("System.Int32", "a whole number")
            .Replace("System.UInt64", "a whole number of 0 or more")
            .Replace("System.Double", "a number");
        return TrainCommand.Usage($"{message} Run 'cnnviz --help' for the options.");
    }

    public static void Configure(RootCommand root)
    {
        foreach (var option in new Option[] { Headless, Model, Epochs, BatchSize, Optimizer, Lr, LrDecay, Seed, Data, Dataset, Limit, Script, CheckpointPath, Resume, Report, Plot, Threads })
            root.Options.Add(option);
        RenderOptions.AddTo(root);
        root.SetAction(parse => TrainCommand.Run(new TrainOptions
        {
            Headless = parse.GetValue(Headless),
            Model = parse.GetValue(Model)!,
            Epochs = parse.GetValue(Epochs),
            BatchSize = parse.GetValue(BatchSize),
            Optimizer = parse.GetValue(Optimizer)!,
            LearningRate = parse.GetValue(Lr),
            // The window has no epoch target: with 0.7 per epoch the rate is 1.9e-5 after 40 s on the sample and nothing moves.
            LearningRateDecay = parse.GetValue(LrDecay) ?? (parse.GetValue(Headless) ? 0.7f : 1f),
            Seed = parse.GetValue(Seed),
            DataDir = parse.GetValue(Data),
            Dataset = parse.GetValue(Dataset)!,
            Limit = parse.GetValue(Limit),
            Script = parse.GetValue(Script),
            Checkpoint = parse.GetValue(CheckpointPath),
            Resume = parse.GetValue(Resume),
            Report = parse.GetValue(Report),
            Plot = parse.GetValue(Plot),
            Threads = parse.GetValue(Threads),
            Render = RenderOptions.Read(parse),
        }));
    }
}

using CnnViz.Core.Optimizers;

namespace CnnViz.Engine.Models;

/// <summary>
/// A named set of training settings (`--recipe NAME`). A recipe fills in only the settings the command line
/// leaves out: `--recipe best --epochs 5` trains the best recipe for 5 epochs. Null: the recipe has no opinion
/// (the plain default applies). The figures each recipe reached are in README's results table.
/// </summary>
public sealed record Recipe(string Name, string Description)
{
    public string? Model { get; init; }
    public string? Optimizer { get; init; }
    public float? LearningRate { get; init; }
    public float? LearningRateDecay { get; init; }
    public ScheduleKind? Schedule { get; init; }
    public double? WarmupEpochs { get; init; }
    public float? WeightDecay { get; init; }
    public int? BatchSize { get; init; }
    public int? Epochs { get; init; }
    public string? Augment { get; init; }

    /// <summary>The built-in recipes, by name.</summary>
    public static readonly IReadOnlyList<Recipe> All =
    [
        new("default", "the plain defaults: lenet5, adam lr 0.002 × 0.7 per epoch, batch 64"),
        // Tried on full MNIST, seed 1: batch 128, lr 0.004, 2 epochs → 98.59%; batch 64, lr 0.005, 2 epochs → 98.86%.
        new("fast", "lenet5 to ≥ 99.0% test accuracy in as little time as possible: adam 0.005, one-cycle, batch 64, 3 epochs")
        {
            Model = "lenet5", Optimizer = "adam", LearningRate = 0.005f, Schedule = ScheduleKind.OneCycle, BatchSize = 64, Epochs = 3,
        },
        new("best", "lenet5 for the lowest test error: adam, cosine with 1 warm-up epoch, weight decay 1e-4, affine distortions, 15 epochs")
        {
            Model = "lenet5", Optimizer = "adam", LearningRate = 0.002f, Schedule = ScheduleKind.Cosine, WarmupEpochs = 1,
            WeightDecay = 1e-4f, BatchSize = 64, Epochs = 15, Augment = "affine",
        },
        new("paper", "lenet5-1998 without distortions: adam, cosine, batch 32, 12 epochs (the paper trained 20 passes)")
        {
            Model = "lenet5-1998", Optimizer = "adam", LearningRate = 0.001f, Schedule = ScheduleKind.Cosine, BatchSize = 32, Epochs = 12,
        },
        new("paper-distort", "lenet5-1998 with the paper's random affine distortions: adam, cosine, batch 32, 15 epochs")
        {
            Model = "lenet5-1998", Optimizer = "adam", LearningRate = 0.001f, Schedule = ScheduleKind.Cosine, BatchSize = 32, Epochs = 15, Augment = "affine",
        },
    ];

    public static IEnumerable<string> Names => All.Select(r => r.Name);

    /// <summary>The recipe named <paramref name="name"/>, or null.</summary>
    public static Recipe? Find(string name) => All.FirstOrDefault(r => r.Name == name);
}

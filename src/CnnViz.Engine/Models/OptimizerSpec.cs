using CnnViz.Core.Optimizers;

namespace CnnViz.Engine.Models;

/// <summary>
/// Which optimizer to train with, by its command-line name, and its learning rate. The other
/// hyperparameters are the usual defaults (momentum μ = 0.9; Adam β1 = 0.9, β2 = 0.999, ε = 1e-8;
/// AdaGrad ε = 1e-7).
/// </summary>
public sealed record OptimizerSpec(string Name, float LearningRate)
{
    public static readonly IReadOnlyList<string> Names = ["sgd", "momentum", "adagrad", "adam"];

    /// <summary>The learning rate used when none is given.</summary>
    public static float DefaultLearningRate(string name) => name switch
    {
        "sgd" => 0.1f,
        "momentum" => 0.05f,   // with --lr-decay 0.75: LeNet-5 reached 99.05% / 98.92% (seeds 1 / 2) on MNIST in 10 epochs
        "adagrad" => 0.01f,
        "adam" => 0.002f,      // with the CLI's --lr-decay 0.7: LeNet-5 reached 99.08% / 99.10% (seeds 1 / 2) in 10 epochs
        _ => throw UnknownName(name),
    };

    public static OptimizerSpec WithDefaultRate(string name) => new(name, DefaultLearningRate(name));

    /// <summary>A fresh optimizer with no state.</summary>
    public Optimizer Create() => Name switch
    {
        "sgd" => new SGD(LearningRate),
        "momentum" => new Momentum(LearningRate),
        "adagrad" => new AdaGrad(LearningRate),
        "adam" => new Adam(LearningRate),
        _ => throw UnknownName(Name),
    };

    /// <summary>Every hyperparameter of <paramref name="optimizer"/>, for checkpoints: "momentum lr=0.01 mu=0.9".</summary>
    public static string Describe(Optimizer optimizer) => optimizer switch
    {
        Momentum m => FormattableString.Invariant($"momentum mu={m.Mu}"),
        Adam a => FormattableString.Invariant($"adam beta1={a.Beta1} beta2={a.Beta2} eps={a.Epsilon}"),
        AdaGrad g => FormattableString.Invariant($"adagrad eps={g.Epsilon}"),
        _ => optimizer.Name,
    };

    private static ArgumentException UnknownName(string name) =>
        new($"Unknown optimizer '{name}'; choose one of: {string.Join(", ", Names)}.");
}

using CnnViz.Core.Layers;
using CnnViz.Core.Optimizers;

namespace CnnViz.Core.Models;

/// <summary>
/// The title and the formula of each phase of a training step, as a learner reads them in the HUD:
/// "backward conv2" — "dW = Σₙ dY · patchᵀ, db = Σ dY, dX = col2im(Wᵀ · dY)". One place for the text of
/// every layer kind's forward and backward rule; the rules themselves are in the layers' summaries.
/// X is the layer's input, Y its output, dY = dL/dY arrives from the layer above, dX = dL/dX goes below.
/// </summary>
public static class PhaseFormulas
{
    public static string Title(Sequential model, Phase phase) => phase.Kind switch
    {
        PhaseKind.Forward => $"forward {model.Layers[phase.Layer].Name}",
        PhaseKind.Backward => $"backward {model.Layers[phase.Layer].Name}",
        PhaseKind.Loss => "loss",
        _ => $"update ({OptimizerOf(model).Name})",
    };

    public static string Formula(Sequential model, Phase phase) => phase.Kind switch
    {
        PhaseKind.Forward => Forward(model.Layers[phase.Layer]),
        PhaseKind.Backward => Backward(model.Layers[phase.Layer]),
        PhaseKind.Loss => "p = softmax(z), L = −(1/N) Σₙ log p[n, yₙ]; dL/dz = (p − onehot(y)) / N",
        _ => Update(OptimizerOf(model)),
    };

    /// <summary>The optimizer the layers use (a loaded checkpoint may have replaced the model's default).</summary>
    private static Optimizer OptimizerOf(Sequential model) =>
        model.Layers.FirstOrDefault(l => l.Parameters.Count > 0)?.Optimizer ?? model.Optimizer;

    /// <summary>The forward rule of one layer.</summary>
    public static string Forward(Layer layer) => layer switch
    {
        Conv2dBase c => $"Y = W ∗ X + b: y[m,i,j] = Σₖ,ₛ,ₜ x[k, i·{c.StrideHeight}+s−{c.PadHeight}, j·{c.StrideWidth}+t−{c.PadWidth}] · w[m,k,s,t] + b[m] (Y = W · im2col(X))",
        Dense => "Y = X · W + b",
        ReLU => "Y = max(0, X)",
        Tanh => "Y = tanh(X)",
        Sigmoid => "Y = 1 / (1 + e^−X)",
        MaxPool2D p => $"Y = max over each {p.WindowHeight}×{p.WindowWidth} window (the switch remembers which input won)",
        AveragePool2D p => $"Y = mean of each {p.WindowHeight}×{p.WindowWidth} window",
        Flatten => "Y = X reshaped (C, H, W) → (C·H·W)",
        _ => $"Y = {layer.GetType().Name}(X)",
    };

    /// <summary>The backward rule of one layer; says when dX is skipped (the first layer).</summary>
    public static string Backward(Layer layer)
    {
        string dx = layer switch
        {
            Conv2dBase => "dX = col2im(Wᵀ · dY)",
            Dense => "dX = dY · Wᵀ",
            ReLU => "dX = dY ⊙ [X > 0]",
            Tanh => "dX = dY ⊙ (1 − Y²)",
            Sigmoid => "dX = dY ⊙ Y ⊙ (1 − Y)",
            MaxPool2D => "dX = dY sent to the switch (the max's input), 0 elsewhere",
            AveragePool2D p => $"dX = dY / {p.WindowHeight * p.WindowWidth} spread over each window",
            Flatten => "dX = dY reshaped back to (C, H, W)",
            _ => "dX = dY · ∂Y/∂X",
        };
        if (!layer.NeedsInputGrad) dx = "dX skipped (nothing below needs it)";
        return layer switch
        {
            Conv2dBase => $"dW = Σₙ dY · patchᵀ, db = Σₙ,ᵢ,ⱼ dY, {dx}",
            Dense => $"dW = Xᵀ · dY, db = Σₙ dY, {dx}",
            _ => dx,
        };
    }

    /// <summary>The optimizer's rule, for every parameter (α is the learning rate the HUD shows).</summary>
    public static string Update(Optimizer optimizer) => optimizer switch
    {
        SGD => "W ← W − α·dW",
        Momentum => "v ← μ·v + dW; W ← W − α·v",
        AdaGrad => "h ← h + dW²; W ← W − α·dW / (√h + ε)",
        Adam => "m ← β₁m + (1−β₁)dW, v ← β₂v + (1−β₂)dW²; W ← W − α·m̂ / (√v̂ + ε)",
        _ => $"W ← {optimizer.Name}(W, dW)",
    };
}

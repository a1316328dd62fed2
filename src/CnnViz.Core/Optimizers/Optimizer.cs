using System.Numerics.Tensors;
using CnnViz.Core.Layers;

namespace CnnViz.Core.Optimizers;

/// <summary>
/// Moves parameters against their gradients. Each optimizer keeps its own state per parameter
/// (velocity, squared-gradient sums…), created on the first update of that parameter and
/// readable/writable for checkpoints. The learning rate may change between steps.
/// <para>L2 weight decay λ (<see cref="WeightDecay"/>): before the update rule, dW ← dW + λ·W for every weight
/// tensor (biases excluded), i.e. the gradient of the loss plus ½λ‖W‖².</para>
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, OptimizerState> _states = new(ReferenceEqualityComparer.Instance);

    protected Optimizer(float learningRate)
    {
        LearningRate = learningRate;
    }

    private float _learningRate;

    /// <summary>Step size α. Must be finite and positive.</summary>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!float.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be a positive, finite number.");
            _learningRate = value;
        }
    }

    private float _weightDecay;

    /// <summary>λ of the L2 penalty ½λ‖W‖² on weights (not biases); 0 turns it off. Must be finite and ≥ 0.</summary>
    public float WeightDecay
    {
        get => _weightDecay;
        set
        {
            if (!float.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "The weight decay must be a finite number ≥ 0.");
            _weightDecay = value;
        }
    }

    /// <summary>Short name used on the command line and in reports: "sgd", "momentum", "adagrad", "adam".</summary>
    public abstract string Name { get; }

    /// <summary>How many float buffers, each the size of the parameter, this optimizer keeps per parameter.</summary>
    protected abstract int StateBufferCount { get; }

    /// <summary>Updates p.Value in place from p.Grad (first adding λ·W to p.Grad when weight decay is on).</summary>
    public void Update(Parameter p)
    {
        if (_weightDecay != 0 && !p.IsBias) TensorPrimitives.MultiplyAdd(p.Value, _weightDecay, p.Grad, p.Grad); // dW += λ·W
        var state = StateOf(p);
        state.Step++;
        Apply(p.Value, p.Grad, state);
    }

    /// <summary>The update rule for one parameter; <paramref name="state"/>.Step counts updates, starting at 1.</summary>
    protected abstract void Apply(Span<float> value, ReadOnlySpan<float> grad, OptimizerState state);

    /// <summary>This optimizer's state for p, created (zeros) on first use.</summary>
    public OptimizerState StateOf(Parameter p)
    {
        if (!_states.TryGetValue(p, out var state))
        {
            state = new OptimizerState(StateBufferCount, p.Length);
            _states.Add(p, state);
        }
        return state;
    }

    /// <summary>Forgets every parameter's state (a reset starts with fresh velocities).</summary>
    public void ClearState() => _states.Clear();

    public override string ToString() => $"{Name} (lr {LearningRate})";
}

/// <summary>An optimizer's memory for one parameter: a few buffers the parameter's size, and an update counter.</summary>
public sealed class OptimizerState(int bufferCount, int length)
{
    public float[][] Buffers { get; } = Enumerable.Range(0, bufferCount).Select(_ => new float[length]).ToArray();

    /// <summary>Number of updates applied so far (Adam's t).</summary>
    public long Step { get; set; }
}

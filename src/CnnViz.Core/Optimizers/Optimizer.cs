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
    public void Update(Parameter p) => UpdateRange(p, StartUpdate(p), 0, p.Length);

    /// <summary>What an update does once per parameter, before any element: counts the step (Adam's t).</summary>
    internal OptimizerState StartUpdate(Parameter p)
    {
        var state = StateOf(p);
        state.Step++;
        return state;
    }

    /// <summary>
    /// Updates elements start..start+length−1 of p, after <see cref="StartUpdate"/>. Every rule here is element by
    /// element (an element's new value depends only on its own weight, gradient and state), so updating a
    /// parameter in several ranges, on several threads, gives the same numbers as updating it whole.
    /// </summary>
    internal void UpdateRange(Parameter p, OptimizerState state, int start, int length)
    {
        Span<float> value = p.Value.AsSpan(start, length), grad = p.Grad.AsSpan(start, length);
        if (_weightDecay != 0 && !p.IsBias) TensorPrimitives.MultiplyAdd(value, _weightDecay, grad, grad); // dW += λ·W
        Apply(value, grad, new StateRange(state, start, length));
    }

    /// <summary>The update rule, element by element, on a range of one parameter; <paramref name="state"/>.Step counts updates, starting at 1.</summary>
    protected abstract void Apply(Span<float> value, ReadOnlySpan<float> grad, in StateRange state);

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

/// <summary>The elements start..start+length−1 of an <see cref="OptimizerState"/>'s buffers, and its update counter.</summary>
public readonly ref struct StateRange(OptimizerState state, int start, int length)
{
    /// <summary>Buffer i (e.g. the velocity) over this range.</summary>
    public Span<float> Buffer(int i) => state.Buffers[i].AsSpan(start, length);

    /// <summary>Number of updates applied so far, this one included (Adam's t).</summary>
    public long Step => state.Step;
}

/// <summary>An optimizer's memory for one parameter: a few buffers the parameter's size, and an update counter.</summary>
public sealed class OptimizerState(int bufferCount, int length)
{
    public float[][] Buffers { get; } = Enumerable.Range(0, bufferCount).Select(_ => new float[length]).ToArray();

    /// <summary>Number of updates applied so far (Adam's t).</summary>
    public long Step { get; set; }
}

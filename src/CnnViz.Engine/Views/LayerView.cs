using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Engine.Views;

/// <summary>
/// What a renderer may read of one layer, for one sample of the last forward/backward pass.
/// Every span points straight into the layer's own buffers (no copy); read it between steps,
/// on the thread that steps the session. The view object lives as long as its model:
/// re-read <see cref="SessionViews.Layers"/> when <see cref="SessionViews.ModelVersion"/> changes.
/// </summary>
public sealed class LayerView
{
    private readonly Layer _layer;
    private readonly SampleCursor _sample;
    private readonly Parameter? _weights, _bias;   // Parameters[0] and [1], looked up once

    internal LayerView(Layer layer, int index, SampleCursor sample)
    {
        _layer = layer;
        _sample = sample;
        Index = index;
        Kind = layer switch
        {
            Conv2dBase => LayerKind.Conv,
            Dense => LayerKind.Dense,
            Pool2D => LayerKind.Pool,
            ReLU or Sigmoid or Tanh or ScaledTanh => LayerKind.Activation,
            Flatten => LayerKind.Flatten,
            _ => LayerKind.Other,
        };
        var parameters = layer.Parameters;
        _weights = parameters.Count > 0 ? parameters[0] : null;
        _bias = parameters.Count > 1 ? parameters[1] : null;
    }

    /// <summary>Position in the model, 0 = first layer.</summary>
    public int Index { get; }

    /// <summary>Unique name, e.g. "conv1", "relu2", "pool1", "dense3".</summary>
    public string Name => _layer.Name;

    /// <summary>What the layer does, decided by its type (the renderer draws each kind its own way).</summary>
    public LayerKind Kind { get; }

    /// <summary>The layer's short kind word for labels: "conv", "relu", "pool", "dense", "flatten", "sigmoid", "tanh"…</summary>
    public string KindName => _layer.Kind;

    /// <summary>One-line description, e.g. "conv1: Conv2d 6@5×5 pad 2 → 6×28×28".</summary>
    public string Description => _layer.Describe();

    /// <summary>(C_in, H_in, W_in) of one sample.</summary>
    public SampleShape InputShape => _layer.InputShape;

    /// <summary>(C_out, H_out, W_out) of one sample; a dense layer's is (F, 1, 1).</summary>
    public SampleShape OutputShape => _layer.OutputShape;

    /// <summary>
    /// The selected sample's output, (C_out, H_out, W_out). For a conv or dense layer this is the
    /// pre-activation (z = W·x + b); the activation layer after it (see <see cref="Activation"/>)
    /// holds the post-activation.
    /// </summary>
    public ReadOnlySpan<float> Output => _layer.Output.Sample(Clamp(_layer.Output.Count));

    /// <summary>Channel c of the selected sample's output, (H_out, W_out).</summary>
    public ReadOnlySpan<float> OutputMap(int c) => _layer.Output.Map(Clamp(_layer.Output.Count), c);

    /// <summary>
    /// dL/dX for the selected sample, (C_in, H_in, W_in), from the last backward pass;
    /// empty for the first layer (its input gradient is never computed) and after a probe forward.
    /// </summary>
    public ReadOnlySpan<float> InputGrad => _layer.NeedsInputGrad && _sample.HasBackward
        ? _layer.InputGrad.Sample(Clamp(_layer.InputGrad.Count)) : default;

    /// <summary>True when the layer has trainable weights (conv, dense).</summary>
    public bool HasWeights => _weights is not null;

    /// <summary>The weights W; conv: (M, C, FH, FW), dense: (I, O). Empty when <see cref="HasWeights"/> is false.</summary>
    public ReadOnlySpan<float> Weights => _weights is null ? default : _weights.Value;

    /// <summary>dL/dW from the last backward pass, same shape as <see cref="Weights"/>.</summary>
    public ReadOnlySpan<float> WeightGrads => _weights is null ? default : _weights.Grad;

    /// <summary>Dimensions of W, outermost first (conv (M, C, FH, FW); dense (I, O)); empty without weights.</summary>
    public IReadOnlyList<int> WeightShape => _weights is null ? [] : _weights.Shape;

    /// <summary>The bias b (one per output channel or unit); empty when the layer has none.</summary>
    public ReadOnlySpan<float> Bias => _bias is null ? default : _bias.Value;

    /// <summary>dL/db from the last backward pass.</summary>
    public ReadOnlySpan<float> BiasGrads => _bias is null ? default : _bias.Grad;

    /// <summary>
    /// Max-pool "switches" of the selected sample, (C, H_out, W_out): for each pooled value, the
    /// flat index h·W_in + w, within its input channel map, of the input pixel that won the max.
    /// Empty for layers that are not max pools.
    /// </summary>
    public ReadOnlySpan<int> PoolSwitches => PoolSwitchReader.Read(_layer, Clamp(_layer.Output.Count));

    /// <summary>
    /// For a conv or dense layer directly followed by an activation (ReLU, sigmoid, tanh), that
    /// activation's view (its Output is this layer's post-activation); otherwise null.
    /// </summary>
    public LayerView? Activation { get; internal set; }

    /// <summary>The layer's card: type and hyper-parameters, parameter formula, output-size formula, what is shown.</summary>
    public LayerCard Card { get; internal set; } = null!;

    /// <summary>True for layers whose output is an activation function of the previous layer's.</summary>
    public bool IsActivation => Kind == LayerKind.Activation;

    private int Clamp(int count) => Math.Min(_sample.Index, count - 1);

    public override string ToString() => Description;
}

/// <summary>The kinds of layer a renderer tells apart, from the layer's type.</summary>
public enum LayerKind { Conv, Dense, Pool, Activation, Flatten, Other }

/// <summary>Which sample of the batch the views show (shared by all layer views of one model).</summary>
internal sealed class SampleCursor
{
    public int Index;

    /// <summary>False for a forward-only model (the probe): no gradients to show.</summary>
    public bool HasBackward = true;
}

using CnnViz.Core.Layers;

namespace CnnViz.Engine.Inspection;

/// <summary>
/// Kernel knockout: kernel K of a conv layer (the block W[K, :, :, :] and b[K]) or unit K of a dense layer
/// (the column W[:, K] and b[K]) set to 0, its values kept so <see cref="Restore"/> puts them back bit for
/// bit. With it zeroed, output channel K is 0 for every input before the activation, so the learner sees
/// what that one kernel contributes to the prediction and the accuracy. One knockout at a time.
/// </summary>
public sealed class Knockout
{
    private readonly Parameter _weights, _bias;
    private readonly float[] _savedWeights;
    private readonly float _savedBias;

    private Knockout(Layer layer, int kernel, Parameter weights, Parameter bias, float[] saved)
    {
        Layer = layer;
        Kernel = kernel;
        (_weights, _bias, _savedWeights, _savedBias) = (weights, bias, saved, bias.Value[kernel]);
    }

    public Layer Layer { get; }

    /// <summary>K: the filter (conv) or unit (dense) that is zeroed.</summary>
    public int Kernel { get; }

    /// <summary>How many kernels layer <paramref name="layer"/> has to knock out (0: none, e.g. a ReLU).</summary>
    public static int KernelCount(Layer layer) => layer switch
    {
        Conv2dBase conv => conv.Filters,
        Dense dense => dense.Outputs,
        _ => 0,
    };

    /// <summary>Zeros kernel <paramref name="kernel"/> of <paramref name="layer"/> and its bias.</summary>
    /// <exception cref="ArgumentException">The layer has no kernels, or K is out of range; the message says what is valid.</exception>
    public static Knockout Apply(Layer layer, int kernel)
    {
        int count = KernelCount(layer);
        if (count == 0) throw new ArgumentException($"{layer.Name} has no kernels to knock out; choose a conv or dense layer.");
        if (kernel < 0 || kernel >= count)
            throw new ArgumentException($"{layer.Name} has kernels 0..{count - 1}, not {kernel}.");
        Parameter w = layer.Parameters[0], b = layer.Parameters[1];
        float[] saved;
        if (layer is Conv2dBase)
        {
            int size = w.Length / count;   // C·FH·FW: filter K is one contiguous block
            saved = w.Value.AsSpan(kernel * size, size).ToArray();
            w.Value.AsSpan(kernel * size, size).Clear();
        }
        else
        {
            int inputs = w.Shape[0];       // W (I, O): unit K is column K
            saved = new float[inputs];
            for (int i = 0; i < inputs; i++) { saved[i] = w.Value[i * count + kernel]; w.Value[i * count + kernel] = 0; }
        }
        var knockout = new Knockout(layer, kernel, w, b, saved);
        b.Value[kernel] = 0;
        return knockout;
    }

    /// <summary>Puts the kernel's weights and bias back as they were.</summary>
    public void Restore()
    {
        int count = KernelCount(Layer);
        if (Layer is Conv2dBase) _savedWeights.CopyTo(_weights.Value, Kernel * _savedWeights.Length);
        else for (int i = 0; i < _savedWeights.Length; i++) _weights.Value[i * count + Kernel] = _savedWeights[i];
        _bias.Value[Kernel] = _savedBias;
    }

    public override string ToString() => $"{Layer.Name} kernel {Kernel}";
}

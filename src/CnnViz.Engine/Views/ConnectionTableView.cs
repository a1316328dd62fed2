using CnnViz.Core.Layers;

namespace CnnViz.Engine.Views;

/// <summary>
/// A masked convolution's connection table, copied out of the layer for the renderer (lenet5-1998's C3, the paper's
/// Table I): <see cref="Connected"/>(k, m) says whether input map k feeds output map m.
/// </summary>
public sealed class ConnectionTableView
{
    private readonly bool[,] _connected;   // (Inputs, Outputs)

    public ConnectionTableView(MaskedConv2d layer)
    {
        Name = layer.Name;
        Inputs = layer.InputShape.C;
        Outputs = layer.OutputShape.C;
        KernelArea = layer.Weights.Length / (Inputs * Outputs);
        _connected = new bool[Inputs, Outputs];
        for (int k = 0; k < Inputs; k++)
            for (int m = 0; m < Outputs; m++)
                if (_connected[k, m] = layer.Connected(k, m)) Pairs++;
    }

    public string Name { get; }
    public int Inputs { get; }
    public int Outputs { get; }

    /// <summary>FH·FW: the weights of one connected map pair.</summary>
    public int KernelArea { get; }

    /// <summary>How many (input, output) map pairs are connected.</summary>
    public int Pairs { get; }

    public bool Connected(int input, int output) => _connected[input, output];

    /// <summary>Trainable numbers: pairs · FH·FW + one bias per output map.</summary>
    public int TrainableCount => Pairs * KernelArea + Outputs;
}

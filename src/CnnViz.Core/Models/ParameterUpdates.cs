using CnnViz.Core.Layers;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Models;

/// <summary>
/// One optimizer step for every parameter of a model, on the compute threads: each parameter is cut into ranges of
/// <see cref="RangeLength"/> elements (fc1's 48,000 weights are most of LeNet-5's 61,706) and the ranges are shared
/// out. The update rules are element by element, so the numbers are those of <see cref="Layer.Update"/> whatever
/// the cut and the thread count; each layer's own optimizer is read at every step (it may be replaced).
/// </summary>
internal sealed class ParameterUpdates : IChunkedWork
{
    /// <summary>Elements per range: a few microseconds of work, large against the cost of handing it out.</summary>
    public const int RangeLength = 8192;

    private readonly (Layer Layer, Parameter Parameter)[] _parameters;
    private readonly (int Parameter, int Start, int Length)[] _ranges;
    private readonly Optimizers.OptimizerState[] _states;   // this step's state of each parameter (StartUpdate)
    private readonly long _elements;

    public ParameterUpdates(IEnumerable<Layer> layers)
    {
        _parameters = layers.SelectMany(l => l.Parameters.Select(p => (l, p))).ToArray();
        _states = new Optimizers.OptimizerState[_parameters.Length];
        var ranges = new List<(int, int, int)>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            int length = _parameters[i].Parameter.Length;
            _elements += length;
            for (int start = 0; start < length; start += RangeLength) ranges.Add((i, start, Math.Min(RangeLength, length - start)));
        }
        _ranges = ranges.ToArray();
    }

    /// <summary>Counts the step of every parameter on this thread, then updates the ranges on the compute threads.</summary>
    public void Run()
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            var (layer, parameter) = _parameters[i];
            var optimizer = layer.Optimizer ?? throw new InvalidOperationException($"{layer.Name}: no optimizer was given to this layer or its model.");
            _states[i] = optimizer.StartUpdate(parameter);
        }
        if (_ranges.Length == 0) return;
        if (_elements < BatchParallel.MinParallelWork)
            for (int c = 0; c < _ranges.Length; c++) ((IChunkedWork)this).RunChunk(c);
        else
            WorkerPool.Run(this, _ranges.Length);
    }

    void IChunkedWork.RunChunk(int chunk)
    {
        var (index, start, length) = _ranges[chunk];
        var (layer, parameter) = _parameters[index];
        layer.Optimizer!.UpdateRange(parameter, _states[index], start, length);
    }
}

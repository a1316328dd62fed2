using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Models;

/// <summary>
/// Runs consecutive per-sample layers (conv, ReLU, pooling, flatten: <see cref="Layer.ChunksArePerSample"/>)
/// chunk by chunk instead of layer by layer:
/// <code>
/// layer by layer:   conv1[all chunks] | relu1[all chunks] | pool1[all chunks] | conv2 …   (a wait after each layer)
/// chunk by chunk:   chunk c: conv1 → relu1 → pool1 → conv2 → relu2 → pool2 → flatten     (one wait in all)
/// </code>
/// Each compute thread takes a chunk of the batch (the cut every layer uses, <see cref="BatchParallel"/>) through all
/// of the layers, forward first to last, backward last to first.
/// <para>Same numbers as calling each layer's Forward and Backward in turn: a chunk computes exactly what it
/// computes there, and each layer still adds its per-chunk gradient shares in chunk order (AfterBackward). Faster:
/// one hand-out of work per pass instead of one per layer, and the next layer reads a chunk's maps while they are
/// still in the core's cache (8 samples of conv1's output: 150 KB) rather than after the whole batch was written
/// (1.2 MB at batch 64, 4.8 MB at 256, more than a core's L2).</para>
/// </summary>
internal sealed class ChunkPipeline(Layer[] layers) : IChunkedWork
{
    private bool _backward;
    private int _items;

    /// <summary>The layers it runs, first to last; each takes the previous one's output.</summary>
    public IReadOnlyList<Layer> Layers => layers;

    /// <summary>X (N, C, H, W) through every layer; returns the last layer's output.</summary>
    public Batch Forward(Batch x)
    {
        Batch a = x;
        foreach (var layer in layers)
        {
            layer.StartForward(a);   // checks, Input, Output.Count: all set before any chunk runs
            a = layer.Output;
        }
        Run(x.Count, backward: false);
        return a;
    }

    /// <summary>dL/d(last layer's output) back through every layer; returns the first layer's InputGrad.</summary>
    public Batch Backward(Batch outputGrad)
    {
        Batch grad = outputGrad;
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            layers[i].StartBackward(grad);
            grad = layers[i].InputGrad;
        }
        Run(outputGrad.Count, backward: true);
        foreach (var layer in layers) layer.FinishBackward();   // e.g. conv: add the chunks' dW shares in chunk order
        return grad;
    }

    private void Run(int items, bool backward)
    {
        _items = items;
        _backward = backward;
        WorkerPool.Run(this, BatchParallel.ChunkCount(items));
    }

    /// <summary>
    /// Forward takes a chunk through the layers a slice of this many samples at a time, so that a big batch's chunk
    /// (32 samples at batch 256, 125 when inferring 1,000) still stays in cache from one layer to the next. Only
    /// forward: a layer's backward on a chunk starts its gradient share afresh (Conv2d), so it needs the whole chunk.
    /// </summary>
    private const int ForwardSlice = 8;

    void IChunkedWork.RunChunk(int chunk)
    {
        var (first, count) = BatchParallel.ChunkRange(chunk, _items);
        if (!_backward)
            for (int start = first; start < first + count; start += ForwardSlice)
            {
                int slice = Math.Min(ForwardSlice, first + count - start);
                foreach (var layer in layers) layer.ForwardChunk(chunk, start, slice);
            }
        else
            for (int i = layers.Length - 1; i >= 0; i--)
                if (layers[i].BackwardRuns) layers[i].BackwardChunk(chunk, first, count);
    }
}

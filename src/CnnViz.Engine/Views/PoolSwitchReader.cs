using CnnViz.Core.Layers;

namespace CnnViz.Engine.Views;

/// <summary>Reads a max-pool layer's argmax switches for one sample (empty for other layers).</summary>
internal static class PoolSwitchReader
{
    public static ReadOnlySpan<int> Read(Layer layer, int sample) => layer is MaxPool2D pool
        ? pool.Switches.Slice(sample * pool.OutputShape.Size, pool.OutputShape.Size)
        : default;
}

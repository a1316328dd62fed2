using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// A layer with 2-D maps: a conv layer (its kernels, diverging colormap over a symmetric range, and the
/// selected sample's activation maps) or a pooling layer (its pooled maps). When the next layer is a max
/// pool, P overlays its switches on these maps: green marks the input pixel each (non-zero) max picked.
/// Each block is normalized on its own, and its range is written under the layer name.
/// </summary>
internal sealed class MapRow : LayerRow
{
    private readonly GridTexture? _kernels;  // (M·C, FH, FW), tile m·C + c
    private readonly GridTexture _maps;      // (C_out, H, W)
    private readonly GridTexture? _switches; // (C_out, H, W): 1 where the next max pool took its max
    private readonly int _inChannels, _switchLayer;
    private readonly float[]? _switchBuffer;
    private (float Lo, float Hi) _kernelRange, _mapRange;
    private bool _mapDiverging;

    public MapRow(Renderer2D r, IReadOnlyList<LayerView> layers, int layerIndex, int displayIndex) : base(layerIndex, displayIndex)
    {
        var layer = layers[layerIndex];
        var shape = layers[displayIndex].OutputShape;
        _maps = r.CreateGrid(shape.W, shape.H, shape.C);
        if (layer.HasWeights && layer.WeightShape.Count == 4)
        {
            IReadOnlyList<int> w = layer.WeightShape; // (M, C, FH, FW)
            _inChannels = w[1];
            _kernels = r.CreateGrid(w[3], w[2], w[0] * w[1]);
        }
        _switchLayer = displayIndex + 1 < layers.Count && layers[displayIndex + 1].Kind == LayerKind.Pool && !layers[displayIndex + 1].PoolSwitches.IsEmpty
            ? displayIndex + 1 : -1;
        if (_switchLayer >= 0)
        {
            _switches = r.CreateGrid(shape.W, shape.H, shape.C);
            _switchBuffer = new float[shape.Size];
        }
    }

    public override float Weight => _kernels is null ? 2f : 3f;

    /// <summary>Where the kernels were drawn in the last frame (empty for pooling rows).</summary>
    internal RectF LastKernelArea { get; private set; }

    public override void Update(IReadOnlyList<LayerView> layers, ViewState state)
    {
        var layer = layers[LayerIndex];
        if (_kernels is not null)
        {
            ReadOnlySpan<float> w = state.ShowGradients ? layer.WeightGrads : layer.Weights;
            _kernels.SetTiles(w);
            _kernelRange = PanelStyle.Symmetric(_kernels.Range(0, _kernels.TileCount));
        }
        ReadOnlySpan<float> maps = Shown(layers, DisplayIndex, state.ShowGradients);
        if (maps.Length == _maps.TileCount * _maps.TileWidth * _maps.TileHeight) _maps.SetTiles(maps);
        var range = _maps.Range(0, _maps.TileCount);
        // Signed values (gradients, tanh, pre-activations) on the diverging map; ReLU outputs on the sequential one.
        _mapDiverging = state.ShowGradients || range.Min < 0;
        _mapRange = _mapDiverging ? PanelStyle.Symmetric(range) : (0, range.Max > 0 ? range.Max : 1);

        if (_switches is not null && state.ShowSwitches) FillSwitches(layers[_switchLayer]);
    }

    private void FillSwitches(LayerView pool)
    {
        Array.Clear(_switchBuffer!);
        ReadOnlySpan<int> switches = pool.PoolSwitches; // (C, OH, OW): flat index into the (H, W) input map
        int mapSize = _maps.TileWidth * _maps.TileHeight, pooled = pool.OutputShape.H * pool.OutputShape.W;
        ReadOnlySpan<float> pooledValues = pool.Output; // (C, OH, OW)
        for (int i = 0; i < switches.Length; i++)
            if (pooledValues[i] > 0) // a max over zeros picked nothing: leave it unmarked
                _switchBuffer![i / pooled * mapSize + switches[i]] = 1f;
        _switches!.SetTiles(_switchBuffer);
    }

    public override void Draw(Renderer2D r, IReadOnlyList<LayerView> layers, RectF area, ViewState state)
    {
        var layer = layers[LayerIndex];
        var shape = layers[DisplayIndex].OutputShape;
        Span<char> line2 = stackalloc char[40], line3 = stackalloc char[40];
        line2.TryWrite($"{shape.C}x{shape.H}x{shape.W}", out int n2);
        line3.TryWrite($"[{_mapRange.Lo:G2},{_mapRange.Hi:G2}]", out int n3);
        Label(r, area, layer, line2[..n2], line3[..n3]);

        float x = area.X + LabelWidth, width = area.Right - x;
        // Every map row keeps a kernel column, so pooled maps sit under the maps they pool.
        float kernelWidth = MathF.Floor(width * 0.3f);
        if (_kernels is not null)
        {
            var kernelArea = new RectF(x, area.Y + 12, kernelWidth - 12, area.H - 12);
            LastKernelArea = kernelArea;
            r.DrawText(state.ShowGradients ? "dL/dW" : "kernels", x, area.Y + 2, 1, Color.Dim);
            line3.TryWrite($"+-{_kernelRange.Hi:G2}", out n3);
            r.DrawText(line3[..n3], x + 64, area.Y + 2, 1, Color.Dim);
            DrawTiles(r, _kernels, kernelArea, Colormap.Diverging, _kernelRange, 8, _inChannels, null, gap: 1);
        }
        else
        {
            r.DrawText("no weights:", x, area.Y + 2, 1, Color.Dim);
            r.DrawText(layer.Kind == LayerKind.Pool ? "each value is the" : layer.KindName, x, area.Y + 16, 1, Color.Dim);
            if (layer.Kind == LayerKind.Pool) r.DrawText("max (or mean) of a", x, area.Y + 27, 1, Color.Dim);
            if (layer.Kind == LayerKind.Pool) r.DrawText("window of the maps", x, area.Y + 38, 1, Color.Dim);
            if (layer.Kind == LayerKind.Pool) r.DrawText("above", x, area.Y + 49, 1, Color.Dim);
        }
        x += kernelWidth;
        width -= kernelWidth;
        r.DrawText(state.ShowGradients ? "dL/dmap" : layer.Kind == LayerKind.Pool ? "pooled maps" : "activation maps", x, area.Y + 2, 1, Color.Dim);
        var mapArea = new RectF(x, area.Y + 12, width, area.H - 12);
        var overlay = state.ShowSwitches ? _switches : null;
        DrawTiles(r, _maps, mapArea, _mapDiverging ? Colormap.Diverging : Colormap.Sequential, _mapRange, 8, 1, overlay);
    }

    private static void DrawTiles(Renderer2D r, GridTexture grid, RectF area, Colormap map, (float Lo, float Hi) range, int maxScale, int group, GridTexture? overlay, float gap = 3)
    {
        var (scale, cols) = PanelStyle.Fit(grid.TileCount, grid.TileWidth, grid.TileHeight, area.W, area.H, gap, maxScale, group);
        float tw = grid.TileWidth * scale, th = grid.TileHeight * scale;
        for (int i = 0; i < grid.TileCount; i++)
        {
            var rect = new RectF(area.X + i % cols * (tw + gap), area.Y + i / cols * (th + gap), tw, th);
            r.DrawGrid(grid, i, rect, map, range.Lo, range.Hi);
        }
        if (overlay is null) return;
        var green = new Color(60, 255, 120, 230); // the pixels a max pool picked, over the map
        for (int i = 0; i < overlay.TileCount; i++)
        {
            var rect = new RectF(area.X + i % cols * (tw + gap), area.Y + i / cols * (th + gap), tw, th);
            r.DrawGrid(overlay, i, rect, Colormap.Mask, 0, 1, green);
        }
    }
}

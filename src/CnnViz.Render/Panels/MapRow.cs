using CnnViz.Engine.Live;
using CnnViz.Engine.Explain;
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
    private readonly ColorBar _bar;
    private (RectF Area, float Scale, int Columns) _tiles;   // where the maps were drawn last frame (clicks, hover)
    private (RectF Area, float Scale, int Columns) _kernelTiles; // where the kernel slices were (hover), gap 1
    private string _tilesLayer = "", _kernelLayer = "";

    public MapRow(Renderer2D r, IReadOnlyList<LayerView> layers, int layerIndex, int displayIndex) : base(layerIndex, displayIndex)
    {
        var layer = layers[layerIndex];
        var shape = layers[displayIndex].OutputShape;
        _bar = new ColorBar(r);
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

    public override void Update(IReadOnlyList<LayerView> layers, ViewState state, SessionViews views)
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

    public override void Draw(Renderer2D r, IReadOnlyList<LayerView> layers, RectF area, ViewState state, Explanation? explanation)
    {
        var layer = layers[LayerIndex];
        Card(r, area, layers[LayerIndex], _mapRange.Lo, _mapRange.Hi, state.ShowGradients);
        float top = area.Y + CardHeight, x = area.X, width = area.W;
        int maxScale = area.H >= 250 ? 32 : 8; // zoomed (L): maps and kernels grow to the panel
        // Every map row keeps a kernel column, so pooled maps sit under the maps they pool.
        float kernelWidth = MathF.Floor(width * 0.3f);
        if (_kernels is not null)
        {
            r.DrawText(state.ShowGradients ? "dL/dW per kernel" : "kernels W", x, top, 1, Color.Dim);
            _bar.Draw(r, new RectF(x, top + 10, kernelWidth - 12, ColorBar.Height), Colormap.Diverging, _kernelRange.Lo, _kernelRange.Hi);
            var kernelArea = new RectF(x, top + 28, kernelWidth - 12, area.Bottom - top - 28);
            LastKernelArea = kernelArea;
            _kernelTiles = DrawTiles(r, _kernels, kernelArea, Colormap.Diverging, _kernelRange, maxScale, _inChannels, null, gap: 1);
        }
        else
        {
            // Pools: no weights; a per-map coefficient layer (the 1998 subsampling): weights, but no kernels to draw.
            var (first, second) = layer.Kind == LayerKind.Pool
                ? ("no weights: each value is the", !layer.PoolSwitches.IsEmpty ? "max of a window above" : "mean of a window above")
                : layer.HasWeights ? ("weights: one per map, see", "the card's formula") : ("no weights: a fixed function", "of the layer above (card)");
            PanelStyle.FitText(r, first, x, top, kernelWidth - 12, Color.Dim);
            PanelStyle.FitText(r, second, x, top + 11, kernelWidth - 12, Color.Dim);
        }
        x += kernelWidth;
        width -= kernelWidth;
        var map = _mapDiverging ? Colormap.Diverging : Colormap.Sequential;
        r.DrawText(state.ShowGradients ? "dL/dmap" : layer.Kind == LayerKind.Pool ? "pooled maps" : layer.Activation is not null ? "maps after the activation" : "maps", x, top, 1, Color.Dim);
        _bar.Draw(r, new RectF(x, top + 10, MathF.Min(240, width - 8), ColorBar.Height), map, _mapRange.Lo, _mapRange.Hi);
        var mapArea = new RectF(x, top + 28, width, area.Bottom - top - 28);
        LastMapArea = mapArea;
        var overlay = state.ShowSwitches ? _switches : null;
        _tiles = DrawTiles(r, _maps, mapArea, map, _mapRange, maxScale, 1, overlay);
        _tilesLayer = layers[DisplayIndex].Name;
        _kernelLayer = layer.Name;
        if (explanation is not null) Outline(r, explanation);
    }

    /// <summary>The receptive field of the explained value on these maps (or the value itself, on its own layer).</summary>
    private void Outline(Renderer2D r, Explanation e)
    {
        FieldRect f;
        if (DisplayIndex == e.Layer || (LayerIndex == e.Source && DisplayIndex > e.Layer)) f = new FieldRect(e.Channel, e.Y, e.X, e.Y, e.X);
        else if (DisplayIndex + 1 <= e.Layer) f = e.Fields[DisplayIndex + 1];
        else return;
        var (area, scale, cols) = _tiles;
        float tw = _maps.TileWidth * scale, th = _maps.TileHeight * scale;
        for (int c = 0; c < _maps.TileCount; c++)
        {
            if (f.Channel >= 0 && c != f.Channel) continue;
            float tx = area.X + c % cols * (tw + 3), ty = area.Y + c / cols * (th + 3);
            r.DrawRectLines(new RectF(tx + f.Left * scale - 1, ty + f.Top * scale - 1, f.Width * scale + 2, f.Height * scale + 2), 1, Color.Accent);
        }
    }

    public override bool HitTest(float x, float y, out string layer, out int channel, out int row, out int column)
    {
        (layer, channel, row, column) = (_tilesLayer, 0, 0, 0);
        var (area, scale, cols) = _tiles;
        if (scale <= 0 || !area.Contains(x, y)) return false;
        float tw = _maps.TileWidth * scale, th = _maps.TileHeight * scale;
        int cx = (int)((x - area.X) / (tw + 3)), cy = (int)((y - area.Y) / (th + 3));
        channel = cy * cols + cx;
        column = (int)((x - area.X - cx * (tw + 3)) / scale);
        row = (int)((y - area.Y - cy * (th + 3)) / scale);
        return cx < cols && channel < _maps.TileCount && column < _maps.TileWidth && row < _maps.TileHeight;
    }

    /// <summary>Where the maps were drawn in the last frame (their tiles start at its top left).</summary>
    internal RectF LastMapArea { get; private set; }

    /// <summary>Where map <paramref name="channel"/> was drawn in the last frame; false before the first frame or for no such map.</summary>
    internal bool TileRect(int channel, out RectF rect)
    {
        var (area, scale, cols) = _tiles;
        rect = default;
        if (scale <= 0 || channel < 0 || channel >= _maps.TileCount) return false;
        float tw = _maps.TileWidth * scale, th = _maps.TileHeight * scale;
        rect = new RectF(area.X + channel % cols * (tw + 3), area.Y + channel / cols * (th + 3), tw, th);
        return true;
    }

    /// <summary>The shown value at a position of the last frame's maps (hover).</summary>
    public float ValueAt(int channel, int row, int column) => _maps.Tile(channel)[row * _maps.TileWidth + column];

    public override HoverTarget? HoverAt(float x, float y)
    {
        if (base.HoverAt(x, y) is { } onMap) return onMap;
        var (area, scale, cols) = _kernelTiles;
        if (_kernels is null || scale <= 0 || !area.Contains(x, y)) return null;
        float tw = _kernels.TileWidth * scale, th = _kernels.TileHeight * scale;
        int cx = (int)((x - area.X) / (tw + 1)), cy = (int)((y - area.Y) / (th + 1)), tile = cy * cols + cx;
        int column = (int)((x - area.X - cx * (tw + 1)) / scale), row = (int)((y - area.Y - cy * (th + 1)) / scale);
        if (cx >= cols || tile >= _kernels.TileCount || column >= _kernels.TileWidth || row >= _kernels.TileHeight) return null;
        return new HoverTarget(_kernelLayer, tile / _inChannels, row, column, Kernel: true, KernelChannel: tile % _inChannels);
    }

    public override bool Locate(HoverTarget hover, out RectF rect, out float value)
    {
        (rect, value) = (default, 0);
        if (hover.Kernel)
        {
            var (area, scale, cols) = _kernelTiles;
            if (_kernels is null || hover.Layer != _kernelLayer || scale <= 0) return false;
            int tile = hover.Channel * _inChannels + hover.KernelChannel;
            if (tile >= _kernels.TileCount || hover.Row >= _kernels.TileHeight || hover.Column >= _kernels.TileWidth) return false;
            float tw = _kernels.TileWidth * scale, th = _kernels.TileHeight * scale;
            rect = new RectF(area.X + tile % cols * (tw + 1) + hover.Column * scale, area.Y + tile / cols * (th + 1) + hover.Row * scale, scale, scale);
            value = _kernels.Tile(tile)[hover.Row * _kernels.TileWidth + hover.Column];
            return true;
        }
        var (mapArea, s, c) = _tiles;
        if ((hover.Layer != _tilesLayer && hover.Layer != _kernelLayer) || s <= 0 || hover.Channel >= _maps.TileCount || hover.Row >= _maps.TileHeight || hover.Column >= _maps.TileWidth) return false;
        float w = _maps.TileWidth * s, h = _maps.TileHeight * s;
        rect = new RectF(mapArea.X + hover.Channel % c * (w + 3) + hover.Column * s, mapArea.Y + hover.Channel / c * (h + 3) + hover.Row * s, s, s);
        value = ValueAt(hover.Channel, hover.Row, hover.Column);
        return true;
    }

    private static (RectF Area, float Scale, int Columns) DrawTiles(Renderer2D r, GridTexture grid, RectF area, Colormap map, (float Lo, float Hi) range, int maxScale, int group, GridTexture? overlay, float gap = 3)
    {
        var (scale, cols) = PanelStyle.Fit(grid.TileCount, grid.TileWidth, grid.TileHeight, area.W, area.H, gap, maxScale, group);
        float tw = grid.TileWidth * scale, th = grid.TileHeight * scale;
        for (int i = 0; i < grid.TileCount; i++)
        {
            var rect = new RectF(area.X + i % cols * (tw + gap), area.Y + i / cols * (th + gap), tw, th);
            r.DrawGrid(grid, i, rect, map, range.Lo, range.Hi);
        }
        if (overlay is null) return (area, scale, cols);
        var green = new Color(60, 255, 120, 140); // the pixels a max pool picked, over the map: translucent, the value shows through
        for (int i = 0; i < overlay.TileCount; i++)
        {
            var rect = new RectF(area.X + i % cols * (tw + gap), area.Y + i / cols * (th + gap), tw, th);
            r.DrawGrid(overlay, i, rect, Colormap.Mask, 0, 1, green);
        }
        return (area, scale, cols);
    }
}

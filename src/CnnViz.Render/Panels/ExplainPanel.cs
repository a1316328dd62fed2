using CnnViz.Engine.Explain;
using CnnViz.Engine.Study;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// The math of one clicked value of the followed digit's maps, live (it is recomputed after every step):
/// <list type="bullet">
/// <item>convolution: per input channel the patch x, the kernel w and the products x·w (as numbers when they fit,
/// else as small heat maps with each channel's partial sum), then Σ x·w + b = z and the activation a = f(z);</item>
/// <item>pooling: the window's values with the winner marked, or their mean;</item>
/// <item>dense: the largest contributions x_i·w_i, the sum over all inputs + b; the last layer adds logits and softmax.</item>
/// </list>
/// The last line compares the recomputed value with the layer's own output. Its receptive field is outlined on the maps.
/// </summary>
internal sealed class ExplainPanel
{
    private GridTexture? _patch, _kernel, _products;   // (C, FH, FW) each, made when a new shape is explained
    private Explanation? _shown;

    public RectF Area { get; set; }

    public ExplainPanel(RectF area) => Area = area;

    public void Update(Renderer2D r, StudyViews study)
    {
        var e = study.Explanation;
        if (e is null || e.Kind != ExplainKind.Convolution) { _shown = e; return; }
        if (_patch is null || _patch.TileCount != e.TermChannels || _patch.TileWidth != e.TermWidth || _patch.TileHeight != e.TermHeight)
        {
            if (_patch is not null) { r.DestroyGrid(_patch); r.DestroyGrid(_kernel!); r.DestroyGrid(_products!); }
            _patch = r.CreateGrid(e.TermWidth, e.TermHeight, e.TermChannels);
            _kernel = r.CreateGrid(e.TermWidth, e.TermHeight, e.TermChannels);
            _products = r.CreateGrid(e.TermWidth, e.TermHeight, e.TermChannels);
        }
        _patch.SetTiles(e.Inputs);
        _kernel!.SetTiles(e.Weights);
        _products!.SetTiles(e.Products);
        _shown = e;
    }

    public void Draw(Renderer2D r, StudyViews study)
    {
        var e = study.Explanation;
        if (e is null) return;
        float x = Area.X + 6, y = Area.Y + 5, w = Area.W - 12, line = Renderer2D.LineHeight;
        Span<char> text = stackalloc char[160];
        text.TryWrite($"the math of {e.Position} (Esc closes)", out int n);
        PanelStyle.FitText(r, text[..n], x, y, w, Color.Accent);
        y += PanelStyle.TitleHeight + 2;
        PanelStyle.FitText(r, e.SourceDescription, x, y, w, Color.Dim);
        y += line;
        var field = e.Fields[0];
        text.TryWrite($"receptive field: image rows {field.Top}..{field.Bottom}, cols {field.Left}..{field.Right} (outlined)", out n);
        y = PanelStyle.Wrapped(r, text[..n], x, y, w, Color.Dim, 2) + 4;
        y = e.Kind switch
        {
            ExplainKind.Convolution => DrawConvolution(r, e, x, y, w, text),
            ExplainKind.MaxPool or ExplainKind.AveragePool => DrawPool(r, e, x, y, w, text),
            ExplainKind.Dense => DrawDense(r, e, x, y, w, text),
            _ => DrawCopy(r, e, x, y, w, text),
        };
        if (e.ActivationName is not null)
        {
            text.TryWrite($"{e.ActivationName} = f({e.Computed:F4}) = {e.Activated:F4}", out n);
            y = PanelStyle.Wrapped(r, text[..n], x, y, w, Color.Text, 2);
        }
        if (e.Logits.Length > 0) y = DrawSoftmax(r, e, x, y + 4, w, text);
        text.TryWrite($"layer output {e.Actual:F4}; recomputed {e.Value:F4}", out n);
        if (y + 2 * line <= Area.Bottom) PanelStyle.Wrapped(r, text[..n], x, y + 4, w, Color.Right, 2);
    }

    private float DrawConvolution(Renderer2D r, Explanation e, float x, float y, float w, Span<char> text)
    {
        float line = Renderer2D.LineHeight;
        PanelStyle.FitText(r, "z = Σ x·w + b over every input channel k:", x, y, w, Color.Text);
        y += line + 2;
        int size = e.TermHeight * e.TermWidth;
        bool numbers = e.TermChannels == 1 && e.TermWidth * 6 * 8 <= w;
        if (numbers)
        {
            // Three small tables: the patch x, the kernel w, the products x·w, one number per cell.
            y = Table(r, "patch x (0 in the padding)", e.Inputs, e.TermHeight, e.TermWidth, x, y, text);
            y = Table(r, "kernel w", e.Weights, e.TermHeight, e.TermWidth, x, y, text);
            y = Table(r, "products x·w", e.Products, e.TermHeight, e.TermWidth, x, y, text);
        }
        else if (_patch is not null && _shown == e)
        {
            PanelStyle.FitText(r, "k: patch x | kernel w | x·w   Σ_k", x, y, w, Color.Dim);
            y += line;
            float tile = MathF.Min(4 * e.TermHeight, (Area.Bottom - y - 60) / e.TermChannels - 2);
            var (plo, phi) = Range(e.Inputs);
            var (wlo, whi) = PanelStyle.Symmetric(Range(e.Weights));
            var (qlo, qhi) = PanelStyle.Symmetric(Range(e.Products));
            for (int k = 0; k < e.TermChannels && tile >= 3; k++)
            {
                text.TryWrite($"{k}", out int n);
                r.DrawText(text[..n], x, y + 2, 1, Color.Dim);
                r.DrawGrid(_patch, k, new RectF(x + 20, y, tile, tile), Colormap.Sequential, plo, phi > plo ? phi : plo + 1);
                r.DrawGrid(_kernel!, k, new RectF(x + 24 + tile, y, tile, tile), Colormap.Diverging, wlo, whi);
                r.DrawGrid(_products!, k, new RectF(x + 28 + 2 * tile, y, tile, tile), Colormap.Diverging, qlo, qhi);
                double partial = 0;
                for (int i = k * size; i < (k + 1) * size; i++) partial += e.Products[i];
                text.TryWrite($"{partial:F3}", out n);
                r.DrawText(text[..n], x + 36 + 3 * tile, y + 2, 1, Color.Text);
                y += tile + 2;
            }
        }
        text.TryWrite($"Σ x·w = {e.Sum:F4}", out int m);
        PanelStyle.FitText(r, text[..m], x, y + 2, w, Color.Text);
        text.TryWrite($"+ bias {e.Bias:F4} = z = {e.Computed:F4}", out m);
        PanelStyle.FitText(r, text[..m], x, y + 2 + line, w, Color.Text);
        return y + 2 + 2 * line;
    }

    private float Table(Renderer2D r, ReadOnlySpan<char> title, float[] values, int rows, int cols, float x, float y, Span<char> text, int winner = -1)
    {
        r.DrawText(title, x, y, 1, Color.Dim);
        y += Renderer2D.LineHeight;
        for (int s = 0; s < rows; s++)
        {
            for (int t = 0; t < cols; t++)
            {
                int i = s * cols + t;
                text.TryWrite($"{values[i],6:F2}", out int n);
                r.DrawText(text[..n], x + t * 48, y, 1, i == winner ? Color.Accent : values[i] < 0 ? Color.Train : Color.Text);
            }
            y += Renderer2D.LineHeight;
        }
        return y + 4;
    }

    private float DrawPool(Renderer2D r, Explanation e, float x, float y, float w, Span<char> text)
    {
        bool max = e.Kind == ExplainKind.MaxPool;
        y = Table(r, max ? "window (the winner in yellow; ties: the first)" : "window", e.Inputs, e.TermHeight, e.TermWidth, x, y, text, max ? e.Winner : -1);
        int n;
        if (max) text.TryWrite($"max = {e.Computed:F4}", out n);
        else text.TryWrite($"mean = {e.Sum:F4} / {e.Inputs.Length} = {e.Computed:F4}", out n);
        PanelStyle.FitText(r, text[..n], x, y, w, Color.Text);
        return y + Renderer2D.LineHeight;
    }

    private float DrawDense(Renderer2D r, Explanation e, float x, float y, float w, Span<char> text)
    {
        float line = Renderer2D.LineHeight;
        text.TryWrite($"z = Σ x_i·w_i + b over {e.SourceInputs} inputs; largest:", out int n);
        PanelStyle.FitText(r, text[..n], x, y, w, Color.Text);
        y += line;
        for (int i = 0; i < e.Terms.Length && y < Area.Bottom - 8 * line; i++)
        {
            text.TryWrite($"in {e.Terms[i],4}: {e.Inputs[i],7:F3} · {e.Weights[i],7:F3} = {e.Products[i],7:F3}", out n);
            PanelStyle.FitText(r, text[..n], x, y, w, e.Products[i] < 0 ? Color.Train : Color.Text);
            y += line;
        }
        text.TryWrite($"Σ all = {e.Sum:F4} + bias {e.Bias:F4} = z = {e.Computed:F4}", out n);
        PanelStyle.FitText(r, text[..n], x, y + 2, w, Color.Text);
        return y + 2 + line;
    }

    private static float DrawCopy(Renderer2D r, Explanation e, float x, float y, float w, Span<char> text)
    {
        text.TryWrite($"input value {e.Inputs[0]:F4} (unit {e.Terms[0]} of the layer below)", out int n);
        PanelStyle.FitText(r, text[..n], x, y, w, Color.Text);
        return y + Renderer2D.LineHeight;
    }

    private float DrawSoftmax(Renderer2D r, Explanation e, float x, float y, float w, Span<char> text)
    {
        PanelStyle.FitText(r, "softmax p_k = e^z_k / Σ_j e^z_j:", x, y, w, Color.Text);
        y += Renderer2D.LineHeight;
        for (int k = 0; k < e.Logits.Length && y < Area.Bottom - 2 * Renderer2D.LineHeight; k++)
        {
            text.TryWrite($"{k}: z {e.Logits[k],7:F3}  p {e.Probabilities[k] * 100,6:F2}%", out int n);
            PanelStyle.FitText(r, text[..n], x, y, w, k == e.Channel ? Color.Accent : Color.Dim);
            y += Renderer2D.LineHeight;
        }
        return y;
    }

    private static (float Lo, float Hi) Range(ReadOnlySpan<float> v) => Engine.Views.LayerCard.Range(v);
}

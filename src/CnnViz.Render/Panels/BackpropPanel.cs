using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// Drawn over the bottom of the layer stack while there is something to say about backpropagation:
/// the phase just run with its formula (and the active layer's row framed in yellow: its output after a
/// forward phase, its gradients after a backward one), the last gradcheck's lines while they describe the
/// current step, and the knocked-out kernel with the held-out accuracy before and after.
/// </summary>
internal sealed class BackpropPanel
{
    private readonly List<string> _lines = new(16);   // reused: filled only when something changed
    private long _seen = -1;

    public void Draw(Renderer2D r, SessionViews views, LayerStackPanel stack)
    {
        var inspection = views.Inspection;
        int active = inspection.ActiveLayer;
        if (active >= 0)
            foreach (var row in stack.Rows)
                if (row.LayerIndex <= active && active <= row.DisplayIndex && row.LastArea.W > 0)
                    r.DrawRectLines(row.LastArea, 2, Color.Accent);

        if (views.Version != _seen) Fill(views);
        if (_lines.Count == 0) return;
        r.NextLayer();   // the box covers the text drawn below it
        RectF area = stack.Area;
        float height = _lines.Count * 11 + 8;
        var box = new RectF(area.X + 4, area.Bottom - height - 4, area.W - 8, height);
        r.DrawRect(box, Color.Background);
        r.DrawRectLines(box, 1, Color.Accent);
        for (int i = 0; i < _lines.Count; i++)
            PanelStyle.FitText(r, _lines[i], box.X + 6, box.Y + 5 + i * 11, box.W - 12, i == 0 && active >= 0 ? Color.Accent : Color.Text);
    }

    private void Fill(SessionViews views)
    {
        _seen = views.Version;
        _lines.Clear();
        var inspection = views.Inspection;
        if (inspection.PhaseTitle is { } title)
        {
            _lines.Add($"phase {inspection.PhasesDone}/{inspection.PhaseCount}: {title}" +
                (inspection.NextPhaseTitle is { } next ? $"   (B: next, {next}; Shift+B: finish the step)" : "   (step done)"));
            _lines.Add(inspection.PhaseFormula!);
            if (inspection.LastPhase is { Layer: >= 0 })
                _lines.Add(inspection.ActiveIsBackward ? "showing dL/dW on the kernels and dL/dmap on the maps, as just computed"
                    : "showing the output this layer just computed (the rows below still hold the last step)");
        }
        if (inspection.GradientCheck is { } check && inspection.GradientCheckStep == views.Step)
            foreach (string line in check.Lines()) if (!line.StartsWith("      at ")) _lines.Add(line);
        if (inspection.Knockout is { } knockout) _lines.Add(knockout.ToString().Replace("'restore'", "Shift+X"));
        for (int i = 0; i < _lines.Count; i++) _lines[i] = Ascii(_lines[i]);
    }

    // The bitmap font has ASCII only: the formulas' symbols spelled out.
    private static readonly (string From, string To)[] Symbols =
    [
        ("Σₙ,ᵢ,ⱼ", "sum_n,i,j "), ("Σₖ,ₛ,ₜ", "sum_k,s,t "), ("Σₙ", "sum_n "), ("Σ", "sum "), ("ᵀ", "^T"), ("‖", "|"), ("⊙", "*"), ("∗", "*"),
        ("←", "<-"), ("→", "->"), ("−", "-"), ("·", "."), ("α", "a"), ("μ", "mu"), ("β₁", "b1"), ("β₂", "b2"), ("ε", "eps"),
        ("m̂", "m^"), ("v̂", "v^"), ("√", "sqrt"), ("²", "^2"), ("θ", "t"), ("≤", "<="), ("≈", "~"), ("×", "x"), ("ₙ", "_n"),
        ("₀", "0"), ("Δ", "d"), ("…", "..."), ("'", "'"),
    ];

    private static string Ascii(string text)
    {
        foreach (var (from, to) in Symbols) text = text.Replace(from, to);
        return text;
    }
}

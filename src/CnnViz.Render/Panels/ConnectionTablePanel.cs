using System.Globalization;
using CnnViz.Engine.Views;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// T: the connection table of the model's masked convolution (lenet5-1998's C3, the paper's Table I) over the graphs:
/// a row per input map (S2), a column per output map (C3), a filled cell where the input map feeds the output map.
/// Under it the paper's reason and the parameter count with the numbers in:
/// <code>
/// C3 map m = Σ over its connected S2 maps k of (5×5 kernel w[m,k] ∗ S2 map k) + b[m]
/// 60 of 96 pairs · 5·5 + 16 biases = 1,516 trainable (fully connected: 2,416)
/// </code>
/// Every string is built when the model changes (<see cref="Update"/>), so drawing allocates nothing.
/// </summary>
internal sealed class ConnectionTablePanel(RectF area)
{
    private static readonly string[] Numbers = [.. Enumerable.Range(0, 32).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    private ConnectionTableView? _layer;
    private bool[,] _table = new bool[0, 0];   // (inputs, outputs)
    private int[] _perOutput = [];             // how many input maps feed each output map
    private string _title = "", _rows = "", _columns = "", _count = "", _formula = "", _full = "";

    public RectF Area { get; } = area;

    private const float LabelWidth = 20;
    private RectF Content => new(Area.X + 6, Area.Y + PanelStyle.TitleHeight + 4, Area.W - 12, Area.H - PanelStyle.TitleHeight - 10);
    private float CellSize => MathF.Floor(MathF.Min((Content.W - LabelWidth) / Math.Max(1, _table.GetLength(1)), 22));

    /// <summary>The square of input map <paramref name="k"/> and output map <paramref name="m"/> (tests read its pixels).</summary>
    public RectF Cell(int k, int m)
    {
        float cell = CellSize;
        return new RectF(Content.X + LabelWidth + m * cell + 1, Content.Y + 48 + k * cell + 1, cell - 2, cell - 2);
    }

    /// <summary>Reads the table of the model's masked convolution when the model instance changed.</summary>
    public void Update(SessionViews views)
    {
        var layer = views.ConnectionTable;
        if (ReferenceEquals(layer, _layer)) return;
        _layer = layer;
        if (layer is null) return;
        int inputs = layer.Inputs, outputs = layer.Outputs, connected = layer.Pairs, area = layer.KernelArea;
        _table = new bool[inputs, outputs];
        _perOutput = new int[outputs];
        for (int k = 0; k < inputs; k++)
            for (int m = 0; m < outputs; m++)
                if (_table[k, m] = layer.Connected(k, m)) _perOutput[m]++;
        string name = layer.Name.ToUpperInvariant();
        _title = $"{layer.Name} connection table (Table I)";
        _rows = "rows: input map k (S2)";
        _columns = $"columns: {name} map m; filled: k feeds m";
        _count = $"{connected} of {inputs * outputs} pairs connected";
        _formula = string.Create(CultureInfo.InvariantCulture, $"{connected}·{area} + {outputs} = {connected * area + outputs:N0} trainable");
        _full = string.Create(CultureInfo.InvariantCulture, $"(all {inputs * outputs} pairs: {inputs * outputs * area + outputs:N0})");
    }

    public void Draw(Renderer2D r)
    {
        r.NextLayer();                    // over the graphs it replaces, their text included
        r.DrawRect(Area, Color.Panel);
        var content = PanelStyle.Frame(r, Area, _title);
        if (_layer is null) return;
        int inputs = _table.GetLength(0), outputs = _table.GetLength(1);
        PanelStyle.FitText(r, _rows, content.X, content.Y, content.W, Color.Dim);
        PanelStyle.FitText(r, _columns, content.X, content.Y + 12, content.W, Color.Dim);

        // The grid: a label column (input map numbers), a header row (output map numbers), then inputs × outputs cells.
        float cell = CellSize, left = content.X + LabelWidth, top = content.Y + 26;
        for (int m = 0; m < outputs; m++)   // odd columns one line up: two-digit numbers are as wide as a cell
            r.DrawText(Numbers[m % Numbers.Length], left + m * cell + (m < 10 ? cell / 2 - 4 : cell / 2 - 8), top + (m % 2 == 0 ? 10 : 0), 1, Color.Dim);
        for (int k = 0; k < inputs; k++)
        {
            r.DrawText(Numbers[k % Numbers.Length], content.X + 4, Cell(k, 0).Y + cell / 2 - 5, 1, Color.Dim);
            for (int m = 0; m < outputs; m++)
            {
                RectF box = Cell(k, m);
                if (_table[k, m]) r.DrawRect(box, Color.Accent);
                else r.DrawRectLines(box, 1, Color.Frame);
            }
        }
        // How many inputs each output map sees, under its column.
        float below = Cell(inputs - 1, 0).Bottom + 3;
        for (int m = 0; m < outputs; m++)
            r.DrawText(Numbers[_perOutput[m] % Numbers.Length], left + m * cell + cell / 2 - 4, below, 1, Color.Text);
        r.DrawText("n", content.X + 4, below, 1, Color.Dim);

        float y0 = below + 18;
        foreach (string line in Notes) { PanelStyle.FitText(r, line, content.X, y0, content.W, Color.Text); y0 += 12; }
        y0 += 6;
        PanelStyle.FitText(r, _count, content.X, y0, content.W, Color.Accent);
        PanelStyle.FitText(r, _formula, content.X, y0 + 12, content.W, Color.Accent);
        PanelStyle.FitText(r, _full, content.X, y0 + 24, content.W, Color.Accent);
        PanelStyle.FitText(r, "T hides this table", content.X, y0 + 42, content.W, Color.Dim);
    }

    private static readonly string[] Notes =
    [
        "n: S2 maps feeding each column.",
        "Paper, II-B: maps 0-5 see 3",
        "neighbouring S2 maps, 6-11 see 4",
        "neighbours, 12-14 four not all",
        "neighbours, 15 all six.",
        "Why: fewer connections, and the",
        "different inputs break symmetry:",
        "the maps learn different features.",
    ];
}

using CnnViz.Render.Gfx;

namespace CnnViz.Render.Layout;

/// <summary>The panels of the window, each with one rectangle in <see cref="WindowLayout"/>.</summary>
public enum PanelId
{
    Header, Batch, Confusion, Mistakes,           // left column (below the header): batch, training mistakes,
    HeldOutMistakes,                              // held-out mistakes, confusion
    Pinned, Layers,                               // middle column: the followed digit, then the network
    Loss, Accuracy, HeldOut, Status,              // right column
    Explain,                                      // the math of a clicked value: over the right column while open
}

/// <summary>
/// Where every panel goes, for any framebuffer from 1024×600 to 3840×2160: pure arithmetic, no GL.
/// <list type="bullet">
/// <item>The interface scale is a whole number (the 8×8 font at 1, 2 or 3 pixels per font pixel stays crisp):
/// s = max(1, min(⌊W/1280⌋, ⌊H/720⌋)); the layout is then computed in logical units, W/s × H/s.</item>
/// <item>Three columns: left (mini-batch, confusion, mistakes) and right (graphs, held-out strip, status) get
/// about a quarter of the width each, between 250 and 420 units; the network takes the rest.</item>
/// <item>Below 720 logical rows the confusion matrix folds away, below 640 the status panel too;
/// <see cref="Folded"/> names them and the header says so.</item>
/// </list>
/// Every rectangle lies inside the logical framebuffer and no two overlap (tests check 1024×600 … 3840×2160).
/// </summary>
public sealed class WindowLayout
{
    public const float Gutter = 6, HeaderHeight = 32, TitleHeight = 16;
    private readonly RectF[] _rects = new RectF[Enum.GetValues<PanelId>().Length];
    private readonly bool[] _shown = new bool[Enum.GetValues<PanelId>().Length];

    public WindowLayout(int framebufferWidth, int framebufferHeight)
    {
        if (framebufferWidth < 1 || framebufferHeight < 1)
            throw new ArgumentOutOfRangeException(nameof(framebufferWidth), $"A framebuffer of {framebufferWidth}×{framebufferHeight} has no pixels.");
        FramebufferWidth = framebufferWidth;
        FramebufferHeight = framebufferHeight;
        Scale = Math.Max(1, Math.Min(framebufferWidth / 1280, framebufferHeight / 720));
        Width = framebufferWidth / Scale;
        Height = framebufferHeight / Scale;
        Compute();
        var folded = new List<string>();
        if (!IsShown(PanelId.Confusion)) folded.Add("confusion matrix");
        if (!IsShown(PanelId.Status)) folded.Add("run details");
        Folded = folded;
        FoldedNote = folded.Count == 0 ? null : $"small screen, folded away:\n{string.Join(", ", folded)}";
    }

    public int FramebufferWidth { get; }
    public int FramebufferHeight { get; }

    /// <summary>Framebuffer pixels per layout unit, a whole number ≥ 1; text is drawn at this scale.</summary>
    public int Scale { get; }

    /// <summary>The logical size the panels are laid out in: framebuffer / Scale.</summary>
    public float Width { get; }
    public float Height { get; }

    /// <summary>Panels left out because the screen is small (empty when everything fits).</summary>
    public IReadOnlyList<string> Folded { get; }

    /// <summary>The two lines the left column ends with when something is folded; null otherwise.</summary>
    public string? FoldedNote { get; }

    public bool IsShown(PanelId id) => _shown[(int)id];

    /// <summary>The panel's rectangle in logical units (empty when folded).</summary>
    public RectF this[PanelId id] => _rects[(int)id];

    /// <summary>The strip at the top of a panel that holds its title.</summary>
    public RectF TitleBox(PanelId id) => this[id] with { H = Math.Min(TitleHeight, this[id].H) };

    /// <summary>Every shown panel (not the <see cref="PanelId.Explain"/> overlay), for drawing the gutters and for tests.</summary>
    public IEnumerable<PanelId> Shown => Enum.GetValues<PanelId>().Where(IsShown);

    private void Set(PanelId id, float x, float y, float w, float h)
    {
        _rects[(int)id] = new RectF(x, y, MathF.Floor(w), MathF.Floor(h));
        _shown[(int)id] = true;
    }

    private void Compute()
    {
        const float g = Gutter;
        float top = HeaderHeight + g, bottom = Height - g, columnHeight = bottom - top;
        float side = Math.Clamp(MathF.Floor(Width * 0.245f), 250, 420); // 313 at 1280: 8 batch digits a row
        float colA = g, colC = Width - g - side, colB = colA + side + g, widthB = colC - g - colB;
        Set(PanelId.Header, 0, 0, Width, HeaderHeight);

        // Left: the mini-batch gets what it needs for 8×8 digits at up to 2× (a square), then the training mistakes
        // (rows of 48: a digit and two caption lines), the held-out mistakes (rows of 44: a digit and one caption) and
        // the confusion matrix, which gets the rest.
        bool confusion = Height >= 720;
        float batch = MathF.Min(side + 72, columnHeight * (confusion ? 0.5f : 0.58f)); // 8 rows of 8 digits at 1280×800
        Set(PanelId.Batch, colA, top, side, batch);
        float y = top + batch + g, rest = bottom - y, title = TitleHeight + 4;
        float training = title + (confusion && rest >= 480 ? 2 : 1) * 48 + 4;
        Set(PanelId.Mistakes, colA, y, side, training);
        y += training + g;
        if (confusion)
        {
            float heldOut = title + 2 * 44;
            Set(PanelId.HeldOutMistakes, colA, y, side, heldOut);
            y += heldOut + g;
            Set(PanelId.Confusion, colA, y, side, bottom - y);
        }
        else Set(PanelId.HeldOutMistakes, colA, y, side, bottom - y);

        // Middle: the pinned digit (its image, probabilities and where it came from), then the network.
        float pinned = 84;
        Set(PanelId.Pinned, colB, top, widthB, pinned);
        Set(PanelId.Layers, colB, top + pinned + g, widthB, bottom - (top + pinned + g));

        // Right: two graphs, the held-out strip (one digit per class with top-3 bars), the run's details.
        bool status = Height >= 640;
        float strip = 112, statusHeight = status ? MathF.Min(150, columnHeight * 0.2f) : 0;
        float graphs = columnHeight - strip - statusHeight - (status ? 3 : 2) * g;
        float graph = MathF.Floor(graphs / 2);
        Set(PanelId.Loss, colC, top, side, graph);
        Set(PanelId.Accuracy, colC, top + graph + g, side, graph);
        float stripTop = top + 2 * (graph + g);
        Set(PanelId.HeldOut, colC, stripTop, side, strip);
        if (status) Set(PanelId.Status, colC, stripTop + strip + g, side, bottom - (stripTop + strip + g));

        // The math of a clicked value covers the whole right column while it is open (the graphs come back when it closes).
        _rects[(int)PanelId.Explain] = new RectF(colC, top, side, columnHeight);
    }

    /// <summary>Where a text line of <paramref name="chars"/> characters at (x, y) would be, at font scale 1 (8×8 glyphs, 10 units a line).</summary>
    public static RectF TextBox(float x, float y, int chars) => new(x, y, chars * 8, 8);
}

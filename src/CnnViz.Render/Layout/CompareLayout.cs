using CnnViz.Render.Gfx;

namespace CnnViz.Render.Layout;

/// <summary>
/// Where the panels of a comparison go (any framebuffer from 1024×600; the same integer scale as <see cref="WindowLayout"/>):
/// <code>
/// ┌ header: the focused run, both steps, RUNNING/PAUSED ──────────────────────────────────────┐
/// │ loss: A and B        │ run A: followed digit      │ run B: followed digit                │
/// │ accuracy: A and B    │ run A's layer stack        │ run B's layer stack                  │
/// │ timeline scrub bar   │                            │                                      │
/// │ difference + strip   │                            │                                      │
/// │ confusion A │ conf B │                            │                                      │
/// └──────────────────────────────────────────────────────────────────────────────────────────┘
/// </code>
/// Below 720 logical rows the two confusion matrices fold away (the header says so). Pure arithmetic, no GL.
/// </summary>
public sealed class CompareLayout
{
    public const float Gutter = WindowLayout.Gutter, HeaderHeight = WindowLayout.HeaderHeight, RunTitleHeight = 14;
    public const float ScrubHeight = 50, DifferenceHeight = 124;

    public CompareLayout(int framebufferWidth, int framebufferHeight)
    {
        FramebufferWidth = framebufferWidth;
        FramebufferHeight = framebufferHeight;
        Scale = Math.Max(1, Math.Min(framebufferWidth / 1280, framebufferHeight / 720));
        Width = framebufferWidth / Scale;
        Height = framebufferHeight / Scale;
        const float g = Gutter;
        float top = HeaderHeight + g, bottom = Height - g, column = bottom - top;
        float side = Math.Clamp(MathF.Floor(Width * 0.3f), 300, 480);
        Header = new RectF(0, 0, Width, HeaderHeight);
        ShowsConfusion = Height >= 720;
        float confusion = ShowsConfusion ? MathF.Min(212, MathF.Floor((side - g) / 2) + 36) : 0;
        float graph = MathF.Floor((column - ScrubHeight - DifferenceHeight - confusion - (ShowsConfusion ? 4 : 3) * g) / 2);
        Loss = new RectF(g, top, side, graph);
        Accuracy = new RectF(g, Loss.Bottom + g, side, graph);
        Scrub = new RectF(g, Accuracy.Bottom + g, side, ScrubHeight);
        Difference = new RectF(g, Scrub.Bottom + g, side, DifferenceHeight);
        float half = MathF.Floor((side - g) / 2);
        if (ShowsConfusion)
        {
            ConfusionA = new RectF(g, Difference.Bottom + g, half, bottom - Difference.Bottom - g);
            ConfusionB = new RectF(g + half + g, Difference.Bottom + g, side - half - g, ConfusionA.H);
        }
        float x = g + side + g, run = MathF.Floor((Width - x - 2 * g) / 2);
        RunTitleA = new RectF(x, top, run, RunTitleHeight);
        RunTitleB = new RectF(x + run + g, top, Width - g - (x + run + g), RunTitleHeight);
        PinnedA = new RectF(x, RunTitleA.Bottom, run, 84);
        PinnedB = new RectF(RunTitleB.X, RunTitleB.Bottom, RunTitleB.W, 84);
        IsCompact = run < 440;
        float note = IsCompact ? 12 : 0;   // a line under the stacks saying they are compact
        LayersA = new RectF(x, PinnedA.Bottom + g, run, bottom - PinnedA.Bottom - g - note);
        LayersB = new RectF(RunTitleB.X, PinnedB.Bottom + g, RunTitleB.W, LayersA.H);
        Note = new RectF(x, LayersA.Bottom, Width - g - x, note);
    }

    public int FramebufferWidth { get; }
    public int FramebufferHeight { get; }
    public int Scale { get; }
    public float Width { get; }
    public float Height { get; }
    public RectF Header { get; }
    public RectF Loss { get; }
    public RectF Accuracy { get; }
    public RectF Scrub { get; }
    public RectF Difference { get; }
    public RectF ConfusionA { get; }
    public RectF ConfusionB { get; }
    public RectF RunTitleA { get; }
    public RectF RunTitleB { get; }
    public RectF PinnedA { get; }
    public RectF PinnedB { get; }
    public RectF LayersA { get; }
    public RectF LayersB { get; }

    /// <summary>The line under the stacks (empty unless <see cref="IsCompact"/>).</summary>
    public RectF Note { get; }

    /// <summary>False below 720 logical rows: the confusion matrices are folded.</summary>
    public bool ShowsConfusion { get; }

    /// <summary>Each run's stack is narrower than the single-run window's: its maps are drawn smaller.</summary>
    public bool IsCompact { get; }

    public RectF Column(int run) => run == 0 ? new RectF(RunTitleA.X, RunTitleA.Y, RunTitleA.W, LayersA.Bottom - RunTitleA.Y)
        : new RectF(RunTitleB.X, RunTitleB.Y, RunTitleB.W, LayersB.Bottom - RunTitleB.Y);

    /// <summary>Every panel rectangle, for the gutters and for tests (no two overlap, all inside the frame).</summary>
    public IEnumerable<RectF> Panels()
    {
        yield return Loss; yield return Accuracy; yield return Scrub; yield return Difference;
        if (ShowsConfusion) { yield return ConfusionA; yield return ConfusionB; }
        yield return RunTitleA; yield return RunTitleB; yield return PinnedA; yield return PinnedB; yield return LayersA; yield return LayersB;
    }
}

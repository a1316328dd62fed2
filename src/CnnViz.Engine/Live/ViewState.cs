namespace CnnViz.Engine.Live;

/// <summary>
/// What the window shows and how fast it trains: everything the keys change that is not the training
/// session itself. A plain record of facts, each stored here only: the <see cref="FrameController"/> writes
/// it (through commands), the renderer and the key bindings only read it.
/// </summary>
public sealed class ViewState
{
    public const int MaxBatchesPerFrame = 64;

    /// <summary>Space: the window does not step while paused (N still trains one mini-batch). Headless runs never pause.</summary>
    public bool Paused { get; set; }

    /// <summary>
    /// How fast the window trains: N mini-batches per frame or one every F frames ("speed 8", "speed 1/30"; + and − walk
    /// <see cref="Pace.Ladder"/>). The window's default is <see cref="DefaultPace"/>.
    /// </summary>
    public Pace Pace { get; set; } = Pace.One;

    /// <summary>
    /// The window starts at 1 step every 2 frames (≈ 30 steps/s): an epoch of the committed sample lasts ≈ 4 s instead of 2,
    /// slow enough to watch single steps change the maps, fast enough to see accuracy climb within a minute.
    /// </summary>
    public static readonly Pace DefaultPace = new(1, 2);

    /// <summary>Whole mini-batches per frame (the pace's numerator): headless "resume" trains in chunks of this size.</summary>
    public int BatchesPerFrame => Pace.Steps;

    /// <summary>G: kernels show dL/dW and maps show dL/d(map) instead of values.</summary>
    public bool ShowGradients { get; set; }

    /// <summary>P: overlay each max-pool's switches (the input pixel that won each max) on the maps it pooled.</summary>
    public bool ShowSwitches { get; set; }

    /// <summary>D: the mouse draws a digit on <see cref="Canvas"/>; the layers show the network's response to it.</summary>
    public bool DrawMode { get; set; }

    /// <summary>O: the batch panel shows the images before their distortion (--augment) instead of as trained.</summary>
    public bool ShowOriginal { get; set; }

    /// <summary>T: the connection table of the model's masked convolution (lenet5-1998's C3) over the graphs.</summary>
    public bool ShowConnections { get; set; }

    /// <summary>H: the help over everything, page 1 (what each panel shows) or 2 (the keys); 0 when closed.</summary>
    public int HelpPage { get; set; }

    public const int HelpPages = 2;

    public bool ShowHelp => HelpPage > 0;

    /// <summary>The value under the mouse (its number is drawn beside it), or null.</summary>
    public HoverTarget? Hover { get; set; }

    /// <summary>The draw-mode canvas.</summary>
    public DrawCanvas Canvas { get; } = new();

    /// <summary>Where S saves screenshots (relative paths of the `screenshot` command are kept as given).</summary>
    public string ScreenshotDirectory { get; set; } = ".";

    /// <summary>A screenshot path requested this frame (S); the loop saves the finished frame there.</summary>
    public string? PendingScreenshot { get; set; }

    /// <summary>The screenshot a command asked for, once (then cleared): the loop saves the frame it just drew there.</summary>
    public string? TakeScreenshotRequest()
    {
        string? path = PendingScreenshot;
        PendingScreenshot = null;
        return path;
    }

    /// <summary>The last status line (a command's result or error), shown in the HUD.</summary>
    public string Status { get; set; } = "Space pause · N step · +/- speed · H help";

    /// <summary>Timings of the last frame, milliseconds, and frames per second (smoothed).</summary>
    public double TrainMs { get; set; }
    public double UploadMs { get; set; }
    public double DrawMs { get; set; }
    public double Fps { get; set; }

    /// <summary>Keeps a drawn frame's upload and draw times; null (a headless frame that was not drawn) keeps the last figures.</summary>
    public void KeepTimings(double? uploadMs, double? drawMs)
    {
        if (uploadMs is { } u) UploadMs = u;
        if (drawMs is { } d) DrawMs = d;
    }
}

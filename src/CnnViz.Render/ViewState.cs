namespace CnnViz.Render;

/// <summary>
/// What the window shows and how fast it trains: everything the keys change that is not the training
/// session itself. Update writes it; Draw only reads it.
/// </summary>
public sealed class ViewState
{
    public const int MaxBatchesPerFrame = 64;

    public bool Paused { get; set; }

    /// <summary>Mini-batches trained per frame (+ / − double and halve it, 1..<see cref="MaxBatchesPerFrame"/>).</summary>
    public int BatchesPerFrame { get; set; } = 1;

    /// <summary>G: kernels show dL/dW and maps show dL/d(map) instead of values.</summary>
    public bool ShowGradients { get; set; }

    /// <summary>P: overlay each max-pool's switches (the input pixel that won each max) on the maps it pooled.</summary>
    public bool ShowSwitches { get; set; }

    /// <summary>D: the mouse draws a digit on a 28×28 canvas; the layers show the network's response to it.</summary>
    public bool DrawMode { get; set; }

    /// <summary>H: the key table over everything.</summary>
    public bool ShowHelp { get; set; }

    /// <summary>Set by `quit` (Esc, Q): the loop ends after this frame.</summary>
    public bool QuitRequested { get; set; }

    /// <summary>The draw-mode canvas, (28, 28) pixels in [0, 1], and a counter bumped on every change.</summary>
    public float[] Canvas { get; } = new float[28 * 28];
    public long CanvasVersion { get; set; }

    /// <summary>Where S saves screenshots (relative paths of the `screenshot` command are kept as given).</summary>
    public string ScreenshotDirectory { get; set; } = ".";

    /// <summary>A screenshot path requested this frame (S); the loop saves the finished frame there.</summary>
    public string? PendingScreenshot { get; set; }

    /// <summary>The last status line (a command's result or error), shown in the HUD.</summary>
    public string Status { get; set; } = "Space pause · N step · +/- speed · H help";

    /// <summary>Timings of the last frame, milliseconds, and frames per second (smoothed).</summary>
    public double TrainMs { get; set; }
    public double UploadMs { get; set; }
    public double DrawMs { get; set; }
    public double Fps { get; set; }

    /// <summary>GLSL log of a failed shader hot reload (the previous program is still drawing), or null.</summary>
    public string? ShaderError { get; set; }
}

using CnnViz.Engine.Live;
using CnnViz.Engine.Views;
using CnnViz.Render.Platform;

namespace CnnViz.Render;

/// <summary>
/// Turns a key press into a command line of the same small language headless scripts use
/// (`pause`, `step 1`, `speed 4`, `lr 0.005`, …; see <see cref="WindowCommands"/>), so every key is also scriptable.
/// The table below is the one the help overlay (H) shows.
/// </summary>
public static class KeyBindings
{
    /// <summary>(keys, what they do) for the help overlay and the README.</summary>
    public static readonly (string Keys, string Action)[] Help =
    [
        ("Space", "pause / resume training"),
        ("N  or  Right", "train one mini-batch (while paused)"),
        ("+  /  -", "faster / slower: 1 step per 60 frames .. 64 per frame"),
        ("R  /  Shift+R", "restart with the same seed / a new seed"),
        ("Tab  /  Shift+Tab", "follow the next / previous digit of the batch"),
        ("V", "follow the next probe digit (one held-out digit per class)"),
        ("click", "a digit: follow it; a map value: its math (Esc closes)"),
        ("L  /  Shift+L", "zoom the next layer / back to all layers"),
        ("1 .. 9  /  0", "zoom layer row 1..9 (conv1 = 1) / all layers"),
        ("G", "show gradients dL/dW, dL/dmap instead of values"),
        ("P", "max-pool switches: on each conv map, the pixels a max picked"),
        ("D  /  C", "draw-a-digit mode / clear the canvas"),
        ("[  /  ]", "learning rate / 2  /  x 2"),
        ("B  /  Shift+B", "backprop: next phase of the step / finish it"),
        ("U", "what the updates change: dW, W - W0, |dW|/|W|"),
        ("K", "gradient check of the zoomed (or active) layer"),
        ("X  /  Shift+X", "knock out a kernel of the zoomed layer / restore"),
        ("O", "batch: original images / as distorted (--augment)"),
        ("T", "C3 connection table (lenet5-1998's Table I)"),
        ("A", "comparison: switch the run the keys act on"),
        ("PgUp / PgDn   ,  .", "timeline: snapshot back / on; one step back / on"),
        ("Home  /  End", "timeline: back to step 0 / on to the newest step"),
        ("S", "save a screenshot PNG (path in the status line)"),
        ("Ctrl+S", "save a checkpoint"),
        ("H", "this help"),
        ("Esc  or  Q", "quit"),
    ];

    /// <summary>The command for <paramref name="e"/>, or null when the key is not bound.</summary>
    public static string? ToCommand(InputEvent e, SessionViews views, ViewState state, bool explaining = false)
    {
        if (e.IsChar)
            return e.Char switch
            {
                '+' => $"speed {state.Pace.Faster().Argument}",
                '-' => $"speed {state.Pace.Slower().Argument}",
                '[' => FormattableString.Invariant($"lr {views.LearningRate / 2:G4}"),
                ']' => FormattableString.Invariant($"lr {views.LearningRate * 2:G4}"),
                '0' => "layer none",
                >= '1' and <= '9' => $"layer {DrawnLayer(views, e.Char - '1') ?? "none"}",
                ',' => TimelineKeys.Seek(views, TimelineKeys.Move.StepBack),
                '.' => TimelineKeys.Seek(views, TimelineKeys.Move.StepOn),
                _ => null,
            };
        bool shift = e.Mods.HasFlag(KeyMods.Shift), ctrl = e.Mods.HasFlag(KeyMods.Control);
        return e.Key switch
        {
            Keys.Space => state.Paused ? "resume" : "pause",
            Keys.N or Keys.Right => "step 1",
            Keys.KeypadAdd or Keys.KeypadSubtract => null, // arrive as '+' / '-' characters
            Keys.R => shift ? $"reset {views.Seed + 1}" : "reset",
            Keys.Tab => $"pin batch:{NextBatchPin(views, state, shift)}",
            Keys.V => "probe",
            Keys.L => shift ? "layer none" : $"layer {NextFocus(views)}",
            Keys.G => "gradients",
            Keys.P => "switches",
            Keys.D => "draw",
            Keys.C => "clear",
            Keys.S when ctrl => $"save cnnviz-step{views.Step}.ckpt",
            Keys.S => $"screenshot {Path.Combine(state.ScreenshotDirectory, $"cnnviz-step{views.Step}-{DateTime.Now:HHmmss}.png")}",
            Keys.B => shift ? "phase end" : "phase",
            Keys.U => "changes",
            Keys.K => "gradcheck",
            Keys.O => "original",
            Keys.T => "table",
            Keys.X => shift ? "restore" : $"knockout {KnockoutTarget(views)}",
            Keys.A => "focus",
            Keys.PageUp => TimelineKeys.Seek(views, TimelineKeys.Move.SnapshotBack),
            Keys.PageDown => TimelineKeys.Seek(views, TimelineKeys.Move.SnapshotOn),
            Keys.Home => TimelineKeys.Seek(views, TimelineKeys.Move.Start),
            Keys.End => TimelineKeys.Seek(views, TimelineKeys.Move.Newest),
            Keys.H or Keys.F1 => "help",
            Keys.Escape when state.ShowHelp => "help off",
            Keys.Escape when explaining => "explain off",
            Keys.Escape or Keys.Q => "quit",
            _ => null,
        };
    }

    /// <summary>"LAYER K": the zoomed layer (else conv1 or the first with weights), the kernel after the one knocked out.</summary>
    private static string KnockoutTarget(SessionViews views)
    {
        var layers = views.Layers;
        int index = -1;
        for (int i = 0; i < layers.Count; i++)
            if (layers[i].HasWeights && (layers[i].Name == views.FocusedLayer || (views.FocusedLayer is null && index < 0))) index = i;
        if (index < 0) index = 0;
        int kernels = layers[index].WeightShape.Count == 4 ? layers[index].WeightShape[0] : layers[index].OutputShape.C;
        int next = views.Inspection.KnockoutLayer == index ? (views.Inspection.KnockoutKernel + 1) % Math.Max(1, kernels) : 0;
        return $"{layers[index].Name} {next}";
    }

    /// <summary>Tab walks the batch: the sample after the pinned one (the selected sample, which Tab moves too).</summary>
    private static int NextBatchPin(SessionViews views, ViewState state, bool back) =>
        (views.SelectedSample + (back ? views.BatchCount - 1 : 1)) % Math.Max(1, views.BatchCount);

    /// <summary>The name of the k-th layer the window draws a row for (0 = the first), or null past the last.</summary>
    private static string? DrawnLayer(SessionViews views, int k)
    {
        foreach (var layer in views.Layers)
            if (Panels.LayerStackPanel.IsDrawn(layer) && k-- == 0) return layer.Name;
        return null;
    }

    /// <summary>The layer after the focused one among those the window draws (conv, pool, dense), or "none" after the last.</summary>
    private static string NextFocus(SessionViews views)
    {
        bool passed = views.FocusedLayer is null;
        foreach (var layer in views.Layers)
        {
            if (!Panels.LayerStackPanel.IsDrawn(layer)) continue;
            if (passed) return layer.Name;
            if (layer.Name == views.FocusedLayer) passed = true;
        }
        return "none";
    }
}

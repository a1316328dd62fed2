namespace CnnViz.Render.Panels;

/// <summary>
/// Help page 1: what every panel shows, its colours and units, in screen order. One entry per panel: where it is,
/// what it is called on screen, what it says (the overlay wraps the text to its width).
/// </summary>
internal static class HelpText
{
    public static readonly (string Panel, string Text)[] Panels =
    [
        ("header", "model | epoch (share done) | step = mini-batches trained | speed = steps per frame (1/F: one step every F frames) | optimizer, learning rate | batch size | images/s trained. Line 2: the last command's result, draw time and frames/s. Right: RUNNING, PAUSED or FINISHED."),
        ("training batch (left)", "the images of the mini-batch just trained, gray 0 = black .. 1 = white; under each its label (gray) and the net's guess (green right, red wrong, red frame). Yellow frame: the selected sample (Tab). Click one to follow it."),
        ("training mistakes", "the latest training images the net got wrong: true>guess, and the probability it gave its guess."),
        ("held-out mistakes", "test images (never trained on) among the scored ones that the net gets wrong now: guess>true. Click one to follow it."),
        ("confusion", "the last 1,000 training images: row = true class, column = guess; brightness = sqrt(share of the row), so rare confusions show. A bright diagonal: every class learned."),
        ("followed digit (middle, top)", "the image the network column shows, run through the net by itself with the current weights; it stays the same across steps. Bars: p(class), the softmax of the last layer; green = the guess when right, red when wrong; the true class's name in yellow."),
        ("the network", "one row per layer. Card line 1: type, hyper-parameters, parameter count with its formula. Line 2: output size (n + 2p - k)/s + 1 with the numbers, what is shown, its range. Kernels W: blue < 0, white 0, red > 0 (colour bar: the symmetric range). Maps: after ReLU, black 0 .. yellow = max (inferno); signed values use blue-white-red. Dense rows: one bar per unit, orange > 0, blue < 0. Hover: the value under the mouse. Click: its math. G: gradients dL/dW, dL/da of the selected batch sample instead. P: green = the pixel each max-pool window picked, on the conv map it pools. Yellow outline: the receptive field of the clicked value."),
        ("loss, accuracy (right)", "x = step. Blue line: training loss (cross-entropy) or accuracy, mean of the last 50 steps; orange squares: validation (the held-back end of the training file, scored at each epoch end); yellow lines eN: end of epoch N; top right: the latest blue value. Ticks at 1, 2, 5 x 10^k."),
        ("timeline (under accuracy)", "the run's saved snapshots from step 0 to the newest step; the marker is the step shown. PgUp/PgDn jump between snapshots, comma and period one step back or on (replayed bit for bit); the memory the snapshots use of their budget."),
        ("held-out test digits", "one test digit per class with the net's top 3 classes: bar length = probability, green = the true class. Held-out accuracy: share right of the first 500 test digits, 50 re-scored every step."),
        ("run", "data set, smoothed training loss and accuracy, the latest validation and test accuracy, messages."),
        ("what the update changed (U)", "over the graphs, per layer with weights: dW = W(t) - W(t-1) of the last step and W - W0 since the start (blue < 0, red > 0), and the ratio |dW|/|W| as a sparkline (log scale; healthy near 1e-3). While it is on, each ReLU map is washed red by its dead share: the zeros in that map over the last batch (all red: it passes no gradient back)."),
        ("backprop box (B)", "at the bottom of the network while a step runs phase by phase: the phase and its formula, the active layer framed (B next phase, Shift+B to the end). K adds a gradient check (relative error per tensor, PASS/FAIL); X knocks a kernel out and shows the held-out accuracy before and after."),
        ("the math (click a value)", "replaces the right column: for a conv value the input patch x, the kernel w, the products x.w, their sum + bias = z and the activation; for a pool its window; for a dense unit its largest inputs x.w; for an output the logits and the softmax. Esc closes."),
        ("class names", "cut to 3 letters where space is tight (T-s = T-shirt/top); the followed digit's bars show them in full."),
    ];
}

using System.Globalization;
using CnnViz.Core.Layers;
using CnnViz.Engine.Evaluation;
using CnnViz.Engine.Explain;
using CnnViz.Engine.Pinning;
using CnnViz.Engine.Views;

namespace CnnViz.Engine.Study;

/// <summary>
/// What the teaching window follows besides the batch, kept current once per frame by <see cref="Update"/>:
/// the pinned image and its own forward pass (every layer's maps for it, through <see cref="SessionViews.Probe"/>),
/// the explanation of one clicked value of those maps, and the held-out monitor (continuous accuracy, top-3
/// strip, held-out mistakes). GL-free: the window, headless scripts and tests drive it the same way.
/// <para>The pinned maps change only with the pinned image's own forward pass, which runs when the weights
/// moved (a new step, a reset, a load) or the pin changed; paused, they stay identical frame after frame.</para>
/// </summary>
public sealed class PinnedStudy
{
    private readonly TrainingSession _session;
    private Parameter[] _weights = [];
    private long _seenVersion = -1, _seenPin = -1, _seenModel = -1, _seenHeldOutStep = -1;

    public PinnedStudy(TrainingSession session, int heldOutSubset = 500, int heldOutSlice = 50)
    {
        _session = session;
        Pin = new PinnedImage(session.Data);
        Probes = new ProbeSet(session.Data.Test);
        HeldOut = new HeldOutMonitor(session.Config.Model.Create(), session.Data.Test, Probes.Indices, heldOutSubset, heldOutSlice);
        Views = new StudyViews(this);
        var names = session.Data.Test.ClassNames;
        IsDigits = session.Data.Test.Width == Core.Data.MnistCentering.Size && session.Data.Test.Height == Core.Data.MnistCentering.Size
            && names.Count == 10 && Enumerable.Range(0, 10).All(c => names[c] == c.ToString(CultureInfo.InvariantCulture));
        Update();
    }

    /// <summary>What the renderer reads.</summary>
    public StudyViews Views { get; }

    public PinnedImage Pin { get; }
    public ProbeSet Probes { get; }
    public HeldOutMonitor HeldOut { get; }

    /// <summary>The pinned image's maps and probabilities (its own batch-1 forward pass).</summary>
    public ProbeView Probe => _session.Views.Probe!;

    /// <summary>The open explanation of a value of the pinned image's maps, or null.</summary>
    public Explanation? Explanation { get; private set; }

    /// <summary>Bumps whenever the pinned forward pass or the explanation changed.</summary>
    public long Version { get; private set; }

    /// <summary>
    /// Once per frame, after training: runs the pinned image's forward pass again if the weights or the pin
    /// changed (and refreshes the explanation), and scores one held-out slice when a step was trained.
    /// Allocates nothing in steady state.
    /// </summary>
    public void Update()
    {
        var views = _session.Views;
        if (views.ModelVersion != _seenModel)
        {
            _weights = [.. _session.Model.Parameters];   // a reset or load replaced the model
            HeldOut.Clear();
            _seenModel = views.ModelVersion;
            _seenHeldOutStep = -1;
        }
        if (views.Version != _seenVersion || Pin.Version != _seenPin)
        {
            _session.Predict(Pin.Image);
            Explanation?.Refresh();
            _seenVersion = views.Version;
            _seenPin = Pin.Version;
            Version++;
        }
        if (views.Step != _seenHeldOutStep)
        {
            HeldOut.Advance(_weights, views.Step);
            _seenHeldOutStep = views.Step;
        }
    }

    /// <summary>Scores the held-out monitor's whole subset with the current weights (a screenshot shows this step's results).</summary>
    public void ScoreAllHeldOut()
    {
        Update();
        HeldOut.AdvanceAll(_weights, _session.Views.Step);
    }

    /// <summary>"pin test:I | train:I | batch:I | drawn".</summary>
    /// <exception cref="ArgumentException">A bad form or index; the message says the valid ones.</exception>
    public string PinImage(string target)
    {
        var pin = PinTarget.Parse(target);
        Pin.Pin(pin, _session.Views);
        if (pin.Source == PinSource.Batch) _session.SelectedSample = pin.Index; // Tab walks on from here
        Update();
        return $"pinned {Pin.Description}";
    }

    /// <summary>Pins the next image of the probe set (one held-out digit per class).</summary>
    public string NextProbe()
    {
        int current = Pin.Target.Source == PinSource.Test ? Pin.Target.Index : -1;
        return PinImage($"test:{Probes.Next(current)}");
    }

    /// <summary>
    /// "explain LAYER CHANNEL Y X" or "explain LAYER UNIT": opens the explanation of that value of the pinned
    /// image's maps and returns its arithmetic as text.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown layer, a position outside it, or the wrong number of numbers.</exception>
    public Explanation ExplainValue(string arguments)
    {
        string[] words = arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var numbers = new int[words.Length - 1];
        for (int i = 1; i < words.Length; i++)
            if (!int.TryParse(words[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i - 1]))
                throw new ArgumentException($"'{words[i]}' is not a position; use explain LAYER CHANNEL Y X (maps) or explain LAYER UNIT (dense).");
        if (words.Length is not (2 or 4))
            throw new ArgumentException("use explain LAYER CHANNEL Y X (maps) or explain LAYER UNIT (dense), e.g. 'explain conv1 2 14 9' or 'explain fc3 7'.");
        Update();
        var model = _session.ProbeModel!;
        Explanation = numbers.Length == 3
            ? Explanation.Create(model, words[0], numbers[0], numbers[1], numbers[2])
            : Explanation.Create(model, words[0], numbers[0], 0, 0);
        Version++;
        return Explanation;
    }

    private PinTarget _beforeDrawn = new(PinSource.Test, 0);

    /// <summary>
    /// Draw mode: pins the canvas (remembering what was pinned) and copies its pixels in; painted strokes on a digit
    /// data set are first fitted and centred as MNIST's digits were (<see cref="Core.Data.MnistCentering"/>).
    /// </summary>
    public void SetDrawn(Live.DrawCanvas canvas)
    {
        if (Pin.Target.Source != PinSource.Drawn)
        {
            _beforeDrawn = Pin.Target;
            Pin.Pin(new PinTarget(PinSource.Drawn, 0), _session.Views);
        }
        Pin.SetDrawn(canvas.Pixels, centre: canvas.Painted && IsDigits);
    }

    /// <summary>Leaving draw mode: pins again what was pinned before it.</summary>
    public void EndDrawn()
    {
        if (Pin.Target.Source == PinSource.Drawn && _beforeDrawn.Source != PinSource.Batch) Pin.Pin(_beforeDrawn, _session.Views);
        else if (Pin.Target.Source == PinSource.Drawn) Pin.Pin(new PinTarget(PinSource.Test, 0), _session.Views);
    }

    /// <summary>True for a 28×28 data set whose classes are the digits 0..9 (MNIST): drawings are centred as its digits were.</summary>
    public bool IsDigits { get; }

    /// <summary>Closes the explanation panel.</summary>
    public void CloseExplanation()
    {
        Explanation = null;
        Version++;
    }
}

/// <summary>What a renderer may read of a <see cref="PinnedStudy"/>: nothing here can change it or the session.</summary>
public sealed class StudyViews(PinnedStudy study)
{
    /// <summary>The pinned image: pixels, label, where it came from.</summary>
    public PinnedImage Pin => study.Pin;

    /// <summary>Its maps and probabilities (its own forward pass).</summary>
    public ProbeView Probe => study.Probe;

    /// <summary>The open explanation, or null.</summary>
    public Explanation? Explanation => study.Explanation;

    /// <summary>Held-out accuracy, strip and mistakes.</summary>
    public HeldOutMonitor HeldOut => study.HeldOut;

    public ProbeSet Probes => study.Probes;

    /// <summary>True for MNIST-like digits (the window then says "digit"; drawings are centred as MNIST's).</summary>
    public bool IsDigits => study.IsDigits;

    /// <summary>Bumps whenever the pinned maps or the explanation changed.</summary>
    public long Version => study.Version;
}

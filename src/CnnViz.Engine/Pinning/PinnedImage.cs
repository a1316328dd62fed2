using CnnViz.Core.Data;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Data;
using CnnViz.Engine.Views;

namespace CnnViz.Engine.Pinning;

/// <summary>
/// The one image the middle column follows (read-only outside the Engine: <see cref="Study.PinnedStudy"/> pins) while the net learns: a copy of its pixels, (H, W) in [0, 1],
/// that stays the same across steps until something else is pinned. Its maps come from its own forward
/// pass (<see cref="TrainingSession.Predict"/>, a batch-1 model copy), so they change only when the weights
/// or the pin change. The default is the first image of the test set: a digit the net never trains on.
/// </summary>
public sealed class PinnedImage
{
    private readonly DataSplit _data;
    private readonly Batch _one;      // (1, 1, H, W): Dataset.FillBatch's byte→float conversion, reused
    private readonly int[] _label = new int[1];

    internal PinnedImage(DataSplit data)
    {
        _data = data;
        _one = new Batch(data.Train.SampleShape, 1);
        _image = new float[data.Train.ImageSize];
        Pin(new PinTarget(PinSource.Test, 0), null);
    }

    /// <summary>The pinned pixels, (H, W) in [0, 1].</summary>
    public ReadOnlySpan<float> Image => _image;
    private readonly float[] _image;

    public PinTarget Target { get; private set; }

    /// <summary>The true class, or −1 for a drawn digit.</summary>
    public int Label { get; private set; }

    /// <summary>"held-out test #12", "train #5", "batch sample 3 (step 40)", "your drawing".</summary>
    public string Description { get; private set; } = "";

    /// <summary>Bumps whenever the pixels change: the owner then runs the image's forward pass again.</summary>
    public long Version { get; private set; }

    /// <summary>
    /// Pins <paramref name="target"/>. A batch sample is copied from <paramref name="views"/> now; "drawn" follows
    /// <see cref="SetDrawn"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The index is outside the set or the batch; the message says the range.</exception>
    internal void Pin(PinTarget target, SessionViews? views)
    {
        switch (target.Source)
        {
            case PinSource.Test: Copy(_data.Test, target.Index, "test"); Description = $"held-out test #{target.Index}"; break;
            case PinSource.Train: Copy(_data.Train, target.Index, "train"); Description = $"train #{target.Index}"; break;
            case PinSource.Batch:
                if (views is null || target.Index >= views.BatchCount)
                    throw new ArgumentException($"'pin batch:{target.Index}': the batch has samples 0..{(views?.BatchCount ?? 1) - 1}.");
                views.InputImage(target.Index).CopyTo(_image);
                Label = views.Labels[target.Index];
                Description = $"batch sample {target.Index} of step {views.Step}";
                break;
            case PinSource.Drawn:
                Label = -1;
                Description = "your drawing";
                break;
        }
        Target = target;
        IsEmpty = target.Source == PinSource.Drawn; // until the canvas is copied in
        Version++;
    }

    /// <summary>Copies the draw-mode canvas in, when the pin is "drawn" (otherwise does nothing).</summary>
    internal void SetDrawn(ReadOnlySpan<float> canvas, bool centre = false)
    {
        if (Target.Source != PinSource.Drawn) return;
        if (centre && canvas.Length == _image.Length) Core.Data.MnistCentering.Apply(canvas, _image, _scratch ??= new float[_image.Length]);
        else canvas.CopyTo(_image);
        IsEmpty = Array.TrueForAll(_image, p => p <= 0);
        Version++;
    }

    private float[]? _scratch;

    /// <summary>A drawn pin without ink (an empty canvas): there is nothing to predict.</summary>
    public bool IsEmpty { get; private set; }

    private void Copy(Dataset set, int index, string name)
    {
        if (index < 0 || index >= set.Count)
            throw new ArgumentException($"'pin {name}:{index}': the {name} set has images 0..{set.Count - 1}.");
        Span<int> one = [index];
        set.FillBatch(one, _one, _label);
        _one.Sample(0).CopyTo(_image);
        Label = _label[0];
    }
}

using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Evaluation;
using CnnViz.Engine.Views;

namespace CnnViz.Engine;

// Draw mode: one image through a batch-1 copy of the model.
public sealed partial class TrainingSession
{
    private Sequential? _probeModel;
    private Parameter[] _probeParameters = [];
    private Batch? _probeInput;

    internal ProbeView? ProbeViews { get; private set; }

    /// <summary>The batch-1 model of the last <see cref="Predict"/> (null before the first): what explanations of the pinned image read.</summary>
    internal Sequential? ProbeModel => _probeModel;

    /// <summary>
    /// Classifies one image, (H, W) pixels in [0, 1], with the current weights, in a separate
    /// batch-1 model (built on first use; weights copied in on every call, ≈ 60k floats for LeNet-5):
    /// the training model's buffers, the views of the batch and the RNG are left as they were.
    /// The result and every layer's maps for the image are in <see cref="SessionViews.Probe"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The image is not H·W finite pixels.</exception>
    public ProbeView Predict(ReadOnlySpan<float> image)
    {
        int size = Data.Train.ImageSize;
        if (image.Length != size)
            throw new ArgumentException($"Predict takes one {Data.Train.Height}×{Data.Train.Width} image ({size} pixels), got {image.Length} values.", nameof(image));
        if (_probeModel is null)
        {
            _probeModel = Config.Model.Create().Build(1, new Rng(1), new SGD());
            _probeParameters = [.. _probeModel.Parameters];
            _probeInput = new Batch(_probeModel.InputShape, 1);
            var cursor = new SampleCursor { Index = 0, HasBackward = false };
            ProbeViews = new ProbeView(SessionViews.CreateLayerViews(_probeModel, cursor), Data.Train.Classes);
        }
        for (int i = 0; i < _parameters.Length; i++) _parameters[i].Value.CopyTo(_probeParameters[i].Value, 0);
        image.CopyTo(_probeInput!.Span);
        Batch logits = _probeModel.Forward(_probeInput);
        var probe = ProbeViews!;
        SoftmaxCrossEntropy.Softmax(logits.Sample(0), probe.WritableProbabilities, out _);
        probe.Update(ClassScores.ArgMax(probe.Probabilities), StepCount);
        return probe;
    }
}

using CnnViz.Core.Data;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models;

/// <summary>
/// Assignment problem 6: a CNN classifier with a scikit-learn-like surface.
/// <code>
/// var clf = new Scratch2dCNNClassifier(LeNet5.Modern(), epochs: 5, batchSize: 64, optimizer: new Adam(1e-3f), seed: 1);
/// clf.Fit(xTrain, yTrain, xVal, yVal);     // X (N, 1, 28, 28) flattened, y labels 0–9
/// int[] labels = clf.Predict(xTest);
/// double accuracy = clf.Score(xTest, yTest);
/// </code>
/// The model defaults to the problem-6 net (<see cref="SimpleCnn"/>); the optimizer to Adam (α = 1e-3).
/// Fit builds the model afresh from <c>seed</c> (weights, then the shuffles), so the same seed gives the
/// same weights. Per epoch it records <see cref="TrainLoss"/> and <see cref="TrainAccuracy"/> (averaged over
/// the epoch's mini-batches while the weights move, as Keras reports them) and, with validation data,
/// <see cref="ValLoss"/> and <see cref="ValAccuracy"/> (measured after the epoch).
/// Core writes nothing to the console: with <c>verbose</c>, one line per epoch goes to <c>log</c>.
/// </summary>
public sealed class Scratch2dCNNClassifier
{
    private readonly List<float> _trainLoss = [], _trainAccuracy = [], _valLoss = [], _valAccuracy = [];
    private Batch _batch = null!;    // (B, C, H, W): the one input buffer every step reuses
    private int[] _labels = [];      // (B)

    /// <exception cref="ArgumentOutOfRangeException">epochs or batchSize is below 1.</exception>
    public Scratch2dCNNClassifier(Sequential? model = null, int epochs = 10, int batchSize = 32,
        Optimizer? optimizer = null, ulong seed = 0, bool verbose = false, Action<string>? log = null)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"epochs must be at least 1 (got {epochs}).");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be at least 1 (got {batchSize}).");
        Model = model ?? SimpleCnn.Create();
        Epochs = epochs;
        BatchSize = batchSize;
        Optimizer = optimizer ?? new Adam(1e-3f);
        Seed = seed;
        Verbose = verbose;
        Log = log;
    }

    public Sequential Model { get; }
    public int Epochs { get; }
    public int BatchSize { get; }
    public Optimizer Optimizer { get; }
    public ulong Seed { get; }
    public bool Verbose { get; }
    public Action<string>? Log { get; }

    /// <summary>Mean cross-entropy of each epoch's mini-batches.</summary>
    public IReadOnlyList<float> TrainLoss => _trainLoss;
    /// <summary>Fraction of each epoch's training samples classified correctly when their batch was trained on.</summary>
    public IReadOnlyList<float> TrainAccuracy => _trainAccuracy;
    /// <summary>Validation loss after each epoch (empty without validation data).</summary>
    public IReadOnlyList<float> ValLoss => _valLoss;
    /// <summary>Validation accuracy after each epoch (empty without validation data).</summary>
    public IReadOnlyList<float> ValAccuracy => _valAccuracy;

    // ---- Fit ----------------------------------------------------------------------------------

    /// <summary>Trains on X (N, C, H, W) flattened, float32 (MNIST: pixels in [0, 1]), with labels y (N) in 0..K−1.</summary>
    /// <exception cref="ArgumentException">A length does not match, a label is out of range, or X holds NaN/∞; the message says which and the shapes.</exception>
    public Scratch2dCNNClassifier Fit(float[] X, int[] y, float[]? Xval = null, int[]? yval = null)
    {
        ArgumentNullException.ThrowIfNull(X);
        ArgumentNullException.ThrowIfNull(y);
        if ((Xval is null) != (yval is null))
            throw new ArgumentException("Give both Xval and yval, or neither.", Xval is null ? nameof(Xval) : nameof(yval));
        return Train(Samples.Of(X, Model.InputShape, nameof(X)), y,
            Xval is null ? null : Samples.Of(Xval, Model.InputShape, nameof(Xval)), yval);
    }

    /// <summary>Trains on raw MNIST-style bytes: images (N, H, W) one byte per pixel (scaled to [0, 1]), labels (N).</summary>
    public Scratch2dCNNClassifier Fit(byte[] images, byte[] labels, byte[]? valImages = null, byte[]? valLabels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if ((valImages is null) != (valLabels is null))
            throw new ArgumentException("Give both valImages and valLabels, or neither.", valImages is null ? nameof(valImages) : nameof(valLabels));
        return Train(Samples.Of(images, Model.InputShape, nameof(images)), ToInts(labels),
            valImages is null ? null : Samples.Of(valImages, Model.InputShape, nameof(valImages)), valLabels is null ? null : ToInts(valLabels));
    }

    /// <summary>Trains on a data set (and validates on another, if given).</summary>
    public Scratch2dCNNClassifier Fit(Dataset train, Dataset? validation = null) =>
        Fit(train.Images, train.Labels, validation?.Images, validation?.Labels);

    private Scratch2dCNNClassifier Train(Samples train, int[] y, Samples? val, int[]? yval)
    {
        var rng = new Rng(Seed);
        Model.Build(BatchSize, rng, Optimizer);   // fresh weights from the seed
        Optimizer.ClearState();
        CheckLabels(y, train.Count, "y", train.Name);
        if (val is not null) CheckLabels(yval!, val.Value.Count, "yval", val.Value.Name);
        _batch = new Batch(Model.InputShape, BatchSize);
        _labels = new int[BatchSize];
        _trainLoss.Clear(); _trainAccuracy.Clear(); _valLoss.Clear(); _valAccuracy.Clear();

        var batches = new MiniBatches(train.Count, BatchSize, rng);
        for (int epoch = 1; epoch <= Epochs; epoch++)
        {
            var score = new ScoreSum();
            for (int b = 0; b < batches.BatchesPerEpoch; b++)
            {
                ReadOnlySpan<int> indices = batches.Next();
                Fill(train, y, indices);
                float loss = Model.TrainStep(_batch, _labels.AsSpan(0, indices.Length), out _);
                if (!float.IsFinite(loss))
                    throw new InvalidOperationException($"Training diverged: the loss became {loss} in epoch {epoch}, batch {b + 1}; lower the learning rate ({Optimizer}).");
                score.Add(loss, indices.Length, ClassScores.CountCorrect(Model.Loss.Probabilities, _labels)); // as the batch was classified before its update
            }
            _trainLoss.Add(score.MeanLoss);
            _trainAccuracy.Add(score.Accuracy);
            string line = $"epoch {epoch}/{Epochs}: train loss {_trainLoss[^1]:F4}, accuracy {_trainAccuracy[^1]:P2}";
            if (val is not null)
            {
                var (valLoss, valAccuracy) = Evaluate(val.Value, yval!);
                _valLoss.Add(valLoss);
                _valAccuracy.Add(valAccuracy);
                line += $"; validation loss {valLoss:F4}, accuracy {valAccuracy:P2}";
            }
            if (Verbose) Log?.Invoke(line);
        }
        return this;
    }

    // ---- Predict / Score ----------------------------------------------------------------------

    /// <summary>Class probabilities, (N, K) row-major, for X (N, C, H, W) flattened.</summary>
    public float[] PredictProbabilities(float[] X) => Probabilities(Samples.Of(X, Model.InputShape, nameof(X)));

    /// <summary>The most probable class of every sample of X (N, C, H, W) flattened; ties go to the lower class.</summary>
    public int[] Predict(float[] X) => ArgMax(PredictProbabilities(X), Model.Classes);

    /// <summary>Most probable classes for raw bytes (N, H, W).</summary>
    public int[] Predict(byte[] images) => ArgMax(Probabilities(Samples.Of(images, Model.InputShape, nameof(images))), Model.Classes);

    /// <summary>Accuracy on X, y: the fraction of samples whose predicted class equals the label.</summary>
    public double Score(float[] X, int[] y) => Accuracy(Predict(X), y);

    public double Score(Dataset data) => Accuracy(Predict(data.Images), ToInts(data.Labels));

    private double Accuracy(int[] predicted, int[] y)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != predicted.Length)
            throw new ArgumentException($"y holds {y.Length} labels but X holds {predicted.Length} samples; give one label per sample.", nameof(y));
        int correct = 0;
        for (int i = 0; i < y.Length; i++) if (predicted[i] == y[i]) correct++;
        return (double)correct / y.Length;
    }

    private float[] Probabilities(Samples samples)
    {
        if (!Model.IsBuilt || _labels.Length == 0) throw new InvalidOperationException("Call Fit before Predict or Score.");
        int k = Model.Classes;
        var result = new float[samples.Count * k];                       // (N, K)
        for (int start = 0; start < samples.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, samples.Count - start);
            _batch.Count = count;
            for (int n = 0; n < count; n++) samples.CopyTo(start + n, _batch.Sample(n));
            Model.Loss.Softmax(Model.Forward(_batch)).Span.CopyTo(result.AsSpan(start * k, count * k));
        }
        return result;
    }

    /// <summary>Mean loss and accuracy over a whole set, in slices of the batch size, without training.</summary>
    private (float Loss, float Accuracy) Evaluate(Samples samples, int[] y)
    {
        var score = new ScoreSum();
        for (int start = 0; start < samples.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, samples.Count - start);
            _batch.Count = count;
            for (int n = 0; n < count; n++)
            {
                samples.CopyTo(start + n, _batch.Sample(n));
                _labels[n] = y[start + n];
            }
            Model.Evaluate(_batch, _labels.AsSpan(0, count), ref score);
        }
        return (score.MeanLoss, score.Accuracy);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /// <summary>Copies the samples at <paramref name="indices"/> into the batch buffer and their labels into _labels.</summary>
    private void Fill(Samples samples, int[] y, ReadOnlySpan<int> indices)
    {
        _batch.Count = indices.Length;
        for (int n = 0; n < indices.Length; n++)
        {
            samples.CopyTo(indices[n], _batch.Sample(n));
            _labels[n] = y[indices[n]];
        }
    }

    private static int[] ArgMax(float[] probabilities, int classes)
    {
        var labels = new int[probabilities.Length / classes];
        ClassScores.ArgMaxRows(probabilities, classes, labels);
        return labels;
    }

    private void CheckLabels(int[] y, int samples, string name, string samplesName)
    {
        if (y.Length != samples)
            throw new ArgumentException($"{name} holds {y.Length} labels but {samplesName} holds {samples} samples of {Model.InputShape}; give one label per sample.", name);
        int k = Model.Classes;
        for (int i = 0; i < y.Length; i++)
            if ((uint)y[i] >= (uint)k)
                throw new ArgumentException($"{name}[{i}] = {y[i]} is outside 0..{k - 1}: the model's last layer ({Model.Layers[^1].Name}) has {k} classes.", name);
    }

    private static int[] ToInts(byte[] labels)
    {
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++) result[i] = labels[i];
        return result;
    }

    /// <summary>
    /// The samples of a Fit/Predict call, either float32 (N, C, H, W) or bytes (N, H, W) scaled by 1/255,
    /// checked once on entry (whole number of samples, every float finite) and copied one sample at a time.
    /// </summary>
    private readonly struct Samples
    {
        private readonly float[]? _floats;
        private readonly byte[]? _bytes;
        private readonly int _size;

        private Samples(float[]? floats, byte[]? bytes, int size, int count, string name)
        {
            (_floats, _bytes, _size, Count, Name) = (floats, bytes, size, count, name);
        }

        public int Count { get; }
        public string Name { get; }

        public static Samples Of(float[] x, SampleShape shape, string name)
        {
            ArgumentNullException.ThrowIfNull(x, name);
            int count = CountOf(x.Length, "floats", shape, name);
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(x)))
                for (int i = 0; i < x.Length; i++)
                    if (!float.IsFinite(x[i]))
                    {
                        int n = i / shape.Size, offset = i % shape.Size, hw = shape.H * shape.W;
                        throw new ArgumentException($"{name} sample {n} holds {x[i]} at (c, h, w) = ({offset / hw}, {offset % hw / shape.W}, {offset % shape.W}); inputs must be finite numbers.", name);
                    }
            return new Samples(x, null, shape.Size, count, name);
        }

        public static Samples Of(byte[] images, SampleShape shape, string name)
        {
            ArgumentNullException.ThrowIfNull(images, name);
            if (shape.C != 1)
                throw new ArgumentException($"{name}: byte images are grayscale (N, H, W), but the model takes {shape} samples; pass float[] instead.", name);
            return new Samples(null, images, shape.Size, CountOf(images.Length, "bytes", shape, name), name);
        }

        private static int CountOf(int length, string unit, SampleShape shape, string name)
        {
            if (length == 0 || length % shape.Size != 0)
                throw new ArgumentException($"{name} holds {length} {unit}, which is not a whole number of {shape} samples ({shape.Size} {unit} each); " +
                    $"{name} must be (N, {shape.C}, {shape.H}, {shape.W}) flattened, N ≥ 1.", name);
            return length / shape.Size;
        }

        /// <summary>Sample i as float32 (C, H, W).</summary>
        public void CopyTo(int i, Span<float> destination)
        {
            if (_floats is not null)
            {
                _floats.AsSpan(i * _size, _size).CopyTo(destination);
                return;
            }
            Dataset.ToUnit(_bytes.AsSpan(i * _size, _size), destination);
        }
    }
}

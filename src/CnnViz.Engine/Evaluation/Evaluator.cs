using CnnViz.Core;
using CnnViz.Core.Data;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Metrics;

namespace CnnViz.Engine.Evaluation;

/// <summary>Which set a pass evaluates.</summary>
public enum EvaluationSet { Validation, Test }

/// <summary>
/// Scores whole data sets with a frozen copy of the training weights, a bounded number of images
/// per call, so a window can spread a 10,000-image evaluation over many frames. It runs its own
/// model instance: the training model's buffers (which the views show) and the training RNG are
/// never touched, so evaluating cannot change what training does.
/// <para>Passes are queued together with a snapshot of the weights taken at that moment; they run
/// in order, and the result of a pass does not depend on how its images were sliced.</para>
/// </summary>
internal sealed class Evaluator
{
    private readonly Sequential _model;
    private readonly Parameter[] _parameters;
    private readonly Batch _x;
    private readonly int[] _labels;
    private readonly int[] _indices;
    private readonly Queue<Pass> _queue = new();

    public Evaluator(Sequential model, int batchSize)
    {
        _model = model.Build(batchSize, new Rng(1), new SGD());
        _parameters = [.. model.Parameters];
        _x = new Batch(model.InputShape, batchSize);
        _labels = new int[batchSize];
        _indices = new int[batchSize];
    }

    private sealed class Pass(Dataset set, EvaluationSet kind, long step, int epoch)
    {
        public readonly Dataset Set = set;
        public readonly EvaluationSet Kind = kind;
        public readonly long Step = step;
        public readonly int Epoch = epoch;
        public int Next;
        public ScoreSum Score;
    }

    public bool HasPending => _queue.Count > 0;

    /// <summary>Copies the training weights into the evaluation model (call only when nothing is pending).</summary>
    public void Snapshot(IReadOnlyList<Parameter> trainingParameters)
    {
        if (HasPending) throw new InvalidOperationException("Finish the pending evaluations before taking a new snapshot.");
        for (int i = 0; i < _parameters.Length; i++)
            trainingParameters[i].Value.CopyTo(_parameters[i].Value, 0);
    }

    /// <summary>Queues a pass over <paramref name="set"/> with the current snapshot, labelled with the step/epoch it measures.</summary>
    public void Enqueue(Dataset set, EvaluationSet kind, long step, int epoch) => _queue.Enqueue(new Pass(set, kind, step, epoch));

    public void Clear() => _queue.Clear();

    /// <summary>
    /// Evaluates up to <paramref name="maxImages"/> images of the pending passes (at least one
    /// batch-sized chunk is never split across calls beyond that bound). Each finished pass is
    /// handed to <paramref name="finished"/>. Returns how many images were evaluated.
    /// </summary>
    public int Advance(int maxImages, Action<EvaluationSet, EvaluationPoint> finished)
    {
        int done = 0;
        while (done < maxImages && _queue.Count > 0)
        {
            var pass = _queue.Peek();
            int n = Math.Min(Math.Min(_x.Capacity, maxImages - done), pass.Set.Count - pass.Next);
            if (n > 0)
            {
                for (int i = 0; i < n; i++) _indices[i] = pass.Next + i;
                pass.Set.FillBatch(_indices.AsSpan(0, n), _x, _labels);
                _model.Evaluate(_x, _labels.AsSpan(0, n), ref pass.Score);
                pass.Next += n;
                done += n;
            }
            if (pass.Next == pass.Set.Count)
            {
                _queue.Dequeue();
                finished(pass.Kind, new EvaluationPoint(pass.Step, pass.Epoch, pass.Score.MeanLoss, pass.Score.Accuracy, pass.Set.Count));
            }
        }
        return done;
    }
}

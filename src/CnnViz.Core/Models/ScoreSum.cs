namespace CnnViz.Core.Models;

/// <summary>
/// Loss and accuracy summed over the batches of a pass (an epoch of training, a validation set):
/// LossSum = Σ_batches mean_loss · N_batch, Correct = Σ correct, Count = Σ N_batch;
/// mean loss = LossSum / Count, accuracy = Correct / Count. Filled by <see cref="Sequential.TrainStep"/>'s
/// callers and by <see cref="Sequential.Evaluate"/>.
/// </summary>
public struct ScoreSum
{
    public double LossSum;
    public int Correct;
    public int Count;

    /// <summary>Adds one batch: its mean loss, its size, how many it classified correctly.</summary>
    public void Add(float meanLoss, int samples, int correct)
    {
        LossSum += (double)meanLoss * samples;
        Correct += correct;
        Count += samples;
    }

    /// <summary>Mean loss per sample (0 for an empty pass).</summary>
    public readonly float MeanLoss => (float)(LossSum / Math.Max(1, Count));

    /// <summary>Fraction classified correctly (0 for an empty pass).</summary>
    public readonly float Accuracy => (float)Correct / Math.Max(1, Count);
}

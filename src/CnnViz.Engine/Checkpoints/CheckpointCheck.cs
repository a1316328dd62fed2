using CnnViz.Engine.Models;

namespace CnnViz.Engine.Checkpoints;

/// <summary>
/// Every field of a checkpoint that parsed and passed its checksum, checked before anything is built from it:
/// a checksum proves the bytes are as written, not that this build can use them (a newer build may name an
/// optimizer this one lacks; a hand-made file may hold batch size 0 or a NaN learning rate).
/// </summary>
public static class CheckpointCheck
{
    /// <summary>The largest batch the command line accepts (--batch-size 1..65536).</summary>
    public const int MaxBatchSize = 65536;

    private const string Newer = "it was probably written by a newer CnnViz, or edited";

    /// <summary>
    /// For --resume, which builds the model from the checkpoint's name: null when <see cref="ModelCatalog"/> knows it.
    /// (A session loading a checkpoint checks the architecture instead, so models outside the catalog still load there.)
    /// </summary>
    public static string? UnknownModel(CheckpointData d)
    {
        // A built-in name, or a custom model's canonical description (which is its name).
        if (ModelCatalog.Names.Contains(d.ModelName)) return null;
        try { CnnViz.Core.Models.Description.ModelDescription.Parse(d.ModelName); return null; }
        catch (CnnViz.Core.Models.Description.ModelDescriptionException) { }
        return $"it holds model '{Clip(d.ModelName)}', which this build does not know (it knows {string.Join(", ", ModelCatalog.Names)} and model descriptions); {Newer}.";
    }

    /// <summary>The first field this build cannot use, in words (without the path), or null when all are usable.</summary>
    public static string? Problem(CheckpointData d)
    {
        if (!OptimizerSpec.Names.Contains(d.OptimizerName))
            return $"it uses optimizer '{Clip(d.OptimizerName)}', which this build does not know (it knows {string.Join(", ", OptimizerSpec.Names)}); {Newer}.";
        if (!float.IsFinite(d.LearningRate) || d.LearningRate <= 0)
            return $"its learning rate is {d.LearningRate}, not a positive number; the file is not usable.";
        if (!float.IsFinite(d.LearningRateDecay) || d.LearningRateDecay <= 0 || d.LearningRateDecay > 1)
            return $"its learning-rate decay is {d.LearningRateDecay}, outside (0, 1]; the file is not usable.";
        if (CnnViz.Core.Optimizers.LearningRateSchedule.Parse(d.Schedule) is null)
            return $"it uses schedule '{Clip(d.Schedule)}', which this build does not know (it knows {string.Join(", ", CnnViz.Core.Optimizers.LearningRateSchedule.Names)}); {Newer}.";
        if (d.WarmupSteps < 0 || d.TotalSteps < 0 || (d.TotalSteps > 0 && d.WarmupSteps >= d.TotalSteps))
            return $"its schedule has {d.WarmupSteps} warm-up steps of {d.TotalSteps}; the file is not usable.";
        if (!float.IsFinite(d.WeightDecay) || d.WeightDecay < 0)
            return $"its weight decay is {d.WeightDecay}, not a number ≥ 0; the file is not usable.";
        if (CnnViz.Core.Data.Distortions.Parse(d.Augment) is null)
            return $"it uses augmentation '{Clip(d.Augment)}', which this build does not know (it knows {string.Join(", ", CnnViz.Core.Data.Distortions.Names)}); {Newer}.";
        if (d.BatchSize < 1 || d.BatchSize > MaxBatchSize)
            return $"its batch size is {d.BatchSize}, outside 1..{MaxBatchSize}; the file is not usable.";
        if (d.Step < 0 || d.Epoch < 0)
            return $"it is at step {d.Step}, epoch {d.Epoch}; neither may be negative.";
        if (d.RngState.Length != 4 || d.RngState.All(w => w == 0))
            return "its random-number state is empty (all zero); the file is not usable.";
        if (d.Position < 0 || d.Position > d.Permutation.Length)
            return $"its position {d.Position} lies outside its epoch order of {d.Permutation.Length:N0} images.";
        foreach (var (name, values) in d.Parameters)
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(values))
                return $"parameter {Clip(name)} holds NaN or infinite values (saved after training diverged?); resume from an earlier checkpoint.";
        return null;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

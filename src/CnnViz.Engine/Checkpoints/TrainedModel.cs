using System.Text.RegularExpressions;
using CnnViz.Core;
using CnnViz.Core.Models;
using CnnViz.Core.Models.Description;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Checkpoints;

/// <summary>
/// The trained network of a checkpoint, for inference and export (`cnnviz predict`, `cnnviz export`):
/// the model is rebuilt from the checkpoint's model name or description, its input shape (the
/// architecture line starts "in C×H×W") and its class count (the length of the last bias).
/// </summary>
public static partial class TrainedModel
{
    /// <summary>A built model holding the checkpoint's weights, for batches of up to <paramref name="maxBatch"/> images.</summary>
    /// <exception cref="CheckpointException">The checkpoint's model does not build in this version, or its weights do not fit it.</exception>
    public static Sequential Load(CheckpointData data, string path, int maxBatch)
    {
        var match = InputPattern().Match(data.Architecture);
        if (!match.Success || data.Parameters.Count == 0)
            throw new CheckpointException(path, "its architecture line does not say the input shape; it was not written by this version of CnnViz.");
        var input = new SampleShape(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
        int classes = data.Parameters[^1].Values.Length;
        Sequential model;
        try { model = ModelCatalog.Get(data.ModelName, input, classes).Create(); }
        catch (ModelDescriptionException e) { throw new CheckpointException(path, $"its model '{data.ModelName}' does not build: {e.Message}", e); }
        model.Build(maxBatch, new Rng(1), new SGD());
        if (model.Architecture != data.Architecture)
            throw new CheckpointException(path, $"its architecture ({data.Architecture}) differs from what '{data.ModelName}' builds in this version ({model.Architecture}).");
        SetWeights(model, [.. data.Parameters.Select(p => p.Values)], path);
        return model;
    }

    /// <summary>Copies <paramref name="values"/> into the model's parameters, in model order, after checking every length.</summary>
    /// <exception cref="CheckpointException">A count or a length differs (nothing is copied then).</exception>
    public static void SetWeights(Sequential model, IReadOnlyList<float[]> values, string path)
    {
        var parameters = model.Parameters.ToArray();
        if (values.Count != parameters.Length)
            throw new CheckpointException(path, $"it holds {values.Count} weight tensors, the model has {parameters.Length}.");
        for (int i = 0; i < parameters.Length; i++)
            if (values[i].Length != parameters[i].Length)
                throw new CheckpointException(path, $"weight tensor {i} has {values[i].Length:N0} values, {parameters[i].Name} takes {parameters[i].Length:N0}.");
        for (int i = 0; i < parameters.Length; i++) values[i].CopyTo(parameters[i].Value, 0);
    }

    [GeneratedRegex(@"^in (\d+)×(\d+)×(\d+) \|")]
    private static partial Regex InputPattern();
}

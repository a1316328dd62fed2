using CnnViz.Engine;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Onnx;

namespace CnnViz.App.Commands;

/// <summary>`--import model.onnx`: the session trains the ONNX model's architecture, starting from its weights.</summary>
internal static class ImportedWeights
{
    /// <summary>Copies the imported weights into the session's freshly built model (the optimizer starts from zero state;
    /// a later `reset` starts again from random weights).</summary>
    public static void Apply(TrainingSession session, OnnxImport.Result imported, string path)
    {
        try { TrainedModel.SetWeights(session.Model, imported.Parameters, path); }
        catch (CheckpointException e) { throw new OnnxException(path, e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]); }
        string softmax = imported.DroppedSoftmax ? " (its final Softmax dropped: CnnViz's loss applies it)" : "";
        Console.WriteLine($"imported {path}: {session.Model.ParameterCount:N0} parameters{softmax}: {imported.Description}");
    }
}

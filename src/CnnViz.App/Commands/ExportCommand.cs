using System.CommandLine;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Onnx;

namespace CnnViz.App.Commands;

/// <summary>
/// `cnnviz export --resume CKPT --onnx model.onnx`: the checkpoint's trained network as an ONNX model
/// (opset 13; see <see cref="OnnxExport"/>), written to a temp file, fsynced and renamed.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var resume = new Option<string>("--resume") { Description = "The checkpoint to export (from --checkpoint or 'save PATH').", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "Write the ONNX model here (the folder must exist).", Required = true };
        var command = new Command("export", "Write a checkpoint's trained network as an ONNX model (Netron, ONNX Runtime).");
        command.Options.Add(resume);
        command.Options.Add(onnx);
        command.SetAction(parse => Run(parse.GetValue(resume)!, parse.GetValue(onnx)!));
        return command;
    }

    private static int Run(string checkpoint, string path)
    {
        try
        {
            var model = TrainedModel.Load(Checkpoint.Read(checkpoint), checkpoint, maxBatch: 1);
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (Directory.Exists(path)) return TrainCommand.Usage($"--onnx {path}: is a folder; give a file name, e.g. {Path.Combine(path, "model.onnx")}.");
            if (dir is not null && !Directory.Exists(dir)) return TrainCommand.Usage($"--onnx {path}: the folder {dir} does not exist; create it first or choose another path.");
            OnnxExport.Write(model, path);
            Console.WriteLine($"wrote {path}: {model.ParameterCount:N0} parameters, input (N, {model.InputShape.C}, {model.InputShape.H}, {model.InputShape.W}) → logits (N, {model.Classes}), ONNX opset {OnnxExport.Opset}");
            return MainCommand.ExitOk;
        }
        catch (CheckpointException e) { return TrainCommand.Usage(e.Message); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cnnviz: --onnx {path}: cannot write it: {e.Message}");
            return MainCommand.ExitFailed;
        }
    }
}

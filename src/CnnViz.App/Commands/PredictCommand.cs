using System.CommandLine;
using CnnViz.Core.Data;
using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Checkpoints;
using CnnViz.Engine.Data;

namespace CnnViz.App.Commands;

/// <summary>
/// `cnnviz predict FILE… --resume CKPT [--images DIR]`: each image (read by the rule of <see cref="ImageFile"/>)
/// through the checkpoint's network; prints the top 3 classes with their softmax probabilities:
/// <code>seven.png: 7 98.2%, 1 0.9%, 9 0.4%</code>
/// Class names come from DIR's class folders when given, else they are the label numbers (MNIST's digits).
/// Every file is checked before anything is printed: one bad file is one line on stderr and exit code 2.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Image files (PNG, JPEG, BMP, GIF, …).", Arity = ArgumentArity.OneOrMore };
        var resume = new Option<string>("--resume") { Description = "The trained checkpoint.", Required = true };
        var images = new Option<string?>("--images") { Description = "The image folder it was trained on, for the class names." };
        var command = new Command("predict", "Classify image files with a trained checkpoint: the top 3 classes and their probabilities.");
        command.Arguments.Add(files);
        command.Options.Add(resume);
        command.Options.Add(images);
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(resume)!, parse.GetValue(images)));
        return command;
    }

    private static int Run(string[] files, string checkpoint, string? imagesDir)
    {
        try
        {
            var model = TrainedModel.Load(Checkpoint.Read(checkpoint), checkpoint, maxBatch: files.Length);
            var shape = model.InputShape;
            if (shape.C != 1) return TrainCommand.Usage($"checkpoint '{checkpoint}': the model takes {shape.C}-channel images; predict reads grayscale files.");
            string[] names = imagesDir is null ? [.. Enumerable.Range(0, model.Classes).Select(i => i.ToString())] : ClassNames(imagesDir, model.Classes);
            var pixels = new byte[files.Length * shape.H * shape.W];
            for (int n = 0; n < files.Length; n++) ImageFile.Load(files[n], shape.H, shape.W).CopyTo(pixels, n * shape.H * shape.W);
            var x = new Batch(shape, files.Length) { Count = files.Length };
            Dataset.ToUnit(pixels, x.Span);   // bytes → [0, 1], as in training
            var logits = model.Forward(x);
            var probabilities = new float[model.Classes];
            for (int n = 0; n < files.Length; n++)
            {
                SoftmaxCrossEntropy.Softmax(logits.Sample(n), probabilities, out _);
                var top = Enumerable.Range(0, model.Classes).OrderByDescending(k => probabilities[k]).Take(3);
                Console.WriteLine($"{files[n]}: {string.Join(", ", top.Select(k => $"{names[k]} {probabilities[k] * 100:F1}%"))}");
            }
            return MainCommand.ExitOk;
        }
        catch (CheckpointException e) { return TrainCommand.Usage(e.Message); }
        catch (ImageFileException e) { return TrainCommand.Usage(e.Message); }
        catch (DataException e) { return TrainCommand.Usage(e.Message); }
    }

    /// <summary>The class folder names of DIR/train (or DIR), sorted as ImageFolder sorts them.</summary>
    private static string[] ClassNames(string dir, int classes)
    {
        string root = Directory.Exists(Path.Combine(dir, "train")) ? Path.Combine(dir, "train") : dir;
        if (!Directory.Exists(root)) throw new DataException($"--images {dir}: no such folder.");
        string[] names = [.. Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        if (names.Length != classes) throw new DataException($"--images {dir}: {names.Length} class folders, the checkpoint's model has {classes} classes.");
        return names;
    }
}

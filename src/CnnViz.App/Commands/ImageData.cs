using CnnViz.Core.Data;
using CnnViz.Core.Models;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Data;

namespace CnnViz.App.Commands;

/// <summary>`--images DIR`: the folder read at the model's input size (28×28, or an imported model's), with what was skipped printed.</summary>
internal static class ImageData
{
    /// <summary>Skipped files named one per line up to this many; the count is always printed.</summary>
    private const int NamedSkips = 10;

    public static (Dataset Train, Dataset Test, string Description) Open(string dir, SampleShape? input, ulong seed)
    {
        var shape = input ?? LeNet5.MnistShape;
        if (shape.C != 1) throw new DataException($"--images {dir}: the model takes {shape.C}-channel images; image folders are read as grayscale (1 channel).");
        var folder = ImageFolder.Load(dir, shape.H, shape.W, seed);
        foreach (string skip in folder.Skipped.Take(NamedSkips)) Console.WriteLine($"skipped {skip}");
        if (folder.Skipped.Count > NamedSkips) Console.WriteLine($"skipped {folder.Skipped.Count - NamedSkips} more");
        return (folder.Train, folder.Test, folder.Description);
    }
}

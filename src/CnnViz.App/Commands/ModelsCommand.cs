using CnnViz.Core.Models;
using CnnViz.Core.Models.Description;
using CnnViz.Engine.Models;

namespace CnnViz.App.Commands;

/// <summary>
/// `cnnviz models`: the built-in models in the model description language, with their parameter
/// counts for 1×28×28 images and 10 classes. Any of these lines works as `--model "…"` or in a file.
/// </summary>
internal static class ModelsCommand
{
    public static System.CommandLine.Command Create()
    {
        var command = new System.CommandLine.Command("models", "Print the built-in models as model descriptions (usable with --model).");
        command.SetAction(_ =>
        {
            foreach (var (name, text) in ModelCatalog.BuiltIn)
            {
                long parameters = ModelDescription.Parse(text).Check(LeNet5.MnistShape, classes: 10);
                Console.WriteLine($"{name}  ({parameters:N0} parameters for 1×28×28 images, 10 classes)");
                Console.WriteLine($"  {text}");
            }
            Console.WriteLine();
            Console.WriteLine("Layers: conv F@KxK [pad P] [stride S] [init I] · dense N|classes [init I] · maxpool K [stride S] · avgpool K [stride S]");
            Console.WriteLine("        relu · tanh · sigmoid · flatten      (sizes N or HxW; I: he, xavier, simple[:σ]; one layer per line or ';'; '#' comments)");
            Console.WriteLine($"Limits: {ModelDescription.MaxParameters:N0} parameters, {ModelDescription.MaxActivationsPerImage:N0} numbers per image in any layer's output.");
            return 0;
        });
        return command;
    }
}

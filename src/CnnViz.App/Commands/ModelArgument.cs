using CnnViz.Core.Models.Description;
using CnnViz.Engine.Models;

namespace CnnViz.App.Commands;

/// <summary>
/// What `--model X` means: a built-in name (simple, lenet5, …), a file holding a model description
/// (`--model my.net`), or a description inline (`--model "conv 8@3x3; relu; maxpool 2; flatten; dense classes"`).
/// </summary>
internal static class ModelArgument
{
    /// <summary>The built-in name or the description text (read from the file when X names one).</summary>
    /// <exception cref="ModelDescriptionException">The file cannot be read, or is too large.</exception>
    public static string Resolve(string value) =>
        ModelCatalog.Names.Contains(value) || !File.Exists(value) ? value : ModelFile.Read(value);

    /// <summary>The model file X names, or null when X is a built-in name or an inline description (nothing to watch).</summary>
    public static string? FileOf(string value) => ModelCatalog.Names.Contains(value) || !File.Exists(value) ? null : value;

    /// <summary>Why X is not a usable model (file unreadable, syntax error with line and column), or null.
    /// Shapes are checked later, once the data's image size and classes are known.</summary>
    public static string? Problem(string value)
    {
        try
        {
            string text = Resolve(value);
            if (!ModelCatalog.Names.Contains(text)) ModelDescription.Parse(text);
            return null;
        }
        catch (ModelDescriptionException e)
        {
            bool oneWord = !value.Any(c => char.IsWhiteSpace(c) || c == ';');
            return oneWord && !File.Exists(value)
                ? $"unknown model '{value}': not a built-in ({string.Join(", ", ModelCatalog.Names)}), not a file, and not a model description ({e.Message})."
                : $"--model: {e.Message}";
        }
    }
}

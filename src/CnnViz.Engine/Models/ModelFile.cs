using CnnViz.Core.Models.Description;

namespace CnnViz.Engine.Models;

/// <summary>A model description kept in a text file (`--model my.net`): read whole, with a size limit.</summary>
public static class ModelFile
{
    /// <summary>Model files larger than this are refused (a description is a few lines).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The file's text.</summary>
    /// <exception cref="ModelDescriptionException">The file cannot be read, or is larger than <see cref="MaxBytes"/>; the message starts with the path.</exception>
    public static string Read(string path)
    {
        try
        {
            if (new FileInfo(path).Length > MaxBytes)
                throw new ModelDescriptionException($"{path}: the model file is over {MaxBytes / 1024} KB; a description is a few lines of text.");
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelDescriptionException($"{path}: cannot read the model file: {e.Message}");
        }
    }
}

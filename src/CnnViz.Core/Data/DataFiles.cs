namespace CnnViz.Core.Data;

/// <summary>
/// The four files of an MNIST-style set found in one directory. Each is accepted under its
/// standard name with or without .gz, and in the dotted form some mirrors use
/// (train-images.idx3-ubyte); the first that exists wins, in that order.
/// </summary>
public sealed record DataFiles(string Directory, string TrainImages, string TrainLabels, string TestImages, string TestLabels)
{
    // The four standard file stems; files may also be named with .gz, or with a dot (train-images.idx3-ubyte).
    public const string TrainImagesStem = "train-images-idx3-ubyte";
    public const string TrainLabelsStem = "train-labels-idx1-ubyte";
    public const string TestImagesStem = "t10k-images-idx3-ubyte";
    public const string TestLabelsStem = "t10k-labels-idx1-ubyte";

    private static readonly string[] Stems = [TrainImagesStem, TrainLabelsStem, TestImagesStem, TestLabelsStem];

    /// <summary>"train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], …" for messages.</summary>
    public static string ExpectedNames => string.Join(", ", Stems.Select(s => s + "[.gz]"));

    /// <summary>The four files in <paramref name="directory"/>, or null with the stems that are missing.</summary>
    public static DataFiles? TryFind(string directory, out IReadOnlyList<string> missing)
    {
        var found = new string?[Stems.Length];
        var absent = new List<string>();
        for (int f = 0; f < Stems.Length; f++)
        {
            found[f] = Candidates(Stems[f]).Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
            if (found[f] is null) absent.Add(Stems[f] + "[.gz]");
        }
        missing = absent;
        return absent.Count > 0 ? null : new DataFiles(directory, found[0]!, found[1]!, found[2]!, found[3]!);
    }

    private static IEnumerable<string> Candidates(string stem)
    {
        string dotted = stem.Replace("-idx", ".idx"); // train-images.idx3-ubyte
        return [stem + ".gz", stem, dotted + ".gz", dotted];
    }
}

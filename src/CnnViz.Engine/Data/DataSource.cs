using CnnViz.Core.Data;

namespace CnnViz.Engine.Data;

/// <summary>
/// A loaded data set: the training and test <see cref="Dataset"/>s, where they came from, and the
/// one line the app prints at startup, e.g.
/// "data: MNIST full set from /x/data/mnist (60,000 train, 10,000 test) [--data]".
/// </summary>
public sealed class DataSource
{
    private DataSource(DataLocation location, Dataset train, Dataset test)
    {
        Location = location;
        Train = train;
        Test = test;
    }

    public DataLocation Location { get; }
    public Dataset Train { get; }
    public Dataset Test { get; }
    public DatasetInfo Info => Location.Info;
    public string Directory => Location.Files.Directory;

    /// <summary>"data: MNIST full set from DIR (60,000 train, 10,000 test) [origin]", then any notes on their own lines.</summary>
    public string Description
    {
        get
        {
            string kind = Location.IsSample ? "sample"
                : Train.Count == 60_000 && Test.Count == 10_000 ? "full set" : "set";
            string line = $"data: {Info.DisplayName} {kind} from {Directory} ({Train.Count:N0} train, {Test.Count:N0} test) [{Location.Origin}]";
            return Location.Notes.Count == 0 ? line : line + "\n  note: " + string.Join("\n  note: ", Location.Notes);
        }
    }

    /// <summary>Finds the data (see <see cref="DataLocator"/>) and loads it.</summary>
    /// <param name="datasetId">"mnist" or "fashion-mnist".</param>
    /// <param name="dataOption">The --data value, or null.</param>
    public static DataSource Open(string datasetId = "mnist", string? dataOption = null) =>
        Load(DataLocator.Locate(DatasetInfo.FromId(datasetId), dataOption, DataEnvironment.FromProcess()));

    /// <summary>What to do about a bad file; added to Core's "PATH: PROBLEM." here, where the commands are known.</summary>
    public const string BadFileAdvice = "Re-download it with `cnnviz data download`, or point --data at another copy.";

    /// <summary>Reads and validates the four files (full MNIST: ~0.1–0.3 s, 55 MB as bytes).</summary>
    /// <exception cref="DataException">A file is missing or wrong; the message says which, what is wrong and what to do.</exception>
    public static DataSource Load(DataLocation location)
    {
        try
        {
            return Read(location);
        }
        catch (DataFormatException e)
        {
            throw new DataException($"{e.Message} {BadFileAdvice}", e);
        }
    }

    private static DataSource Read(DataLocation location)
    {
        var info = location.Info;
        var files = location.Files;
        var (trainImages, trainLabels) = IdxPair.Read(files.TrainImages, files.TrainLabels, info.Height, info.Width, info.ClassNames.Count, "training");
        var (testImages, testLabels) = IdxPair.Read(files.TestImages, files.TestLabels, info.Height, info.Width, info.ClassNames.Count, "test");

        string where = files.Directory;
        var train = Pair($"{info.DisplayName} train ({where})", trainImages, files.TrainImages, trainLabels, files.TrainLabels, info);
        var test = Pair($"{info.DisplayName} test ({where})", testImages, files.TestImages, testLabels, files.TestLabels, info);
        return new DataSource(location, train, test);
    }

    private static Dataset Pair(string name, IdxImages images, string imagesPath, byte[] labels, string labelsPath, DatasetInfo info)
    {
        if (images.Count != labels.Length)
            throw new DataFormatException(imagesPath,
                $"holds {images.Count:N0} images but {Path.GetFileName(labelsPath)} holds {labels.Length:N0} labels; the two files do not belong together");
        return new Dataset(name, images.Pixels, labels, images.Height, images.Width, info.ClassNames);
    }
}

using CnnViz.Core.Data;

namespace CnnViz.Engine.Data;

/// <summary>One of the four files of an MNIST-style set, under its standard (gzip) name, with its MD5.</summary>
public sealed record RemoteFile(string FileName, string Md5);

/// <summary>
/// What the app knows about an MNIST-style data set: its class names, image size, the four
/// standard files with their MD5s, the public mirrors to download from (tried in order), and
/// the directories searched when no --data / CNNVIZ_DATA is given.
/// Tests build their own (a `with` copy) to point the downloader at 127.0.0.1.
/// </summary>
public sealed record DatasetInfo(
    string Id,
    string DisplayName,
    IReadOnlyList<string> ClassNames,
    int Height,
    int Width,
    IReadOnlyList<RemoteFile> Files,
    IReadOnlyList<Uri> Mirrors,
    string DefaultDirectory,                     // relative to the repo root: where `data download` puts the full set
    string? SampleDirectory,                     // relative to the repo root: the committed sample, if any
    IReadOnlyList<string> SystemDirectories,     // absolute: e.g. a Debian package's install location
    string? DebianPackage)                       // the package that installs it there, if any
{
    /// <summary>MNIST (LeCun, Cortes, Burges; CC BY-SA 3.0). MD5s are those of the original .gz files.</summary>
    public static readonly DatasetInfo Mnist = new(
        "mnist", "MNIST", Dataset.DigitNames, 28, 28,
        [
            new(DataFiles.TrainImagesStem + ".gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new(DataFiles.TrainLabelsStem + ".gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            new(DataFiles.TestImagesStem + ".gz", "9fb629c4189551a2d022fa330f9573f3"),
            new(DataFiles.TestLabelsStem + ".gz", "ec29112dd5afa0611ce80d1b7f02629c"),
        ],
        [
            new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            new("http://yann.lecun.com/exdb/mnist/"),
        ],
        "data/mnist", "data/mnist-sample", [], null);

    /// <summary>
    /// Fashion-MNIST (Zalando Research; MIT). MD5s from the project's README. Debian's
    /// dataset-fashion-mnist ships the same images recompressed (other .gz checksums), which the
    /// loader reads as-is.
    /// </summary>
    public static readonly DatasetInfo FashionMnist = new(
        "fashion-mnist", "Fashion-MNIST",
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        28, 28,
        [
            new(DataFiles.TrainImagesStem + ".gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new(DataFiles.TrainLabelsStem + ".gz", "25c81989df183df01b3e8a0aad5dffbe"),
            new(DataFiles.TestImagesStem + ".gz", "bef4ecab320f06d8554ea6380940ec79"),
            new(DataFiles.TestLabelsStem + ".gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        ],
        [
            new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            new("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
        ],
        "data/fashion-mnist", null, ["/usr/share/datasets/fashion-mnist"], "dataset-fashion-mnist");

    public static IReadOnlyList<DatasetInfo> All { get; } = [Mnist, FashionMnist];

    /// <summary>"mnist" or "fashion-mnist" (case-insensitive); anything else is a <see cref="DataException"/>.</summary>
    public static DatasetInfo FromId(string id) =>
        All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new DataException($"Unknown data set '{id}'; choose one of: {string.Join(", ", All.Select(d => d.Id))}.");
}

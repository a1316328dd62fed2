using CnnViz.Core;
using CnnViz.Core.Data;

namespace CnnViz.Engine.Data;

/// <summary>
/// A torchvision ImageFolder-style tree of labelled images, read into <see cref="Dataset"/>s:
/// <code>
/// DIR/train/&lt;class&gt;/*.png|jpg|…   and   DIR/test/&lt;class&gt;/*      (two trees), or
/// DIR/&lt;class&gt;/*                                                    (one tree, split below)
/// </code>
/// Class names are the folder names, sorted (ordinal), label i = the i-th name. Every image goes through
/// <see cref="ImageFile.Load"/> (grayscale, light on dark, resized to H×W). A file that is not a usable image
/// is skipped and reported. The training images are stored in a seeded shuffled order (so the validation
/// hold-out mixes the classes). One tree is split per class: its files sorted by name, shuffled with
/// <c>Rng(seed)</c>, and the last ⌈20%⌉ (at least 1) go to test.
/// </summary>
public sealed class ImageFolder
{
    /// <summary>Share of each class held out as test images when DIR has no train/ and test/.</summary>
    public const double TestFraction = 0.2;

    public required Dataset Train { get; init; }
    public required Dataset Test { get; init; }

    /// <summary>"path: reason" for every file that was skipped.</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    /// <summary>One line: where, the layout, images per class in train and test.</summary>
    public required string Description { get; init; }

    /// <exception cref="DataException">No such folder, no class folders, one class only, train and test with
    /// different classes (listed), or a class left without images.</exception>
    public static ImageFolder Load(string dir, int height, int width, ulong seed = 1)
    {
        if (!Directory.Exists(dir)) throw new DataException($"--images {dir}: no such folder.");
        string train = Path.Combine(dir, "train"), test = Path.Combine(dir, "test");
        bool twoTrees = Directory.Exists(train) && Directory.Exists(test);
        var skipped = new List<string>();
        List<(string Class, List<byte[]> Images)> trainSet, testSet;
        if (twoTrees)
        {
            trainSet = ReadTree(train, height, width, skipped);
            testSet = ReadTree(test, height, width, skipped);
            var onlyTrain = trainSet.Select(c => c.Class).Except(testSet.Select(c => c.Class)).ToList();
            var onlyTest = testSet.Select(c => c.Class).Except(trainSet.Select(c => c.Class)).ToList();
            if (onlyTrain.Count + onlyTest.Count > 0)
                throw new DataException($"--images {dir}: train and test have different classes: only in train: {List(onlyTrain)}; only in test: {List(onlyTest)}. Give both the same class folders.");
        }
        else
        {
            trainSet = ReadTree(dir, height, width, skipped);
            testSet = [];
            var rng = new Rng(seed);
            for (int c = 0; c < trainSet.Count; c++)
            {
                var images = trainSet[c].Images;
                if (images.Count < 2) throw new DataException($"--images {dir}: class '{trainSet[c].Class}' has {images.Count} usable image(s); a class needs at least 2 (one to train, one to test).");
                for (int i = images.Count - 1; i > 0; i--) { int j = rng.NextInt(i + 1); (images[i], images[j]) = (images[j], images[i]); }   // Fisher–Yates; see also ToDataset
                int held = Math.Max(1, (int)Math.Ceiling(images.Count * TestFraction));
                testSet.Add((trainSet[c].Class, images[^held..]));
                images.RemoveRange(images.Count - held, held);
            }
        }
        string[] names = [.. trainSet.Select(c => c.Class)];
        foreach (var (set, part) in new[] { (trainSet, "train"), (testSet, "test") })
            foreach (var (name, images) in set)
                if (images.Count == 0) throw new DataException($"--images {dir}: class '{name}' has no usable image in {part}.");
        string counts = string.Join(", ", names.Select((n, c) => $"{n} {trainSet[c].Images.Count}/{testSet[c].Images.Count}"));
        string layout = twoTrees ? "train/ and test/" : $"one tree, {TestFraction:P0} of each class held out (seed {seed})";
        return new ImageFolder
        {
            Train = ToDataset($"images train ({dir})", trainSet, names, height, width, new Rng(seed ^ 0x5eed)),
            Test = ToDataset($"images test ({dir})", testSet, names, height, width, shuffle: null),
            Skipped = skipped,
            Description = $"data: image folder {dir} ({layout}), {names.Length} classes, {height}×{width} grayscale; images per class train/test: {counts}"
                + (skipped.Count > 0 ? $"; skipped {skipped.Count} file(s) that are not usable images" : ""),
        };
    }

    private static List<(string, List<byte[]>)> ReadTree(string root, int height, int width, List<string> skipped)
    {
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) throw new DataException($"--images {root}: no class folders; put the images of each class in a folder named after it ({root}/cat/1.png, {root}/dog/1.png, …).");
        if (classes.Count == 1) throw new DataException($"--images {root}: one class only ('{classes[0]}'); a classifier needs at least 2 class folders.");
        if (classes.Count > 256) throw new DataException($"--images {root}: {classes.Count} class folders; CnnViz takes at most 256 classes.");
        var result = new List<(string, List<byte[]>)>();
        foreach (string name in classes)
        {
            var images = new List<byte[]>();
            foreach (string file in Directory.GetFiles(Path.Combine(root, name)).Order(StringComparer.Ordinal))
            {
                try { images.Add(ImageFile.Load(file, height, width)); }
                catch (ImageFileException e) { skipped.Add(e.Message); }
            }
            result.Add((name, images));
        }
        return result;
    }

    /// <summary>The images class by class, or in a seeded shuffled order (train: so that the validation hold-out,
    /// the last 10% of the file, mixes every class).</summary>
    private static Dataset ToDataset(string name, List<(string Class, List<byte[]> Images)> set, string[] classes, int height, int width, Rng? shuffle)
    {
        var all = set.SelectMany((c, label) => c.Images.Select(image => (image, label))).ToArray();
        if (shuffle is not null)
            for (int i = all.Length - 1; i > 0; i--) { int j = shuffle.NextInt(i + 1); (all[i], all[j]) = (all[j], all[i]); }
        int size = height * width;
        var pixels = new byte[all.Length * size];
        var labels = new byte[all.Length];
        for (int i = 0; i < all.Length; i++) { all[i].image.CopyTo(pixels, i * size); labels[i] = (byte)all[i].label; }
        return new Dataset(name, pixels, labels, height, width, classes);
    }

    private static string List(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}

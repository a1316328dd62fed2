namespace CnnViz.App.Commands;

/// <summary>
/// Every path option checked before any data is read or any step trained, so a typo costs a second, not an
/// epoch: an empty value (an unset shell variable), a folder where a file is meant (or a file where a folder
/// is), a missing parent folder, an extension the writer does not produce, and two outputs on one path.
/// Outputs are --checkpoint, --report, --plot, --frame-log, --screenshot (files) and --frames (a folder).
/// </summary>
internal static class PathChecks
{
    /// <summary>The first problem with the paths, as one line, or null.</summary>
    public static string? Check(TrainOptions o)
    {
        var r = o.Render;
        if (o.DataDir is { } data && data.Trim().Length == 0)
            return "--data is empty (an unset shell variable?); give the folder with the four IDX files, or leave --data out to use the default search.";
        if (o.Resume is { } resume && (Empty("--resume", resume) ?? Input("--resume", resume)) is { } bad) return bad;

        (string Option, string? Path)[] files =
            [("--checkpoint", o.Checkpoint), ("--report", o.Report), ("--plot", o.Plot), ("--frame-log", r.FrameLog), ("--screenshot", r.Screenshot)];
        foreach (var (option, path) in files)
            if (path is not null && (Empty(option, path) ?? OutputFile(option, path)) is { } problem) return problem;
        if (r.Frames is { } frames && (Empty("--frames", frames) ?? OutputFolder(frames)) is { } framesProblem) return framesProblem;
        foreach (var (option, path) in new[] { ("--plot", o.Plot), ("--screenshot", r.Screenshot) })
            if (path is not null && !path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                return $"{option} {path}: only PNG images are written; give a name ending in .png.";

        // Two outputs on one path: the later write would silently replace the earlier (a report over a checkpoint).
        // --resume may name the --checkpoint file (continue a run in place), but no other output.
        var outputs = files.Where(f => f.Path is not null).Select(f => (f.Option, Full: Path.GetFullPath(f.Path!))).ToList();
        if (r.Frames is { } dir) outputs.Add(("--frames", Path.GetFullPath(dir)));
        if (o.Resume is { } input) outputs.Add(("--resume", Path.GetFullPath(input)));
        for (int i = 0; i < outputs.Count; i++)
            for (int j = i + 1; j < outputs.Count; j++)
            {
                var (a, b) = (outputs[i], outputs[j]);
                bool continueInPlace = a.Option == "--checkpoint" && b.Option == "--resume";
                if (a.Full == b.Full && !continueInPlace)
                    return $"{a.Option} and {b.Option} name the same file {a.Full}; one would overwrite the other: give each its own path.";
            }
        return null;
    }

    private static string? Empty(string option, string path) => path.Trim().Length == 0
        ? $"{option} is empty (an unset shell variable?); give a path, or leave {option} out."
        : null;

    private static string? Input(string option, string path)
    {
        if (Directory.Exists(path)) return $"{option} {path} is a folder; give the checkpoint file inside it.";
        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null) return $"{option} {path}: no such file.";
        return null; // the reader says what else is wrong with it (a dangling link, no permission, not a checkpoint)
    }

    private static string? OutputFile(string option, string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return $"{option} {path} is a folder; give a file name, e.g. {Path.Combine(path, "run" + Extension(option))}.";
        return Parent(option, path, full);
    }

    private static string? OutputFolder(string path)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) return $"--frames {path} is a file; give a folder for the PNGs (it is created if missing).";
        return Parent("--frames", path, full);
    }

    private static string? Parent(string option, string path, string full)
    {
        string? parent = Path.GetDirectoryName(full);
        if (parent is null || Directory.Exists(parent)) return null;
        return File.Exists(parent)
            ? $"{option} {path}: {parent} is a file, not a folder."
            : $"{option} {path}: the folder {parent} does not exist; create it first (mkdir -p {parent}).";
    }

    private static string Extension(string option) => option switch
    {
        "--checkpoint" => ".ckpt",
        "--report" => ".json",
        "--frame-log" => ".csv",
        _ => ".png",
    };
}

using CnnViz.Core.Models.Description;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Live;

/// <summary>
/// Edit the model while it trains: the window watches the file that `--model my.net` named (as it watches the
/// shaders). When the file is saved, <see cref="TryRebuild"/> builds a new session from it with the same data,
/// seed and settings, and the step count starts again; a description that does not parse or does not fit the
/// data leaves the old network running and says why (line, column, layer and shapes).
/// <code>
/// using var watch = new ModelFileWatch("my.net");
/// if (watch.TakeChange() &amp;&amp; watch.TryRebuild(session, out var rebuilt, out string message)) session = rebuilt;
/// </code>
/// </summary>
public sealed class ModelFileWatch : IDisposable
{
    private readonly FileChangeWatch _watch;

    /// <param name="path">The model file; its folder is watched for writes and for renames over it (editors save both ways).</param>
    public ModelFileWatch(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _watch = new FileChangeWatch(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path));
    }

    /// <summary>The watched file, as a full path.</summary>
    public string Path { get; }

    /// <summary>False when the system could not watch the file (no inotify): saving it then changes nothing.</summary>
    public bool IsWatching => _watch.IsWatching;

    /// <summary>True once, <see cref="FileChangeWatch.SettleMilliseconds"/> after the file was last saved; allocates nothing.</summary>
    public bool TakeChange() => _watch.TakeChange();

    /// <summary>Marks the file changed now (tests).</summary>
    public void MarkChanged() => _watch.MarkChanged();

    /// <summary>
    /// Reads the file and builds a new session for it: <paramref name="current"/>'s data, seed, optimizer,
    /// schedule and target, a new network from the description, step 0.
    /// </summary>
    /// <param name="message">What happened, one line for the status line: the new model's size, or what is wrong with the file.</param>
    /// <returns>False (and no session) when the file cannot be read, does not parse or does not fit the data.</returns>
    public bool TryRebuild(TrainingSession current, out TrainingSession? rebuilt, out string message)
    {
        rebuilt = null;
        string name = System.IO.Path.GetFileName(Path);
        try
        {
            string text = ModelFile.Read(Path);
            var train = current.Data.Train;
            var spec = ModelCatalog.Get(text, train.SampleShape, train.Classes);
            rebuilt = new TrainingSession(current.Config with { Model = spec, Seed = current.Seed }, current.Data)
            {
                TargetEpochs = current.TargetEpochs,
            };
            message = $"{name} saved: rebuilt the network ({rebuilt.Model.ParameterCount:N0} parameters), same data and seed, from step 0";
            return true;
        }
        catch (ModelDescriptionException e)
        {
            string problem = e.Message.StartsWith(Path, StringComparison.Ordinal) ? e.Message[(Path.Length + 2)..] : e.Message;
            message = $"{name}: {problem.TrimEnd('.')}; the old network keeps running";
        }
        return false;
    }

    public void Dispose() => _watch.Dispose();
}

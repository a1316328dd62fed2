namespace CnnViz.Engine.Views;

/// <summary>
/// The line a window shows across the top when training has stopped by itself: the epoch target reached
/// ("Finished: 3 of 3 epochs (339 steps). 'epochs 6' trains on.") or divergence; null while it runs.
/// Rebuilt only when the session changes, so drawing it every frame allocates nothing.
/// </summary>
public sealed class RunBanner
{
    private long _version = -1;
    private string? _text;

    public string? Text(SessionViews views)
    {
        if (views.Version == _version) return _text;
        _version = views.Version;
        _text = views.IsDiverged ? $"Stopped: {views.DivergenceMessage}"
            : views.IsFinished ? $"Finished: {views.Epoch} of {views.TargetEpochs} epochs ({views.Step:N0} steps). 'epochs {views.TargetEpochs * 2}' trains on."
            : null;
        return _text;
    }
}

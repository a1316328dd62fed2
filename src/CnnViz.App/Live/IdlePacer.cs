using System.Diagnostics;
using CnnViz.Engine.Live;

namespace CnnViz.App.Live;

/// <summary>
/// Keeps a paused window cheap: it redraws only when something changed (a key or click, a step, an evaluation
/// slice, the pinned digit, a resize, a screenshot) and never more than 60 times a second; the rest of each
/// 1/60 s it sleeps. While training runs every frame is drawn (vsync, or as fast as it goes when measuring).
/// </summary>
internal sealed class IdlePacer
{
    public const double FrameSeconds = 1.0 / 60;
    private long _frameStart = Stopwatch.GetTimestamp();
    private long _views = -1, _study = -1;
    private int _width, _height, _drawnWhilePaused;

    public bool ShouldDraw(FrameController frame, bool input, int width, int height) =>
        ShouldDraw(frame.Views.Version, frame.Study.Version, frame.State, input, width, height);

    /// <summary>The same for any front end: <paramref name="views"/> and <paramref name="study"/> are counters that move when what is drawn changed.</summary>
    public bool ShouldDraw(long views, long study, ViewState state, bool input, int width, int height)
    {
        bool changed = input || views != _views || study != _study || width != _width || height != _height
            || state.PendingScreenshot is not null || !state.Paused;
        (_views, _study, _width, _height) = (views, study, width, height);
        // A few frames after a change, so double-buffered windows show it on both buffers.
        _drawnWhilePaused = changed ? 0 : _drawnWhilePaused + 1;
        return _drawnWhilePaused < 3;
    }

    /// <summary>Paused: sleeps out the rest of the 1/60 s frame.</summary>
    public void Wait(FrameController frame) => Wait(frame.State);

    public void Wait(ViewState state)
    {
        if (state.Paused)
        {
            double left = FrameSeconds - Stopwatch.GetElapsedTime(_frameStart).TotalSeconds;
            if (left > 0.001) Thread.Sleep(TimeSpan.FromSeconds(left));
        }
        _frameStart = Stopwatch.GetTimestamp();
    }
}

using CnnViz.App.Live;
using CnnViz.Engine;
using CnnViz.Engine.Live;
using CnnViz.Render.Platform;

namespace CnnViz.Render.Tests;

/// <summary>
/// The window's frame as <see cref="LiveWindow"/> runs it (input → Update → Draw), on any surface, for tests:
/// the engine's <see cref="FrameController"/> and the draw-only <see cref="Viewer"/>.
/// </summary>
internal sealed class LiveFrames : IDisposable
{
    private readonly InputQueue _input;

    public LiveFrames(IRenderSurface surface, TrainingSession session, InputQueue? input = null)
    {
        _input = input ?? new InputQueue();
        Controller = new FrameController(session);
        Viewer = new Viewer(surface, session.Views, Controller.Study.Views);
    }

    public FrameController Controller { get; }
    public Viewer Viewer { get; }
    public ViewState State => Controller.State;
    internal Scene Scene => Viewer.Scene;

    /// <summary>One frame; false once `quit` was given.</summary>
    public bool RunFrame()
    {
        LiveWindow.Input(_input, Controller, Viewer);
        Controller.Update();
        LiveWindow.Draw(Controller, Viewer);
        return !Controller.QuitRequested;
    }

    public string Execute(string command) => Controller.Execute(command);

    /// <summary>Waits for the queued PNGs and shows their messages in the status line.</summary>
    public void FlushPngs()
    {
        Viewer.FlushPngs();
        LiveWindow.TakeMessages(Controller, Viewer);
    }

    public void Dispose()
    {
        Viewer.Dispose();
        Controller.Dispose();
    }
}

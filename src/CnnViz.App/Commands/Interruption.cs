using System.Runtime.InteropServices;

namespace CnnViz.App.Commands;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM during headless training: the first one is caught and only recorded, so the
/// run stops after the current step and still writes the checkpoint and report asked for (the report marked
/// "interrupted"); a second one ends the process at once, as usual. Exit codes follow the shell's 128 + n:
/// 130 for SIGINT, 143 for SIGTERM.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly PosixSignalRegistration _interrupt, _terminate;
    private volatile string? _signal;
    private volatile int _exitCode;

    public Interruption()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Catch(context, "SIGINT", 130));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Catch(context, "SIGTERM", 143));
    }

    /// <summary>"SIGINT" or "SIGTERM" once one arrived; null before.</summary>
    public string? Signal => _signal;
    public bool Requested => _signal is not null;
    public int ExitCode => _exitCode;

    private void Catch(PosixSignalContext context, string name, int exitCode)
    {
        if (_signal is not null) return; // the second signal: let it end the process
        _exitCode = exitCode;
        _signal = name;
        context.Cancel = true;
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}

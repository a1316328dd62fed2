using System.CommandLine;

namespace CnnViz.App.Commands;

/// <summary>The renderer's command-line settings: headless frames and the frame log.</summary>
internal sealed record RenderSettings
{
    /// <summary>--frames DIR: with --headless, save the window's frames (rendered offscreen) as PNGs here.</summary>
    public string? Frames { get; init; }
    public int FrameEvery { get; init; } = 10;
    /// <summary>--frame-log PATH: per-frame train/upload/draw milliseconds as CSV, and a summary line.</summary>
    public string? FrameLog { get; init; }
    /// <summary>--max-frames N: close the window (or stop the frames) after N frames; 0: no limit.</summary>
    public int MaxFrames { get; init; }
    /// <summary>--screenshot PATH: with --max-frames, save the window's last frame as a PNG.</summary>
    public string? Screenshot { get; init; }
}

/// <summary>The options behind <see cref="RenderSettings"/>, added to the root command.</summary>
internal static class RenderOptions
{
    private static readonly Option<string?> Frames = new("--frames") { Description = "With --headless: render the window's frames offscreen (EGL) and save them as PNGs in this directory." };
    private static readonly Option<int> FrameEvery = new("--frame-every") { Description = "With --frames: save every Nth frame (one mini-batch per frame unless the script says `speed N`).", DefaultValueFactory = _ => 10 };
    private static readonly Option<string?> FrameLog = new("--frame-log") { Description = "Write per-frame timings (train, upload, draw ms) as CSV here and print a summary at the end." };
    private static readonly Option<int> MaxFrames = new("--max-frames") { Description = "Close the window (or stop --frames) after N frames (0: no limit)." };
    private static readonly Option<string?> Screenshot = new("--screenshot") { Description = "With --max-frames: save the window's last frame as a PNG here." };

    public static void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Frames, FrameEvery, FrameLog, MaxFrames, Screenshot }) root.Options.Add(option);
    }

    public static RenderSettings Read(ParseResult parse) => new()
    {
        Frames = parse.GetValue(Frames),
        FrameEvery = parse.GetValue(FrameEvery),
        FrameLog = parse.GetValue(FrameLog),
        MaxFrames = parse.GetValue(MaxFrames),
        Screenshot = parse.GetValue(Screenshot),
    };

    /// <summary>The first thing wrong with the settings, or null.</summary>
    public static string? Check(RenderSettings s, bool headless)
    {
        if (s.FrameEvery < 1) return $"--frame-every must be at least 1, got {s.FrameEvery}.";
        if (s.MaxFrames < 0) return $"--max-frames must be 0 (no limit) or more, got {s.MaxFrames}.";
        if (s.Screenshot is not null && s.MaxFrames == 0) return "--screenshot saves the last frame of a --max-frames run: add --max-frames N (S saves one any time).";
        if (s.Frames is not null && !headless) return "--frames renders headless frames: add --headless (the window shows them live; S saves one).";
        // Accepted silently before, they wrote nothing: a headless run has no window to shoot or time.
        if (s.Screenshot is not null && headless) return "--screenshot saves the window's last frame, and --headless opens no window: drop --headless, or use --frames DIR for headless PNGs.";
        if (s.FrameLog is not null && headless && s.Frames is null) return "--frame-log times the window's frames, and --headless without --frames draws none: drop --headless, or add --frames DIR.";
        return null;
    }
}

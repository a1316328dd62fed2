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
    /// <summary>--size WxH: the window's (or headless frames') size in pixels, 1024×600 up to 3840×2160.</summary>
    public (int Width, int Height) Size { get; init; } = (1280, 800);
    /// <summary>--fullscreen: the window fills the primary monitor.</summary>
    public bool Fullscreen { get; init; }
    /// <summary>The --size text as given, checked by <see cref="RenderOptions.Check"/>.</summary>
    public string? SizeText { get; init; }
}

/// <summary>The options behind <see cref="RenderSettings"/>, added to the root command.</summary>
internal static class RenderOptions
{
    private static readonly Option<string?> Frames = new("--frames") { Description = "With --headless: render the window's frames offscreen (EGL) and save them as PNGs in this directory." };
    private static readonly Option<int> FrameEvery = new("--frame-every") { Description = "With --frames: save every Nth frame (one mini-batch per frame unless the script says `speed N`).", DefaultValueFactory = _ => 10 };
    private static readonly Option<string?> FrameLog = new("--frame-log") { Description = "Write per-frame timings (train, upload, draw ms) as CSV here and print a summary at the end." };
    private static readonly Option<int> MaxFrames = new("--max-frames") { Description = "Close the window (or stop --frames) after N frames (0: no limit)." };
    private static readonly Option<string?> Screenshot = new("--screenshot") { Description = "With --max-frames: save the window's last frame as a PNG here." };
    private static readonly Option<string?> Size = new("--size") { Description = "Window (or --frames) size in pixels, WxH from 1024x600 to 3840x2160 (default 1280x800); the layout reflows." };
    private static readonly Option<bool> Fullscreen = new("--fullscreen") { Description = "Open the window full screen on the primary monitor." };

    public static void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Frames, FrameEvery, FrameLog, MaxFrames, Screenshot, Size, Fullscreen }) root.Options.Add(option);
    }

    public static RenderSettings Read(ParseResult parse) => new()
    {
        Frames = parse.GetValue(Frames),
        FrameEvery = parse.GetValue(FrameEvery),
        FrameLog = parse.GetValue(FrameLog),
        MaxFrames = parse.GetValue(MaxFrames),
        Screenshot = parse.GetValue(Screenshot),
        SizeText = parse.GetValue(Size),
        Size = ParseSize(parse.GetValue(Size)) ?? (1280, 800),
        Fullscreen = parse.GetValue(Fullscreen),
    };

    /// <summary>"1920x1080" (or 1920×1080) → (1920, 1080); null when it is not of that form or out of range.</summary>
    public static (int Width, int Height)? ParseSize(string? text)
    {
        if (text is null) return null;
        string[] parts = text.ToLowerInvariant().Split('x', '×');
        if (parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h)
            && w is >= 1024 and <= 3840 && h is >= 600 and <= 2160) return (w, h);
        return null;
    }

    /// <summary>The first thing wrong with the settings, or null.</summary>
    public static string? Check(RenderSettings s, bool headless)
    {
        if (s.SizeText is not null && ParseSize(s.SizeText) is null)
            return $"--size must be WxH between 1024x600 and 3840x2160 (e.g. --size 1920x1080), got '{s.SizeText}'.";
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

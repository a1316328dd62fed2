using System.Globalization;

namespace CnnViz.Engine;

/// <summary>
/// How fast the window trains, as a rational number of mini-batches per frame: <c>speed 8</c> is 8 steps
/// every frame, <c>speed 1/30</c> one step every 30 frames (one every half second at 60 fps). + and − walk
/// <see cref="Ladder"/>. Which frames step is a pure function of the frame number, so a run stepped at
/// 1/4 is the same as one stepped by hand, four frames at a time.
/// </summary>
public readonly record struct Pace(int Steps, int Frames) : ISpanFormattable
{
    /// <summary>Writes <see cref="ToString"/>'s text without making a string (the HUD draws it every frame).</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) => Frames == 1
        ? Steps == 1 ? destination.TryWrite($"1 step/frame", out charsWritten) : destination.TryWrite($"{Steps} steps/frame", out charsWritten)
        : destination.TryWrite($"{Steps} step{(Steps == 1 ? "" : "s")}/{Frames} frames", out charsWritten);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public const int MaxSteps = 64, MaxFrames = 60;

    /// <summary>The settings + and − move through, slowest first: one step per second (at 60 fps) up to 64 per frame.</summary>
    public static readonly Pace[] Ladder =
        [new(1, 60), new(1, 30), new(1, 15), new(1, 8), new(1, 4), new(1, 2), new(1, 1), new(2, 1), new(4, 1), new(8, 1), new(16, 1), new(32, 1), new(64, 1)];

    public static Pace One => new(1, 1);

    /// <summary>Mini-batches to train on frame <paramref name="frame"/> (0, 1, 2… since the pace was set): ⌊(f+1)·S/F⌋ − ⌊f·S/F⌋.</summary>
    public int StepsOnFrame(long frame) => (int)((frame + 1) * Steps / Frames - frame * Steps / Frames);

    /// <summary>Steps per second at <paramref name="fps"/> frames per second.</summary>
    public double PerSecond(double fps) => fps * Steps / Frames;

    /// <summary>The next faster setting of <see cref="Ladder"/> (itself at the top).</summary>
    public Pace Faster()
    {
        foreach (var p in Ladder) if (p.Rate > Rate) return p;
        return Ladder[^1];
    }

    /// <summary>The next slower setting of <see cref="Ladder"/> (itself at the bottom).</summary>
    public Pace Slower()
    {
        for (int i = Ladder.Length - 1; i >= 0; i--) if (Ladder[i].Rate < Rate) return Ladder[i];
        return Ladder[0];
    }

    private double Rate => (double)Steps / Frames;

    /// <summary>"8 steps/frame", "1 step/frame", "1 step/30 frames".</summary>
    public override string ToString() => Frames == 1
        ? Steps == 1 ? "1 step/frame" : $"{Steps} steps/frame"
        : $"{Steps} step{(Steps == 1 ? "" : "s")}/{Frames} frames";

    /// <summary>As the speed command writes it: "8", "1/30".</summary>
    public string Argument => Frames == 1 ? $"{Steps}" : $"{Steps}/{Frames}";

    /// <summary>Parses "N" (N steps per frame, 1..64) or "S/F" (S steps every F frames, F up to 60).</summary>
    /// <exception cref="ArgumentException">Anything else; the message gives the valid forms.</exception>
    public static Pace Parse(string text)
    {
        if (TryParse(text, out var pace)) return pace;
        throw new ArgumentException($"'{text}' is not a speed: use N steps per frame (1..{MaxSteps}) or 1/F, one step every F frames (F 2..{MaxFrames}), e.g. 'speed 8' or 'speed 1/30'.");
    }

    public static bool TryParse(string text, out Pace pace)
    {
        pace = One;
        string[] parts = text.Split('/');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int steps)) return false;
        int frames = 1;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out frames)) return false;
        if (steps < 1 || steps > MaxSteps || frames < 1 || frames > MaxFrames || (frames > 1 && steps > frames)) return false;
        pace = new Pace(steps, frames);
        return true;
    }
}

using System.Globalization;

namespace CnnViz.Engine.Pinning;

/// <summary>Where a pinned image comes from.</summary>
public enum PinSource
{
    /// <summary>Image I of the test set (held out: never trained on).</summary>
    Test,
    /// <summary>Image I of the training set.</summary>
    Train,
    /// <summary>Sample I of the current mini-batch, copied when pinned (the batch moves on, the pin stays).</summary>
    Batch,
    /// <summary>The draw-mode canvas, followed as it is drawn.</summary>
    Drawn,
}

/// <summary>The argument of <c>pin test:I | train:I | batch:I | drawn</c>.</summary>
public readonly record struct PinTarget(PinSource Source, int Index)
{
    public const string Usage = "pin test:I | train:I | batch:I | drawn";

    /// <exception cref="ArgumentException">Not one of the forms; the message gives them.</exception>
    public static PinTarget Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "drawn") return new PinTarget(PinSource.Drawn, 0);
        string[] parts = t.Split(':');
        PinSource? source = parts[0] switch { "test" => PinSource.Test, "train" => PinSource.Train, "batch" => PinSource.Batch, _ => null };
        if (parts.Length == 2 && source is { } s && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            return new PinTarget(s, i);
        throw new ArgumentException($"'{text}' is not an image to pin; use {Usage} (I a whole number, e.g. 'pin test:7').");
    }

    public override string ToString() => Source == PinSource.Drawn ? "drawn" : $"{Source.ToString().ToLowerInvariant()}:{Index}";
}

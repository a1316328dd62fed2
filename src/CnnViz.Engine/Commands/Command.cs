using System.Globalization;

namespace CnnViz.Engine.Commands;

/// <summary>What a command's argument must be.</summary>
public enum ArgumentKind
{
    /// <summary>No argument: "pause".</summary>
    None,
    /// <summary>A whole number ≥ 1: "step 100".</summary>
    PositiveInteger,
    /// <summary>A whole number ≥ 0: "sample 3".</summary>
    Index,
    /// <summary>A 64-bit unsigned seed: "reset 7".</summary>
    Seed,
    /// <summary>A positive finite number: "lr 0.01".</summary>
    PositiveNumber,
    /// <summary>Any single word or path: "layer conv1", "save run.ckpt".</summary>
    Text,
    /// <summary>A whole number ≥ 1 or the word "end": "phase 3", "phase end".</summary>
    CountOrEnd,
    /// <summary>Two words, a layer name and a whole number ≥ 0: "knockout conv1 3" (the argument is "conv1 3").</summary>
    LayerAndIndex,
    /// <summary>Mini-batches per frame, whole or a fraction: "speed 8", "speed 1/30" (see <see cref="Engine.Pace"/>).</summary>
    Speed,
    /// <summary>The rest of the line, any number of words: "explain conv1 2 14 9".</summary>
    Words,
}

/// <summary>One verb of the command language: its argument and how it is written in help and errors.</summary>
/// <param name="Verb">The word that starts the command, lower case.</param>
/// <param name="Argument">What follows it.</param>
/// <param name="ArgumentOptional">True when the argument may be left out ("reset" and "reset 7").</param>
/// <param name="Usage">How it is written, e.g. "step N".</param>
/// <param name="Help">What it does, one short sentence.</param>
public sealed record CommandSpec(string Verb, ArgumentKind Argument, bool ArgumentOptional, string Usage, string Help);

/// <summary>A parsed, checked command: its verb and its argument as written (null when absent).</summary>
public sealed record Command(string Verb, string? Argument)
{
    /// <summary>The argument as a whole number (PositiveInteger, Index).</summary>
    public int Integer => int.Parse(Argument!, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>The argument as a seed.</summary>
    public ulong Seed => ulong.Parse(Argument!, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>The argument as a number (PositiveNumber).</summary>
    public float Number => float.Parse(Argument!, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The argument as a pace (Speed): whole numbers above 64 are clamped to 64 per frame.</summary>
    public Pace Pace => int.TryParse(Argument, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > Pace.MaxSteps
        ? new Pace(Pace.MaxSteps, 1) : Pace.Parse(Argument!);

    public override string ToString() => Argument is null ? Verb : $"{Verb} {Argument}";
}

/// <summary>A command that cannot be parsed or carried out; the message is one line meant for the user.</summary>
public sealed class CommandException(string message) : Exception(message);

using System.Globalization;

namespace CnnViz.Engine.Commands;

/// <summary>
/// Parses the small command language shared by the window's keys and headless scripts.
/// A script is commands separated by ';' or new lines; blank parts and '#' comments are skipped:
/// <code>epochs 2; step 100; lr 0.005; save run.ckpt</code>
/// Verbs are case-insensitive. The window adds its own verbs (e.g. "screenshot PATH") with <see cref="With"/>.
/// </summary>
public sealed class CommandParser
{
    /// <summary>The verbs every front end understands.</summary>
    public static readonly IReadOnlyList<CommandSpec> BuiltIn =
    [
        new("pause", ArgumentKind.None, false, "pause", "stop stepping (the window keeps drawing)"),
        new("resume", ArgumentKind.None, false, "resume", "keep training (headless: until the epoch target)"),
        new("step", ArgumentKind.PositiveInteger, false, "step N", "train N mini-batches now"),
        new("speed", ArgumentKind.Speed, false, "speed N|1/F", "train N mini-batches per frame, or one every F frames"),
        new("reset", ArgumentKind.Seed, true, "reset [SEED]", "start over with fresh weights (same or new seed)"),
        new("lr", ArgumentKind.PositiveNumber, false, "lr X", "set the learning rate"),
        new("sample", ArgumentKind.Index, false, "sample I", "show sample I of the batch"),
        new("layer", ArgumentKind.Text, false, "layer NAME", "focus on a layer"),
        new("save", ArgumentKind.Text, false, "save PATH", "write a checkpoint"),
        new("load", ArgumentKind.Text, false, "load PATH", "continue from a checkpoint"),
        new("epochs", ArgumentKind.PositiveInteger, false, "epochs N", "stop after N epochs in total"),
        new("quit", ArgumentKind.None, false, "quit", "stop and exit"),
    ];

    private readonly CommandSpec[] _specs;

    public CommandParser(IEnumerable<CommandSpec> specs)
    {
        _specs = [.. specs];
        var duplicate = _specs.GroupBy(s => s.Verb).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"The verb '{duplicate.Key}' is defined twice.");
    }

    public static CommandParser Default { get; } = new(BuiltIn);

    public IReadOnlyList<CommandSpec> Specs => _specs;

    /// <summary>A parser that also knows <paramref name="extra"/> (e.g. the window's "screenshot PATH").</summary>
    public CommandParser With(params CommandSpec[] extra) => new(_specs.Concat(extra));

    /// <summary>"pause, resume, step N, …": every valid form.</summary>
    public string ValidForms => string.Join(", ", _specs.Select(s => s.Usage));

    /// <summary>Parses a script into commands, in order.</summary>
    /// <exception cref="CommandException">The first bad command, by position, with the valid forms.</exception>
    public IReadOnlyList<Command> ParseScript(string script) => [.. SplitScript(script).Select(Parse)];

    /// <summary>
    /// A script's command lines, in order, not yet parsed: split at new lines and ';', each '#' comment
    /// (to the end of its line) and every blank part dropped, each part trimmed. The window runs these one by
    /// one (each with its status); <see cref="ParseScript"/> parses them.
    /// </summary>
    public static IReadOnlyList<string> SplitScript(string script)
    {
        var parts = new List<string>();
        foreach (string line in script.Split('\n'))
        {
            string code = line.Split('#')[0];
            foreach (string part in code.Split(';'))
                if (part.Trim().Length > 0) parts.Add(part.Trim());
        }
        return parts;
    }

    /// <summary>Parses one command such as "step 100".</summary>
    /// <exception cref="CommandException">Unknown verb, missing/extra/bad argument; the message names the command and lists the valid forms.</exception>
    public Command Parse(string text)
    {
        string[] words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new CommandException($"empty command; valid commands: {ValidForms}.");
        string verb = words[0].ToLowerInvariant();
        var spec = _specs.FirstOrDefault(s => s.Verb == verb)
            ?? throw new CommandException($"unknown command '{text.Trim()}'; valid commands: {ValidForms}.");
        if (spec.Argument == ArgumentKind.Words)
        {
            if (words.Length < 2) throw Bad(text, spec, "missing argument");
            return new Command(verb, string.Join(' ', words.Skip(1)));
        }
        string? argument = words.Length > 1 ? words[1] : null;
        if (words.Length > 2 || (argument is not null && spec.Argument == ArgumentKind.None))
            throw Bad(text, spec, "too many arguments");
        if (argument is null)
        {
            if (spec.Argument != ArgumentKind.None && !spec.ArgumentOptional) throw Bad(text, spec, "missing argument");
            return new Command(verb, null);
        }
        string? problem = spec.Argument switch
        {
            ArgumentKind.PositiveInteger => int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
                ? null : "expected a whole number of at least 1",
            ArgumentKind.Index => int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? null : "expected a whole number of 0 or more",
            ArgumentKind.Seed => ulong.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? null : "expected a seed (a whole number of 0 or more)",
            ArgumentKind.Speed => (int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int whole) && whole >= 1) || Pace.TryParse(argument, out _)
                ? null : "expected N mini-batches per frame or 1/F (one every F frames, F up to 60)",
            ArgumentKind.PositiveNumber => float.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out float x) && float.IsFinite(x) && x > 0
                ? null : "expected a positive number such as 0.01",
            _ => null,
        };
        if (problem is not null) throw Bad(text, spec, problem);
        return new Command(verb, argument);
    }

    private CommandException Bad(string text, CommandSpec spec, string problem) =>
        new($"bad command '{text.Trim()}': {problem}; usage: {spec.Usage}. Valid commands: {ValidForms}.");
}

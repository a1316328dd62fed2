using System.Globalization;

namespace CnnViz.Engine.Commands;

/// <summary>
/// Parses the small command language shared by the window's keys and headless scripts.
/// A script is commands separated by ';' or new lines; blank parts and '#' comments (at a line's start or
/// after whitespace) are skipped; a "quoted" argument may hold spaces:
/// <code>epochs 2; step 100; lr 0.005; save "my run.ckpt"  # comment</code>
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
        .. InspectionCommands.Specs,
        new("seek", ArgumentKind.Index, false, "seek STEP", "go back (or forward) to step STEP; training on replays the run bit for bit"),
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
    /// The commands of a script as text, in order: split at ';' and new lines outside quotes, with '#' comments
    /// removed. '#' starts a comment only at the start of a line or after whitespace, so `save run#1.ckpt` keeps its
    /// name; inside "double quotes" neither ';' nor '#' is special (`save "my run.ckpt"`). The window runs these one
    /// by one (each with its status); <see cref="ParseScript"/> parses them.
    /// </summary>
    /// <exception cref="CommandException">A quote is not closed.</exception>
    public static IReadOnlyList<string> SplitScript(string script)
    {
        var commands = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false, comment = false;
        for (int i = 0; i < script.Length; i++)
        {
            char c = script[i];
            if (c == '\n')
            {
                if (quoted) throw new CommandException($"unclosed quote in '{Clip(current.ToString().Trim())}'; close it with \" on the same line.");
                comment = false;
                End(commands, current);
            }
            else if (comment) continue;
            else if (c == '"') { quoted = !quoted; current.Append(c); }
            else if (quoted) current.Append(c);
            else if (c == ';') End(commands, current);
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(script[i - 1]) || script[i - 1] == ';')) comment = true;
            else current.Append(c);
        }
        if (quoted) throw new CommandException($"unclosed quote in '{Clip(current.ToString().Trim())}'; close it with \".");
        End(commands, current);
        return commands;

        static void End(List<string> commands, System.Text.StringBuilder text)
        {
            string command = text.ToString().Trim();
            if (command.Length > 0) commands.Add(command);
            text.Clear();
        }
    }

    /// <summary>Parses one command such as "step 100" or `save "my run.ckpt"`.</summary>
    /// <exception cref="CommandException">Unknown verb, missing/extra/bad argument; the message names the command and lists the valid forms.</exception>
    public Command Parse(string text)
    {
        string[] words = Words(text);
        if (words.Length == 0) throw new CommandException($"empty command; valid commands: {ValidForms}.");
        string verb = words[0].ToLowerInvariant();
        var spec = _specs.FirstOrDefault(s => s.Verb == verb)
            ?? throw new CommandException($"unknown command '{Clip(text.Trim())}'; valid commands: {ValidForms}.");
        if (spec.Argument == ArgumentKind.LayerAndIndex) return ParseLayerAndIndex(text, spec, words);
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
            ArgumentKind.CountOrEnd => argument.Equals("end", StringComparison.OrdinalIgnoreCase)
                || (int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1)
                ? null : "expected a whole number of at least 1, or 'end'",
            ArgumentKind.Speed => (int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int whole) && whole >= 1) || Pace.TryParse(argument, out _)
                ? null : "expected N mini-batches per frame or 1/F (one every F frames, F up to 60)",
            ArgumentKind.PositiveNumber => float.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out float x) && float.IsFinite(x) && x > 0
                ? null : "expected a positive number such as 0.01",
            _ => null,
        };
        if (problem is not null) throw Bad(text, spec, problem);
        return new Command(verb, argument);
    }

    // "knockout conv1 3": a layer name and a kernel index, kept as the argument "conv1 3".
    private Command ParseLayerAndIndex(string text, CommandSpec spec, string[] words)
    {
        if (words.Length != 3) throw Bad(text, spec, words.Length < 3 ? "missing argument" : "too many arguments");
        if (!int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw Bad(text, spec, $"expected a kernel number of 0 or more after the layer, got '{words[2]}'");
        return new Command(spec.Verb, $"{words[1]} {words[2]}");
    }

    private CommandException Bad(string text, CommandSpec spec, string problem) =>
        new($"bad command '{Clip(text.Trim())}': {problem}; usage: {spec.Usage}. Valid commands: {ValidForms}.");

    /// <summary>Words separated by whitespace; a "double-quoted" word may hold spaces, ';' and '#' (the quotes are dropped).</summary>
    private static string[] Words(string text)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in text)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (!quoted && char.IsWhiteSpace(c))
            {
                if (any) words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else { word.Append(c); any = true; }
        }
        if (quoted) throw new CommandException($"unclosed quote in '{Clip(text.Trim())}'; close it with \".");
        if (any) words.Add(word.ToString());
        return [.. words];
    }

    /// <summary>A command as echoed in an error: at most 60 characters (a 10 MB script is not repeated back).</summary>
    private static string Clip(string text) => text.Length <= 60 ? text : $"{text[..60]}… ({text.Length:N0} characters)";
}

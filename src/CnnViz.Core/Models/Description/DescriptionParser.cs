using System.Globalization;

namespace CnnViz.Core.Models.Description;

/// <summary>
/// Reads the model description language into <see cref="LayerSpec"/>s. Grammar (one layer per line
/// or ';'-separated; '#' starts a comment; sizes as N or HxW, 'x' or '×'):
/// <code>
/// conv F@KxK [pad P] [stride S] [init I]     F filters, kernel K (e.g. conv 8@3x3 pad 1, conv 4@2x5 stride 2x1)
/// dense N|classes [init I]                   N outputs; 'classes': as many as the data has classes
/// maxpool K [stride S] · avgpool K [stride S] window K, stride defaults to K
/// relu · tanh · sigmoid · flatten
/// I: he (default) | xavier | simple[:σ]      Gaussian σ = √(2/fanIn), 1/√fanIn, or a fixed σ (0.01)
/// </code>
/// Every error names the line and column of the word at fault.
/// </summary>
internal static class DescriptionParser
{
    /// <summary>Sizes, paddings and strides above this are refused while parsing (no layer could use them on a sane input).</summary>
    public const int MaxValue = 65536;

    public static readonly string[] Kinds = ["conv", "dense", "maxpool", "avgpool", "relu", "tanh", "sigmoid", "flatten"];

    private readonly record struct Word(string Text, int Line, int Column);

    public static List<LayerSpec> Parse(string text)
    {
        var layers = new List<LayerSpec>();
        foreach (var statement in Statements(text)) layers.Add(ParseLayer(statement));
        if (layers.Count == 0) throw new ModelDescriptionException("the model description has no layers; write e.g. 'conv 8@3x3 pad 1; relu; maxpool 2; flatten; dense classes'.");
        return layers;
    }

    /// <summary>Splits into statements (at ';' and line ends) of whitespace-separated words, each with its 1-based line and column.</summary>
    private static IEnumerable<List<Word>> Statements(string text)
    {
        var words = new List<Word>();
        int line = 1, column = 1, start = -1, startColumn = 0;
        for (int i = 0; i <= text.Length; i++, column++)
        {
            char c = i < text.Length ? text[i] : '\n';
            bool separator = c is ';' or '\n' or '#' || char.IsWhiteSpace(c);
            if (!separator) { if (start < 0) (start, startColumn) = (i, column); continue; }
            if (start >= 0) { words.Add(new Word(text[start..i], line, startColumn)); start = -1; }
            if (c == '#') { while (i + 1 < text.Length && text[i + 1] != '\n') i++; continue; }
            if (c is ';' or '\n' && words.Count > 0) { yield return words; words = []; }
            if (c == '\n') { line++; column = 0; }
        }
    }

    private static LayerSpec ParseLayer(List<Word> words)
    {
        Word head = words[0];
        string kind = head.Text.ToLowerInvariant();
        if (!Kinds.Contains(kind))
            throw At(head, $"unknown layer '{head.Text}'; the layers are {string.Join(", ", Kinds)}.");
        int size = 0, next = 1;
        (int, int) kernel = (0, 0), pad = (0, 0);
        (int, int)? stride = null;
        string? init = null;
        double sigma = 0.01;
        string[] options;
        switch (kind)
        {
            case "conv":
                var spec = Argument(words, "conv needs filters and a kernel, e.g. 'conv 8@3x3'");
                int at = spec.Text.IndexOf('@');
                if (at <= 0) throw At(spec, $"conv takes FILTERS@KERNEL, e.g. 'conv 8@3x3', got '{spec.Text}'.");
                size = Number(spec with { Text = spec.Text[..at] }, "the number of filters", 1);
                kernel = Pair(spec with { Text = spec.Text[(at + 1)..], Column = spec.Column + at + 1 }, "the kernel", 1);
                options = ["pad", "stride", "init"];
                next = 2;
                break;
            case "dense":
                var outputs = Argument(words, "dense needs its number of outputs, e.g. 'dense 64' or 'dense classes'");
                size = outputs.Text == "classes" ? 0 : Number(outputs, "the number of outputs (or 'classes')", 1);
                options = ["init"];
                next = 2;
                break;
            case "maxpool" or "avgpool":
                kernel = Pair(Argument(words, $"{kind} needs its window, e.g. '{kind} 2'"), "the window", 1);
                options = ["stride"];
                next = 2;
                break;
            default:
                options = [];
                break;
        }
        var seen = new HashSet<string>();
        for (int i = next; i < words.Count; i++)
        {
            Word option = words[i];
            string name = option.Text.ToLowerInvariant();
            if (!options.Contains(name))
                throw At(option, options.Length == 0 ? $"{kind} takes no options, got '{option.Text}'."
                    : $"{kind} has no option '{option.Text}'; its options are {string.Join(", ", options)}.");
            if (!seen.Add(name)) throw At(option, $"'{name}' is given twice.");
            if (i + 1 == words.Count) throw At(option, $"'{name}' needs a value, e.g. '{name} {(name == "init" ? "xavier" : "1")}'.");
            Word value = words[++i];
            switch (name)
            {
                case "pad": pad = Pair(value, "the padding", 0); break;
                case "stride": stride = Pair(value, "the stride", 1); break;
                default: (init, sigma) = Initializer(value); break;
            }
        }
        return new LayerSpec(kind, size, kernel, pad, stride, init, sigma, head.Line, head.Column);
    }

    private static Word Argument(List<Word> words, string need) =>
        words.Count > 1 ? words[1] : throw At(words[0], need + ".");

    private static (string, double) Initializer(Word w)
    {
        string t = w.Text.ToLowerInvariant();
        if (t is "he" or "xavier") return (t, 0.01);
        if (t == "simple") return (t, 0.01);
        if (t.StartsWith("simple:") && double.TryParse(t[7..], NumberStyles.Float, CultureInfo.InvariantCulture, out double sigma)
            && double.IsFinite(sigma) && sigma > 0 && sigma <= 10)
            return ("simple", sigma);
        throw At(w, $"init takes he, xavier, simple or simple:σ (0 < σ ≤ 10), got '{w.Text}'.");
    }

    /// <summary>N (both axes) or HxW.</summary>
    private static (int, int) Pair(Word w, string what, int min)
    {
        int x = w.Text.IndexOfAny(['x', 'X', '×']);
        if (x <= 0 || x == w.Text.Length - 1) { int n = Number(w, what, min); return (n, n); }
        return (Number(w with { Text = w.Text[..x] }, what, min), Number(w with { Text = w.Text[(x + 1)..], Column = w.Column + x + 1 }, what, min));
    }

    private static int Number(Word w, string what, int min)
    {
        if (!int.TryParse(w.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw At(w, $"{what} must be a whole number, got '{w.Text}'.");
        if (n < min || n > MaxValue) throw At(w, $"{what} must be in {min}..{MaxValue}, got {n}.");
        return n;
    }

    private static ModelDescriptionException At(Word w, string what) => ModelDescriptionException.At(w.Line, w.Column, what);
}

using System.Globalization;
using CnnViz.Core.Models.Description;
using CnnViz.Core.Tensors;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Compare;

/// <summary>
/// What run B changes from run A: `--compare "KEY=VALUE[,KEY=VALUE…]"`, e.g. "pool=avg" or "optimizer=sgd,lr=0.05".
/// <list type="bullet">
/// <item><c>pool=max|avg</c>, <c>activation=relu|tanh|sigmoid</c>, <c>init=he|xavier|simple[:σ]</c> rewrite every pool,
/// activation, or conv/dense initializer of A's model description (a code-built model such as lenet5-1998 has none to rewrite);</item>
/// <item><c>model=NAME|DESCRIPTION</c> replaces the model (a description without commas);</item>
/// <item><c>optimizer=sgd|momentum|adagrad|adam</c> (with that optimizer's default rate unless <c>lr=</c> is given too),
/// <c>lr=X</c>, <c>batch-size=N</c>.</item>
/// </list>
/// Every problem is a <see cref="ComparisonException"/> with one line naming the key and its valid forms.
/// </summary>
public sealed class ComparisonChange
{
    /// <summary>Each key with the forms its value may take (what the error messages list).</summary>
    public static readonly IReadOnlyList<(string Key, string Forms)> Keys =
    [
        ("pool", "max|avg"),
        ("activation", "relu|tanh|sigmoid"),
        ("init", "he|xavier|simple[:SIGMA]"),
        ("model", $"{string.Join("|", ModelCatalog.Names)}|DESCRIPTION"),
        ("optimizer", string.Join("|", OptimizerSpec.Names)),
        ("lr", "a positive number such as 0.01"),
        ("batch-size", "a whole number in 1..65536"),
    ];

    private readonly List<(string Key, string Value)> _settings;

    private ComparisonChange(List<(string Key, string Value)> settings)
    {
        _settings = settings;
        Text = string.Join(",", settings.Select(s => $"{s.Key}={s.Value}"));
    }

    /// <summary>The change as given, normalised: "pool=avg,lr=0.01".</summary>
    public string Text { get; }

    public IReadOnlyList<(string Key, string Value)> Settings => _settings;

    public override string ToString() => Text;

    /// <summary>"KEY=VALUE[,KEY=VALUE…]": each key known, once, and its value of the key's form.</summary>
    /// <exception cref="ComparisonException">The first problem, naming the key and its valid forms.</exception>
    public static ComparisonChange Parse(string text)
    {
        var settings = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(text)) throw new ComparisonException($"--compare needs KEY=VALUE[,KEY=VALUE…]; keys: {AllForms}.");
        foreach (string part in text.Split(','))
        {
            int eq = part.IndexOf('=');
            string key = (eq < 0 ? part : part[..eq]).Trim().ToLowerInvariant();
            if (!Keys.Any(k => k.Key == key))
                throw new ComparisonException($"--compare: unknown key '{Clip(key)}'; keys: {AllForms}.");
            if (eq < 0 || part[(eq + 1)..].Trim().Length == 0)
                throw new ComparisonException($"--compare: {key} needs a value: {key}={FormsOf(key)}.");
            string value = part[(eq + 1)..].Trim();
            if (settings.Any(s => s.Item1 == key)) throw new ComparisonException($"--compare: {key} is given twice; give each key once ({key}={FormsOf(key)}).");
            if (Problem(key, value) is { } problem) throw new ComparisonException($"--compare: {key}={Clip(value)}: {problem}; valid: {key}={FormsOf(key)}.");
            settings.Add((key, key is "model" ? value : value.ToLowerInvariant()));
        }
        return new ComparisonChange(settings);
    }

    /// <summary>
    /// Run B's settings: <paramref name="a"/> with the change applied, for images of <paramref name="input"/> and
    /// <paramref name="classes"/> classes (the new model's shapes are checked here).
    /// </summary>
    /// <exception cref="ComparisonException">The change does not apply to A's model, makes an impossible model, or leaves A as it is.</exception>
    public SessionConfig Apply(SessionConfig a, SampleShape input, int classes)
    {
        var b = a;
        string? description = DescriptionOf(a.Model);
        string modelName = a.Model.Name;   // the model a pool=/activation=/init= would rewrite: A's, or the one model= chose
        bool modelChanged = false;
        foreach (var (key, value) in _settings)
        {
            switch (key)
            {
                case "pool" or "activation" or "init":
                    if (description is null)
                        throw new ComparisonException($"--compare: {key}= rewrites a model description, and {modelName} is built in code (no description to rewrite); use model=NAME|DESCRIPTION instead (keys: {AllForms}).");
                    description = Rewrite(description, key, value);
                    modelChanged = true;
                    break;
                case "model":
                    description = ModelCatalog.BuiltIn.FirstOrDefault(m => m.Name == value).Description ?? (ModelCatalog.Names.Contains(value) ? null : value);
                    b = b with { Model = Model(key, value, input, classes) };
                    modelName = value;
                    modelChanged = false; // already built; a later pool=/activation= rewrites this one
                    break;
                case "optimizer":
                    float rate = _settings.Any(s => s.Key == "lr") ? b.Optimizer.LearningRate : OptimizerSpec.DefaultLearningRate(value);
                    b = b with { Optimizer = new OptimizerSpec(value, rate) };
                    break;
                case "lr": b = b with { Optimizer = b.Optimizer with { LearningRate = float.Parse(value, CultureInfo.InvariantCulture) } }; break;
                case "batch-size": b = b with { BatchSize = int.Parse(value, CultureInfo.InvariantCulture) }; break;
            }
            if (modelChanged) { b = b with { Model = Model(key, description!, input, classes) }; modelChanged = false; }
        }
        if (Same(a, b))
            throw new ComparisonException($"--compare {Text}: this is run A's own setting, so run B would be identical to A; change something ({AllForms}).");
        return b;
    }

    /// <summary>Run A's model as a description (built-in or custom), or null for a code-built model.</summary>
    internal static string? DescriptionOf(ModelSpec model)
    {
        if (ModelCatalog.CodeBuilt.Any(m => m.Name == model.Name)) return null;
        if (ModelCatalog.BuiltIn.FirstOrDefault(m => m.Name == model.Name).Description is { } builtIn) return builtIn;
        try { return ModelDescription.Parse(model.Name).Text; }   // a custom model is named by its description
        catch (ModelDescriptionException) { return null; }        // a model made in code (tests, --import)
    }

    private static bool Same(SessionConfig a, SessionConfig b) =>
        a.BatchSize == b.BatchSize && a.Optimizer == b.Optimizer && Canonical(a.Model) == Canonical(b.Model);

    private static string Canonical(ModelSpec m) => DescriptionOf(m) is { } d ? ModelDescription.Parse(d).Text : m.Name;

    private static ModelSpec Model(string key, string description, SampleShape input, int classes)
    {
        try { return ModelCatalog.Get(description, input, classes); }
        catch (ModelDescriptionException e) { throw new ComparisonException($"--compare: {key}= makes a model that cannot be built: {e.Message}"); }
    }

    /// <summary>A's description with every pool (or activation, or conv/dense initializer) replaced by <paramref name="value"/>.</summary>
    private static string Rewrite(string description, string key, string value)
    {
        var layers = ModelDescription.Parse(description).Layers.Select(l => key switch
        {
            "pool" when l.Kind is "maxpool" or "avgpool" => l with { Kind = value + "pool" },
            "activation" when l.Kind is "relu" or "tanh" or "sigmoid" => l with { Kind = value },
            "init" when l.Kind is "conv" or "dense" => l with { Init = value.StartsWith("simple") ? "simple" : value, Sigma = Sigma(value) },
            _ => l,
        });
        return string.Join("; ", layers);
    }

    private static double Sigma(string init) =>
        init.StartsWith("simple:") ? double.Parse(init["simple:".Length..], CultureInfo.InvariantCulture) : 0.01;

    private static string? Problem(string key, string value)
    {
        string v = value.ToLowerInvariant();
        return key switch
        {
            "pool" => v is "max" or "avg" ? null : "not a pool kind",
            "activation" => v is "relu" or "tanh" or "sigmoid" ? null : "not an activation",
            "init" => v is "he" or "xavier" or "simple" || (v.StartsWith("simple:") && double.TryParse(v[7..], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && double.IsFinite(s) && s > 0)
                ? null : "not an initializer",
            "optimizer" => OptimizerSpec.Names.Contains(v) ? null : "not an optimizer",
            "lr" => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float x) && float.IsFinite(x) && x > 0 ? null : "not a positive number",
            "batch-size" => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 65536 ? null : "not a whole number in 1..65536",
            "model" => null, // checked when built, against the data's image size
            _ => "unknown key",
        };
    }

    private static string FormsOf(string key) => Keys.First(k => k.Key == key).Forms;

    /// <summary>"pool=max|avg, activation=relu|tanh|sigmoid, …".</summary>
    public static string AllForms => string.Join(", ", Keys.Select(k => $"{k.Key}={k.Forms}"));

    private static string Clip(string text) => text.Length <= 60 ? text : $"{text[..60]}…";
}

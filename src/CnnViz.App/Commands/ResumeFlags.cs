using System.Globalization;
using CnnViz.Core.Optimizers;
using CnnViz.Engine;
using CnnViz.Engine.Checkpoints;

namespace CnnViz.App.Commands;

/// <summary>
/// What --resume does with flags that contradict the checkpoint. The weights, optimizer state and epoch
/// order only make sense for the checkpoint's own model, optimizer, batch size, decay, seed, schedule, warm-up,
/// weight decay and augmentation (and, for cosine and onecycle, the run's length in epochs), so a flag
/// naming another one is refused (exit 2, before anything is built). The learning rate is the one knob a
/// resumed run can change: an explicit --lr replaces the checkpoint's, and the run says so on stdout.
/// A flag that agrees with the checkpoint, or is not given, is fine.
/// </summary>
internal static class ResumeFlags
{
    /// <summary>The first explicit flag that contradicts <paramref name="c"/>, as one line; null if none does.</summary>
    public static string? Contradiction(TrainOptions o, CheckpointData c, string path)
    {
        (string Option, bool Differs, string Given, string Saved)[] checks =
        [
            ("--model", o.Model != c.ModelName, o.Model, c.ModelName),
            ("--optimizer", o.Optimizer != c.OptimizerName, o.Optimizer, c.OptimizerName),
            ("--batch-size", o.BatchSize != c.BatchSize, Text(o.BatchSize), Text(c.BatchSize)),
            ("--lr-decay", o.LearningRateDecay != c.LearningRateDecay, Text(o.LearningRateDecay), Text(c.LearningRateDecay)),
            ("--seed", o.Seed != c.Seed, Text(o.Seed), Text(c.Seed)),
            ("--schedule", o.Schedule != c.Schedule, o.Schedule, c.Schedule),
            ("--weight-decay", o.WeightDecay != c.WeightDecay, Text(o.WeightDecay), Text(c.WeightDecay)),
            ("--augment", o.Augment != c.Augment, o.Augment, c.Augment),
        ];
        foreach (var (option, differs, given, saved) in checks)
            if (o.Given.Contains(option) && differs)
                return $"{option} {given} contradicts the checkpoint {path}, which holds {option[2..]} {saved}: a resumed run continues with the checkpoint's; drop {option}, or start a new run without --resume.";
        return null;
    }

    /// <summary>
    /// <paramref name="config"/> with the checkpoint's schedule, warm-up, weight decay and augmentation, and for a
    /// cosine or onecycle schedule its length (the run's epochs) unless --epochs was given: the run goes on as saved.
    /// A given --warmup or --epochs that does not match is caught by the session's restore check.
    /// </summary>
    public static SessionConfig Continue(SessionConfig config, CheckpointData c, TrainOptions o, int stepsPerEpoch)
    {
        var kind = LearningRateSchedule.Parse(c.Schedule)!.Value;   // CheckpointCheck vetted the name
        bool fixedLength = kind is ScheduleKind.Cosine or ScheduleKind.OneCycle;
        return config with
        {
            Schedule = kind,
            WarmupEpochs = o.Given.Contains("--warmup") ? config.WarmupEpochs : c.WarmupSteps / (double)stepsPerEpoch,
            Epochs = fixedLength && !o.Given.Contains("--epochs") ? (int)(c.TotalSteps / stepsPerEpoch) : config.Epochs,
            WeightDecay = c.WeightDecay,
            Augment = c.Augment,
        };
    }

    /// <summary>The --lr that replaces the checkpoint's rate, or null (not given, or the same).</summary>
    public static float? LearningRateOverride(TrainOptions o, CheckpointData c) =>
        o.LearningRate is float lr && lr != c.LearningRate ? lr : null;

    private static string Text<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}

namespace CnnViz.Core.Optimizers;

/// <summary>The shape of a learning-rate schedule, by its command-line name.</summary>
public enum ScheduleKind { Constant, Step, Cosine, OneCycle }

/// <summary>
/// The learning rate as a function of the step: α(s) for the s-th mini-batch of the run, s = 0, 1, 2, …
/// The session asks it before every step and hands the answer to the optimizer; nothing else stores a rate.
/// With α₀ the base rate, E = steps per epoch, T = total steps of the run and w = warm-up steps:
/// <code>
/// warm-up (s &lt; w, every kind but onecycle)  α = α₀ · (s + 1) / w
/// constant                                  α = α₀
/// step                                      α = α₀ · decay^⌊s / E⌋                 (× decay at every epoch end)
/// cosine                                    α = α₀ · ½ (1 + cos(π (s − w) / (T − w)))
/// onecycle (Smith &amp; Topin 2017)            α rises linearly from α₀/25 to α₀ over w steps (default 30% of T),
///                                           then falls along a cosine to α₀/25·10⁻⁴ at s = T
/// </code>
/// Past T (the window may keep training) cosine and onecycle stay at their last value, α(T − 1). The rate is always
/// positive, as the optimizers require. A pure function: the same step always gives the same rate.
/// </summary>
public sealed record LearningRateSchedule
{
    public static readonly string[] Names = ["constant", "step", "cosine", "onecycle"];

    /// <param name="kind">The shape.</param>
    /// <param name="baseRate">α₀, the peak rate (the start rate for constant and step).</param>
    /// <param name="stepsPerEpoch">E, mini-batches per epoch (the step schedule decays at epoch ends).</param>
    /// <param name="totalSteps">T, the run's length in steps; 0 when unknown (then cosine and onecycle are refused).</param>
    /// <param name="warmupSteps">w; for onecycle 0 means 30% of T.</param>
    /// <param name="decay">The step schedule's factor per epoch, in (0, 1].</param>
    /// <exception cref="ArgumentException">A value out of range, or a schedule longer than the run; the message names it.</exception>
    public LearningRateSchedule(ScheduleKind kind, float baseRate, int stepsPerEpoch, long totalSteps = 0, long warmupSteps = 0, float decay = 1f)
    {
        if (!float.IsFinite(baseRate) || baseRate <= 0) throw new ArgumentException($"The learning rate must be a positive number, got {baseRate}.");
        if (stepsPerEpoch < 1) throw new ArgumentException($"Steps per epoch must be at least 1, got {stepsPerEpoch}.");
        if (!float.IsFinite(decay) || decay <= 0 || decay > 1) throw new ArgumentException($"The learning-rate decay must be in (0, 1], got {decay}.");
        if (totalSteps < 0 || warmupSteps < 0) throw new ArgumentException("Steps must be 0 or more.");
        if (kind is ScheduleKind.Cosine or ScheduleKind.OneCycle && totalSteps == 0)
            throw new ArgumentException($"The {Name(kind)} schedule needs the run's length: give --epochs.");
        if (totalSteps > 0 && warmupSteps >= totalSteps)
            throw new ArgumentException($"The warm-up ({warmupSteps:N0} steps) is as long as the run ({totalSteps:N0} steps) or longer; shorten --warmup or train more --epochs.");
        Kind = kind;
        BaseRate = baseRate;
        StepsPerEpoch = stepsPerEpoch;
        TotalSteps = totalSteps;
        WarmupSteps = kind == ScheduleKind.OneCycle && warmupSteps == 0 ? Math.Max(1, totalSteps * 3 / 10) : warmupSteps;
        Decay = decay;
    }

    public ScheduleKind Kind { get; }
    public float BaseRate { get; init; }
    public int StepsPerEpoch { get; }
    public long TotalSteps { get; }
    public long WarmupSteps { get; }
    public float Decay { get; }

    /// <summary>The command-line name: "constant", "step", "cosine" or "onecycle".</summary>
    public string Name() => Name(Kind);

    public static string Name(ScheduleKind kind) => Names[(int)kind];

    /// <summary>The kind named <paramref name="name"/>, or null when no schedule has that name.</summary>
    public static ScheduleKind? Parse(string name) => Array.IndexOf(Names, name) is int i and >= 0 ? (ScheduleKind)i : null;

    /// <summary>α(s): the rate of the step with index <paramref name="step"/> (0 for the first step of the run).</summary>
    public float RateAt(long step)
    {
        if (Kind is ScheduleKind.Cosine or ScheduleKind.OneCycle) step = Math.Min(step, TotalSteps - 1);
        double s = Math.Max(step, 0), a0 = BaseRate;
        if (Kind == ScheduleKind.OneCycle)
        {
            double low = a0 / 25;
            if (s < WarmupSteps) return (float)(low + (a0 - low) * s / WarmupSteps);
            return (float)Cosine(a0, low * 1e-4, (s - WarmupSteps + 1) / (TotalSteps - WarmupSteps));
        }
        if (s < WarmupSteps) return (float)(a0 * (s + 1) / WarmupSteps);
        return Kind switch
        {
            ScheduleKind.Constant => BaseRate,
            ScheduleKind.Step => (float)(a0 * Math.Pow(Decay, Math.Floor(s / StepsPerEpoch))),
            // t in (0, 1): the last step keeps a small positive rate.
            _ => (float)Math.Max(Cosine(a0, 0, (s - WarmupSteps) / (TotalSteps - WarmupSteps)), a0 * 1e-6),
        };
    }

    /// <summary>½(1 + cos πt) between <paramref name="high"/> (t = 0) and <paramref name="low"/> (t = 1).</summary>
    private static double Cosine(double high, double low, double t) => low + (high - low) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(t, 0, 1)));

    /// <summary>
    /// The same schedule scaled so that the rate at <paramref name="step"/> is <paramref name="rate"/> (a rate set by
    /// hand, `lr X`): later steps keep the schedule's shape from there.
    /// </summary>
    public LearningRateSchedule RescaledTo(float rate, long step)
    {
        if (!float.IsFinite(rate) || rate <= 0) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The learning rate must be a positive, finite number.");
        double now = RateAt(step);
        return this with { BaseRate = (float)(BaseRate * (rate / now)) };
    }

    /// <summary>"onecycle α₀=0.003 warm-up 258 of 860 steps", for reports and the console.</summary>
    public override string ToString() => FormattableString.Invariant(Kind switch
    {
        ScheduleKind.Step => $"step lr={BaseRate} decay={Decay}/epoch warmup={WarmupSteps}",
        _ => $"{Name()} lr={BaseRate} warmup={WarmupSteps} total={TotalSteps}",
    });
}

using System.Diagnostics;
using CnnViz.Engine;
using Spectre.Console;

namespace CnnViz.App.Commands;

/// <summary>
/// Training progress in the console: a live Spectre.Console bar (epoch, step, loss, accuracy,
/// images/s) on a terminal, plain lines — ten per epoch — when output is redirected, so CI logs
/// stay readable. <see cref="Line"/> prints a message above the bar.
/// </summary>
internal abstract class ConsoleProgress
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> while showing progress; <paramref name="totalSteps"/> ≤ 0 means unknown.</summary>
    public static void Show(long totalSteps, Action<ConsoleProgress> work)
    {
        if (!IsInteractive)
        {
            work(new Plain());
            return;
        }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context => work(new Live(context.AddTask("starting", maxValue: Math.Max(1, totalSteps)), totalSteps)));
    }

    public abstract void Update(TrainingSession session);
    public abstract void Line(string text);

    /// <summary>"epoch 2/10  step 1,234  loss 0.1234  acc 96.9%  12,345 img/s".</summary>
    protected static string Status(TrainingSession s)
    {
        var last = s.Metrics.Last;
        string epochs = s.TargetEpochs > 0 ? $"{Math.Min(s.Epoch + 1, s.TargetEpochs)}/{s.TargetEpochs}" : $"{s.Epoch + 1}";
        string metrics = last is { } p ? $"loss {p.SmoothedLoss:F4}  acc {p.SmoothedAccuracy * 100:F1}%" : "";
        return $"epoch {epochs}  step {s.StepCount:N0}  {metrics}  {s.Throughput.ImagesPerSecond:N0} img/s";
    }

    private sealed class Plain : ConsoleProgress
    {
        public override void Update(TrainingSession s)
        {
            int every = Math.Max(1, s.StepsPerEpoch / 10);
            if (s.StepCount % every == 0 && s.EpochPosition != 0) Console.WriteLine(Status(s));
        }

        public override void Line(string text) => Console.WriteLine(text);
    }

    private sealed class Live(ProgressTask task, long totalSteps) : ConsoleProgress
    {
        private readonly Stopwatch _sinceRefresh = Stopwatch.StartNew();

        public override void Update(TrainingSession s)
        {
            if (_sinceRefresh.ElapsedMilliseconds < 100) return; // a string per refresh, not per step
            _sinceRefresh.Restart();
            task.Description = Markup.Escape(Status(s));
            if (totalSteps > 0) task.Value = Math.Min(s.StepCount, totalSteps);
        }

        public override void Line(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));
    }
}

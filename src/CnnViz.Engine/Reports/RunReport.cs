using System.Text.Json;
using CnnViz.Core.Files;
using CnnViz.Engine.Metrics;

namespace CnnViz.Engine.Reports;

/// <summary>Facts about a run that the session does not know itself.</summary>
/// <param name="DataDescription">The data locator's line, e.g. "data: MNIST full set from … (60,000 train, 10,000 test) [--data]".</param>
/// <param name="WallSeconds">Wall-clock seconds of the whole run (training, evaluation, saving).</param>
/// <param name="Threads">Compute threads used.</param>
/// <param name="FinalTest">The test set scored with the final weights.</param>
/// <param name="Interrupted">The signal that stopped the run early ("SIGINT", "SIGTERM"), or null for a run that ended by itself.</param>
/// <param name="Recipe">The `--recipe` the settings came from ("default" when none was named).</param>
public sealed record RunInfo(string DataDescription, double WallSeconds, int Threads, EvaluationPoint FinalTest, string? Interrupted = null, string Recipe = "default");

/// <summary>
/// The JSON report of a headless run (<c>--report PATH.json</c>): settings, per-epoch train /
/// validation / test loss and accuracy, the final <c>test_accuracy</c>, speed and wall time, and
/// <c>time_to_accuracy</c>: for each test-accuracy threshold, the training seconds (cumulative, evaluation
/// excluded) and the epoch at whose end the test set first reached it (null: never).
/// Accuracies are fractions in 0..1; "interrupted" names the signal that ended the run early.
/// Written to a temp file, fsynced and renamed.
/// </summary>
public static class RunReport
{
    public static string ToJson(TrainingSession session, RunInfo info)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            WriteFields(w, session, info);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The report's fields for one run, into an object the caller has opened (a comparison writes two).</summary>
    internal static void WriteFields(Utf8JsonWriter w, TrainingSession session, RunInfo info)
    {
        {
            w.WriteString("model", session.Config.Model.Name);
            w.WriteString("architecture", session.Model.Architecture);
            w.WriteNumber("parameters", session.Model.ParameterCount);
            w.WriteString("dataset", session.Data.Train.Name);
            w.WriteString("data", info.DataDescription);
            w.WriteNumber("train_images", session.Data.Train.Count);
            w.WriteNumber("validation_images", session.Data.Validation?.Count ?? 0);
            w.WriteNumber("test_images", session.Data.Test.Count);
            w.WriteNumber("epochs", session.Epoch);
            w.WriteNumber("target_epochs", session.TargetEpochs);
            w.WriteNumber("steps", session.StepCount);
            w.WriteNumber("batch_size", session.Config.BatchSize);
            w.WriteString("optimizer", session.Optimizer.Name);
            w.WriteString("recipe", info.Recipe);
            w.WriteNumber("start_learning_rate", session.Schedule.BaseRate);
            w.WriteNumber("learning_rate", session.LearningRate);
            w.WriteString("schedule", session.Schedule.Name());
            w.WriteNumber("warmup_epochs", session.Config.WarmupEpochs);
            w.WriteNumber("lr_decay", session.Config.LearningRateDecay);
            w.WriteNumber("weight_decay", session.Config.WeightDecay);
            w.WriteString("augment", session.Config.Augment);
            w.WriteString("seed", session.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("threads", info.Threads);
            w.WriteStartArray("per_epoch");
            double trained = 0;
            foreach (var e in session.Metrics.Epochs)
            {
                trained += e.Seconds;
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                w.WriteNumber("step", e.EndStep);
                Number(w, "train_loss", e.TrainLoss);
                Number(w, "train_accuracy", e.TrainAccuracy);
                Number(w, "validation_loss", e.Validation?.Loss);
                Number(w, "validation_accuracy", e.Validation?.Accuracy);
                Number(w, "test_loss", e.Test?.Loss);
                Number(w, "test_accuracy", e.Test?.Accuracy);
                w.WriteNumber("train_seconds", Math.Round(e.Seconds, 3));
                w.WriteNumber("cumulative_train_seconds", Math.Round(trained, 3));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("time_to_accuracy");
            foreach (double threshold in Thresholds)
            {
                w.WriteStartObject(threshold.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
                (double seconds, int epoch)? reached = TimeTo(session.Metrics.Epochs, threshold);
                if (reached is var (sec, ep)) { w.WriteNumber("train_seconds", Math.Round(sec, 3)); w.WriteNumber("epoch", ep); }
                else { w.WriteNull("train_seconds"); w.WriteNull("epoch"); }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            Number(w, "test_accuracy", info.FinalTest.Accuracy);
            Number(w, "test_loss", info.FinalTest.Loss);
            w.WriteNumber("images_per_second", Math.Round(session.Throughput.AverageImagesPerSecond, 1));
            w.WriteNumber("forward_ms_per_image", Math.Round(session.Throughput.ForwardMsPerImage, 5));
            w.WriteNumber("backward_ms_per_image", Math.Round(session.Throughput.BackwardMsPerImage, 5));
            w.WriteNumber("wall_seconds", Math.Round(info.WallSeconds, 3));
            if (session.DivergenceMessage is { } message) w.WriteString("diverged", message);
            else w.WriteNull("diverged");
            if (info.Interrupted is { } signal) w.WriteString("interrupted", signal);
            else w.WriteNull("interrupted");
        }
    }

    /// <summary>The test accuracies <c>time_to_accuracy</c> reports.</summary>
    public static readonly double[] Thresholds = [0.98, 0.99, 0.992, 0.994, 0.995];

    /// <summary>Cumulative training seconds and epoch at the first epoch end whose test accuracy is ≥ threshold.</summary>
    public static (double Seconds, int Epoch)? TimeTo(IEnumerable<EpochRecord> epochs, double threshold)
    {
        double trained = 0;
        foreach (var e in epochs)
        {
            trained += e.Seconds;
            if (e.Test is { } t && t.Accuracy >= threshold) return (trained, e.Epoch);
        }
        return null;
    }

    /// <summary>Writes the report to <paramref name="path"/> atomically (<see cref="SafeFile.Write"/>).</summary>
    /// <exception cref="Core.Files.FileProblemException">The file cannot be written; the message names it.</exception>
    public static void Write(TrainingSession session, RunInfo info, string path)
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(ToJson(session, info) + "\n");
        SafeFile.Write(path, file => file.Write(json));
    }

    /// <summary>NaN/∞ are not JSON numbers: written as null (and a missing value too).</summary>
    internal static void Number(Utf8JsonWriter w, string name, float? value)
    {
        if (value is float v && float.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 6));
        else w.WriteNull(name);
    }
}

using System.Text.Json;
using CnnViz.Core.Files;
using CnnViz.Engine.Compare;
using CnnViz.Engine.Metrics;

namespace CnnViz.Engine.Reports;

/// <summary>How the two runs of a comparison differ on the whole test set, image by image.</summary>
/// <param name="OnlyARight">Test images run A classifies right and run B wrong.</param>
/// <param name="OnlyBRight">Test images run B classifies right and run A wrong.</param>
/// <param name="Images">Test images compared.</param>
public readonly record struct Disagreement(int OnlyARight, int OnlyBRight, int Images);

/// <summary>
/// The JSON report of a headless `--compare` run: the change, how many parameter tensors B shared with A's start,
/// the lockstep wall time, the test-set disagreement, and under "runs" each run's own report (the fields of
/// <see cref="RunReport"/>: settings, per-epoch metrics, test accuracy, speed), labelled "A" and "B".
/// </summary>
public static class ComparisonReport
{
    public static string ToJson(Comparison c, RunInfo a, RunInfo b, Disagreement disagreement)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("compare", c.Change.Text);
            w.WriteNumber("shared_parameter_tensors", c.SharedParameters);
            w.WriteNumber("b_parameter_tensors", c.B.Model.Parameters.Count());
            w.WriteNumber("wall_seconds", Math.Round(a.WallSeconds, 3));
            w.WriteStartObject("test_disagreement");
            w.WriteNumber("images", disagreement.Images);
            w.WriteNumber("only_a_right", disagreement.OnlyARight);
            w.WriteNumber("only_b_right", disagreement.OnlyBRight);
            w.WriteEndObject();
            w.WriteStartArray("runs");
            for (int i = 0; i < 2; i++)
            {
                w.WriteStartObject();
                w.WriteString("run", Comparison.Label(i));
                RunReport.WriteFields(w, c.Run(i), i == 0 ? a : b);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the report atomically (<see cref="SafeFile.Write"/>).</summary>
    /// <exception cref="FileProblemException">The file cannot be written; the message names it.</exception>
    public static void Write(Comparison c, RunInfo a, RunInfo b, Disagreement disagreement, string path)
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(ToJson(c, a, b, disagreement) + "\n");
        SafeFile.Write(path, file => file.Write(json));
    }

    /// <summary>Classifies every test image with both runs' current weights and counts where exactly one is right.</summary>
    public static Disagreement Compare(Comparison c)
    {
        var test = c.A.Data.Test;
        int onlyA = 0, onlyB = 0;
        var image = new float[test.ImageSize];
        for (int i = 0; i < test.Count; i++)
        {
            Core.Data.Dataset.ToUnit(test.Image(i), image);   // the one byte → [0, 1] rule training uses
            bool a = c.A.Predict(image).Prediction == test.Labels[i];
            bool b = c.B.Predict(image).Prediction == test.Labels[i];
            if (a && !b) onlyA++;
            if (b && !a) onlyB++;
        }
        return new Disagreement(onlyA, onlyB, test.Count);
    }
}

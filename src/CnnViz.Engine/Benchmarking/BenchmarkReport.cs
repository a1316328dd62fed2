using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CnnViz.Engine.Benchmarking;

/// <summary>Everything one <c>cnnviz bench</c> run measured.</summary>
public sealed record BenchmarkReport(
    BenchmarkOptions Options, string Cpu, string Isa, int ProcessorCount,
    Throughput? Training, Throughput? Inference,
    double AllocatedBytesPerStep, IReadOnlyList<LayerTime> Profile, IReadOnlyList<ConvSpeedup> ConvSpeedups)
{
    /// <summary>One JSON object; rates in images/s, times in ms.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", Options.Model);
            w.WriteNumber("batch_size", Options.BatchSize);
            w.WriteNumber("inference_batch_size", Options.InferenceBatchSize);
            w.WriteNumber("threads", Options.Threads);
            w.WriteString("cpu_model", Cpu);
            w.WriteString("isa", Isa);
            w.WriteNumber("processor_count", ProcessorCount);
            if (Training is not null) w.WriteNumber("train_images_per_second", Math.Round(Training.Median, 1));
            if (Inference is not null) w.WriteNumber("inference_images_per_second", Math.Round(Inference.Median, 1));
            if (Training is not null) WriteThroughput(w, "train", Training);
            if (Inference is not null) WriteThroughput(w, "inference", Inference);
            if (Training is not null) w.WriteNumber("allocated_bytes_per_step", Math.Round(AllocatedBytesPerStep, 1));
            w.WriteStartArray("layers");
            foreach (var l in Profile)
            {
                w.WriteStartObject();
                w.WriteString("name", l.Layer);
                w.WriteString("description", l.Description);
                w.WriteNumber("forward_ms", Math.Round(l.ForwardMs, 4));
                w.WriteNumber("backward_ms", Math.Round(l.BackwardMs, 4));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("conv_speedup_over_naive");
            foreach (var c in ConvSpeedups)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Layer);
                w.WriteNumber("fast_ms", Math.Round(c.FastMs, 4));
                w.WriteNumber("naive_ms", Math.Round(c.NaiveMs, 4));
                w.WriteNumber("speedup", Math.Round(c.Speedup, 2));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteThroughput(Utf8JsonWriter w, string name, Throughput t)
    {
        w.WriteStartObject(name);
        w.WriteNumber("median", Math.Round(t.Median, 1));
        w.WriteNumber("min", Math.Round(t.Min, 1));
        w.WriteNumber("max", Math.Round(t.Max, 1));
        if (double.IsFinite(t.FastestStep)) w.WriteNumber("fastest_step", Math.Round(t.FastestStep, 1));
        w.WriteNumber("repetitions_kept", t.Kept);
        w.WriteNumber("repetitions_discarded", t.Discarded);
        w.WriteNumber("steps_per_repetition", t.StepsPerRepetition);
        w.WriteBoolean("quiet", t.Quiet);
        w.WriteEndObject();
    }

    /// <summary>The human-readable report.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"model {Options.Model}; CPU {Cpu}; ISA {Isa}; {Options.Threads} thread(s) of {ProcessorCount} cores");
        if (Training is not null)
            sb.AppendLine(inv, $"train      batch {Options.BatchSize,5}: {Rate(Training)}  (forward + loss + backward + momentum update)");
        if (Inference is not null)
            sb.AppendLine(inv, $"inference  batch {Options.InferenceBatchSize,5}: {Rate(Inference)}  (forward)");
        if (Training is null) return sb.ToString();
        sb.AppendLine(inv, $"allocated per training step: {AllocatedBytesPerStep:N0} bytes");
        sb.AppendLine();
        sb.AppendLine(inv, $"per-layer time per training step (batch {Options.BatchSize}):");
        sb.AppendLine(inv, $"  {"layer",-8} {"forward ms",11} {"backward ms",12}  description");
        double total = 0;
        foreach (var l in Profile)
        {
            sb.AppendLine(inv, $"  {l.Layer,-8} {l.ForwardMs,11:F3} {l.BackwardMs,12:F3}  {l.Description}");
            total += l.ForwardMs + l.BackwardMs;
        }
        sb.AppendLine(inv, $"  {"total",-8} {total,24:F3}  = {Options.BatchSize / total * 1000:N0} images/s while profiled");
        if (ConvSpeedups.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"fast Conv2d ({Options.Threads} thread(s)) vs Conv2dNaive (1 thread, the test oracle), forward + backward of one batch of {Options.BatchSize}:");
            foreach (var c in ConvSpeedups)
                sb.AppendLine(inv, $"  {c.Layer,-8} {c.FastMs,9:F3} ms vs {c.NaiveMs,9:F3} ms  = {c.Speedup,6:F1}× faster");
        }
        return sb.ToString();
    }

    private static string Rate(Throughput t) => string.Create(CultureInfo.InvariantCulture,
        $"{t.Median,9:N0} images/s (min {t.Min:N0}, max {t.Max:N0}, fastest step {t.FastestStep:N0}; {t.Kept} repetitions of {t.StepsPerRepetition} steps{(t.Quiet ? "" : ", machine busy: figures disturbed")}{(t.Discarded > 0 ? $", {t.Discarded} disturbed ones redone" : "")})");
}

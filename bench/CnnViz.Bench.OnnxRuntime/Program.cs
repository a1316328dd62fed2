using System.Diagnostics;
using CnnViz.Core;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Threading;
using CnnViz.Engine.Benchmarking;
using CnnViz.Engine.Models;
using CnnViz.Engine.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

// Inference images/s of CnnViz and ONNX Runtime on the same exported network, same machine, same batch,
// same threads, timed alternately (CnnViz, ORT, CnnViz, ORT, …) so that both see the same machine load.
//   cnnviz-bench-onnxruntime [--model lenet5] [--batch 1000] [--threads 2] [--pairs 5] [--seconds 1]
// ONNX Runtime gets the model CnnViz exports (OnnxExport), inputs and outputs bound once (IOBinding, no
// copies per run), intra-op threads = --threads, sequential execution, all graph optimizations.
var opts = Args.Parse(args);
if (opts is null) return 2;
WorkerPool.Threads = opts.Threads;

var model = ModelCatalog.Get(opts.Model).Create().Build(opts.Batch, new Rng(1), new SGD());
var data = new SyntheticBatches(model.InputShape, opts.Batch, model.Classes, seed: 3);
var x = data.Images(0);
byte[] onnx = OnnxExport.ToOnnx(model).ToByteArray();

using var so = new SessionOptions
{
    IntraOpNumThreads = opts.Threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
};
using var session = new InferenceSession(onnx, so);
float[] input = x.Span.ToArray(), output = new float[opts.Batch * model.Classes];
using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [opts.Batch, model.InputShape.C, model.InputShape.H, model.InputShape.W]);
using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [opts.Batch, model.Classes]);
using var binding = session.CreateIoBinding();
binding.BindInput("input", inputValue);
binding.BindOutput("logits", outputValue);
using var run = new RunOptions();

void CnnViz() => model.Forward(x);
void Ort() => session.RunWithBinding(run, binding);

// Same answer first: a comparison of two different computations would mean nothing.
CnnViz(); Ort();
float maxDiff = 0;
var logits = model.Forward(x).Span;
for (int i = 0; i < output.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(logits[i] - output[i]));
Console.WriteLine($"{opts.Model}, batch {opts.Batch}, {opts.Threads} thread(s), {Environment.ProcessorCount} CPUs; max |logit difference| {maxDiff:G3}");

// Warm-up (JIT tiers, ORT's arenas) and the steps per repetition from the warm-up rate.
int cnnvizSteps = Steps(CnnViz, opts.Seconds), ortSteps = Steps(Ort, opts.Seconds);
var ours = new List<double>();
var theirs = new List<double>();
for (int p = 0; p < opts.Pairs; p++)
{
    ours.Add(Rate(CnnViz, cnnvizSteps, opts.Batch));
    theirs.Add(Rate(Ort, ortSteps, opts.Batch));
    Console.WriteLine($"pair {p + 1}: cnnviz {ours[^1],9:N0} images/s   onnxruntime {theirs[^1],9:N0} images/s   ratio {ours[^1] / theirs[^1]:F2}");
}
double a = Median(ours), b = Median(theirs);
Console.WriteLine($"median: cnnviz {a:N0} images/s, onnxruntime {b:N0} images/s; cnnviz / onnxruntime = {a / b:F2}");
return 0;

static int Steps(Action step, double seconds)
{
    var sw = Stopwatch.StartNew();
    int n = 0;
    while (sw.Elapsed.TotalSeconds < Math.Max(1.0, seconds) || n < 5) { step(); n++; }
    return Math.Max(3, (int)(n / sw.Elapsed.TotalSeconds * seconds));
}

static double Rate(Action step, int steps, int batch)
{
    long t0 = Stopwatch.GetTimestamp();
    for (int i = 0; i < steps; i++) step();
    return steps * (double)batch / Stopwatch.GetElapsedTime(t0).TotalSeconds;
}

static double Median(List<double> values) { var s = values.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }

internal sealed record Args(string Model, int Batch, int Threads, int Pairs, double Seconds)
{
    public static Args? Parse(string[] args)
    {
        var a = new Args("lenet5", 1000, 2, 5, 1.0);
        for (int i = 0; i < args.Length; i += 2)
        {
            string? v = i + 1 < args.Length ? args[i + 1] : null;
            Args? next = (args[i], v) switch
            {
                (_, null) => null,
                ("--model", _) when ModelCatalog.Names.Contains(v) => a with { Model = v },
                ("--batch", _) when Int(v) is >= 1 and <= 65536 => a with { Batch = Int(v) },
                ("--threads", _) when Int(v) >= 1 && Int(v) <= WorkerPool.MaxThreads => a with { Threads = Int(v) },
                ("--pairs", _) when Int(v) is >= 1 and <= 100 => a with { Pairs = Int(v) },
                ("--seconds", _) when double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out double s) && s is > 0 and <= 60 => a with { Seconds = s },
                _ => null,
            };
            if (next is null)
            {
                Console.Error.WriteLine($"cnnviz-bench-onnxruntime: bad option '{args[i]} {v}'; options: --model {string.Join("|", ModelCatalog.Names)}, --batch 1..65536, --threads 1..{WorkerPool.MaxThreads}, --pairs 1..100, --seconds (0, 60].");
                return null;
            }
            a = next;
        }
        return a;
    }

    private static int Int(string value) => int.TryParse(value, out int n) ? n : -1;
}

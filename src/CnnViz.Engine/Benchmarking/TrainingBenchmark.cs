using CnnViz.Core;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Threading;

namespace CnnViz.Engine.Benchmarking;

/// <summary>
/// <c>cnnviz bench</c>: training and inference throughput of a model on synthetic batches, timed like
/// the PyTorch harness (warm-up excluded, median of repetitions), plus a per-layer profile, the managed
/// bytes allocated per training step, and the fast convolution's speed-up over the naive reference.
/// A training step is forward + softmax cross-entropy + backward + SGD-with-momentum update (lr 0.01, μ 0.9).
/// </summary>
public static class TrainingBenchmark
{
    public static BenchmarkReport Run(BenchmarkOptions options, TextWriter? progress = null)
    {
        int previousThreads = WorkerPool.Threads;
        WorkerPool.Threads = options.Threads;
        try
        {
            var meter = new ThroughputMeter(options.Seconds, options.Repetitions, options.MaxForeign);

            // ---- training -------------------------------------------------------------------
            var model = BenchmarkOptions.CreateModel(options.Model).Build(options.BatchSize, new Rng(options.Seed), new Momentum(0.01f, 0.9f));
            var data = new SyntheticBatches(model.InputShape, options.BatchSize, model.Classes, options.Seed + 1);
            void TrainStep(int i)
            {
                model.ForwardLoss(data.Images(i), data.Labels(i));
                model.Backward();
                model.Update();
            }
            Throughput? training = null;
            double allocated = double.NaN;
            IReadOnlyList<LayerTime> profile = [];
            if (options.Training)
            {
                progress?.WriteLine($"training {options.Model}, batch {options.BatchSize}…");
                training = meter.Measure(TrainStep, options.BatchSize);
                allocated = AllocatedPerStep(TrainStep, steps: 50);
                profile = LayerProfiler.Profile(model, data, steps: Math.Max(10, training.StepsPerRepetition / 2));
            }

            // ---- inference ------------------------------------------------------------------
            Throughput? inference = null;
            if (options.Inference)
            {
                progress?.WriteLine($"inference, batch {options.InferenceBatchSize}…");
                var inferModel = BenchmarkOptions.CreateModel(options.Model).Build(options.InferenceBatchSize, new Rng(options.Seed), new Momentum(0.01f, 0.9f));
                var inferData = new SyntheticBatches(inferModel.InputShape, options.InferenceBatchSize, inferModel.Classes, options.Seed + 2);
                var predictions = new int[options.InferenceBatchSize];
                void InferStep(int i)
                {
                    var logits = inferModel.Forward(inferData.Images(i));
                    ClassScores.ArgMaxRows(logits.Span, inferModel.Classes, predictions);
                }
                inference = meter.Measure(InferStep, options.InferenceBatchSize);
            }

            // ---- the reference convolution ----------------------------------------------------
            var speedups = new List<ConvSpeedup>();
            if (options.CompareNaiveConv)
            {
                progress?.WriteLine("fast vs naive convolution…");
                foreach (var conv in model.Layers.OfType<Conv2dBase>())
                    speedups.Add(ConvComparison.Compare(conv, options.BatchSize, options.Seed + 3));
            }
            return new BenchmarkReport(options, CpuModel.Describe(), Core.Kernels.Gemm.Isa, Environment.ProcessorCount,
                training, inference, allocated, profile, speedups);
        }
        finally
        {
            WorkerPool.Threads = previousThreads;
        }
    }

    /// <summary>Managed bytes allocated per step on all threads, in steady state.</summary>
    private static double AllocatedPerStep(Action<int> step, int steps)
    {
        step(0);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < steps; i++) step(i);
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)steps;
    }
}

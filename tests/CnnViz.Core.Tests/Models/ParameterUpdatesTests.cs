using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Tests.Models;

/// <summary>Sequential.Update cuts the parameters into ranges on the compute threads: the weights must be bit for bit those of updating each layer whole.</summary>
public class ParameterUpdatesTests
{
    [Theory]
    [InlineData("adam")]       // uses the step count; with weight decay
    [InlineData("momentum")]
    [InlineData("adagrad")]
    [InlineData("sgd")]
    public void Update_InRangesOnTwoThreads_MatchesLayerByLayer(string name)
    {
        Optimizer Make() => name switch
        {
            "adam" => new Adam(0.01f) { WeightDecay = 1e-3f },
            "momentum" => new Momentum(0.05f),
            "adagrad" => new AdaGrad(0.05f),
            _ => new SGD(0.05f),
        };
        Sequential ranged = LeNet5.Modern().Build(2, new Rng(3), Make()), whole = LeNet5.Modern().Build(2, new Rng(3), Make());
        Assert.True(ranged["fc1"].Parameters[0].Length > ParameterUpdates.RangeLength);   // fc1.W is cut into several ranges
        int previous = WorkerPool.Threads;
        WorkerPool.Threads = 2;
        try
        {
            for (int step = 0; step < 3; step++)
            {
                foreach (var model in new[] { ranged, whole })
                {
                    var gradients = new Rng((ulong)(10 + step));   // the same gradients for both models
                    foreach (var p in model.Parameters)
                        for (int i = 0; i < p.Length; i++) p.Grad[i] = (float)(gradients.NextDouble() - 0.5);
                }
                ranged.Update();
                foreach (var layer in whole.Layers) layer.Update();
            }
            var a = ranged.Parameters.ToArray();
            var b = whole.Parameters.ToArray();
            for (int k = 0; k < a.Length; k++)
                for (int i = 0; i < a[k].Length; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(a[k].Value[i]) == BitConverter.SingleToInt32Bits(b[k].Value[i]),
                        $"{a[k].Name}[{i}]: {a[k].Value[i]:R} in ranges, {b[k].Value[i]:R} whole");
        }
        finally
        {
            WorkerPool.Threads = previous;
        }
    }
}

using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Tests;

public class SequentialTests
{
    private static readonly SampleShape Mnist = new(1, 28, 28);

    [Fact]
    public void Build_NamesTheFirstLayerThatCannotTakeItsInput()
    {
        // 28 → conv1 5×5 → 24 → pool 2 → 12 → pool 3 → 4: conv2's 5×5 kernel no longer fits the 6×4×4 maps.
        var model = new Sequential(Mnist,
            new Conv2d(6, 5, name: "conv1"), new ReLU(), new MaxPool2D(2), new MaxPool2D(3),
            new Conv2d(16, 5, name: "conv2"), new Flatten(), new Dense(10));
        var e = Assert.Throws<ShapeException>(() => model.Build(1, new Rng(0), new SGD()));
        Assert.StartsWith("conv2: a 5×5 kernel does not fit a 6×4×4 input", e.Message);
    }

    [Fact]
    public void Build_DenseWithoutFlatten_SaysToAddAFlatten()
    {
        var model = new Sequential(Mnist, new Conv2d(4, 3, name: "conv1"), new Dense(10, name: "fc1"));
        var e = Assert.Throws<ShapeException>(() => model.Build(1, new Rng(0), new SGD()));
        Assert.Contains("fc1: a dense layer takes flat samples", e.Message);
        Assert.Contains("4×26×26", e.Message);
        Assert.Contains("put a Flatten before it", e.Message);
    }

    [Fact]
    public void Build_ConvolutionAfterFlatten_SaysConvolutionsTakeImages()
    {
        var model = new Sequential(Mnist, new Flatten(), new Conv2d(4, 3, name: "conv1"), new Flatten(), new Dense(10));
        var e = Assert.Throws<ShapeException>(() => model.Build(1, new Rng(0), new SGD()));
        Assert.Contains("conv1: a 3×3 kernel does not fit a 784×1×1 input", e.Message);
        Assert.Contains("put them before Flatten", e.Message);
    }

    [Fact]
    public void Build_RequiresFlatClassScoresAtTheEnd()
    {
        var model = new Sequential(Mnist, new Conv2d(4, 3, name: "conv1"));
        var e = Assert.Throws<ShapeException>(() => model.Build(1, new Rng(0), new SGD()));
        Assert.Contains("conv1: the last layer must output flat class scores", e.Message);
    }

    [Fact]
    public void Constructor_RejectsDuplicateLayerNames()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequential(Mnist, new Conv2d(4, 3, name: "a"), new ReLU("a"), new Flatten(), new Dense(10)));
        Assert.Contains("Two layers are named 'a'", e.Message);
    }

    [Fact]
    public void Constructor_NamesUnnamedLayersByKindAndPosition()
    {
        var model = new Sequential(Mnist, new Conv2d(4, 3), new ReLU(), new Conv2d(4, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(10));
        Assert.Equal(["conv1", "relu1", "conv2", "relu2", "pool1", "flatten1", "dense1"], model.Layers.Select(l => l.Name));
    }

    [Fact]
    public void ParameterCount_SumsEveryLayer_AndSummaryListsThem()
    {
        var model = LeNet5.Modern().Build(4, new Rng(0), new Adam());
        Assert.Equal(61_706, model.ParameterCount);
        Assert.Equal(61_706, model.Parameters.Sum(p => p.Length));
        string summary = model.Summary();
        Assert.Contains("conv1: Conv2d 6@5×5 pad 2 → 6×28×28", summary);
        Assert.Contains("total parameters: 61,706", summary);
    }

    [Fact]
    public void Forward_WrongRank_NamesTheFirstLayerAndBothShapes()
    {
        var model = LeNet5.Modern().Build(2, new Rng(0), new SGD());
        var e = Assert.Throws<ShapeException>(() => model.Forward(new Batch(SampleShape.Flat(784), 2)));
        Assert.Contains("conv1: the model takes samples of 1×28×28 (C×H×W), got 784", e.Message);
    }

    [Fact]
    public void Forward_WrongChannelCount_NamesTheFirstLayerAndBothShapes()
    {
        var model = LeNet5.Modern().Build(2, new Rng(0), new SGD());
        var e = Assert.Throws<ShapeException>(() => model.Forward(new Batch(new SampleShape(3, 28, 28), 2)));
        Assert.Contains("conv1: the model takes samples of 1×28×28 (C×H×W), got 3×28×28", e.Message);
    }

    [Fact]
    public void Forward_BatchLargerThanBuilt_IsRejected()
    {
        var model = LeNet5.Modern().Build(2, new Rng(0), new SGD());
        var e = Assert.Throws<ShapeException>(() => model.Forward(new Batch(Mnist, 3)));
        Assert.Contains("conv1: a batch of 3 exceeds the 2 samples", e.Message);
    }

    [Fact]
    public void Forward_NaNInTheInput_SaysWhere()
    {
        var model = LeNet5.Modern().Build(2, new Rng(0), new SGD());
        var x = new Batch(Mnist, 2);
        x[1, 0, 0, 5] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => model.Forward(x));
        Assert.Contains("conv1: input sample 1 of a 2×1×28×28 batch holds NaN at offset 5", e.Message);
    }

    [Fact]
    public void Build_BatchSizeBelowOne_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LeNet5.Modern().Build(0, new Rng(0), new SGD()));
    }

    [Fact]
    public void TrainingStep_LowersTheLossOnTheSameBatch()
    {
        var model = LeNet5.Modern(new SampleShape(1, 16, 16)).Build(4, new Rng(1), new SGD(0.05f));
        var rng = new Rng(2);
        var x = new Batch(model.InputShape, 4);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)rng.NextDouble();
        int[] labels = [0, 1, 2, 3];
        float before = model.ForwardLoss(x, labels);
        for (int step = 0; step < 5; step++)
        {
            model.ForwardLoss(x, labels);
            model.Backward();
            model.Update();
        }
        Assert.True(model.ForwardLoss(x, labels) < before);
    }
}

public class TrainingStepAllocationTests
{
    [Fact]
    public void TrainingStep_AllocatesNothing_OnceBuilt()
    {
        var model = LeNet5.Modern(new SampleShape(1, 16, 16)).Build(4, new Rng(1), new Adam());
        var x = new Batch(model.InputShape, 4);
        int[] labels = [0, 1, 2, 3];
        void Step() { model.ForwardLoss(x, labels); model.Backward(); model.Update(); }
        Step();                                                   // first update creates the optimizer's state
        CnnViz.Core.Threading.WorkerPool.StartWorkers();         // the warm-up step may have run inline (pool busy with another test)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

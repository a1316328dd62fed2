using CnnViz.Core.Threading;
using CnnViz.Engine.Models;
using CnnViz.Engine.Commands;

namespace CnnViz.Engine.Tests;

public class DeterminismTests
{
    [Theory]
    [InlineData("momentum")]
    [InlineData("adam")]
    public void SameSeed_SameCommands_BitIdenticalWeights_WhetherSteppedOneAtATimeOrAllAtOnce(string optimizer)
    {
        // 100 steps cross epoch boundaries (540 train images / 16 = 34 steps per epoch).
        var window = TestData.Session(optimizer);
        var headless = TestData.Session(optimizer);
        // The window: 3 batches per frame, a learning-rate change at step 45, evaluation slices every frame.
        var frames = new CommandExecutor(window);
        frames.State.Pace = new Pace(3, 1);
        foreach (int target in new[] { 45, 100 })
        {
            while (window.StepCount < target)
            {
                frames.TrainSteps(Math.Min(frames.State.BatchesPerFrame, target - (int)window.StepCount));
                window.Evaluate(37);                          // a validation slice per frame
                window.Predict(window.Views.InputImage(0));   // draw mode probing
            }
            if (target == 45) frames.Execute(CommandParser.Default.Parse("lr 0.003"));
        }
        // Headless: one script, no evaluation in between.
        new CommandExecutor(headless) { Headless = true }.Run(CommandParser.Default.ParseScript("step 45; lr 0.003\nstep 55"));

        Assert.Equal(100, headless.StepCount);
        Assert.Equal(TestData.Weights(headless), TestData.Weights(window));
    }

    [Fact]
    public void LeNet5_OneThreadOrTwo_BitIdenticalWeights()
    {
        float[] Train(int threads)
        {
            int saved = WorkerPool.Threads;
            WorkerPool.Threads = threads;
            try
            {
                var s = new TrainingSession(new SessionConfig { Model = ModelCatalog.Get("lenet5"), BatchSize = 64, Seed = 3 }, SampleData.Split());
                s.Step(15);
                return TestData.Weights(s);
            }
            finally { WorkerPool.Threads = saved; }
        }
        Assert.Equal(Train(1), Train(2));
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentWeights()
    {
        var a = TestData.Session(seed: 1);
        var b = TestData.Session(seed: 2);
        a.Step(3); b.Step(3);
        Assert.NotEqual(TestData.Weights(a), TestData.Weights(b));
    }

    [Fact]
    public void Reset_WithSameSeed_RepeatsTheRun()
    {
        var s = TestData.Session(seed: 9);
        s.Step(40);
        var first = TestData.Weights(s);
        s.Reset();
        Assert.Equal(0.05f, s.LearningRate);
        Assert.Equal(0, s.StepCount);
        Assert.Equal(0, s.Epoch);
        s.Step(40);
        Assert.Equal(first, TestData.Weights(s));
    }
}

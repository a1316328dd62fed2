using CnnViz.Core.Optimizers;
using CnnViz.Core.Threading;

namespace CnnViz.Engine.Tests;

/// <summary>Augmentation, schedules and weight decay inside a session: seeded, resumable, allocation-free.</summary>
public sealed class TrainingSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnviz-settings-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);
    private string PathOf(string name) => Path.Combine(_dir, name);

    private static SessionConfig Config(string augment = "affine") => TestData.Config("adam") with
    {
        Augment = augment, Schedule = ScheduleKind.Cosine, Epochs = 3, WarmupEpochs = 0.5, WeightDecay = 1e-3f,
    };

    [Fact]
    public void TinySeededAugmentedRun_GivesTheSameCheckpointTwice_AndDiffersFromNoAugmentation()
    {
        foreach (string name in new[] { "a.ckpt", "b.ckpt" })
        {
            var s = new TrainingSession(Config(), TestData.Split());
            s.Step(40);
            s.Save(PathOf(name));
        }
        Assert.Equal(File.ReadAllBytes(PathOf("a.ckpt")), File.ReadAllBytes(PathOf("b.ckpt")));

        var plain = new TrainingSession(Config("none"), TestData.Split());
        plain.Step(40);
        var augmented = new TrainingSession(Config(), TestData.Split());
        augmented.Step(40);
        Assert.NotEqual(TestData.Weights(plain), TestData.Weights(augmented));
    }

    [Fact]
    public void AugmentedRun_SameWeights_With1And2Threads_AndAfterSaveAndResume()
    {
        int previous = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 1;
            var one = new TrainingSession(Config("elastic") with { BatchSize = 32 }, TestData.Split());
            one.Step(30);
            WorkerPool.Threads = 2;
            var two = new TrainingSession(Config("elastic") with { BatchSize = 32 }, TestData.Split());
            two.Step(15);
            two.Save(PathOf("half.ckpt"));
            var resumed = new TrainingSession(Config("elastic") with { BatchSize = 32 }, TestData.Split());
            resumed.Load(PathOf("half.ckpt"));
            resumed.Step(15);
            Assert.Equal(TestData.Weights(one), TestData.Weights(resumed));
        }
        finally { WorkerPool.Threads = previous; }
    }

    [Theory]
    [InlineData("augment", "augmentation 'affine', this session uses 'none'")]
    [InlineData("decay", "weight decay 0.001, this session uses 0")]
    [InlineData("schedule", "the cosine schedule (warm-up")]
    [InlineData("length", "the cosine schedule (warm-up")]
    public void Load_CheckpointOfOtherRunSettings_IsRefused_AndNamesTheSetting(string differs, string expected)
    {
        var saved = new TrainingSession(Config(), TestData.Split());
        saved.Step(3);
        saved.Save(PathOf("run.ckpt"));
        var other = Config() with { };
        other = differs switch
        {
            "augment" => other with { Augment = "none" },
            "decay" => other with { WeightDecay = 0 },
            "schedule" => other with { Schedule = ScheduleKind.Constant },
            _ => other with { Epochs = 4 },
        };
        var session = new TrainingSession(other, TestData.Split());
        var e = Assert.Throws<Checkpoints.CheckpointException>(() => session.Load(PathOf("run.ckpt")));
        Assert.Contains(expected, e.Message);
        Assert.Equal(0, session.StepCount);
    }

    [Fact]
    public void Session_AsksTheScheduleBeforeEveryStep()
    {
        var s = new TrainingSession(Config("none"), TestData.Split());
        var schedule = s.Schedule;
        for (int i = 0; i < 60; i++)
        {
            float expected = schedule.RateAt(s.StepCount);
            Assert.Equal(expected, s.LearningRate);
            s.Step();
            Assert.Equal(expected, s.Optimizer.LearningRate); // the rate the step used
        }
        s.LearningRate = 0.0123f;                              // by hand: the next step uses it
        Assert.Equal(0.0123f, s.LearningRate, 6);
    }

    [Fact]
    public void AugmentedStep_AllocatesNothing()
    {
        var s = new TrainingSession(Config("elastic"), TestData.Split());
        s.Step(40);
        s.FinishEvaluations();
        var plain = new TrainingSession(Config("none"), TestData.Split());
        plain.Step(40);
        plain.FinishEvaluations();
        long Measure(TrainingSession session)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) session.Step(); // stays inside epoch 2: no evaluation is queued
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Measure(s); Measure(plain);
        Assert.True(Measure(s) <= Measure(plain), "an augmented step allocates more than a plain one");
    }
}

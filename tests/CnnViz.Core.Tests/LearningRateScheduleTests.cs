using CnnViz.Core.Optimizers;

namespace CnnViz.Core.Tests;

/// <summary>Each schedule's formula at the steps where its shape changes; runs it refuses.</summary>
public class LearningRateScheduleTests
{
    [Fact]
    public void Constant_IsTheBaseRateAtEveryStep()
    {
        var s = new LearningRateSchedule(ScheduleKind.Constant, 0.01f, stepsPerEpoch: 10);
        Assert.All(new long[] { 0, 9, 10, 1000 }, step => Assert.Equal(0.01f, s.RateAt(step)));
    }

    [Fact]
    public void Step_MultipliesByTheDecayAtEachEpochBoundary()
    {
        var s = new LearningRateSchedule(ScheduleKind.Step, 0.1f, stepsPerEpoch: 10, decay: 0.5f);
        Assert.Equal(0.1f, s.RateAt(9));
        Assert.Equal(0.05f, s.RateAt(10));
        Assert.Equal(0.025f, s.RateAt(29), 7);
    }

    [Fact]
    public void Warmup_RisesLinearlyToTheBaseRate_ThenCosineFallsToNearZero()
    {
        var s = new LearningRateSchedule(ScheduleKind.Cosine, 1f, stepsPerEpoch: 10, totalSteps: 100, warmupSteps: 10);
        Assert.Equal(0.1f, s.RateAt(0), 6);      // (0 + 1) / 10
        Assert.Equal(0.5f, s.RateAt(4), 6);
        Assert.Equal(1f, s.RateAt(10), 6);       // cos 0
        Assert.Equal(0.5f, s.RateAt(55), 5);     // halfway through the 90 cosine steps: ½(1 + cos π/2)
        float last = s.RateAt(99);
        Assert.InRange(last, 1e-7f, 1e-3f);      // ½(1 + cos(π·89/90)) ≈ 3e-4, still positive
        Assert.Equal(last, s.RateAt(5000));      // past the run it stays at the last rate
        for (long i = 11; i < 100; i++) Assert.True(s.RateAt(i) < s.RateAt(i - 1), $"not falling at step {i}");
    }

    [Fact]
    public void OneCycle_PeaksAtTheEndOfItsRise_AndEndsFarBelowItsStart()
    {
        var s = new LearningRateSchedule(ScheduleKind.OneCycle, 1f, stepsPerEpoch: 10, totalSteps: 100);
        Assert.Equal(30, s.WarmupSteps);           // 30% of the run by default
        Assert.Equal(0.04f, s.RateAt(0), 6);       // α₀ / 25
        Assert.Equal(1f, s.RateAt(30), 2);
        Assert.True(s.RateAt(29) < s.RateAt(30) || s.RateAt(30) >= s.RateAt(31));
        Assert.InRange(s.RateAt(99), 1e-7f, 1e-4f);
    }

    [Fact]
    public void RescaledTo_GivesTheRateSetNow_AndKeepsTheShape()
    {
        var s = new LearningRateSchedule(ScheduleKind.Step, 0.1f, stepsPerEpoch: 10, decay: 0.5f).RescaledTo(0.02f, step: 15);
        Assert.Equal(0.02f, s.RateAt(15), 7);
        Assert.Equal(0.01f, s.RateAt(20), 7);
    }

    [Theory]
    [InlineData(ScheduleKind.Cosine, 0L, 0L, "needs the run's length")]
    [InlineData(ScheduleKind.Cosine, 100L, 100L, "as long as the run")]
    [InlineData(ScheduleKind.Step, 50L, 80L, "as long as the run")]
    public void ASchedulethatDoesNotFitTheRun_IsRefused(ScheduleKind kind, long total, long warmup, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new LearningRateSchedule(kind, 0.1f, 10, total, warmup));
        Assert.Contains(expected, e.Message);
    }
}

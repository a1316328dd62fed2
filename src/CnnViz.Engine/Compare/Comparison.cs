using CnnViz.Engine.Data;

namespace CnnViz.Engine.Compare;

/// <summary>
/// Two runs from one start, trained in lockstep: run A as configured, run B with a <see cref="ComparisonChange"/>.
/// B starts where A starts (<see cref="TrainingSession.StartFrom"/>): the same initial values for every parameter whose
/// name and size match, and the same random state after initialization, so both draw the same epoch shuffles.
/// Each <see cref="Step()"/> trains one mini-batch of A, then one of B; neither run sees the other after the start,
/// so each is bit for bit the run it would be alone (tested). A run that finishes its epochs stops; the other goes on.
/// </summary>
public sealed class Comparison
{
    /// <exception cref="ComparisonException">The change cannot be made to A's settings (see <see cref="ComparisonChange.Apply"/>).</exception>
    public Comparison(SessionConfig a, ComparisonChange change, DataSplit data)
    {
        Change = change;
        var b = change.Apply(a, data.Train.SampleShape, data.Train.Classes);
        A = new TrainingSession(a, data);
        B = new TrainingSession(b, data);
        SharedParameters = B.StartFrom(A);
        BParameterTensors = B.Model.Parameters.Count();
    }

    /// <summary>Parameter tensors of B's model (what <see cref="SharedParameters"/> counts out of).</summary>
    public int BParameterTensors { get; }

    public TrainingSession A { get; }
    public TrainingSession B { get; }
    public ComparisonChange Change { get; }

    /// <summary>Parameter tensors B took from A's start (all of B's when the shapes are the same).</summary>
    public int SharedParameters { get; private set; }

    /// <summary>0: keys act on A; 1: on B.</summary>
    public int Focus { get; set; }

    public TrainingSession Focused => Focus == 0 ? A : B;
    public TrainingSession Run(int i) => i == 0 ? A : B;

    /// <summary>"A" or "B".</summary>
    public static string Label(int i) => i == 0 ? "A" : "B";

    /// <summary>True when both runs have finished (or diverged): nothing is left to train.</summary>
    public bool IsDone => (A.IsFinished || A.IsDiverged) && (B.IsFinished || B.IsDiverged);

    /// <summary>One mini-batch of each run that can still train; false when neither could.</summary>
    public bool Step()
    {
        bool a = A.Step();
        bool b = B.Step();
        return a || b;
    }

    /// <summary>Up to <paramref name="steps"/> lockstep steps; returns how many trained anything.</summary>
    public int Step(int steps)
    {
        int done = 0;
        while (done < steps && Step()) done++;
        return done;
    }

    /// <summary>Both runs over from a fresh start (A's, with <paramref name="seed"/> or the current seed; B from it again).</summary>
    public void Reset(ulong? seed = null)
    {
        A.Reset(seed);
        B.Reset(A.Seed);
        SharedParameters = B.StartFrom(A);
    }

    /// <summary>Both runs to <paramref name="step"/> (see <see cref="TrainingSession.Seek"/>); returns the steps reached.</summary>
    public (long A, long B) Seek(long step) => (A.Seek(step), B.Seek(step));

    /// <summary>Finishes pending evaluations of both (headless epoch ends).</summary>
    public void FinishEvaluations()
    {
        A.FinishEvaluations();
        B.FinishEvaluations();
    }
}

namespace CnnViz.Engine;

// Run B of a comparison (Compare.Comparison) starts where run A starts.
public sealed partial class TrainingSession
{
    /// <summary>
    /// Makes this fresh run start from <paramref name="a"/>'s start: every parameter whose name and size match one of
    /// A's takes A's initial values, and the random generator takes A's state after its initialization, so both runs
    /// draw the same epoch shuffles. Both must be at step 0. Returns how many parameter tensors were copied.
    /// </summary>
    /// <exception cref="InvalidOperationException">Either run has trained already.</exception>
    internal int StartFrom(TrainingSession a)
    {
        if (StepCount != 0 || a.StepCount != 0) throw new InvalidOperationException("Both runs of a comparison start at step 0.");
        int copied = 0;
        foreach (var p in _parameters)
        {
            var source = Array.Find(a._parameters, q => q.Name == p.Name && q.Length == p.Length);
            if (source is null) continue;
            source.Value.AsSpan().CopyTo(p.Value);
            copied++;
        }
        _rng.SetState(a._rng.GetState());   // A's generator has drawn only the initial weights so far
        InstallInspection(_model);           // W₀ is the shared start
        Timeline?.Restart(this);
        Version++;
        return copied;
    }
}

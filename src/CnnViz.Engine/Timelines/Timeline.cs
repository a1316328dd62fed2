namespace CnnViz.Engine.Timelines;

/// <summary>A snapshot budget too small for two snapshots; the message says how much is needed.</summary>
public sealed class TimelineBudgetException(string message) : ArgumentException(message);

/// <summary>Where the current trajectory left an earlier one: a change (e.g. "lr 0.003") made at a past step.</summary>
/// <param name="Step">The step the change was made after; the two trajectories agree up to here.</param>
/// <param name="Reason">What changed, e.g. "lr 0.003".</param>
public readonly record struct BranchPoint(long Step, string Reason);

/// <summary>
/// The run's past, kept as in-memory snapshots so <c>seek STEP</c> can go back and
/// training from there replays the original trajectory bit for bit: a snapshot holds everything a
/// checkpoint holds. A snapshot is taken every <see cref="Interval"/> steps (and at step 0); when
/// <see cref="Capacity"/> = ⌊budget / snapshot size⌋ are held, one is dropped to make room, the one whose
/// removal leaves the smallest gap relative to its age — (s[i+1] − s[i−1]) / (now − s[i]) — so recent
/// steps stay dense and old ones thin out (step 0 and the newest are always kept). Snapshot buffers are
/// allocated the first time a slot is filled and reused afterwards: once full, nothing is allocated.
/// Changing something at a step before <see cref="Head"/> starts a branch: the snapshots after it belong
/// to the abandoned trajectory and are recycled, and a <see cref="BranchPoint"/> records where it left.
/// Owned by its <see cref="TrainingSession"/>, which calls it after every step.
/// </summary>
public sealed class Timeline
{
    private readonly List<Snapshot> _held;      // sorted by step
    private readonly Stack<Snapshot> _free;     // allocated, not in use
    private readonly List<BranchPoint> _branches = new(16);
    private int _allocated;

    internal Timeline(int interval, long budgetBytes, long snapshotBytes)
    {
        if (interval < 1) throw new ArgumentException($"Snapshots are taken every N ≥ 1 steps, got {interval}.");
        Interval = interval;
        BudgetBytes = budgetBytes;
        SnapshotBytes = snapshotBytes;
        long capacity = budgetBytes / snapshotBytes;
        if (capacity < 2)
            throw new TimelineBudgetException($"A snapshot budget of {budgetBytes / 1e6:0.###} MB holds fewer than 2 snapshots of {snapshotBytes / 1e6:0.###} MB; raise it to at least {2 * snapshotBytes / 1e6:0.###} MB.");
        Capacity = (int)Math.Min(capacity, 100_000);
        _held = new List<Snapshot>(Capacity);
        _free = new Stack<Snapshot>(Capacity);
    }

    /// <summary>N: a snapshot every N steps.</summary>
    public int Interval { get; }
    public long BudgetBytes { get; }
    /// <summary>Bytes of one snapshot (weights, optimizer buffers, epoch order, metrics marks).</summary>
    public long SnapshotBytes { get; }
    /// <summary>The most snapshots held at once.</summary>
    public int Capacity { get; }
    /// <summary>Snapshots held now.</summary>
    public int Count => _held.Count;
    /// <summary>Bytes of snapshot buffers allocated (held or free for reuse); never above <see cref="BudgetBytes"/>.</summary>
    public long BytesAllocated => _allocated * SnapshotBytes;
    /// <summary>The furthest step trained on the current trajectory (a change before it starts a branch).</summary>
    public long Head { get; private set; }
    /// <summary>Where the current trajectory branched off earlier ones, oldest first.</summary>
    public IReadOnlyList<BranchPoint> Branches => _branches;

    /// <summary>The step of snapshot i (0 ≤ i &lt; Count), oldest first — for a scrub bar.</summary>
    public long StepAt(int i) => _held[i].Step;

    /// <summary>Forgets everything (a reset or a checkpoint load starts a new run) and snapshots the current state.</summary>
    internal void Restart(TrainingSession session)
    {
        foreach (var s in _held) _free.Push(s);
        _held.Clear();
        _branches.Clear();
        Head = session.StepCount;
        Take(session);
    }

    /// <summary>After each step: extend the head; snapshot every N steps past the newest held.</summary>
    internal void AfterStep(TrainingSession session)
    {
        long step = session.StepCount;
        if (step > Head) Head = step;
        if (step % Interval == 0 && step > _held[^1].Step) Take(session);
    }

    /// <summary>Something that changes the trajectory was done now; before the head it starts a branch.</summary>
    internal void NoteChange(TrainingSession session, string reason)
    {
        long step = session.StepCount;
        if (step >= Head) return;
        while (_held.Count > 1 && _held[^1].Step > step) { _free.Push(_held[^1]); _held.RemoveAt(_held.Count - 1); }
        _branches.Add(new BranchPoint(step, reason));
        Head = step;
    }

    /// <summary>
    /// The snapshot to restore to reach <paramref name="target"/> from the session's current step: the newest
    /// at or before it; null when the target lies ahead (training on replays it, and the graphs with it).
    /// </summary>
    internal Snapshot? Before(long target, long current)
    {
        if (target >= current) return null;
        Snapshot? best = null;
        foreach (var s in _held) if (s.Step <= target) best = s;
        return best ?? throw new InvalidOperationException("The timeline always holds the step it started at.");
    }

    private void Take(TrainingSession session)
    {
        Snapshot slot;
        if (_free.Count > 0) slot = _free.Pop();
        else if (_allocated < Capacity) { slot = session.NewSnapshot(); _allocated++; }
        else slot = Evict(session.StepCount);
        session.CaptureInto(slot);
        _held.Add(slot);
    }

    private Snapshot Evict(long now)
    {
        int victim = _held.Count - 1;   // with only two held, overwrite the newest
        double best = double.MaxValue;
        for (int i = 1; i < _held.Count - 1; i++)
        {
            double gap = (_held[i + 1].Step - _held[i - 1].Step) / (double)(now - _held[i].Step);
            if (gap < best) { best = gap; victim = i; }
        }
        var slot = _held[victim];
        _held.RemoveAt(victim);
        return slot;
    }
}

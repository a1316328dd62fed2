using CnnViz.Engine.Views;

namespace CnnViz.Render;

/// <summary>
/// The timeline keys as `seek STEP` command lines: PageUp goes back to the newest snapshot before the current step,
/// PageDown on by one snapshot interval, comma / period one step back / on, Home to step 0, End to the newest step of
/// the current trajectory. Going back restores a snapshot and replays at most one interval; going on trains.
/// Without a timeline the command still runs and says how to get one.
/// </summary>
public static class TimelineKeys
{
    public enum Move { SnapshotBack, SnapshotOn, StepBack, StepOn, Start, Newest }

    public static string Seek(SessionViews views, Move move)
    {
        long step = views.Step;
        var t = views.Timeline;
        long target = move switch
        {
            Move.SnapshotBack => PreviousSnapshot(views),
            Move.SnapshotOn => step + (t?.Interval ?? 1),
            Move.StepBack => step - 1,
            Move.StepOn => step + 1,
            Move.Start => 0,
            _ => t?.Head ?? step,
        };
        return $"seek {Math.Max(0, target)}";
    }

    private static long PreviousSnapshot(SessionViews views)
    {
        var t = views.Timeline;
        if (t is null) return views.Step - 1;
        long best = 0;
        for (int i = 0; i < t.Count; i++)
            if (t.StepAt(i) < views.Step) best = t.StepAt(i);
        return best;
    }
}

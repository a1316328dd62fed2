using CnnViz.Engine.Study;
using CnnViz.Engine.Views;

namespace CnnViz.Engine.Compare;

/// <summary>What the renderer reads of a comparison: both runs' views and followed digits, which has the focus, the
/// change, and where they differ on held-out digits. Never mutates anything.</summary>
public sealed class CompareViews(Comparison comparison, StudyViews a, StudyViews b, HeldOutDifference difference)
{
    public SessionViews Run(int i) => comparison.Run(i).Views;
    public StudyViews Study(int i) => i == 0 ? a : b;
    public int Focus => comparison.Focus;
    /// <summary>"pool=avg": what B changes.</summary>
    public string Change => comparison.Change.Text;
    public int SharedParameters => comparison.SharedParameters;
    public int BParameterTensors => comparison.BParameterTensors;
    public HeldOutDifference Difference => difference;
    /// <summary>The focused run's timeline (null without snapshots), for the scrub bar.</summary>
    public Timelines.Timeline? Timeline(int i) => comparison.Run(i).Timeline;
}

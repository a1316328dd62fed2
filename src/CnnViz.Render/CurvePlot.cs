using CnnViz.Engine.Metrics;

namespace CnnViz.Render;

/// <summary>Learning curves (loss and accuracy per epoch, train vs validation) as a PNG.</summary>
public static class CurvePlot
{
    /// <summary>Writes the plot of <paramref name="history"/> to <paramref name="path"/> (temp file + rename).</summary>
    /// <exception cref="NotSupportedException">Plotting is not available in this build yet.</exception>
    public static void Save(MetricsHistory history, string path) =>
        throw new NotSupportedException("plotting is not available yet (the renderer that draws the PNG is not built)");
}

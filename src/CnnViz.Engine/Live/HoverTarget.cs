using System.Globalization;

namespace CnnViz.Engine.Live;

/// <summary>
/// The value under the mouse: a map pixel (layer, channel, row, column), a dense unit (layer, unit) or a kernel
/// weight (layer's kernel M, input channel C, row, column). The loop finds it from the last frame's layout
/// (<c>Viewer.HoverAt</c>) or a script sets it with `hover …`; the renderer reads the live value there.
/// </summary>
public sealed record HoverTarget(string Layer, int Channel, int Row, int Column, bool Kernel = false, int KernelChannel = 0)
{
    public const string Usage = "hover LAYER C Y X | hover LAYER UNIT | hover LAYER kernel M C Y X | hover off";

    /// <summary>Parses the words after `hover` (not "off").</summary>
    /// <exception cref="ArgumentException">Not one of the forms of <see cref="Usage"/>; the message shows them.</exception>
    public static HoverTarget Parse(string arguments)
    {
        string[] w = arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        bool kernel = w.Length == 6 && w[1] == "kernel";
        int first = kernel ? 2 : 1;
        if (!(kernel || w.Length is 2 or 4)) throw Bad(arguments);
        var n = new int[w.Length - first];
        for (int i = first; i < w.Length; i++)
            if (!int.TryParse(w[i], NumberStyles.None, CultureInfo.InvariantCulture, out n[i - first])) throw Bad(arguments);
        return kernel ? new HoverTarget(w[0], n[0], n[2], n[3], true, n[1])
            : n.Length == 3 ? new HoverTarget(w[0], n[0], n[1], n[2]) : new HoverTarget(w[0], n[0], 0, 0) { IsUnit = true };
    }

    private static ArgumentException Bad(string arguments) => new($"hover '{arguments}': use {Usage}.");

    /// <summary>"conv1[2, 14, 9]", "fc2[17]", "conv1 W[3, 0, 1, 2]".</summary>
    public override string ToString() => Kernel ? $"{Layer} W[{Channel}, {KernelChannel}, {Row}, {Column}]"
        : IsUnit ? $"{Layer}[{Channel}]" : $"{Layer}[{Channel}, {Row}, {Column}]";

    /// <summary>Set for a dense unit (the two-number form).</summary>
    public bool IsUnit { get; init; }
}

using CnnViz.Core.Data;

namespace CnnViz.Engine.Pinning;

/// <summary>One held-out image per class, the first of each in the test set: the images a key walks through.</summary>
public sealed class ProbeSet
{
    private readonly int[] _indices;

    public ProbeSet(Dataset heldOut)
    {
        _indices = new int[heldOut.Classes];
        Array.Fill(_indices, -1);
        for (int i = 0; i < heldOut.Count; i++)
            if (_indices[heldOut.Labels[i]] < 0) _indices[heldOut.Labels[i]] = i;
    }

    /// <summary>Test-set index of class k's probe image, −1 when the set has none of that class.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>The probe after test image <paramref name="current"/> (the first probe when it is none of them), skipping missing classes.</summary>
    public int Next(int current)
    {
        int at = Array.IndexOf(_indices, current);
        for (int step = 1; step <= _indices.Length; step++)
        {
            int candidate = _indices[(at + step + _indices.Length) % _indices.Length];
            if (candidate >= 0) return candidate;
        }
        return 0;
    }
}

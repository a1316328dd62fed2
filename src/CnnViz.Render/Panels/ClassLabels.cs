namespace CnnViz.Render.Panels;

/// <summary>
/// The data set's class names (MNIST "0".."9", Fashion-MNIST "T-shirt/top".."Ankle boot", an image folder's
/// folder names), full and shortened for captions where only a few characters fit: the first
/// <see cref="ShortLength"/> characters, unique across the classes (a clash falls back to the class number).
/// Made once per scene, so drawing a caption allocates nothing.
/// </summary>
internal sealed class ClassLabels
{
    public const int ShortLength = 3;
    private readonly string[] _full, _short;

    public ClassLabels(IReadOnlyList<string> names)
    {
        _full = new string[names.Count];
        _short = new string[names.Count];
        for (int c = 0; c < names.Count; c++)
        {
            _full[c] = names[c];
            _short[c] = names[c].Length <= ShortLength ? names[c] : names[c][..ShortLength];
        }
        for (int c = 0; c < _short.Length; c++)
            if (Array.IndexOf(_short, _short[c]) != c || Array.LastIndexOf(_short, _short[c]) != c)
                for (int d = 0; d < _short.Length; d++)
                    if (_short[d] == _short[c] && d != c) _short[d] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AllShort = true;
        MaxShort = 1;
        for (int c = 0; c < _short.Length; c++)
        {
            AllShort &= _full[c].Length <= ShortLength;
            MaxShort = Math.Max(MaxShort, _short[c].Length);
        }
    }

    public int Count => _full.Length;

    /// <summary>The full name of class <paramref name="c"/> ("?" outside the classes).</summary>
    public string Full(int c) => (uint)c < (uint)_full.Length ? _full[c] : "?";

    /// <summary>At most <see cref="ShortLength"/> characters ("?" outside the classes).</summary>
    public string Short(int c) => (uint)c < (uint)_short.Length ? _short[c] : "?";

    /// <summary>True when no name was shortened (MNIST): captions are the names themselves.</summary>
    public bool AllShort { get; }

    /// <summary>The longest short name, in characters.</summary>
    public int MaxShort { get; }

    /// <summary>The longest full name, in characters.</summary>
    public int MaxFull => _full.Length == 0 ? 1 : _full.Max(n => n.Length);
}

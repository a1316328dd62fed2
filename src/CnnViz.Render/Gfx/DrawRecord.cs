namespace CnnViz.Render.Gfx;

/// <summary>
/// What a frame drew, as boxes in layout units, for checks of the layout's contents (tests, `--check-layout`):
/// every text line (spaces at its ends trimmed) with its string, and every picture (a grid tile).
/// <see cref="Renderer2D.Record"/> is null in normal frames, so recording costs nothing there; when set,
/// it allocates (a list entry and a string per text line).
/// </summary>
public sealed class DrawRecord
{
    /// <summary>A text line: where (x, y, 8·scale per character, 8·scale high), its characters, and the layer it was drawn in.</summary>
    public readonly record struct TextBox(RectF Box, string Text, int Layer);

    /// <summary>A picture: where, and the layer (bumped by <see cref="Renderer2D.NextLayer"/>: overlays sit on higher layers).</summary>
    public readonly record struct PictureBox(RectF Box, int Layer);

    public List<TextBox> Texts { get; } = [];
    public List<PictureBox> Pictures { get; } = [];

    /// <summary>The layer being drawn: 0 at the start of a frame, +1 at each <see cref="Renderer2D.NextLayer"/>.</summary>
    public int Layer { get; internal set; }

    public void Clear()
    {
        Texts.Clear();
        Pictures.Clear();
        Layer = 0;
    }

    /// <summary>Records one line of text (no '\n' in it) drawn at (x, y) with glyphs <paramref name="size"/> units square.</summary>
    internal void AddLine(ReadOnlySpan<char> line, float x, float y, float size)
    {
        int first = 0, last = line.Length - 1;
        while (first <= last && line[first] == ' ') first++;
        while (last >= first && line[last] == ' ') last--;
        if (first > last) return;
        Texts.Add(new TextBox(new RectF(x + first * size, y, (last - first + 1) * size, size), line[first..(last + 1)].ToString(), Layer));
    }

    internal void AddPicture(RectF box) => Pictures.Add(new PictureBox(box, Layer));

    /// <summary>True when a and b share area (touching edges do not count).</summary>
    public static bool Overlap(RectF a, RectF b) => a.X < b.Right - 0.01f && b.X < a.Right - 0.01f && a.Y < b.Bottom - 0.01f && b.Y < a.Bottom - 0.01f;
}

using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// "Dead ReLU" tint, drawn over a ReLU layer's maps while the changes view (U) is on: each map is washed red in
/// proportion to the share of its outputs that were exactly 0 over the last mini-batch,
/// <c>dead[c] = #{ y[n,c,i,j] = 0 } / (N·H·W)</c>. A map that is red all over passes no gradient back
/// (dX = dY ⊙ [X &gt; 0]), so its kernel stops learning. Large maps also print the share.
/// </summary>
internal static class DeadReluTint
{
    /// <summary>The wash of a map that is all zeros (alpha 0..255 grows linearly with the dead share).</summary>
    public static readonly Color Red = new(255, 40, 40);

    /// <summary>Alpha of a map with dead share <paramref name="fraction"/> in [0, 1]: 0 for a live map, 150 for a dead one (the map stays visible).</summary>
    public static byte Alpha(float fraction) => (byte)MathF.Round(150 * Math.Clamp(fraction, 0f, 1f));

    /// <summary>The legend beside the colour bar (the help overlay says the rest: zeros over the last batch).</summary>
    public const string Legend = "red = dead share";

    /// <summary>Tints each of <paramref name="row"/>'s maps by its dead share (the ReLU's channels, (C)).</summary>
    public static void Draw(Renderer2D r, MapRow row, ReadOnlySpan<float> dead)
    {
        if (dead.IsEmpty || row.LastMapArea.W <= 0) return;
        var header = row.LastMapArea;
        PanelStyle.FitText(r, Legend, header.X + MathF.Min(250, header.W / 2), header.Y - 28, header.W - MathF.Min(250, header.W / 2), Red);
        Span<char> label = stackalloc char[8];
        for (int c = 0; c < dead.Length; c++)
        {
            if (!row.TileRect(c, out RectF tile)) continue;
            r.DrawRect(tile, Red.WithAlpha(Alpha(dead[c])));
            if (tile.W >= 40 && label.TryWrite($"{dead[c] * 100:F0}%", out int n))
                r.DrawText(label[..n], tile.X + 2, tile.Bottom - Renderer2D.LineHeight, 1, Color.Text);
        }
    }
}

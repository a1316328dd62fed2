namespace CnnViz.Engine.Live;

/// <summary>
/// Draw mode's 28×28 canvas, pixels in [0, 1]: the left button paints with a soft round brush, the right
/// button erases. <see cref="Version"/> bumps on every change (the controller predicts again, the panel re-uploads).
/// </summary>
public sealed class DrawCanvas
{
    public const int Size = 28;
    private readonly float[] _pixels = new float[Size * Size]; // (28, 28)

    public ReadOnlySpan<float> Pixels => _pixels;
    public long Version { get; private set; }

    /// <summary>True when the pixels are strokes painted with the mouse (then centred as MNIST is); false after a file was loaded.</summary>
    public bool Painted { get; private set; }

    /// <summary>True when no pixel has ink: there is nothing to predict.</summary>
    public bool IsEmpty => Array.TrueForAll(_pixels, p => p <= 0);

    /// <summary>Paints (or erases) around canvas point (x, y), in pixels from the top left; returns true when a pixel changed.</summary>
    public bool Paint(float x, float y, bool erase)
    {
        bool changed = false;
        // A brush of radius 1.5 pixels with a soft edge, like a pen stroke in MNIST (thick, anti-aliased).
        for (int py = Math.Max(0, (int)y - 2); py <= Math.Min(Size - 1, (int)y + 2); py++)
            for (int px = Math.Max(0, (int)x - 2); px <= Math.Min(Size - 1, (int)x + 2); px++)
            {
                float dx = px + 0.5f - x, dy = py + 0.5f - y, d = MathF.Sqrt(dx * dx + dy * dy);
                float ink = Math.Clamp(2.0f - d, 0f, 1f);
                ref float p = ref _pixels[py * Size + px];
                float v = erase ? MathF.Min(p, 1 - ink) : MathF.Max(p, ink);
                if (v != p) { p = v; changed = true; }
            }
        if (changed) { Version++; Painted = true; }
        return changed;
    }

    /// <summary>Replaces the canvas with a 28×28 image of bytes (0 = black), e.g. a file read by ImageFile.Load.</summary>
    public void Load(ReadOnlySpan<byte> image)
    {
        if (image.Length != _pixels.Length) throw new ArgumentException($"the canvas takes {Size}×{Size} images, got {image.Length} pixels.");
        Core.Data.Dataset.ToUnit(image, _pixels);
        Painted = false;
        Version++;
    }

    public void Clear()
    {
        Array.Clear(_pixels);
        Painted = false;
        Version++;
    }
}

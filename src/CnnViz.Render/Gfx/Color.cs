namespace CnnViz.Render.Gfx;

/// <summary>An 8-bit sRGB color with alpha, packed as the vertex attribute the shaders read (R, G, B, A bytes).</summary>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    public Color WithAlpha(byte a) => new(R, G, B, a);

    /// <summary>R | G&lt;&lt;8 | B&lt;&lt;16 | A&lt;&lt;24: the byte order of a little-endian GL_UNSIGNED_BYTE vec4.</summary>
    internal uint Packed => (uint)(R | G << 8 | B << 16 | A << 24);

    public static readonly Color White = new(255, 255, 255);
    public static readonly Color Black = new(0, 0, 0);
    public static readonly Color Background = new(24, 26, 31);
    public static readonly Color Panel = new(34, 37, 44);
    public static readonly Color Frame = new(70, 76, 90);
    public static readonly Color Text = new(222, 226, 232);
    public static readonly Color Dim = new(140, 148, 160);
    public static readonly Color Right = new(80, 200, 120);
    public static readonly Color Wrong = new(235, 80, 70);
    public static readonly Color Accent = new(250, 200, 60);
    public static readonly Color Train = new(90, 160, 255);
    public static readonly Color Validation = new(255, 150, 60);
    /// <summary>The two runs of a comparison: A (blue, as single-run training curves) and B (magenta, apart from the orange, green and red).</summary>
    public static readonly Color RunA = new(90, 160, 255);
    public static readonly Color RunB = new(236, 100, 214);
}

/// <summary>An axis-aligned rectangle in layout units, origin top-left, y down.</summary>
public readonly record struct RectF(float X, float Y, float W, float H)
{
    public float Right => X + W;
    public float Bottom => Y + H;
    public bool Contains(float x, float y) => x >= X && x < Right && y >= Y && y < Bottom;
    public RectF Inset(float d) => new(X + d, Y + d, W - 2 * d, H - 2 * d);
}

using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>
/// The <see cref="Font8x8"/> glyphs in one R8 texture, 16 glyphs per row of 8×8 cells (128×56 texels):
/// 255 inside a glyph, 0 outside. Text quads sample it with NEAREST, so at integer scales and positions
/// every glyph pixel lands on exactly one block of screen pixels.
/// </summary>
internal sealed class FontAtlas : IDisposable
{
    public const int Columns = 16, Rows = (Font8x8.GlyphCount + Columns - 1) / Columns, Cell = Font8x8.GlyphSize;
    public const int TextureWidth = Columns * Cell, TextureHeight = Rows * Cell;
    private readonly GL _gl;

    public FontAtlas(GL gl)
    {
        _gl = gl;
        var texels = new byte[TextureWidth * TextureHeight];
        for (int g = 0; g < Font8x8.GlyphCount; g++)
        {
            int x0 = g % Columns * Cell, y0 = g / Columns * Cell;
            ReadOnlySpan<byte> rows = Font8x8.Glyph(g);
            for (int y = 0; y < Cell; y++)
                for (int x = 0; x < Cell; x++)
                    if ((rows[y] >> x & 1) != 0) texels[(y0 + y) * TextureWidth + x0 + x] = 255;
        }
        Handle = NearestTexture.Create(gl);
        gl.TexImage2D<byte>(TextureTarget.Texture2D, 0, InternalFormat.R8, TextureWidth, TextureHeight, 0, PixelFormat.Red, PixelType.UnsignedByte, texels);
    }

    public uint Handle { get; private set; }

    /// <summary>Texture coordinates of glyph c's cell (u0, v0) – (u1, v1); v0 is the glyph's top row.</summary>
    public static (float U0, float V0, float U1, float V1) Cell01(char c)
    {
        int g = Font8x8.Index(c);
        float u0 = (float)(g % Columns * Cell) / TextureWidth, v0 = (float)(g / Columns * Cell) / TextureHeight;
        return (u0, v0, u0 + (float)Cell / TextureWidth, v0 + (float)Cell / TextureHeight);
    }

    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteTexture(Handle);
        Handle = 0;
    }
}

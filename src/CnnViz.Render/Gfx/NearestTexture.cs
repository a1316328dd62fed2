using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>
/// How every texture here is set up: one texel becomes one block of screen pixels (NEAREST, no smoothing
/// between neighbouring values), edges clamped (no bleeding from the opposite side), and rows unpacked
/// 1-byte aligned (R8 and R32F rows are not 4-byte multiples in general).
/// </summary>
internal static class NearestTexture
{
    /// <summary>A new texture, bound to TEXTURE_2D with those settings; the caller uploads its texels.</summary>
    public static uint Create(GL gl)
    {
        uint handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, handle);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        return handle;
    }
}

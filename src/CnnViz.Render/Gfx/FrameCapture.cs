using CnnViz.Render.Platform;
using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>Reads a finished frame back from the GPU as top-down RGB bytes (what a PNG wants).</summary>
public static class FrameCapture
{
    /// <summary>
    /// The pixels of <paramref name="surface"/>'s framebuffer, (FramebufferHeight, FramebufferWidth, 3), first row at the top.
    /// Call after <see cref="Renderer2D.EndFrame"/> and before <see cref="IRenderSurface.Present"/> (a window's back buffer
    /// is undefined after the swap). <paramref name="scratch"/> (width·height·4 bytes) is reused when large enough.
    /// </summary>
    public static byte[] ReadRgb(IRenderSurface surface, ref byte[]? scratch, byte[]? destination = null)
    {
        int w = surface.FramebufferWidth, h = surface.FramebufferHeight;
        if (scratch is null || scratch.Length < w * h * 4) scratch = new byte[w * h * 4];
        var gl = surface.Gl;
        surface.BindTarget();
        gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        gl.ReadPixels<byte>(0, 0, (uint)w, (uint)h, PixelFormat.Rgba, PixelType.UnsignedByte, scratch.AsSpan(0, w * h * 4));

        // glReadPixels rows come bottom-up: row 0 is the bottom of the frame.
        var rgb = destination is not null && destination.Length >= w * h * 3 ? destination : new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> src = scratch.AsSpan((h - 1 - y) * w * 4, w * 4);
            Span<byte> dst = rgb.AsSpan(y * w * 3, w * 3);
            for (int x = 0; x < w; x++)
            {
                dst[3 * x] = src[4 * x];
                dst[3 * x + 1] = src[4 * x + 1];
                dst[3 * x + 2] = src[4 * x + 2];
            }
        }
        return rgb;
    }
}

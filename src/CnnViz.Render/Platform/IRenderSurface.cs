using Silk.NET.OpenGL;

namespace CnnViz.Render.Platform;

/// <summary>
/// Where a frame is drawn: a GLFW window's back buffer or an offscreen framebuffer object. Both own a
/// current OpenGL 3.3 core context, so the same <see cref="Gfx.Renderer2D"/> code draws into either.
/// </summary>
public interface IRenderSurface : IDisposable
{
    GL Gl { get; }

    /// <summary>Size in layout units (a window's size in screen coordinates): what panels lay out and the mouse reports.</summary>
    int Width { get; }
    int Height { get; }

    /// <summary>Size in pixels; larger than Width×Height on HiDPI screens. The viewport uses this.</summary>
    int FramebufferWidth { get; }
    int FramebufferHeight { get; }

    /// <summary>"llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5 (Core Profile) Mesa 22.3.6"</summary>
    string Description { get; }

    /// <summary>Binds the framebuffer this surface draws into, and the buffer glReadPixels reads from.</summary>
    void BindTarget();

    /// <summary>Shows the finished frame (swaps a window's buffers; nothing offscreen).</summary>
    void Present();
}

using Silk.NET.OpenGL;

namespace CnnViz.Render.Platform;

/// <summary>
/// An OpenGL 3.3 core context with no window and no X server: EGL on Mesa's surfaceless platform,
/// drawing into a framebuffer object with one RGBA8 color renderbuffer. Headless frames and the render
/// tests use it; the pixels equal those of a window for the same frame.
/// The context is current on the thread that created it; use and dispose it there.
/// </summary>
public sealed unsafe class OffscreenSurface : IRenderSurface
{
    private nint _display, _context;
    private readonly uint _framebuffer, _colorBuffer;

    private OffscreenSurface(nint display, nint context, GL gl, int width, int height, string description)
    {
        _display = display;
        _context = context;
        Gl = gl;
        Width = FramebufferWidth = width;
        Height = FramebufferHeight = height;
        Description = description;
        _colorBuffer = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, _colorBuffer);
        gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, InternalFormat.Rgba8, (uint)width, (uint)height);
        _framebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        gl.FramebufferRenderbuffer(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0, RenderbufferTarget.Renderbuffer, _colorBuffer);
        var status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
            throw new RenderUnavailableException($"offscreen rendering: the {width}×{height} framebuffer is incomplete ({status}).");
    }

    public GL Gl { get; }
    public int Width { get; }
    public int Height { get; }
    public int FramebufferWidth { get; }
    public int FramebufferHeight { get; }
    public string Description { get; }

    /// <summary>Creates the context and a width×height framebuffer, current on the calling thread.</summary>
    /// <exception cref="RenderUnavailableException">libEGL, the Mesa driver or GL 3.3 is missing; the message says what to install.</exception>
    public static OffscreenSurface Create(int width, int height)
    {
        if (width < 1 || height < 1 || width > 8192 || height > 8192)
            throw new ArgumentOutOfRangeException(nameof(width), $"offscreen size {width}×{height} must be within 1..8192 in each direction.");
        if (!Egl.IsAvailable())
            throw new RenderUnavailableException($"offscreen rendering needs {Egl.Library}, which is not installed: apt-get install libegl1 libgl1-mesa-dri.");

        nint display = Egl.GetPlatformDisplay(Egl.PlatformSurfacelessMesa, 0, null);
        int major, minor;
        if (display == 0 || Egl.Initialize(display, &major, &minor) == 0)
            throw NoDriver(Egl.GetError());
        if (Egl.BindAPI(Egl.OpenGLApi) == 0)
            throw Fail(display, "EGL cannot bind the desktop OpenGL API");

        // No surface is ever created, so any surface type will do; the framebuffer object holds the pixels.
        int* configAttribs = stackalloc int[] { Egl.RenderableType, Egl.OpenGLBit, Egl.SurfaceType, 0, Egl.None };
        nint config;
        int count;
        if (Egl.ChooseConfig(display, configAttribs, &config, 1, &count) == 0 || count == 0)
            throw Fail(display, "EGL offers no OpenGL configuration");

        int* contextAttribs = stackalloc int[]
        {
            Egl.ContextMajorVersion, 3, Egl.ContextMinorVersion, 3,
            Egl.ContextOpenGLProfileMask, Egl.ContextOpenGLCoreProfileBit, Egl.None,
        };
        nint context = Egl.CreateContext(display, config, 0, contextAttribs);
        if (context == 0)
            throw Fail(display, "EGL cannot create an OpenGL 3.3 core context (the driver offers an older OpenGL)");
        if (Egl.MakeCurrent(display, 0, 0, context) == 0)
        {
            Egl.DestroyContext(display, context);
            throw Fail(display, "EGL cannot make the context current without a surface");
        }

        var gl = GL.GetApi(Egl.GetProcAddress);
        try
        {
            string description = GlContextCheck.RequireGl33(gl, "offscreen rendering");
            return new OffscreenSurface(display, context, gl, width, height, description);
        }
        catch
        {
            Release(display, context);
            throw;
        }
    }

    public void BindTarget()
    {
        Gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        Gl.ReadBuffer(ReadBufferMode.ColorAttachment0);
    }

    public void Present() { }

    public void Dispose()
    {
        if (_context == 0) return;
        Gl.DeleteFramebuffer(_framebuffer);
        Gl.DeleteRenderbuffer(_colorBuffer);
        Gl.Dispose();
        Release(_display, _context);
        _context = 0;
        _display = 0;
    }

    private static void Release(nint display, nint context)
    {
        Egl.MakeCurrent(display, 0, 0, 0);
        Egl.DestroyContext(display, context);
        Egl.Terminate(display);
        Egl.ReleaseThread();
    }

    // EGL_NOT_INITIALIZED here means Mesa found no driver (stderr shows "MESA-LOADER: failed to open swrast").
    private static RenderUnavailableException NoDriver(int error) => new(
        $"offscreen rendering: EGL found no OpenGL driver (EGL error 0x{error:X4}); install Mesa with `apt-get install libgl1-mesa-dri libegl1`.");

    private static RenderUnavailableException Fail(nint display, string what)
    {
        int error = Egl.GetError();
        Egl.Terminate(display);
        return new RenderUnavailableException($"offscreen rendering: {what} (EGL error 0x{error:X4}); install Mesa with `apt-get install libgl1-mesa-dri libegl1`.");
    }
}

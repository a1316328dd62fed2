using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace CnnViz.Render.Platform;

/// <summary>
/// A resizable GLFW window with an OpenGL 3.3 core context (not forward-compatible: Mesa then refuses wide
/// lines), its keyboard and mouse fed into an <see cref="InputQueue"/>. One window per process: GLFW's
/// callbacks are static, so they write into the one open window's queue.
/// HiDPI: panels lay out in window units (<see cref="Width"/>), the viewport uses the framebuffer pixels.
/// </summary>
public sealed unsafe class GlfwWindow : IRenderSurface
{
    private static GlfwWindow? s_open;
    private static string? s_lastError;
    private nint _handle;

    private GlfwWindow(nint handle, GL gl, string description)
    {
        _handle = handle;
        Gl = gl;
        Description = description;
        RefreshSize();
    }

    public GL Gl { get; }
    public InputQueue Input { get; } = new();
    public int Width { get; private set; }
    public int Height { get; private set; }
    public int FramebufferWidth { get; private set; }
    public int FramebufferHeight { get; private set; }
    public string Description { get; }
    public bool ShouldClose => Glfw.WindowShouldClose(_handle) != 0;

    /// <summary>Opens a window (hidden if <paramref name="visible"/> is false) with its context current on this thread.</summary>
    /// <exception cref="RenderUnavailableException">libglfw is missing, there is no display, or no GL 3.3; the message says what to do.</exception>
    /// <param name="fullscreen">Fill the primary monitor at its current resolution (width and height are then ignored).</param>
    public static GlfwWindow Open(int width, int height, string title, bool visible = true, bool vsync = true, bool fullscreen = false)
    {
        if (s_open is not null) throw new InvalidOperationException("A CnnViz window is already open; close it first.");
        if (!Glfw.IsAvailable())
            throw new RenderUnavailableException($"the window needs {Glfw.Library}, which is not installed: {RenderUnavailableException.InstallHint}.");
        string? display = Environment.GetEnvironmentVariable("DISPLAY");
        string? wayland = Environment.GetEnvironmentVariable("WAYLAND_DISPLAY");
        if (string.IsNullOrEmpty(display) && string.IsNullOrEmpty(wayland))
            throw new RenderUnavailableException("no display: DISPLAY is not set; run `cnnviz --headless` (or start a virtual one: xvfb-run -a cnnviz).");

        s_lastError = null;
        Glfw.SetErrorCallback(&OnError); // before glfwInit, so its failures carry a message
        if (Glfw.Init() == 0)
            throw new RenderUnavailableException($"cannot open display '{display}' ({s_lastError ?? "glfwInit failed"}); run `cnnviz --headless`, or check DISPLAY.");

        Glfw.WindowHint(Glfw.ContextVersionMajor, 3);
        Glfw.WindowHint(Glfw.ContextVersionMinor, 3);
        Glfw.WindowHint(Glfw.OpenGLProfile, Glfw.OpenGLCoreProfile);
        Glfw.WindowHint(Glfw.Resizable, 1);
        Glfw.WindowHint(Glfw.Visible, visible ? 1 : 0);
        nint monitor = 0;
        if (fullscreen && (monitor = Glfw.GetPrimaryMonitor()) != 0 && Glfw.GetVideoMode(monitor) is var mode && mode != null)
            (width, height) = (mode->Width, mode->Height);
        nint handle = Glfw.CreateWindow(width, height, title, monitor, 0);
        if (handle == 0)
        {
            string why = s_lastError ?? "unknown error";
            Glfw.Terminate();
            throw new RenderUnavailableException($"cannot create an OpenGL 3.3 core window ({why}); install Mesa with `apt-get install libgl1-mesa-dri`, or run `cnnviz --headless`.");
        }
        Glfw.MakeContextCurrent(handle);
        Glfw.SwapInterval(vsync ? 1 : 0);
        var gl = GL.GetApi(Glfw.GetProcAddress);
        string description;
        try
        {
            description = GlContextCheck.RequireGl33(gl, "the window");
        }
        catch
        {
            Glfw.DestroyWindow(handle);
            Glfw.Terminate();
            throw;
        }
        var window = new GlfwWindow(handle, gl, description);
        Glfw.SetKeyCallback(handle, &OnKey);
        Glfw.SetCharCallback(handle, &OnChar);
        Glfw.SetDropCallback(handle, &OnDrop);
        s_open = window;
        return window;
    }

    /// <summary>Processes pending window events into <see cref="Input"/> and samples the mouse; call once per frame.</summary>
    public void PollEvents()
    {
        Glfw.PollEvents();
        RefreshSize();
        double x, y;
        Glfw.GetCursorPos(_handle, &x, &y);
        Input.MouseX = (float)x;
        Input.MouseY = (float)y;
        Input.MouseLeftDown = Glfw.GetMouseButton(_handle, Glfw.MouseButtonLeft) == Glfw.Press;
        Input.MouseRightDown = Glfw.GetMouseButton(_handle, Glfw.MouseButtonRight) == Glfw.Press;
    }

    public void RequestClose() => Glfw.SetWindowShouldClose(_handle, 1);

    public void SetTitle(string title) => Glfw.SetWindowTitle(_handle, title);

    public void BindTarget()
    {
        Gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        Gl.ReadBuffer(ReadBufferMode.Back);
    }

    public void Present() => Glfw.SwapBuffers(_handle);

    public void Dispose()
    {
        if (_handle == 0) return;
        Gl.Dispose();
        Glfw.DestroyWindow(_handle);
        Glfw.Terminate();
        _handle = 0;
        s_open = null;
    }

    private void RefreshSize()
    {
        int w, h, fw, fh;
        Glfw.GetWindowSize(_handle, &w, &h);
        Glfw.GetFramebufferSize(_handle, &fw, &fh);
        Width = Math.Max(w, 1);
        Height = Math.Max(h, 1);
        FramebufferWidth = Math.Max(fw, 1);
        FramebufferHeight = Math.Max(fh, 1);
    }

    [UnmanagedCallersOnly]
    private static void OnError(int code, byte* description)
    {
        string text = Marshal.PtrToStringUTF8((nint)description) ?? "";
        s_lastError = code == Glfw.VersionUnavailable ? $"OpenGL 3.3 is not available: {text}" : text;
    }

    [UnmanagedCallersOnly]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (action != Glfw.Release) s_open?.Input.PushKey(key, (KeyMods)mods);
    }

    /// <summary>Files dropped on the window since the last call (GLFW's drop callback), oldest first.</summary>
    public IReadOnlyList<string> TakeDroppedFiles()
    {
        if (_dropped.Count == 0) return [];
        var files = _dropped.ToArray();
        _dropped.Clear();
        return files;
    }

    private readonly List<string> _dropped = [];

    [UnmanagedCallersOnly]
    private static void OnDrop(nint window, int count, byte** paths)
    {
        for (int i = 0; i < count; i++)
            if (Marshal.PtrToStringUTF8((nint)paths[i]) is { } path) s_open?._dropped.Add(path);
    }

    [UnmanagedCallersOnly]
    private static void OnChar(nint window, uint codepoint)
    {
        if (codepoint < 0x10000) s_open?.Input.PushChar((char)codepoint);
    }
}

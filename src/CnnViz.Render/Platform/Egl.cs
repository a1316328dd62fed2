using System.Runtime.InteropServices;

namespace CnnViz.Render.Platform;

/// <summary>
/// The EGL 1.5 calls for an offscreen OpenGL context with no window and no X server (Mesa's surfaceless
/// platform). Names and constants are those of egl.h / eglext.h.
/// </summary>
internal static unsafe partial class Egl
{
    public const string Library = "libEGL.so.1";

    public const int None = 0x3038, Success = 0x3000, NotInitialized = 0x3001;
    public const int SurfaceType = 0x3033, RenderableType = 0x3040, OpenGLBit = 0x0008;
    public const int RedSize = 0x3024, GreenSize = 0x3023, BlueSize = 0x3022, AlphaSize = 0x3021;
    public const int ContextMajorVersion = 0x3098, ContextMinorVersion = 0x30FB;
    public const int ContextOpenGLProfileMask = 0x30FD, ContextOpenGLCoreProfileBit = 0x1;
    public const uint OpenGLApi = 0x30A2;
    public const uint PlatformSurfacelessMesa = 0x31DD;

    public static bool IsAvailable() => NativeLibrary.TryLoad(Library, out _);

    [LibraryImport(Library, EntryPoint = "eglGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetProcAddress(string name);
    [LibraryImport(Library, EntryPoint = "eglGetPlatformDisplay")]
    public static partial nint GetPlatformDisplay(uint platform, nint nativeDisplay, nint* attribs);
    [LibraryImport(Library, EntryPoint = "eglInitialize")] public static partial int Initialize(nint display, int* major, int* minor);
    [LibraryImport(Library, EntryPoint = "eglBindAPI")] public static partial int BindAPI(uint api);
    [LibraryImport(Library, EntryPoint = "eglChooseConfig")]
    public static partial int ChooseConfig(nint display, int* attribs, nint* configs, int size, int* count);
    [LibraryImport(Library, EntryPoint = "eglCreateContext")]
    public static partial nint CreateContext(nint display, nint config, nint shareContext, int* attribs);
    [LibraryImport(Library, EntryPoint = "eglMakeCurrent")]
    public static partial int MakeCurrent(nint display, nint draw, nint read, nint context);
    [LibraryImport(Library, EntryPoint = "eglDestroyContext")] public static partial int DestroyContext(nint display, nint context);
    [LibraryImport(Library, EntryPoint = "eglTerminate")] public static partial int Terminate(nint display);
    [LibraryImport(Library, EntryPoint = "eglReleaseThread")] public static partial int ReleaseThread();
    [LibraryImport(Library, EntryPoint = "eglGetError")] public static partial int GetError();
}

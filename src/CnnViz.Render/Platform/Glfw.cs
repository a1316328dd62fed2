using System.Runtime.InteropServices;

namespace CnnViz.Render.Platform;

/// <summary>
/// The few GLFW 3.3 functions CnnViz uses, bound to Debian's libglfw.so.3 (no NuGet wrapper is served here).
/// Names and constants are those of glfw3.h, so the GLFW documentation applies as is.
/// Callbacks are <c>[UnmanagedCallersOnly]</c> static methods passed as function pointers: no delegate
/// the garbage collector could move or collect.
/// </summary>
internal static unsafe partial class Glfw
{
    public const string Library = "libglfw.so.3";

    // Window hints.
    public const int Resizable = 0x00020003, Visible = 0x00020004;
    public const int ContextVersionMajor = 0x00022002, ContextVersionMinor = 0x00022003;
    public const int OpenGLProfile = 0x00022008, OpenGLCoreProfile = 0x00032001;
    // Error codes worth a specific message.
    public const int VersionUnavailable = 0x00010007, PlatformError = 0x00010008, ApiUnavailable = 0x00010006;
    // Key actions and modifier bits.
    public const int Release = 0, Press = 1, Repeat = 2;
    public const int ModShift = 0x1, ModControl = 0x2;
    public const int MouseButtonLeft = 0, MouseButtonRight = 1;

    /// <summary>True when libglfw.so.3 can be loaded; checked before the first call so a missing library is one clear line.</summary>
    public static bool IsAvailable() => NativeLibrary.TryLoad(Library, out _);

    [LibraryImport(Library, EntryPoint = "glfwInit")] public static partial int Init();
    [LibraryImport(Library, EntryPoint = "glfwTerminate")] public static partial void Terminate();
    [LibraryImport(Library, EntryPoint = "glfwSetErrorCallback")]
    public static partial nint SetErrorCallback(delegate* unmanaged<int, byte*, void> callback);
    [LibraryImport(Library, EntryPoint = "glfwWindowHint")] public static partial void WindowHint(int hint, int value);
    [LibraryImport(Library, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(int width, int height, string title, nint monitor, nint share);
    [LibraryImport(Library, EntryPoint = "glfwGetPrimaryMonitor")] public static partial nint GetPrimaryMonitor();
    [LibraryImport(Library, EntryPoint = "glfwGetVideoMode")] public static partial VideoMode* GetVideoMode(nint monitor);

    /// <summary>GLFWvidmode: the monitor's current mode.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct VideoMode { public int Width, Height, RedBits, GreenBits, BlueBits, RefreshRate; }

    [LibraryImport(Library, EntryPoint = "glfwDestroyWindow")] public static partial void DestroyWindow(nint window);
    [LibraryImport(Library, EntryPoint = "glfwMakeContextCurrent")] public static partial void MakeContextCurrent(nint window);
    [LibraryImport(Library, EntryPoint = "glfwGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetProcAddress(string name);
    [LibraryImport(Library, EntryPoint = "glfwSwapInterval")] public static partial void SwapInterval(int interval);
    [LibraryImport(Library, EntryPoint = "glfwSwapBuffers")] public static partial void SwapBuffers(nint window);
    [LibraryImport(Library, EntryPoint = "glfwPollEvents")] public static partial void PollEvents();
    [LibraryImport(Library, EntryPoint = "glfwWindowShouldClose")] public static partial int WindowShouldClose(nint window);
    [LibraryImport(Library, EntryPoint = "glfwSetWindowShouldClose")] public static partial void SetWindowShouldClose(nint window, int value);
    [LibraryImport(Library, EntryPoint = "glfwSetWindowTitle", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetWindowTitle(nint window, string title);
    [LibraryImport(Library, EntryPoint = "glfwGetFramebufferSize")] public static partial void GetFramebufferSize(nint window, int* width, int* height);
    [LibraryImport(Library, EntryPoint = "glfwGetWindowSize")] public static partial void GetWindowSize(nint window, int* width, int* height);
    [LibraryImport(Library, EntryPoint = "glfwGetCursorPos")] public static partial void GetCursorPos(nint window, double* x, double* y);
    [LibraryImport(Library, EntryPoint = "glfwGetMouseButton")] public static partial int GetMouseButton(nint window, int button);
    [LibraryImport(Library, EntryPoint = "glfwSetKeyCallback")]
    public static partial nint SetKeyCallback(nint window, delegate* unmanaged<nint, int, int, int, int, void> callback);
    [LibraryImport(Library, EntryPoint = "glfwSetDropCallback")]
    public static partial nint SetDropCallback(nint window, delegate* unmanaged<nint, int, byte**, void> callback);
    [LibraryImport(Library, EntryPoint = "glfwSetCharCallback")]
    public static partial nint SetCharCallback(nint window, delegate* unmanaged<nint, uint, void> callback);
}

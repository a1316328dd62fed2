namespace CnnViz.Render.Platform;

/// <summary>GLFW key codes (glfw3.h) for the keys CnnViz binds. Letters and digits are their ASCII codes.</summary>
public static class Keys
{
    public const int Space = 32, Minus = 45, Equal = 61, LeftBracket = 91, RightBracket = 93;
    public const int A = 65, B = 66, C = 67, D = 68, G = 71, H = 72, K = 75, L = 76, N = 78, O = 79, P = 80, Q = 81, R = 82, S = 83, T = 84, U = 85, V = 86, X = 88;
    public const int Escape = 256, Enter = 257, Tab = 258, Right = 262, Left = 263, Down = 264, Up = 265;
    public const int PageUp = 266, PageDown = 267, Home = 268, End = 269;
    public const int F1 = 290, KeypadSubtract = 333, KeypadAdd = 334;
}

/// <summary>Modifier bits of a key event (GLFW_MOD_*).</summary>
[Flags]
public enum KeyMods { None = 0, Shift = 0x1, Control = 0x2, Alt = 0x4, Super = 0x8 }

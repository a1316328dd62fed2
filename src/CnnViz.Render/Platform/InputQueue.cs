namespace CnnViz.Render.Platform;

/// <summary>One key press (or auto-repeat) or one typed character.</summary>
public readonly record struct InputEvent(int Key, KeyMods Mods, char Char)
{
    public bool IsChar => Char != '\0';
}

/// <summary>
/// What the user did since the last frame: key presses and typed characters in order, plus the mouse.
/// The GLFW callbacks write here; tests push the very same events with <see cref="PushKey"/>. A fixed ring
/// of events, so nothing is allocated per frame; events beyond its capacity within one frame are dropped.
/// </summary>
public sealed class InputQueue
{
    private readonly InputEvent[] _events = new InputEvent[64];
    private int _head, _count;

    /// <summary>Cursor position in layout units (window coordinates, origin top-left).</summary>
    public float MouseX { get; set; }
    public float MouseY { get; set; }
    public bool MouseLeftDown { get; set; }
    public bool MouseRightDown { get; set; }

    public void PushKey(int key, KeyMods mods = KeyMods.None) => Push(new InputEvent(key, mods, '\0'));

    /// <summary>A typed character (layout-aware: '+' wherever the user's keyboard has it).</summary>
    public void PushChar(char c) => Push(new InputEvent(0, KeyMods.None, c));

    public bool TryDequeue(out InputEvent e)
    {
        if (_count == 0) { e = default; return false; }
        e = _events[_head];
        _head = (_head + 1) % _events.Length;
        _count--;
        return true;
    }

    private void Push(InputEvent e)
    {
        if (_count == _events.Length) return;
        _events[(_head + _count) % _events.Length] = e;
        _count++;
    }
}

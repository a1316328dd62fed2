// Over 300 lines: the whole raylib-like drawing API (begin/end frame, the five-pass batch, grids, rects, lines, text) in one place, so another backend replaces one file.
using System.Numerics;
using System.Runtime.InteropServices;
using CnnViz.Render.Platform;
using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>
/// A small raylib-like 2D renderer: <see cref="BeginFrame"/>, then DrawRect / DrawRectLines / DrawLine /
/// DrawLineStrip / DrawText / DrawGrid, then <see cref="EndFrame"/>. Coordinates are layout units, origin
/// top-left. Nothing is allocated per frame.
/// <para>
/// Everything becomes triangles, collected in five passes and sent with one dynamic VBO:
/// opaque rectangles and lines (shaders/solid.frag), opaque grids (grid.frag, one draw call per grid
/// texture), text (text.frag), then translucent rectangles and translucent grids with blending on.
/// Opaque passes draw with blending off: a software rasterizer such as Mesa's llvmpipe pays for every
/// blended pixel, and one uber-shader would run every mode's code for every pixel. Within a pass the draw
/// order is kept; a panel that must cover earlier text or translucent shapes calls <see cref="NextLayer"/>.
/// </para>
/// Another backend (Vulkan, a software rasterizer) would replace this file and the shaders, not the panels.
/// </summary>
public sealed unsafe class Renderer2D : IDisposable
{
    // One vertex as the shaders read it (shaders/batch2d.vert): 32 bytes.
    [StructLayout(LayoutKind.Sequential)]
    private struct Vertex
    {
        public float X, Y, U, V;
        public uint Color;          // RGBA bytes
        public float Mode, Lo, Hi;  // grids: Colormap, lo, hi
    }

    /// <summary>The vertices of one pass; grid passes also record where each grid texture's run starts.</summary>
    private sealed class Pass(int quads)
    {
        public readonly Vertex[] Vertices = new Vertex[quads * 6];
        public readonly List<(uint Texture, int Start)> Runs = new(64); // Clear keeps the capacity: no allocation per frame
        public int Count;
        public int Offset; // first vertex in the VBO at the last flush
        public bool Full(int vertices) => Count + vertices > Vertices.Length;
    }

    private readonly GL _gl;
    private readonly ShaderSet _shaders;
    private readonly FontAtlas _font;
    private readonly Pass _solid = new(8192), _grid = new(4096), _text = new(8192), _solidBlend = new(2048), _gridBlend = new(2048);
    private readonly Pass[] _passes;
    private readonly List<GridTexture> _grids = [];
    private readonly uint _vao, _vbo;
    private readonly int _vboVertices;
    private (float W, float H) _screen;

    /// <param name="shaderDirectory">Where the .vert/.frag files live; null: the repository's shaders/ or the copy next to the binary.</param>
    /// <param name="hotReload">Watch the shader files and rebuild the programs when they change.</param>
    /// <exception cref="InvalidOperationException">The shaders do not compile; the message holds the GLSL log.</exception>
    public Renderer2D(GL gl, string? shaderDirectory = null, bool hotReload = true)
    {
        _gl = gl;
        _passes = [_solid, _grid, _text, _solidBlend, _gridBlend];
        _shaders = new ShaderSet(gl, shaderDirectory, hotReload);
        _font = new FontAtlas(gl);

        foreach (var pass in _passes) _vboVertices += pass.Vertices.Length;
        _vao = gl.GenVertexArray();
        gl.BindVertexArray(_vao);
        _vbo = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
        gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_vboVertices * sizeof(Vertex)), null, BufferUsageARB.StreamDraw);
        uint stride = (uint)sizeof(Vertex);
        gl.EnableVertexAttribArray(0);
        gl.VertexAttribPointer(0, 2, VertexAttribPointerType.Float, false, stride, (void*)0);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribPointer(1, 2, VertexAttribPointerType.Float, false, stride, (void*)8);
        gl.EnableVertexAttribArray(2);
        gl.VertexAttribPointer(2, 4, VertexAttribPointerType.UnsignedByte, true, stride, (void*)16);
        gl.EnableVertexAttribArray(3);
        gl.VertexAttribPointer(3, 3, VertexAttribPointerType.Float, false, stride, (void*)20);
        gl.BindVertexArray(0);
    }

    /// <summary>The GLSL log of the last failed hot reload (the previous programs stay in use), or null.</summary>
    public string? ShaderError => _shaders.Error;

    /// <summary>Draw calls and triangles of the last finished frame.</summary>
    public int DrawCalls { get; private set; }
    public int Triangles { get; private set; }
    private int _drawCalls, _triangles;

    /// <summary>A grid texture this renderer uploads and releases with the others.</summary>
    public GridTexture CreateGrid(int tileWidth, int tileHeight, int tileCount)
    {
        var grid = new GridTexture(_gl, tileWidth, tileHeight, tileCount);
        _grids.Add(grid);
        return grid;
    }

    public void DestroyGrid(GridTexture grid)
    {
        _grids.Remove(grid);
        grid.Dispose();
    }

    /// <summary>Uploads every grid whose values changed since its last upload (the loop's Update calls this); returns how many.</summary>
    public int UploadChangedGrids()
    {
        int uploaded = 0;
        foreach (var grid in _grids)
            if (grid.Upload()) uploaded++;
        return uploaded;
    }

    /// <summary>Starts a frame on <paramref name="surface"/> laid out in the surface's own units: rebuilds changed shaders, clears.</summary>
    public void BeginFrame(IRenderSurface surface, Color clear) => BeginFrame(surface, clear, surface.Width, surface.Height);

    /// <summary>
    /// Starts a frame laid out in a fixed <paramref name="layoutWidth"/>×<paramref name="layoutHeight"/> space, scaled
    /// uniformly to the largest centered rectangle of the framebuffer with that aspect (black bars elsewhere). At the
    /// layout's own size this is one layout unit per pixel; on a HiDPI framebuffer everything stays sharp.
    /// </summary>
    public void BeginFrame(IRenderSurface surface, Color clear, float layoutWidth, float layoutHeight)
    {
        _shaders.ReloadIfChanged();
        Record?.Clear();
        surface.BindTarget();
        int fw = surface.FramebufferWidth, fh = surface.FramebufferHeight;
        float scale = MathF.Min(fw / layoutWidth, fh / layoutHeight);
        int vw = Math.Max(1, (int)MathF.Round(layoutWidth * scale)), vh = Math.Max(1, (int)MathF.Round(layoutHeight * scale));
        _viewport = ((fw - vw) / 2, (fh - vh) / 2, vw, vh);
        _layout = (layoutWidth, layoutHeight);
        _gl.Viewport(0, 0, (uint)fw, (uint)fh);
        _gl.ClearColor(0, 0, 0, 1);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        _gl.Viewport(_viewport.X, _viewport.Y, (uint)vw, (uint)vh);
        _gl.Enable(EnableCap.ScissorTest);
        _gl.Scissor(_viewport.X, _viewport.Y, (uint)vw, (uint)vh);
        _gl.ClearColor(clear.R / 255f, clear.G / 255f, clear.B / 255f, 1f);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        _gl.Disable(EnableCap.ScissorTest);
        _gl.Disable(EnableCap.DepthTest);
        _gl.Disable(EnableCap.CullFace);
        // Translucent passes blend color "over"; alpha accumulates toward 1 so read-back pixels stay opaque.
        _gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _screen = (layoutWidth, layoutHeight);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, _font.Handle);
        _gl.BindVertexArray(_vao);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
        _drawCalls = _triangles = 0;
    }

    private (int X, int Y, int W, int H) _viewport;
    private (float W, float H) _layout = (1, 1);

    /// <summary>
    /// A point in window coordinates (the mouse: origin top-left, window units) in the layout space of the last
    /// frame on <paramref name="surface"/>, undoing the HiDPI factor and the letterbox.
    /// </summary>
    public (float X, float Y) ToLayout(IRenderSurface surface, float windowX, float windowY)
    {
        float px = windowX * surface.FramebufferWidth / surface.Width;
        float py = windowY * surface.FramebufferHeight / surface.Height; // from the top
        float top = surface.FramebufferHeight - _viewport.Y - _viewport.H;
        return ((px - _viewport.X) / _viewport.W * _layout.W, (py - top) / _viewport.H * _layout.H);
    }

    /// <summary>
    /// Draws everything batched so far, so that what follows covers it (an overlay over text, a dimmed
    /// frame under a dialog). Costs a few draw calls; panels rarely need it.
    /// </summary>
    public void NextLayer()
    {
        Flush();
        if (Record is not null) Record.Layer++;
    }

    /// <summary>When set, every text line and picture drawn is recorded there (layout checks in tests); null in normal frames.</summary>
    public DrawRecord? Record { get; set; }

    /// <summary>
    /// Until <see cref="EndClip"/>, nothing is drawn outside <paramref name="clip"/> (layout units): a panel narrower than
    /// its text stays inside its column. Draws what is batched first (a flush on each call).
    /// </summary>
    public void BeginClip(RectF clip)
    {
        Flush();
        float sx = _viewport.W / _layout.W, sy = _viewport.H / _layout.H;
        int x = _viewport.X + (int)MathF.Floor(clip.X * sx), y = _viewport.Y + (int)MathF.Floor((_layout.H - clip.Bottom) * sy);
        _gl.Enable(EnableCap.ScissorTest);
        _gl.Scissor(x, y, (uint)Math.Max(0, MathF.Ceiling(clip.W * sx)), (uint)Math.Max(0, MathF.Ceiling(clip.H * sy)));
    }

    /// <summary>Ends <see cref="BeginClip"/>: draws what was batched inside the clip, then draws everywhere again.</summary>
    public void EndClip()
    {
        Flush();
        _gl.Disable(EnableCap.ScissorTest);
    }

    /// <summary>Draws whatever is still batched; the caller then presents or reads the frame.</summary>
    public void EndFrame()
    {
        Flush();
        _gl.BindVertexArray(0);
        DrawCalls = _drawCalls;
        Triangles = _triangles;
    }

    public void DrawRect(RectF r, Color color) => Quad(SolidPass(color), r.X, r.Y, r.Right, r.Bottom, 0, 0, 0, 0, color.Packed, 0, 0, 0);

    /// <summary>The outline of <paramref name="r"/>, <paramref name="thickness"/> units wide, inside the rectangle.</summary>
    public void DrawRectLines(RectF r, float thickness, Color color)
    {
        float t = thickness;
        DrawRect(new RectF(r.X, r.Y, r.W, t), color);
        DrawRect(new RectF(r.X, r.Bottom - t, r.W, t), color);
        DrawRect(new RectF(r.X, r.Y + t, t, r.H - 2 * t), color);
        DrawRect(new RectF(r.Right - t, r.Y + t, t, r.H - 2 * t), color);
    }

    /// <summary>A segment from (x0, y0) to (x1, y1) as a quad <paramref name="thickness"/> wide (no GL wide lines: core profiles lack them).</summary>
    public void DrawLine(float x0, float y0, float x1, float y1, float thickness, Color color)
    {
        float dx = x1 - x0, dy = y1 - y0, length = MathF.Sqrt(dx * dx + dy * dy);
        if (length < 1e-6f) return;
        float nx = -dy / length * thickness * 0.5f, ny = dx / length * thickness * 0.5f; // half-width normal
        uint c = color.Packed;
        Pass pass = Reserve(SolidPass(color));
        Put(pass, x0 + nx, y0 + ny, 0, 0, c, 0, 0, 0);
        Put(pass, x1 + nx, y1 + ny, 0, 0, c, 0, 0, 0);
        Put(pass, x1 - nx, y1 - ny, 0, 0, c, 0, 0, 0);
        Put(pass, x0 + nx, y0 + ny, 0, 0, c, 0, 0, 0);
        Put(pass, x1 - nx, y1 - ny, 0, 0, c, 0, 0, 0);
        Put(pass, x0 - nx, y0 - ny, 0, 0, c, 0, 0, 0);
    }

    /// <summary>Connected segments through <paramref name="points"/>.</summary>
    public void DrawLineStrip(ReadOnlySpan<Vector2> points, float thickness, Color color)
    {
        for (int i = 1; i < points.Length; i++)
            DrawLine(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, thickness, color);
    }

    /// <summary>Width of <paramref name="text"/> (its longest line) in layout units at integer <paramref name="scale"/>.</summary>
    public static float MeasureText(ReadOnlySpan<char> text, int scale = 1)
    {
        int longest = 0, current = 0;
        foreach (char c in text)
        {
            if (c == '\n') { current = 0; continue; }
            longest = Math.Max(longest, ++current);
        }
        return longest * Font8x8.GlyphSize * scale;
    }

    public const int LineHeight = 10; // 8 glyph rows + 2 rows of leading, per unit of scale

    /// <summary>Text with its top-left corner at (x, y), 8·scale units per character; '\n' starts a new line. Returns the width drawn.</summary>
    public float DrawText(ReadOnlySpan<char> text, float x, float y, int scale, Color color)
    {
        float size = Font8x8.GlyphSize * scale, penX = x, penY = y, width = 0;
        uint c32 = color.Packed;
        if (Record is not null) RecordLines(text, x, y, size, scale);
        foreach (char c in text)
        {
            if (c == '\n') { penX = x; penY += LineHeight * scale; continue; }
            if (c != ' ')
            {
                var (u0, v0, u1, v1) = FontAtlas.Cell01(Ascii(c));
                Quad(_text, penX, penY, penX + size, penY + size, u0, v0, u1, v1, c32, 0, 0, 0);
            }
            penX += size;
            width = MathF.Max(width, penX - x);
        }
        return width;
    }

    private void RecordLines(ReadOnlySpan<char> text, float x, float y, float size, int scale)
    {
        while (true)
        {
            int newline = text.IndexOf('\n');
            Record!.AddLine(newline < 0 ? text : text[..newline], x, y, size);
            if (newline < 0) return;
            text = text[(newline + 1)..];
            y += LineHeight * scale;
        }
    }

    /// <summary>A stand-in for the few characters the font lacks (it has ASCII and <see cref="Font8x8.Extra"/>); '?' is drawn for the rest.</summary>
    private static char Ascii(char c) => c switch
    {
        '–' => '−',
        'α' => 'a',
        'μ' => 'u',
        _ => c,
    };

    /// <summary>
    /// Tile <paramref name="tile"/> of <paramref name="grid"/> stretched over <paramref name="dst"/>, each value colored by
    /// <paramref name="colormap"/> over [lo, hi] (and multiplied by <paramref name="tint"/>, white by default).
    /// </summary>
    public void DrawGrid(GridTexture grid, int tile, RectF dst, Colormap colormap, float lo, float hi, Color? tint = null)
    {
        Color color = tint ?? Color.White;
        Record?.AddPicture(dst);
        Pass pass = color.A == 255 ? _grid : _gridBlend;
        if (pass.Full(6)) Flush();
        if (pass.Runs.Count == 0 || pass.Runs[^1].Texture != grid.Handle) pass.Runs.Add((grid.Handle, pass.Count));
        var (v0, v1) = grid.TileRows(tile);
        Quad(pass, dst.X, dst.Y, dst.Right, dst.Bottom, 0, v0, 1, v1, color.Packed, (float)colormap, lo, hi);
    }

    private Pass SolidPass(Color color) => color.A == 255 ? _solid : _solidBlend;

    private void Quad(Pass pass, float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, uint color, float mode, float lo, float hi)
    {
        pass = Reserve(pass);
        Put(pass, x0, y0, u0, v0, color, mode, lo, hi);
        Put(pass, x1, y0, u1, v0, color, mode, lo, hi);
        Put(pass, x1, y1, u1, v1, color, mode, lo, hi);
        Put(pass, x0, y0, u0, v0, color, mode, lo, hi);
        Put(pass, x1, y1, u1, v1, color, mode, lo, hi);
        Put(pass, x0, y1, u0, v1, color, mode, lo, hi);
    }

    /// <summary>Room for one quad in <paramref name="pass"/>: when it is full, everything batched is drawn first.</summary>
    private Pass Reserve(Pass pass)
    {
        if (pass.Full(6))
        {
            uint texture = pass.Runs.Count > 0 ? pass.Runs[^1].Texture : 0;
            Flush();
            if (texture != 0) pass.Runs.Add((texture, 0)); // the grid being drawn continues after the flush
        }
        return pass;
    }

    private static void Put(Pass pass, float x, float y, float u, float v, uint color, float mode, float lo, float hi)
    {
        ref Vertex p = ref pass.Vertices[pass.Count++];
        p.X = x; p.Y = y; p.U = u; p.V = v; p.Color = color; p.Mode = mode; p.Lo = lo; p.Hi = hi;
    }

    /// <summary>Sends every pass's vertices (one orphaned VBO) and draws the passes in their fixed order.</summary>
    private void Flush()
    {
        int total = 0;
        foreach (var pass in _passes) total += pass.Count;
        if (total == 0) return;
        // Orphan the buffer so the driver need not wait for the previous draw to finish reading it.
        _gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_vboVertices * sizeof(Vertex)), null, BufferUsageARB.StreamDraw);
        int offset = 0;
        foreach (var pass in _passes)
        {
            pass.Offset = offset;
            if (pass.Count > 0) _gl.BufferSubData<Vertex>(BufferTargetARB.ArrayBuffer, offset * sizeof(Vertex), pass.Vertices.AsSpan(0, pass.Count));
            offset += pass.Count;
        }
        var p = _shaders.Current;
        _gl.Disable(EnableCap.Blend);
        Draw(_solid, p.Solid, p.SolidScreen);
        DrawGrids(_grid, p.Grid, p.GridScreen);
        Draw(_text, p.Text, p.TextScreen);
        _gl.Enable(EnableCap.Blend);
        Draw(_solidBlend, p.Solid, p.SolidScreen);
        DrawGrids(_gridBlend, p.Grid, p.GridScreen);
        foreach (var pass in _passes)
        {
            pass.Count = 0;
            pass.Runs.Clear();
        }
    }

    private void Draw(Pass pass, uint program, int screenLocation)
    {
        if (pass.Count == 0) return;
        _gl.UseProgram(program);
        _gl.Uniform2(screenLocation, _screen.W, _screen.H);
        _gl.DrawArrays(PrimitiveType.Triangles, pass.Offset, (uint)pass.Count);
        _drawCalls++;
        _triangles += pass.Count / 3;
    }

    private void DrawGrids(Pass pass, uint program, int screenLocation)
    {
        if (pass.Count == 0) return;
        _gl.UseProgram(program);
        _gl.Uniform2(screenLocation, _screen.W, _screen.H);
        _gl.ActiveTexture(TextureUnit.Texture1);
        for (int i = 0; i < pass.Runs.Count; i++)
        {
            var (texture, start) = pass.Runs[i];
            int end = i + 1 < pass.Runs.Count ? pass.Runs[i + 1].Start : pass.Count;
            if (end == start) continue;
            _gl.BindTexture(TextureTarget.Texture2D, texture);
            _gl.DrawArrays(PrimitiveType.Triangles, pass.Offset + start, (uint)(end - start));
            _drawCalls++;
            _triangles += (end - start) / 3;
        }
        _gl.ActiveTexture(TextureUnit.Texture0);
    }

    /// <summary>Releases every GL object this renderer made: program, buffers, font atlas and the grids it created.</summary>
    public void Dispose()
    {
        foreach (var grid in _grids) grid.Dispose();
        _grids.Clear();
        _font.Dispose();
        _gl.DeleteBuffer(_vbo);
        _gl.DeleteVertexArray(_vao);
        _shaders.Dispose();
    }
}

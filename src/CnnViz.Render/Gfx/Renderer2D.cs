using System.Numerics;
using System.Runtime.InteropServices;
using CnnViz.Render.Platform;
using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>
/// A small raylib-like 2D renderer: <see cref="BeginFrame"/>, then DrawRect / DrawRectLines / DrawLine /
/// DrawLineStrip / DrawText / DrawGrid, then <see cref="EndFrame"/>. Everything becomes triangles in one
/// vertex array, sent with one dynamic VBO; a draw call is issued only when the grid texture changes or the
/// array is full. Coordinates are layout units, origin top-left. Nothing is allocated per frame.
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
        public float Mode, Lo, Hi;  // Mode: 0 solid, 1 text, 2..4 a Colormap over lo..hi
    }

    private const float ModeSolid = 0, ModeText = 1;
    private const int MaxVertices = 6 * 8192;

    private readonly GL _gl;
    private readonly ShaderFiles _shaderFiles;
    private readonly FontAtlas _font;
    private readonly Vertex[] _vertices = new Vertex[MaxVertices];
    private readonly List<GridTexture> _grids = [];
    private readonly uint _vao, _vbo;
    private uint _program;
    private int _screenLocation;
    private int _count;
    private uint _boundGrid;

    /// <param name="shaderDirectory">Where batch2d.vert/.frag live; null: the repository's shaders/ or the copy next to the binary.</param>
    /// <param name="hotReload">Watch the shader files and rebuild the program when they change.</param>
    /// <exception cref="InvalidOperationException">The shaders do not compile; the message holds the GLSL log.</exception>
    public Renderer2D(GL gl, string? shaderDirectory = null, bool hotReload = true)
    {
        _gl = gl;
        _shaderFiles = new ShaderFiles(shaderDirectory, hotReload);
        if (!TryBuildProgram(out string? error))
            throw new InvalidOperationException($"the shaders in {_shaderFiles.Directory} do not compile: {error}");
        _font = new FontAtlas(gl);

        _vao = gl.GenVertexArray();
        gl.BindVertexArray(_vao);
        _vbo = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
        gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(MaxVertices * sizeof(Vertex)), null, BufferUsageARB.StreamDraw);
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

    /// <summary>The GLSL log of the last failed hot reload (the previous program stays in use), or null.</summary>
    public string? ShaderError { get; private set; }

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
        if (_shaderFiles.TakeChange()) Reload();
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
        _gl.Enable(EnableCap.Blend);
        // Color blends "over"; alpha accumulates toward 1 so read-back pixels stay opaque.
        _gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _gl.UseProgram(_program);
        _gl.Uniform2(_screenLocation, layoutWidth, layoutHeight);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, _font.Handle);
        _gl.ActiveTexture(TextureUnit.Texture1);
        _gl.BindTexture(TextureTarget.Texture2D, 0);
        _boundGrid = 0;
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

    /// <summary>Draws whatever is still batched; the caller then presents or reads the frame.</summary>
    public void EndFrame()
    {
        Flush();
        _gl.BindVertexArray(0);
        DrawCalls = _drawCalls;
        Triangles = _triangles;
    }

    public void DrawRect(RectF r, Color color) => Quad(r.X, r.Y, r.Right, r.Bottom, 0, 0, 0, 0, color.Packed, ModeSolid, 0, 0);

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
        Reserve(6);
        Put(x0 + nx, y0 + ny, 0, 0, c, ModeSolid, 0, 0);
        Put(x1 + nx, y1 + ny, 0, 0, c, ModeSolid, 0, 0);
        Put(x1 - nx, y1 - ny, 0, 0, c, ModeSolid, 0, 0);
        Put(x0 + nx, y0 + ny, 0, 0, c, ModeSolid, 0, 0);
        Put(x1 - nx, y1 - ny, 0, 0, c, ModeSolid, 0, 0);
        Put(x0 - nx, y0 - ny, 0, 0, c, ModeSolid, 0, 0);
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
        foreach (char c in text)
        {
            if (c == '\n') { penX = x; penY += LineHeight * scale; continue; }
            if (c != ' ')
            {
                var (u0, v0, u1, v1) = FontAtlas.Cell01(c);
                Quad(penX, penY, penX + size, penY + size, u0, v0, u1, v1, c32, ModeText, 0, 0);
            }
            penX += size;
            width = MathF.Max(width, penX - x);
        }
        return width;
    }

    /// <summary>
    /// Tile <paramref name="tile"/> of <paramref name="grid"/> stretched over <paramref name="dst"/>, each value colored by
    /// <paramref name="colormap"/> over [lo, hi] (and multiplied by <paramref name="tint"/>, white by default).
    /// </summary>
    public void DrawGrid(GridTexture grid, int tile, RectF dst, Colormap colormap, float lo, float hi, Color? tint = null)
    {
        if (grid.Handle != _boundGrid)
        {
            Flush(); // the batched vertices sample the previous grid
            _gl.ActiveTexture(TextureUnit.Texture1);
            _gl.BindTexture(TextureTarget.Texture2D, grid.Handle);
            _boundGrid = grid.Handle;
        }
        var (v0, v1) = grid.TileRows(tile);
        Quad(dst.X, dst.Y, dst.Right, dst.Bottom, 0, v0, 1, v1, (tint ?? Color.White).Packed, (float)colormap, lo, hi);
    }

    private void Quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, uint color, float mode, float lo, float hi)
    {
        Reserve(6);
        Put(x0, y0, u0, v0, color, mode, lo, hi);
        Put(x1, y0, u1, v0, color, mode, lo, hi);
        Put(x1, y1, u1, v1, color, mode, lo, hi);
        Put(x0, y0, u0, v0, color, mode, lo, hi);
        Put(x1, y1, u1, v1, color, mode, lo, hi);
        Put(x0, y1, u0, v1, color, mode, lo, hi);
    }

    private void Reserve(int vertices)
    {
        if (_count + vertices > MaxVertices) Flush();
    }

    private void Put(float x, float y, float u, float v, uint color, float mode, float lo, float hi)
    {
        ref Vertex p = ref _vertices[_count++];
        p.X = x; p.Y = y; p.U = u; p.V = v; p.Color = color; p.Mode = mode; p.Lo = lo; p.Hi = hi;
    }

    private void Flush()
    {
        if (_count == 0) return;
        // Orphan the buffer so the driver need not wait for the previous draw to finish reading it.
        _gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(MaxVertices * sizeof(Vertex)), null, BufferUsageARB.StreamDraw);
        _gl.BufferSubData<Vertex>(BufferTargetARB.ArrayBuffer, 0, _vertices.AsSpan(0, _count));
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)_count);
        _drawCalls++;
        _triangles += _count / 3;
        _count = 0;
    }

    /// <summary>Rebuilds the program from the shader files; on a compile error keeps the old one and records the log.</summary>
    private void Reload()
    {
        if (TryBuildProgram(out string? error)) ShaderError = null;
        else ShaderError = error;
    }

    private bool TryBuildProgram(out string? error)
    {
        string vertex, fragment;
        try
        {
            vertex = _shaderFiles.Read("batch2d.vert");
            fragment = _shaderFiles.Read("batch2d.frag");
        }
        catch (IOException e)
        {
            error = e.Message;
            return false;
        }
        uint program = ShaderProgram.TryBuild(_gl, "batch2d.vert", vertex, "batch2d.frag", fragment, out error);
        if (program == 0) return false;
        if (_program != 0) _gl.DeleteProgram(_program);
        _program = program;
        _screenLocation = _gl.GetUniformLocation(program, "uScreen");
        _gl.UseProgram(program);
        _gl.Uniform1(_gl.GetUniformLocation(program, "uFont"), 0);
        _gl.Uniform1(_gl.GetUniformLocation(program, "uGrid"), 1);
        return true;
    }

    /// <summary>Releases every GL object this renderer made: program, buffers, font atlas and the grids it created.</summary>
    public void Dispose()
    {
        foreach (var grid in _grids) grid.Dispose();
        _grids.Clear();
        _font.Dispose();
        _gl.DeleteBuffer(_vbo);
        _gl.DeleteVertexArray(_vao);
        if (_program != 0) _gl.DeleteProgram(_program);
        _program = 0;
        _shaderFiles.Dispose();
    }
}

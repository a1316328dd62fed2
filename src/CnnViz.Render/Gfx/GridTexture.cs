using CnnViz.Core.Data;
using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>
/// A set of equally sized single-channel float maps (tiles) in one R32F texture, stacked vertically so that
/// tile i is one contiguous run of the CPU buffer: a layer's (C, H, W) maps or a batch's (N, 1, H, W)
/// images copy in with one <see cref="SetTiles"/>. Sampling is NEAREST (each value is one crisp square);
/// the fragment shader turns values into colors (<see cref="Colormap"/>).
/// Writes only touch the CPU copy and bump <see cref="Version"/>; <see cref="Upload"/> sends it to the GPU
/// (one glTexSubImage2D) only when the version moved since the last upload.
/// </summary>
public sealed class GridTexture : IDisposable
{
    private readonly GL _gl;
    private readonly float[] _values; // (TileCount, TileHeight, TileWidth)
    private long _uploadedVersion;

    internal GridTexture(GL gl, int tileWidth, int tileHeight, int tileCount)
    {
        if (tileWidth < 1 || tileHeight < 1 || tileCount < 1)
            throw new ArgumentException($"a grid texture needs tiles of at least 1×1 and at least one tile, got {tileCount} of {tileWidth}×{tileHeight}.");
        _gl = gl;
        TileWidth = tileWidth;
        TileHeight = tileHeight;
        TileCount = tileCount;
        _values = new float[tileWidth * tileHeight * tileCount];
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        gl.TexImage2D<float>(TextureTarget.Texture2D, 0, InternalFormat.R32f, (uint)tileWidth, (uint)(tileHeight * tileCount), 0,
            PixelFormat.Red, PixelType.Float, _values);
    }

    public int TileWidth { get; }
    public int TileHeight { get; }
    public int TileCount { get; }
    internal uint Handle { get; private set; }

    /// <summary>Bumped by every write; the texture is re-uploaded when it differs from the uploaded one.</summary>
    public long Version { get; private set; } = 1;

    public bool IsDirty => Version != _uploadedVersion;

    /// <summary>The CPU values of tile i, (TileHeight, TileWidth), for reading.</summary>
    public ReadOnlySpan<float> Tile(int i) => _values.AsSpan(i * TileWidth * TileHeight, TileWidth * TileHeight);

    /// <summary>Copies <paramref name="maps"/> (k tiles of (TileHeight, TileWidth), row-major) into tiles first..first+k−1.</summary>
    public void SetTiles(ReadOnlySpan<float> maps, int first = 0)
    {
        int size = TileWidth * TileHeight;
        if (maps.Length % size != 0 || first < 0 || first * size + maps.Length > _values.Length)
            throw new ArgumentException($"{maps.Length} values are not whole {TileWidth}×{TileHeight} tiles fitting from tile {first} of {TileCount}.", nameof(maps));
        maps.CopyTo(_values.AsSpan(first * size));
        Version++;
    }

    /// <summary>Tile i from bytes scaled to [0, 1] (v / 255), as data sets store images.</summary>
    public void SetTile(int i, ReadOnlySpan<byte> pixels)
    {
        int size = TileWidth * TileHeight;
        if (pixels.Length != size || (uint)i >= (uint)TileCount)
            throw new ArgumentException($"tile {i} of {TileCount} needs {size} pixels, got {pixels.Length}.", nameof(pixels));
        Dataset.ToUnit(pixels, _values.AsSpan(i * size, size));
        Version++;
    }

    /// <summary>The smallest and largest finite value of tiles first..first+count−1: a layer's range for normalization.</summary>
    public (float Min, float Max) Range(int first, int count)
    {
        int size = TileWidth * TileHeight;
        ReadOnlySpan<float> span = _values.AsSpan(first * size, count * size);
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in span)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return min <= max ? (min, max) : (0f, 0f);
    }

    /// <summary>Sends the values to the GPU if they changed since the last upload; true when it did.</summary>
    public bool Upload()
    {
        if (!IsDirty) return false;
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        _gl.TexSubImage2D<float>(TextureTarget.Texture2D, 0, 0, 0, (uint)TileWidth, (uint)(TileHeight * TileCount), PixelFormat.Red, PixelType.Float, _values);
        _uploadedVersion = Version;
        return true;
    }

    /// <summary>Texture coordinates (v0, v1) of tile i's top and bottom rows.</summary>
    internal (float V0, float V1) TileRows(int i) => ((float)i / TileCount, (float)(i + 1) / TileCount);

    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteTexture(Handle);
        Handle = 0;
    }
}

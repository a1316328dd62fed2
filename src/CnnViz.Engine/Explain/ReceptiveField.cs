using CnnViz.Core.Layers;
using CnnViz.Core.Models;

namespace CnnViz.Engine.Explain;

/// <summary>
/// Rows Top..Bottom and columns Left..Right (inclusive) of channel <see cref="Channel"/> of one layer's
/// input (−1: every channel), the pixels a value further up the network depends on.
/// </summary>
public readonly record struct FieldRect(int Channel, int Top, int Left, int Bottom, int Right)
{
    public int Height => Bottom - Top + 1;
    public int Width => Right - Left + 1;
}

/// <summary>
/// The receptive field of one value, layer by layer down to the input image. Going down through a layer
/// with kernel F, padding P and stride S, output rows y0..y1 read input rows y0·S − P .. y1·S − P + F − 1
/// (clipped to the image: padding reads zeros); a pool is the same with P = 0; an activation reads the
/// same pixel; Flatten and Dense read everything.
/// </summary>
public static class ReceptiveField
{
    /// <summary>
    /// fields[i] is the part of layer i's input that value (channel, y, x) of layer <paramref name="layer"/>'s
    /// output depends on, for i = layer down to 0 (fields[0] is the image); entries above <paramref name="layer"/> are unset.
    /// </summary>
    public static void Compute(Sequential model, int layer, int channel, int y, int x, Span<FieldRect> fields)
    {
        int c = channel, top = y, left = x, bottom = y, right = x;
        for (int i = layer; i >= 0; i--)
        {
            var l = model.Layers[i];
            var input = l.InputShape;
            switch (l)
            {
                case Conv2dBase conv:
                    (top, bottom) = Down(top, bottom, conv.StrideHeight, conv.PadHeight, conv.KernelHeight, input.H);
                    (left, right) = Down(left, right, conv.StrideWidth, conv.PadWidth, conv.KernelWidth, input.W);
                    c = -1;
                    break;
                case Pool2D pool:
                    (top, bottom) = Down(top, bottom, pool.StrideHeight, 0, pool.WindowHeight, input.H);
                    (left, right) = Down(left, right, pool.StrideWidth, 0, pool.WindowWidth, input.W);
                    break;
                case Flatten when c >= 0:
                    // Unit u of the flat output is input (c, y, x) with u = (c·H + y)·W + x.
                    int u = c;
                    c = u / (input.H * input.W);
                    top = bottom = u / input.W % input.H;
                    left = right = u % input.W;
                    break;
                case Flatten or Dense:
                    (c, top, left, bottom, right) = (-1, 0, 0, input.H - 1, input.W - 1);
                    break;
                default: break; // element-wise: the same pixel
            }
            fields[i] = new FieldRect(c, top, left, bottom, right);
        }
    }

    private static (int Lo, int Hi) Down(int lo, int hi, int stride, int pad, int kernel, int size) =>
        (Math.Max(0, lo * stride - pad), Math.Min(size - 1, hi * stride - pad + kernel - 1));
}

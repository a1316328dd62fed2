using CnnViz.Core.Kernels;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// Max pooling (assignment problem 3): y[n,c,i,j] = max over the window x[n, c, i·SH+s, j·SW+t], 0 ≤ s &lt; PH, 0 ≤ t &lt; PW.
/// Forward remembers where each maximum was (the "switches", <see cref="Switches"/>); backward sends
/// each dy to that one input and nothing to the others: dx[argmax] += dy (+= because overlapping
/// windows can share a maximum).
/// <para><b>Ties</b> go to the FIRST maximum in row-major order (top row first, left to right): a later
/// value must be strictly greater to take over.</para>
/// </summary>
public sealed class MaxPool2D : Pool2D
{
    /// <summary>Square window; the stride defaults to the window size, e.g. <c>new MaxPool2D(2)</c>.</summary>
    public MaxPool2D(int size, int? stride = null, string? name = null)
        : base((size, size), stride is int s ? (s, s) : null, name) { }

    /// <summary>Window and stride per axis (height, width); the stride defaults to the window.</summary>
    public MaxPool2D((int Height, int Width) window, (int Height, int Width)? stride = null, string? name = null)
        : base(window, stride, name) { }

    private int[] _switches = [];  // (N, C, OH, OW): flat index h·W + w of each window's maximum in its input map

    /// <summary>
    /// The switches of the last Forward, (N, C, OH, OW): for each output element, the flat index
    /// h·W + w of the input pixel it came from, within its own (H, W) input map.
    /// </summary>
    public ReadOnlySpan<int> Switches => _switches.AsSpan(0, Output.Count * OutputShape.Size);

    /// <summary>The switches of channel c of sample n, (OH, OW), each an index h·W + w into that input map.</summary>
    public ReadOnlySpan<int> ArgMax(int n, int c)
    {
        int size = OutputShape.H * OutputShape.W;
        return _switches.AsSpan((n * OutputShape.C + c) * size, size);
    }

    protected override void OnBuild(Rng rng) => _switches = new int[MaxBatch * OutputShape.Size];

    protected override void ForwardRange(int chunk, int first, int count)
    {
        int w = InputShape.W, oh = OutputShape.H, ow = OutputShape.W;
        if (IsTwoByTwo && MaxPool2x2.IsSupported)   // every map of the chunk in one call
        {
            MaxPool2x2.Forward(Input.Samples(first, count), InputShape.H, w, Output.Samples(first, count),
                _switches.AsSpan(first * OutputShape.Size, count * OutputShape.Size), maps: count * InputShape.C);
            return;
        }
        for (int n = first; n < first + count; n++)
        for (int c = 0; c < InputShape.C; c++)
        {
            ReadOnlySpan<float> input = Input.Map(n, c);                         // (H, W)
            Span<float> output = Output.Map(n, c);                                // (OH, OW)
            Span<int> switches = _switches.AsSpan((n * InputShape.C + c) * oh * ow, oh * ow);
            if (IsTwoByTwo)
            {
                ForwardTwoByTwo(input, w, output, switches, oh, ow);
                continue;
            }
            for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                int best = i * StrideHeight * w + j * StrideWidth;           // top-left of the window
                for (int s = 0; s < WindowHeight; s++)
                for (int t = 0; t < WindowWidth; t++)
                {
                    int at = (i * StrideHeight + s) * w + j * StrideWidth + t;
                    if (input[at] > input[best]) best = at;                  // strictly greater: first max wins
                }
                output[i * ow + j] = input[best];
                switches[i * ow + j] = best;
            }
        }
    }

    /// <summary>2×2 windows with stride 2 (LeNet's pooling): the vector kernels in <see cref="MaxPool2x2"/>.</summary>
    private bool IsTwoByTwo => WindowHeight == 2 && WindowWidth == 2 && StrideHeight == 2 && StrideWidth == 2;

    /// <summary>The common 2×2, stride 2 case unrolled (same order, same ties: the first maximum wins).</summary>
    private static void ForwardTwoByTwo(ReadOnlySpan<float> input, int w, Span<float> output, Span<int> switches, int oh, int ow)
    {
        for (int i = 0; i < oh; i++)
        {
            int top = 2 * i * w, o = i * ow;
            for (int j = 0; j < ow; j++, top += 2)
            {
                int best = top;
                float max = input[top];
                if (input[top + 1] > max) { best = top + 1; max = input[best]; }
                if (input[top + w] > max) { best = top + w; max = input[best]; }
                if (input[top + w + 1] > max) { best = top + w + 1; max = input[best]; }
                output[o + j] = max;
                switches[o + j] = best;
            }
        }
    }

    protected override void BackwardRange(int chunk, int first, int count)
    {
        if (IsTwoByTwo && MaxPool2x2.IsSupported)   // windows do not overlap: each written once, no clearing
        {
            MaxPool2x2.Backward(OutputGrad.Samples(first, count), _switches.AsSpan(first * OutputShape.Size, count * OutputShape.Size),
                InputShape.H, InputShape.W, InputGrad.Samples(first, count), maps: count * InputShape.C);
            return;
        }
        int outSize = OutputShape.H * OutputShape.W;
        InputGrad.Samples(first, count).Clear();
        for (int n = first; n < first + count; n++)
        for (int c = 0; c < InputShape.C; c++)
        {
            ReadOnlySpan<float> grad = OutputGrad.Map(n, c);                        // (OH, OW)
            ReadOnlySpan<int> switches = ArgMax(n, c);
            Span<float> inputGrad = InputGrad.Map(n, c);                           // (H, W)
            for (int o = 0; o < outSize; o++) inputGrad[switches[o]] += grad[o];
        }
    }
}

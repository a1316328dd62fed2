using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// LeNet-5's input (LeCun et al. 1998 §II-B): the 28×28 digit in the centre of a 32×32 field, "normalized so
/// that the background level (white) corresponds to a value of −0.1 and the foreground (black) corresponds to
/// 1.175", which makes the mean roughly 0 and the variance roughly 1:
/// <code>
/// y[n,c,i+P,j+P] = 1.275·x[n,c,i,j] − 0.1   (x in [0, 1]);   y = −0.1 on the P-pixel border
/// dx[n,c,i,j] = 1.275 · dy[n,c,i+P,j+P]                        x (N, C, H, W) → y (N, C, H+2P, W+2P)
/// </code>
/// No parameters.
/// </summary>
public sealed class PaperInput(int pad = 2, string? name = null) : Layer(name)
{
    public const float Background = -0.1f, Foreground = 1.175f, Scale = Foreground - Background;

    public int Pad { get; } = pad >= 0 ? pad : throw new ArgumentOutOfRangeException(nameof(pad), pad, "Padding must be 0 or more.");

    public override string Kind => "input";

    public override string Describe() => $"{Name}: pad {Pad} with −0.1, x·1.275 − 0.1 → {OutputShape}";

    protected override SampleShape InferOutputShape(SampleShape input) => new(input.C, input.H + 2 * Pad, input.W + 2 * Pad);

    internal override bool ChunksArePerSample => true;   // element by element, sample by sample

    protected override void ForwardRange(int chunk, int first, int count)
    {
        Batch x = Input, y = Output;
        int c = InputShape.C, h = InputShape.H, w = InputShape.W, ow = OutputShape.W;
        y.Samples(first, count).Fill(Background);
        for (int n = first; n < first + count; n++)
        {
            ReadOnlySpan<float> xs = x.Sample(n);
            Span<float> ys = y.Sample(n);
            for (int k = 0; k < c; k++)
                for (int i = 0; i < h; i++)
                {
                    ReadOnlySpan<float> row = xs.Slice((k * h + i) * w, w);
                    Span<float> dst = ys.Slice((k * OutputShape.H + i + Pad) * ow + Pad, w);
                    for (int j = 0; j < w; j++) dst[j] = Scale * row[j] + Background;
                }
        }
    }

    protected override void BackwardRange(int chunk, int first, int count)
    {
        Batch dy = OutputGrad, dx = InputGrad;
        if (!NeedsInputGrad) return;
        int c = InputShape.C, h = InputShape.H, w = InputShape.W, ow = OutputShape.W;
        for (int n = first; n < first + count; n++)
        {
            ReadOnlySpan<float> ds = dy.Sample(n);
            Span<float> xs = dx.Sample(n);
            for (int k = 0; k < c; k++)
                for (int i = 0; i < h; i++)
                {
                    ReadOnlySpan<float> src = ds.Slice((k * OutputShape.H + i + Pad) * ow + Pad, w);
                    Span<float> row = xs.Slice((k * h + i) * w, w);
                    for (int j = 0; j < w; j++) row[j] = Scale * src[j];
                }
        }
    }
}

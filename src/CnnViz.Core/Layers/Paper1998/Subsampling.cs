using CnnViz.Core.Tensors;

namespace CnnViz.Core.Layers;

/// <summary>
/// LeNet-5's trainable subsampling (S2, S4; LeCun et al. 1998 §II-B): each map c adds up the four inputs of
/// every non-overlapping 2×2 window, multiplies the sum by a trainable coefficient w[c] and adds a trainable
/// bias b[c] (the squashing function is the next layer):
/// <code>
/// y[n,c,i,j] = w[c] · Σ_{s,t ∈ {0,1}} x[n, c, 2i+s, 2j+t] + b[c]        x (N, C, H, W) → y (N, C, H/2, W/2)
/// dw[c] = Σ_{n,i,j} dy · window sum      db[c] = Σ_{n,i,j} dy          dx[n,c,2i+s,2j+t] = dy[n,c,i,j] · w[c]
/// </code>
/// 2 parameters per map (S2: 12). w starts at 1/4 (the plain average; the paper draws it like every weight,
/// uniform in ±2.4/F_i with F_i = 4) and b at 0. An odd last row or column is dropped, as by 2×2 pooling.
/// </summary>
public sealed class Subsampling(string? name = null) : Layer(name)
{
    public Parameter Weights { get; private set; } = null!;   // w (C)
    public Parameter Bias { get; private set; } = null!;      // b (C)
    private Parameter[] _parameters = [];

    public override string Kind => "subsample";
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    public override string Describe() => $"{Name}: Subsampling 2×2 (w·Σ + b per map) → {OutputShape}";

    protected override SampleShape InferOutputShape(SampleShape input)
    {
        if (input.H < 2 || input.W < 2)
            throw new ShapeException($"{Name}: 2×2 subsampling needs maps of at least 2×2, got {input}.");
        return new SampleShape(input.C, input.H / 2, input.W / 2);
    }

    protected override void OnBuild(Rng rng)
    {
        Weights = new Parameter($"{Name}.W", InputShape.C);
        Bias = new Parameter($"{Name}.b", InputShape.C);
        Array.Fill(Weights.Value, 0.25f);
        _parameters = [Weights, Bias];
    }

    protected override void ForwardCore(Batch x, Batch y)
    {
        int c = InputShape.C, h = InputShape.H, w = InputShape.W, oh = OutputShape.H, ow = OutputShape.W;
        for (int n = 0; n < x.Count; n++)
        {
            ReadOnlySpan<float> xs = x.Sample(n);
            Span<float> ys = y.Sample(n);
            for (int m = 0; m < c; m++)
            {
                float coefficient = Weights.Value[m], bias = Bias.Value[m];
                ReadOnlySpan<float> map = xs.Slice(m * h * w, h * w);
                Span<float> output = ys.Slice(m * oh * ow, oh * ow);
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                        output[i * ow + j] = coefficient * WindowSum(map, w, i, j) + bias;
            }
        }
    }

    protected override void BackwardCore(Batch dy, Batch dx)
    {
        int c = InputShape.C, h = InputShape.H, w = InputShape.W, oh = OutputShape.H, ow = OutputShape.W;
        Array.Clear(Weights.Grad);
        Array.Clear(Bias.Grad);
        if (NeedsInputGrad) dx.Span.Clear(); // an odd last row/column gets no gradient
        for (int n = 0; n < dy.Count; n++)
        {
            ReadOnlySpan<float> xs = Input.Sample(n), dys = dy.Sample(n);
            for (int m = 0; m < c; m++)
            {
                ReadOnlySpan<float> map = xs.Slice(m * h * w, h * w), d = dys.Slice(m * oh * ow, oh * ow);
                float dw = 0, db = 0, coefficient = Weights.Value[m];
                Span<float> dmap = NeedsInputGrad ? dx.Sample(n).Slice(m * h * w, h * w) : default;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        float g = d[i * ow + j];
                        dw += g * WindowSum(map, w, i, j);
                        db += g;
                        if (!NeedsInputGrad) continue;
                        float back = g * coefficient;
                        int top = 2 * i * w + 2 * j;
                        dmap[top] = dmap[top + 1] = dmap[top + w] = dmap[top + w + 1] = back;
                    }
                Weights.Grad[m] += dw;
                Bias.Grad[m] += db;
            }
        }
    }

    private static float WindowSum(ReadOnlySpan<float> map, int w, int i, int j)
    {
        int top = 2 * i * w + 2 * j;
        return map[top] + map[top + 1] + map[top + w] + map[top + w + 1];
    }
}

using CnnViz.Engine.Compare;
using CnnViz.Render.Gfx;

namespace CnnViz.Render.Panels;

/// <summary>
/// How B differs from A right now: B − A of the running training loss and accuracy (last 50 steps), both runs'
/// held-out accuracy on the same test digits, and a strip of those held-out digits exactly one run gets right — framed
/// in the colour of the run that is right, captioned with the other run's wrong guess. Click one to follow it.
/// </summary>
internal sealed class DifferencePanel
{
    public const int Capacity = 24;
    private readonly GridTexture _digits;
    private readonly float[] _pixels;
    private readonly int[] _shown = new int[Capacity];
    private readonly byte[] _rightRun = new byte[Capacity];   // 0: only A is right, 1: only B
    private int _count;
    private long _seen = -1;

    public DifferencePanel(Renderer2D r, int imageWidth, int imageHeight, RectF area)
    {
        Area = area;
        _digits = r.CreateGrid(imageWidth, imageHeight, Capacity);
        _pixels = new float[imageWidth * imageHeight * Capacity];
    }

    public RectF Area { get; }

    public void Update(HeldOutDifference d)
    {
        if (d.Version == _seen) return;
        _seen = d.Version;
        var set = d.A.Set;
        int size = set.ImageSize;
        _count = 0;
        // Alternate A's and B's so both kinds show when the strip is short.
        for (int k = 0; _count < Capacity && (k < d.OnlyACount || k < d.OnlyBCount); k++)
        {
            if (k < d.OnlyACount) Add(d.OnlyA[k], 0);
            if (k < d.OnlyBCount && _count < Capacity) Add(d.OnlyB[k], 1);
        }
        if (_count > 0) _digits.SetTiles(_pixels.AsSpan(0, _count * size));

        void Add(int index, byte run)
        {
            ReadOnlySpan<byte> bytes = set.Image(index);
            for (int p = 0; p < size; p++) _pixels[_count * size + p] = bytes[p] / 255f; // display only
            _shown[_count] = index;
            _rightRun[_count++] = run;
        }
    }

    private RectF Tile(int i)
    {
        const float slot = 34;
        int cols = Math.Max(1, (int)((Area.W - 12) / slot));
        float size = PanelStyle.TileSize(slot - 6);
        return new RectF(Area.X + 8 + i % cols * slot, Area.Y + 60 + i / cols * (slot + 10), size, size);
    }

    /// <summary>The test-set index of the digit under (x, y), or −1.</summary>
    public int HitTest(float x, float y)
    {
        for (int i = 0; i < _count; i++) if (Tile(i).Contains(x, y)) return _shown[i];
        return -1;
    }

    public void Draw(Renderer2D r, CompareViews c)
    {
        RectF content = PanelStyle.Frame(r, Area, "difference B - A");
        Span<char> text = stackalloc char[96];
        int n;
        if (c.Run(0).Metrics.Last is { } a && c.Run(1).Metrics.Last is { } b)
        {
            text.TryWrite($"train loss {b.SmoothedLoss - a.SmoothedLoss:+0.000;-0.000}, accuracy {(b.SmoothedAccuracy - a.SmoothedAccuracy) * 100:+0.0;-0.0} points", out n);
            PanelStyle.FitText(r, text[..n], content.X, content.Y, content.W, Color.Text);
        }
        else PanelStyle.FitText(r, "waiting for training steps", content.X, content.Y, content.W, Color.Dim);
        var d = c.Difference;
        text.TryWrite($"held-out: A {d.A.Accuracy * 100:F1}%  B {d.B.Accuracy * 100:F1}% of {d.Compared} test digits", out n);
        PanelStyle.FitText(r, text[..n], content.X, content.Y + 11, content.W, Color.Text);
        text.TryWrite($"only A right: {d.OnlyACount}", out n);
        r.DrawText(text[..n], content.X, content.Y + 22, 1, Color.RunA);
        float x = content.X + (n + 2) * 8;
        text.TryWrite($"only B right: {d.OnlyBCount}", out n);
        PanelStyle.FitText(r, text[..n], x, content.Y + 22, content.Right - x, Color.RunB);
        var names = c.Run(0).ClassNames;
        for (int i = 0; i < _count; i++)
        {
            var tile = Tile(i);
            if (tile.Bottom + 10 > Area.Bottom) break;
            var right = _rightRun[i] == 0 ? Color.RunA : Color.RunB;
            r.DrawRectLines(new RectF(tile.X - 2, tile.Y - 2, tile.W + 4, tile.H + 4), 2, right);
            r.DrawGrid(_digits, i, tile, Colormap.Grayscale, 0, 1);
            var wrong = _rightRun[i] == 0 ? d.B : d.A;
            int guess = wrong.Prediction(_shown[i]);
            if (guess < 0) continue;
            text.TryWrite($"{(_rightRun[i] == 0 ? 'B' : 'A')}:{names[guess].AsSpan(0, Math.Min(1, names[guess].Length))}", out n);
            r.DrawText(text[..n], tile.X, tile.Bottom + 2, 1, _rightRun[i] == 0 ? Color.RunB : Color.RunA);
        }
        if (_count == 0 && d.Compared > 0) r.DrawText("no held-out digit splits the runs yet", content.X, content.Y + 40, 1, Color.Dim);
        PanelStyle.FitText(r, "frame: the run that is right; caption: the other's guess", content.X, Area.Bottom - 11, content.W, Color.Dim);
    }
}

using CnnViz.Core.Data;

namespace CnnViz.Core.Tests.Data;

public class MnistCenteringTests
{
    private const int S = MnistCentering.Size;

    private static float[] Rectangle(int left, int top, int w, int h)
    {
        var image = new float[S * S];
        for (int y = top; y < top + h; y++)
            for (int x = left; x < left + w; x++) image[y * S + x] = 1;
        return image;
    }

    private static float[] Centre(float[] source)
    {
        var destination = new float[S * S];
        MnistCentering.Apply(source, destination, new float[S * S]);
        return destination;
    }

    private static (int W, int H, double X, double Y) Measure(float[] image, float threshold = 0.5f)
    {
        int left = S, right = -1, top = S, bottom = -1;
        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
            {
                float v = image[y * S + x];
                mass += v; mx += v * (x + 0.5); my += v * (y + 0.5);
                if (v > threshold) { left = Math.Min(left, x); right = Math.Max(right, x); top = Math.Min(top, y); bottom = Math.Max(bottom, y); }
            }
        return (right - left + 1, bottom - top + 1, mx / mass, my / mass);
    }

    [Theory]
    [InlineData(0, 0, 6, 10)]      // small, in the top-left corner, tall
    [InlineData(15, 20, 12, 6)]    // bottom-right, wide
    [InlineData(2, 1, 26, 26)]     // large: shrinks to the 20-pixel box
    [InlineData(10, 3, 4, 24)]     // a thin stroke like a "1"
    public void Drawing_FitsThe20PixelBox_KeepsItsAspect_AndHasItsCentreOfMassAtTheFieldCentre(int left, int top, int w, int h)
    {
        var (cw, ch, cx, cy) = Measure(Centre(Rectangle(left, top, w, h)));
        Assert.InRange(Math.Max(cw, ch), MnistCentering.Box - 1, MnistCentering.Box + 1); // the longer side is 20 (±1 for the anti-aliased edge)
        double aspect = (double)w / h, centred = (double)cw / ch;
        Assert.InRange(centred, aspect * 0.8 - 0.1, aspect * 1.25 + 0.1);                // aspect kept
        Assert.InRange(cx, 13.5, 14.5);                                                   // centre of mass within half a pixel of (14, 14)
        Assert.InRange(cy, 13.5, 14.5);
    }

    [Fact]
    public void OffCentreMass_IsCentredByMass_NotByTheBox()
    {
        // An "L": most ink in the vertical bar on the left, so the box centre and the mass centre differ.
        var image = Rectangle(3, 3, 3, 20);
        for (int x = 3; x < 15; x++) image[22 * S + x] = 1;
        var (_, _, cx, cy) = Measure(Centre(image));
        Assert.InRange(cx, 13.5, 14.5);
        Assert.InRange(cy, 13.5, 14.5);
    }

    [Fact]
    public void EmptyCanvas_StaysEmpty()
    {
        var result = Centre(new float[S * S]);
        Assert.All(result, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void WrongSizes_AreRefusedWithTheSizeInTheMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => MnistCentering.Apply(new float[10], new float[S * S], new float[S * S]));
        Assert.Contains("28×28", e.Message);
    }
}

using CnnViz.Render.Gfx;
using CnnViz.Render.Layout;

namespace CnnViz.Render.Tests.Layout;

public class WindowLayoutTests
{
    public static TheoryData<int, int> Sizes => new() { { 1024, 600 }, { 1280, 800 }, { 1366, 768 }, { 1920, 1080 }, { 2560, 1440 }, { 3840, 2160 }, { 1024, 768 }, { 3440, 1440 } };

    private static bool Overlap(RectF a, RectF b) => a.X < b.Right && b.X < a.Right && a.Y < b.Bottom && b.Y < a.Bottom;

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryPanel_LiesInsideTheFramebuffer_AndNoTwoOverlap(int w, int h)
    {
        var layout = new WindowLayout(w, h);
        var shown = layout.Shown.ToArray();
        Assert.Contains(PanelId.Layers, shown);
        foreach (var id in shown.Append(PanelId.Explain))
        {
            var r = layout[id];
            Assert.True(r.X >= 0 && r.Y >= 0 && r.Right <= layout.Width && r.Bottom <= layout.Height, $"{id} {r} is outside {layout.Width}×{layout.Height} at {w}×{h}");
            Assert.True(r.W * layout.Scale <= w && r.H * layout.Scale <= h);
            Assert.True(r.W >= 200 && r.H >= 30, $"{id} is too small: {r}");
        }
        foreach (var a in shown)
            foreach (var b in shown)
                if (a < b) Assert.False(Overlap(layout[a], layout[b]), $"{a} {layout[a]} overlaps {b} {layout[b]} at {w}×{h}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TitleBoxes_AreInsideTheirPanels_AndNeverOverlapEachOther(int w, int h)
    {
        var layout = new WindowLayout(w, h);
        var boxes = layout.Shown.Select(id => (id, box: layout.TitleBox(id))).ToArray();
        foreach (var (id, box) in boxes)
        {
            var panel = layout[id];
            Assert.True(box.X >= panel.X && box.Right <= panel.Right && box.Y >= panel.Y && box.Bottom <= panel.Bottom, $"{id}'s title leaves its panel");
        }
        for (int i = 0; i < boxes.Length; i++)
            for (int j = i + 1; j < boxes.Length; j++)
                Assert.False(Overlap(boxes[i].box, boxes[j].box), $"titles of {boxes[i].id} and {boxes[j].id} overlap at {w}×{h}");
    }

    [Theory]
    [InlineData(1024, 600, 1)]
    [InlineData(1280, 800, 1)]
    [InlineData(1920, 1080, 1)]
    [InlineData(2560, 1440, 2)]
    [InlineData(3840, 2160, 3)]
    public void Scale_IsAWholeNumber_SoTheFontStaysCrisp(int w, int h, int scale)
    {
        var layout = new WindowLayout(w, h);
        Assert.Equal(scale, layout.Scale);
        Assert.Equal(w / scale, layout.Width);
    }

    [Fact]
    public void SmallScreen_FoldsPanels_AndSaysSo()
    {
        var small = new WindowLayout(1024, 600);
        Assert.False(small.IsShown(PanelId.Confusion));
        Assert.False(small.IsShown(PanelId.Status));
        Assert.Contains("confusion matrix", small.FoldedNote);
        var large = new WindowLayout(1280, 800);
        Assert.Empty(large.Folded);
        Assert.Null(large.FoldedNote);
        Assert.True(large.IsShown(PanelId.Confusion));
    }

    [Fact]
    public void LargerScreens_GiveTheNetworkMoreRoom()
    {
        Assert.True(new WindowLayout(1920, 1080)[PanelId.Layers].W > new WindowLayout(1280, 800)[PanelId.Layers].W);
        Assert.True(new WindowLayout(1280, 800)[PanelId.Layers].W > new WindowLayout(1024, 600)[PanelId.Layers].W);
    }
}

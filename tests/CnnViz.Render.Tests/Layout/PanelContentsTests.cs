using CnnViz.Render.Gfx;
using CnnViz.Render.Layout;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests.Layout;

/// <summary>
/// What the panels draw keeps to their rectangles: every text line, measured by the font (8 units a glyph at
/// scale 1), lies inside the framebuffer and inside the panel it belongs to; no two text lines overlap, and no
/// text covers a picture (a map, a kernel, a digit) drawn in the same layer. Checked at 1024×600, 1280×800,
/// 1920×1080 and 3840×2160, in the views a learner switches between.
/// </summary>
[Collection(GlCollection.Name)]
public sealed class PanelContentsTests(ITestOutputHelper output)
{
    /// <summary>The states checked, each as the commands that lead to it from a plain paused frame.</summary>
    private static readonly string[][] States =
    [
        [],
        ["gradients"],
        ["switches"],
        ["explain conv1 2 14 9"],
        ["explain conv2 3 4 5"],
        ["explain fc3 7"],
        ["layer conv2"],
        ["layer pool2"],
        ["draw"],
        ["hover conv1 1 10 10"],
        ["hover conv2 kernel 3 1 4 0"],
        ["gradients", "hover fc3 4"],
        ["help"],
        ["help", "help"],
    ];

    [Theory]
    [InlineData(1024, 600)]
    [InlineData(1280, 800)]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public void TextLines_StayInTheirPanels_AndOverlapNoTextOrPicture(int width, int height)
    {
        using var surface = Gpu.Offscreen(output, width, height);
        if (surface is null) return;
        var session = SampleSession.Create(limit: 1000);
        session.Step(20);
        using var frames = new LiveFrames(surface, session);
        frames.State.Paused = true;
        var record = new DrawRecord();
        frames.Viewer.Renderer.Record = record;
        var problems = new List<string>();
        foreach (var commands in States)
        {
            foreach (string c in commands) Assert.Null(Error(frames, c));
            frames.RunFrame();
            Check(frames.Scene.Layout, record, string.Join("; ", commands), problems);
            foreach (string c in commands) frames.Execute(Undo(c));
            frames.Execute("layer none");
        }
        foreach (string p in problems.Take(40)) output.WriteLine(p);
        Assert.True(problems.Count == 0, $"{problems.Count} layout problems at {width}×{height}, first: {problems.FirstOrDefault()}");
    }

    private static string? Error(LiveFrames frames, string command)
    {
        string status = frames.Execute(command);
        return frames.Controller.LastCommandError is null ? null : $"{command}: {status}";
    }

    private static string Undo(string command) => command.Split(' ')[0] switch
    {
        "explain" => "explain off",
        "layer" => "layer none",
        "hover" => "hover off",
        "help" => "help off",
        var verb => verb, // the toggles
    };

    private static void Check(WindowLayout layout, DrawRecord record, string state, List<string> problems)
    {
        string where = $"[{(state.Length == 0 ? "default" : state)}]";
        var panels = layout.Shown.Append(PanelId.Explain).Select(id => (id, rect: layout[id])).ToArray();
        var screen = new RectF(0, 0, layout.Width, layout.Height);
        var texts = record.Texts;
        Assert.NotEmpty(texts);
        int top = texts.Max(t => t.Layer);
        foreach (var t in texts)
        {
            if (!Inside(t.Box, screen)) { problems.Add($"{where} '{t.Text}' {t.Box} leaves the {layout.Width}×{layout.Height} frame"); continue; }
            if (t.Layer == 0 && !panels.Any(p => Inside(t.Box, p.rect)))
            {
                var owner = panels.FirstOrDefault(p => p.rect.Contains(t.Box.X + 1, t.Box.Y + 1));
                problems.Add($"{where} '{t.Text}' {t.Box} leaves its panel {owner.id} {owner.rect}");
            }
        }
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i].Layer < top && top > 0 && IsOverlayState(state)) continue; // under the help overlay: hidden
            for (int j = i + 1; j < texts.Count; j++)
                if (texts[i].Layer == texts[j].Layer && DrawRecord.Overlap(texts[i].Box, texts[j].Box))
                    problems.Add($"{where} '{texts[i].Text}' {texts[i].Box} overlaps '{texts[j].Text}' {texts[j].Box}");
            foreach (var p in record.Pictures)
                if (p.Layer == texts[i].Layer && DrawRecord.Overlap(texts[i].Box, p.Box))
                {
                    problems.Add($"{where} '{texts[i].Text}' {texts[i].Box} covers a picture at {p.Box}");
                    break;
                }
        }
    }

    private static bool IsOverlayState(string state) => state.StartsWith("help", StringComparison.Ordinal);

    private static bool Inside(RectF a, RectF b) => a.X >= b.X - 0.01f && a.Y >= b.Y - 0.01f && a.Right <= b.Right + 0.01f && a.Bottom <= b.Bottom + 0.01f;
}

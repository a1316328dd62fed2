using CnnViz.Render.Gfx;
using Xunit.Abstractions;

namespace CnnViz.Render.Tests;

[Collection(GlCollection.Name)]
public sealed class ShaderHotReloadTests(ITestOutputHelper output)
{
    [Fact]
    public void EditedShader_IsRebuiltWithinASecond_AndABrokenOneKeepsTheOldProgramAndReportsTheLog()
    {
        using var surface = Gpu.Offscreen(output, 16, 16);
        if (surface is null) return;
        string dir = Directory.CreateTempSubdirectory("cnnviz-shaders-").FullName;
        try
        {
            string shipped = Path.Combine(AppContext.BaseDirectory, "shaders");
            foreach (var f in Directory.GetFiles(shipped)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            string frag = Path.Combine(dir, "solid.frag");
            string original = File.ReadAllText(frag);
            using var renderer = new Renderer2D(surface.Gl, dir, hotReload: true);

            Color Frame()
            {
                renderer.BeginFrame(surface, Color.Black);
                renderer.DrawRect(new RectF(0, 0, 16, 16), new Color(200, 40, 10));
                renderer.EndFrame();
                var (r, g, b) = Pixels.Read(surface).At(8, 8);
                return new Color(r, g, b);
            }
            // Polls frames until the renderer has reacted to the edit (or 3 s have passed).
            Color AfterEdit(Func<bool> done)
            {
                var stopwatch = System.Diagnostics.Stopwatch.StartNew();
                Color c = Frame();
                while (!done() && stopwatch.ElapsedMilliseconds < 3000) { Thread.Sleep(20); c = Frame(); }
                output.WriteLine($"reacted after {stopwatch.ElapsedMilliseconds} ms");
                Assert.True(stopwatch.ElapsedMilliseconds < 3000, "the edit was not picked up within 3 s (typically ~0.2 s; 3 s leaves room for a loaded CI machine)");
                return c;
            }

            Assert.Equal(new Color(200, 40, 10), Frame());

            // A valid edit: solid fragments come out with red and blue swapped.
            File.WriteAllText(frag, original.Replace("fragColor = vColor;", "fragColor = vColor.bgra;"));
            Color swapped = new(10, 40, 200);
            Assert.Equal(swapped, AfterEdit(() => Frame() == swapped));
            Assert.Null(renderer.ShaderError);

            // A broken edit: the GLSL log appears, the swapped program keeps drawing.
            File.WriteAllText(frag, original.Replace("out vec4 fragColor;", "out vec4 fragColor; this is not GLSL"));
            Assert.Equal(swapped, AfterEdit(() => renderer.ShaderError is not null));
            Assert.Contains("solid.frag", renderer.ShaderError);
            output.WriteLine(renderer.ShaderError);

            // Fixing the file clears the error.
            File.WriteAllText(frag, original);
            Assert.Equal(new Color(200, 40, 10), AfterEdit(() => renderer.ShaderError is null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

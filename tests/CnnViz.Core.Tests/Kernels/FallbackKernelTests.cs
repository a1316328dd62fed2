using System.Diagnostics;
using CnnViz.Core.Kernels;
using CnnViz.Core.Tests.Threading;

namespace CnnViz.Core.Tests.Kernels;

/// <summary>
/// The narrower kernels are what runs on a CPU without AVX-512 (AVX2) or without AVX2 (one float at a time for the
/// products, SSE for pooling), and nothing else would exercise them on the machines that run CI. So this test
/// starts this very test assembly again as a child process with the wider instruction sets switched off
/// (.NET 10 reads DOTNET_EnableAVX512; DOTNET_EnableAVX512F is what older runtimes read) and runs a subset of
/// the kernel tests there (<see cref="Main"/>): the same test bodies, a smaller shape sweep.
/// </summary>
public class FallbackKernelTests
{
    private const string Verb = "fallback-kernels";

    [Theory]
    [InlineData("scalar")]
    [InlineData("AVX2")]
    public async Task KernelTests_PassOnNarrowerWidths_InAChildProcess(string isa)
    {
        if (isa == "AVX2" && Simd.Isa != "AVX-512") return;   // this CPU runs the AVX2 kernels in every other test already
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "exec", typeof(FallbackKernelTests).Assembly.Location, Verb }) start.ArgumentList.Add(arg);
        if (isa == "scalar") start.Environment["DOTNET_EnableAVX2"] = "0";
        start.Environment["DOTNET_EnableAVX512"] = "0";
        start.Environment["DOTNET_EnableAVX512F"] = "0";
        using var child = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stderr = child.StandardError.ReadToEndAsync(timeout.Token);
        string stdout = await child.StandardOutput.ReadToEndAsync(timeout.Token);
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(child.ExitCode == 0, $"exit code {child.ExitCode}\n{stdout}\n{await stderr}");
        Assert.Contains($"ISA {isa}", stdout);   // the switches took effect: the narrower width is what ran
        Assert.Contains("all passed", stdout);
    }

    /// <summary>The child's entry point (also this assembly's Main; without the verb it does nothing).</summary>
    public static int Main(string[] args)
    {
        if (args is not [Verb]) return 0;
        Console.WriteLine($"ISA {Simd.Isa}");
        var checks = new List<(string, Action)>();
        int[] sizes = [1, 2, 3, 5, 6, 8, 9, 17];
        foreach (GemmTests.Op op in Enum.GetValues<GemmTests.Op>())
            foreach (bool acc in new[] { false, true })
                checks.Add(($"Gemm {op} sweep acc={acc}", () => GemmTests.Sweep(op, acc, sizes)));
        var gemm = new GemmTests();
        foreach (var (m, k, n) in new[] { (6, 25, 784), (16, 150, 100), (64, 400, 120), (150, 16, 100), (16, 100, 150), (6, 784, 25) })
            checks.Add(($"Gemm LeNet {m}x{k}x{n}", () => gemm.FastProduct_MatchesReference_LeNetShapes(m, k, n)));
        checks.Add(("Gemm bias rows", () => gemm.ProductPlusBias_MatchesReference_OverShapeSweep(true)));
        checks.Add(("Gemm bias columns", () => gemm.ProductPlusBias_MatchesReference_OverShapeSweep(false)));
        checks.Add(("Gemm sum of A·Bᵀ", () => gemm.SumOfProductsTransposeB_MatchesReference(true)));
        checks.Add(("MaxPool2x2", () => new MaxPool2x2Tests().Forward_MatchesLoops_IncludingTiesAndOddSizes()));
        checks.Add(("MaxPool2x2 maps", () => new MaxPool2x2Tests().SeveralMapsInOneCall_PoolEachMapOnItsOwn_WithSwitchesWithinTheMap()));
        checks.Add(("MaxPool2x2 backward", () => new MaxPool2x2Tests().Backward_MatchesClearAndScatter()));
        var rows = new Im2ColRowsTests();
        foreach (object[] g in Im2ColRows.IsSupported ? Im2ColRowsTests.Geometries() : [])   // (the scalar path uses Im2Col's loops)
        {
            checks.Add(($"Im2Col unfold {string.Join(",", g)}", () => typeof(Im2ColRowsTests).GetMethod(nameof(Im2ColRowsTests.Unfold_MatchesFormula))!.Invoke(rows, g)));
            checks.Add(($"Im2Col fold {string.Join(",", g)}", () => typeof(Im2ColRowsTests).GetMethod(nameof(Im2ColRowsTests.Fold_MatchesFormula))!.Invoke(rows, g)));
        }
        var conv = new Conv2dMatchesNaiveTests();
        foreach (object[] c in ConvSweep.Cases().Where((_, i) => i % 7 == 0))
            checks.Add(($"Conv2d vs naive {string.Join(",", c)}", () => typeof(Conv2dMatchesNaiveTests)
                .GetMethod(nameof(Conv2dMatchesNaiveTests.Conv2d_MatchesNaiveLoops_ForwardAndBackward))!.Invoke(conv, c)));
        var direct = new DirectConvTests();
        foreach (object[] d in DirectConvTests.Shapes().Where((_, i) => i % 3 == 0))
        {
            checks.Add(($"DirectConv forward {string.Join(",", d)}", () => typeof(DirectConvTests).GetMethod(nameof(DirectConvTests.Forward_MatchesLoops))!.Invoke(direct, d)));
            checks.Add(($"DirectConv dW {string.Join(",", d)}", () => typeof(DirectConvTests).GetMethod(nameof(DirectConvTests.WeightGrad_MatchesLoops))!.Invoke(direct, d)));
        }
        foreach (object[] d in DirectConvTests.FilterLaneShapes())
        {
            checks.Add(($"DirectConv filter lanes forward {string.Join(",", d)}", () => typeof(DirectConvTests).GetMethod(nameof(DirectConvTests.FilterLanes_Forward_MatchesLoops))!.Invoke(direct, d)));
            checks.Add(($"DirectConv filter lanes dW {string.Join(",", d)}", () => typeof(DirectConvTests).GetMethod(nameof(DirectConvTests.FilterLanes_WeightGrad_MatchesLoops))!.Invoke(direct, d)));
        }
        foreach (object[] c in ConvSweep.DirectCases())   // Conv2d's direct paths (AVX2: filter-lane pairs, dW alone)
            checks.Add(($"Conv2d direct vs naive {string.Join(",", c)}", () => typeof(Conv2dMatchesNaiveTests)
                .GetMethod(nameof(Conv2dMatchesNaiveTests.Conv2d_MatchesNaiveLoops_OnDirectPathShapes))!.Invoke(conv, c)));
        foreach (object[] c in ConvSweep.StrideOneCases().Where((_, i) => i % 4 == 0))
            checks.Add(($"Conv2d stride 1 vs naive {string.Join(",", c)}", () => typeof(Conv2dMatchesNaiveTests)
                .GetMethod(nameof(Conv2dMatchesNaiveTests.Conv2d_MatchesNaiveLoops_StrideOneTileEdges))!.Invoke(conv, c)));
        if (ConvInputGrad.Supports(new ConvGeometry(1, 1, 1, 1, 1)))   // (the scalar path keeps Wᵀ·dY + col2im)
        {
            foreach (object[] e in ConvInputGradTests.EdgeShapes().Where((_, i) => i % 5 == 0))
                checks.Add(($"ConvInputGrad {string.Join(",", e)}", () => typeof(ConvInputGradTests)
                    .GetMethod(nameof(ConvInputGradTests.InputGrad_MatchesFormula_AtTileEdges))!.Invoke(new ConvInputGradTests(), e)));
            checks.Add(("ConvInputGrad every tile", () => new ConvInputGradTests().InputGrad_MatchesFormula_WithEveryTileShape(7, 3, 5, 19, 3, 3, 1, 1)));
        }
        checks.Add(("1 vs 2 threads", () => new ThreadCountDeterminismTests().Training_GivesBitIdenticalWeights_With1And2Threads(13, false)));
        int failed = 0;
        foreach (var (name, check) in checks)
        {
            try { check(); }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"FAILED {name}: {(e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner.Message : e.Message)}");
            }
        }
        Console.WriteLine(failed == 0 ? $"all passed ({checks.Count} checks)" : $"{failed} of {checks.Count} checks failed");
        return failed == 0 ? 0 : 1;
    }
}

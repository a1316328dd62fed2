using CnnViz.Core.Initializers;
using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models;

/// <summary>
/// LeNet-5 as LeCun, Bottou, Bengio &amp; Haffner describe it in "Gradient-based learning applied to document
/// recognition", Proc. IEEE 86(11), 1998, §II-B (model name "lenet5-1998"; 60,000 parameters as in the paper,
/// here 60,850 because S2/S4 keep their 2 per map and C3 stores its masked zeros but does not train them):
/// <code>
/// input 1×28×28 in [0, 1] → PaperInput: 32×32, background −0.1, ink 1.175
/// C1  conv 6@5×5                → 6×28×28    f = 1.7159·tanh(2a/3) after every C, S and F layer
/// S2  subsampling (w·Σ2×2 + b)  → 6×14×14
/// C3  conv 16@5×5, Table I      → 16×10×10   60 of the 96 S2→C3 map pairs (1,516 trainable numbers)
/// S4  subsampling               → 16×5×5
/// C5  conv 120@5×5              → 120×1×1    (a convolution, as in the paper; on a 5×5 input it is a full connection)
/// F6  dense 84                  → 84
/// output: EuclideanRbf, −‖x − w_i‖² to fixed ±1 codes (7×12 bitmaps)   or, "lenet5-1998-softmax", dense 10 logits
/// </code>
/// What still differs from the paper, and why:
/// <list type="bullet">
/// <item>The RBF codes: the paper's 7×12 stylized bitmaps (its Fig. 3) are not printed as data; <see cref="Codes"/>
/// are hand-drawn 7×12 digits in the same spirit (ink +1, background −1), so similar digits have nearby codes.</item>
/// <item>The loss: softmax cross-entropy over −y_i, which is the paper's eq. 9 without its e^{−j} term (see
/// <see cref="EuclideanRbf"/>).</item>
/// <item>Training: any optimizer of this project (the recipes use Adam with a cosine schedule), not the paper's
/// stochastic diagonal Levenberg–Marquardt method with its hand-set η schedule (0.0005, 0.0002, 0.0001, 0.00005,
/// 0.00001 over 20 passes), and mini-batches rather than one pattern at a time.</item>
/// <item>Initialization: the variance of the paper's uniform ±2.4/F_i (Appendix A) for C1, C3, C5, F6 (<see cref="PaperUniformInitializer"/>); the subsampling
/// coefficients start at 1/4 (a plain average) instead.</item>
/// </list>
/// </summary>
public static class LeNet1998
{
    /// <summary>
    /// Table I of the paper: which S2 maps (rows 0–5) feed which C3 maps (columns 0–15). "The first six C3 feature
    /// maps take inputs from every contiguous subsets of three feature maps in S2. The next six take input from
    /// every contiguous subset of four. The next three take input from some discontinuous subsets of four.
    /// Finally the last one takes input from all S2 feature maps." (§II-B)
    /// </summary>
    public static readonly string[] TableI =
    [
        //          C3: 0123456789012345
        /* S2 0 */ "X...XXX..XXXX.XX",
        /* S2 1 */ "XX...XXX..XXXX.X",
        /* S2 2 */ "XXX...XXX..X.XXX",
        /* S2 3 */ ".XXX..XXXX..X.XX",
        /* S2 4 */ "..XXX..XXXX.XX.X",
        /* S2 5 */ "...XXX..XXXX.XXX",
    ];

    /// <summary>Table I as connections[S2 map, C3 map].</summary>
    public static bool[,] C3Connections()
    {
        var table = new bool[6, 16];
        for (int k = 0; k < 6; k++)
            for (int m = 0; m < 16; m++) table[k, m] = TableI[k][m] == 'X';
        return table;
    }

    /// <summary>
    /// The RBF code of each digit, 7 wide × 12 high, row by row ('#' = +1, '.' = −1): hand-drawn, in the spirit of
    /// the paper's Fig. 3 (whose exact bitmaps are not published as data).
    /// </summary>
    public static readonly string[][] Glyphs =
    [
        ["..###..", ".#...#.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".#...#.", "..###.."],
        ["...#...", "..##...", ".#.#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", ".#####."],
        ["..###..", ".#...#.", "#.....#", "......#", ".....#.", "....#..", "...#...", "..#....", ".#.....", "#......", "#......", "#######"],
        [".#####.", "#.....#", "......#", "......#", ".....#.", "..###..", ".....#.", "......#", "......#", "......#", "#.....#", ".#####."],
        [".....#.", "....##.", "...#.#.", "..#..#.", ".#...#.", "#....#.", "#######", ".....#.", ".....#.", ".....#.", ".....#.", ".....#."],
        ["#######", "#......", "#......", "#......", "######.", "......#", "......#", "......#", "......#", "......#", "#.....#", ".#####."],
        ["..####.", ".#.....", "#......", "#......", "######.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".#####."],
        ["#######", "......#", "......#", ".....#.", ".....#.", "....#..", "....#..", "...#...", "...#...", "..#....", "..#....", "..#...."],
        [".#####.", "#.....#", "#.....#", "#.....#", ".#...#.", "..###..", ".#...#.", "#.....#", "#.....#", "#.....#", "#.....#", ".#####."],
        [".#####.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".######", "......#", "......#", "......#", ".....#.", ".####.."],
    ];

    /// <summary>(10, 84): <see cref="Glyphs"/> as ±1 vectors, row-major.</summary>
    public static float[,] Codes()
    {
        var codes = new float[10, 84];
        for (int d = 0; d < 10; d++)
            for (int r = 0; r < 12; r++)
                for (int c = 0; c < 7; c++) codes[d, r * 7 + c] = Glyphs[d][r][c] == '#' ? 1f : -1f;
        return codes;
    }

    /// <summary>The paper's network; <paramref name="softmax"/>: a dense 10 output trained with softmax cross-entropy instead of the RBF units.</summary>
    /// <exception cref="ArgumentException">The RBF output needs 10 classes (one code per digit).</exception>
    public static Sequential Create(SampleShape? input = null, int classes = 10, bool softmax = false)
    {
        if (!softmax && classes != 10) throw new ArgumentException($"lenet5-1998's RBF output has codes for 10 classes, the data has {classes}; use lenet5-1998-softmax.");
        var init = new PaperUniformInitializer();
        Layer output = softmax ? new Dense(classes, init, name: "output") : new EuclideanRbf(Codes(), "output");
        return new Sequential(input ?? LeNet5.MnistShape,
            new PaperInput(2, "input"),
            new Conv2d(6, 5, initializer: init, name: "c1"),
            new ScaledTanh("f1"),
            new Subsampling("s2"),
            new ScaledTanh("f2"),
            new MaskedConv2d(C3Connections(), 5, init, "c3"),
            new ScaledTanh("f3"),
            new Subsampling("s4"),
            new ScaledTanh("f4"),
            new Conv2d(120, 5, initializer: init, name: "c5"),
            new ScaledTanh("f5"),
            new Flatten("flatten"),
            new Dense(84, init, name: "f6"),
            new ScaledTanh("f6act"),
            output);
    }
}

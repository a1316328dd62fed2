namespace CnnViz.Render.Gfx;

/// <summary>
/// How a grid's values become colors; the mapping itself lives in shaders/batch2d.frag. A value v in the
/// range [lo, hi] is first normalized to t = (v − lo) / (hi − lo), clamped to [0, 1].
/// The numbers are the shader's mode codes.
/// </summary>
public enum Colormap
{
    /// <summary>Black (t = 0) to white (t = 1): input images, as MNIST stores them.</summary>
    Grayscale = 2,

    /// <summary>Blue (t = 0) through white (t = ½) to red (t = 1). Use a symmetric range [−m, m] so white means 0: kernels, gradients.</summary>
    Diverging = 3,

    /// <summary>Black through purple and orange to pale yellow (an inferno-like ramp): activations, which are mostly ≥ 0.</summary>
    Sequential = 4,

    /// <summary>White with alpha t: an overlay that shows only where values are high (times the tint color).</summary>
    Mask = 5,
}

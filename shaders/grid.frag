#version 330 core
// Feature maps, kernels, images: a value v from the R32F grid texture, normalized with
// t = clamp((v - lo) / (hi - lo), 0, 1) and looked up in a colormap (C# Colormap enum):
//   2 grayscale, 3 diverging (blue - white - red), 4 sequential (inferno-like), 5 mask (white, alpha = t).
// The result is multiplied by the vertex color (white unless the panel tints it).
in vec2 vTexCoord;
in vec4 vColor;
flat in vec3 vModeRange; // (colormap, lo, hi)
uniform sampler2D uGrid; // texture unit 1

out vec4 fragColor;

// Blue (t = 0) -> white (t = 0.5) -> red (t = 1): the sign of a weight or a gradient at a glance.
vec3 diverging(float t)
{
    const vec3 blue = vec3(0.230, 0.299, 0.754);
    const vec3 white = vec3(1.0);
    const vec3 red = vec3(0.706, 0.016, 0.150);
    return t < 0.5 ? mix(blue, white, t * 2.0) : mix(white, red, t * 2.0 - 1.0);
}

// Five stops of an inferno-like ramp, linear in between: dark = 0, bright = strongly active.
vec3 sequential(float t)
{
    const vec3 c0 = vec3(0.000, 0.000, 0.016);
    const vec3 c1 = vec3(0.341, 0.063, 0.431);
    const vec3 c2 = vec3(0.733, 0.216, 0.329);
    const vec3 c3 = vec3(0.976, 0.557, 0.035);
    const vec3 c4 = vec3(0.988, 1.000, 0.643);
    float s = t * 4.0;
    if (s < 1.0) return mix(c0, c1, s);
    if (s < 2.0) return mix(c1, c2, s - 1.0);
    if (s < 3.0) return mix(c2, c3, s - 2.0);
    return mix(c3, c4, s - 3.0);
}

void main()
{
    int colormap = int(vModeRange.x + 0.5);
    float v = texture(uGrid, vTexCoord).r;
    float lo = vModeRange.y, hi = vModeRange.z;
    float t = hi > lo ? clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.5;
    vec3 rgb = colormap == 2 ? vec3(t) : colormap == 3 ? diverging(t) : sequential(t);
    if (isnan(v)) rgb = vec3(1.0, 0.0, 1.0); // a NaN shows as magenta, never as a plausible color
    float alpha = colormap == 5 ? t : 1.0;
    if (colormap == 5) rgb = vec3(1.0);
    fragColor = vec4(rgb, alpha) * vColor;
}

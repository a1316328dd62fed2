#version 330 core
// Text: glyph pixels from the R8 font atlas (1 inside a glyph, 0 outside) in the vertex color.
// Glyphs are drawn with NEAREST sampling at whole-pixel scales, so a pixel is either in or out:
// discarding the outside needs no blending (which software rasterizers pay dearly for).
in vec2 vTexCoord;
in vec4 vColor;
uniform sampler2D uFont; // texture unit 0

out vec4 fragColor;

void main()
{
    if (texture(uFont, vTexCoord).r < 0.5) discard;
    fragColor = vColor;
}

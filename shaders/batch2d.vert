#version 330 core
// One vertex of the 2D batch (Renderer2D.Vertex), shared by solid.frag, text.frag and grid.frag.
// Positions are in layout units, origin top-left, y down; uScreen is the layout size, so the same
// frame fills a HiDPI framebuffer at any pixel density.
layout(location = 0) in vec2 aPosition;
layout(location = 1) in vec2 aTexCoord;
layout(location = 2) in vec4 aColor;      // RGBA bytes, normalized to [0, 1]
layout(location = 3) in vec3 aModeRange;  // grids: (colormap, lo, hi)

uniform vec2 uScreen;

out vec2 vTexCoord;
out vec4 vColor;
flat out vec3 vModeRange;

void main()
{
    vec2 ndc = vec2(aPosition.x / uScreen.x * 2.0 - 1.0, 1.0 - aPosition.y / uScreen.y * 2.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
    vTexCoord = aTexCoord;
    vColor = aColor;
    vModeRange = aModeRange;
}

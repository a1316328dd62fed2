#version 330 core
// Rectangles and lines: the vertex color as is.
in vec4 vColor;
out vec4 fragColor;

void main()
{
    fragColor = vColor;
}

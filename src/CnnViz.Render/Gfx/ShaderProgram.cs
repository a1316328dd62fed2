using Silk.NET.OpenGL;

namespace CnnViz.Render.Gfx;

/// <summary>Compiles and links a vertex + fragment shader pair; on failure returns the GLSL log instead of throwing.</summary>
internal static class ShaderProgram
{
    /// <summary>The linked program, or 0 with <paramref name="error"/> holding "batch2d.frag: 0:12(3): error: …".</summary>
    public static uint TryBuild(GL gl, string vertexName, string vertexSource, string fragmentName, string fragmentSource, out string? error)
    {
        uint vs = Compile(gl, ShaderType.VertexShader, vertexName, vertexSource, out error);
        if (vs == 0) return 0;
        uint fs = Compile(gl, ShaderType.FragmentShader, fragmentName, fragmentSource, out error);
        if (fs == 0) { gl.DeleteShader(vs); return 0; }

        uint program = gl.CreateProgram();
        gl.AttachShader(program, vs);
        gl.AttachShader(program, fs);
        gl.LinkProgram(program);
        gl.DetachShader(program, vs);
        gl.DetachShader(program, fs);
        gl.DeleteShader(vs);
        gl.DeleteShader(fs);
        gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out int linked);
        if (linked == 0)
        {
            error = $"linking {vertexName} + {fragmentName}: {gl.GetProgramInfoLog(program).Trim()}";
            gl.DeleteProgram(program);
            return 0;
        }
        error = null;
        return program;
    }

    private static uint Compile(GL gl, ShaderType type, string name, string source, out string? error)
    {
        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        gl.GetShader(shader, ShaderParameterName.CompileStatus, out int compiled);
        if (compiled == 0)
        {
            error = $"{name}: {gl.GetShaderInfoLog(shader).Trim()}";
            gl.DeleteShader(shader);
            return 0;
        }
        error = null;
        return shader;
    }
}

namespace CnnViz.Engine.Benchmarking;

/// <summary>
/// The CPU's name as the OS reports it, so that a benchmark figure says which machine it came from:
/// Linux's /proc/cpuinfo "model name" (plus "cpu family" and "model", which tell CPU generations apart when the
/// name is as short as "AMD EPYC"), else Windows' PROCESSOR_IDENTIFIER, else "unknown CPU".
/// </summary>
public static class CpuModel
{
    public static string Describe()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? name = null, family = null, model = null;
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    int colon = line.IndexOf(':');
                    if (colon < 0) { if (name is not null) break; continue; }   // a blank line ends the first CPU
                    string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
                    if (key == "model name") name ??= value;
                    else if (key == "cpu family") family ??= value;
                    else if (key == "model") model ??= value;
                }
                if (name is not null) return family is null || model is null ? name : $"{name} (family {family}, model {model})";
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") is { Length: > 0 } id ? id : "unknown CPU";
    }
}

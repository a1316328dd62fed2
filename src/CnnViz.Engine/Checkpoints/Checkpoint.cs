using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CnnViz.Core.Files;

namespace CnnViz.Engine.Checkpoints;

/// <summary>
/// The checkpoint file format, version 2 (all numbers little-endian):
/// <code>
/// magic     8 bytes  "CNNVIZ\0" + format version byte (2; version 1 is still read)
/// length    int64    payload bytes
/// payload            model name, architecture, optimizer name, lr, lr decay, settings,
///                    [version 2: schedule name, warm-up steps, total steps, weight decay, augmentation,]
///                    batch size, seed, step, epoch, RNG state (4 × uint64), permutation (int32 count + values),
///                    position, parameters (count; per parameter: name, length, float32 values),
///                    optimizer states (per parameter: update count, buffer count, buffers)
/// sha256    32 bytes SHA-256 of the payload
/// </code>
/// Strings are BinaryWriter's (7-bit length prefix, UTF-8). Files are written through
/// <see cref="SafeFile.Write"/> (temp file, fsync, rename, fsync of the folder), so a crash never leaves half a checkpoint.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "CNNVIZ\0"u8.ToArray();
    public const byte FormatVersion = 2;

    /// <summary>Version 1 files (before schedules, weight decay and augmentation were recorded) read as step, none, 0.</summary>
    public const byte OldestReadableVersion = 1;

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="CheckpointException">The file cannot be written (the message says why).</exception>
    public static void Write(CheckpointData data, string path)
    {
        byte[] payload = Serialize(data);
        try
        {
            SafeFile.Write(path, file =>
            {
                file.Write(Magic);
                file.WriteByte(FormatVersion);
                file.Write(BitConverter.GetBytes((long)payload.Length));
                file.Write(payload);
                file.Write(SHA256.HashData(payload));
            });
        }
        catch (FileProblemException e)
        {
            throw new CheckpointException(path, e.Problem, e);
        }
    }

    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <exception cref="CheckpointException">Missing, not a checkpoint, another format version, truncated, or corrupted (checksum mismatch).</exception>
    public static CheckpointData Read(string path)
    {
        byte[] bytes;
        try { bytes = SafeFile.ReadAllBytes(path); }
        catch (FileProblemException e) { throw new CheckpointException(path, e.Problem, e); }
        int header = Magic.Length + 1 + sizeof(long);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException(path, "not a CnnViz checkpoint (the file does not start with \"CNNVIZ\").");
        if (bytes.Length < header)
            throw new CheckpointException(path, $"truncated: the file ends after {bytes.Length} bytes, inside the header.");
        byte version = bytes[Magic.Length];
        if (version is < OldestReadableVersion or > FormatVersion)
            throw new CheckpointException(path, $"format version {version} is not supported (this build reads versions {OldestReadableVersion} to {FormatVersion}).");
        long length = BitConverter.ToInt64(bytes, Magic.Length + 1);
        long expected = header + length + SHA256.HashSizeInBytes;
        if (length < 0 || bytes.Length < expected)
            throw new CheckpointException(path, $"truncated: the file has {bytes.Length} bytes, its header promises {expected}.");
        if (bytes.Length > expected)
            throw new CheckpointException(path, $"corrupted: {bytes.Length - expected} unexpected bytes after the end of the checkpoint.");
        var payload = bytes.AsSpan(header, (int)length);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(header + (int)length)))
            throw new CheckpointException(path, "corrupted: the SHA-256 checksum does not match the contents.");
        CheckpointData data;
        try
        {
            data = Deserialize(payload.ToArray(), version);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or OverflowException)
        {
            throw new CheckpointException(path, $"corrupted: the contents do not parse ({e.Message}).", e);
        }
        // A valid checksum only says the bytes are as written: check every field before anything is built from it.
        if (CheckpointCheck.Problem(data) is { } problem) throw new CheckpointException(path, problem);
        return data;
    }

    private static byte[] Serialize(CheckpointData d)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(d.ModelName); w.Write(d.Architecture);
            w.Write(d.OptimizerName); w.Write(d.LearningRate); w.Write(d.LearningRateDecay); w.Write(d.OptimizerSettings);
            w.Write(d.Schedule); w.Write(d.WarmupSteps); w.Write(d.TotalSteps); w.Write(d.WeightDecay); w.Write(d.Augment);
            w.Write(d.BatchSize); w.Write(d.Seed); w.Write(d.Step); w.Write(d.Epoch);
            foreach (ulong word in d.RngState) w.Write(word);
            WriteArray(w, d.Permutation);
            w.Write(d.Position);
            w.Write(d.Parameters.Count);
            foreach (var (name, values) in d.Parameters) { w.Write(name); WriteArray(w, values); }
            foreach (var (step, buffers) in d.OptimizerStates)
            {
                w.Write(step);
                w.Write(buffers.Length);
                foreach (var buffer in buffers) WriteArray(w, buffer);
            }
        }
        return stream.ToArray();
    }

    private static CheckpointData Deserialize(byte[] payload, byte version)
    {
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        string model = r.ReadString(), architecture = r.ReadString(), optimizer = r.ReadString();
        float lr = r.ReadSingle(), decay = r.ReadSingle();
        string settings = r.ReadString();
        bool v2 = version >= 2;
        string schedule = v2 ? r.ReadString() : "step";
        long warmup = v2 ? r.ReadInt64() : 0, total = v2 ? r.ReadInt64() : 0;
        float weightDecay = v2 ? r.ReadSingle() : 0;
        string augment = v2 ? r.ReadString() : "none";
        int batch = r.ReadInt32();
        ulong seed = r.ReadUInt64();
        long step = r.ReadInt64();
        int epoch = r.ReadInt32();
        ulong[] rng = [r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64()];
        int[] permutation = ReadArray<int>(r);
        int position = r.ReadInt32();
        int count = r.ReadInt32();
        if (count < 0 || count > 10_000) throw new ArgumentException($"implausible parameter count {count}");
        var parameters = new List<(string, float[])>(count);
        for (int i = 0; i < count; i++) parameters.Add((r.ReadString(), ReadArray<float>(r)));
        var states = new List<(long, float[][])>(count);
        for (int i = 0; i < count; i++)
        {
            long updates = r.ReadInt64();
            int buffers = r.ReadInt32();
            if (buffers < 0 || buffers > 8) throw new ArgumentException($"implausible optimizer buffer count {buffers}");
            var b = new float[buffers][];
            for (int k = 0; k < buffers; k++) b[k] = ReadArray<float>(r);
            states.Add((updates, b));
        }
        if (r.BaseStream.Position != payload.Length) throw new ArgumentException("extra bytes after the optimizer state");
        return new CheckpointData
        {
            ModelName = model, Architecture = architecture, OptimizerName = optimizer, LearningRate = lr, LearningRateDecay = decay,
            OptimizerSettings = settings, Schedule = schedule, WarmupSteps = warmup, TotalSteps = total, WeightDecay = weightDecay, Augment = augment,
            BatchSize = batch, Seed = seed, Step = step, Epoch = epoch,
            RngState = rng, Permutation = permutation, Position = position, Parameters = parameters, OptimizerStates = states,
        };
    }

    /// <summary>An int32 count, then the values' raw bytes (float32 or int32, little-endian like the machine).</summary>
    private static void WriteArray<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads what <see cref="WriteArray{T}"/> wrote; a count longer than the rest of the payload is refused before allocating.</summary>
    private static T[] ReadArray<T>(BinaryReader r) where T : unmanaged
    {
        int n = r.ReadInt32();
        if (n < 0 || n > (r.BaseStream.Length - r.BaseStream.Position) / Unsafe.SizeOf<T>()) throw new ArgumentException($"implausible array length {n}");
        var values = new T[n];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}

using CnnViz.Core.Data;

namespace CnnViz.Core.Tests.Data;

public class ToUnitTests
{
    /// <summary>The vectorised byte → [0, 1] conversion gives, bit for bit, byte · (1/255) in float, for every byte value and at every length (vector tails).</summary>
    [Fact]
    public void ToUnit_IsBytesTimesOneOver255_ForEveryValueAndLength()
    {
        var bytes = new byte[300];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 % 256);
        for (int length = 0; length <= bytes.Length; length += length < 40 ? 1 : 37)
        {
            var floats = new float[length + 1];
            floats[length] = -1f;   // not written
            Dataset.ToUnit(bytes.AsSpan(0, length), floats);
            for (int i = 0; i < length; i++)
                Assert.True(floats[i] == bytes[i] * (1f / 255f), $"length {length}, byte {bytes[i]}: {floats[i]:R}");
            Assert.Equal(-1f, floats[length]);
        }
        var all = new byte[256];
        for (int v = 0; v < 256; v++) all[v] = (byte)v;
        var unit = new float[256];
        Dataset.ToUnit(all, unit);
        Assert.Equal(0f, unit[0]);
        Assert.Equal(1f, unit[255]);
        for (int v = 0; v < 256; v++) Assert.True(BitConverter.SingleToInt32Bits(unit[v]) == BitConverter.SingleToInt32Bits(v * (1f / 255f)), $"byte {v}");
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CasGists.App.Components.Editor;
using CasGists.Core.Common;

namespace CasGists.Tests.App.Editor;

public sealed class EditorPayloadTests
{
    private static byte[] Payload(params (string Key, string Content)[] files)
    {
        var bodies = files.Select(f => Encoding.UTF8.GetBytes(f.Content)).ToArray();
        var header = JsonSerializer.SerializeToUtf8Bytes(files.Select((f, i) => new { key = f.Key, length = bodies[i].Length }));
        var bytes = new byte[4 + header.Length + bodies.Sum(b => b.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)header.Length);
        header.CopyTo(bytes, 4);
        var offset = 4 + header.Length;
        foreach (var body in bodies)
        {
            body.CopyTo(bytes, offset);
            offset += body.Length;
        }
        return bytes;
    }

    [Fact]
    public void ReadsEveryFileByKeyIncludingMultiByteText()
    {
        var contents = EditorPayload.Parse(Payload(("f0", "héllo → wörld"), ("f1", ""), ("f2", "line\r\nline")));

        Assert.Equal("héllo → wörld", contents["f0"]);
        Assert.Equal("", contents["f1"]);
        Assert.Equal("line\r\nline", contents["f2"]);
    }

    [Fact]
    public void ATruncatedPayloadIsAValidationErrorNotACrash()
    {
        var payload = Payload(("f0", "some content"));

        var error = Assert.Throws<ValidationException>(() => EditorPayload.Parse(payload.AsSpan(0, payload.Length - 3)));
        Assert.Contains("files", error.Errors.Keys);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var payload = Payload(("f0", "x")).Concat(new byte[] { 1, 2 }).ToArray();

        Assert.Throws<ValidationException>(() => EditorPayload.Parse(payload));
    }

    [Fact]
    public void InvalidUtf8IsRejected()
    {
        var payload = Payload(("f0", "ab"));
        payload[^1] = 0xFF;

        Assert.Throws<ValidationException>(() => EditorPayload.Parse(payload));
    }

    [Fact]
    public void TheSizeLimitLeavesRoomForTheHeaderOnTopOfTheContentLimit()
    {
        Assert.True(EditorPayload.MaxSize(1000, 300) > 1000 + 300 * 100);
    }
}

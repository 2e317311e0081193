using System.Text;

namespace Bulkhead.Emulation;

/// <summary>Follows a file another process appends to (an emulator's serial log) and yields its complete lines.</summary>
internal sealed class FileTail(string path)
{
    private readonly StringBuilder _pending = new();
    private long _offset;

    /// <summary>Reads what was appended since the last call and hands on each complete line.</summary>
    public void Drain(Action<string> deliver)
    {
        if (!File.Exists(path)) return;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= _offset) return;
        stream.Seek(_offset, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - _offset];
        int read = stream.Read(buffer, 0, buffer.Length);
        _offset += read;
        _pending.Append(Encoding.Latin1.GetString(buffer, 0, read)); // serial bytes, not UTF-8
        while (_pending.ToString().IndexOf('\n') is int newline and >= 0)
        {
            deliver(_pending.ToString(0, newline).TrimEnd('\r'));
            _pending.Remove(0, newline + 1);
        }
    }

    /// <summary>Hands on a last line that has no newline (the emulator stopped in the middle of it).</summary>
    public void Flush(Action<string> deliver)
    {
        if (_pending.Length == 0) return;
        deliver(_pending.ToString().TrimEnd('\r'));
        _pending.Clear();
    }
}

// StringBuilder with .NET's public shape: one growable char array (doubling), so Append is
// amortised O(1) and ToString copies once.
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace System.Text
{
    public sealed class StringBuilder
    {
        private char[] _chars;
        private int _length;

        public StringBuilder() : this(16) { }
        public StringBuilder(int capacity) { _chars = new char[capacity < 1 ? 1 : capacity]; }
        public StringBuilder(string? value) : this(value == null ? 16 : value.Length + 16) { Append(value); }

        public int Capacity => _chars.Length;

        public int Length
        {
            get => _length;
            set
            {
                if (value < 0) ArgumentChecks.OutOfRange("value");
                Reserve(value);
                for (int i = _length; i < value; i++) _chars[i] = '\0';
                _length = value;
            }
        }

        public char this[int index]
        {
            get { if ((uint)index >= (uint)_length) ArgumentChecks.OutOfRange("index"); return _chars[index]; }
            set { if ((uint)index >= (uint)_length) ArgumentChecks.OutOfRange("index"); _chars[index] = value; }
        }

        private void Reserve(int needed)
        {
            if (needed <= _chars.Length) return;
            int size = _chars.Length * 2;
            if (size < needed) size = needed;
            char[] bigger = new char[size];
            for (int i = 0; i < _length; i++) bigger[i] = _chars[i];
            _chars = bigger;
        }

        public StringBuilder Append(char value)
        {
            if (_length == _chars.Length) Reserve(_length + 1);
            _chars[_length++] = value;
            return this;
        }

        public StringBuilder Append(char value, int repeatCount)
        {
            Reserve(_length + repeatCount);
            for (int i = 0; i < repeatCount; i++) _chars[_length++] = value;
            return this;
        }

        public StringBuilder Append(string? value)
        {
            if (value == null) return this;
            Reserve(_length + value.Length);
            for (int i = 0; i < value.Length; i++) _chars[_length + i] = value[i];
            _length += value.Length;
            return this;
        }

        public StringBuilder Append(string? value, int startIndex, int count) => Append(value == null ? null : value.Substring(startIndex, count));

        public StringBuilder Append(ReadOnlySpan<char> value)
        {
            Reserve(_length + value.Length);
            for (int i = 0; i < value.Length; i++) _chars[_length + i] = value[i];
            _length += value.Length;
            return this;
        }

        public StringBuilder Append(char[]? value) => value == null ? this : Append(new ReadOnlySpan<char>(value));
        public StringBuilder Append(StringBuilder? value) => value == null ? this : Append(value.ToString());
        public StringBuilder Append(bool value) => Append(value ? "True" : "False");
        public StringBuilder Append(int value) => Append(value.ToString());
        public StringBuilder Append(long value) => Append(value.ToString());
        public StringBuilder Append(uint value) => Append(value.ToString());
        public StringBuilder Append(ulong value) => Append(value.ToString());
        public StringBuilder Append(short value) => Append(value.ToString());
        public StringBuilder Append(ushort value) => Append(value.ToString());
        public StringBuilder Append(byte value) => Append(value.ToString());
        public StringBuilder Append(sbyte value) => Append(value.ToString());
        public StringBuilder Append(double value) => Append(value.ToString());
        public StringBuilder Append(float value) => Append(value.ToString());
        public StringBuilder Append(object? value) => value == null ? this : Append(value.ToString());

        // C# 10 lowers sb.Append($"...") to this handler overload.
        public StringBuilder Append([InterpolatedStringHandlerArgument("")] ref AppendInterpolatedStringHandler handler) => this;

        public StringBuilder AppendLine() => Append('\n');
        public StringBuilder AppendLine(string? value) => Append(value).Append('\n');
        public StringBuilder AppendLine([InterpolatedStringHandlerArgument("")] ref AppendInterpolatedStringHandler handler) => Append('\n');

        public StringBuilder Insert(int index, string? value)
        {
            if ((uint)index > (uint)_length) ArgumentChecks.OutOfRange("index");
            if (value == null || value.Length == 0) return this;
            Reserve(_length + value.Length);
            for (int i = _length - 1; i >= index; i--) _chars[i + value.Length] = _chars[i];
            for (int i = 0; i < value.Length; i++) _chars[index + i] = value[i];
            _length += value.Length;
            return this;
        }

        public StringBuilder Insert(int index, char value) => Insert(index, string.FromChar(value));
        public StringBuilder Insert(int index, int value) => Insert(index, value.ToString());
        public StringBuilder Insert(int index, double value) => Insert(index, value.ToString());
        public StringBuilder Insert(int index, object? value) => Insert(index, value == null ? null : value.ToString());

        public StringBuilder Remove(int startIndex, int length)
        {
            if (startIndex < 0 || length < 0 || startIndex > _length - length) ArgumentChecks.OutOfRange("startIndex");
            for (int i = startIndex; i + length < _length; i++) _chars[i] = _chars[i + length];
            _length -= length;
            return this;
        }

        public StringBuilder Replace(char oldChar, char newChar)
        {
            for (int i = 0; i < _length; i++) if (_chars[i] == oldChar) _chars[i] = newChar;
            return this;
        }

        public StringBuilder Replace(string oldValue, string? newValue)
        {
            string replaced = ToString().Replace(oldValue, newValue);
            _length = 0;
            return Append(replaced);
        }

        public StringBuilder Clear() { _length = 0; return this; }

        public StringBuilder AppendFormat(string format, object? arg0) => AppendFormat(format, new[] { arg0 });
        public StringBuilder AppendFormat(string format, object? arg0, object? arg1) => AppendFormat(format, new[] { arg0, arg1 });
        public StringBuilder AppendFormat(string format, object? arg0, object? arg1, object? arg2) => AppendFormat(format, new[] { arg0, arg1, arg2 });

        /// <summary>Composite formatting: {index[,alignment][:format]}, "{{" and "}}" escapes.</summary>
        public StringBuilder AppendFormat(string format, params object?[] args)
        {
            int i = 0;
            while (i < format.Length)
            {
                char c = format[i];
                if (c == '}')
                {
                    if (i + 1 < format.Length && format[i + 1] == '}') { Append('}'); i += 2; continue; }
                    ArgumentChecks.Format("unexpected '}' in format string"); return this;
                }
                if (c != '{') { Append(c); i++; continue; }
                if (i + 1 < format.Length && format[i + 1] == '{') { Append('{'); i += 2; continue; }
                i++;
                int index = 0, digits = 0;
                while (i < format.Length && format[i] >= '0' && format[i] <= '9') { index = index * 10 + format[i] - '0'; i++; digits++; }
                if (digits == 0 || index >= args.Length) { ArgumentChecks.Format("bad argument index in format string"); return this; }
                int alignment = 0;
                if (i < format.Length && format[i] == ',')
                {
                    i++;
                    bool left = i < format.Length && format[i] == '-';
                    if (left) i++;
                    while (i < format.Length && format[i] >= '0' && format[i] <= '9') { alignment = alignment * 10 + format[i] - '0'; i++; }
                    if (left) alignment = -alignment;
                }
                string? itemFormat = null;
                if (i < format.Length && format[i] == ':')
                {
                    int start = ++i;
                    while (i < format.Length && format[i] != '}') i++;
                    itemFormat = format.Substring(start, i - start);
                }
                if (i >= format.Length || format[i] != '}') { ArgumentChecks.Format("unterminated format item"); return this; }
                i++;
                AppendAligned(FormatArgument.ObjectToText(args[index], itemFormat), alignment);
            }
            return this;
        }

        internal void AppendAligned(string text, int alignment)
        {
            int pad = (alignment < 0 ? -alignment : alignment) - text.Length;
            if (alignment > 0 && pad > 0) Append(' ', pad);
            Append(text);
            if (alignment < 0 && pad > 0) Append(' ', pad);
        }

        public override string ToString()
        {
            string s = string.FastAllocate(_length);
            for (int i = 0; i < _length; i++) Unsafe.Add(ref s.FirstChar, i) = _chars[i];
            return s;
        }

        public string ToString(int startIndex, int length) => ToString().Substring(startIndex, length);

        [InterpolatedStringHandler]
        public struct AppendInterpolatedStringHandler
        {
            private readonly StringBuilder _builder;

            public AppendInterpolatedStringHandler(int literalLength, int formattedCount, StringBuilder stringBuilder) { _builder = stringBuilder; }

            public void AppendLiteral(string value) => _builder.Append(value);
            public void AppendFormatted<T>(T value) => _builder.Append(FormatArgument.ToText(value, null));
            public void AppendFormatted<T>(T value, string? format) => _builder.Append(FormatArgument.ToText(value, format));
            public void AppendFormatted<T>(T value, int alignment) => _builder.AppendAligned(FormatArgument.ToText(value, null), alignment);
            public void AppendFormatted<T>(T value, int alignment, string? format) => _builder.AppendAligned(FormatArgument.ToText(value, format), alignment);
            public void AppendFormatted(string? value) => _builder.Append(value);
            public void AppendFormatted(ReadOnlySpan<char> value) => _builder.Append(value);
        }
    }
}

// What C# lowers $"..." with values to: AppendLiteral / AppendFormatted calls on a handler,
// then ToStringAndClear(). Backed by a StringBuilder (allocations are the GC's business).
using System.Text;

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
    public sealed class InterpolatedStringHandlerAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class InterpolatedStringHandlerArgumentAttribute : Attribute
    {
        public InterpolatedStringHandlerArgumentAttribute(string argument) { }
        public InterpolatedStringHandlerArgumentAttribute(params string[] arguments) { }
    }

    [InterpolatedStringHandler]
    public ref struct DefaultInterpolatedStringHandler
    {
        private StringBuilder? _builder;

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _builder = new StringBuilder(literalLength + formattedCount * 11);
        }

        private StringBuilder Builder => _builder ??= new StringBuilder();

        public void AppendLiteral(string value) => Builder.Append(value);
        public void AppendFormatted<T>(T value) => Builder.Append(FormatArgument.ToText(value, null));
        public void AppendFormatted<T>(T value, string? format) => Builder.Append(FormatArgument.ToText(value, format));
        public void AppendFormatted<T>(T value, int alignment) => Builder.AppendAligned(FormatArgument.ToText(value, null), alignment);
        public void AppendFormatted<T>(T value, int alignment, string? format) => Builder.AppendAligned(FormatArgument.ToText(value, format), alignment);
        public void AppendFormatted(string? value) => Builder.Append(value);
        public void AppendFormatted(ReadOnlySpan<char> value) => Builder.Append(value);
        public void AppendFormatted(object? value, int alignment = 0, string? format = null)
            => Builder.AppendAligned(FormatArgument.ObjectToText(value, format), alignment);

        public override string ToString() => Builder.ToString();

        public string ToStringAndClear()
        {
            string result = Builder.ToString();
            _builder = null;
            return result;
        }
    }
}

namespace System
{
    // The standard exception types, with .NET's default messages (the differential test compares them).

    public class SystemException : Exception
    {
        public SystemException() : base("System error.") { }
        public SystemException(string? message) : base(message) { }
        public SystemException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class ArgumentException : SystemException
    {
        private readonly string? _paramName;
        public ArgumentException() : base("Value does not fall within the expected range.") { }
        public ArgumentException(string? message) : base(message) { }
        public ArgumentException(string? message, Exception? innerException) : base(message, innerException) { }
        public ArgumentException(string? message, string? paramName) : base(message) { _paramName = paramName; }
        public ArgumentException(string? message, string? paramName, Exception? innerException) : base(message, innerException) { _paramName = paramName; }
        public virtual string? ParamName => _paramName;
        public override string Message =>
            _paramName == null || _paramName.Length == 0 ? base.Message : string.Concat(base.Message, " (Parameter '", _paramName, "')");

        public static void ThrowIfNullOrEmpty(string? argument, string? paramName = null)
        {
            if (argument == null) throw new ArgumentNullException(paramName);
            if (argument.Length == 0) throw new ArgumentException("The value cannot be an empty string.", paramName);
        }
    }

    public class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() : base("Value cannot be null.") { }
        public ArgumentNullException(string? paramName) : base("Value cannot be null.", paramName) { }
        public ArgumentNullException(string? paramName, string? message) : base(message, paramName) { }
        public ArgumentNullException(string? message, Exception? innerException) : base(message, innerException) { }

        public static void ThrowIfNull(object? argument, string? paramName = null)
        {
            if (argument == null) throw new ArgumentNullException(paramName);
        }
    }

    public class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() : base("Specified argument was out of the range of valid values.") { }
        public ArgumentOutOfRangeException(string? paramName) : base("Specified argument was out of the range of valid values.", paramName) { }
        public ArgumentOutOfRangeException(string? paramName, string? message) : base(message, paramName) { }
        public ArgumentOutOfRangeException(string? message, Exception? innerException) : base(message, innerException) { }

        public static void ThrowIfNegative(int value, string? paramName = null)
        {
            if (value < 0) throw new ArgumentOutOfRangeException(paramName, string.Concat(paramName ?? "value", " ('", value.ToString(), "') must be a non-negative value."));
        }
    }

    public class InvalidOperationException : SystemException
    {
        public InvalidOperationException() : base("Operation is not valid due to the current state of the object.") { }
        public InvalidOperationException(string? message) : base(message) { }
        public InvalidOperationException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class ObjectDisposedException : InvalidOperationException
    {
        private readonly string? _objectName;
        public ObjectDisposedException(string? objectName) : base("Cannot access a disposed object.") { _objectName = objectName; }
        public ObjectDisposedException(string? objectName, string? message) : base(message) { _objectName = objectName; }
        public ObjectDisposedException(string? message, Exception? innerException) : base(message, innerException) { }
        public string ObjectName => _objectName ?? "";
        public override string Message =>
            _objectName == null || _objectName.Length == 0 ? base.Message : string.Concat(base.Message, "\nObject name: '", _objectName, "'.");

        public static void ThrowIf(bool condition, object instance)
        {
            if (condition) throw new ObjectDisposedException(instance == null ? null : ExceptionTypeName(instance));
        }

        private static string ExceptionTypeName(object instance) => Bulkhead.Runtime.Exceptions.ExceptionTypeNames.FullName(instance);
    }

    public class NotSupportedException : SystemException
    {
        public NotSupportedException() : base("Specified method is not supported.") { }
        public NotSupportedException(string? message) : base(message) { }
        public NotSupportedException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class PlatformNotSupportedException : NotSupportedException
    {
        public PlatformNotSupportedException() : base("Operation is not supported on this platform.") { }
        public PlatformNotSupportedException(string? message) : base(message) { }
    }

    public class NotImplementedException : SystemException
    {
        public NotImplementedException() : base("The method or operation is not implemented.") { }
        public NotImplementedException(string? message) : base(message) { }
        public NotImplementedException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class FormatException : SystemException
    {
        public FormatException() : base("One of the identified items was in an invalid format.") { }
        public FormatException(string? message) : base(message) { }
        public FormatException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class ArithmeticException : SystemException
    {
        public ArithmeticException() : base("Overflow or underflow in the arithmetic operation.") { }
        public ArithmeticException(string? message) : base(message) { }
        public ArithmeticException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class OverflowException : ArithmeticException
    {
        public OverflowException() : base("Arithmetic operation resulted in an overflow.") { }
        public OverflowException(string? message) : base(message) { }
        public OverflowException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class DivideByZeroException : ArithmeticException
    {
        public DivideByZeroException() : base("Attempted to divide by zero.") { }
        public DivideByZeroException(string? message) : base(message) { }
        public DivideByZeroException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public sealed class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() : base("Index was outside the bounds of the array.") { }
        public IndexOutOfRangeException(string? message) : base(message) { }
        public IndexOutOfRangeException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class NullReferenceException : SystemException
    {
        public NullReferenceException() : base("Object reference not set to an instance of an object.") { }
        public NullReferenceException(string? message) : base(message) { }
        public NullReferenceException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class InvalidCastException : SystemException
    {
        public InvalidCastException() : base("Specified cast is not valid.") { }
        public InvalidCastException(string? message) : base(message) { }
        public InvalidCastException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class ArrayTypeMismatchException : SystemException
    {
        public ArrayTypeMismatchException() : base("Attempted to access an element as a type incompatible with the array.") { }
        public ArrayTypeMismatchException(string? message) : base(message) { }
    }

    public class OutOfMemoryException : SystemException
    {
        public OutOfMemoryException() : base("Insufficient memory to continue the execution of the program.") { }
        public OutOfMemoryException(string? message) : base(message) { }
        public OutOfMemoryException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class TimeoutException : SystemException
    {
        public TimeoutException() : base("The operation has timed out.") { }
        public TimeoutException(string? message) : base(message) { }
        public TimeoutException(string? message, Exception? innerException) : base(message, innerException) { }
    }

    public class InvalidProgramException : SystemException
    {
        public InvalidProgramException() : base("Common Language Runtime detected an invalid program.") { }
        public InvalidProgramException(string? message) : base(message) { }
    }

    public class TypeLoadException : SystemException
    {
        public TypeLoadException() : base("Failure has occurred while loading a type.") { }
        public TypeLoadException(string? message) : base(message) { }
    }
}

namespace System.Collections.Generic
{
    public class KeyNotFoundException : SystemException
    {
        public KeyNotFoundException() : base("The given key was not present in the dictionary.") { }
        public KeyNotFoundException(string? message) : base(message) { }
        public KeyNotFoundException(string? message, Exception? innerException) : base(message, innerException) { }
    }
}

using Bulkhead.Runtime.Exceptions;

namespace System
{
    /// <summary>
    /// The base of everything `throw` accepts in a rich service. No stack trace is recorded (StackTrace
    /// is null): a guest has no metadata to name frames with.
    /// </summary>
    public class Exception
    {
        private readonly string? _message;
        private readonly Exception? _innerException;

        public Exception() { }
        public Exception(string? message) { _message = message; }
        public Exception(string? message, Exception? innerException) { _message = message; _innerException = innerException; }

        public virtual string Message => _message ?? string.Concat("Exception of type '", ExceptionTypeNames.FullName(this), "' was thrown.");
        public Exception? InnerException => _innerException;
        public virtual string? StackTrace => null;
        public int HResult { get; set; }
        public virtual string? Source { get; set; }

        public virtual Exception GetBaseException()
        {
            Exception inner = this;
            while (inner._innerException != null) inner = inner._innerException;
            return inner;
        }

        /// <summary>"Full.Type.Name: message", then " ---> " and the inner exception, as .NET prints it (without the stack trace).</summary>
        public override string ToString()
        {
            string text = ExceptionTypeNames.FullName(this);
            string message = Message;
            if (message.Length > 0) text = string.Concat(text, ": ", message);
            if (_innerException != null)
                text = string.Concat(text, " ---> ", _innerException.ToString(), "\n   --- End of inner exception stack trace ---");
            return text;
        }
    }
}

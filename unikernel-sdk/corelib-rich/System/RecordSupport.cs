// Marker types records and init-only properties need from the core library.
namespace System.Runtime.CompilerServices
{
    // modreq on init accessors (records' positional properties, `with` expressions).
    public static class IsExternalInit { }
}

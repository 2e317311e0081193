namespace System
{
    // Arrays: MethodTable*, int length (padded to 8 bytes), elements. Layout is a contract with ILCompiler.
    public abstract class Array
    {
        private readonly int _numComponents;
        public int Length => _numComponents;
    }

    // ILCompiler's base type for T[].
    public class Array<T> : Array { }
}

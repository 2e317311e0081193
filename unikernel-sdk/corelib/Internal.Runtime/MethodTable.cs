namespace Internal.Runtime
{
    // The head of ILCompiler's type descriptor (NativeAOT MethodTable). Only the fields the runtime reads.
    internal unsafe partial struct MethodTable
    {
        public ushort ComponentSize;   // element size for arrays and strings (valid when HasComponentSize)
        public ushort Flags;
        public uint BaseSize;          // object size without elements, header word included
        public MethodTable* RelatedType; // base type for classes, element type for arrays
        public ushort NumVtableSlots;
        public ushort NumInterfaces;
        public uint HashCode;

        public const ushort HasComponentSizeFlag = 0x8000;
        public bool IsArray => (Flags & 0x3) == 0; // approximated: see TypeCast for how it is used
    }
}

namespace Internal.Runtime
{
    /// <summary>
    /// The parts of ILCompiler's MethodTable behind the fixed head that interface dispatch and casts read
    /// (rich profile). After the 24-byte head come: the vtable (NumVtableSlots code pointers), the
    /// interface map (NumInterfaces MethodTable pointers), then 32-bit self-relative pointers in this
    /// order, each present only when its flag says so: type manager (always), writable data (always on
    /// targets with relative pointers), dispatch map, finalizer, sealed virtual slots, generic
    /// definition + composition. Learned from dotnet/runtime's MethodTable.h/.cs (.NET 10).
    /// </summary>
    internal unsafe partial struct MethodTable
    {
        // Flags (the upper 16 bits of NativeAOT's 32-bit flags word).
        private const ushort KindMask = 0x0003;            // 0 canonical, 1 function pointer, 2 parameterized, 3 generic definition
        private const ushort HasDispatchMapFlag = 0x0004;
        private const ushort HasFinalizerFlag = 0x0010;
        private const ushort HasSealedVTableEntriesFlag = 0x0040;
        private const ushort GenericVarianceFlag = 0x0080;
        private const ushort IsGenericFlag = 0x0200;
        private const int ElementTypeShift = 10;           // 5 bits

        // EETypeElementType values this runtime distinguishes.
        public const int ElementTypeValueType = 0x10, ElementTypeNullable = 0x12, ElementTypeClass = 0x14,
            ElementTypeInterface = 0x15, ElementTypeArray = 0x17, ElementTypeSzArray = 0x18;

        public int ElementType => (Flags >> ElementTypeShift) & 0x1F;
        public bool HasComponentSize => (Flags & HasComponentSizeFlag) != 0;
        public bool IsInterface => ElementType == ElementTypeInterface;
        public bool IsNullable => ElementType == ElementTypeNullable;
        public bool IsValueType => ElementType < ElementTypeClass && ElementType != 0 || ElementType == ElementTypeValueType;
        public bool IsCanonical => (Flags & KindMask) == 0;
        public bool IsArrayType => ElementType == ElementTypeArray || ElementType == ElementTypeSzArray;
        public bool HasDispatchMap => (Flags & HasDispatchMapFlag) != 0;
        public bool HasSealedVTableEntries => (Flags & HasSealedVTableEntriesFlag) != 0;
        public bool IsGeneric => (Flags & IsGenericFlag) != 0;
        public bool HasGenericVariance => (Flags & GenericVarianceFlag) != 0;

        /// <summary>The base class of a class (null for object and for interfaces), not an array's element.</summary>
        public MethodTable* BaseType => IsCanonical ? RelatedType : null;

        /// <summary>The size of a boxed value type's payload: the base size less header, MethodTable pointer and padding.</summary>
        public uint ValueTypeSize => BaseSize - 16 - (uint)((ComponentSize & 0xE0) >> 5); // padding: extended flags bits 5-7

        private byte* Self { get { fixed (MethodTable* p = &this) return (byte*)p; } }

        public void** Vtable => (void**)(Self + sizeof(MethodTable));
        public MethodTable** InterfaceMap => (MethodTable**)(Self + sizeof(MethodTable) + 8 * NumVtableSlots);

        // The first self-relative pointer after the interface map (the type manager indirection).
        private int* RelativeFields => (int*)(Self + sizeof(MethodTable) + 8 * NumVtableSlots + 8 * NumInterfaces);

        private static byte* Follow(int* field) => (byte*)field + *field;

        // Index (in the relative-pointer fields) of the dispatch map: after type manager and writable data.
        private const int DispatchMapIndex = 2;

        public DispatchMap* DispatchMap => HasDispatchMap ? (DispatchMap*)Follow(RelativeFields + DispatchMapIndex) : null;

        private int SealedSlotsIndex => DispatchMapIndex + (HasDispatchMap ? 1 : 0) + ((Flags & HasFinalizerFlag) != 0 ? 1 : 0);
        private int GenericDefinitionIndex => SealedSlotsIndex + (HasSealedVTableEntries ? 1 : 0);
        private int GenericCompositionIndex => GenericDefinitionIndex + (IsGeneric ? 1 : 0);

        private int* SealedVirtualSlots => (int*)Follow(RelativeFields + SealedSlotsIndex);

        public bool IsGenericTypeDefinition => (Flags & KindMask) == 3;

        /// <summary>The open generic type of an instantiated generic type (List&lt;int&gt; -> List&lt;&gt;).</summary>
        public MethodTable* GenericDefinition => IsGeneric ? (MethodTable*)Follow(RelativeFields + GenericDefinitionIndex) : null;

        /// <summary>A generic definition's parameter count (ILCompiler 10 keeps it in the base size field).</summary>
        public int GenericParameterCount => (int)BaseSize;

        /// <summary>Type argument <paramref name="index"/> of an instantiated generic type.</summary>
        public MethodTable* GenericArgument(int index)
        {
            int* field = RelativeFields + GenericCompositionIndex;
            // One argument: the field points at it; several: at a list of self-relative pointers.
            int* list = GenericDefinition->GenericParameterCount == 1 ? field : (int*)Follow(field);
            return (MethodTable*)Follow(list + index);
        }

        /// <summary>A variant generic definition's per-parameter variance (0 none, 1 out, 2 in, 3 array-covariant).</summary>
        public byte* GenericVarianceOfDefinition
            => IsGenericTypeDefinition && HasGenericVariance ? Follow(RelativeFields + GenericCompositionIndex) : null;

        public bool IsReferenceType => ElementType >= ElementTypeClass && ElementType <= ElementTypeSzArray;

        /// <summary>The code of a slot: a vtable slot, or (past the vtable) a sealed virtual slot.</summary>
        public void* GetSlot(int slot)
        {
            if (slot < NumVtableSlots) return Vtable[slot];
            if (!HasSealedVTableEntries) return null;
            int* sealedSlots = SealedVirtualSlots;
            int* entry = sealedSlots + (slot - NumVtableSlots);
            return (byte*)entry + *entry;
        }
    }

    /// <summary>A type's interface dispatch map: which of its slots implements which interface method.</summary>
    internal unsafe struct DispatchMap
    {
        public struct Entry
        {
            public ushort InterfaceIndex;        // into the type's interface map
            public ushort InterfaceMethodSlot;
            public ushort ImplMethodSlot;        // vtable slot, or sealed slot when >= NumVtableSlots
        }

        public ushort StandardEntryCount;        // implementations by the class
        public ushort DefaultEntryCount;         // default interface methods
        public ushort StandardStaticEntryCount;  // static virtuals (resolved at compile time; unused here)
        public ushort DefaultStaticEntryCount;

        public Entry* Entries { get { fixed (DispatchMap* p = &this) return (Entry*)((byte*)p + 8); } }
    }
}

namespace Bulkhead.Config.Boards;

/// <summary>A physical address range [Base, Base + Size).</summary>
public readonly record struct AddressRange(ulong Base, ulong Size)
{
    public ulong End => Base + Size;   // callers reject wrapping ranges before using End
    public bool Wraps => Base + Size < Base;
    public bool Overlaps(AddressRange o) => Size != 0 && o.Size != 0 && Base < o.End && o.Base < End;
    public bool Contains(AddressRange o) => o.Base >= Base && o.End <= End && !o.Wraps;
    public bool Contains(ulong address) => address >= Base && address < End;
    public override string ToString() => $"0x{Base:X8}-0x{End:X8}";
}

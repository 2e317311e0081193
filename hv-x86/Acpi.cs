namespace Bulkhead.X86
{
    /// <summary>
    /// Counts the processors the firmware lists in the ACPI MADT (enabled local APIC entries).
    /// The RSDP is searched in the BIOS area 0xE0000-0xFFFFF, as on every PC-compatible board.
    /// </summary>
    internal static unsafe class Acpi
    {
        public static int CountCores(int limit)
        {
            byte* madt = FindTable(0x43495041); // "APIC"
            if (madt == null) return limit < 1 ? limit : 1; // no ACPI: only the boot core is known
            uint length = *(uint*)(madt + 4);
            int count = 0;
            for (uint offset = 44; offset + 2 <= length; offset += madt[offset + 1])
            {
                byte type = madt[offset], size = madt[offset + 1];
                if (size < 2) break;
                if (type == 0 && (madt[offset + 4] & 1) != 0) count++;        // processor local APIC, enabled
                else if (type == 9 && (madt[offset + 8] & 1) != 0) count++;   // processor local x2APIC, enabled
            }
            if (count == 0) count = 1;
            return count < limit ? count : limit;
        }

        private static byte* FindTable(uint signature)
        {
            byte* rsdp = FindRsdp();
            if (rsdp == null) return null;
            byte* rsdt = (byte*)(ulong)*(uint*)(rsdp + 16);
            if (*(uint*)rsdt != 0x54445352) return null; // "RSDT"
            uint entries = (*(uint*)(rsdt + 4) - 36) / 4;
            for (uint i = 0; i < entries; i++)
            {
                byte* table = (byte*)(ulong)*(uint*)(rsdt + 36 + i * 4);
                if (*(uint*)table == signature) return table;
            }
            return null;
        }

        private static byte* FindRsdp()
        {
            for (ulong address = 0xE0000; address < 0x100000; address += 16)
            {
                byte* p = (byte*)address;
                if (*(ulong*)p != 0x2052545020445352UL) continue; // "RSD PTR "
                byte sum = 0;
                for (int i = 0; i < 20; i++) sum += p[i];
                if (sum == 0) return p;
            }
            return null;
        }
    }
}

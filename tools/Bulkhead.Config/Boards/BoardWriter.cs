using System.Text;

namespace Bulkhead.Config.Boards;

/// <summary>Writes a board description as the human-editable YAML that BoardLoader reads.</summary>
public static class BoardWriter
{
    public static string Write(Board b, IEnumerable<string>? notes = null)
    {
        var s = new StringBuilder();
        s.AppendLine($"# Bulkhead board description: {b.Name}");
        if (b.Source is not null) s.AppendLine($"# Imported from {b.Source} by 'bulkhead board import'. Field reference: docs/config.md.");
        foreach (var n in notes ?? Array.Empty<string>()) s.AppendLine($"# NOTE: {n}");
        s.AppendLine($"id: {b.Id}");
        s.AppendLine($"name: \"{b.Name.Replace("\"", "'")}\"");
        s.AppendLine($"arch: {b.Arch}");
        if (b.Source is not null) s.AppendLine($"source: {b.Source}");
        s.AppendLine();
        s.AppendLine("cpus:");
        s.AppendLine($"  enable_method: {b.BootMethod switch { BootMethod.Psci => "psci", BootMethod.SpinTable => "spin-table", _ => "init-sipi" }}");
        if (b.BootMethod == BootMethod.Psci) s.AppendLine($"  psci_conduit: {b.PsciConduit}");
        s.AppendLine("  cores:");
        foreach (var c in b.Cores)
            s.AppendLine(c.ReleaseAddress is { } r ? $"    - {{ mpidr: {H(c.Mpidr)}, release_address: {H(r)} }}" : $"    - {{ {(b.IsX86 ? "apic_id" : "mpidr")}: {H(c.Mpidr)} }}");
        s.AppendLine();
        s.AppendLine("ram:");
        if (b.Ram.Count == 0) s.AppendLine("  []");
        foreach (var r in b.Ram) s.AppendLine($"  - {{ base: {H(r.Base)}, size: {Size(r.Size)} }}");
        if (b.ReservedMemory.Count > 0)
        {
            s.AppendLine("reserved_memory:");
            foreach (var r in b.ReservedMemory) s.AppendLine($"  - {{ name: {r.Name}, base: {H(r.Range.Base)}, size: {Size(r.Range.Size)} }}");
        }
        s.AppendLine();
        s.AppendLine("hypervisor:");
        s.AppendLine($"  load_address: {H(b.HypervisorLoadAddress)}");
        s.AppendLine($"  reserved: {{ base: {H(b.HypervisorReserved.Base)}, size: {Size(b.HypervisorReserved.Size)} }}");
        s.AppendLine();
        s.AppendLine("console:");
        s.AppendLine($"  type: {BoardLoader.Uarts.First(kv => kv.Value == b.ConsoleType).Key}");
        s.AppendLine($"  base: {H(b.ConsoleBase)}");
        if (b.ConsoleInterrupt is { } ci) s.AppendLine($"  interrupt: {ci}");
        if (b.ConsoleType == UartKind.Ns16550 && b.ConsoleRegShift != 0) s.AppendLine($"  reg_shift: {b.ConsoleRegShift}");
        if (b.ConsoleType == UartKind.Ns16550 && b.ConsoleRegIoWidth != 1) s.AppendLine($"  reg_io_width: {b.ConsoleRegIoWidth}");
        s.AppendLine();
        s.AppendLine("interrupt_controller:");
        switch (b.InterruptController)
        {
            case InterruptControllerKind.GicV2:
                s.AppendLine("  type: gicv2");
                s.AppendLine($"  distributor: {H(b.GicDistributor)}");
                s.AppendLine($"  cpu_interface: {H(b.GicCpuInterface)}");
                s.AppendLine($"  hyp_interface: {H(b.GicHypInterface)}");
                s.AppendLine($"  virtual_cpu_interface: {H(b.GicVirtualCpuInterface)}");
                break;
            case InterruptControllerKind.GicV3:
                s.AppendLine("  type: gicv3");
                s.AppendLine($"  distributor: {H(b.GicDistributor)}");
                s.AppendLine($"  redistributors: {H(b.GicRedistributors)}");
                s.AppendLine($"  redistributor_stride: {H(b.GicRedistributorStride)}");
                break;
            case InterruptControllerKind.Apic:
                s.AppendLine("  type: apic");
                s.AppendLine($"  local_apic: {H(b.LocalApic)}");
                s.AppendLine($"  io_apic: {H(b.IoApic)}");
                break;
            default:
                s.AppendLine("  type: bcm2836");
                s.AppendLine($"  local_controller: {H(b.LocalController)}");
                s.AppendLine($"  armctrl: {H(b.ArmCtrl)}");
                break;
        }
        if (b.HasGic)
        {
            s.AppendLine($"  maintenance_interrupt: {b.MaintenanceInterrupt}");
            s.AppendLine($"  max_intid: {b.MaxIntId}");
        }
        s.AppendLine();
        if (!b.IsX86) s.AppendLine("timer: { virtual: " + b.TimerVirtual + ", physical: " + b.TimerPhysical + ", hypervisor: " + b.TimerHypervisor + ", secure: " + b.TimerSecure + " }");
        s.AppendLine();
        s.AppendLine("devices:");
        if (b.Devices.Count == 0) s.AppendLine("  []");
        foreach (var d in b.Devices)
        {
            s.Append($"  - {{ name: {d.Name}, compatible: \"{d.Compatible}\", mmio: [");
            s.Append(string.Join(", ", d.Mmio.Select(m => $"{{ base: {H(m.Base)}, size: {H(m.Size)} }}")));
            s.Append(']');
            if (d.Interrupts.Count > 0) s.Append($", interrupts: [{string.Join(", ", d.Interrupts)}]");
            if (d.Dma is { } dma) s.Append(dma.BehindIommu ? $", dma: {{ iommu: true, stream_ids: {{ first: {H(dma.FirstStreamId)}, count: {dma.StreamCount} }} }}" : ", dma: { iommu: false }");
            s.AppendLine(" }");
        }
        return s.ToString();
    }

    static string H(ulong v) => "0x" + v.ToString("X");

    static string Size(ulong v)
    {
        if (v != 0 && v % (1UL << 30) == 0) return $"{v >> 30}G";
        if (v != 0 && v % (1UL << 20) == 0) return $"{v >> 20}M";
        if (v != 0 && v % (1UL << 10) == 0 && v >= 0x10000) return $"{v >> 10}K";
        return H(v);
    }
}

// Port I/O for the native x64 baseline (GuestConfig.Native: COM1, the PIT, Bochs' shutdown port).
// Under hv-x86 guests print and power off through the hypervisor and never call these.
    .text
    .global guest_outb                   // (port, value)
guest_outb:
    mov     %edi, %edx
    mov     %esi, %eax
    out     %al, %dx
    ret

    .global guest_inb                    // (port) -> value
guest_inb:
    mov     %edi, %edx
    xor     %eax, %eax
    in      %dx, %al
    ret

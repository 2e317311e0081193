// What guests see of the CPU (hv-arm64/CpuFeatures.cs): SVE/SME trap controls, the SVE vector length
// limit, and the ID registers read at EL2 so the hypervisor can hand guests a masked copy.
#include "sysregs.h"
#include "sysreg-accessors.inc"

    .text
    WRITE_SYSREG arm64_write_cptr, cptr_el2
    WRITE_SYSREG arm64_write_zcr, S3_4_C1_C2_0          // ZCR_EL2 by encoding: no +sve needed to assemble
    READ_SYSREG  arm64_read_id_aa64pfr0, id_aa64pfr0_el1
    READ_SYSREG  arm64_read_id_aa64isar1, id_aa64isar1_el1
    READ_SYSREG  arm64_read_id_aa64isar2, S3_0_C0_C6_2

// ulong arm64_read_id_register(ulong index): index = CRm << 3 | op2 of an ID register in
// op0=3, op1=0, CRn=0, CRm=1..7 (the space HCR_EL2.TID3 traps; unallocated encodings there read
// as zero). Index 0-7 (CRm=0: MIDR, MPIDR ... ) return 0: they are not trapped by TID3.
    .global arm64_read_id_register
arm64_read_id_register:
    and     x0, x0, #0x3F
    adr     x1, 1f
    add     x1, x1, x0, lsl #3                          // every entry is two instructions
    br      x1
1:
    .rept 8
    mov     x0, #0
    ret
    .endr
    .irp crm, 1, 2, 3, 4, 5, 6, 7
    .irp op2, 0, 1, 2, 3, 4, 5, 6, 7
    mrs     x0, S3_0_C0_C\crm\()_\op2
    ret
    .endr
    .endr

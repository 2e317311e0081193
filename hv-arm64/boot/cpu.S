// Small leaf functions C# calls through [RuntimeImport] for things C# cannot express:
// system registers, SMC, barriers. (Write barriers: unikernel-sdk/arm64/runtime.S.)
#include "sysregs.h"

    .text
.macro READ_SYSREG name, reg
    .global \name
\name:
    mrs     x0, \reg
    ret
.endm

    READ_SYSREG arm64_read_currentel, CurrentEL
    READ_SYSREG arm64_read_mpidr, mpidr_el1
    READ_SYSREG arm64_read_midr, midr_el1
    READ_SYSREG arm64_read_id_aa64mmfr0, id_aa64mmfr0_el1
    READ_SYSREG arm64_read_cntfrq, cntfrq_el0
    READ_SYSREG arm64_read_cntpct, cntpct_el0

    .global arm64_install_vectors       // (x0 = vector base)
arm64_install_vectors:
    msr     vbar_el2, x0
    isb
    ret

    .global arm64_vector_base
arm64_vector_base:
    ldr     x0, =hv_vectors
    ret

    .global arm64_smc                   // x0 = function id, x1..x3 = arguments; returns x0
arm64_smc:
    smc     #0
    ret

    .global arm64_halt
arm64_halt:
    msr     daifset, #0xf
1:  wfe
    b       1b

    .global arm64_dsb_sy
arm64_dsb_sy:
    dsb     sy
    ret

// Fault injection for the panic path test: reads an address outside the 4 GiB map.
    .global arm64_touch_unmapped
arm64_touch_unmapped:
    mov     x0, #0x100000000
    ldr     x0, [x0]
    ret


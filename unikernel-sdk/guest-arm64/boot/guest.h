// ARM64 EL1 register values for the guest runtime's boot assembly.
#pragma once

// CPACR_EL1.FPEN = 0b11: FP/SIMD at EL1 and EL0 not trapped.
#define CPACR_EL1_FP_ON         (3 << 20)

// MAIR_EL1: attribute 0 = Device-nGnRnE, attribute 1 = Normal write-back.
#define MAIR_EL1_VALUE          0xff00

// TCR_EL1: EPD1 (no TTBR1 walks), TG0=4 KiB, SH0=inner, ORGN0/IRGN0=WB-WA, T0SZ=24 (40 bits,
// level-0 start); IPS (bits 34:32) is added at boot from the CPU's PARange (identity-map.inc).
#define TCR_EL1_VALUE           0x803518
#define TCR_EL1_IPS_SHIFT       32

// Level-2 tables of the identity map: the domain's RAM is one range, so at most two 1 GiB slots
// are covered in part (link.ld reserves them).
#define IDENTITY_L2_TABLES      2

// SCTLR_EL1: RES1 bits + M, C, SA, I. Alignment checks off.
#define SCTLR_EL1_MMU_ON        0x30d0180d

#define PTE_BLOCK_DEVICE_EL1    0x0060000000000401    // block, AttrIndx=0 (Device), AF, UXN+PXN

#define STACK_SIZE              0x4000                // per vCPU
#define MAX_VCPUS               8

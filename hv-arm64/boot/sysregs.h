// ARM64 register values used by the boot assembly. The C# side keeps its own constants in
// Registers.cs; these are the values needed before the first C# instruction.
#pragma once

#define MPIDR_AFF_MASK          0xff00ffffff

// arm64 Image header flags: bit 0 = 0 little-endian, bits 2:1 = 1 4 KiB pages, bit 3 = 0 the image
// must sit at the 2 MiB-aligned base of RAM + text_offset (it is linked at a fixed address; the
// build checks that the board's load_address is that placement, tools/Bulkhead.Config/Boards/BootPlacement.cs).
#define IMAGE_HEADER_FLAGS      0x2

// CPTR_EL2 (E2H=0): RES1 bits 13:12 and 9:0, TFP (bit 10) clear -> FP/SIMD not trapped.
#define CPTR_EL2_NO_TRAPS       0x33ff

// MAIR_EL2: attribute 0 = Device-nGnRnE, attribute 1 = Normal, inner/outer write-back RW-allocate.
#define MAIR_EL2_VALUE          0xff00

// TCR_EL2: RES1 bits 31 and 23, TG0=4 KiB, SH0=inner, ORGN0/IRGN0=WB-WA, T0SZ=24 (40 bits,
// level-0 start); PS (bits 18:16) is added at boot from the CPU's PARange (identity-map.inc).
#define TCR_EL2_VALUE           0x80803518
#define TCR_EL2_PS_SHIFT        16

// Level-2 tables of the EL2 identity map for the 1 GiB slots RAM covers in part (link.ld reserves them).
#define HV_IDENTITY_L2_TABLES   16

// Level-3 tables of a coloured hypervisor's own map (hv-color.S; link.ld reserves them): the 2 MiB blocks its image may span.
#define HV_COLOR_L3_TABLES      4

// SCTLR_EL2: RES1 bits + M (MMU), C (data cache), SA (stack alignment), I (icache). A stays 0.
#define SCTLR_EL2_MMU_ON        0x30c5183d

// Translation table descriptors.
#define PTE_BLOCK_DEVICE        0x0040000000000401    // block, AttrIndx=0 (Device), AF, XN

// Hypervisor stacks: one per physical core (link.ld reserves HV_MAX_CORES of them).
#define HV_STACK_SIZE           0x4000
#define HV_MAX_CORES            8

// x86 constants shared by the boot assembly files (the C# side has Registers.cs / VmcsFields.cs).
#pragma once

#define MULTIBOOT_MAGIC         0x1BADB002
#define MULTIBOOT_FLAGS         0x00000003   // bit 0: page-align modules, bit 1: memory map
#define MULTIBOOT_LOADER_MAGIC  0x2BADB002   // EAX on entry from a multiboot loader

#define SEL_CODE64      0x08
#define SEL_DATA        0x10
#define SEL_CODE32      0x18         // only for application processors on their way to long mode
#define SEL_TSS0        0x20         // core n: SEL_TSS0 + 16 * n (VMX host state needs a non-zero TR)

#define MAX_CORES       8
#define TSS_STRIDE      128
#define AP_STACK_SIZE   0x8000       // per application processor (the boot core uses __stack_top)
#define IST_STACK_SIZE  0x2000       // per core: NMI, double fault, machine check
#define AP_TRAMPOLINE   0x8000       // real-mode start page for STARTUP IPIs (vector 0x08)

#define CR0_PE          (1 << 0)
#define CR0_MP          (1 << 1)
#define CR0_EM          (1 << 2)
#define CR0_NE          (1 << 5)
#define CR0_WP          (1 << 16)
#define CR0_PG          (1 << 31)
#define CR4_PAE         (1 << 5)
#define CR4_OSFXSR      (1 << 9)
#define CR4_OSXMMEXCPT  (1 << 10)

#define MSR_EFER        0xC0000080
#define EFER_LME        (1 << 8)
#define EFER_NXE        (1 << 11)

#define PTE_P           0x001
#define PTE_RW          0x002
#define PTE_PS          0x080

#define COM1_DEFAULT    0x3F8        // used only before C# runs (the board's port is __uart_base)
#define UART_LSR        5
#define UART_LSR_THRE   0x20

#define TRAP_FRAME_SIZE (22 * 8)     // 15 GPRs + vector + error + rip, cs, rflags, rsp, ss

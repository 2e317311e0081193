// Multiboot v1 entry: the loader (GRUB, QEMU -kernel) starts us in 32-bit protected mode with
// paging off, EAX = 0x2BADB002 and EBX = the multiboot information. The trampoline builds an
// identity map of the low 4 GiB in 2 MiB pages, enables SSE (ILCompiler's code uses XMM
// registers), switches to long mode, loads the GDT (with a TSS: VMX host state needs a non-zero
// TR), zeroes .bss and calls kmain(boot_arg, heap_start, heap_end, modules_start, modules_end).
#include "x86.h"

    .section .multiboot, "a"
    .balign 4
multiboot_header:
    .long   MULTIBOOT_MAGIC
    .long   MULTIBOOT_FLAGS
    .long   -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

    .section .text.boot, "ax"
    .code32
    .global _start
_start:
    cli
    cld
    mov     %ebx, %edi                   // multiboot info (stays in EDI, the first C# argument)
    cmp     $MULTIBOOT_LOADER_MAGIC, %eax
    je      1f
    xor     %edi, %edi                   // not started by a multiboot loader: no boot information
1:
    mov     $__stack_top, %esp

    // Long mode present? (CPUID 0x80000001 EDX bit 29)
    mov     $0x80000000, %eax
    cpuid
    cmp     $0x80000001, %eax
    jb      no_long_mode
    mov     $0x80000001, %eax
    cpuid
    bt      $29, %edx
    jnc     no_long_mode

    // Page tables: clear, then PML4[0] -> PDPT, PDPT[0..3] -> PD0..3, PDn = 2 MiB pages.
    // They live in .pagetables, outside the .bss that is zeroed later.
    push    %edi
    mov     $__pt_start, %edi
    mov     $(6 * 4096 / 4), %ecx
    xor     %eax, %eax
    rep stosl
    pop     %edi

    mov     $__pt_pdpt, %eax
    or      $(PTE_P | PTE_RW), %eax
    mov     %eax, __pt_pml4

    xor     %ecx, %ecx                   // PDPT entries 0..3
2:  mov     %ecx, %eax
    shl     $12, %eax
    add     $__pt_pd, %eax
    or      $(PTE_P | PTE_RW), %eax
    mov     %eax, __pt_pdpt(,%ecx,8)
    inc     %ecx
    cmp     $4, %ecx
    jb      2b

    xor     %ecx, %ecx                   // 2048 PD entries: entry i maps i * 2 MiB
3:  mov     %ecx, %eax
    shl     $21, %eax
    or      $(PTE_P | PTE_RW | PTE_PS), %eax
    mov     %eax, __pt_pd(,%ecx,8)
    inc     %ecx
    cmp     $2048, %ecx
    jb      3b

    call    enter_long_mode_paging
    lgdt    gdt_pointer32
    ljmp    $SEL_CODE64, $long_mode

// CR3 = the boot identity map, SSE on, EFER.LME, paging on: shared by every core.
    .global enter_long_mode_paging
enter_long_mode_paging:
    mov     $__pt_pml4, %eax
    mov     %eax, %cr3
    mov     %cr4, %eax
    or      $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
    mov     %eax, %cr4
    mov     $MSR_EFER, %ecx
    rdmsr
    or      $EFER_LME, %eax
    wrmsr
    mov     %cr0, %eax
    and     $~CR0_EM, %eax
    or      $(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG), %eax
    mov     %eax, %cr0
    ret

no_long_mode:
    mov     $msg_no_long_mode, %esi
    mov     $COM1_DEFAULT, %dx
4:  lodsb
    test    %al, %al
    jz      6f
    mov     %al, %ah
    add     $UART_LSR, %dx
5:  in      %dx, %al
    test    $UART_LSR_THRE, %al
    jz      5b
    sub     $UART_LSR, %dx
    mov     %ah, %al
    out     %al, %dx
    jmp     4b
6:  hlt
    jmp     6b

    .code64
long_mode:
    mov     $SEL_DATA, %ax
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    xor     %eax, %eax
    mov     %ax, %fs
    mov     %ax, %gs
    mov     $__stack_top, %rsp
    mov     %edi, %r12d                  // boot argument (zero-extended)

    // Zero .bss (the TSSs and the IDT live there).
    mov     $__bss_start, %rdi
    mov     $__bss_end, %rcx
    sub     %rdi, %rcx
    shr     $3, %rcx
    xor     %eax, %eax
    rep stosq

    // One TSS per core (a TSS is busy while loaded: cores cannot share one). Fill their
    // descriptors (a 64-bit base cannot be a link-time constant split across fields) and IST1.
    xor     %ecx, %ecx
8:  mov     %ecx, %eax
    imul    $TSS_STRIDE, %eax
    lea     tss(%rip), %rdx
    add     %rax, %rdx                   // rdx = this core's TSS
    mov     %ecx, %eax
    inc     %eax
    imul    $IST_STACK_SIZE, %eax
    movabs  $__ist_stacks, %rsi
    add     %rax, %rsi
    mov     %rsi, 36(%rdx)               // IST1
    movw    $104, 102(%rdx)              // I/O map base beyond the limit: no I/O bitmap
    mov     %ecx, %eax
    shl     $4, %eax
    lea     gdt_tss(%rip), %rbx
    add     %rax, %rbx                   // rbx = this core's descriptor
    movw    $103, (%rbx)                 // limit
    mov     %rdx, %rax
    mov     %ax, 2(%rbx)
    shr     $16, %rax
    mov     %al, 4(%rbx)
    movb    $0x89, 5(%rbx)               // present, 64-bit available TSS
    movb    $0, 6(%rbx)
    mov     %ah, 7(%rbx)
    shr     $16, %rax
    mov     %eax, 8(%rbx)
    movl    $0, 12(%rbx)
    inc     %ecx
    cmp     $MAX_CORES, %ecx
    jb      8b
    lgdt    gdt_pointer64(%rip)
    mov     $SEL_TSS0, %ax
    ltr     %ax

    call    idt_install

    mov     %r12, %rdi
    mov     $__heap_start, %rsi
    mov     $__heap_end, %rdx
    mov     $__modules_start, %rcx
    mov     $__modules_end, %r8
    call    kmain
7:  cli
    hlt
    jmp     7b

    .section .rodata
msg_no_long_mode:
    .asciz  "PANIC: this CPU has no long mode (x86-64); Bulkhead needs a 64-bit CPU\r\n"

    .data
    .balign 16
    .global gdt
gdt:
    .quad   0                            // null
    .quad   0x00AF9A000000FFFF           // 0x08: 64-bit code, DPL 0
    .quad   0x00CF92000000FFFF           // 0x10: data, DPL 0
    .quad   0x00CF9A000000FFFF           // 0x18: 32-bit code (application processor start)
gdt_tss:                                 // 0x20: one 16-byte TSS descriptor per core, filled at boot
    .fill   MAX_CORES * 16, 1, 0
gdt_end:

    .balign 8
    .global gdt_pointer32
gdt_pointer32:
    .word   gdt_end - gdt - 1
    .long   gdt
    .balign 8
gdt_pointer64:
    .word   gdt_end - gdt - 1
    .quad   gdt

    .bss
    .balign 16
    .global tss
tss:
    .skip   MAX_CORES * TSS_STRIDE

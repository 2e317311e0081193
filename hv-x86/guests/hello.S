// The well-behaved guest: prints through the hypercall console and through the emulated COM1,
// checks that CPUID hides VMX and names the hypervisor, then stops itself.
#include "guest.h"

    .text
    .global _start
_start:
    PRINT   hello

    mov     $HC_ABI_VERSION, %eax
    vmcall
    shr     $16, %rdi                    // ABI major version 1 (any minor)
    cmp     $1, %rdi
    jne     fail

    mov     $1, %eax                     // CPUID.1:ECX.VMX must be hidden, the hypervisor bit set
    cpuid
    bt      $5, %ecx
    jc      fail
    bt      $31, %ecx
    jnc     fail
    mov     $0x40000000, %eax
    cpuid
    cmp     $0x6B6C7542, %ebx            // "Bulk"
    jne     fail
    PRINT   cpuid_ok

    rdtsc                                // allowed, no exit
    mov     $0x10, %ecx                  // RDMSR IA32_TSC: on the allow-list
    rdmsr

    lea     serial(%rip), %rsi           // the same text through the emulated COM1
1:  lodsb
    test    %al, %al
    jz      2f
    mov     %al, %bl
    mov     $0x3FD, %dx
3:  in      %dx, %al
    test    $0x20, %al
    jz      3b
    mov     $0x3F8, %dx
    mov     %bl, %al
    out     %al, %dx
    jmp     1b
2:
    PRINT   bye
    mov     $HC_DOMAIN_STOP, %eax
    vmcall
    hlt                                  // not reached

fail:
    PRINT   failed
    mov     $HC_DOMAIN_STOP, %eax
    vmcall

    STRING  hello, "hello from a VMX guest, through the VMCALL console\n"
    STRING  cpuid_ok, "CPUID: VMX hidden, hypervisor BulkheadHV\n"
    STRING  bye, "done, stopping myself\n"
    STRING  failed, "FAILED: unexpected hypervisor behaviour\n"
serial:
    .asciz  "and this line went through the emulated COM1\n"

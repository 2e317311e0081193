// The hostile guest: announces itself, then reads memory just past its own (not in its EPT map).
// The hypervisor must stop it with one EPT violation line and keep running.
#include "guest.h"

    .text
    .global _start
_start:
    mov     %rsi, %r12
    add     %rdx, %r12                   // first byte after the domain's memory
    PRINT   hello
    mov     (%r12), %rax                 // -> EPT violation
    PRINT   escaped
    mov     $HC_DOMAIN_STOP, %eax
    vmcall

    STRING  hello, "about to read outside my memory\n"
    STRING  escaped, "FAILED: read outside my memory succeeded\n"

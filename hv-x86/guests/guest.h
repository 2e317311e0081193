// Test guests of the x86 backend: 64-bit, position-independent (one flat binary runs at any
// domain base). Entry state: long mode, identity paging, RSP below the page tables at the top of
// the domain's first RAM region, RDI = entry argument, RSI = RAM base, RDX = RAM size.
// The hypercall ABI is docs/abi.md.
#pragma once

#define HC_ABI_VERSION      0xC6000000
#define HC_CONSOLE_WRITE    0xC6000001
#define HC_DOMAIN_INFO      0xC6000002
#define HC_DOMAIN_STOP      0xC6000004
#define HC_DOMAIN_RESTART   0xC6000005
#define HC_FATAL_ERROR      0xC6000006
#define HC_DOMAIN_NAME      0xC6000008

// CONSOLE_WRITE of a string defined with STRING below.
.macro PRINT label
    lea     \label(%rip), %rdi
    mov     $(\label\()_end - \label), %esi
    mov     $HC_CONSOLE_WRITE, %eax
    vmcall
.endm

.macro STRING label, text
\label:
    .ascii  "\text"
\label\()_end:
.endm

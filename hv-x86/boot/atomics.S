// Atomic bit operations on 64-bit words another core may change at the same time (pending
// interrupt vectors: one core pends, the owner's core takes them). System V: rdi, rsi.

    .text
    .global x86_atomic_or64              // (location, bits)
x86_atomic_or64:
    lock or %rsi, (%rdi)
    ret

    .global x86_atomic_and64             // (location, bits)
x86_atomic_and64:
    lock and %rsi, (%rdi)
    ret

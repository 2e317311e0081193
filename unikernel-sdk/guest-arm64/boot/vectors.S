// The guest runtime's EL1 exception vectors: every exception lands in guest_trap.
#include "exception-vectors.inc"

    EXCEPTION_VECTORS guest_vectors, el1, guest_trap

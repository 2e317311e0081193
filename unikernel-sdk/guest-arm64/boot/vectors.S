// The guest runtime's EL1 exception vectors: interrupts land in guest_irq, everything else in
// guest_trap (GuestEntry.cs); FP/SIMD is saved lazily around interrupt handlers.
#include "guest.h"
#include "exception-vectors.inc"

    EXCEPTION_VECTORS guest_vectors, guest_irq, guest_trap, CPACR_EL1_FP_ON

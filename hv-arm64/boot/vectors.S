// The hypervisor's EL2 exception vectors: every exception lands in hv_trap (Entry.cs).
#include "exception-vectors.inc"

    EXCEPTION_VECTORS hv_vectors, el2, hv_trap

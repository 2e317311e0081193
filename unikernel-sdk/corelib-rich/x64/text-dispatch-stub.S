// TEMPORARY (text branch): interface dispatch is the dispatch branch's work (dispatch*.S). Until it
// is merged, an interface call in a rich guest stops the domain with a clear message instead of
// failing to link. MERGE (lead): delete this file (and arm64/text-dispatch-stub.S).
    .text
    .global RhpInitialDynamicInterfaceDispatch
RhpInitialDynamicInterfaceDispatch:
    jmp     bh_text_no_interface_dispatch

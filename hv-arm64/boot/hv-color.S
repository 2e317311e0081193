// The hypervisor's own cache colour (docs/cache-coloring.md, "The hypervisor's colour"). In a
// coloured system the build links hv_color_count (the board's LLC colours), hv_color_pool and
// hv_color_pool_size (a range of whole colour periods: the largest coloured domain span, whose
// colour-0 pages no domain may map, BH127). Then the boot core, with its MMU still off, right after
// the identity map is built (mmu.S) and before any C#:
//   1. splits the EL2 map where the hypervisor lives into 4 KiB pages (a level-2 table for its
//      1 GiB slot if that was one block, a level-3 table per 2 MiB block it spans) and maps page i
//      of [__hv_color_start, __hv_colored_end) (code, data, .bss, page tables, stacks) onto the
//      first page of colour period i of the pool, which is of colour 0; the rest stays identity;
//   2. points every table descriptor that named a table inside that range at the table's copy;
//   3. copies the range, page by page, onto those pages (the original stays: secondary cores enter
//      it with their MMU off, and all it holds for them is code and literals).
// TTBR0_EL2 then takes the copy of __pt_l0 (link.ld: __hv_el2_root, a link-time constant), so from
// the MMU switch on every core runs on colour 0. The heap stays identity-mapped (link.ld).
// With hv_color_count 0 (link.ld's default) nothing here runs (mmu.S). Fails loudly when the pool is too small.
#include "sysregs.h"

// \reg = the colour-0 copy's address of the range address \reg: pool + page * period + offset.
// x16 = __hv_color_start, x17 = pool, x18 = period (colours * 4 KiB). Clobbers \tmp.
.macro COLOR_PA reg, tmp
    sub     \tmp, \reg, x16
    lsr     \tmp, \tmp, #12
    mul     \tmp, \tmp, x18
    add     \tmp, \tmp, x17
    and     \reg, \reg, #0xfff
    add     \reg, \reg, \tmp
.endm

    .text
    .global hv_color_relocate           // boot core, MMU off, after mmu_build_identity. Clobbers x0-x18.
hv_color_relocate:
    ldr     x16, =__hv_color_start
    ldr     x15, =__hv_colored_end
    ldr     x17, =hv_color_pool
    ldr     x3, =hv_color_count
    lsl     x18, x3, #12                 // one colour period in bytes
    // The pool: whole periods from a colour-0 page, one period per page of the range.
    lsr     x2, x17, #12
    udiv    x4, x2, x3
    msub    x4, x4, x3, x2
    adr     x0, msg_pool_colour
    cbnz    x4, color_fail
    sub     x1, x15, x16
    lsr     x1, x1, #12                  // pages of the range
    ldr     x2, =hv_color_pool_size
    udiv    x2, x2, x18                  // periods in the pool
    cmp     x1, x2
    b.hi    pool_small
    ldr     x2, =hv_color_pool_size      // the pool must not overlap the hypervisor's footprint
    add     x2, x17, x2
    ldr     x4, =__image_start
    ldr     x5, =__image_footprint_end
    adr     x0, msg_pool_overlap
    cmp     x2, x4
    b.ls    1f
    cmp     x17, x5
    b.lo    color_fail
1:  sub     x2, x15, #1                  // the range lies in one 1 GiB slot
    eor     x2, x2, x16
    lsr     x2, x2, #30
    adr     x0, msg_slot
    cbnz    x2, color_fail

    // Level 1: the slot's entry (the two level-1 tables are consecutive).
    ldr     x9, =__pt_l1
    lsr     x2, x16, #30
    add     x9, x9, x2, lsl #3
    ldr     x3, [x9]
    and     x4, x3, #3
    cmp     x4, #3
    b.eq    3f
    adr     x0, msg_not_ram
    cmp     x4, #1
    b.ne    color_fail
    ldr     x10, =__pt_color_l2          // a 1 GiB block: 512 blocks of 2 MiB with its attributes
    mov     x5, x10
    mov     x6, #512
2:  str     x3, [x5], #8
    add     x3, x3, #0x200000
    subs    x6, x6, #1
    b.ne    2b
    orr     x3, x10, #3
    str     x3, [x9]
    b       4f
3:  and     x10, x3, #0xfffffffff000

    // Level 2 -> 3: a table of 4 KiB pages for each 2 MiB block the range touches.
4:  ldr     x11, =__pt_color_l3
    mov     x12, #HV_COLOR_L3_TABLES
    and     x13, x16, #0xffffffffffe00000
5:  cmp     x13, x15
    b.hs    9f
    adr     x0, msg_l3
    cbz     x12, color_fail
    ubfx    x2, x13, #21, #9
    add     x9, x10, x2, lsl #3
    ldr     x3, [x9]
    and     x4, x3, #3
    adr     x0, msg_not_ram
    cmp     x4, #1
    b.ne    color_fail
    and     x3, x3, #0xffff000000000fff  // the block's attributes, bits 1:0 = page
    orr     x3, x3, #2
    mov     x5, x11
    mov     x6, x13
    mov     x7, #512
6:  mov     x0, x6
    cmp     x6, x16
    b.lo    7f
    cmp     x6, x15
    b.hs    7f
    COLOR_PA x0, x1
7:  orr     x0, x0, x3
    str     x0, [x5], #8
    add     x6, x6, #0x1000
    subs    x7, x7, #1
    b.ne    6b
    orr     x0, x11, #3                  // table descriptor; translated with the others below
    str     x0, [x9]
    add     x11, x11, #4096
    sub     x12, x12, #1
    add     x13, x13, #0x200000
    b       5b

    // Table descriptors naming a table inside the range name its copy: those of level 0 and of
    // the two level-1 tables (consecutive after __pt_l0), then those of the slot's level-2 table
    // (the only one with table descriptors: the identity map's others hold blocks only).
9:  ldr     x5, =__pt_l0
    add     x6, x5, #3 * 4096
    mov     x8, #0
10: cmp     x5, x6
    b.lo    19f
    cbnz    x8, 12f
    mov     x8, #1
    mov     x5, x10
    add     x6, x10, #4096
19:
    ldr     x0, [x5]
    and     x2, x0, #3
    cmp     x2, #3
    b.ne    11f
    and     x2, x0, #0xfffffffff000
    cmp     x2, x16
    b.lo    11f
    cmp     x2, x15
    b.hs    11f
    COLOR_PA x2, x1
    and     x0, x0, #0xffff000000000fff
    orr     x0, x0, x2
    str     x0, [x5]
11: add     x5, x5, #8
    b       10b

    // The copy: page i to the first page of period i (16-byte aligned, fine with the MMU off).
    // The writes go to memory (MMU off: not cacheable); each copied page is then invalidated to
    // the point of coherency so that no line the firmware left in a cache hides it once the MMU
    // and caches are on (as Linux does for the tables it writes before its MMU is on).
12: mrs     x8, ctr_el0
    ubfx    x8, x8, #16, #4              // DminLine: log2 of the smallest data cache line in words
    mov     x9, #4
    lsl     x8, x9, x8
    mov     x5, x16
    mov     x6, x17
13: cmp     x5, x15
    b.hs    15f
    mov     x7, #64
14: ldp     q0, q1, [x5], #32
    ldp     q2, q3, [x5], #32
    stp     q0, q1, [x6], #32
    stp     q2, q3, [x6], #32
    subs    x7, x7, #1
    b.ne    14b
    sub     x0, x6, #4096
20: dc      ivac, x0
    add     x0, x0, x8
    cmp     x0, x6
    b.lo    20b
    add     x6, x6, x18
    sub     x6, x6, #4096
    b       13b
15: dsb     sy
    ic      iallu
    dsb     sy
    isb
    ret

// "PANIC: hypervisor colouring: the colour-0 pool is too small: <pages> pages need as many colour
// periods, the pool at <pool> has <periods> ..." (x1 = pages, x2 = periods), then stops this core.
pool_small:
    mov     x6, x1
    mov     x7, x2
    adr     x0, msg_prefix
    bl      color_puts
    adr     x0, msg_small_1
    bl      color_puts
    mov     x0, x6
    bl      color_putdec
    adr     x0, msg_small_2
    bl      color_puts
    ldr     x0, =hv_color_pool
    bl      color_puthex
    adr     x0, msg_small_3
    bl      color_puts
    mov     x0, x7
    bl      color_putdec
    adr     x0, msg_small_4
    bl      color_puts
    b       color_stop

// Prints "PANIC: hypervisor colouring: " and the message at x0, then stops this core.
color_fail:
    mov     x6, x0
    adr     x0, msg_prefix
    bl      color_puts
    mov     x0, x6
    bl      color_puts
color_stop:
    wfe
    b       color_stop

// The NUL-terminated string at x0 (early_putc: clobbers x0-x2). Clobbers x0-x5, x30.
color_puts:
    mov     x5, x30
    mov     x4, x0
1:  ldrb    w0, [x4], #1
    cbz     w0, 2f
    bl      early_putc
    b       1b
2:  ret     x5

// x0 in decimal (at most 20 digits, built on the stack-free scratch x8-x12). Clobbers x0-x5, x8-x12, x30.
color_putdec:
    mov     x5, x30
    mov     x8, x0
    mov     x9, #1                       // x9 = the largest power of ten <= x8
    mov     x10, #10
1:  udiv    x11, x8, x9
    cmp     x11, #10
    b.lo    2f
    mul     x9, x9, x10
    b       1b
2:  udiv    x11, x8, x9
    msub    x8, x11, x9, x8
    add     w0, w11, #'0'
    bl      early_putc
    udiv    x9, x9, x10
    cbnz    x9, 2b
    ret     x5

// "0x" and x0 in hex, 8 or 16 digits. Clobbers x0-x5, x8-x9, x30.
color_puthex:
    mov     x5, x30
    mov     x8, x0
    mov     w0, #'0'
    bl      early_putc
    mov     w0, #'x'
    bl      early_putc
    mov     x9, #32
    lsr     x0, x8, #32
    cbz     x0, 1f
    mov     x9, #64
1:  sub     x9, x9, #4
    lsr     x0, x8, x9
    and     x0, x0, #0xf
    cmp     x0, #10
    add     x1, x0, #'0'
    add     x0, x0, #('a' - 10)
    csel    x0, x1, x0, lo
    bl      early_putc
    cbnz    x9, 1b
    ret     x5

    // C#'s view of the layout (HvColoring.cs): 0 colours (0 = not coloured), 1 range start,
    // 2 range end, 3 pool, 4 pool size.
    .global arm64_hv_color_layout
arm64_hv_color_layout:
    cmp     x0, #1
    b.eq    1f
    cmp     x0, #2
    b.eq    2f
    cmp     x0, #3
    b.eq    3f
    cmp     x0, #4
    b.eq    4f
    ldr     x0, =hv_color_count
    ret
1:  ldr     x0, =__hv_color_start
    ret
2:  ldr     x0, =__hv_colored_end
    ret
3:  ldr     x0, =hv_color_pool
    ret
4:  ldr     x0, =hv_color_pool_size
    ret

    .global arm64_read_ttbr0_el2
arm64_read_ttbr0_el2:
    mrs     x0, ttbr0_el2
    ret

msg_prefix:
    .asciz  "PANIC: hypervisor colouring: "
msg_small_1:
    .asciz  "the colour-0 pool is too small: the hypervisor's code, data, tables and stacks are "
msg_small_2:
    .asciz  " pages of 4 KiB, one colour period of the pool each; the pool at "
msg_small_3:
    .asciz  " (the largest coloured domain span) has "
msg_small_4:
    .asciz  " periods. Give a coloured domain more RAM or fewer colours.\r\n"
msg_pool_colour:
    .asciz  "the pool does not start on a colour-0 page\r\n"
msg_pool_overlap:
    .asciz  "the pool overlaps the hypervisor's image\r\n"
msg_slot:
    .asciz  "the hypervisor's image crosses a 1 GiB boundary\r\n"
msg_not_ram:
    .asciz  "the hypervisor's image is not in RAM the identity map covers with blocks\r\n"
msg_l3:
    .asciz  "the hypervisor's image spans more 2 MiB blocks than HV_COLOR_L3_TABLES\r\n"
    .balign 4

using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Arm64
{
    /// <summary>The assembly leaf functions in boot/cpu.S (each compiles to one direct call).</summary>
    internal static unsafe class Cpu
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_currentel")]
        public static extern ulong ReadCurrentEL();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_mpidr")]
        public static extern ulong ReadMpidr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_cntfrq")]
        public static extern ulong ReadCounterFrequency();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_vector_base")]
        public static extern ulong VectorBase();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_install_vectors")]
        public static extern void InstallVectors(ulong vectorBase);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_smc")]
        public static extern long Smc(ulong function, ulong arg1, ulong arg2, ulong arg3);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_halt")]
        public static extern void Halt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_touch_unmapped")]
        public static extern ulong TouchUnmapped();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_hpfar")]
        public static extern ulong ReadHpfar();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_tpidr")]
        public static extern ulong ReadTpidr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_tpidr")]
        public static extern void WriteTpidr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_midr")]
        public static extern ulong ReadMidr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_id_aa64mmfr0")]
        public static extern ulong ReadMmfr0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_hcr")]
        public static extern void WriteHcr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_vtcr")]
        public static extern void WriteVtcr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_vmpidr")]
        public static extern void WriteVmpidr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_vpidr")]
        public static extern void WriteVpidr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_sctlr_el1")]
        public static extern void WriteSctlrEl1(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_cnthctl")]
        public static extern void WriteCnthctl(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_cntvoff")]
        public static extern void WriteCntvoff(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_cntv_ctl")]
        public static extern void WriteCntvCtl(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_icc_iar1")]
        public static extern ulong ReadIccIar1();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_eoir1")]
        public static extern void WriteIccEoir1(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_dir")]
        public static extern void WriteIccDir(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_pmr")]
        public static extern void WriteIccPmr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_icc_ctlr")]
        public static extern ulong ReadIccCtlr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_ctlr")]
        public static extern void WriteIccCtlr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_igrpen1")]
        public static extern void WriteIccIgrpen1(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_sgi1r")]
        public static extern void WriteIccSgi1r(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_icc_iar0")]
        public static extern ulong ReadIccIar0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_eoir0")]
        public static extern void WriteIccEoir0(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_igrpen0")]
        public static extern void WriteIccIgrpen0(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_ap1r0")]
        public static extern void WriteIccAp1r0(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_bpr1")]
        public static extern void WriteIccBpr1(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_icc_sre_el2")]
        public static extern ulong ReadIccSreEl2();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_icc_sre_el2")]
        public static extern void WriteIccSreEl2(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_ich_hcr")]
        public static extern ulong ReadIchHcr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_ich_hcr")]
        public static extern void WriteIchHcr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_ich_vtr")]
        public static extern ulong ReadIchVtr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_ich_elrsr")]
        public static extern ulong ReadIchElrsr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_ich_vmcr")]
        public static extern void WriteIchVmcr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_ich_ap1r0")]
        public static extern void WriteIchAp1r0(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_ich_lr")]
        public static extern void WriteIchLr(ulong index, ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_irq_unmask")]
        public static extern void IrqUnmask();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_irq_mask")]
        public static extern void IrqMask();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_wfi")]
        public static extern void WaitForInterrupt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_switch_stage2")]
        public static extern void SwitchStage2(ulong vttbr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_sync_caches")]
        public static extern void SyncCaches(ulong start, ulong size);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_atomic_swap32")]
        public static extern uint AtomicSwap32(uint* location, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_atomic_or64")]
        public static extern ulong AtomicOr64(ulong* location, ulong bits);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_atomic_take64")]
        public static extern ulong AtomicTake64(ulong* location);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_store_release32")]
        public static extern void StoreRelease32(uint* location, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_enter_guest")]
        public static extern void EnterGuest(ulong entry, ulong argument, ulong stackTop);





        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_secondary_entry")]
        public static extern ulong SecondaryEntry();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_stacks_start")]
        public static extern ulong StacksStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_cntpct")]
        public static extern ulong ReadCounter();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_cnthp_cval")]
        public static extern void WriteHypTimerCompare(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_cnthp_ctl")]
        public static extern void WriteHypTimerControl(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_reset_el1_state")]
        public static extern void ResetEl1State();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_mdcr")]
        public static extern ulong ReadMdcr();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_mdcr")]
        public static extern void WriteMdcr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_id_aa64dfr0")]
        public static extern ulong ReadDfr0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_dsb_sy")]
        public static extern void DataSyncBarrier();

        /// <summary>The exception level the CPU runs at (CurrentEL bits 3:2).</summary>
        public static int ExceptionLevel => (int)((ReadCurrentEL() >> 2) & 3);
    }
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_HW_REGS_H_
#define _VXE_HW_REGS_H_

#include <linux/bits.h>
#include <linux/types.h>

/**
 * DOC: vxe register interface
 *
 * This header is the programming reference of the virtual GPU: the only
 * thing the driver and the device model share. Both sides include it; the
 * driver never includes a vxe_hw_*.h header other than this one and
 * vxe_hw.h (which declares the bus-level accessors), and the device model
 * never includes a driver header.
 *
 * All registers are 32 bits wide and live in one MMIO window. Offsets not
 * listed here read as all-ones and ignore writes, as an unclaimed PCI read
 * would.
 *
 * Identification block (read-only):
 *
 * - %VXE_REG_ID: PCI-style device id in bits 15:0, revision in 23:16.
 * - %VXE_REG_GMDID: graphics IP version, laid out as Xe's GMD_ID
 *   (architecture 31:22, release 21:14, revision 5:0).
 * - %VXE_REG_VA_BITS: width of a GPU virtual address.
 * - %VXE_REG_PAGE_SIZES: one bit per supported leaf size, bit n meaning
 *   a page of 2^n bytes (4K, 64K, 2M and 1G on an Xe2-class part).
 * - %VXE_REG_ENGINES: one bit per engine present, see VXE_ENGINE_BIT().
 * - %VXE_REG_VRAM_SIZE_LO / %VXE_REG_VRAM_SIZE_HI: bytes of device memory.
 * - %VXE_REG_VRAM_MIN_PAGE: smallest page the GPU MMU can map from VRAM.
 * - %VXE_REG_REF_CLOCK: frequency of the timestamp counter, in Hz.
 * - %VXE_REG_TIMESTAMP_LO / %VXE_REG_TIMESTAMP_HI: free-running 64-bit
 *   counter at %VXE_REG_REF_CLOCK. Read LO, then HI; reading LO latches HI.
 */

#define VXE_REG_ID			0x0000
#define   VXE_ID_DEVICE			GENMASK(15, 0)
#define   VXE_ID_REVISION		GENMASK(23, 16)
#define VXE_REG_GMDID			0x0004
#define   VXE_GMDID_ARCH		GENMASK(31, 22)
#define   VXE_GMDID_RELEASE		GENMASK(21, 14)
#define   VXE_GMDID_REVID		GENMASK(5, 0)
#define VXE_REG_VA_BITS			0x0008
#define VXE_REG_PAGE_SIZES		0x000c
#define VXE_REG_ENGINES			0x0010
#define VXE_REG_VRAM_SIZE_LO		0x0014
#define VXE_REG_VRAM_SIZE_HI		0x0018
#define VXE_REG_VRAM_MIN_PAGE		0x001c
#define VXE_REG_REF_CLOCK		0x0020
#define VXE_REG_TIMESTAMP_LO		0x0024
#define VXE_REG_TIMESTAMP_HI		0x0028
#define VXE_REG_MAX_ASIDS		0x002c
#define VXE_REG_MAX_CONTEXTS		0x0030

/**
 * DOC: vxe interrupts
 *
 * One interrupt line, raised while (%VXE_REG_IRQ_STATUS & %VXE_REG_IRQ_ENABLE)
 * is non-zero. Status bits are set by the device and cleared by writing
 * ones to %VXE_REG_IRQ_ACK.
 */
#define VXE_REG_IRQ_STATUS		0x0100
#define VXE_REG_IRQ_ENABLE		0x0104
#define VXE_REG_IRQ_ACK			0x0108
#define   VXE_IRQ_USER			BIT(0)	/* MI_USER_INTERRUPT executed */
#define   VXE_IRQ_CTX_ERROR		BIT(1)	/* a context stopped on an error */
#define   VXE_IRQ_FAULT			BIT(2)	/* fault queue tail moved */
#define   VXE_IRQ_TLB_INV		BIT(3)	/* a TLB invalidation completed */

/**
 * DOC: vxe address spaces
 *
 * The device reaches memory by device physical address (DPA): a system
 * memory DMA address as is, or %VXE_DPA_VRAM plus an offset into VRAM.
 *
 * A GPU virtual address space (VM) is selected by an ASID below
 * %VXE_REG_MAX_ASIDS. To program one, write %VXE_REG_VM_SELECT, the root
 * table's DPA and the scratch page's DPA, then %VXE_REG_VM_CTL; the write to
 * CTL loads the staged values into the ASID. A disabled ASID translates
 * nothing.
 *
 * Page tables have four levels for a 48-bit VA: level 3 (the root) is
 * indexed by VA bits 47:39, level 2 by 38:30, level 1 by 29:21 and level 0
 * by 20:12. Every table is one 4 KiB page of 512 little-endian 64-bit
 * entries, in system memory or VRAM. An entry at level 2 or 1 with
 * %VXE_PTE_PS set is a 1 GiB or 2 MiB leaf; level-0 entries are 4 KiB
 * leaves, and 16 naturally aligned ones with %VXE_PTE_PS64 set and
 * contiguous addresses form a 64 KiB page (which the TLB then caches as
 * one entry).
 *
 * On a VM with %VXE_VM_CTL_FAULT_MODE, a missing translation or a
 * permission violation stalls the context and posts a fault (see "vxe
 * faults"). Otherwise a missing translation reads from and writes to the
 * scratch page when %VXE_VM_CTL_SCRATCH is set, and is a catastrophic
 * (CAT) error of the context when not; a permission violation is always a
 * CAT error.
 */
#define VXE_DPA_VRAM			BIT_ULL(52)

#define VXE_REG_VM_SELECT		0x0200
#define VXE_REG_VM_ROOT_LO		0x0204
#define VXE_REG_VM_ROOT_HI		0x0208
#define VXE_REG_VM_SCRATCH_LO		0x020c
#define VXE_REG_VM_SCRATCH_HI		0x0210
#define VXE_REG_VM_CTL			0x0214
#define   VXE_VM_CTL_ENABLE		BIT(0)
#define   VXE_VM_CTL_FAULT_MODE		BIT(1)
#define   VXE_VM_CTL_SCRATCH		BIT(2)

#define VXE_PTE_VALID			BIT_ULL(0)
#define VXE_PTE_WRITABLE		BIT_ULL(1)
#define VXE_PTE_ATOMIC			BIT_ULL(2)	/* atomics allowed */
#define VXE_PTE_PS			BIT_ULL(7)	/* 2M/1G leaf */
#define VXE_PTE_PS64			BIT_ULL(8)	/* part of a 64K page */
#define VXE_PTE_NULL			BIT_ULL(9)	/* reads 0, drops writes */
#define VXE_PTE_LM			BIT_ULL(11)	/* address is in VRAM */
#define VXE_PTE_ADDR			GENMASK_ULL(51, 12)
#define VXE_PTE_PAT			GENMASK_ULL(56, 52)

#define VXE_PT_LEVELS			4
#define VXE_PT_ENTRIES			512

/**
 * DOC: vxe TLB invalidation
 *
 * Translations are cached per ASID. Program %VXE_REG_TLB_INV_ASID and, for
 * a range, %VXE_REG_TLB_INV_START_* and %VXE_REG_TLB_INV_LEN_*, then write
 * the request type to %VXE_REG_TLB_INV_CMD. The request gets the next
 * sequence number, readable from %VXE_REG_TLB_INV_SEQNO right after the
 * write; it is done, and no engine will use a translation it removed,
 * once %VXE_REG_TLB_INV_DONE has reached that number (%VXE_IRQ_TLB_INV).
 */
#define VXE_REG_TLB_INV_ASID		0x0300
#define VXE_REG_TLB_INV_START_LO	0x0304
#define VXE_REG_TLB_INV_START_HI	0x0308
#define VXE_REG_TLB_INV_LEN_LO		0x030c
#define VXE_REG_TLB_INV_LEN_HI		0x0310
#define VXE_REG_TLB_INV_CMD		0x0314
#define   VXE_TLB_INV_RANGE		1
#define   VXE_TLB_INV_ASID		2
#define   VXE_TLB_INV_ALL		3
#define VXE_REG_TLB_INV_SEQNO		0x0318
#define VXE_REG_TLB_INV_DONE		0x031c

/**
 * DOC: vxe contexts
 *
 * A context is a ring buffer of commands bound to one engine and one ASID.
 * Select it with %VXE_REG_CTX_SELECT (below %VXE_REG_MAX_CONTEXTS), stage
 * the ring's DPA and size (a power of two from 4 KiB to 1 MiB), engine
 * (its bit number in %VXE_REG_ENGINES), ASID and watchdog (microseconds of
 * execution without reaching an empty ring; 0 is off), then write
 * %VXE_CTX_CTL_CREATE to %VXE_REG_CTX_CTL.
 *
 * Writing a byte offset to %VXE_REG_CTX_TAIL submits the commands from the
 * head up to it. The engine executes its contexts' rings in time slices;
 * a context waiting on a semaphore or stalled on a fault does not hold the
 * engine. %VXE_REG_CTX_STATUS gives the state and, in the error state, the
 * reason; %VXE_REG_CTX_ERROR_ADDR_* the GPU address involved. A context in
 * error executes nothing until %VXE_CTX_CTL_RESET (which empties its ring)
 * or %VXE_CTX_CTL_DESTROY. %VXE_CTX_CTL_SUSPEND takes a context off its
 * engine at the end of the command it is executing and keeps it off
 * (%VXE_CTX_STATE_SUSPENDED) until %VXE_CTX_CTL_RESUME, commands submitted
 * meanwhile included; a suspended context is off the engine once its state
 * is no longer %VXE_CTX_STATE_RUNNING. A context stalled on a fault stays
 * stalled, and is suspended when the fault is answered.
 * %VXE_REG_CTX_ERRORS_* has one bit per context in error, for the 64
 * contexts from 64 times %VXE_REG_CTX_ERRORS_BANK on.
 * %VXE_REG_CTX_TIMESTAMP_* is the context's CTX_TIMESTAMP: ticks of
 * %VXE_REG_REF_CLOCK it has executed for, brought up to date at the end of
 * each time slice (read LO, then HI; reading LO latches HI).
 *
 * Two more staged registers say how the engine schedules the context.
 * %VXE_REG_CTX_SCHED holds its priority (&enum vxe_hw_ctx_priority, normal
 * after reset): an engine picks the ready context of the highest priority
 * at the end of each time slice, round robin among equals, so a context
 * of lower priority runs only while none of higher priority is ready.
 * With %VXE_CTX_SCHED_LOW_LATENCY, a context that new commands wake from
 * idle goes before the other ready contexts of its priority instead of
 * after them. %VXE_REG_CTX_TIMESLICE_US is the context's time slice in
 * microseconds; 0 (after reset) is the device's.
 *
 * Addresses in ring commands are GPU virtual addresses of the context's
 * ASID unless the command's GGTT bit selects DPAs; MEM_COPY and MEM_SET,
 * which have no such bit, address DPAs in the ring. Inside a batch started
 * with the PPGTT bit every address is a GPU virtual address, inside one
 * started without it every address is a DPA.
 */
#define VXE_REG_CTX_SELECT		0x0400
#define VXE_REG_CTX_RING_LO		0x0404
#define VXE_REG_CTX_RING_HI		0x0408
#define VXE_REG_CTX_RING_SIZE		0x040c
#define VXE_REG_CTX_ENGINE		0x0410
#define VXE_REG_CTX_ASID		0x0414
#define VXE_REG_CTX_WATCHDOG_US		0x0418
#define VXE_REG_CTX_CTL			0x041c
#define   VXE_CTX_CTL_CREATE		1
#define   VXE_CTX_CTL_DESTROY		2
#define   VXE_CTX_CTL_RESET		3
#define   VXE_CTX_CTL_SUSPEND		4
#define   VXE_CTX_CTL_RESUME		5
#define VXE_REG_CTX_TAIL		0x0420
#define VXE_REG_CTX_HEAD		0x0424
#define VXE_REG_CTX_STATUS		0x0428
#define   VXE_CTX_STATUS_STATE		GENMASK(3, 0)
#define   VXE_CTX_STATUS_ERROR		GENMASK(15, 8)
#define VXE_REG_CTX_ERROR_ADDR_LO	0x042c
#define VXE_REG_CTX_ERROR_ADDR_HI	0x0430
#define VXE_REG_CTX_TIMESTAMP_LO	0x0434
#define VXE_REG_CTX_TIMESTAMP_HI	0x0438
#define VXE_REG_CTX_ERRORS_LO		0x0440
#define VXE_REG_CTX_ERRORS_HI		0x0444
#define VXE_REG_CTX_ERRORS_BANK		0x0448
#define VXE_REG_CTX_SCHED		0x044c
#define   VXE_CTX_SCHED_PRIORITY	GENMASK(1, 0)
#define   VXE_CTX_SCHED_LOW_LATENCY	BIT(8)
#define VXE_REG_CTX_TIMESLICE_US	0x0450

/**
 * enum vxe_hw_ctx_priority - VXE_CTX_SCHED_PRIORITY values
 * @VXE_CTX_PRIORITY_LOW: runs when nothing else is ready
 * @VXE_CTX_PRIORITY_NORMAL: the default
 * @VXE_CTX_PRIORITY_HIGH: runs before anything else
 */
enum vxe_hw_ctx_priority {
	VXE_CTX_PRIORITY_LOW,
	VXE_CTX_PRIORITY_NORMAL,
	VXE_CTX_PRIORITY_HIGH,
};

/**
 * enum vxe_hw_ctx_state - VXE_CTX_STATUS_STATE values
 * @VXE_CTX_STATE_FREE: not created
 * @VXE_CTX_STATE_IDLE: ring empty
 * @VXE_CTX_STATE_READY: has commands, waiting for its engine
 * @VXE_CTX_STATE_RUNNING: on its engine
 * @VXE_CTX_STATE_STALLED: waiting for the answer to a page fault
 * @VXE_CTX_STATE_ERROR: stopped, see VXE_CTX_STATUS_ERROR
 * @VXE_CTX_STATE_SUSPENDED: has commands, kept off its engine
 */
enum vxe_hw_ctx_state {
	VXE_CTX_STATE_FREE,
	VXE_CTX_STATE_IDLE,
	VXE_CTX_STATE_READY,
	VXE_CTX_STATE_RUNNING,
	VXE_CTX_STATE_STALLED,
	VXE_CTX_STATE_ERROR,
	VXE_CTX_STATE_SUSPENDED,
};

/**
 * enum vxe_hw_ctx_error - VXE_CTX_STATUS_ERROR values
 * @VXE_CTX_ERROR_NONE: no error
 * @VXE_CTX_ERROR_CMD: unknown or malformed command
 * @VXE_CTX_ERROR_FAULT: page fault answered with %VXE_FAULT_REPLY_FAIL
 * @VXE_CTX_ERROR_CAT: translation error on a VM not in fault mode
 * @VXE_CTX_ERROR_WATCHDOG: ran longer than its watchdog allows
 * @VXE_CTX_ERROR_MEM: DPA outside system memory and VRAM
 * @VXE_CTX_ERROR_NESTING: batch buffers nested deeper than the device allows
 */
enum vxe_hw_ctx_error {
	VXE_CTX_ERROR_NONE,
	VXE_CTX_ERROR_CMD,
	VXE_CTX_ERROR_FAULT,
	VXE_CTX_ERROR_CAT,
	VXE_CTX_ERROR_WATCHDOG,
	VXE_CTX_ERROR_MEM,
	VXE_CTX_ERROR_NESTING,
};

/**
 * DOC: vxe faults
 *
 * The fault queue is a ring of &struct vxe_hw_fault_desc in memory the
 * driver provides: write its DPA to %VXE_REG_FQ_BASE_* and its number of
 * entries (a power of two) to %VXE_REG_FQ_SIZE, which enables it and zeroes
 * both indices. The device writes descriptors at %VXE_REG_FQ_TAIL and
 * raises %VXE_IRQ_FAULT; the driver consumes from %VXE_REG_FQ_HEAD and
 * writes it back. Indices count entries and wrap at 2^32. A full queue
 * holds further faulting contexts stalled until there is room.
 *
 * The faulting context stays stalled until the driver writes its id and
 * %VXE_FAULT_REPLY_RETRY (walk again; the command restarts from its
 * beginning) or %VXE_FAULT_REPLY_FAIL (the context errors with
 * %VXE_CTX_ERROR_FAULT) to %VXE_REG_FAULT_REPLY.
 */
#define VXE_REG_FQ_BASE_LO		0x0500
#define VXE_REG_FQ_BASE_HI		0x0504
#define VXE_REG_FQ_SIZE			0x0508
#define VXE_REG_FQ_HEAD			0x050c
#define VXE_REG_FQ_TAIL			0x0510
#define VXE_REG_FAULT_REPLY		0x0514
#define   VXE_FAULT_REPLY_CTX		GENMASK(15, 0)
#define   VXE_FAULT_REPLY_ACTION	GENMASK(17, 16)
#define   VXE_FAULT_REPLY_RETRY		1
#define   VXE_FAULT_REPLY_FAIL		2

/**
 * enum vxe_hw_access - the access that faulted
 * @VXE_ACCESS_READ: read
 * @VXE_ACCESS_WRITE: write
 * @VXE_ACCESS_ATOMIC: atomic read-modify-write
 */
enum vxe_hw_access {
	VXE_ACCESS_READ,
	VXE_ACCESS_WRITE,
	VXE_ACCESS_ATOMIC,
};

/**
 * enum vxe_hw_fault_type - why a translation faulted
 * @VXE_FAULT_NOT_PRESENT: no valid entry at &vxe_hw_fault_desc.level
 * @VXE_FAULT_WRITE_PROTECTED: write to an entry without %VXE_PTE_WRITABLE
 * @VXE_FAULT_ATOMIC_DISABLED: atomic on an entry without %VXE_PTE_ATOMIC
 */
enum vxe_hw_fault_type {
	VXE_FAULT_NOT_PRESENT,
	VXE_FAULT_WRITE_PROTECTED,
	VXE_FAULT_ATOMIC_DISABLED,
};

/**
 * struct vxe_hw_fault_desc - one fault queue entry, as the device writes it
 * @va: faulting GPU virtual address
 * @asid: address space
 * @ctx: context that faulted (answer with it in %VXE_REG_FAULT_REPLY)
 * @engine: engine bit number
 * @access: an &enum vxe_hw_access
 * @type: an &enum vxe_hw_fault_type
 * @level: page-table level at which the walk stopped
 * @reserved: zero
 */
struct vxe_hw_fault_desc {
	__le64 va;
	__le32 asid;
	__le16 ctx;
	u8 engine;
	u8 access;
	u8 type;
	u8 level;
	u8 reserved[14];
};

/* Size of the register window, in bytes */
#define VXE_MMIO_SIZE			0x10000

/**
 * enum vxe_hw_engine_class - engine classes of the virtual GPU
 * @VXE_ENGINE_CLASS_RENDER: render command streamer (MI commands)
 * @VXE_ENGINE_CLASS_COPY: blitter / copy engine (MI commands, MEM_COPY,
 *	MEM_SET)
 * @VXE_ENGINE_CLASS_COUNT: number of classes
 *
 * There is deliberately no compute class: EU kernels cannot be emulated.
 */
enum vxe_hw_engine_class {
	VXE_ENGINE_CLASS_RENDER,
	VXE_ENGINE_CLASS_COPY,
	VXE_ENGINE_CLASS_COUNT,
};

/* Instances per class that %VXE_REG_ENGINES can describe */
#define VXE_ENGINE_MAX_INSTANCES	8

/**
 * VXE_ENGINE_BIT - bit of an engine in %VXE_REG_ENGINES
 * @class: an &enum vxe_hw_engine_class
 * @instance: instance within the class, below %VXE_ENGINE_MAX_INSTANCES
 */
#define VXE_ENGINE_BIT(class, instance) \
	BIT(VXE_ENGINE_BIT_NR(class, instance))

/**
 * VXE_ENGINE_BIT_NR - bit number of an engine in %VXE_REG_ENGINES
 * @class: an &enum vxe_hw_engine_class
 * @instance: instance within the class
 *
 * This number names the engine in %VXE_REG_CTX_ENGINE and in faults.
 */
#define VXE_ENGINE_BIT_NR(class, instance) \
	((class) * VXE_ENGINE_MAX_INSTANCES + (instance))

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_HW_TYPES_H_
#define _VXE_HW_TYPES_H_

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "vxe_hw.h"
#include "vxe_hw_regs.h"

/*
 * Device-model internals. Only vxe_hw*.c include this header; the driver
 * sees the model through vxe_hw.h and vxe_hw_regs.h alone.
 */

struct task_struct;

/* Batch buffers nest: ring, first level, second level */
#define VXE_HW_MAX_BB_DEPTH	3
/* Longest command the parser accepts, in dwords (MI_STORE_DATA_IMM) */
#define VXE_HW_MAX_CMD_DW	(0x3ff + 2)
#define VXE_HW_NUM_GPRS		16
#define VXE_HW_TLB_BUCKETS	256
#define VXE_HW_TLB_ENTRIES	1024

/**
 * struct vxe_hw_vm - one address space as programmed through VXE_REG_VM_*
 */
struct vxe_hw_vm {
	/** @root: DPA of the level-3 table */
	u64 root;
	/** @scratch: DPA of the scratch page */
	u64 scratch;
	/** @ctl: VXE_VM_CTL_* */
	u32 ctl;
};

/**
 * struct vxe_hw_tlb_entry - one cached translation
 */
struct vxe_hw_tlb_entry {
	/** @hnode: in &vxe_hw.tlb_hash */
	struct hlist_node hnode;
	/** @lru: in &vxe_hw.tlb_lru, most recent last */
	struct list_head lru;
	/** @asid: address space */
	u16 asid;
	/** @shift: log2 of the page size */
	u8 shift;
	/** @va: page-aligned virtual address */
	u64 va;
	/** @pte: the leaf entry, address field rebased to the page start */
	u64 pte;
};

/**
 * struct vxe_hw_bb - one level of the command fetch stack
 */
struct vxe_hw_bb {
	/** @addr: address of the next command (unused at level 0: ring head) */
	u64 addr;
	/** @ppgtt: @addr is a GPU virtual address of the context's VM */
	bool ppgtt;
};

/**
 * struct vxe_hw_ctx - a context: ring, VM and execution state
 *
 * All fields are protected by &vxe_hw.lock except the execution state
 * (@depth, @bb, @gpr, @exec_error, @exec_error_addr, @cmd, @bounce and,
 * until it is posted, @fault), which only the context's engine thread touches, and
 * only while the context is RUNNING.
 */
struct vxe_hw_ctx {
	/** @id: index, as written to VXE_REG_CTX_SELECT */
	u16 id;
	/** @state: an &enum vxe_hw_ctx_state */
	u8 state;
	/** @error: an &enum vxe_hw_ctx_error, in the ERROR state */
	u8 error;
	/** @engine: engine bit number */
	u8 engine;
	/** @asid: address space */
	u16 asid;
	/** @ring: DPA of the ring */
	u64 ring;
	/** @ring_size: bytes, a power of two */
	u32 ring_size;
	/** @head: offset of the next ring command */
	u32 head;
	/** @tail: offset up to which commands were submitted */
	u32 tail;
	/** @watchdog_ns: execution budget until the ring empties, 0 = none */
	u64 watchdog_ns;
	/** @timeslice_ns: time slice, 0 for the device's */
	u64 timeslice_ns;
	/** @priority: an &enum vxe_hw_ctx_priority */
	u8 priority;
	/** @low_latency: goes first among its priority when woken from idle */
	bool low_latency;
	/** @runtime_ns: time executed since the ring was last empty */
	u64 runtime_ns;
	/** @timestamp: CTX_TIMESTAMP, reference-clock ticks of execution */
	u64 timestamp;
	/** @error_addr: GPU address involved in the error */
	u64 error_addr;
	/** @fault: descriptor of the fault this context is stalled on */
	struct vxe_hw_fault_desc fault;
	/** @fault_queued: @fault waits for room in the fault queue */
	bool fault_queued;
	/** @link: in the engine's ready list, or in &vxe_hw.fault_waiters */
	struct list_head link;
	/** @stop_req: VXE_CTX_CTL_RESET or _DESTROY asked while RUNNING */
	u32 stop_req;
	/** @suspended: VXE_CTX_CTL_SUSPEND: keep off the engine until resumed */
	bool suspended;

	/** @depth: current batch level, 0 = ring */
	u8 depth;
	/** @bb: fetch stack */
	struct vxe_hw_bb bb[VXE_HW_MAX_BB_DEPTH];
	/** @gpr: command streamer general purpose registers */
	u64 gpr[VXE_HW_NUM_GPRS];
	/** @exec_error: why the step returned VXE_STEP_ERROR */
	u8 exec_error;
	/** @exec_error_addr: GPU address involved in @exec_error */
	u64 exec_error_addr;
	/** @cmd: the command being executed */
	u32 cmd[VXE_HW_MAX_CMD_DW];
	/** @bounce: MEM_COPY/MEM_SET staging, a page at a time */
	u8 bounce[PAGE_SIZE];
};

/**
 * struct vxe_hw_engine - one engine and its thread
 */
struct vxe_hw_engine {
	/** @hw: the device */
	struct vxe_hw *hw;
	/** @id: bit number in VXE_REG_ENGINES */
	u8 id;
	/** @class: an &enum vxe_hw_engine_class */
	u8 class;
	/** @thread: executes the engine's contexts */
	struct task_struct *thread;
	/** @wq: @thread waits here for work */
	wait_queue_head_t wq;
	/** @ready: contexts with work, oldest first (&vxe_hw.lock) */
	struct list_head ready;
};

/**
 * struct vxe_hw - one instance of the virtual GPU
 */
struct vxe_hw {
	/** @dev: device the instance belongs to; DMA addresses are its */
	struct device *dev;
	/** @cfg: configuration the instance was built with (read-only) */
	struct vxe_hw_config cfg;
	/** @epoch_ns: CLOCK_MONOTONIC_RAW time at which the timestamp read 0 */
	u64 epoch_ns;

	/**
	 * @lock: registers, context states and lists, interrupt state, the
	 * fault queue. Never held while accessing memory through the MMU.
	 */
	spinlock_t lock;
	/** @ts_hi_latch: TIMESTAMP_HI latched by a TIMESTAMP_LO read */
	u32 ts_hi_latch;
	/** @ctx_ts_hi_latch: CTX_TIMESTAMP_HI latched by a CTX_TIMESTAMP_LO read */
	u32 ctx_ts_hi_latch;

	/** @irq_status: VXE_REG_IRQ_STATUS */
	u32 irq_status;
	/** @irq_enable: VXE_REG_IRQ_ENABLE */
	u32 irq_enable;
	/** @irq_handler: the driver's handler for the interrupt line */
	void (*irq_handler)(void *data);
	/** @irq_data: argument of @irq_handler */
	void *irq_data;
	/** @irq_work: delivers the interrupt in process context */
	struct work_struct irq_work;
	/** @wq: ordered workqueue for @irq_work and @tlb_inv_work */
	struct workqueue_struct *wq;

	/** @vm_select: VXE_REG_VM_SELECT */
	u32 vm_select;
	/** @vm_staged: root and scratch staged for VXE_REG_VM_CTL */
	struct vxe_hw_vm vm_staged;
	/** @vms: one per ASID */
	struct vxe_hw_vm *vms;

	/**
	 * @tlb_lock: the TLB, and every memory access through it: an engine
	 * translates and accesses under it, so once an invalidation has
	 * taken it no engine still uses a translation it removes.
	 */
	spinlock_t tlb_lock;
	/** @tlb_hash: entries by (asid, va, size) */
	struct hlist_head tlb_hash[VXE_HW_TLB_BUCKETS];
	/** @tlb_lru: entries, least recently used first */
	struct list_head tlb_lru;
	/** @tlb_count: entries cached */
	unsigned int tlb_count;
	/** @tlb_hits: lookups served from the TLB, for tests */
	u64 tlb_hits;
	/** @tlb_walks: page walks, for tests */
	u64 tlb_walks;

	/** @inv_staged: ASID, start and length of the next invalidation */
	struct {
		/** @inv_staged.asid: ASID */
		u32 asid;
		/** @inv_staged.start: first address */
		u64 start;
		/** @inv_staged.len: bytes */
		u64 len;
	} inv_staged;
	/** @inv_queue: requests not yet done (&vxe_hw.lock) */
	struct list_head inv_queue;
	/** @inv_seqno: number of the last request queued */
	u32 inv_seqno;
	/** @inv_done: number of the last request done */
	u32 inv_done;
	/** @tlb_inv_work: processes @inv_queue */
	struct work_struct tlb_inv_work;

	/** @ctx_select: VXE_REG_CTX_SELECT */
	u32 ctx_select;
	/** @ctx_errors_bank: VXE_REG_CTX_ERRORS_BANK */
	u32 ctx_errors_bank;
	/** @ctx_staged: ring, size, engine, ASID, watchdog, scheduling for CTX_CTL */
	struct vxe_hw_ctx ctx_staged;
	/** @ctxs: one per context id */
	struct vxe_hw_ctx *ctxs;

	/** @engines: one per engine bit; unused ones have no thread */
	struct vxe_hw_engine engines[32];

	/** @fq_base: DPA of the fault queue */
	u64 fq_base;
	/** @fq_size: entries, 0 = queue disabled */
	u32 fq_size;
	/** @fq_head: consumer index */
	u32 fq_head;
	/** @fq_tail: producer index */
	u32 fq_tail;
	/** @fault_waiters: stalled contexts whose fault awaits queue room */
	struct list_head fault_waiters;

	/** @vram: VRAM backing store */
	void *vram;
};

/* vxe_hw.c */
void vxe_hw_raise_irq_locked(struct vxe_hw *hw, u32 bits);
u64 vxe_hw_timestamp(const struct vxe_hw *hw);

/* vxe_hw_mem.c */
int vxe_hw_dpa_rw(struct vxe_hw *hw, u64 dpa, void *buf, size_t len, bool write);
int vxe_hw_dpa_copy(struct vxe_hw *hw, u64 dst, u64 src, size_t len);
int vxe_hw_dpa_atomic(struct vxe_hw *hw, u64 dpa, unsigned int size, u8 op,
		      u64 op1, u64 op2, u64 *old);

/* vxe_hw_mmu.c */

/**
 * struct vxe_hw_xlate - result of a translation
 */
struct vxe_hw_xlate {
	/** @dpa: device physical address of the byte translated */
	u64 dpa;
	/** @len: bytes from @dpa to the end of the page */
	u64 len;
	/** @null: reads return zero and writes are dropped */
	bool null;
	/** @fault: why the translation failed, if it did */
	struct vxe_hw_fault_desc fault;
};

int vxe_hw_translate_locked(struct vxe_hw *hw, u16 asid, u64 va,
			    enum vxe_hw_access access, struct vxe_hw_xlate *x);
void vxe_hw_tlb_inv_work(struct work_struct *work);
int vxe_hw_tlb_inv_queue_locked(struct vxe_hw *hw, u32 type);
void vxe_hw_tlb_flush_asid(struct vxe_hw *hw, u16 asid);
void vxe_hw_tlb_fini(struct vxe_hw *hw);

/* vxe_hw_engine.c */
int vxe_hw_engines_init(struct vxe_hw *hw);
void vxe_hw_engines_fini(struct vxe_hw *hw);
void vxe_hw_ctx_ctl_locked(struct vxe_hw *hw, u32 cmd);
void vxe_hw_ctx_submit_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx, u32 tail);
void vxe_hw_ctx_error_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx,
			     enum vxe_hw_ctx_error error, u64 addr);
void vxe_hw_ctx_make_ready_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx);

/* vxe_hw_cmd.c */

/**
 * enum vxe_hw_step - outcome of executing one command
 * @VXE_STEP_DONE: executed, continue
 * @VXE_STEP_IDLE: the ring is empty
 * @VXE_STEP_YIELD: waiting (semaphore); let other contexts run
 * @VXE_STEP_STALL: faulted; the context is stalled
 * @VXE_STEP_ERROR: the context is in error
 */
enum vxe_hw_step {
	VXE_STEP_DONE,
	VXE_STEP_IDLE,
	VXE_STEP_YIELD,
	VXE_STEP_STALL,
	VXE_STEP_ERROR,
};

enum vxe_hw_step vxe_hw_cmd_step(struct vxe_hw_ctx *ctx, struct vxe_hw_engine *engine);

/* vxe_hw_fault.c */
void vxe_hw_fault_post_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx);
void vxe_hw_fault_drain_locked(struct vxe_hw *hw);
void vxe_hw_fault_reply_locked(struct vxe_hw *hw, u32 value);

#endif

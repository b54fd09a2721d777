// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device model
 *
 * The virtual GPU that vxe drives. It plays the part of hardware: it is
 * created with a &struct vxe_hw_config, holds all of its state in its
 * &struct vxe_hw instance (no module globals, so several devices can exist
 * side by side), and exposes itself only through a 32-bit register window
 * (vxe_hw_mmio_read32(), vxe_hw_mmio_write32()) whose layout is
 * vxe_hw_regs.h, an interrupt line (vxe_hw_set_irq_handler()) and a
 * CPU-visible window onto its VRAM (vxe_hw_vram_window()), as a PCI
 * device exposes BARs and an IRQ.
 *
 * Everything else the device does it does with memory it reaches by device
 * physical address: page tables, rings, batch buffers and the fault queue.
 * It never includes a driver header and never looks at driver structures.
 *
 * Inside, the model has
 *
 * - a GPU MMU (vxe_hw_mmu.c): four-level page tables walked through DPAs,
 *   a TLB per device tagged by ASID and queued invalidations;
 * - engines (vxe_hw_engine.c): a thread per engine that runs its contexts'
 *   rings in time slices, with a watchdog;
 * - a command streamer (vxe_hw_cmd.c) for the MI commands IGT's xe tests
 *   use and the copy engine's MEM_COPY/MEM_SET;
 * - recoverable page faults (vxe_hw_fault.c) through a queue in memory;
 * - VRAM (vxe_hw_mem.c), backed by kernel memory.
 *
 * The interrupt handler is called from the device's own ordered workqueue,
 * in process context, like a threaded interrupt handler; it is called again
 * as long as an enabled status bit is set.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/math64.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "vxe_hw_types.h"

/* A Battlemage-class part: Xe2 graphics IP 20.01 */
#define VXE_HW_DEFAULT_DEVICE_ID	0xfe20
#define VXE_HW_DEFAULT_REVISION		0x01
#define VXE_HW_DEFAULT_VA_BITS		48
#define VXE_HW_DEFAULT_REF_CLOCK	19200000
#define VXE_HW_DEFAULT_ASIDS		256
#define VXE_HW_DEFAULT_CONTEXTS		8192
/* Context ids are 16 bits wide in fault descriptors and replies */
#define VXE_HW_MAX_CONTEXTS		65536
#define VXE_HW_DEFAULT_TIMESLICE_US	1000

/**
 * vxe_hw_config_init_default() - describe a default Xe2-class device
 * @cfg: configuration to fill
 * @vram_size: bytes of device memory
 *
 * One render and one copy engine, 48-bit VA, leaf pages of 4K, 64K, 2M and
 * 1G, VRAM mappable in 4K pages as on discrete Xe2 parts (older discrete
 * parts, such as DG2, need 64K: vxe_hw_config.vram_min_page).
 */
void vxe_hw_config_init_default(struct vxe_hw_config *cfg, u64 vram_size)
{
	*cfg = (struct vxe_hw_config) {
		.device_id = VXE_HW_DEFAULT_DEVICE_ID,
		.revision = VXE_HW_DEFAULT_REVISION,
		.va_bits = VXE_HW_DEFAULT_VA_BITS,
		.gmdid = FIELD_PREP(VXE_GMDID_ARCH, 20) |
			 FIELD_PREP(VXE_GMDID_RELEASE, 1),
		.page_sizes = SZ_4K | SZ_64K | SZ_2M | SZ_1G,
		.engines = VXE_ENGINE_BIT(VXE_ENGINE_CLASS_RENDER, 0) |
			   VXE_ENGINE_BIT(VXE_ENGINE_CLASS_COPY, 0),
		.vram_size = vram_size,
		.vram_min_page = SZ_4K,
		.ref_clock_hz = VXE_HW_DEFAULT_REF_CLOCK,
		.max_asids = VXE_HW_DEFAULT_ASIDS,
		.max_contexts = VXE_HW_DEFAULT_CONTEXTS,
		.timeslice_us = VXE_HW_DEFAULT_TIMESLICE_US,
	};
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_config_init_default);

static bool vxe_hw_config_valid(const struct vxe_hw_config *cfg)
{
	return cfg->va_bits >= 32 && cfg->va_bits <= 48 &&
	       (cfg->page_sizes & SZ_4K) && cfg->engines &&
	       cfg->ref_clock_hz && is_power_of_2(cfg->vram_min_page) &&
	       IS_ALIGNED(cfg->vram_size, cfg->vram_min_page) &&
	       cfg->vram_size < VXE_DPA_VRAM &&
	       cfg->max_asids && cfg->max_asids <= U16_MAX &&
	       cfg->max_contexts && cfg->max_contexts <= VXE_HW_MAX_CONTEXTS &&
	       cfg->timeslice_us;
}

static void vxe_hw_irq_work(struct work_struct *work)
{
	struct vxe_hw *hw = container_of(work, struct vxe_hw, irq_work);
	void (*handler)(void *data);
	void *data;
	bool pending;

	for (;;) {
		spin_lock_irq(&hw->lock);
		pending = hw->irq_status & hw->irq_enable;
		handler = hw->irq_handler;
		data = hw->irq_data;
		spin_unlock_irq(&hw->lock);

		if (!pending || !handler)
			return;
		handler(data);
		cond_resched();
	}
}

/**
 * vxe_hw_raise_irq_locked() - set interrupt status bits
 * @hw: the device
 * @bits: VXE_IRQ_* bits
 */
void vxe_hw_raise_irq_locked(struct vxe_hw *hw, u32 bits)
{
	lockdep_assert_held(&hw->lock);

	hw->irq_status |= bits;
	if (hw->irq_status & hw->irq_enable)
		queue_work(hw->wq, &hw->irq_work);
}

/**
 * vxe_hw_create() - power up a virtual GPU instance
 * @dev: device the instance belongs to; the DMA addresses the device model
 *	 is given are this device's
 * @cfg: what to build; copied
 *
 * Return: the instance, or an ERR_PTR() on invalid configuration or when
 * memory cannot be had.
 */
struct vxe_hw *vxe_hw_create(struct device *dev, const struct vxe_hw_config *cfg)
{
	struct vxe_hw *hw;
	int ret;

	if (!vxe_hw_config_valid(cfg))
		return ERR_PTR(-EINVAL);

	hw = kzalloc_obj(*hw);
	if (!hw)
		return ERR_PTR(-ENOMEM);

	hw->dev = dev;
	hw->cfg = *cfg;
	hw->epoch_ns = ktime_get_raw_ns();
	hw->ctx_staged.priority = VXE_CTX_PRIORITY_NORMAL;
	spin_lock_init(&hw->lock);
	spin_lock_init(&hw->tlb_lock);
	INIT_LIST_HEAD(&hw->tlb_lru);
	INIT_LIST_HEAD(&hw->inv_queue);
	INIT_LIST_HEAD(&hw->fault_waiters);
	INIT_WORK(&hw->irq_work, vxe_hw_irq_work);
	INIT_WORK(&hw->tlb_inv_work, vxe_hw_tlb_inv_work);

	ret = -ENOMEM;
	hw->vms = kzalloc_objs(*hw->vms, cfg->max_asids);
	hw->ctxs = kvzalloc_objs(*hw->ctxs, cfg->max_contexts);
	/* Its interrupt work signals fences that memory reclaim may wait for */
	hw->wq = alloc_ordered_workqueue("vxe-hw", WQ_MEM_RECLAIM);
	if (!hw->vms || !hw->ctxs || !hw->wq)
		goto err;

	if (cfg->vram_size) {
		hw->vram = __vmalloc(cfg->vram_size, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
		if (!hw->vram)
			goto err;
	}

	ret = vxe_hw_engines_init(hw);
	if (ret)
		goto err;

	return hw;

err:
	vfree(hw->vram);
	if (hw->wq)
		destroy_workqueue(hw->wq);
	kvfree(hw->ctxs);
	kfree(hw->vms);
	kfree(hw);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_create);

/**
 * vxe_hw_destroy() - power down an instance and free it
 * @hw: the instance, or NULL
 *
 * Stops the engines first; the interrupt handler is not called after this
 * returns.
 */
void vxe_hw_destroy(struct vxe_hw *hw)
{
	if (!hw)
		return;

	vxe_hw_engines_fini(hw);
	spin_lock_irq(&hw->lock);
	hw->irq_handler = NULL;
	spin_unlock_irq(&hw->lock);
	destroy_workqueue(hw->wq);
	vxe_hw_tlb_fini(hw);
	vfree(hw->vram);
	kvfree(hw->ctxs);
	kfree(hw->vms);
	kfree(hw);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_destroy);

/**
 * vxe_hw_set_irq_handler() - connect the interrupt line
 * @hw: the instance
 * @handler: called while an enabled interrupt is pending; NULL disconnects
 * @data: argument of @handler
 */
void vxe_hw_set_irq_handler(struct vxe_hw *hw, void (*handler)(void *data), void *data)
{
	spin_lock_irq(&hw->lock);
	hw->irq_handler = handler;
	hw->irq_data = data;
	if (hw->irq_status & hw->irq_enable)
		queue_work(hw->wq, &hw->irq_work);
	spin_unlock_irq(&hw->lock);

	if (!handler)
		flush_work(&hw->irq_work);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_set_irq_handler);

/**
 * vxe_hw_vram_window() - the CPU-visible window onto VRAM
 * @hw: the instance
 *
 * The kernel mapping of VRAM, as ioremap() of a VRAM BAR would give. VRAM
 * offset o is at window + o.
 *
 * Return: the window, NULL without VRAM.
 */
void *vxe_hw_vram_window(struct vxe_hw *hw)
{
	return hw->vram;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_vram_window);

/**
 * vxe_hw_timestamp() - the free-running timestamp counter
 * @hw: the instance
 *
 * Return: reference-clock ticks since the device was created.
 */
u64 vxe_hw_timestamp(const struct vxe_hw *hw)
{
	u64 ns = ktime_get_raw_ns() - hw->epoch_ns;

	return mul_u64_u32_div(ns, hw->cfg.ref_clock_hz, NSEC_PER_SEC);
}

static u32 vxe_hw_read_id_locked(struct vxe_hw *hw, u32 offset)
{
	const struct vxe_hw_config *cfg = &hw->cfg;
	u64 ts;

	switch (offset) {
	case VXE_REG_ID:
		return FIELD_PREP(VXE_ID_DEVICE, cfg->device_id) |
		       FIELD_PREP(VXE_ID_REVISION, cfg->revision);
	case VXE_REG_GMDID:
		return cfg->gmdid;
	case VXE_REG_VA_BITS:
		return cfg->va_bits;
	case VXE_REG_PAGE_SIZES:
		return cfg->page_sizes;
	case VXE_REG_ENGINES:
		return cfg->engines;
	case VXE_REG_VRAM_SIZE_LO:
		return lower_32_bits(cfg->vram_size);
	case VXE_REG_VRAM_SIZE_HI:
		return upper_32_bits(cfg->vram_size);
	case VXE_REG_VRAM_MIN_PAGE:
		return cfg->vram_min_page;
	case VXE_REG_REF_CLOCK:
		return cfg->ref_clock_hz;
	case VXE_REG_TIMESTAMP_LO:
		ts = vxe_hw_timestamp(hw);
		hw->ts_hi_latch = upper_32_bits(ts);
		return lower_32_bits(ts);
	case VXE_REG_TIMESTAMP_HI:
		return hw->ts_hi_latch;
	case VXE_REG_MAX_ASIDS:
		return cfg->max_asids;
	case VXE_REG_MAX_CONTEXTS:
		return cfg->max_contexts;
	default:
		return ~0u;
	}
}

static u32 vxe_hw_read_ctx_locked(struct vxe_hw *hw, u32 offset)
{
	struct vxe_hw_ctx *ctx = &hw->ctxs[hw->ctx_select];
	u64 errors = 0;
	unsigned int i;

	switch (offset) {
	case VXE_REG_CTX_SELECT:
		return hw->ctx_select;
	case VXE_REG_CTX_HEAD:
		return ctx->head;
	case VXE_REG_CTX_TAIL:
		return ctx->tail;
	case VXE_REG_CTX_STATUS:
		return FIELD_PREP(VXE_CTX_STATUS_STATE, ctx->state) |
		       FIELD_PREP(VXE_CTX_STATUS_ERROR, ctx->error);
	case VXE_REG_CTX_ERROR_ADDR_LO:
		return lower_32_bits(ctx->error_addr);
	case VXE_REG_CTX_ERROR_ADDR_HI:
		return upper_32_bits(ctx->error_addr);
	case VXE_REG_CTX_TIMESTAMP_LO:
		hw->ctx_ts_hi_latch = upper_32_bits(ctx->timestamp);
		return lower_32_bits(ctx->timestamp);
	case VXE_REG_CTX_TIMESTAMP_HI:
		return hw->ctx_ts_hi_latch;
	case VXE_REG_CTX_ERRORS_LO:
	case VXE_REG_CTX_ERRORS_HI:
		for (i = 0; i < 64; i++) {
			u32 id = hw->ctx_errors_bank * 64 + i;

			if (id < hw->cfg.max_contexts &&
			    hw->ctxs[id].state == VXE_CTX_STATE_ERROR)
				errors |= BIT_ULL(i);
		}
		return offset == VXE_REG_CTX_ERRORS_LO ? lower_32_bits(errors) :
							 upper_32_bits(errors);
	case VXE_REG_CTX_ERRORS_BANK:
		return hw->ctx_errors_bank;
	default:
		return ~0u;
	}
}

/**
 * vxe_hw_mmio_read32() - read a register
 * @hw: the instance
 * @offset: byte offset in the register window
 *
 * Return: the register's value; all-ones for an offset that decodes to
 * nothing.
 */
u32 vxe_hw_mmio_read32(struct vxe_hw *hw, u32 offset)
{
	unsigned long flags;
	u32 val;

	spin_lock_irqsave(&hw->lock, flags);
	switch (offset & ~0xff) {
	case 0x0000:
		val = vxe_hw_read_id_locked(hw, offset);
		break;
	case 0x0100:
		val = offset == VXE_REG_IRQ_STATUS ? hw->irq_status :
		      offset == VXE_REG_IRQ_ENABLE ? hw->irq_enable : ~0u;
		break;
	case 0x0200:
		val = offset == VXE_REG_VM_SELECT ? hw->vm_select : ~0u;
		break;
	case 0x0300:
		val = offset == VXE_REG_TLB_INV_SEQNO ? hw->inv_seqno :
		      offset == VXE_REG_TLB_INV_DONE ? hw->inv_done : ~0u;
		break;
	case 0x0400:
		val = vxe_hw_read_ctx_locked(hw, offset);
		break;
	case 0x0500:
		val = offset == VXE_REG_FQ_HEAD ? hw->fq_head :
		      offset == VXE_REG_FQ_TAIL ? hw->fq_tail :
		      offset == VXE_REG_FQ_SIZE ? hw->fq_size : ~0u;
		break;
	default:
		val = ~0u;
	}
	spin_unlock_irqrestore(&hw->lock, flags);

	return val;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_mmio_read32);

static void vxe_hw_set_lo(u64 *reg, u32 value)
{
	*reg = (*reg & GENMASK_ULL(63, 32)) | value;
}

static void vxe_hw_set_hi(u64 *reg, u32 value)
{
	*reg = (*reg & GENMASK_ULL(31, 0)) | (u64)value << 32;
}

static void vxe_hw_write_vm_locked(struct vxe_hw *hw, u32 offset, u32 value)
{
	switch (offset) {
	case VXE_REG_VM_SELECT:
		if (value < hw->cfg.max_asids)
			hw->vm_select = value;
		break;
	case VXE_REG_VM_ROOT_LO:
		vxe_hw_set_lo(&hw->vm_staged.root, value & PAGE_MASK);
		break;
	case VXE_REG_VM_ROOT_HI:
		vxe_hw_set_hi(&hw->vm_staged.root, value);
		break;
	case VXE_REG_VM_SCRATCH_LO:
		vxe_hw_set_lo(&hw->vm_staged.scratch, value & PAGE_MASK);
		break;
	case VXE_REG_VM_SCRATCH_HI:
		vxe_hw_set_hi(&hw->vm_staged.scratch, value);
		break;
	case VXE_REG_VM_CTL:
		hw->vms[hw->vm_select] = hw->vm_staged;
		hw->vms[hw->vm_select].ctl = value & (VXE_VM_CTL_ENABLE |
						      VXE_VM_CTL_FAULT_MODE |
						      VXE_VM_CTL_SCRATCH);
		break;
	}
}

static void vxe_hw_write_tlb_locked(struct vxe_hw *hw, u32 offset, u32 value)
{
	switch (offset) {
	case VXE_REG_TLB_INV_ASID:
		hw->inv_staged.asid = value;
		break;
	case VXE_REG_TLB_INV_START_LO:
		vxe_hw_set_lo(&hw->inv_staged.start, value);
		break;
	case VXE_REG_TLB_INV_START_HI:
		vxe_hw_set_hi(&hw->inv_staged.start, value);
		break;
	case VXE_REG_TLB_INV_LEN_LO:
		vxe_hw_set_lo(&hw->inv_staged.len, value);
		break;
	case VXE_REG_TLB_INV_LEN_HI:
		vxe_hw_set_hi(&hw->inv_staged.len, value);
		break;
	case VXE_REG_TLB_INV_CMD:
		vxe_hw_tlb_inv_queue_locked(hw, value);
		break;
	}
}

static void vxe_hw_write_ctx_locked(struct vxe_hw *hw, u32 offset, u32 value)
{
	struct vxe_hw_ctx *staged = &hw->ctx_staged;

	switch (offset) {
	case VXE_REG_CTX_SELECT:
		if (value < hw->cfg.max_contexts)
			hw->ctx_select = value;
		break;
	case VXE_REG_CTX_ERRORS_BANK:
		if (value < DIV_ROUND_UP(hw->cfg.max_contexts, 64))
			hw->ctx_errors_bank = value;
		break;
	case VXE_REG_CTX_RING_LO:
		vxe_hw_set_lo(&staged->ring, value & PAGE_MASK);
		break;
	case VXE_REG_CTX_RING_HI:
		vxe_hw_set_hi(&staged->ring, value);
		break;
	case VXE_REG_CTX_RING_SIZE:
		staged->ring_size = value;
		break;
	case VXE_REG_CTX_ENGINE:
		staged->engine = value;
		break;
	case VXE_REG_CTX_ASID:
		staged->asid = value;
		break;
	case VXE_REG_CTX_WATCHDOG_US:
		staged->watchdog_ns = (u64)value * NSEC_PER_USEC;
		break;
	case VXE_REG_CTX_SCHED:
		staged->priority = FIELD_GET(VXE_CTX_SCHED_PRIORITY, value);
		staged->low_latency = value & VXE_CTX_SCHED_LOW_LATENCY;
		break;
	case VXE_REG_CTX_TIMESLICE_US:
		staged->timeslice_ns = (u64)value * NSEC_PER_USEC;
		break;
	case VXE_REG_CTX_CTL:
		vxe_hw_ctx_ctl_locked(hw, value);
		break;
	case VXE_REG_CTX_TAIL:
		vxe_hw_ctx_submit_locked(hw, &hw->ctxs[hw->ctx_select], value);
		break;
	}
}

static void vxe_hw_write_fq_locked(struct vxe_hw *hw, u32 offset, u32 value)
{
	switch (offset) {
	case VXE_REG_FQ_BASE_LO:
		vxe_hw_set_lo(&hw->fq_base, value);
		break;
	case VXE_REG_FQ_BASE_HI:
		vxe_hw_set_hi(&hw->fq_base, value);
		break;
	case VXE_REG_FQ_SIZE:
		hw->fq_size = is_power_of_2(value) ? value : 0;
		hw->fq_head = 0;
		hw->fq_tail = 0;
		vxe_hw_fault_drain_locked(hw);
		break;
	case VXE_REG_FQ_HEAD:
		/* The consumer may only move up to the producer */
		if (value - hw->fq_head <= hw->fq_tail - hw->fq_head)
			hw->fq_head = value;
		vxe_hw_fault_drain_locked(hw);
		break;
	case VXE_REG_FAULT_REPLY:
		vxe_hw_fault_reply_locked(hw, value);
		break;
	}
}

/**
 * vxe_hw_mmio_write32() - write a register
 * @hw: the instance
 * @offset: byte offset in the register window
 * @value: value to write
 *
 * Writes to read-only registers and to offsets that decode to nothing are
 * dropped, as hardware would drop them.
 */
void vxe_hw_mmio_write32(struct vxe_hw *hw, u32 offset, u32 value)
{
	unsigned long flags;

	spin_lock_irqsave(&hw->lock, flags);
	switch (offset & ~0xff) {
	case 0x0100:
		if (offset == VXE_REG_IRQ_ENABLE) {
			hw->irq_enable = value;
			vxe_hw_raise_irq_locked(hw, 0);
		} else if (offset == VXE_REG_IRQ_ACK) {
			hw->irq_status &= ~value;
		}
		break;
	case 0x0200:
		vxe_hw_write_vm_locked(hw, offset, value);
		break;
	case 0x0300:
		vxe_hw_write_tlb_locked(hw, offset, value);
		break;
	case 0x0400:
		vxe_hw_write_ctx_locked(hw, offset, value);
		break;
	case 0x0500:
		vxe_hw_write_fq_locked(hw, offset, value);
		break;
	}
	spin_unlock_irqrestore(&hw->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_mmio_write32);

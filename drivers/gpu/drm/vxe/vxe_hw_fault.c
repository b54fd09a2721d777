// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device-model faults
 *
 * Device-model recoverable page faults: the producer side of the fault
 * queue, and the driver's replies.
 *
 * A faulting context is STALLED with its descriptor in &vxe_hw_ctx.fault.
 * The descriptor is written to the queue in memory at once when there is
 * room, else the context waits on &vxe_hw.fault_waiters and is posted when
 * the driver frees entries. Only other contexts of the engine keep running.
 */

#include <linux/bitfield.h>

#include "vxe_hw_types.h"

static bool vxe_hw_fq_full(const struct vxe_hw *hw)
{
	return hw->fq_tail - hw->fq_head >= hw->fq_size;
}

static void vxe_hw_fault_write_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx)
{
	u64 dpa = hw->fq_base + (u64)(hw->fq_tail & (hw->fq_size - 1)) * sizeof(ctx->fault);

	if (vxe_hw_dpa_rw(hw, dpa, &ctx->fault, sizeof(ctx->fault), true)) {
		/* The queue is not in memory: nobody will ever answer */
		vxe_hw_ctx_error_locked(hw, ctx, VXE_CTX_ERROR_MEM, le64_to_cpu(ctx->fault.va));
		return;
	}

	hw->fq_tail++;
	vxe_hw_raise_irq_locked(hw, VXE_IRQ_FAULT);
}

/**
 * vxe_hw_fault_post_locked() - report the fault of a context that stalled
 * @hw: the device
 * @ctx: the context, STALLED, with &vxe_hw_ctx.fault filled in
 */
void vxe_hw_fault_post_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx)
{
	lockdep_assert_held(&hw->lock);

	ctx->fault.ctx = cpu_to_le16(ctx->id);
	ctx->fault.engine = ctx->engine;

	if (!hw->fq_size || vxe_hw_fq_full(hw) || !list_empty(&hw->fault_waiters)) {
		ctx->fault_queued = true;
		list_add_tail(&ctx->link, &hw->fault_waiters);
		return;
	}

	vxe_hw_fault_write_locked(hw, ctx);
}

/**
 * vxe_hw_fault_drain_locked() - post waiting faults into freed queue room
 * @hw: the device
 */
void vxe_hw_fault_drain_locked(struct vxe_hw *hw)
{
	struct vxe_hw_ctx *ctx;

	lockdep_assert_held(&hw->lock);

	while (hw->fq_size && !vxe_hw_fq_full(hw)) {
		ctx = list_first_entry_or_null(&hw->fault_waiters, struct vxe_hw_ctx, link);
		if (!ctx)
			return;
		list_del_init(&ctx->link);
		ctx->fault_queued = false;
		vxe_hw_fault_write_locked(hw, ctx);
	}
}

/**
 * vxe_hw_fault_reply_locked() - VXE_REG_FAULT_REPLY
 * @hw: the device
 * @value: context id and VXE_FAULT_REPLY_RETRY or _FAIL
 *
 * A reply for a context that is not stalled on a posted fault is dropped.
 */
void vxe_hw_fault_reply_locked(struct vxe_hw *hw, u32 value)
{
	u32 id = FIELD_GET(VXE_FAULT_REPLY_CTX, value);
	struct vxe_hw_ctx *ctx;

	lockdep_assert_held(&hw->lock);

	if (id >= hw->cfg.max_contexts)
		return;
	ctx = &hw->ctxs[id];
	if (ctx->state != VXE_CTX_STATE_STALLED || ctx->fault_queued)
		return;

	switch (FIELD_GET(VXE_FAULT_REPLY_ACTION, value)) {
	case VXE_FAULT_REPLY_RETRY:
		vxe_hw_ctx_make_ready_locked(hw, ctx);
		break;
	case VXE_FAULT_REPLY_FAIL:
		vxe_hw_ctx_error_locked(hw, ctx, VXE_CTX_ERROR_FAULT, le64_to_cpu(ctx->fault.va));
		break;
	}
}

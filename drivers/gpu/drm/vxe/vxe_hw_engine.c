// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device-model engines
 *
 * Device-model engines and contexts.
 *
 * Each engine is a kernel thread that runs the contexts on its ready list
 * one time slice (the context's, or &vxe_hw_config.timeslice_us) at a
 * time, the highest priority first and round robin among equals: a
 * context leaves the engine when its ring empties, when it waits on a
 * semaphore, when it faults (it stalls until the driver answers) or errors,
 * or when its slice is used up, which is the preemption point. Its
 * execution time accumulates until its ring is empty; past the watchdog
 * it is stopped with VXE_CTX_ERROR_WATCHDOG.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/timekeeping.h>

#include "vxe_hw_types.h"

static bool vxe_hw_ring_valid(u64 ring, u32 size)
{
	return is_power_of_2(size) && size >= SZ_4K && size <= SZ_1M &&
	       IS_ALIGNED(ring, SZ_4K);
}

/**
 * vxe_hw_ctx_make_ready_locked() - put a context with work on its engine
 * @hw: the device
 * @ctx: the context, IDLE, STALLED or SUSPENDED; a suspended one only
 *	becomes SUSPENDED
 */
void vxe_hw_ctx_make_ready_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx)
{
	struct vxe_hw_engine *engine = &hw->engines[ctx->engine];

	lockdep_assert_held(&hw->lock);

	if (ctx->suspended) {
		ctx->state = VXE_CTX_STATE_SUSPENDED;
		list_del_init(&ctx->link);
		return;
	}
	ctx->state = VXE_CTX_STATE_READY;
	list_move_tail(&ctx->link, &engine->ready);
	wake_up(&engine->wq);
}

/**
 * vxe_hw_ctx_error_locked() - stop a context on an error
 * @hw: the device
 * @ctx: the context
 * @error: why
 * @addr: GPU address involved, for VXE_REG_CTX_ERROR_ADDR
 */
void vxe_hw_ctx_error_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx,
			     enum vxe_hw_ctx_error error, u64 addr)
{
	lockdep_assert_held(&hw->lock);

	ctx->state = VXE_CTX_STATE_ERROR;
	ctx->error = error;
	ctx->error_addr = addr;
	list_del_init(&ctx->link);
	vxe_hw_raise_irq_locked(hw, VXE_IRQ_CTX_ERROR);
}

static void vxe_hw_ctx_reset_exec(struct vxe_hw_ctx *ctx)
{
	ctx->depth = 0;
	ctx->runtime_ns = 0;
	ctx->fault_queued = false;
}

static void vxe_hw_ctx_create_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx)
{
	const struct vxe_hw_ctx *staged = &hw->ctx_staged;

	if (ctx->state != VXE_CTX_STATE_FREE ||
	    !vxe_hw_ring_valid(staged->ring, staged->ring_size) ||
	    staged->engine >= ARRAY_SIZE(hw->engines) ||
	    !hw->engines[staged->engine].thread ||
	    staged->asid >= hw->cfg.max_asids ||
	    staged->priority > VXE_CTX_PRIORITY_HIGH)
		return;

	memset(ctx, 0, sizeof(*ctx));
	ctx->id = ctx - hw->ctxs;
	ctx->ring = staged->ring;
	ctx->ring_size = staged->ring_size;
	ctx->engine = staged->engine;
	ctx->asid = staged->asid;
	ctx->watchdog_ns = staged->watchdog_ns;
	ctx->timeslice_ns = staged->timeslice_ns;
	ctx->priority = staged->priority;
	ctx->low_latency = staged->low_latency;
	INIT_LIST_HEAD(&ctx->link);
	ctx->state = VXE_CTX_STATE_IDLE;
}

/* Reset or destroy a context that is not on its engine */
static void vxe_hw_ctx_stop_locked(struct vxe_hw_ctx *ctx, u32 cmd)
{
	list_del_init(&ctx->link);
	vxe_hw_ctx_reset_exec(ctx);
	ctx->error = VXE_CTX_ERROR_NONE;
	ctx->stop_req = 0;
	ctx->suspended = false;
	ctx->head = ctx->tail;
	ctx->state = cmd == VXE_CTX_CTL_DESTROY ? VXE_CTX_STATE_FREE : VXE_CTX_STATE_IDLE;
}

/**
 * vxe_hw_ctx_ctl_locked() - VXE_REG_CTX_CTL on the selected context
 * @hw: the device
 * @cmd: VXE_CTX_CTL_*
 *
 * A running context is reset, destroyed or suspended by its engine at the
 * end of the command it is executing; the driver polls VXE_REG_CTX_STATUS
 * for it.
 */
void vxe_hw_ctx_ctl_locked(struct vxe_hw *hw, u32 cmd)
{
	struct vxe_hw_ctx *ctx = &hw->ctxs[hw->ctx_select];

	lockdep_assert_held(&hw->lock);

	switch (cmd) {
	case VXE_CTX_CTL_CREATE:
		vxe_hw_ctx_create_locked(hw, ctx);
		break;
	case VXE_CTX_CTL_DESTROY:
	case VXE_CTX_CTL_RESET:
		if (ctx->state == VXE_CTX_STATE_FREE)
			break;
		if (ctx->state == VXE_CTX_STATE_RUNNING)
			WRITE_ONCE(ctx->stop_req, cmd);
		else
			vxe_hw_ctx_stop_locked(ctx, cmd);
		break;
	case VXE_CTX_CTL_SUSPEND:
		if (ctx->state == VXE_CTX_STATE_FREE)
			break;
		/* A running one leaves at the end of its command */
		WRITE_ONCE(ctx->suspended, true);
		if (ctx->state == VXE_CTX_STATE_READY)
			vxe_hw_ctx_make_ready_locked(hw, ctx);
		break;
	case VXE_CTX_CTL_RESUME:
		WRITE_ONCE(ctx->suspended, false);
		if (ctx->state == VXE_CTX_STATE_SUSPENDED)
			vxe_hw_ctx_make_ready_locked(hw, ctx);
		break;
	}
}

/**
 * vxe_hw_ctx_submit_locked() - VXE_REG_CTX_TAIL: new commands for a context
 * @hw: the device
 * @ctx: the selected context
 * @tail: new tail offset
 */
void vxe_hw_ctx_submit_locked(struct vxe_hw *hw, struct vxe_hw_ctx *ctx, u32 tail)
{
	lockdep_assert_held(&hw->lock);

	if (ctx->state == VXE_CTX_STATE_FREE || tail >= ctx->ring_size ||
	    !IS_ALIGNED(tail, sizeof(u32)))
		return;

	ctx->tail = tail;
	if (ctx->state != VXE_CTX_STATE_IDLE || ctx->head == tail)
		return;
	vxe_hw_ctx_make_ready_locked(hw, ctx);
	/* Ahead of the others of its priority, which the pick goes by */
	if (ctx->low_latency && ctx->state == VXE_CTX_STATE_READY)
		list_move(&ctx->link, &hw->engines[ctx->engine].ready);
}

/*
 * Pick the first ready context of the highest priority and mark it
 * running; those that ran go to the back of the list, hence round robin.
 */
static struct vxe_hw_ctx *vxe_hw_engine_pick(struct vxe_hw_engine *engine)
{
	struct vxe_hw *hw = engine->hw;
	struct vxe_hw_ctx *ctx = NULL, *c;

	spin_lock_irq(&hw->lock);
	list_for_each_entry(c, &engine->ready, link) {
		if (!ctx || c->priority > ctx->priority)
			ctx = c;
		if (ctx->priority == VXE_CTX_PRIORITY_HIGH)
			break;
	}
	if (ctx) {
		list_del_init(&ctx->link);
		ctx->state = VXE_CTX_STATE_RUNNING;
	}
	spin_unlock_irq(&hw->lock);

	return ctx;
}

/*
 * Run one slice of @ctx. Returns true when the context made progress or
 * left the engine for good, false when it only waited on a semaphore.
 */
static bool vxe_hw_engine_run_slice(struct vxe_hw_engine *engine, struct vxe_hw_ctx *ctx)
{
	struct vxe_hw *hw = engine->hw;
	u64 start = ktime_get_ns(), slice = ctx->timeslice_ns ?:
					     (u64)hw->cfg.timeslice_us * NSEC_PER_USEC;
	u64 ts_start = vxe_hw_timestamp(hw), now;
	enum vxe_hw_step step;
	bool progress = false;

	do {
		step = vxe_hw_cmd_step(ctx, engine);
		if (step == VXE_STEP_DONE)
			progress = true;
		now = ktime_get_ns();
	} while (step == VXE_STEP_DONE && now - start < slice && !READ_ONCE(ctx->stop_req) &&
		 !READ_ONCE(ctx->suspended));

	spin_lock_irq(&hw->lock);
	ctx->runtime_ns += now - start;
	ctx->timestamp += vxe_hw_timestamp(hw) - ts_start;

	if (ctx->stop_req) {
		vxe_hw_ctx_stop_locked(ctx, ctx->stop_req);
	} else if (step == VXE_STEP_ERROR) {
		vxe_hw_ctx_error_locked(hw, ctx, ctx->exec_error, ctx->exec_error_addr);
	} else if (step == VXE_STEP_STALL) {
		ctx->state = VXE_CTX_STATE_STALLED;
		vxe_hw_fault_post_locked(hw, ctx);
	} else if (step == VXE_STEP_IDLE && ctx->head == ctx->tail) {
		ctx->state = VXE_CTX_STATE_IDLE;
		ctx->runtime_ns = 0;
	} else if (ctx->watchdog_ns && ctx->runtime_ns > ctx->watchdog_ns) {
		vxe_hw_ctx_error_locked(hw, ctx, VXE_CTX_ERROR_WATCHDOG, 0);
	} else {
		/*
		 * Slice used up, waiting, suspended, or the ring emptied just
		 * before a new tail arrived (its doorbell saw us RUNNING):
		 * requeue.
		 */
		vxe_hw_ctx_make_ready_locked(hw, ctx);
	}
	spin_unlock_irq(&hw->lock);

	return progress || step != VXE_STEP_YIELD;
}

static int vxe_hw_engine_thread(void *data)
{
	struct vxe_hw_engine *engine = data;
	unsigned int idle_rounds = 0;
	struct vxe_hw_ctx *ctx;

	while (!kthread_should_stop()) {
		wait_event_interruptible(engine->wq, kthread_should_stop() ||
					 !list_empty_careful(&engine->ready));
		ctx = vxe_hw_engine_pick(engine);
		if (!ctx)
			continue;

		if (vxe_hw_engine_run_slice(engine, ctx))
			idle_rounds = 0;
		else if (++idle_rounds > 16)
			/* Everyone is waiting on semaphores: poll gently */
			usleep_range(20, 50);
		cond_resched();
	}

	return 0;
}

/**
 * vxe_hw_engines_init() - start a thread per engine present
 * @hw: the device
 *
 * Return: 0 or a negative errno.
 */
int vxe_hw_engines_init(struct vxe_hw *hw)
{
	static const char * const names[VXE_ENGINE_CLASS_COUNT] = { "rcs", "bcs" };
	unsigned long bits = hw->cfg.engines;
	unsigned int bit;

	for_each_set_bit(bit, &bits, ARRAY_SIZE(hw->engines)) {
		struct vxe_hw_engine *engine = &hw->engines[bit];
		unsigned int class = bit / VXE_ENGINE_MAX_INSTANCES;

		if (class >= VXE_ENGINE_CLASS_COUNT) {
			vxe_hw_engines_fini(hw);
			return -EINVAL;
		}

		engine->hw = hw;
		engine->id = bit;
		engine->class = class;
		init_waitqueue_head(&engine->wq);
		INIT_LIST_HEAD(&engine->ready);
		engine->thread = kthread_run(vxe_hw_engine_thread, engine, "vxe-%s%u",
					     names[class], bit % VXE_ENGINE_MAX_INSTANCES);
		if (IS_ERR(engine->thread)) {
			int ret = PTR_ERR(engine->thread);

			engine->thread = NULL;
			vxe_hw_engines_fini(hw);
			return ret;
		}
	}

	return 0;
}

/**
 * vxe_hw_engines_fini() - stop the engine threads
 * @hw: the device
 */
void vxe_hw_engines_fini(struct vxe_hw *hw)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hw->engines); i++) {
		if (hw->engines[i].thread) {
			kthread_stop(hw->engines[i].thread);
			hw->engines[i].thread = NULL;
		}
	}
}

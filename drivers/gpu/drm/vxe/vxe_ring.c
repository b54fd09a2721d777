// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: rings
 *
 * A &struct vxe_ring is the driver's side of one hardware context: a ring
 * buffer and a status page in DMA memory, a context id, an engine and an
 * ASID. vxe_ring_submit() copies commands into the ring, follows them with
 * an MI_FLUSH_DW that writes the submission's sequence number to the status
 * page and an MI_USER_INTERRUPT, moves the tail, and returns a fence. The
 * interrupt handler signals every fence whose number the status page has
 * reached (vxe_ring_process()); when the device reports the context in
 * error, every pending fence is signalled with -EIO and the ring is banned
 * until vxe_ring_reset().
 *
 * Fences of one ring are on one timeline and signal in order.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/iopoll.h>
#include <linux/slab.h>

#include <drm/drm_print.h>

#include "vxe_device.h"
#include "vxe_fault.h"
#include "vxe_hw.h"
#include "vxe_ring.h"

#define VXE_RING_STATUS_SIZE	SZ_4K
/* What vxe_ring_submit() adds: MI_FLUSH_DW (4), MI_USER_INTERRUPT, padding */
#define VXE_RING_TRAILER_DW	6

#define MI_NOOP			0x00000000
#define MI_USER_INTERRUPT	0x01000000
/* MI_FLUSH_DW, post-sync write of one dword; address dword 1 bit 2: DPA */
#define MI_FLUSH_DW_STORE_DW	0x13004002
#define MI_FLUSH_DW_DPA		BIT(2)

struct vxe_ring {
	struct vxe_device *vxe;
	u16 id;
	u8 engine;
	u16 asid;
	/* ring at [0, @size), status page after it */
	void *cpu;
	dma_addr_t dma;
	u32 size;
	/* on &vxe_device.active_rings while it has pending fences (rings_lock) */
	struct list_head active_link;
	u64 fence_ctx;
	/* protects everything below */
	spinlock_t lock;
	u32 tail;
	u32 seqno;
	bool banned;
	/* the device let go of the context: its memory can be freed */
	bool stopped;
	struct list_head pending;
	/* told once when the context errors; set before any submission */
	void (*on_error)(void *data, u32 error, u64 addr);
	void *on_error_data;
};

struct vxe_ring_fence {
	struct dma_fence base;
	struct list_head link;
};

static const char *vxe_ring_fence_driver_name(struct dma_fence *fence)
{
	return "vxe";
}

static const char *vxe_ring_fence_timeline_name(struct dma_fence *fence)
{
	return "vxe-ring";
}

static const struct dma_fence_ops vxe_ring_fence_ops = {
	.get_driver_name = vxe_ring_fence_driver_name,
	.get_timeline_name = vxe_ring_fence_timeline_name,
};

static u32 *vxe_ring_status(struct vxe_ring *ring)
{
	return ring->cpu + ring->size;
}

static u32 vxe_ring_read(struct vxe_ring *ring, u32 reg)
{
	struct vxe_device *vxe = ring->vxe;
	unsigned long flags;
	u32 val;

	spin_lock_irqsave(&vxe->mmio_lock, flags);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_SELECT, ring->id);
	val = vxe_hw_mmio_read32(vxe->hw, reg);
	spin_unlock_irqrestore(&vxe->mmio_lock, flags);

	return val;
}

static void vxe_ring_write(struct vxe_ring *ring, u32 reg, u32 value)
{
	struct vxe_device *vxe = ring->vxe;
	unsigned long flags;

	spin_lock_irqsave(&vxe->mmio_lock, flags);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_SELECT, ring->id);
	vxe_hw_mmio_write32(vxe->hw, reg, value);
	spin_unlock_irqrestore(&vxe->mmio_lock, flags);
}

/**
 * vxe_ring_create() - create a hardware context of normal priority
 * @vxe: the device
 * @engine: engine bit number
 * @asid: address space of the context's PPGTT accesses
 * @watchdog_us: execution budget per busy period, 0 for none
 * @size: bytes of ring, a power of two from 4 KiB to 1 MiB
 * @out: the ring
 *
 * Return: as vxe_ring_create_sched().
 */
int vxe_ring_create(struct vxe_device *vxe, unsigned int engine, u16 asid,
		    u32 watchdog_us, u32 size, struct vxe_ring **out)
{
	return vxe_ring_create_sched(vxe, engine, asid, watchdog_us, size, NULL, out);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_ring_create);

/**
 * vxe_ring_create_sched() - create a hardware context and its ring
 * @vxe: the device
 * @engine: engine bit number
 * @asid: address space of the context's PPGTT accesses
 * @watchdog_us: execution budget per busy period, 0 for none
 * @size: bytes of ring, a power of two from 4 KiB to 1 MiB
 * @sched: priority and time slice, NULL for the defaults
 * @out: the ring
 *
 * Return: 0, -ENOSPC when the device has no free context, -ENOMEM, or
 * -EIO when the device refuses the context.
 */
int vxe_ring_create_sched(struct vxe_device *vxe, unsigned int engine, u16 asid,
			  u32 watchdog_us, u32 size, const struct vxe_ring_sched *sched,
			  struct vxe_ring **out)
{
	const struct vxe_ring_sched normal = { .priority = VXE_CTX_PRIORITY_NORMAL };
	struct vxe_ring *ring;
	unsigned long flags;
	u32 state;
	int id;

	ring = kzalloc_obj(*ring);
	if (!ring)
		return -ENOMEM;

	id = ida_alloc_max(&vxe->ctx_ida, vxe->info.max_contexts - 1, GFP_KERNEL);
	if (id < 0) {
		kfree(ring);
		return id == -ENOSPC ? -ENOSPC : id;
	}

	ring->cpu = dma_alloc_coherent(vxe->drm.dev, size + VXE_RING_STATUS_SIZE,
				       &ring->dma, GFP_KERNEL);
	if (!ring->cpu) {
		ida_free(&vxe->ctx_ida, id);
		kfree(ring);
		return -ENOMEM;
	}

	ring->vxe = vxe;
	ring->size = size;
	INIT_LIST_HEAD(&ring->active_link);
	ring->id = id;
	ring->engine = engine;
	ring->asid = asid;
	ring->fence_ctx = dma_fence_context_alloc(1);
	spin_lock_init(&ring->lock);
	INIT_LIST_HEAD(&ring->pending);

	spin_lock_irqsave(&vxe->mmio_lock, flags);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_SELECT, id);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_RING_LO, lower_32_bits(ring->dma));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_RING_HI, upper_32_bits(ring->dma));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_RING_SIZE, size);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_ENGINE, engine);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_ASID, asid);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_WATCHDOG_US, watchdog_us);
	if (!sched)
		sched = &normal;
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_SCHED,
			    FIELD_PREP(VXE_CTX_SCHED_PRIORITY, sched->priority) |
			    (sched->low_latency ? VXE_CTX_SCHED_LOW_LATENCY : 0));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_TIMESLICE_US, sched->timeslice_us);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_CREATE);
	state = FIELD_GET(VXE_CTX_STATUS_STATE,
			  vxe_hw_mmio_read32(vxe->hw, VXE_REG_CTX_STATUS));
	spin_unlock_irqrestore(&vxe->mmio_lock, flags);

	if (state != VXE_CTX_STATE_IDLE) {
		vxe_ring_destroy(ring);
		return -EIO;
	}

	spin_lock_irqsave(&vxe->rings_lock, flags);
	vxe->rings[id] = ring;
	spin_unlock_irqrestore(&vxe->rings_lock, flags);

	*out = ring;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_ring_create_sched);

/* Signal every pending fence, with @error unless it is 0 */
static void vxe_ring_signal_all_locked(struct vxe_ring *ring, int error)
{
	struct vxe_ring_fence *f, *tmp;

	lockdep_assert_held(&ring->lock);

	list_for_each_entry_safe(f, tmp, &ring->pending, link) {
		if (error)
			dma_fence_set_error(&f->base, error);
		dma_fence_signal(&f->base);
		list_del(&f->link);
		dma_fence_put(&f->base);
	}
}

/**
 * vxe_ring_stop() - destroy the hardware context
 * @ring: the ring
 *
 * Pending fences are signalled with -ECANCELED. The ring is out of the
 * interrupt's reach afterwards, but stays allocated for those who still
 * look at it (vxe_ring_banned()) until vxe_ring_free().
 */
void vxe_ring_stop(struct vxe_ring *ring)
{
	struct vxe_device *vxe = ring->vxe;
	unsigned long flags;
	u32 status;

	spin_lock_irqsave(&vxe->rings_lock, flags);
	if (vxe->rings[ring->id] == ring)
		vxe->rings[ring->id] = NULL;
	list_del_init(&ring->active_link);
	spin_unlock_irqrestore(&vxe->rings_lock, flags);

	/* A running context is stopped by its engine: wait for that */
	vxe_ring_write(ring, VXE_REG_CTX_CTL, VXE_CTX_CTL_DESTROY);
	if (read_poll_timeout(vxe_ring_read, status,
			      FIELD_GET(VXE_CTX_STATUS_STATE, status) == VXE_CTX_STATE_FREE,
			      100, USEC_PER_SEC, false, ring, VXE_REG_CTX_STATUS))
		drm_err(&vxe->drm, "context %u did not stop; leaking its ring\n", ring->id);
	else
		ring->stopped = true;

	spin_lock_irqsave(&ring->lock, flags);
	ring->banned = true;
	vxe_ring_signal_all_locked(ring, -ECANCELED);
	spin_unlock_irqrestore(&ring->lock, flags);
}

/**
 * vxe_ring_free() - free a stopped ring
 * @ring: the ring, after vxe_ring_stop()
 *
 * The context id is only given back here, once every fault the context
 * posted was answered, so that no reply meant for it reaches the next
 * context with its id.
 * Context: process; no lock the fault handler takes (&vxe_vm.lock) held.
 */
void vxe_ring_free(struct vxe_ring *ring)
{
	struct vxe_device *vxe = ring->vxe;

	/* A context that did not stop may still read the ring */
	if (ring->stopped) {
		dma_free_coherent(vxe->drm.dev, ring->size + VXE_RING_STATUS_SIZE,
				  ring->cpu, ring->dma);
		/* Its faults answered (if it ever ran), its id can name another */
		if (ring->seqno)
			vxe_fault_sync(vxe);
		ida_free(&vxe->ctx_ida, ring->id);
	}
	kfree(ring);
}

/**
 * vxe_ring_destroy() - destroy the hardware context and free the ring
 * @ring: the ring
 *
 * Pending fences are signalled with -ECANCELED.
 */
void vxe_ring_destroy(struct vxe_ring *ring)
{
	vxe_ring_stop(ring);
	vxe_ring_free(ring);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_ring_destroy);

/**
 * vxe_ring_fence_alloc() - allocate the fence of a future submission
 *
 * For callers that must not allocate when they submit, such as a
 * scheduler's run_job, which is on the path that signals fences memory
 * reclaim may wait for.
 *
 * Return: the fence, to pass to vxe_ring_submit_fence() or
 * vxe_ring_fence_free(), or NULL.
 */
struct vxe_ring_fence *vxe_ring_fence_alloc(void)
{
	return kzalloc_obj(struct vxe_ring_fence);
}

/**
 * vxe_ring_fence_free() - free a fence that was never submitted
 * @f: the fence, may be NULL
 */
void vxe_ring_fence_free(struct vxe_ring_fence *f)
{
	kfree(f);
}

/**
 * vxe_ring_submit_fence() - run commands on the ring's context
 * @ring: the ring
 * @cmds: commands, complete ones
 * @n: dwords
 * @f: from vxe_ring_fence_alloc(); owned by the ring from here on, also
 *	on failure
 *
 * Allocates nothing.
 *
 * Return: a fence signalled once the commands completed (with -EIO if the
 * context errored first), or ERR_PTR(-EIO) on a banned ring, -EBUSY when
 * the ring has no room, -EINVAL for more than a ring holds.
 */
struct dma_fence *vxe_ring_submit_fence(struct vxe_ring *ring, const u32 *cmds,
					unsigned int n, struct vxe_ring_fence *f)
{
	unsigned int total = ALIGN(n + VXE_RING_TRAILER_DW, 2), i;
	u64 status = ring->dma + ring->size;
	unsigned long flags;
	u32 *dw = ring->cpu;
	u32 head, space;

	if (total * sizeof(u32) >= ring->size) {
		kfree(f);
		return ERR_PTR(-EINVAL);
	}

	head = vxe_ring_read(ring, VXE_REG_CTX_HEAD);

	/*
	 * The interrupt finds rings on the active list, under rings_lock:
	 * list this one and move the tail under it, so that no completion
	 * of this submission can be missed, and so that concurrent
	 * submitters write their tails in order.
	 */
	spin_lock_irqsave(&ring->vxe->rings_lock, flags);
	spin_lock(&ring->lock);
	space = (head - ring->tail - sizeof(u32)) & (ring->size - 1);
	if (ring->banned || space < total * sizeof(u32)) {
		spin_unlock(&ring->lock);
		spin_unlock_irqrestore(&ring->vxe->rings_lock, flags);
		kfree(f);
		return ERR_PTR(ring->banned ? -EIO : -EBUSY);
	}

#define EMIT(v) do { \
		dw[ring->tail / 4] = (v); \
		ring->tail = (ring->tail + 4) & (ring->size - 1); \
	} while (0)

	for (i = 0; i < n; i++)
		EMIT(cmds[i]);
	ring->seqno++;
	EMIT(MI_FLUSH_DW_STORE_DW);
	EMIT(lower_32_bits(status) | MI_FLUSH_DW_DPA);
	EMIT(upper_32_bits(status));
	EMIT(ring->seqno);
	EMIT(MI_USER_INTERRUPT);
	while (ring->tail % 8)
		EMIT(MI_NOOP);
#undef EMIT

	/*
	 * The fence's own lock: a fence may outlive its ring (a syncobj can
	 * hold a job's fence, which holds this one, for ever)
	 */
	dma_fence_init(&f->base, &vxe_ring_fence_ops, NULL, ring->fence_ctx, ring->seqno);
	list_add_tail(&f->link, &ring->pending);
	dma_fence_get(&f->base);
	if (list_empty(&ring->active_link))
		list_add_tail(&ring->active_link, &ring->vxe->active_rings);

	/* The tail write orders the ring contents before it (MMIO) */
	dma_wmb();
	vxe_ring_write(ring, VXE_REG_CTX_TAIL, ring->tail);
	spin_unlock(&ring->lock);
	spin_unlock_irqrestore(&ring->vxe->rings_lock, flags);

	return &f->base;
}

/**
 * vxe_ring_submit() - run commands on the ring's context
 * @ring: the ring
 * @cmds: commands, complete ones
 * @n: dwords
 *
 * Return: as vxe_ring_submit_fence(), or ERR_PTR(-ENOMEM).
 */
struct dma_fence *vxe_ring_submit(struct vxe_ring *ring, const u32 *cmds, unsigned int n)
{
	struct vxe_ring_fence *f = vxe_ring_fence_alloc();

	if (!f)
		return ERR_PTR(-ENOMEM);
	return vxe_ring_submit_fence(ring, cmds, n, f);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_ring_submit);

/* The oldest fence not yet signalled, with a reference; NULL if none */
static struct dma_fence *vxe_ring_oldest_fence(struct vxe_ring *ring)
{
	struct vxe_ring_fence *f;
	struct dma_fence *fence = NULL;
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	f = list_first_entry_or_null(&ring->pending, struct vxe_ring_fence, link);
	if (f)
		fence = dma_fence_get(&f->base);
	spin_unlock_irqrestore(&ring->lock, flags);
	return fence;
}

/**
 * vxe_ring_submit_wait() - run commands, waiting for room in the ring
 * @ring: the ring
 * @cmds: commands, complete ones
 * @n: dwords
 *
 * For a kernel context that submits faster than its engine runs, such as
 * migration, which copies page by page: while the ring is full it waits
 * for the oldest submission to complete, and tries again.
 *
 * Context: process; may sleep.
 * Return: as vxe_ring_submit(), but never ERR_PTR(-EBUSY).
 */
struct dma_fence *vxe_ring_submit_wait(struct vxe_ring *ring, const u32 *cmds, unsigned int n)
{
	struct dma_fence *fence, *oldest;

	for (;;) {
		fence = vxe_ring_submit(ring, cmds, n);
		if (!IS_ERR(fence) || PTR_ERR(fence) != -EBUSY)
			return fence;
		/*
		 * Every byte in use belongs to a pending submission, whose
		 * fence signals once the engine went past it (or the context
		 * errored or stopped): after it there is more room.
		 */
		oldest = vxe_ring_oldest_fence(ring);
		if (oldest) {
			dma_fence_wait(oldest, false);
			dma_fence_put(oldest);
		} else {
			cond_resched();
		}
	}
}
EXPORT_SYMBOL_IF_KUNIT(vxe_ring_submit_wait);

/* Signal the fences of @ring the device has completed */
static void vxe_ring_process(struct vxe_ring *ring)
{
	u32 done = READ_ONCE(*vxe_ring_status(ring));
	struct vxe_ring_fence *f, *tmp;
	unsigned long flags;

	lockdep_assert_held(&ring->vxe->rings_lock);

	spin_lock_irqsave(&ring->lock, flags);
	list_for_each_entry_safe(f, tmp, &ring->pending, link) {
		if ((s32)(done - (u32)f->base.seqno) < 0)
			break;
		dma_fence_signal(&f->base);
		list_del(&f->link);
		dma_fence_put(&f->base);
	}
	if (list_empty(&ring->pending))
		list_del_init(&ring->active_link);
	spin_unlock_irqrestore(&ring->lock, flags);
}

/**
 * vxe_rings_process() - signal the fences the device has completed
 * @vxe: the device
 *
 * Called on MI_USER_INTERRUPT; looks only at rings with pending fences.
 */
void vxe_rings_process(struct vxe_device *vxe)
{
	struct vxe_ring *ring, *next;
	unsigned long flags;

	/*
	 * Destroying a ring first takes it off the list, under the lock, so
	 * a ring found here stays valid while the lock is held.
	 */
	spin_lock_irqsave(&vxe->rings_lock, flags);
	list_for_each_entry_safe(ring, next, &vxe->active_rings, active_link)
		vxe_ring_process(ring);
	spin_unlock_irqrestore(&vxe->rings_lock, flags);
}

/**
 * vxe_ring_check_error() - ban the ring if its context is in error
 * @ring: the ring
 *
 * Called on VXE_IRQ_CTX_ERROR. Completed submissions are signalled
 * normally; the others with -EIO.
 */
void vxe_ring_check_error(struct vxe_ring *ring)
{
	u32 status = vxe_ring_read(ring, VXE_REG_CTX_STATUS);
	unsigned long flags;
	bool first;

	if (FIELD_GET(VXE_CTX_STATUS_STATE, status) != VXE_CTX_STATE_ERROR)
		return;

	vxe_ring_process(ring);
	spin_lock_irqsave(&ring->lock, flags);
	first = !ring->banned;
	if (first)
		drm_dbg(&ring->vxe->drm, "context %u error %lu\n", ring->id,
			FIELD_GET(VXE_CTX_STATUS_ERROR, status));
	ring->banned = true;
	vxe_ring_signal_all_locked(ring, -EIO);
	spin_unlock_irqrestore(&ring->lock, flags);

	if (first && ring->on_error) {
		u64 addr = vxe_ring_read(ring, VXE_REG_CTX_ERROR_ADDR_LO) |
			   (u64)vxe_ring_read(ring, VXE_REG_CTX_ERROR_ADDR_HI) << 32;

		ring->on_error(ring->on_error_data, FIELD_GET(VXE_CTX_STATUS_ERROR, status),
			       addr);
	}
}

/**
 * vxe_ring_set_error_handler() - be told when the context errors
 * @ring: the ring, before anything is submitted to it
 * @fn: called once per ban from the interrupt handler, with the
 *	&enum vxe_hw_ctx_error and the GPU address involved; must not sleep
 * @data: for @fn
 */
void vxe_ring_set_error_handler(struct vxe_ring *ring,
				void (*fn)(void *data, u32 error, u64 addr), void *data)
{
	ring->on_error = fn;
	ring->on_error_data = data;
}

/**
 * vxe_ring_timestamp() - how long the context has executed
 * @ring: the ring
 *
 * Return: the context's CTX_TIMESTAMP, in reference-clock ticks.
 */
u64 vxe_ring_timestamp(struct vxe_ring *ring)
{
	struct vxe_device *vxe = ring->vxe;
	unsigned long flags;
	u32 lo, hi;

	/* Reading LO latches HI */
	spin_lock_irqsave(&vxe->mmio_lock, flags);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_SELECT, ring->id);
	lo = vxe_hw_mmio_read32(vxe->hw, VXE_REG_CTX_TIMESTAMP_LO);
	hi = vxe_hw_mmio_read32(vxe->hw, VXE_REG_CTX_TIMESTAMP_HI);
	spin_unlock_irqrestore(&vxe->mmio_lock, flags);

	return (u64)hi << 32 | lo;
}

/**
 * vxe_ring_banned() - whether the ring's context errored
 * @ring: the ring
 *
 * Return: true until vxe_ring_reset().
 */
bool vxe_ring_banned(struct vxe_ring *ring)
{
	unsigned long flags;
	bool banned;

	spin_lock_irqsave(&ring->lock, flags);
	banned = ring->banned;
	spin_unlock_irqrestore(&ring->lock, flags);

	return banned;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_ring_banned);

/**
 * vxe_ring_ban() - stop the context for good
 * @ring: the ring
 *
 * For a context the driver gives up on (a job that timed out): the
 * device stops it, every pending fence is signalled with -EIO, and the
 * ring takes no more work. Nothing in the device but this context is
 * disturbed.
 *
 * Return: 0, or -ETIMEDOUT if the device did not stop the context.
 */
int vxe_ring_ban(struct vxe_ring *ring)
{
	unsigned long flags;
	u32 status;
	int ret;

	spin_lock_irqsave(&ring->lock, flags);
	ring->banned = true;
	spin_unlock_irqrestore(&ring->lock, flags);

	vxe_ring_write(ring, VXE_REG_CTX_CTL, VXE_CTX_CTL_RESET);
	ret = read_poll_timeout(vxe_ring_read, status,
				FIELD_GET(VXE_CTX_STATUS_STATE, status) == VXE_CTX_STATE_IDLE,
				100, USEC_PER_SEC, false, ring, VXE_REG_CTX_STATUS);

	spin_lock_irqsave(&ring->lock, flags);
	vxe_ring_signal_all_locked(ring, -EIO);
	spin_unlock_irqrestore(&ring->lock, flags);

	return ret;
}

/**
 * vxe_ring_suspend() - take the context off its engine until resumed
 * @ring: the ring
 *
 * When this returns, the context executes nothing, and will execute
 * nothing until vxe_ring_resume(), submissions included; a command it was
 * executing has completed.
 *
 * Return: 0, or -ETIMEDOUT if the engine did not let go of the context.
 */
int vxe_ring_suspend(struct vxe_ring *ring)
{
	u32 status;

	vxe_ring_write(ring, VXE_REG_CTX_CTL, VXE_CTX_CTL_SUSPEND);
	return read_poll_timeout(vxe_ring_read, status,
				 FIELD_GET(VXE_CTX_STATUS_STATE, status) != VXE_CTX_STATE_RUNNING,
				 10, USEC_PER_SEC, false, ring, VXE_REG_CTX_STATUS);
}

/**
 * vxe_ring_resume() - let a suspended context run again
 * @ring: the ring
 */
void vxe_ring_resume(struct vxe_ring *ring)
{
	vxe_ring_write(ring, VXE_REG_CTX_CTL, VXE_CTX_CTL_RESUME);
}

/**
 * vxe_ring_reset() - reset an errored context and accept work again
 * @ring: the ring
 *
 * Return: 0, or -ETIMEDOUT if the device did not reset the context.
 */
int vxe_ring_reset(struct vxe_ring *ring)
{
	unsigned long flags;
	u32 status;
	int ret;

	vxe_ring_write(ring, VXE_REG_CTX_CTL, VXE_CTX_CTL_RESET);
	ret = read_poll_timeout(vxe_ring_read, status,
				FIELD_GET(VXE_CTX_STATUS_STATE, status) == VXE_CTX_STATE_IDLE,
				100, USEC_PER_SEC, false, ring, VXE_REG_CTX_STATUS);
	if (ret)
		return ret;

	spin_lock_irqsave(&ring->lock, flags);
	vxe_ring_signal_all_locked(ring, -EIO);
	ring->tail = vxe_ring_read(ring, VXE_REG_CTX_HEAD);
	ring->banned = false;
	spin_unlock_irqrestore(&ring->lock, flags);

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_ring_reset);

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_RING_H_
#define _VXE_RING_H_

#include <linux/types.h>

struct dma_fence;
struct vxe_device;
struct vxe_ring;
struct vxe_ring_fence;

/**
 * struct vxe_ring_sched - how the device schedules a ring's context
 */
struct vxe_ring_sched {
	/** @priority: an &enum vxe_hw_ctx_priority */
	u8 priority;
	/** @low_latency: first among its priority when woken from idle */
	bool low_latency;
	/** @timeslice_us: time slice, 0 for the device's */
	u32 timeslice_us;
};

int vxe_ring_create(struct vxe_device *vxe, unsigned int engine, u16 asid,
		    u32 watchdog_us, u32 size, struct vxe_ring **ring);
int vxe_ring_create_sched(struct vxe_device *vxe, unsigned int engine, u16 asid,
			  u32 watchdog_us, u32 size, const struct vxe_ring_sched *sched,
			  struct vxe_ring **ring);
void vxe_ring_destroy(struct vxe_ring *ring);
void vxe_ring_stop(struct vxe_ring *ring);
void vxe_ring_free(struct vxe_ring *ring);
struct dma_fence *vxe_ring_submit(struct vxe_ring *ring, const u32 *cmds, unsigned int n);
struct dma_fence *vxe_ring_submit_wait(struct vxe_ring *ring, const u32 *cmds, unsigned int n);
struct vxe_ring_fence *vxe_ring_fence_alloc(void);
void vxe_ring_fence_free(struct vxe_ring_fence *f);
struct dma_fence *vxe_ring_submit_fence(struct vxe_ring *ring, const u32 *cmds,
					unsigned int n, struct vxe_ring_fence *f);
void vxe_rings_process(struct vxe_device *vxe);
void vxe_ring_check_error(struct vxe_ring *ring);
int vxe_ring_reset(struct vxe_ring *ring);
int vxe_ring_ban(struct vxe_ring *ring);
int vxe_ring_suspend(struct vxe_ring *ring);
void vxe_ring_resume(struct vxe_ring *ring);
bool vxe_ring_banned(struct vxe_ring *ring);
u64 vxe_ring_timestamp(struct vxe_ring *ring);
void vxe_ring_set_error_handler(struct vxe_ring *ring,
				void (*fn)(void *data, u32 error, u64 addr), void *data);

#endif

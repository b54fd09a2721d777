/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_SCHED_JOB_H_
#define _VXE_SCHED_JOB_H_

#include <linux/sizes.h>

#include <drm/gpu_scheduler.h>

struct drm_file;
struct vxe_exec_queue;
struct vxe_ring_fence;

/*
 * A queue's ring, and the jobs it holds at once: each takes at most 56
 * bytes (its commands and the ring's seqno write and interrupt)
 */
#define VXE_SCHED_JOB_RING_SIZE		SZ_4K
#define VXE_SCHED_JOB_MAX_IN_RING	64
/* Jobs a queue may have before EXEC answers -EAGAIN, as Xe's */
#define VXE_SCHED_JOB_MAX_QUEUED	1000

/**
 * struct vxe_sched_job - one EXEC
 */
struct vxe_sched_job {
	/** @base: the scheduler's job */
	struct drm_sched_job base;
	/** @q: the queue (a reference) */
	struct vxe_exec_queue *q;
	/** @hw_fence: the ring's fence, allocated ahead; NULL once run */
	struct vxe_ring_fence *hw_fence;
	/** @batch_addr: GPU virtual address of the batch buffer */
	u64 batch_addr;
	/** @ufence: user fence the ring writes after the batch */
	struct {
		/** @ufence.addr: GPU virtual address, 8-byte aligned */
		u64 addr;
		/** @ufence.value: what to write */
		u64 value;
		/** @ufence.set: there is one */
		bool set;
	} ufence;
};

extern const struct drm_sched_backend_ops vxe_sched_job_ops;

struct vxe_sched_job *vxe_sched_job_create(struct vxe_exec_queue *q, struct drm_file *file,
					   u64 batch_addr);
void vxe_sched_job_destroy(struct vxe_sched_job *job);

#endif

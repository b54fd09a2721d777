// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: jobs
 *
 * EXEC makes a &struct vxe_sched_job: one batch buffer to start on the
 * queue's context, and optionally a user fence to write when it is done.
 * Its queue's drm_gpu_scheduler runs it once its dependencies (in-syncs,
 * the kernel's moves and clears of the memory it uses) have signalled:
 * run_job writes an MI_BATCH_BUFFER_START of the batch (a GPU virtual
 * address in the VM, which may itself fault) and an MI_STORE_DATA_IMM of
 * the user fence to the ring; the ring's fence is the job's hardware
 * fence. run_job allocates nothing: it is on the path that signals fences
 * memory reclaim may wait for, so the ring's fence is allocated with the
 * job.
 *
 * A job that outlives the queue's timeout bans the queue: the device
 * stops the context, and this job and every later one complete with -EIO.
 */

#include <linux/slab.h>

#include <drm/drm_file.h>
#include <drm/drm_print.h>

#include "vxe_device_types.h"
#include "vxe_exec_queue.h"
#include "vxe_ring.h"
#include "vxe_sched_job.h"

/* MI_BATCH_BUFFER_START, three dwords, addresses in the PPGTT */
#define MI_BATCH_BUFFER_START_PPGTT	(0x31 << 23 | BIT(8) | (3 - 2))
/* MI_STORE_DATA_IMM of a qword, five dwords, to a PPGTT address */
#define MI_STORE_QWORD_IMM		(0x20 << 23 | BIT(21) | (5 - 2))
/* Dwords run_job writes at most */
#define VXE_SCHED_JOB_DW		8

static struct vxe_sched_job *to_vxe_sched_job(struct drm_sched_job *job)
{
	return container_of(job, struct vxe_sched_job, base);
}

static struct dma_fence *vxe_sched_job_run(struct drm_sched_job *sched_job)
{
	struct vxe_sched_job *job = to_vxe_sched_job(sched_job);
	struct vxe_ring_fence *hw_fence = job->hw_fence;
	struct vxe_exec_queue *q = job->q;
	u32 cs[VXE_SCHED_JOB_DW];
	unsigned int n = 0;

	job->hw_fence = NULL;
	if (READ_ONCE(q->banned) || sched_job->s_fence->finished.error) {
		vxe_ring_fence_free(hw_fence);
		return ERR_PTR(-ECANCELED);
	}

	cs[n++] = MI_BATCH_BUFFER_START_PPGTT;
	cs[n++] = lower_32_bits(job->batch_addr);
	cs[n++] = upper_32_bits(job->batch_addr);
	if (job->ufence.set) {
		cs[n++] = MI_STORE_QWORD_IMM;
		cs[n++] = lower_32_bits(job->ufence.addr);
		cs[n++] = upper_32_bits(job->ufence.addr);
		cs[n++] = lower_32_bits(job->ufence.value);
		cs[n++] = upper_32_bits(job->ufence.value);
	}

	/* The credit limit keeps the ring from filling up */
	return vxe_ring_submit_fence(q->ring, cs, n, hw_fence);
}

static enum drm_gpu_sched_stat vxe_sched_job_timedout(struct drm_sched_job *sched_job)
{
	struct vxe_sched_job *job = to_vxe_sched_job(sched_job);
	struct dma_fence *hw_fence = sched_job->s_fence->parent;
	struct vxe_exec_queue *q = job->q;

	mutex_lock(&q->tdr_lock);
	/*
	 * Being killed: the kill stops the context and frees the jobs. Done
	 * just now: the completion is on its way. Either way no hang.
	 */
	if (READ_ONCE(q->killed) || (hw_fence && dma_fence_is_signaled(hw_fence))) {
		mutex_unlock(&q->tdr_lock);
		return DRM_GPU_SCHED_STAT_NO_HANG;
	}

	drm_dbg(&q->vxe->drm, "job on queue of engine %u timed out; banning the queue\n",
		q->engine);
	drm_sched_stop(&q->sched, sched_job);
	WRITE_ONCE(q->banned, true);
	/* Every job on the ring gets -EIO; the rest are cancelled in run_job */
	if (vxe_ring_ban(q->ring))
		drm_err(&q->vxe->drm, "context of a timed-out job did not stop\n");
	drm_sched_start(&q->sched, -EIO);
	mutex_unlock(&q->tdr_lock);
	wake_up_all(&q->vxe->ufence_wq);
	return DRM_GPU_SCHED_STAT_RESET;
}

static void vxe_sched_job_free(struct drm_sched_job *sched_job)
{
	struct vxe_sched_job *job = to_vxe_sched_job(sched_job);

	drm_sched_job_cleanup(sched_job);
	vxe_sched_job_destroy(job);
}

/*
 * Called by drm_sched_fini() for jobs that ran but did not complete. The
 * queue destroyed its context first, which signalled every one of their
 * hardware fences: nothing is left to do but free them.
 */
static void vxe_sched_job_cancel(struct drm_sched_job *sched_job)
{
}

/* The scheduler callbacks of every exec queue */
const struct drm_sched_backend_ops vxe_sched_job_ops = {
	.run_job = vxe_sched_job_run,
	.timedout_job = vxe_sched_job_timedout,
	.free_job = vxe_sched_job_free,
	.cancel_job = vxe_sched_job_cancel,
};

/**
 * vxe_sched_job_create() - make a job for a queue
 * @q: the queue, not a bind queue
 * @file: the client, for fdinfo
 * @batch_addr: GPU virtual address of the batch buffer
 *
 * Return: the job, or ERR_PTR(-EAGAIN) when the queue already has
 * %VXE_SCHED_JOB_MAX_QUEUED jobs, -ENOMEM, or another error of
 * drm_sched_job_init().
 */
struct vxe_sched_job *vxe_sched_job_create(struct vxe_exec_queue *q, struct drm_file *file,
					   u64 batch_addr)
{
	struct vxe_sched_job *job;
	int ret;

	/* As Xe: a queue that far behind is the caller's to wait for */
	if (atomic_inc_return(&q->job_cnt) > VXE_SCHED_JOB_MAX_QUEUED) {
		atomic_dec(&q->job_cnt);
		return ERR_PTR(-EAGAIN);
	}

	ret = -ENOMEM;
	job = kzalloc_obj(*job);
	if (!job)
		goto err_cnt;
	job->hw_fence = vxe_ring_fence_alloc();
	if (!job->hw_fence)
		goto err_job;
	ret = drm_sched_job_init(&job->base, &q->entity, 1, q, file->client_id);
	if (ret)
		goto err_fence;
	job->q = vxe_exec_queue_get(q);
	job->batch_addr = batch_addr;
	return job;

err_fence:
	vxe_ring_fence_free(job->hw_fence);
err_job:
	kfree(job);
err_cnt:
	atomic_dec(&q->job_cnt);
	return ERR_PTR(ret);
}

/**
 * vxe_sched_job_destroy() - free a job that was never armed, or is done
 * @job: the job; drm_sched_job_cleanup() was called on it
 */
void vxe_sched_job_destroy(struct vxe_sched_job *job)
{
	struct vxe_exec_queue *q = job->q;

	vxe_ring_fence_free(job->hw_fence);
	atomic_dec(&q->job_cnt);
	kfree(job);
	vxe_exec_queue_put(q);
}

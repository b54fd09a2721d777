// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: EXEC
 *
 * DRM_IOCTL_XE_EXEC queues one batch buffer on an exec queue as a job
 * (see "jobs"), ordered after its in-syncs; its out-syncs signal when the
 * job completes, and a user fence is written by the GPU at a GPU address.
 *
 * On a VM in dma-fence mode (not long-running) the job may only run with
 * every mapping of the VM in place, and nothing may take the memory away
 * before it ends. So EXEC first maps again what was zapped (evicted BOs,
 * invalidated userptrs: vxe_vm_rebind()), then, with the reservations of
 * the VM and of every BO it maps held, makes the job wait for the kernel's
 * moves and clears, and adds its fence to those reservations (BOOKKEEP),
 * which TTM waits for before it moves a BO. Under the gpusvm notifier lock
 * it checks that nothing was invalidated meanwhile (else it starts over)
 * and pushes the job; a userptr notifier that comes later waits for the
 * job (see "userptr"). All of it is one validation (see "buffer
 * objects"): when other VMs evicted its BOs between the rebind and the
 * locking, or it found no room, it starts over holding the validation
 * alone, so that VMs that need the same VRAM cannot keep taking it from
 * each other.
 *
 * Long-running VMs share no fence: out-syncs are user fences only. A VM in
 * fault mode maps on the GPU's faults; a long-running VM without faults
 * is revalidated by EXEC as above, and while it changes a mapping its
 * queues are suspended (see "exec queues").
 */

#include <linux/dma-resv.h>

#include <drm/drm_exec.h>
#include <drm/drm_file.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bo.h"
#include "vxe_device.h"
#include "vxe_exec.h"
#include "vxe_exec_queue.h"
#include "vxe_sched_job.h"
#include "vxe_sync.h"
#include "vxe_vm.h"
#include "vxe_vm_bind.h"

static bool vxe_exec_vm_lr(const struct vxe_vm *vm)
{
	return vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE;
}

/* EXEC without a batch: signal when what the queue has so far is done */
static int vxe_exec_syncs_only(struct vxe_exec_queue *q, struct vxe_sync *syncs, u32 n)
{
	struct dma_fence *fence;

	/* As Xe: nothing is signalled for a long-running VM */
	if (vxe_exec_vm_lr(q->vm))
		return 0;
	/* As Xe: with no job, there is nothing to order after in-fences */
	if (vxe_syncs_have_in_fence(syncs, n))
		return -EOPNOTSUPP;

	mutex_lock(&q->lock);
	fence = q->last_fence && !dma_fence_is_signaled(q->last_fence) ?
		dma_fence_get(q->last_fence) : dma_fence_get_stub();
	mutex_unlock(&q->lock);
	vxe_syncs_signal(syncs, n, fence);
	dma_fence_put(fence);
	return 0;
}

/* The dependencies and the user fence of a new job */
static int vxe_exec_job_syncs(struct vxe_sched_job *job, struct vxe_sync *syncs, u32 n)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		struct vxe_sync *s = &syncs[i];

		if (s->gpu_ufence) {
			job->ufence.addr = s->addr;
			job->ufence.value = s->value;
			job->ufence.set = true;
			continue;
		}
		if (s->signal || !s->fence)
			continue;
		ret = drm_sched_job_add_dependency(&job->base, dma_fence_get(s->fence));
		if (ret)
			return ret;
	}
	return 0;
}

/* Lock the VM's and its BOs' reservations; wait for the kernel's work */
static int vxe_exec_lock(struct vxe_vm *vm, struct vxe_sched_job *job, struct drm_exec *exec)
{
	struct drm_gem_object *obj;
	int ret = 0;

	drm_exec_until_all_locked(exec) {
		ret = drm_gpuvm_prepare_vm(&vm->gpuvm, exec, 1);
		drm_exec_retry_on_contention(exec);
		if (ret)
			return ret;
		ret = drm_gpuvm_prepare_objects(&vm->gpuvm, exec, 1);
		drm_exec_retry_on_contention(exec);
		if (ret)
			return ret;
	}

	drm_exec_for_each_locked_object(exec, obj) {
		ret = drm_sched_job_add_resv_dependencies(&job->base, obj->resv,
							  DMA_RESV_USAGE_KERNEL);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Push @job once the VM is in place for it. Returns with the job pushed
 * and its fence in *@out, or an error and the job untouched.
 */
static int vxe_exec_push(struct vxe_exec_queue *q, struct vxe_sched_job *job,
			 struct dma_fence **out)
{
	struct vxe_validation val = { .vxe = q->vm->vxe };
	struct vxe_vm *vm = q->vm;
	bool lr = vxe_exec_vm_lr(vm);
	bool faults = vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE;
	struct dma_fence *fence;
	struct drm_exec exec;
	int ret;

	lockdep_assert_held(&q->lock);
	lockdep_assert_held_write(&vm->lock);

	for (;;) {
		ret = vxe_validation_begin(&val, true);
		if (ret)
			return ret;
		if (!faults) {
			ret = vxe_vm_rebind(vm, 0, VXE_VM_VA_END, false, &val);
			if (ret) {
				vxe_validation_end(&val);
				/* No room found while sharing: once more, alone */
				if (vxe_validation_retry(&val, ret))
					continue;
				return ret;
			}
		}

		drm_exec_init(&exec, DRM_EXEC_INTERRUPTIBLE_WAIT | DRM_EXEC_IGNORE_DUPLICATES, 0);
		if (!lr) {
			ret = vxe_exec_lock(vm, job, &exec);
			if (ret) {
				drm_exec_fini(&exec);
				vxe_validation_end(&val);
				return ret;
			}
		}

		down_read(&vm->svm.notifier_lock);
		/*
		 * Zapped since the rebind: a BO moved, a userptr changed. A
		 * long-running VM goes on: the zap suspended its queues, and
		 * its worker maps again before it resumes them. Trying again
		 * here would chase another VM that needs the same VRAM, and
		 * that evicts this one's BOs as fast as this rebind evicts
		 * its own.
		 */
		if (lr || !vm->rebind)
			break;
		up_read(&vm->svm.notifier_lock);
		drm_exec_fini(&exec);
		vxe_validation_end(&val);
		if (fatal_signal_pending(current))
			return -EINTR;
		/*
		 * Other VMs, which need the same VRAM, evicted BOs of this
		 * one between its rebind and its locking, as it did theirs:
		 * next time none can.
		 */
		val.exclusive = true;
	}

	drm_sched_job_arm(&job->base);
	fence = dma_fence_get(&job->base.s_fence->finished);
	if (!lr)
		drm_gpuvm_resv_add_fence(&vm->gpuvm, &exec, fence, DMA_RESV_USAGE_BOOKKEEP,
					 DMA_RESV_USAGE_BOOKKEEP);
	drm_sched_entity_push_job(&job->base);
	up_read(&vm->svm.notifier_lock);
	drm_exec_fini(&exec);
	vxe_validation_end(&val);

	dma_fence_put(q->last_fence);
	q->last_fence = dma_fence_get(fence);
	*out = fence;
	return 0;
}

static int vxe_exec_check_args(const struct drm_xe_exec *args)
{
	if (args->extensions || args->pad[0] || args->pad[1] || args->pad[2] ||
	    args->reserved[0] || args->reserved[1] || args->num_syncs > DRM_XE_MAX_SYNCS)
		return -EINVAL;
	return 0;
}

/**
 * vxe_exec_ioctl() - DRM_IOCTL_XE_EXEC
 * @drm: the device
 * @data: &struct drm_xe_exec
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's: -ECANCELED for a banned queue
 * or a closed VM, -EAGAIN when the queue has too many jobs.
 */
int vxe_exec_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct drm_xe_exec *args = data;
	struct vxe_sched_job *job = NULL;
	struct vxe_sync *syncs = NULL;
	struct dma_fence *fence;
	struct vxe_exec_queue *q;
	struct vxe_vm *vm;
	u32 sync_flags;
	int ret;

	ret = vxe_exec_check_args(args);
	if (ret)
		return ret;

	q = vxe_exec_queue_lookup(file, args->exec_queue_id);
	if (!q)
		return -ENOENT;
	vm = q->vm;
	if (q->flags & VXE_EXEC_QUEUE_BIND) {
		ret = -EINVAL;
		goto out_q;
	}
	if (args->num_batch_buffer && args->num_batch_buffer != q->width) {
		ret = -EINVAL;
		goto out_q;
	}
	if (vxe_exec_queue_reset_status(q)) {
		ret = -ECANCELED;
		goto out_q;
	}

	sync_flags = VXE_SYNC_EXEC | (vxe_exec_vm_lr(vm) ? VXE_SYNC_LR_MODE : 0);
	ret = vxe_syncs_parse(file, args->syncs, args->num_syncs, sync_flags, &syncs);
	if (ret)
		goto out_q;

	if (!args->num_batch_buffer) {
		ret = vxe_exec_syncs_only(q, syncs, args->num_syncs);
		goto out_syncs;
	}

	/* Width 1: @address is the batch itself */
	job = vxe_sched_job_create(q, file, args->address);
	if (IS_ERR(job)) {
		ret = PTR_ERR(job);
		job = NULL;
		goto out_syncs;
	}
	ret = vxe_exec_job_syncs(job, syncs, args->num_syncs);
	if (ret)
		goto out_job;

	ret = mutex_lock_interruptible(&q->lock);
	if (ret)
		goto out_job;
	if (q->killed) {
		ret = -ECANCELED;
		goto out_qlock;
	}
	ret = down_write_killable(&vm->lock);
	if (ret)
		goto out_qlock;
	if (vm->closed)
		ret = -ECANCELED;
	else
		ret = vxe_exec_push(q, job, &fence);
	up_write(&vm->lock);
	mutex_unlock(&q->lock);
	if (ret)
		goto out_job;

	vxe_syncs_signal(syncs, args->num_syncs, fence);
	dma_fence_put(fence);
	job = NULL;
	goto out_syncs;

out_qlock:
	mutex_unlock(&q->lock);
out_job:
	if (job) {
		drm_sched_job_cleanup(&job->base);
		vxe_sched_job_destroy(job);
	}
out_syncs:
	vxe_syncs_fini(syncs, args->num_syncs);
out_q:
	vxe_exec_queue_put(q);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: deferred binds
 *
 * VM_BIND returns before its in-syncs have signalled, as Xe's does. A bind
 * is applied in its ioctl when nothing orders it after unfinished work:
 * its in-fences have signalled, its queue's previous bind is done, and no
 * deferred bind of the VM writes page-table entries in its span
 * (vxe_pt_update_span(): its ranges rounded out to the entry size of the
 * highest table it writes to, as Xe's range fences are).
 *
 * Otherwise it becomes a &struct vxe_bind_job on its queue: the bind queue
 * it names, or the VM's own. The ioctl still does everything that may fail
 * or sleep (VA tree, pages, BO moves, table allocation) and commits the
 * tree's shape and the mappings' states, but the entry writes are only
 * logged (vxe_pt_update_defer()). The job's run_job makes them, has the
 * TLB forget what changed, and signals the bind's fence; the bind's
 * out-syncs, the reservations of the VM and of the BOs (BOOKKEEP, as
 * Xe's) and later binds in its span wait for that fence. A user fence, a
 * CPU address, is written afterwards from a worker in the caller's address
 * space. A deferred bind that would log more than
 * %VXE_BIND_JOB_MAX_WRITES writes fails with -ENOBUFS before anything
 * changed, and user space splits it, as for Xe.
 *
 * VMAs a deferred bind removes are freed once it is applied: their memory
 * stays reachable until then. A zap (eviction, invalidation) first waits
 * for every deferred bind of the VM (vxe_vm_zap_begin()), so that no entry
 * is written behind it; rebinds wait for those in their span.
 *
 * A bind queue destroyed with binds pending still applies them once their
 * fences have signalled: the VM's tree already describes them.
 */

#include <linux/dma-fence.h>
#include <linux/kthread.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vxe_bind_job.h"
#include "vxe_device_types.h"
#include "vxe_exec_queue.h"
#include "vxe_pt.h"
#include "vxe_tlb_inval.h"
#include "vxe_vm.h"
#include "vxe_vm_bind.h"

static const char *vxe_bind_fence_driver_name(struct dma_fence *fence)
{
	return "vxe";
}

static const char *vxe_bind_fence_timeline_name(struct dma_fence *fence)
{
	return "bind";
}

static const struct dma_fence_ops vxe_bind_fence_ops = {
	.get_driver_name = vxe_bind_fence_driver_name,
	.get_timeline_name = vxe_bind_fence_timeline_name,
};

static struct vxe_bind_job *to_vxe_bind_job(struct drm_sched_job *job)
{
	return container_of(job, struct vxe_bind_job, base);
}

/* Write the entries and signal the bind's fence */
static void vxe_bind_job_apply(struct vxe_bind_job *job)
{
	struct vxe_vm *vm = job->vm;
	u64 start, len;

	if (job->applied)
		return;
	job->applied = true;

	if (job->has_update) {
		down_read(&vm->svm.notifier_lock);
		vxe_pt_update_replay(&job->update);
		up_read(&vm->svm.notifier_lock);
		if (vxe_pt_update_needs_inval(&job->update, &start, &len))
			vxe_tlb_inval_range(vm->vxe, vm->asid, start, len);
	}
	dma_fence_signal(job->done);
}

static struct dma_fence *vxe_bind_job_run(struct drm_sched_job *sched_job)
{
	vxe_bind_job_apply(to_vxe_bind_job(sched_job));
	/* Done already: no hardware fence */
	return NULL;
}

static enum drm_gpu_sched_stat vxe_bind_job_timedout(struct drm_sched_job *sched_job)
{
	/* run_job completes the job: there is nothing to hang */
	return DRM_GPU_SCHED_STAT_NO_HANG;
}

static void vxe_bind_job_write_ufence(struct vxe_bind_job *job)
{
	struct mm_struct *mm = job->ufence.mm;

	if (!mm)
		return;
	if (mmget_not_zero(mm)) {
		kthread_use_mm(mm);
		/* As Xe's: a fault is user space's to see */
		(void)put_user(job->ufence.value, (u64 __user *)u64_to_user_ptr(job->ufence.addr));
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	mmdrop(mm);
	job->ufence.mm = NULL;
	wake_up_all(&job->vm->vxe->ufence_wq);
}

static void vxe_bind_job_destroy(struct vxe_bind_job *job)
{
	struct vxe_exec_queue *q = job->q;
	struct vxe_vm *vm = job->vm;

	if (job->ufence.mm)
		mmdrop(job->ufence.mm);
	kfree(job->span);
	kfree(job);
	vxe_vm_put(vm);
	vxe_exec_queue_put(q);
}

/* Outside the fence-signalling path: may fault, sleep and take locks */
static void vxe_bind_job_free_work(struct work_struct *work)
{
	struct vxe_bind_job *job = container_of(work, struct vxe_bind_job, free_work);
	struct vxe_vm *vm = job->vm;
	struct vxe_vma *vma, *next;

	vxe_bind_job_write_ufence(job);

	/* Other updates of the tree are made under the lock too */
	down_write(&vm->lock);
	list_for_each_entry_safe(vma, next, &job->dead, bind.link) {
		list_del_init(&vma->bind.link);
		vxe_vma_free(vm, vma);
	}
	if (job->has_update)
		vxe_pt_update_fini(&job->update);
	up_write(&vm->lock);

	dma_fence_put(job->done);
	vxe_bind_job_destroy(job);
}

static void vxe_bind_job_free(struct drm_sched_job *sched_job)
{
	struct vxe_bind_job *job = to_vxe_bind_job(sched_job);

	/* Killed with its queue: its dependencies have signalled by now */
	vxe_bind_job_apply(job);
	drm_sched_job_cleanup(sched_job);
	queue_work(system_dfl_wq, &job->free_work);
}

/* drm_sched_fini() frees jobs that ran: they are applied, nothing to stop */
static void vxe_bind_job_cancel(struct drm_sched_job *sched_job)
{
}

/* The scheduler callbacks of every bind queue */
const struct drm_sched_backend_ops vxe_bind_job_ops = {
	.run_job = vxe_bind_job_run,
	.timedout_job = vxe_bind_job_timedout,
	.free_job = vxe_bind_job_free,
	.cancel_job = vxe_bind_job_cancel,
};

/**
 * vxe_bind_job_create() - make a deferred bind
 * @q: the bind queue, its &vxe_exec_queue.lock held
 * @client_id: the caller's &drm_file.client_id
 *
 * The job depends on the queue's previous bind.
 *
 * Return: the job, to push or abort, or an ERR_PTR().
 */
struct vxe_bind_job *vxe_bind_job_create(struct vxe_exec_queue *q, u64 client_id)
{
	struct vxe_bind_job *job;
	int ret = -ENOMEM;

	lockdep_assert_held(&q->lock);

	job = kzalloc_obj(*job);
	if (!job)
		return ERR_PTR(-ENOMEM);
	job->done = kzalloc_obj(*job->done);
	job->span = kzalloc_obj(*job->span);
	if (!job->done || !job->span)
		goto err;
	ret = drm_sched_job_init(&job->base, &q->entity, 1, q, client_id);
	if (ret)
		goto err;
	INIT_LIST_HEAD(&job->dead);
	INIT_WORK(&job->free_work, vxe_bind_job_free_work);
	job->q = vxe_exec_queue_get(q);
	drm_gpuvm_get(&q->vm->gpuvm);
	job->vm = q->vm;

	ret = vxe_bind_job_add_dep(job, q->last_fence);
	if (ret) {
		vxe_bind_job_abort(job);
		return ERR_PTR(ret);
	}
	return job;

err:
	kfree(job->span);
	kfree(job->done);
	kfree(job);
	return ERR_PTR(ret);
}

/**
 * vxe_bind_job_add_dep() - order a deferred bind after a fence
 * @job: the job, not pushed
 * @fence: the fence, may be NULL; the caller keeps its reference
 *
 * Return: 0 or -ENOMEM.
 */
int vxe_bind_job_add_dep(struct vxe_bind_job *job, struct dma_fence *fence)
{
	if (!fence || dma_fence_is_signaled(fence))
		return 0;
	return drm_sched_job_add_dependency(&job->base, dma_fence_get(fence));
}

/**
 * vxe_bind_job_set_ufence() - write a user fence when the bind is done
 * @job: the job, not pushed
 * @addr: address in the caller's address space, 8-byte aligned
 * @value: what to write
 */
void vxe_bind_job_set_ufence(struct vxe_bind_job *job, u64 addr, u64 value)
{
	mmgrab(current->mm);
	job->ufence.mm = current->mm;
	job->ufence.addr = addr;
	job->ufence.value = value;
}

/**
 * vxe_bind_job_take_update() - give a committed deferred update to the job
 * @job: the job, not pushed
 * @update: the update, committed after vxe_pt_update_defer(); empty
 *	afterwards
 */
void vxe_bind_job_take_update(struct vxe_bind_job *job, struct vxe_pt_update *update)
{
	vxe_pt_update_move(&job->update, update);
	job->has_update = true;
}

/**
 * vxe_bind_job_push() - queue a deferred bind
 * @job: the job
 *
 * Context: the queue's &vxe_exec_queue.lock and its VM's &vxe_vm.lock
 * (for write) held.
 * Return: the bind's fence, a new reference.
 */
struct dma_fence *vxe_bind_job_push(struct vxe_bind_job *job)
{
	struct vxe_exec_queue *q = job->q;
	struct vxe_vm *vm = job->vm;
	struct vxe_bind_span *span = job->span;
	struct dma_fence *fence;

	lockdep_assert_held(&q->lock);
	lockdep_assert_held_write(&vm->lock);

	dma_fence_init(job->done, &vxe_bind_fence_ops, NULL, q->bind_fence_ctx,
		       ++q->bind_fence_seqno);
	drm_sched_job_arm(&job->base);

	if (job->has_update && vxe_pt_update_span(&job->update, &span->start, &span->end)) {
		span->fence = dma_fence_get(job->done);
		spin_lock(&vm->bind.lock);
		list_add_tail(&span->link, &vm->bind.pending);
		spin_unlock(&vm->bind.lock);
		job->span = NULL;
	}

	dma_fence_put(q->last_fence);
	q->last_fence = dma_fence_get(job->done);
	fence = dma_fence_get(job->done);
	/* The job may be gone once pushed */
	drm_sched_entity_push_job(&job->base);
	return fence;
}

/**
 * vxe_bind_job_abort() - free a deferred bind that was never pushed
 * @job: the job, without an update
 */
void vxe_bind_job_abort(struct vxe_bind_job *job)
{
	WARN_ON_ONCE(job->has_update);
	drm_sched_job_cleanup(&job->base);
	/* Never initialised */
	kfree(job->done);
	vxe_bind_job_destroy(job);
}

/* Forget the spans of binds that are done */
static void vxe_vm_bind_prune(struct vxe_vm *vm)
{
	struct vxe_bind_span *span, *next;

	lockdep_assert_held_write(&vm->lock);
	list_for_each_entry_safe(span, next, &vm->bind.pending, link) {
		if (!dma_fence_is_signaled(span->fence))
			continue;
		spin_lock(&vm->bind.lock);
		list_del(&span->link);
		spin_unlock(&vm->bind.lock);
		dma_fence_put(span->fence);
		kfree(span);
	}
}

static bool vxe_bind_span_overlaps(const struct vxe_bind_span *span, u64 start, u64 end)
{
	return span->start < end && start < span->end && !dma_fence_is_signaled(span->fence);
}

/**
 * vxe_vm_bind_pending() - whether a deferred bind writes entries in a range
 * @vm: the VM, &vxe_vm.lock held for write
 * @start: start of the range
 * @end: its end
 *
 * Return: true if one that is not done yet does.
 */
bool vxe_vm_bind_pending(struct vxe_vm *vm, u64 start, u64 end)
{
	struct vxe_bind_span *span;

	vxe_vm_bind_prune(vm);
	list_for_each_entry(span, &vm->bind.pending, link)
		if (vxe_bind_span_overlaps(span, start, end))
			return true;
	return false;
}

/**
 * vxe_vm_bind_add_deps() - order a bind after the deferred ones in its span
 * @vm: the VM, &vxe_vm.lock held for write
 * @start: start of the bind's span
 * @end: its end
 * @job: the bind, not pushed
 *
 * Return: 0 or -ENOMEM.
 */
int vxe_vm_bind_add_deps(struct vxe_vm *vm, u64 start, u64 end, struct vxe_bind_job *job)
{
	struct vxe_bind_span *span;
	int ret;

	list_for_each_entry(span, &vm->bind.pending, link) {
		if (!vxe_bind_span_overlaps(span, start, end))
			continue;
		ret = vxe_bind_job_add_dep(job, span->fence);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * vxe_vm_bind_wait() - wait for the deferred binds in a range
 * @vm: the VM, &vxe_vm.lock held for write
 * @start: start of the range
 * @end: its end
 * @intr: interruptibly
 *
 * For updates made right away, which must come after them.
 *
 * Return: 0 or -ERESTARTSYS.
 */
int vxe_vm_bind_wait(struct vxe_vm *vm, u64 start, u64 end, bool intr)
{
	struct vxe_bind_span *span;
	long ret;

	lockdep_assert_held_write(&vm->lock);
	list_for_each_entry(span, &vm->bind.pending, link) {
		if (!vxe_bind_span_overlaps(span, start, end))
			continue;
		ret = dma_fence_wait(span->fence, intr);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * vxe_vm_bind_flush() - wait for every deferred bind of a VM
 * @vm: the VM; &vxe_vm.lock need not be held
 *
 * Before a zap: afterwards no deferred bind writes an entry it may clear.
 */
void vxe_vm_bind_flush(struct vxe_vm *vm)
{
	struct vxe_bind_span *span;
	struct dma_fence *fence;

	for (;;) {
		fence = NULL;
		spin_lock(&vm->bind.lock);
		list_for_each_entry(span, &vm->bind.pending, link) {
			if (!dma_fence_is_signaled(span->fence)) {
				fence = dma_fence_get(span->fence);
				break;
			}
		}
		spin_unlock(&vm->bind.lock);
		if (!fence)
			return;
		dma_fence_wait(fence, false);
		dma_fence_put(fence);
	}
}

/**
 * vxe_vm_bind_fini() - forget the spans of a VM being freed
 * @vm: the VM, whose binds are all freed
 */
void vxe_vm_bind_fini(struct vxe_vm *vm)
{
	struct vxe_bind_span *span, *next;

	list_for_each_entry_safe(span, next, &vm->bind.pending, link) {
		list_del(&span->link);
		dma_fence_put(span->fence);
		kfree(span);
	}
}

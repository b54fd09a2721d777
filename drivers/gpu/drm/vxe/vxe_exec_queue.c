// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: exec queues
 *
 * DRM_IOCTL_XE_EXEC_QUEUE_CREATE makes a &struct vxe_exec_queue: work for
 * one engine (render or copy; the device has no compute engine) in the
 * address space of one VM. Each has its own hardware context and its own
 * drm_gpu_scheduler with one entity (see "jobs"), so queues never wait
 * for each other in software; the device time-slices their contexts.
 *
 * A queue of class DRM_XE_ENGINE_CLASS_VM_BIND is what VM_BIND takes in
 * @exec_queue_id; every VM also has one of its own for binds that name
 * none. It has a scheduler but no context: its jobs are the binds that
 * wait for fences (see "deferred binds"), each ordered after the one
 * before it. Binds on different queues are independent unless their
 * page-table writes overlap.
 *
 * A queue is *banned* when its context errored (a fault that could not be
 * resolved, a translation error, a bad command, the device's watchdog) or
 * a job ran longer than the job timeout (5 s, none on long-running VMs):
 * its pending work completes with -EIO, EXEC answers -ECANCELED, waits on
 * it -EIO, and DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN reports it. Nothing
 * else in the VM or the device is disturbed. DRM_IOCTL_XE_EXEC_QUEUE_DESTROY
 * (or closing the file) *kills* it: queued jobs are dropped, running ones
 * stopped, and its fences signal with an error.
 *
 * On a long-running VM without faults, which has no fences for the kernel
 * to wait for, the VM suspends its queues while it changes a mapping their
 * work may use, and resumes them once it is mapped again (Xe's preemption
 * fences and rebind worker do this for it).
 *
 * Xe's scheduling properties are accepted with Xe's checks and given to
 * the device with the queue's context: its priority (the engine runs the
 * ready context of the highest priority), its time slice, and the
 * low-latency hint, with which a context woken by new work goes before the
 * others of its priority (Xe's hint raises the GPU's clock instead; the
 * device has none). Properties for hardware vxe does not have (PXP,
 * multi-queue groups, context images) are refused as Xe refuses them on
 * parts without it.
 */

#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_file.h>
#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bind_job.h"
#include "vxe_device.h"
#include "vxe_drm_client.h"
#include "vxe_exec_queue.h"
#include "vxe_ring.h"
#include "vxe_sched_job.h"
#include "vxe_vm.h"

/* As Xe's XE_HW_ENGINE_MAX_INSTANCE: placements times width */
#define VXE_EXEC_QUEUE_MAX_PLACEMENTS	9
/* As Xe's MAX_USER_EXTENSIONS */
#define VXE_EXEC_QUEUE_MAX_EXTENSIONS	16
/* Xe's default job timeout */
#define VXE_EXEC_QUEUE_JOB_TIMEOUT_MS	5000
/* Xe's timeslice limits and default, in microseconds */
#define VXE_EXEC_QUEUE_TIMESLICE_MIN	1
#define VXE_EXEC_QUEUE_TIMESLICE_MAX	10000000
#define VXE_EXEC_QUEUE_TIMESLICE_DEFAULT 1000

static void vxe_exec_queue_free(struct kref *ref)
{
	struct vxe_exec_queue *q = container_of(ref, struct vxe_exec_queue, ref);

	if (q->ring)
		vxe_ring_free(q->ring);
	dma_fence_put(q->last_fence);
	vxe_vm_put(q->vm);
	mutex_destroy(&q->tdr_lock);
	mutex_destroy(&q->lock);
	kfree(q);
}

/**
 * vxe_exec_queue_put() - drop a reference
 * @q: the queue
 */
void vxe_exec_queue_put(struct vxe_exec_queue *q)
{
	kref_put(&q->ref, vxe_exec_queue_free);
}

/**
 * vxe_exec_queue_get() - take a reference
 * @q: the queue
 *
 * Return: @q.
 */
struct vxe_exec_queue *vxe_exec_queue_get(struct vxe_exec_queue *q)
{
	kref_get(&q->ref);
	return q;
}

/**
 * vxe_exec_queue_lookup() - find a queue of a file by id
 * @file: the file
 * @id: the queue id
 *
 * Return: the queue with a reference, or NULL.
 */
struct vxe_exec_queue *vxe_exec_queue_lookup(struct drm_file *file, u32 id)
{
	struct vxe_file *vf = file->driver_priv;
	struct vxe_exec_queue *q;

	xa_lock(&vf->queues);
	q = xa_load(&vf->queues, id);
	if (q)
		vxe_exec_queue_get(q);
	xa_unlock(&vf->queues);
	return q;
}

/**
 * vxe_exec_queue_reset_status() - whether the queue stopped taking work
 * @q: the queue
 *
 * Return: true once it was banned or killed.
 */
bool vxe_exec_queue_reset_status(struct vxe_exec_queue *q)
{
	if (READ_ONCE(q->killed) || READ_ONCE(q->banned))
		return true;
	return q->ring && vxe_ring_banned(q->ring);
}

/**
 * vxe_exec_queue_suspend() - stop the queue's context for a while
 * @q: the queue
 *
 * For a long-running VM that is changing a mapping its work may use:
 * when this returns, the context executes nothing until
 * vxe_exec_queue_resume().
 */
void vxe_exec_queue_suspend(struct vxe_exec_queue *q)
{
	if (vxe_ring_suspend(q->ring))
		drm_err(&q->vxe->drm, "context of engine %u did not suspend\n", q->engine);
}

/**
 * vxe_exec_queue_resume() - let a suspended queue's context run again
 * @q: the queue
 */
void vxe_exec_queue_resume(struct vxe_exec_queue *q)
{
	vxe_ring_resume(q->ring);
}

static int vxe_exec_queue_init_sched(struct vxe_exec_queue *q)
{
	struct vxe_device *vxe = q->vxe;
	struct drm_gpu_scheduler *sched = &q->sched;
	bool bind = q->flags & VXE_EXEC_QUEUE_BIND;
	const struct drm_sched_init_args args = {
		.ops = bind ? &vxe_bind_job_ops : &vxe_sched_job_ops,
		.submit_wq = vxe->sched_wq,
		.num_rqs = 1,
		.credit_limit = VXE_SCHED_JOB_MAX_IN_RING,
		/* A bind is done when run_job returns */
		.timeout = (bind || (q->flags & VXE_EXEC_QUEUE_LR)) ? MAX_SCHEDULE_TIMEOUT :
			   msecs_to_jiffies(VXE_EXEC_QUEUE_JOB_TIMEOUT_MS),
		.name = bind ? "vxe-bind" : "vxe-queue",
		.dev = vxe->drm.dev,
	};
	int ret;

	if (bind)
		q->bind_fence_ctx = dma_fence_context_alloc(1);

	ret = drm_sched_init(sched, &args);
	if (ret)
		return ret;
	/* One run-queue, one entity: its priority does not matter */
	ret = drm_sched_entity_init(&q->entity, 0, &sched, 1, NULL);
	if (ret)
		drm_sched_fini(sched);
	return ret;
}

/*
 * Stop the queue for good: drop what is queued, stop what runs (its
 * fences signal with an error), then tear the scheduler down.
 */
static void vxe_exec_queue_kill(struct vxe_exec_queue *q)
{
	mutex_lock(&q->lock);
	WRITE_ONCE(q->killed, true);
	mutex_unlock(&q->lock);
	/* Waiters naming the queue learn it is gone */
	wake_up_all(&q->vxe->ufence_wq);

	if (q->flags & VXE_EXEC_QUEUE_BIND) {
		/* Binds not run yet are applied once their fences signal */
		drm_sched_entity_fini(&q->entity);
		drm_sched_fini(&q->sched);
		return;
	}

	/* A timeout handler running now finishes; later ones see @killed */
	mutex_lock(&q->tdr_lock);
	mutex_unlock(&q->tdr_lock);

	/* No job leaves the entity after this, and none is in run_job */
	drm_sched_entity_fini(&q->entity);
	drm_sched_wqueue_stop(&q->sched);
	vxe_vm_remove_queue(q->vm, q);
	/* Signals every job on the ring with -ECANCELED; freed with @q */
	vxe_ring_stop(q->ring);
	/* Frees the jobs that ran */
	drm_sched_fini(&q->sched);
}

static int vxe_exec_queue_set_priority(struct vxe_exec_queue *q, u64 value)
{
	u64 max = capable(CAP_SYS_NICE) ? VXE_CTX_PRIORITY_HIGH : VXE_CTX_PRIORITY_NORMAL;

	if (value > VXE_CTX_PRIORITY_HIGH)
		return -EINVAL;
	if (value > max)
		return -EPERM;
	q->priority = value;
	return 0;
}

static int vxe_exec_queue_set_timeslice(struct vxe_exec_queue *q, u64 value)
{
	if (value < VXE_EXEC_QUEUE_TIMESLICE_MIN || value > VXE_EXEC_QUEUE_TIMESLICE_MAX)
		return -EINVAL;
	q->timeslice_us = value;
	return 0;
}

static int vxe_exec_queue_set_property(struct vxe_exec_queue *q, u32 property, u64 value)
{
	switch (property) {
	case DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY:
		return vxe_exec_queue_set_priority(q, value);
	case DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE:
		return vxe_exec_queue_set_timeslice(q, value);
	case DRM_XE_EXEC_QUEUE_SET_PROPERTY_PXP_TYPE:
		if (value == DRM_XE_PXP_TYPE_NONE)
			return 0;
		/* As Xe without PXP */
		return value == DRM_XE_PXP_TYPE_HWDRM ? -ENODEV : -EINVAL;
	case DRM_XE_EXEC_QUEUE_SET_HANG_REPLAY_STATE:
		/* There is no context image to replace */
		return -EOPNOTSUPP;
	case DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_GROUP:
		/* As Xe on an engine class without multi-queue support */
		return -ENODEV;
	case DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY:
		/* Only valid together with MULTI_GROUP, which is refused */
		return -EINVAL;
	case DRM_XE_EXEC_QUEUE_SET_DISABLE_STATE_CACHE_PERF_FIX:
		/* A render-state setting; the device has no state cache */
		return q->class == DRM_XE_ENGINE_CLASS_RENDER ? 0 : -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static int vxe_exec_queue_extensions(struct vxe_exec_queue *q, u64 extensions)
{
	struct drm_xe_ext_set_property prop;
	struct drm_xe_user_extension ext;
	unsigned int n;
	int ret;

	for (n = 0; extensions; n++) {
		if (n >= VXE_EXEC_QUEUE_MAX_EXTENSIONS)
			return -E2BIG;
		if (copy_from_user(&ext, u64_to_user_ptr(extensions), sizeof(ext)))
			return -EFAULT;
		if (ext.pad || ext.name != DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY)
			return -EINVAL;
		if (copy_from_user(&prop, u64_to_user_ptr(extensions), sizeof(prop)))
			return -EFAULT;
		if (prop.property > DRM_XE_EXEC_QUEUE_SET_DISABLE_STATE_CACHE_PERF_FIX || prop.pad)
			return -EINVAL;
		ret = vxe_exec_queue_set_property(q, prop.property, prop.value);
		if (ret)
			return ret;
		extensions = ext.next_extension;
	}
	return 0;
}

static struct vxe_exec_queue *vxe_exec_queue_alloc(struct vxe_device *vxe, struct vxe_vm *vm,
						   u16 class, u32 flags)
{
	struct vxe_exec_queue *q;

	q = kzalloc_obj(*q);
	if (!q)
		return NULL;
	kref_init(&q->ref);
	mutex_init(&q->lock);
	mutex_init(&q->tdr_lock);
	q->vxe = vxe;
	drm_gpuvm_get(&vm->gpuvm);
	q->vm = vm;
	q->class = class;
	q->flags = flags;
	q->width = 1;
	q->priority = VXE_CTX_PRIORITY_NORMAL;
	q->timeslice_us = VXE_EXEC_QUEUE_TIMESLICE_DEFAULT;
	if (vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE)
		q->flags |= VXE_EXEC_QUEUE_LR;
	return q;
}

/* The context stopped on an error: keep a translation error in the VM */
static void vxe_exec_queue_ctx_error(void *data, u32 error, u64 addr)
{
	struct vxe_exec_queue *q = data;

	if (error == VXE_CTX_ERROR_CAT)
		vxe_vm_cat_error_record(q->vm, addr);
}

/* The hardware side: a context on the engine, in the VM's address space */
static int vxe_exec_queue_init_hw(struct vxe_exec_queue *q)
{
	const struct vxe_engine_info *e = &q->vxe->info.engines[q->engine];
	const struct vxe_ring_sched sched = {
		.priority = q->priority,
		.low_latency = q->flags & VXE_EXEC_QUEUE_LOW_LATENCY,
		.timeslice_us = q->timeslice_us,
	};
	int ret;

	ret = vxe_exec_queue_init_sched(q);
	if (ret)
		return ret;
	ret = vxe_ring_create_sched(q->vxe, VXE_ENGINE_BIT_NR(e->class, e->instance),
				    q->vm->asid, 0, VXE_SCHED_JOB_RING_SIZE, &sched, &q->ring);
	if (ret) {
		drm_sched_entity_fini(&q->entity);
		drm_sched_fini(&q->sched);
		/* As Xe when the GuC has no context id left */
		return ret == -ENOSPC ? -EBUSY : ret;
	}
	vxe_ring_set_error_handler(q->ring, vxe_exec_queue_ctx_error, q);
	vxe_vm_add_queue(q->vm, q);
	return 0;
}

/* Checks the placements as Xe's calc_validate_logical_mask() does */
static int vxe_exec_queue_placements(struct vxe_device *vxe,
				     const struct drm_xe_engine_class_instance *eci,
				     u16 width, u16 num_placements)
{
	unsigned int i, n = width * num_placements;
	int engine;

	for (i = 0; i < n; i++) {
		engine = vxe_device_engine_lookup(vxe, &eci[i]);
		if (engine < 0)
			return engine;
		if (i && (eci[i].gt_id != eci[0].gt_id ||
			  eci[i].engine_class != eci[0].engine_class))
			return -EINVAL;
	}
	/* Parallel submission needs several instances of a class: none has */
	if (width > 1)
		return -EOPNOTSUPP;
	/* Any of the placements will do: the first */
	return vxe_device_engine_lookup(vxe, &eci[0]);
}

/**
 * vxe_exec_queue_create_ioctl() - DRM_IOCTL_XE_EXEC_QUEUE_CREATE
 * @drm: the device
 * @data: &struct drm_xe_exec_queue_create
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's.
 */
int vxe_exec_queue_create_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct drm_xe_engine_class_instance eci[VXE_EXEC_QUEUE_MAX_PLACEMENTS];
	struct vxe_device *vxe = to_vxe_device(drm);
	struct drm_xe_exec_queue_create *args = data;
	struct vxe_file *vf = file->driver_priv;
	u32 len = args->width * args->num_placements;
	struct vxe_exec_queue *q;
	struct vxe_vm *vm;
	int engine = 0, ret;
	bool bind;
	u32 id;

	if (args->flags & ~DRM_XE_EXEC_QUEUE_LOW_LATENCY_HINT ||
	    args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (!len || len > VXE_EXEC_QUEUE_MAX_PLACEMENTS)
		return -EINVAL;
	if (copy_from_user(eci, u64_to_user_ptr(args->instances), len * sizeof(eci[0])))
		return -EFAULT;
	if (eci[0].gt_id != 0)
		return -EINVAL;

	bind = eci[0].engine_class == DRM_XE_ENGINE_CLASS_VM_BIND;
	if (bind) {
		if (args->width != 1 || args->num_placements != 1 || eci[0].engine_instance)
			return -EINVAL;
	} else {
		engine = vxe_exec_queue_placements(vxe, eci, args->width, args->num_placements);
		if (engine < 0)
			return engine;
	}

	vm = vxe_vm_lookup(file, args->vm_id);
	if (!vm)
		return -ENOENT;
	ret = down_read_interruptible(&vm->lock);
	if (ret)
		goto out_vm;
	if (vm->closed) {
		ret = -ENOENT;
		goto out_unlock;
	}

	q = vxe_exec_queue_alloc(vxe, vm, eci[0].engine_class,
				 (bind ? VXE_EXEC_QUEUE_BIND : 0) |
				 (args->flags & DRM_XE_EXEC_QUEUE_LOW_LATENCY_HINT ?
				  VXE_EXEC_QUEUE_LOW_LATENCY : 0));
	if (!q) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	q->engine = engine;
	ret = vxe_exec_queue_extensions(q, args->extensions);
	if (!ret)
		ret = bind ? vxe_exec_queue_init_sched(q) : vxe_exec_queue_init_hw(q);
	if (ret) {
		vxe_exec_queue_put(q);
		goto out_unlock;
	}

	ret = xa_alloc(&vf->queues, &id, q, xa_limit_32b, GFP_KERNEL);
	up_read(&vm->lock);
	if (ret) {
		/* Outside the VM's lock, which EXEC takes after the queue's */
		vxe_exec_queue_kill(q);
		vxe_exec_queue_put(q);
		goto out_vm;
	}
	args->exec_queue_id = id;
	goto out_vm;

out_unlock:
	up_read(&vm->lock);
out_vm:
	vxe_vm_put(vm);
	return ret;
}

/**
 * vxe_exec_queue_create_bind() - make a VM's own bind queue
 * @vm: the VM
 *
 * Return: the queue, or an ERR_PTR().
 */
struct vxe_exec_queue *vxe_exec_queue_create_bind(struct vxe_vm *vm)
{
	struct vxe_exec_queue *q;
	int ret;

	q = vxe_exec_queue_alloc(vm->vxe, vm, DRM_XE_ENGINE_CLASS_VM_BIND, VXE_EXEC_QUEUE_BIND);
	if (!q)
		return ERR_PTR(-ENOMEM);
	ret = vxe_exec_queue_init_sched(q);
	if (ret) {
		vxe_exec_queue_put(q);
		return ERR_PTR(ret);
	}
	return q;
}

/**
 * vxe_exec_queue_destroy() - kill a queue and drop the caller's reference
 * @q: the queue
 */
void vxe_exec_queue_destroy(struct vxe_exec_queue *q)
{
	vxe_exec_queue_kill(q);
	vxe_exec_queue_put(q);
}

/**
 * vxe_exec_queue_destroy_ioctl() - DRM_IOCTL_XE_EXEC_QUEUE_DESTROY
 * @drm: the device
 * @data: &struct drm_xe_exec_queue_destroy
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's.
 */
int vxe_exec_queue_destroy_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct drm_xe_exec_queue_destroy *args = data;
	struct vxe_file *vf = file->driver_priv;
	struct vxe_exec_queue *q;

	if (args->pad || args->reserved[0] || args->reserved[1])
		return -EINVAL;

	q = xa_erase(&vf->queues, args->exec_queue_id);
	if (!q)
		return -ENOENT;
	vxe_drm_client_queue_gone(vf, q);
	vxe_exec_queue_kill(q);
	vxe_exec_queue_put(q);
	return 0;
}

/**
 * vxe_exec_queue_get_property_ioctl() - DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY
 * @drm: the device
 * @data: &struct drm_xe_exec_queue_get_property
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's (which leaves @extensions
 * unchecked).
 */
int vxe_exec_queue_get_property_ioctl(struct drm_device *drm, void *data,
				      struct drm_file *file)
{
	struct drm_xe_exec_queue_get_property *args = data;
	struct vxe_exec_queue *q;
	int ret = 0;

	if (args->reserved[0] || args->reserved[1])
		return -EINVAL;

	q = vxe_exec_queue_lookup(file, args->exec_queue_id);
	if (!q)
		return -ENOENT;
	if (args->property == DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN)
		args->value = vxe_exec_queue_reset_status(q);
	else
		ret = -EINVAL;
	vxe_exec_queue_put(q);
	return ret;
}

/**
 * vxe_exec_queue_set_property_ioctl() - DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY
 * @drm: the device
 * @data: &struct drm_xe_exec_queue_set_property
 * @file: the caller
 *
 * The only property Xe changes after creation is a multi-queue priority;
 * vxe has no multi-queue groups, so a queue it names is never one.
 *
 * Return: -EINVAL, or -ENOENT for an unknown queue, as Xe's.
 */
int vxe_exec_queue_set_property_ioctl(struct drm_device *drm, void *data,
				      struct drm_file *file)
{
	struct drm_xe_exec_queue_set_property *args = data;
	struct vxe_exec_queue *q;

	if (args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (args->property != DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY)
		return -EINVAL;

	q = vxe_exec_queue_lookup(file, args->exec_queue_id);
	if (!q)
		return -ENOENT;
	vxe_exec_queue_put(q);
	return -EINVAL;
}

/**
 * vxe_exec_queues_close() - kill every queue of a closing file
 * @vf: the file's state
 */
void vxe_exec_queues_close(struct vxe_file *vf)
{
	struct vxe_exec_queue *q;
	unsigned long id;

	xa_for_each(&vf->queues, id, q) {
		xa_erase(&vf->queues, id);
		vxe_drm_client_queue_gone(vf, q);
		vxe_exec_queue_kill(q);
		vxe_exec_queue_put(q);
	}
	xa_destroy(&vf->queues);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: user fences
 *
 * A user fence is a 64-bit value written to memory when work is done: by
 * the GPU at a GPU address for EXEC, by the kernel at a CPU address for
 * VM_BIND. DRM_IOCTL_XE_WAIT_USER_FENCE waits until the value at a CPU
 * address, masked, compares to an expected one as asked (==, !=, >, >=,
 * <, <=, unsigned), for at most a relative or absolute (CLOCK_MONOTONIC)
 * timeout; it fails with -EIO when the exec queue it names stops taking
 * work, -ETIME on timeout. A relative timeout is written back reduced by
 * the time waited. Waiters are woken on every MI_USER_INTERRUPT (each
 * job ends with one, after its user fence) and whenever a queue is
 * banned or killed.
 */

#include <linux/ktime.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <drm/drm_file.h>
#include <drm/drm_utils.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_device.h"
#include "vxe_exec_queue.h"
#include "vxe_wait_user_fence.h"

/* 0 when the fence passed, 1 when not yet, or -EFAULT */
static int vxe_ufence_compare(const struct drm_xe_wait_user_fence *args)
{
	u64 rvalue, value = args->value & args->mask;
	bool passed;

	if (copy_from_user(&rvalue, u64_to_user_ptr(args->addr), sizeof(rvalue)))
		return -EFAULT;
	rvalue &= args->mask;

	switch (args->op) {
	case DRM_XE_UFENCE_WAIT_OP_EQ:
		passed = rvalue == value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_NEQ:
		passed = rvalue != value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_GT:
		passed = rvalue > value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_GTE:
		passed = rvalue >= value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_LT:
		passed = rvalue < value;
		break;
	default:
		passed = rvalue <= value;
		break;
	}
	return passed ? 0 : 1;
}

/*
 * As Xe: negative waits for ever, 0 polls once, anything else >= 1 jiffy.
 * Unlike Xe, a relative timeout is rounded up to whole jiffies, plus one
 * for the jiffy under way, part of which is gone already, so that -ETIME
 * never comes before the time asked for.
 */
static long vxe_ufence_timeout(struct drm_xe_wait_user_fence *args)
{
	long t;

	if (args->timeout < 0) {
		args->timeout = MAX_SCHEDULE_TIMEOUT;
		return MAX_SCHEDULE_TIMEOUT;
	}
	if (!args->timeout)
		return 0;
	if (args->flags & DRM_XE_UFENCE_WAIT_FLAG_ABSTIME)
		t = drm_timeout_abs_to_jiffies(args->timeout);
	else
		t = min_t(u64, nsecs_to_jiffies64((u64)args->timeout + TICK_NSEC - 1) + 1,
			  MAX_SCHEDULE_TIMEOUT - 1);
	return t ?: 1;
}

static int vxe_ufence_check_args(const struct drm_xe_wait_user_fence *args)
{
	if (args->extensions || args->pad || args->pad2 ||
	    args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (args->flags & ~DRM_XE_UFENCE_WAIT_FLAG_ABSTIME)
		return -EINVAL;
	if (args->op > DRM_XE_UFENCE_WAIT_OP_LTE)
		return -EINVAL;
	if (args->addr & 0x7)
		return -EINVAL;
	return 0;
}

/**
 * vxe_wait_user_fence_ioctl() - DRM_IOCTL_XE_WAIT_USER_FENCE
 * @drm: the device
 * @data: &struct drm_xe_wait_user_fence
 * @file: the caller
 *
 * Return: 0 once the fence passed; -ETIME, -EIO, -EFAULT, -ERESTARTSYS,
 * or -EINVAL / -ENOENT for bad arguments, as Xe's.
 */
int vxe_wait_user_fence_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct vxe_device *vxe = to_vxe_device(drm);
	struct drm_xe_wait_user_fence *args = data;
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct vxe_exec_queue *q = NULL;
	ktime_t start;
	long timeout;
	int ret;

	ret = vxe_ufence_check_args(args);
	if (ret)
		return ret;
	if (args->exec_queue_id) {
		q = vxe_exec_queue_lookup(file, args->exec_queue_id);
		if (!q)
			return -ENOENT;
	}

	timeout = vxe_ufence_timeout(args);
	start = ktime_get();
	add_wait_queue(&vxe->ufence_wq, &wait);
	for (;;) {
		ret = vxe_ufence_compare(args);
		if (ret <= 0)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (q && vxe_exec_queue_reset_status(q)) {
			ret = -EIO;
			break;
		}
		if (!timeout) {
			ret = -ETIME;
			break;
		}
		timeout = wait_woken(&wait, TASK_INTERRUPTIBLE, timeout);
	}
	remove_wait_queue(&vxe->ufence_wq, &wait);

	if (!(args->flags & DRM_XE_UFENCE_WAIT_FLAG_ABSTIME)) {
		args->timeout -= ktime_to_ns(ktime_sub(ktime_get(), start));
		if (args->timeout < 0)
			args->timeout = 0;
	}

	if (q)
		vxe_exec_queue_put(q);
	return ret;
}

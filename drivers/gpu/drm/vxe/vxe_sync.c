// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: syncs
 *
 * &struct drm_xe_sync entries name what an operation waits for (syncobj
 * or timeline syncobj point, without %DRM_XE_SYNC_FLAG_SIGNAL) and what it
 * signals when done (with the flag: syncobj, timeline point or a user
 * fence, a 64-bit value written to user memory). VM_BIND and EXEC share
 * this code; the checks and errnos are Xe's.
 */

#include <linux/dma-fence-chain.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_file.h>
#include <drm/drm_syncobj.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_sync.h"

static int vxe_sync_parse_one(struct drm_file *file, const struct drm_xe_sync *in,
			      struct vxe_sync *sync, u32 flags)
{
	bool signal = in->flags & DRM_XE_SYNC_FLAG_SIGNAL;
	bool lr_mode = flags & VXE_SYNC_LR_MODE;
	u64 probe;
	int ret;

	/* As Xe, which leaves @extensions unchecked */
	if (in->flags & ~DRM_XE_SYNC_FLAG_SIGNAL || in->reserved[0] || in->reserved[1])
		return -EINVAL;

	sync->type = in->type;
	sync->signal = signal;
	switch (in->type) {
	case DRM_XE_SYNC_TYPE_SYNCOBJ:
	case DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ:
		/* Long-running work never completes a dma-fence */
		if (lr_mode && signal)
			return -EOPNOTSUPP;
		if (upper_32_bits(in->addr))
			return -EINVAL;
		if (in->type == DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ && !in->timeline_value)
			return -EINVAL;
		sync->syncobj = drm_syncobj_find(file, in->handle);
		if (!sync->syncobj)
			return -ENOENT;
		sync->point = in->type == DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ ?
			      in->timeline_value : 0;
		if (signal) {
			if (sync->point) {
				sync->chain = dma_fence_chain_alloc();
				if (!sync->chain)
					return -ENOMEM;
			}
			return 0;
		}
		sync->fence = drm_syncobj_fence_get(sync->syncobj);
		if (!sync->fence)
			return -EINVAL;
		if (sync->point) {
			ret = dma_fence_chain_find_seqno(&sync->fence, sync->point);
			if (ret)
				return ret;
		}
		return 0;
	case DRM_XE_SYNC_TYPE_USER_FENCE:
		if ((flags & VXE_SYNC_NO_USER_FENCE) || !signal)
			return -EOPNOTSUPP;
		if (in->addr & 0x7)
			return -EINVAL;
		sync->addr = in->addr;
		sync->value = in->timeline_value;
		/* A GPU address: the GPU finds out whether it is mapped */
		if (flags & VXE_SYNC_EXEC) {
			sync->gpu_ufence = true;
			return 0;
		}
		/* The address must be mapped now, when the fence is set up */
		if (copy_from_user(&probe, u64_to_user_ptr(in->addr), sizeof(probe)))
			return -EFAULT;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * vxe_syncs_parse() - read and check an array of syncs
 * @file: the caller, whose syncobjs are looked up
 * @user: the array in user memory
 * @count: its entries
 * @flags: &enum vxe_sync_parse_flags
 * @out: set to the parsed array, released with vxe_syncs_fini()
 *
 * Return: 0 or a negative errno, as Xe's: -EFAULT, -EINVAL, -ENOENT,
 * -EOPNOTSUPP, -ENOMEM.
 */
int vxe_syncs_parse(struct drm_file *file, u64 user, u32 count, u32 flags,
		    struct vxe_sync **out)
{
	const struct drm_xe_sync __user *u = u64_to_user_ptr(user);
	unsigned int i, ufences = 0;
	struct vxe_sync *syncs;
	struct drm_xe_sync in;
	int ret;

	*out = NULL;
	if (!count)
		return 0;
	if (count > DRM_XE_MAX_SYNCS)
		return -EINVAL;

	syncs = kvzalloc_objs(*syncs, count);
	if (!syncs)
		return -ENOMEM;

	for (i = 0; i < count; i++) {
		if (copy_from_user(&in, &u[i], sizeof(in))) {
			ret = -EFAULT;
			goto err;
		}
		ret = vxe_sync_parse_one(file, &in, &syncs[i], flags);
		if (ret) {
			i++;
			goto err;
		}
		if (syncs[i].type == DRM_XE_SYNC_TYPE_USER_FENCE && !syncs[i].gpu_ufence &&
		    ++ufences > 1) {
			ret = -EINVAL;
			i++;
			goto err;
		}
	}

	*out = syncs;
	return 0;

err:
	vxe_syncs_fini(syncs, i);
	return ret;
}

/**
 * vxe_syncs_have_in_fence() - whether any sync is waited for
 * @syncs: parsed syncs
 * @count: entries
 *
 * Return: true if one of them is an in-sync.
 */
bool vxe_syncs_have_in_fence(const struct vxe_sync *syncs, u32 count)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (!syncs[i].signal)
			return true;
	return false;
}

/**
 * vxe_syncs_signal() - attach an operation's completion to every out-sync
 * @syncs: parsed syncs
 * @count: entries
 * @fence: the operation's fence; a CPU-written user fence is written
 *	right away if it has signalled, else the operation writes it
 */
void vxe_syncs_signal(struct vxe_sync *syncs, u32 count, struct dma_fence *fence)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		struct vxe_sync *s = &syncs[i];

		if (!s->signal)
			continue;
		switch (s->type) {
		case DRM_XE_SYNC_TYPE_SYNCOBJ:
			drm_syncobj_replace_fence(s->syncobj, fence);
			break;
		case DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ:
			drm_syncobj_add_point(s->syncobj, s->chain, fence, s->point);
			s->chain = NULL;
			break;
		case DRM_XE_SYNC_TYPE_USER_FENCE:
			/* The job's ring writes it, or the deferred bind's job */
			if (s->gpu_ufence || !dma_fence_is_signaled(fence))
				break;
			/* As with Xe's deferred write, a fault is user space's to see */
			(void)put_user(s->value, (u64 __user *)u64_to_user_ptr(s->addr));
			break;
		}
	}
}

/**
 * vxe_syncs_fini() - release parsed syncs
 * @syncs: the array, may be NULL
 * @count: entries
 */
void vxe_syncs_fini(struct vxe_sync *syncs, u32 count)
{
	unsigned int i;

	if (!syncs)
		return;
	for (i = 0; i < count; i++) {
		if (syncs[i].syncobj)
			drm_syncobj_put(syncs[i].syncobj);
		dma_fence_put(syncs[i].fence);
		dma_fence_chain_free(syncs[i].chain);
	}
	kvfree(syncs);
}

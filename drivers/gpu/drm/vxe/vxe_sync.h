/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_SYNC_H_
#define _VXE_SYNC_H_

#include <linux/bits.h>
#include <linux/types.h>

struct dma_fence;
struct dma_fence_chain;
struct drm_file;
struct drm_syncobj;

/**
 * struct vxe_sync - one parsed &struct drm_xe_sync
 */
struct vxe_sync {
	/** @syncobj: for the syncobj types */
	struct drm_syncobj *syncobj;
	/** @fence: for an in-sync, what to wait for */
	struct dma_fence *fence;
	/** @chain: for a timeline out-sync, its new point */
	struct dma_fence_chain *chain;
	/** @point: timeline point, 0 for a binary syncobj */
	u64 point;
	/** @addr: user fence address */
	u64 addr;
	/** @value: user fence value */
	u64 value;
	/** @type: DRM_XE_SYNC_TYPE_* */
	u32 type;
	/** @signal: an out-sync */
	bool signal;
	/** @gpu_ufence: a user fence the GPU writes, at a GPU address */
	bool gpu_ufence;
};

/**
 * enum vxe_sync_parse_flags - what the operation allows
 * @VXE_SYNC_LR_MODE: a long-running VM: no syncobj out-syncs
 * @VXE_SYNC_NO_USER_FENCE: no user fence (a bind without binds)
 * @VXE_SYNC_EXEC: for EXEC: a user fence is a GPU virtual address, written
 *	by the job's ring, and more than one is allowed (the last one counts)
 */
enum vxe_sync_parse_flags {
	VXE_SYNC_LR_MODE = BIT(0),
	VXE_SYNC_NO_USER_FENCE = BIT(1),
	VXE_SYNC_EXEC = BIT(2),
};

int vxe_syncs_parse(struct drm_file *file, u64 user, u32 count, u32 flags,
		    struct vxe_sync **out);
bool vxe_syncs_have_in_fence(const struct vxe_sync *syncs, u32 count);
void vxe_syncs_signal(struct vxe_sync *syncs, u32 count, struct dma_fence *fence);
void vxe_syncs_fini(struct vxe_sync *syncs, u32 count);

#endif

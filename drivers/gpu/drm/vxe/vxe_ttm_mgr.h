/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_TTM_MGR_H_
#define _VXE_TTM_MGR_H_

#include <linux/gpu_buddy.h>
#include <linux/mutex.h>

#include <drm/ttm/ttm_resource.h>

struct vxe_device;
struct vxe_pt_seg;

/* &ttm_resource.start of a resource that is not one contiguous range */
#define VXE_BO_INVALID_OFFSET	LONG_MAX

/**
 * struct vxe_vram_mgr - the VRAM manager
 */
struct vxe_vram_mgr {
	/** @manager: the TTM manager */
	struct ttm_resource_manager manager;
	/** @mm: the allocator (@lock) */
	struct gpu_buddy mm;
	/** @lock: protects @mm */
	struct mutex lock;
	/** @min_page: smallest block handed out */
	u64 min_page;
};

/**
 * struct vxe_vram_res - a VRAM resource
 */
struct vxe_vram_res {
	/** @base: the TTM resource */
	struct ttm_resource base;
	/** @blocks: &struct gpu_buddy_block, in address order of the BO */
	struct list_head blocks;
};

static inline struct vxe_vram_res *to_vxe_vram_res(struct ttm_resource *res)
{
	return container_of(res, struct vxe_vram_res, base);
}

int vxe_vram_mgr_init(struct vxe_device *vxe);
void vxe_vram_mgr_fini(struct vxe_device *vxe);
int vxe_vram_res_segs(struct vxe_device *vxe, struct ttm_resource *res,
		      struct vxe_pt_seg *segs, unsigned int max);
unsigned int vxe_vram_res_count(struct ttm_resource *res);
void vxe_sys_mgr_init(struct vxe_device *vxe);
void vxe_sys_mgr_fini(struct vxe_device *vxe);

#endif

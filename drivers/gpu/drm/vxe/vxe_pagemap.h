/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_PAGEMAP_H_
#define _VXE_PAGEMAP_H_

#include <linux/llist.h>
#include <linux/memremap.h>
#include <linux/workqueue.h>

#include <drm/drm_pagemap.h>

struct drm_gpusvm_range;
struct mm_struct;
struct vxe_bo;
struct vxe_device;

/* &drm_pagemap_addr.proto of the device's own VRAM: a DPA, as the MMU takes it */
#define VXE_INTERCONNECT_VRAM	DRM_INTERCONNECT_DRIVER

/**
 * struct vxe_pagemap - the device's VRAM as device-private pages
 */
struct vxe_pagemap {
	/** @pgmap: the ZONE_DEVICE pages, one per page of VRAM */
	struct dev_pagemap pgmap;
	/** @dpagemap: what drm_gpusvm and drm_pagemap know it by */
	struct drm_pagemap dpagemap;
	/** @vxe: the device */
	struct vxe_device *vxe;
	/** @hpa_base: physical address of the page of VRAM offset 0 */
	resource_size_t hpa_base;
	/** @free: SVM BOs whose last device page went, to be put */
	struct llist_head free;
	/** @free_work: puts them, where sleeping is allowed */
	struct work_struct free_work;
};

int vxe_pagemap_init(struct vxe_device *vxe);
void *vxe_pagemap_owner(struct vxe_device *vxe);
bool vxe_pagemap_range_in_vram(struct vxe_device *vxe, struct drm_gpusvm_range *range);
int vxe_pagemap_migrate(struct vxe_device *vxe, struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned long timeslice_ms);
int vxe_pagemap_evict(struct vxe_bo *bo);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_BO_H_
#define _VXE_BO_H_

#include <linux/llist.h>

#include <drm/drm_pagemap.h>
#include <drm/ttm/ttm_bo.h>
#include <drm/ttm/ttm_placement.h>

struct dma_buf_attachment;
struct dma_resv;
struct drm_device;
struct drm_file;
struct vxe_device;
struct sg_table;
struct vxe_pt_seg;

/* Memory region bits of drm_xe_gem_create.placement */
#define VXE_MEM_SYSTEM		BIT(0)
#define VXE_MEM_VRAM		BIT(1)

/**
 * enum vxe_bo_flags - what a buffer object was created with
 * @VXE_BO_DEFER_BACKING: no memory until first use
 * @VXE_BO_SCANOUT: may be scanned out (forces WC)
 * @VXE_BO_USER: created by user space
 * @VXE_BO_CONTIGUOUS: one contiguous range of VRAM (kernel BOs)
 * @VXE_BO_NO_COMPRESSION: may not be mapped with a compressed PAT index
 * @VXE_BO_SVM: VRAM behind device-private pages of SVM ranges (kernel BOs)
 */
enum vxe_bo_flags {
	VXE_BO_DEFER_BACKING = BIT(0),
	VXE_BO_SCANOUT = BIT(1),
	VXE_BO_USER = BIT(2),
	VXE_BO_CONTIGUOUS = BIT(3),
	VXE_BO_NO_COMPRESSION = BIT(4),
	VXE_BO_SVM = BIT(5),
};

/**
 * enum vxe_bo_madv - whether user space still needs a BO's memory
 * @VXE_BO_WILLNEED: it does (the default)
 * @VXE_BO_DONTNEED: every mapping of it was marked
 *	DRM_XE_VMA_PURGEABLE_STATE_DONTNEED: eviction drops its memory
 * @VXE_BO_PURGED: its memory was dropped, for good
 */
enum vxe_bo_madv {
	VXE_BO_WILLNEED,
	VXE_BO_DONTNEED,
	VXE_BO_PURGED,
};

/**
 * struct vxe_bo - a buffer object
 */
struct vxe_bo {
	/** @ttm: the TTM object, whose GEM object user space holds */
	struct ttm_buffer_object ttm;
	/** @placement: where the BO may live, preferred first */
	struct ttm_placement placement;
	/** @places: entries of @placement */
	struct ttm_place places[2];
	/** @mem: &VXE_MEM_SYSTEM and &VXE_MEM_VRAM it was created with */
	u32 mem;
	/** @flags: &enum vxe_bo_flags */
	u32 flags;
	/** @cpu_caching: DRM_XE_GEM_CPU_CACHING_* of CPU mappings */
	u16 cpu_caching;
	/** @madv: &enum vxe_bo_madv, written under the reservation */
	u8 madv;
	/**
	 * @vm_obj: for a VM-private BO, the VM's reservation object, which
	 * this BO shares; NULL for a BO any VM may map
	 */
	struct drm_gem_object *vm_obj;
	/**
	 * @devmem: for a %VXE_BO_SVM BO, the allocation drm_pagemap migrates
	 * pages into; it owns the BO's reference
	 */
	struct drm_pagemap_devmem devmem;
	/** @free_link: in the list of SVM BOs to be put from a worker */
	struct llist_node free_link;
};

static inline struct vxe_bo *to_vxe_bo(struct ttm_buffer_object *tbo)
{
	return container_of(tbo, struct vxe_bo, ttm);
}

static inline struct vxe_bo *gem_to_vxe_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct vxe_bo, ttm.base);
}

/* Whether a BO's memory may be gone: it must not be mapped again */
static inline bool vxe_bo_purgeable(const struct vxe_bo *bo)
{
	return READ_ONCE(bo->madv) != VXE_BO_WILLNEED;
}

/* -EBUSY while a BO may be purged, -EINVAL once it was, else 0 */
static inline int vxe_bo_check_madv(const struct vxe_bo *bo)
{
	switch (READ_ONCE(bo->madv)) {
	case VXE_BO_DONTNEED:
		return -EBUSY;
	case VXE_BO_PURGED:
		return -EINVAL;
	}
	return 0;
}

/**
 * struct vxe_validation - a transaction that may evict BOs to make room
 * @vxe: the device
 * @exclusive: whether the next vxe_validation_begin() takes
 *	&vxe_device.validation for write
 * @held_exclusive: whether it is held for write now
 */
struct vxe_validation {
	struct vxe_device *vxe;
	bool exclusive;
	bool held_exclusive;
};

int vxe_validation_begin(struct vxe_validation *val, bool interruptible);
void vxe_validation_end(struct vxe_validation *val);
bool vxe_validation_retry(struct vxe_validation *val, int err);

int vxe_bo_device_init(struct vxe_device *vxe);
void vxe_bo_device_fini(struct vxe_device *vxe);

struct vxe_bo *vxe_bo_create(struct vxe_device *vxe, struct drm_gem_object *vm_obj,
			     u64 size, u32 mem, u32 flags, u16 cpu_caching);
void vxe_bo_put(struct vxe_bo *bo);
int vxe_bo_validate(struct vxe_bo *bo, struct dma_resv *vm_resv, bool interruptible);
int vxe_bo_segs(struct vxe_bo *bo, struct vxe_pt_seg **segs);

struct drm_gem_object *vxe_gem_prime_import_sg_table(struct drm_device *drm,
						     struct dma_buf_attachment *attach,
						     struct sg_table *sgt);

int vxe_gem_create_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int vxe_gem_mmap_offset_ioctl(struct drm_device *drm, void *data, struct drm_file *file);

#endif

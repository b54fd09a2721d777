// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: memory managers
 *
 * Two TTM resource managers back vxe's placements:
 *
 * - VRAM (%TTM_PL_VRAM) hands out device memory with the GPU buddy
 *   allocator, in blocks no smaller than the device's minimum VRAM page
 *   (VXE_REG_VRAM_MIN_PAGE), so that every block can be mapped with the
 *   page size the MMU requires. A full manager answers -ENOSPC, which has
 *   TTM evict other buffer objects to system memory.
 * - system (%TTM_PL_TT) accounts pages the GPU may map; the pages come
 *   from TTM's pool, DMA-mapped for the device, so it needs no address
 *   space of its own.
 */

#include <linux/gpu_buddy.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <drm/drm_buddy.h>
#include <drm/drm_print.h>
#include <drm/ttm/ttm_bo.h>
#include <drm/ttm/ttm_device.h>
#include <drm/ttm/ttm_placement.h>
#include <drm/ttm/ttm_range_manager.h>

#include "vxe_device.h"
#include "vxe_pt_types.h"
#include "vxe_ttm_mgr.h"

static struct vxe_vram_mgr *to_vxe_vram_mgr(struct ttm_resource_manager *man)
{
	return container_of(man, struct vxe_vram_mgr, manager);
}

static int vxe_vram_mgr_alloc(struct ttm_resource_manager *man, struct ttm_buffer_object *tbo,
			      const struct ttm_place *place, struct ttm_resource **res)
{
	struct vxe_vram_mgr *mgr = to_vxe_vram_mgr(man);
	u64 fpfn = place->fpfn, lpfn = place->lpfn ?: man->size >> PAGE_SHIFT;
	u64 min_page = max_t(u64, mgr->min_page, (u64)tbo->page_alignment << PAGE_SHIFT);
	u64 size = round_up(tbo->base.size, mgr->min_page);
	unsigned long flags = 0;
	struct vxe_vram_res *vres;
	struct gpu_buddy_block *block;
	int ret;

	if (size > (lpfn - fpfn) << PAGE_SHIFT)
		return -E2BIG;

	vres = kzalloc_obj(*vres);
	if (!vres)
		return -ENOMEM;
	INIT_LIST_HEAD(&vres->blocks);
	ttm_resource_init(tbo, place, &vres->base);

	if (place->flags & TTM_PL_FLAG_TOPDOWN)
		flags |= GPU_BUDDY_TOPDOWN_ALLOCATION;
	if (place->flags & TTM_PL_FLAG_CONTIGUOUS)
		flags |= GPU_BUDDY_CONTIGUOUS_ALLOCATION;
	if (place->fpfn || place->lpfn)
		flags |= GPU_BUDDY_RANGE_ALLOCATION;

	mutex_lock(&mgr->lock);
	ret = gpu_buddy_alloc_blocks(&mgr->mm, fpfn << PAGE_SHIFT, lpfn << PAGE_SHIFT, size,
				     min_page, &vres->blocks, flags);
	mutex_unlock(&mgr->lock);
	if (ret) {
		ttm_resource_fini(man, &vres->base);
		kfree(vres);
		/* Full: let TTM evict */
		return ret == -ENOMEM ? -ENOSPC : ret;
	}

	/* Contiguous resources get a start, as TTM expects for them */
	block = list_first_entry(&vres->blocks, struct gpu_buddy_block, link);
	if (list_is_singular(&vres->blocks) || (flags & GPU_BUDDY_CONTIGUOUS_ALLOCATION)) {
		vres->base.placement |= TTM_PL_FLAG_CONTIGUOUS;
		vres->base.start = gpu_buddy_block_offset(block) >> PAGE_SHIFT;
	} else {
		vres->base.start = VXE_BO_INVALID_OFFSET;
	}

	*res = &vres->base;
	return 0;
}

static void vxe_vram_mgr_free(struct ttm_resource_manager *man, struct ttm_resource *res)
{
	struct vxe_vram_mgr *mgr = to_vxe_vram_mgr(man);
	struct vxe_vram_res *vres = to_vxe_vram_res(res);

	mutex_lock(&mgr->lock);
	gpu_buddy_free_list(&mgr->mm, &vres->blocks, 0);
	mutex_unlock(&mgr->lock);
	ttm_resource_fini(man, res);
	kfree(vres);
}

/*
 * Whether any block of @res overlaps the page range of @place (@all
 * false), or every block lies inside it (@all true).
 */
static bool vxe_vram_mgr_in_range(struct ttm_resource_manager *man, struct ttm_resource *res,
				  const struct ttm_place *place, bool all)
{
	struct vxe_vram_mgr *mgr = to_vxe_vram_mgr(man);
	struct gpu_buddy_block *block;

	if (!place->fpfn && !place->lpfn)
		return true;

	list_for_each_entry(block, &to_vxe_vram_res(res)->blocks, link) {
		u64 fpfn = gpu_buddy_block_offset(block) >> PAGE_SHIFT;
		u64 lpfn = fpfn + (gpu_buddy_block_size(&mgr->mm, block) >> PAGE_SHIFT);
		bool below_end = !place->lpfn || lpfn <= place->lpfn;

		if (!all && place->fpfn < lpfn && (!place->lpfn || place->lpfn > fpfn))
			return true;
		if (all && (fpfn < place->fpfn || !below_end))
			return false;
	}
	return all;
}

static bool vxe_vram_mgr_intersects(struct ttm_resource_manager *man, struct ttm_resource *res,
				    const struct ttm_place *place, size_t size)
{
	return vxe_vram_mgr_in_range(man, res, place, false);
}

static bool vxe_vram_mgr_compatible(struct ttm_resource_manager *man, struct ttm_resource *res,
				    const struct ttm_place *place, size_t size)
{
	return vxe_vram_mgr_in_range(man, res, place, true);
}

static void vxe_vram_mgr_debug(struct ttm_resource_manager *man, struct drm_printer *p)
{
	struct vxe_vram_mgr *mgr = to_vxe_vram_mgr(man);

	mutex_lock(&mgr->lock);
	drm_buddy_print(&mgr->mm, p);
	mutex_unlock(&mgr->lock);
}

static const struct ttm_resource_manager_func vxe_vram_mgr_func = {
	.alloc = vxe_vram_mgr_alloc,
	.free = vxe_vram_mgr_free,
	.intersects = vxe_vram_mgr_intersects,
	.compatible = vxe_vram_mgr_compatible,
	.debug = vxe_vram_mgr_debug,
};

/**
 * vxe_vram_mgr_init() - set up the VRAM manager
 * @vxe: the device, with its TTM device initialised
 *
 * Return: 0 or a negative errno.
 */
int vxe_vram_mgr_init(struct vxe_device *vxe)
{
	struct vxe_vram_mgr *mgr = &vxe->vram_mgr;
	struct ttm_resource_manager *man = &mgr->manager;
	int ret;

	mgr->min_page = max_t(u32, vxe->info.vram_min_page, PAGE_SIZE);
	mutex_init(&mgr->lock);
	man->func = &vxe_vram_mgr_func;
	ttm_resource_manager_init(man, &vxe->ttm, vxe->info.vram_size);
	ret = gpu_buddy_init(&mgr->mm, vxe->info.vram_size, PAGE_SIZE);
	if (ret)
		return ret;
	gpu_buddy_driver_set_lock(&mgr->mm, &mgr->lock);
	ttm_set_driver_manager(&vxe->ttm, TTM_PL_VRAM, man);
	ttm_resource_manager_set_used(man, true);
	return 0;
}

/**
 * vxe_vram_mgr_fini() - evict everything from VRAM and tear the manager down
 * @vxe: the device
 */
void vxe_vram_mgr_fini(struct vxe_device *vxe)
{
	struct vxe_vram_mgr *mgr = &vxe->vram_mgr;
	struct ttm_resource_manager *man = &mgr->manager;

	ttm_resource_manager_set_used(man, false);
	if (ttm_resource_manager_evict_all(&vxe->ttm, man))
		return;
	mutex_lock(&mgr->lock);
	gpu_buddy_fini(&mgr->mm);
	mutex_unlock(&mgr->lock);
	ttm_resource_manager_cleanup(man);
	ttm_set_driver_manager(&vxe->ttm, TTM_PL_VRAM, NULL);
}

/**
 * vxe_vram_res_segs() - the VRAM blocks of a resource as device addresses
 * @vxe: the device
 * @res: a %TTM_PL_VRAM resource
 * @segs: filled with up to @max segments
 * @max: entries in @segs
 *
 * Return: segments written, or -E2BIG when @max is too small.
 */
int vxe_vram_res_segs(struct vxe_device *vxe, struct ttm_resource *res,
		      struct vxe_pt_seg *segs, unsigned int max)
{
	struct gpu_buddy_block *block;
	unsigned int n = 0;

	list_for_each_entry(block, &to_vxe_vram_res(res)->blocks, link) {
		if (n == max)
			return -E2BIG;
		segs[n].dpa = VXE_DPA_VRAM + gpu_buddy_block_offset(block);
		segs[n].len = gpu_buddy_block_size(&vxe->vram_mgr.mm, block);
		n++;
	}
	return n;
}

/**
 * vxe_vram_res_count() - number of blocks of a VRAM resource
 * @res: a %TTM_PL_VRAM resource
 *
 * Return: the count.
 */
unsigned int vxe_vram_res_count(struct ttm_resource *res)
{
	return list_count_nodes(&to_vxe_vram_res(res)->blocks);
}

/* System memory: accounting only, pages come from the TTM pool */

static int vxe_sys_mgr_alloc(struct ttm_resource_manager *man, struct ttm_buffer_object *tbo,
			     const struct ttm_place *place, struct ttm_resource **res)
{
	struct ttm_resource *r;

	/* Don't have TTM evict everything for what can never fit */
	if (tbo->base.size > man->size)
		return -E2BIG;
	r = kzalloc_obj(*r);
	if (!r)
		return -ENOMEM;
	ttm_resource_init(tbo, place, r);
	if (!(place->flags & TTM_PL_FLAG_TEMPORARY) &&
	    ttm_resource_manager_usage(man) > man->size) {
		ttm_resource_fini(man, r);
		kfree(r);
		return -ENOSPC;
	}
	r->start = VXE_BO_INVALID_OFFSET;
	*res = r;
	return 0;
}

static void vxe_sys_mgr_free(struct ttm_resource_manager *man, struct ttm_resource *res)
{
	ttm_resource_fini(man, res);
	kfree(res);
}

static const struct ttm_resource_manager_func vxe_sys_mgr_func = {
	.alloc = vxe_sys_mgr_alloc,
	.free = vxe_sys_mgr_free,
};

/**
 * vxe_sys_mgr_init() - set up the manager of GPU-mapped system memory
 * @vxe: the device, with its TTM device initialised
 *
 * Allows half of system RAM to be GPU-mapped at once, as TTM's own limit
 * for pages it may not swap out does.
 */
void vxe_sys_mgr_init(struct vxe_device *vxe)
{
	struct ttm_resource_manager *man = &vxe->sys_mgr;

	man->use_tt = true;
	man->func = &vxe_sys_mgr_func;
	ttm_resource_manager_init(man, &vxe->ttm, (u64)totalram_pages() << (PAGE_SHIFT - 1));
	ttm_set_driver_manager(&vxe->ttm, TTM_PL_TT, man);
	ttm_resource_manager_set_used(man, true);
}

/**
 * vxe_sys_mgr_fini() - tear the system memory manager down
 * @vxe: the device
 */
void vxe_sys_mgr_fini(struct vxe_device *vxe)
{
	struct ttm_resource_manager *man = &vxe->sys_mgr;

	ttm_resource_manager_set_used(man, false);
	if (ttm_resource_manager_evict_all(&vxe->ttm, man))
		return;
	ttm_resource_manager_cleanup(man);
	ttm_set_driver_manager(&vxe->ttm, TTM_PL_TT, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: VRAM for SVM
 *
 * The device's VRAM is also a range of device-private ZONE_DEVICE pages,
 * one &struct page per page of VRAM, that drm_pagemap migrates SVM memory
 * into and out of. The pages sit in a free range of physical address space
 * (devm_request_free_mem_region()); the CPU can never reach them, so a CPU
 * access faults and drm_pagemap migrates the memory back to system pages.
 *
 * - Memory for a range comes from TTM, as a kernel BO in VRAM
 *   (%VXE_BO_SVM, contiguous so that a 2M range keeps its huge page), so
 *   that SVM and BOs compete for the same VRAM: TTM evicts SVM BOs as any
 *   other, and vxe_pagemap_evict() then moves their pages back to system
 *   memory. The BO's &vxe_bo.devmem owns its reference, which goes when the
 *   last of its device pages is freed.
 * - Data moves with the device's copy engine (vxe_migrate), by device
 *   physical address, before drm_pagemap returns: a new BO is cleared
 *   first, so a hole in the source reads 0.
 * - drm_gpusvm maps a device page by its DPA (%VXE_INTERCONNECT_VRAM); the
 *   page-table layer sees a VRAM address and sets the PTE's VRAM bit.
 * - The pages' owner is the device: its own VMs use them in place, and
 *   any other HMM user has them migrated back first.
 *
 * Copies count into debugfs ``gt0/stats`` under Xe's svm_*_copy_* names.
 */

#include <linux/dma-fence.h>
#include <linux/dma-resv.h>
#include <linux/gpu_buddy.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include <drm/drm_drv.h>
#include <drm/drm_gpusvm.h>
#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bo.h"
#include "vxe_device.h"
#include "vxe_migrate.h"
#include "vxe_pagemap.h"
#include "vxe_svm.h"
#include "vxe_trace.h"
#include "vxe_ttm_mgr.h"

static struct vxe_pagemap *page_to_vxe_pagemap(struct page *page)
{
	return container_of(page_pgmap(page), struct vxe_pagemap, pgmap);
}

static struct vxe_pagemap *to_vxe_pagemap(struct drm_pagemap *dpagemap)
{
	return container_of(dpagemap, struct vxe_pagemap, dpagemap);
}

/* The device physical address of a device page */
static u64 vxe_pagemap_page_dpa(struct page *page)
{
	struct vxe_pagemap *pm = page_to_vxe_pagemap(page);

	return VXE_DPA_VRAM + (((u64)page_to_pfn(page) << PAGE_SHIFT) - pm->hpa_base);
}

/* Copies */

enum vxe_pagemap_dir {
	VXE_PAGEMAP_TO_VRAM,
	VXE_PAGEMAP_TO_RAM,
};

static void vxe_pagemap_count(struct vxe_device *vxe, enum vxe_pagemap_dir dir,
			      u64 bytes, u64 us)
{
	enum vxe_svm_stat kb = dir == VXE_PAGEMAP_TO_VRAM ? VXE_SVM_STAT_DEVICE_COPY_KB :
							    VXE_SVM_STAT_CPU_COPY_KB;
	enum vxe_svm_stat t = dir == VXE_PAGEMAP_TO_VRAM ? VXE_SVM_STAT_DEVICE_COPY_US :
							   VXE_SVM_STAT_CPU_COPY_US;

	vxe_svm_stat_dev_add(vxe, kb, bytes >> 10);
	vxe_svm_stat_dev_add(vxe, t, us);
	/* The per-size counters: a copy of exactly one 4K, 64K or 2M page */
	if (bytes == SZ_4K || bytes == SZ_64K || bytes == SZ_2M) {
		int i = bytes == SZ_2M ? 3 : bytes == SZ_64K ? 2 : 1;

		vxe_svm_stat_dev_add(vxe, kb + i, bytes >> 10);
		vxe_svm_stat_dev_add(vxe, t + i, us);
	}
}

/*
 * Copy between device pages and the system pages at @addr, run by run of
 * what is contiguous on both sides, and wait: drm_pagemap finishes the
 * migration as soon as this returns. A missing source is skipped: the
 * device page was cleared when its BO was made.
 */
static int vxe_pagemap_copy(struct page **pages, struct drm_pagemap_addr *addr,
			    unsigned long npages, struct dma_fence *pre_fence,
			    enum vxe_pagemap_dir dir)
{
	struct vxe_device *vxe = NULL;
	struct dma_fence *fence = NULL, *f;
	u64 run_vram = 0, run_sys = 0, run_len = 0, total = 0;
	ktime_t t0 = ktime_get();
	unsigned long i;
	int ret = 0;
	u64 us;

	if (pre_fence) {
		ret = dma_fence_wait(pre_fence, false);
		if (ret)
			return ret;
	}

	for (i = 0; i <= npages; ) {
		u64 vram = 0, sys = 0, len = 0;
		unsigned long step = 1;

		if (i < npages && pages[i] && addr[i].addr) {
			step = 1UL << addr[i].order;
			vram = vxe_pagemap_page_dpa(pages[i]);
			sys = addr[i].addr;
			len = PAGE_SIZE << addr[i].order;
			if (!vxe)
				vxe = page_to_vxe_pagemap(pages[i])->vxe;
		}
		/* The run goes on, or it is copied */
		if (len && run_len && run_vram + run_len == vram && run_sys + run_len == sys) {
			run_len += len;
		} else if (len || i == npages) {
			if (run_len) {
				f = dir == VXE_PAGEMAP_TO_VRAM ?
				    vxe_migrate_copy(vxe, run_vram, run_sys, run_len) :
				    vxe_migrate_copy(vxe, run_sys, run_vram, run_len);
				if (IS_ERR(f)) {
					ret = PTR_ERR(f);
					break;
				}
				dma_fence_put(fence);
				fence = f;
				total += run_len;
			}
			run_vram = vram;
			run_sys = sys;
			run_len = len;
		}
		i += step;
	}

	/* One copy engine, in order: the last copy ends after the others */
	if (fence) {
		dma_fence_wait(fence, false);
		if (fence->error && !ret)
			ret = fence->error;
		dma_fence_put(fence);
	}
	us = ktime_us_delta(ktime_get(), t0);
	if (vxe && total)
		vxe_pagemap_count(vxe, dir, total, us);
	trace_vxe_svm_copy(dir == VXE_PAGEMAP_TO_VRAM, total, us, ret);
	return ret;
}

static int vxe_pagemap_copy_to_devmem(struct page **pages, struct drm_pagemap_addr *addr,
				      unsigned long npages, struct dma_fence *pre_fence)
{
	return vxe_pagemap_copy(pages, addr, npages, pre_fence, VXE_PAGEMAP_TO_VRAM);
}

static int vxe_pagemap_copy_to_ram(struct page **pages, struct drm_pagemap_addr *addr,
				   unsigned long npages, struct dma_fence *pre_fence)
{
	return vxe_pagemap_copy(pages, addr, npages, pre_fence, VXE_PAGEMAP_TO_RAM);
}

/* The allocation: an SVM BO */

static struct vxe_bo *devmem_to_vxe_bo(struct drm_pagemap_devmem *devmem)
{
	return container_of(devmem, struct vxe_bo, devmem);
}

static int vxe_pagemap_populate_devmem_pfn(struct drm_pagemap_devmem *devmem,
					   unsigned long npages, unsigned long *pfn)
{
	struct vxe_bo *bo = devmem_to_vxe_bo(devmem);
	struct vxe_pagemap *pm = to_vxe_pagemap(devmem->dpagemap);
	struct vxe_device *vxe = pm->vxe;
	struct ttm_resource *res = bo->ttm.resource;
	struct gpu_buddy_block *block;
	unsigned long j = 0;

	if (!res || res->mem_type != TTM_PL_VRAM)
		return -EBUSY;
	list_for_each_entry(block, &to_vxe_vram_res(res)->blocks, link) {
		unsigned long first = PHYS_PFN(pm->hpa_base + gpu_buddy_block_offset(block));
		unsigned long n = gpu_buddy_block_size(&vxe->vram_mgr.mm, block) >> PAGE_SHIFT;
		unsigned long k;

		for (k = 0; k < n && j < npages; k++)
			pfn[j++] = first + k;
	}
	return j == npages ? 0 : -EINVAL;
}

/* May be called where sleeping is not: the BO is put from a worker */
static void vxe_pagemap_devmem_release(struct drm_pagemap_devmem *devmem)
{
	struct vxe_bo *bo = devmem_to_vxe_bo(devmem);
	struct vxe_pagemap *pm = to_vxe_pagemap(devmem->dpagemap);

	dma_fence_put(devmem->pre_migrate_fence);
	devmem->pre_migrate_fence = NULL;
	if (llist_add(&bo->free_link, &pm->free))
		queue_work(system_dfl_wq, &pm->free_work);
}

static void vxe_pagemap_free_work(struct work_struct *work)
{
	struct vxe_pagemap *pm = container_of(work, struct vxe_pagemap, free_work);
	struct llist_node *list = llist_del_all(&pm->free);
	struct vxe_bo *bo, *next;

	llist_for_each_entry_safe(bo, next, list, free_link)
		vxe_bo_put(bo);
}

static const struct drm_pagemap_devmem_ops vxe_pagemap_devmem_ops = {
	.devmem_release = vxe_pagemap_devmem_release,
	.populate_devmem_pfn = vxe_pagemap_populate_devmem_pfn,
	.copy_to_devmem = vxe_pagemap_copy_to_devmem,
	.copy_to_ram = vxe_pagemap_copy_to_ram,
};

/* The pagemap */

static struct drm_pagemap_addr vxe_pagemap_device_map(struct drm_pagemap *dpagemap,
						      struct device *dev, struct page *page,
						      unsigned int order,
						      enum dma_data_direction dir)
{
	/* Only the device itself reaches its VRAM: there is no BAR to share */
	if (dev != dpagemap->drm->dev)
		return drm_pagemap_addr_encode(DMA_MAPPING_ERROR, VXE_INTERCONNECT_VRAM, order,
					       dir);
	return drm_pagemap_addr_encode(vxe_pagemap_page_dpa(page), VXE_INTERCONNECT_VRAM, order,
				       dir);
}

static void vxe_pagemap_device_unmap(struct drm_pagemap *dpagemap, struct device *dev,
				     const struct drm_pagemap_addr *addr)
{
	/* A DPA is not a DMA mapping: nothing to undo */
}

/*
 * Migrate [@start, @end) of @mm into a new SVM BO. Called by
 * drm_pagemap_populate_mm() with the mmap lock held for read.
 */
static int vxe_pagemap_populate_mm(struct drm_pagemap *dpagemap, unsigned long start,
				   unsigned long end, struct mm_struct *mm,
				   unsigned long timeslice_ms)
{
	const struct drm_pagemap_migrate_details details = { .timeslice_ms = timeslice_ms };
	struct vxe_pagemap *pm = to_vxe_pagemap(dpagemap);
	struct vxe_device *vxe = pm->vxe;
	struct vxe_bo *bo;
	long wait;
	int ret, idx;

	if (!drm_dev_enter(&vxe->drm, &idx))
		return -ENODEV;

	bo = vxe_bo_create(vxe, NULL, end - start, VXE_MEM_VRAM, VXE_BO_SVM | VXE_BO_CONTIGUOUS,
			   DRM_XE_GEM_CPU_CACHING_WC);
	if (IS_ERR(bo)) {
		ret = PTR_ERR(bo);
		goto out;
	}

	/* Held until its pages are in: TTM may not evict it half-populated */
	dma_resv_lock(bo->ttm.base.resv, NULL);
	wait = dma_resv_wait_timeout(bo->ttm.base.resv, DMA_RESV_USAGE_KERNEL, false,
				     MAX_SCHEDULE_TIMEOUT);
	drm_pagemap_devmem_init(&bo->devmem, vxe->drm.dev, mm, &vxe_pagemap_devmem_ops,
				dpagemap, end - start, NULL);
	if (wait < 0 || bo->ttm.resource->mem_type != TTM_PL_VRAM) {
		/* The clear failed, or the BO moved before we held it */
		dma_resv_unlock(bo->ttm.base.resv);
		vxe_bo_put(bo);
		ret = wait < 0 ? wait : -EBUSY;
		goto out;
	}
	/* Takes over the BO's reference, also on failure */
	ret = drm_pagemap_migrate_to_devmem(&bo->devmem, mm, start, end, &details);
	dma_resv_unlock(bo->ttm.base.resv);
out:
	drm_dev_exit(idx);
	return ret;
}

static void vxe_pagemap_destroy(struct drm_pagemap *dpagemap, bool is_atomic_or_reclaim)
{
	/* Device-managed: freed with the device, after the last reference */
}

static const struct drm_pagemap_ops vxe_drm_pagemap_ops = {
	.device_map = vxe_pagemap_device_map,
	.device_unmap = vxe_pagemap_device_unmap,
	.populate_mm = vxe_pagemap_populate_mm,
	.destroy = vxe_pagemap_destroy,
};

/*
 * Device removal: no new migration can start (drm_dev_enter() fails).
 * Every SVM BO is evicted, which brings its pages back to system memory,
 * and is put; then the pagemap's reference goes.
 */
static void vxe_pagemap_release(void *data)
{
	struct vxe_pagemap *pm = data;
	struct vxe_device *vxe = pm->vxe;

	vxe->pagemap = NULL;
	if (ttm_resource_manager_evict_all(&vxe->ttm, &vxe->vram_mgr.manager))
		drm_warn(&vxe->drm, "VRAM not all evicted at removal\n");
	flush_work(&pm->free_work);
	drm_pagemap_put(&pm->dpagemap);
}

/**
 * vxe_pagemap_init() - make the device's VRAM available to SVM
 * @vxe: the device, with VRAM and its TTM managers set up
 *
 * Device-managed: it all goes at device removal.
 *
 * Return: 0 or a negative errno.
 */
int vxe_pagemap_init(struct vxe_device *vxe)
{
	struct device *dev = vxe->drm.dev;
	struct vxe_pagemap *pm;
	struct resource *res;
	void *addr;
	int ret;

	pm = devm_kzalloc(dev, sizeof(*pm), GFP_KERNEL);
	if (!pm)
		return -ENOMEM;
	pm->vxe = vxe;
	init_llist_head(&pm->free);
	INIT_WORK(&pm->free_work, vxe_pagemap_free_work);

	res = devm_request_free_mem_region(dev, &iomem_resource, vxe->info.vram_size);
	if (IS_ERR(res))
		return PTR_ERR(res);

	pm->pgmap.type = MEMORY_DEVICE_PRIVATE;
	pm->pgmap.range.start = res->start;
	pm->pgmap.range.end = res->end;
	pm->pgmap.nr_range = 1;
	pm->pgmap.ops = drm_pagemap_pagemap_ops_get();
	pm->pgmap.owner = vxe;
	addr = devm_memremap_pages(dev, &pm->pgmap);
	if (IS_ERR(addr))
		return PTR_ERR(addr);
	pm->hpa_base = res->start;

	ret = drm_pagemap_init(&pm->dpagemap, &pm->pgmap, &vxe->drm, &vxe_drm_pagemap_ops);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, vxe_pagemap_release, pm);
	if (ret)
		return ret;
	vxe->pagemap = pm;
	return 0;
}

/**
 * vxe_pagemap_owner() - the owner of the device's device-private pages
 * @vxe: the device
 *
 * Return: what drm_gpusvm_ctx.device_private_page_owner is to be, so that
 * HMM gives the device's VMs its pages in place; NULL without VRAM for SVM,
 * which has any device page migrated back.
 */
void *vxe_pagemap_owner(struct vxe_device *vxe)
{
	return vxe->pagemap ? vxe : NULL;
}

/**
 * vxe_pagemap_range_in_vram() - whether an SVM range is mapped from VRAM
 * @vxe: the device
 * @range: the range, its gpusvm notifier lock held
 *
 * Return: true if its pages, as last got, are the device's.
 */
bool vxe_pagemap_range_in_vram(struct vxe_device *vxe, struct drm_gpusvm_range *range)
{
	return vxe->pagemap && range->pages.flags.has_devmem_pages &&
	       range->pages.dpagemap == &vxe->pagemap->dpagemap;
}

/**
 * vxe_pagemap_migrate() - migrate part of an address space to VRAM
 * @vxe: the device
 * @mm: the address space
 * @start: first byte, page aligned
 * @end: end, page aligned, in the same CPU VMA
 * @timeslice_ms: how long CPU faults leave it in VRAM, for a GPU atomic
 *	to get done; 0 for none
 *
 * Context: neither the mmap lock nor the gpusvm notifier lock held.
 * Return: 0, or a negative errno with the memory where it was: -EBUSY if
 * some of it could not be moved (in use, or in VRAM in part already),
 * -ENOMEM or -ENOSPC when VRAM cannot be had, -ENODEV without VRAM for SVM.
 */
int vxe_pagemap_migrate(struct vxe_device *vxe, struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned long timeslice_ms)
{
	if (!vxe->pagemap)
		return -ENODEV;
	return drm_pagemap_populate_mm(&vxe->pagemap->dpagemap, start, end, mm, timeslice_ms);
}

/**
 * vxe_pagemap_evict() - move an SVM BO's pages back to system memory
 * @bo: the %VXE_BO_SVM BO, reserved, being evicted by TTM
 *
 * Return: 0 when none of its pages is left in VRAM; -ENOSPC if some could
 * not be moved now, so that TTM looks for other memory to evict.
 */
int vxe_pagemap_evict(struct vxe_bo *bo)
{
	int ret = drm_pagemap_evict_to_ram(&bo->devmem);

	trace_vxe_svm_evict(bo->ttm.base.size, ret);
	return ret == -EBUSY ? -ENOSPC : ret;
}

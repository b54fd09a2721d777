// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: buffer objects
 *
 * Buffer objects are TTM objects with GEM handles, created by
 * DRM_IOCTL_XE_GEM_CREATE in system memory (%TTM_PL_TT, pages from TTM's
 * pool DMA-mapped for the device), in VRAM (%TTM_PL_VRAM, see "memory
 * managers"), or in either with VRAM preferred.
 *
 * Moves between VRAM and system memory are done by the device's copy
 * engine through vxe_migrate, by device physical address; a BO newly
 * placed in VRAM is cleared by it before anyone can map it, and system
 * pages are allocated zeroed. TTM evicts BOs from VRAM to system memory
 * when VRAM runs out. Before a BO's memory moves, the GPU mappings of it
 * are zapped and the TLB invalidated (vxe_vm_bo_move_notify()), so no
 * engine can reach the old copy.
 *
 * CPU mappings go through GEM_MMAP_OFFSET and mmap(). The VRAM window of
 * the device model is ordinary kernel memory, so VRAM pages are inserted
 * by pfn like system pages, cached; a BO created with DEFER_BACKING gets
 * its memory at the first fault or bind.
 *
 * VRAM overcommit follows Xe's rules for a VM's own BOs. Creating one
 * never evicts the VM's other BOs: where only they hold the memory, the
 * new BO is left deferred. Binding it may evict them in a dma-fence VM
 * and in a faulting one (not with NO_VM_OVERCOMMIT); a GPU fault may in
 * any faulting VM. EXEC, and the rebind of a long-running VM without
 * faults, never do: they fail with -ENOMEM when the VM's BOs do not fit.
 *
 * TTM's eviction only trylocks the reservations of the BOs it could
 * evict, waits for one of them at most, and reports a lock it would have
 * to back off from as no room. So while other VMs hold their reservations
 * to validate, nothing of theirs can be evicted, and a validation can
 * fail with room to be had. As in Xe, every transaction that locks
 * reservations with a ticket does so inside a validation (&struct
 * vxe_validation), which shares &vxe_device.validation with the others;
 * one that found no room tries again once, holding it alone.
 *
 * PRIME export pins a BO in system memory and hands out its pages; a
 * VM-private BO cannot be exported. A dma-buf of another exporter is
 * imported as a BO over its (statically mapped) scatterlist, which the GPU
 * can map; as in Xe, the CPU cannot fault it in through vxe, and its
 * cache coherency is unknown, so it needs a coherent PAT index to be
 * bound.
 */

#include <kunit/visibility.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_ttm_helper.h>
#include <drm/drm_prime.h>
#include <drm/ttm/ttm_tt.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bo.h"
#include "vxe_device.h"
#include "vxe_hw.h"
#include "vxe_migrate.h"
#include "vxe_pagemap.h"
#include "vxe_pt_types.h"
#include "vxe_ttm_mgr.h"
#include "vxe_vm.h"

static const struct drm_gem_object_funcs vxe_gem_object_funcs;

static void vxe_bo_placement_init(struct vxe_bo *bo, u32 mem, bool deferred)
{
	unsigned int n = 0;

	if (deferred) {
		bo->places[n++] = (struct ttm_place) { .mem_type = TTM_PL_SYSTEM };
	} else {
		if (mem & VXE_MEM_VRAM)
			bo->places[n++] = (struct ttm_place) {
				.mem_type = TTM_PL_VRAM,
				.flags = bo->flags & VXE_BO_CONTIGUOUS ? TTM_PL_FLAG_CONTIGUOUS : 0,
			};
		if (mem & VXE_MEM_SYSTEM)
			bo->places[n++] = (struct ttm_place) { .mem_type = TTM_PL_TT };
	}
	bo->placement.num_placement = n;
	bo->placement.placement = bo->places;
}

/* TTM */

static struct ttm_tt *vxe_ttm_tt_create(struct ttm_buffer_object *tbo, u32 page_flags)
{
	struct vxe_bo *bo = to_vxe_bo(tbo);
	enum ttm_caching caching = bo->cpu_caching == DRM_XE_GEM_CPU_CACHING_WC ?
				   ttm_write_combined : ttm_cached;
	struct ttm_tt *tt;

	tt = kzalloc_obj(*tt);
	if (!tt)
		return NULL;
	/* A new owner never sees what the pages held before */
	if (ttm_sg_tt_init(tt, tbo, page_flags | TTM_TT_FLAG_ZERO_ALLOC, caching)) {
		kfree(tt);
		return NULL;
	}
	return tt;
}

static int vxe_ttm_tt_populate(struct ttm_device *bdev, struct ttm_tt *tt,
			       struct ttm_operation_ctx *ctx)
{
	/* An imported BO's pages are the exporter's, mapped for us already */
	if (tt->page_flags & TTM_TT_FLAG_EXTERNAL)
		return drm_prime_sg_to_dma_addr_array(tt->sg, tt->dma_address, tt->num_pages);
	return ttm_pool_alloc(&bdev->pool, tt, ctx);
}

static void vxe_ttm_tt_unpopulate(struct ttm_device *bdev, struct ttm_tt *tt)
{
	if (!(tt->page_flags & TTM_TT_FLAG_EXTERNAL))
		ttm_pool_free(&bdev->pool, tt);
}

static void vxe_ttm_tt_destroy(struct ttm_device *bdev, struct ttm_tt *tt)
{
	ttm_tt_fini(tt);
	kfree(tt);
}

static void vxe_ttm_evict_flags(struct ttm_buffer_object *tbo, struct ttm_placement *placement)
{
	static const struct ttm_place sys = { .mem_type = TTM_PL_SYSTEM };
	static const struct ttm_place tt = { .mem_type = TTM_PL_TT };
	static struct ttm_placement to_sys = { .num_placement = 1, .placement = &sys };
	static struct ttm_placement to_tt = { .num_placement = 1, .placement = &tt };

	/*
	 * VRAM goes to system memory the GPU can still reach; TT is swapped.
	 * An SVM BO's pages go back to system pages of their own: the BO
	 * itself needs none.
	 */
	if (to_vxe_bo(tbo)->flags & VXE_BO_SVM)
		*placement = to_sys;
	else
		*placement = tbo->resource->mem_type == TTM_PL_VRAM ? to_tt : to_sys;
}

/*
 * The device addresses of a resource of @bo, coalesced into contiguous
 * segments. Returns the count and a kvmalloc'ed array, or a negative errno.
 */
static int vxe_res_segs(struct vxe_bo *bo, struct ttm_resource *res, struct vxe_pt_seg **out)
{
	struct vxe_device *vxe = to_vxe_device(bo->ttm.base.dev);
	struct vxe_pt_seg *segs;
	unsigned long i, n = 0, count;
	struct ttm_tt *tt = bo->ttm.ttm;
	int ret;

	if (res->mem_type == TTM_PL_VRAM) {
		count = vxe_vram_res_count(res);
		segs = kvmalloc_objs(*segs, count);
		if (!segs)
			return -ENOMEM;
		ret = vxe_vram_res_segs(vxe, res, segs, count);
		if (ret < 0) {
			kvfree(segs);
			return ret;
		}
		*out = segs;
		return ret;
	}

	if (!tt || !ttm_tt_is_populated(tt) || !tt->dma_address)
		return -EINVAL;
	segs = kvmalloc_objs(*segs, tt->num_pages);
	if (!segs)
		return -ENOMEM;
	for (i = 0; i < tt->num_pages; i++) {
		if (n && segs[n - 1].dpa + segs[n - 1].len == tt->dma_address[i]) {
			segs[n - 1].len += PAGE_SIZE;
			continue;
		}
		segs[n].dpa = tt->dma_address[i];
		segs[n++].len = PAGE_SIZE;
	}
	*out = segs;
	return n;
}

/**
 * vxe_bo_segs() - where a BO's memory is, as device addresses
 * @bo: the BO, reserved and validated into VRAM or %TTM_PL_TT
 * @segs: set to a kvmalloc'ed array the caller kvfree()s
 *
 * Return: number of segments, or a negative errno.
 */
int vxe_bo_segs(struct vxe_bo *bo, struct vxe_pt_seg **segs)
{
	dma_resv_assert_held(bo->ttm.base.resv);
	return vxe_res_segs(bo, bo->ttm.resource, segs);
}

/* Copy (or with !src, clear) through the copy engine; returns the last fence */
static struct dma_fence *vxe_bo_copy(struct vxe_device *vxe, const struct vxe_pt_seg *dst,
				     int ndst, const struct vxe_pt_seg *src, int nsrc, u64 size)
{
	struct dma_fence *fence = NULL, *f;
	u64 doff = 0, soff = 0;
	int i = 0, j = 0;

	while (size && i < ndst && (!src || j < nsrc)) {
		u64 len = min(size, dst[i].len - doff);

		if (src)
			len = min(len, src[j].len - soff);
		/* One command moves at most 4 GiB; keep chunks well inside */
		len = min_t(u64, len, SZ_1G);
		f = src ? vxe_migrate_copy(vxe, dst[i].dpa + doff, src[j].dpa + soff, len) :
			  vxe_migrate_clear(vxe, dst[i].dpa + doff, len);
		if (IS_ERR(f)) {
			if (fence) {
				dma_fence_wait(fence, false);
				dma_fence_put(fence);
			}
			return f;
		}
		dma_fence_put(fence);
		fence = f;

		size -= len;
		doff += len;
		if (doff == dst[i].len) {
			i++;
			doff = 0;
		}
		if (src) {
			soff += len;
			if (soff == src[j].len) {
				j++;
				soff = 0;
			}
		}
	}

	return fence ?: dma_fence_get_stub();
}

/*
 * Drop the memory of a BO marked DONTNEED instead of moving it: its GPU
 * mappings were zapped, TTM unmapped its CPU ones, and nothing maps it
 * again. The eviction's new resource is not used.
 */
static int vxe_bo_purge(struct vxe_bo *bo, struct ttm_operation_ctx *ctx,
			struct ttm_resource **new_mem)
{
	struct ttm_placement none = {};
	int ret;

	ret = ttm_bo_wait_ctx(&bo->ttm, ctx);
	if (ret)
		return ret;
	if (bo->ttm.resource && bo->ttm.resource->mem_type == TTM_PL_SYSTEM)
		vxe_vm_bo_move_notify(bo);
	ret = ttm_bo_validate(&bo->ttm, &none, ctx);
	if (ret)
		return ret;
	ttm_resource_free(&bo->ttm, new_mem);
	WRITE_ONCE(bo->madv, VXE_BO_PURGED);
	return 0;
}

static int vxe_ttm_move(struct ttm_buffer_object *tbo, bool evict, struct ttm_operation_ctx *ctx,
			struct ttm_resource *new_mem, struct ttm_place *hop)
{
	struct vxe_device *vxe = to_vxe_device(tbo->base.dev);
	struct vxe_bo *bo = to_vxe_bo(tbo);
	struct ttm_resource *old = tbo->resource;
	u32 old_type = old ? old->mem_type : TTM_PL_SYSTEM;
	bool has_pages = tbo->ttm && ttm_tt_is_populated(tbo->ttm);
	struct vxe_pt_seg *src = NULL, *dst = NULL;
	int nsrc = 0, ndst, ret;
	struct dma_fence *fence;

	/*
	 * No engine may reach the old copy once it starts to go away: the
	 * jobs that use it end first (their fences are in its reservation),
	 * then its mappings are zapped.
	 */
	if (old && old_type != TTM_PL_SYSTEM) {
		ret = ttm_bo_wait_ctx(tbo, ctx);
		if (ret)
			return ret;
		vxe_vm_bo_move_notify(bo);
	}

	/* User space said it does not need the memory: evicted, it goes */
	if (evict && bo->madv == VXE_BO_DONTNEED && !(bo->flags & VXE_BO_SVM))
		return vxe_bo_purge(bo, ctx, &new_mem);

	/* Out of VRAM, an SVM BO's data goes with its pages, by drm_pagemap */
	if ((bo->flags & VXE_BO_SVM) && old_type == TTM_PL_VRAM) {
		ret = vxe_pagemap_evict(bo);
		if (ret)
			return ret;
		ttm_bo_move_null(tbo, new_mem);
		return 0;
	}

	if (new_mem->mem_type != TTM_PL_VRAM && old_type != TTM_PL_VRAM) {
		/* Between system placements the pages stay where they are */
		ret = ttm_bo_wait_ctx(tbo, ctx);
		if (ret)
			return ret;
		ttm_bo_move_null(tbo, new_mem);
		return 0;
	}

	if (new_mem->mem_type == TTM_PL_SYSTEM) {
		/* Out of VRAM into pages: through TT, which has them */
		*hop = (struct ttm_place) { .mem_type = TTM_PL_TT, .flags = TTM_PL_FLAG_TEMPORARY };
		return -EMULTIHOP;
	}

	ret = ttm_bo_wait_ctx(tbo, ctx);
	if (ret)
		return ret;

	ndst = vxe_res_segs(bo, new_mem, &dst);
	if (ndst < 0)
		return ndst;
	if (old_type == TTM_PL_VRAM || has_pages) {
		nsrc = vxe_res_segs(bo, old, &src);
		if (nsrc < 0) {
			ret = nsrc;
			goto out;
		}
	}

	fence = vxe_bo_copy(vxe, dst, ndst, src, nsrc, tbo->base.size);
	if (IS_ERR(fence)) {
		ret = PTR_ERR(fence);
		goto out;
	}
	if (old) {
		ret = ttm_bo_move_accel_cleanup(tbo, fence, evict, true, new_mem);
	} else {
		/* A new BO: nothing to free, just wait for the clear */
		dma_resv_add_fence(tbo->base.resv, fence, DMA_RESV_USAGE_KERNEL);
		ttm_bo_move_null(tbo, new_mem);
	}
	dma_fence_put(fence);
out:
	kvfree(src);
	kvfree(dst);
	return ret;
}

static int vxe_ttm_io_mem_reserve(struct ttm_device *bdev, struct ttm_resource *mem)
{
	struct vxe_device *vxe = container_of(bdev, struct vxe_device, ttm);

	if (mem->mem_type != TTM_PL_VRAM)
		return 0;

	/*
	 * The VRAM window is cacheable kernel memory, not a BAR: map it
	 * cached, page by page through io_mem_pfn, linearly only when the
	 * resource is contiguous.
	 */
	mem->bus.is_iomem = true;
	mem->bus.caching = ttm_cached;
	if (mem->placement & TTM_PL_FLAG_CONTIGUOUS)
		mem->bus.addr = vxe_hw_vram_window(vxe->hw) + ((u64)mem->start << PAGE_SHIFT);
	return 0;
}

static unsigned long vxe_ttm_io_mem_pfn(struct ttm_buffer_object *tbo, unsigned long page_offset)
{
	struct vxe_device *vxe = to_vxe_device(tbo->base.dev);
	struct vxe_vram_res *vres = to_vxe_vram_res(tbo->resource);
	u64 offset = (u64)page_offset << PAGE_SHIFT;
	struct gpu_buddy_block *block;

	list_for_each_entry(block, &vres->blocks, link) {
		u64 size = gpu_buddy_block_size(&vxe->vram_mgr.mm, block);

		if (offset < size)
			return vmalloc_to_pfn(vxe_hw_vram_window(vxe->hw) +
					      gpu_buddy_block_offset(block) + offset);
		offset -= size;
	}
	/* Not reached: the fault path checks the offset against the size */
	return 0;
}

static void vxe_ttm_bo_destroy(struct ttm_buffer_object *tbo)
{
	struct vxe_bo *bo = to_vxe_bo(tbo);

	if (bo->vm_obj)
		drm_gem_object_put(bo->vm_obj);
	if (tbo->base.import_attach)
		drm_prime_gem_destroy(&tbo->base, tbo->sg);
	drm_gem_object_release(&tbo->base);
	kfree(bo);
}

static const struct ttm_device_funcs vxe_ttm_funcs = {
	.ttm_tt_create = vxe_ttm_tt_create,
	.ttm_tt_populate = vxe_ttm_tt_populate,
	.ttm_tt_unpopulate = vxe_ttm_tt_unpopulate,
	.ttm_tt_destroy = vxe_ttm_tt_destroy,
	.eviction_valuable = ttm_bo_eviction_valuable,
	.evict_flags = vxe_ttm_evict_flags,
	.move = vxe_ttm_move,
	.io_mem_reserve = vxe_ttm_io_mem_reserve,
	.io_mem_pfn = vxe_ttm_io_mem_pfn,
};

/**
 * vxe_validation_begin() - begin a transaction that locks reservations
 * @val: the validation, with @val->vxe set
 * @interruptible: whether waiting for the others may be interrupted
 *
 * Context: before the transaction's first reservation lock; not inside
 * another validation.
 * Return: 0, or -EINTR when interrupted.
 */
int vxe_validation_begin(struct vxe_validation *val, bool interruptible)
{
	struct rw_semaphore *sem = &val->vxe->validation;
	int ret = 0;

	if (val->exclusive && interruptible)
		ret = down_write_killable(sem);
	else if (val->exclusive)
		down_write(sem);
	else if (interruptible)
		ret = down_read_interruptible(sem);
	else
		down_read(sem);
	if (ret)
		return -EINTR;
	val->held_exclusive = val->exclusive;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_validation_begin);

/**
 * vxe_validation_end() - end it, after its reservations are unlocked
 * @val: the validation
 */
void vxe_validation_end(struct vxe_validation *val)
{
	if (val->held_exclusive)
		up_write(&val->vxe->validation);
	else
		up_read(&val->vxe->validation);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_validation_end);

/**
 * vxe_validation_retry() - whether to try a failed validation again
 * @val: the validation
 * @err: what it failed with
 *
 * A validation that found no room (-ENOMEM) while sharing the device is
 * tried once more alone: its next vxe_validation_begin() waits until no
 * other transaction holds reservations, so that TTM may evict anything
 * that is not pinned or in use by this one.
 *
 * Return: true if it should begin again.
 */
bool vxe_validation_retry(struct vxe_validation *val, int err)
{
	if (err != -ENOMEM || val->exclusive)
		return false;
	val->exclusive = true;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_validation_retry);

/**
 * vxe_bo_device_init() - set up TTM and the memory managers
 * @vxe: the device, with its migration context running
 *
 * Return: 0 or a negative errno.
 */
int vxe_bo_device_init(struct vxe_device *vxe)
{
	int ret;

	init_rwsem(&vxe->validation);
	ret = ttm_device_init(&vxe->ttm, &vxe_ttm_funcs, vxe->drm.dev,
			      vxe->drm.anon_inode->i_mapping, vxe->drm.vma_offset_manager,
			      TTM_ALLOCATION_POOL_BENEFICIAL_ORDER(get_order(SZ_2M)));
	if (ret)
		return ret;

	vxe_sys_mgr_init(vxe);
	if (vxe_device_has_vram(vxe)) {
		ret = vxe_vram_mgr_init(vxe);
		if (ret) {
			vxe_sys_mgr_fini(vxe);
			ttm_device_fini(&vxe->ttm);
			return ret;
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_bo_device_init);

/**
 * vxe_bo_device_fini() - evict everything and tear TTM down
 * @vxe: the device
 */
void vxe_bo_device_fini(struct vxe_device *vxe)
{
	if (vxe_device_has_vram(vxe))
		vxe_vram_mgr_fini(vxe);
	vxe_sys_mgr_fini(vxe);
	ttm_device_fini(&vxe->ttm);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_bo_device_fini);

/* A BO and its GEM object, before TTM knows of it */
static struct vxe_bo *vxe_bo_alloc(struct vxe_device *vxe, u64 size, u32 mem, u32 flags,
				   u16 cpu_caching)
{
	struct vxe_bo *bo = kzalloc_obj(*bo);

	if (!bo)
		return NULL;
	bo->mem = mem;
	bo->flags = flags;
	bo->cpu_caching = cpu_caching;
	vxe_bo_placement_init(bo, mem, flags & VXE_BO_DEFER_BACKING);
	bo->ttm.base.funcs = &vxe_gem_object_funcs;
	drm_gem_private_object_init(&vxe->drm, &bo->ttm.base, size);
	return bo;
}

/**
 * vxe_bo_create() - create a buffer object
 * @vxe: the device
 * @vm_obj: for a VM-private BO, the VM's reservation object; else NULL
 * @size: bytes, page aligned
 * @mem: &VXE_MEM_SYSTEM and/or &VXE_MEM_VRAM
 * @flags: &enum vxe_bo_flags
 * @cpu_caching: DRM_XE_GEM_CPU_CACHING_*
 *
 * A VM-private BO that cannot have its memory without evicting its VM's
 * other BOs is created as if with %VXE_BO_DEFER_BACKING.
 *
 * Context: with @vm_obj, its reservation must be held.
 * Return: the BO, with one reference, or an ERR_PTR().
 */
struct vxe_bo *vxe_bo_create(struct vxe_device *vxe, struct drm_gem_object *vm_obj,
			     u64 size, u32 mem, u32 flags, u16 cpu_caching)
{
	struct ttm_operation_ctx ctx = { .interruptible = true };
	bool backed = !(flags & VXE_BO_DEFER_BACKING);
	struct vxe_bo *bo;
	int ret;

	/* Only kernel BOs in VRAM alone may ask for contiguous memory */
	if (WARN_ON((flags & VXE_BO_CONTIGUOUS) && mem != VXE_MEM_VRAM))
		flags &= ~VXE_BO_CONTIGUOUS;
	/* A VM-private BO is validated after init, see below */
	if (vm_obj)
		flags |= VXE_BO_DEFER_BACKING;
	bo = vxe_bo_alloc(vxe, size, mem, flags, cpu_caching);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	if (vm_obj) {
		dma_resv_assert_held(vm_obj->resv);
		drm_gem_object_get(vm_obj);
		bo->vm_obj = vm_obj;
	}

	/* On failure TTM calls vxe_ttm_bo_destroy() */
	ret = ttm_bo_init_reserved(&vxe->ttm, &bo->ttm, ttm_bo_type_device, &bo->placement,
				   0, &ctx, NULL, vm_obj ? vm_obj->resv : NULL,
				   vxe_ttm_bo_destroy);
	if (ret)
		return ERR_PTR(ret);
	if (!vm_obj) {
		dma_resv_unlock(bo->ttm.base.resv);
		return bo;
	}

	/*
	 * Memory that only the VM's own BOs hold is not taken from them
	 * here: a BO that gets none (or is interrupted) stays deferred, and
	 * gets its memory when first used, under the VM's overcommit policy
	 * (vxe_vm_may_evict_own()).
	 */
	if (backed)
		vxe_bo_validate(bo, NULL, true);
	return bo;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_bo_create);

/**
 * vxe_bo_put() - drop a reference
 * @bo: the BO
 */
void vxe_bo_put(struct vxe_bo *bo)
{
	drm_gem_object_put(&bo->ttm.base);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_bo_put);

/**
 * vxe_bo_validate() - give a BO its memory, in its preferred placement
 * @bo: the BO, reserved
 * @vm_resv: a VM's reservation, held, whose own BOs may be evicted to make
 *	room; NULL to leave them where they are
 * @interruptible: whether waits may be interrupted
 *
 * A deferred BO gets its real placement here, on first use; if there is
 * no room for it, it stays deferred. The BOs of the VM that validates are
 * not evicted unless @vm_resv is the VM's: that is the VM's overcommit
 * policy (vxe_vm_may_evict_own()), as Xe's.
 *
 * Return: 0 or a negative errno: -ENOMEM or -ENOSPC when there is no room.
 */
int vxe_bo_validate(struct vxe_bo *bo, struct dma_resv *vm_resv, bool interruptible)
{
	struct ttm_operation_ctx ctx = {
		.interruptible = interruptible,
		.resv = vm_resv,
		.allow_res_evict = !!vm_resv,
	};
	bool deferred = bo->flags & VXE_BO_DEFER_BACKING;
	int ret;

	dma_resv_assert_held(bo->ttm.base.resv);
	/* Memory given back stays given back */
	if (bo->madv == VXE_BO_PURGED)
		return -EINVAL;
	if (deferred) {
		vxe_bo_placement_init(bo, bo->mem, false);
		bo->flags &= ~VXE_BO_DEFER_BACKING;
	}
	if (bo->ttm.resource && bo->ttm.resource->mem_type != TTM_PL_SYSTEM &&
	    ttm_resource_compatible(bo->ttm.resource, &bo->placement, false))
		return 0;
	ret = ttm_bo_validate(&bo->ttm, &bo->placement, &ctx);
	if (ret && deferred) {
		bo->flags |= VXE_BO_DEFER_BACKING;
		vxe_bo_placement_init(bo, bo->mem, true);
	}
	/* Larger than the memory: no room, as a full one would say */
	return ret == -E2BIG ? -ENOSPC : ret;
}

/* GEM */

static void vxe_gem_object_free(struct drm_gem_object *obj)
{
	ttm_bo_fini(&gem_to_vxe_bo(obj)->ttm);
}

/*
 * A deferred BO touched by the CPU gets its memory now. A VM-private one
 * may take it from its VM's other BOs, as it could have at creation.
 */
static int vxe_bo_cpu_validate(struct vxe_bo *bo)
{
	return vxe_bo_validate(bo, bo->vm_obj ? bo->vm_obj->resv : NULL, true);
}

static vm_fault_t vxe_bo_cpu_fault(struct vm_fault *vmf)
{
	struct ttm_buffer_object *tbo = vmf->vma->vm_private_data;
	struct drm_device *drm = tbo->base.dev;
	vm_fault_t ret;
	int idx;

	ret = ttm_bo_vm_reserve(tbo, vmf);
	if (ret)
		return ret;

	if (drm_dev_enter(drm, &idx)) {
		/* No pages to insert: they belong to the exporter (as in Xe) */
		if (tbo->type == ttm_bo_type_sg)
			ret = VM_FAULT_SIGBUS;
		/* Its memory may be gone, or is: touching it is a bug (as Xe) */
		else if (vxe_bo_purgeable(to_vxe_bo(tbo)))
			ret = VM_FAULT_SIGBUS;
		else if ((to_vxe_bo(tbo)->flags & VXE_BO_DEFER_BACKING) &&
			 vxe_bo_cpu_validate(to_vxe_bo(tbo)))
			ret = VM_FAULT_SIGBUS;
		else
			ret = ttm_bo_vm_fault_reserved(vmf, vmf->vma->vm_page_prot,
						       TTM_BO_VM_NUM_PREFAULT);
		drm_dev_exit(idx);
	} else {
		ret = ttm_bo_vm_dummy_page(vmf, vmf->vma->vm_page_prot);
	}

	if (ret == VM_FAULT_RETRY && !(vmf->flags & FAULT_FLAG_RETRY_NOWAIT))
		return ret;
	dma_resv_unlock(tbo->base.resv);
	return ret;
}

static const struct vm_operations_struct vxe_gem_vm_ops = {
	.fault = vxe_bo_cpu_fault,
	.open = ttm_bo_vm_open,
	.close = ttm_bo_vm_close,
	.access = ttm_bo_vm_access,
};

/* Exported BOs live in system memory while attached */
static int vxe_gem_pin(struct drm_gem_object *obj)
{
	static const struct ttm_place tt = { .mem_type = TTM_PL_TT };
	struct ttm_placement placement = { .num_placement = 1, .placement = &tt };
	struct ttm_operation_ctx ctx = { .interruptible = true };
	struct vxe_bo *bo = gem_to_vxe_bo(obj);
	int ret;

	if (bo->flags & VXE_BO_DEFER_BACKING)
		bo->flags &= ~VXE_BO_DEFER_BACKING;
	ret = ttm_bo_validate(&bo->ttm, &placement, &ctx);
	if (ret)
		return ret;
	ttm_bo_pin(&bo->ttm);
	return 0;
}

static void vxe_gem_unpin(struct drm_gem_object *obj)
{
	ttm_bo_unpin(&gem_to_vxe_bo(obj)->ttm);
}

static struct sg_table *vxe_gem_get_sg_table(struct drm_gem_object *obj)
{
	struct ttm_tt *tt = gem_to_vxe_bo(obj)->ttm.ttm;

	if (!tt || !ttm_tt_is_populated(tt))
		return ERR_PTR(-EINVAL);
	return drm_prime_pages_to_sg(obj->dev, tt->pages, tt->num_pages);
}

static struct dma_buf *vxe_gem_prime_export(struct drm_gem_object *obj, int flags)
{
	struct vxe_bo *bo = gem_to_vxe_bo(obj);
	int ret;

	/* Only its VM may map a VM-private BO */
	if (bo->vm_obj)
		return ERR_PTR(-EPERM);
	ret = vxe_bo_check_madv(bo);
	if (ret)
		return ERR_PTR(ret);
	return drm_gem_prime_export(obj, flags);
}

/* As Xe: no new CPU mapping of memory that may be gone, or is */
static int vxe_gem_mmap(struct drm_gem_object *obj, struct vm_area_struct *vma)
{
	int ret = vxe_bo_check_madv(gem_to_vxe_bo(obj));

	return ret ?: drm_gem_ttm_mmap(obj, vma);
}

static const struct drm_gem_object_funcs vxe_gem_object_funcs = {
	.free = vxe_gem_object_free,
	.print_info = drm_gem_ttm_print_info,
	.pin = vxe_gem_pin,
	.unpin = vxe_gem_unpin,
	.get_sg_table = vxe_gem_get_sg_table,
	.export = vxe_gem_prime_export,
	.mmap = vxe_gem_mmap,
	.vm_ops = &vxe_gem_vm_ops,
};

/**
 * vxe_gem_prime_import_sg_table() - a BO over another exporter's dma-buf
 * @drm: the device
 * @attach: our attachment to the dma-buf
 * @sgt: its pages, mapped for our device
 *
 * Return: the GEM object, or an ERR_PTR().
 */
struct drm_gem_object *vxe_gem_prime_import_sg_table(struct drm_device *drm,
						     struct dma_buf_attachment *attach,
						     struct sg_table *sgt)
{
	struct ttm_operation_ctx ctx = { .interruptible = true };
	struct dma_resv *resv = attach->dmabuf->resv;
	struct vxe_device *vxe = to_vxe_device(drm);
	struct vxe_bo *bo;
	int ret;

	if (!PAGE_ALIGNED(attach->dmabuf->size))
		return ERR_PTR(-EINVAL);

	/* No CPU caching of ours: the exporter's is unknown */
	bo = vxe_bo_alloc(vxe, attach->dmabuf->size, VXE_MEM_SYSTEM, 0, 0);
	if (!bo)
		return ERR_PTR(-ENOMEM);

	/* On failure TTM calls vxe_ttm_bo_destroy(), before import_attach is set */
	dma_resv_lock(resv, NULL);
	ret = ttm_bo_init_reserved(&vxe->ttm, &bo->ttm, ttm_bo_type_sg, &bo->placement, 0,
				   &ctx, sgt, resv, vxe_ttm_bo_destroy);
	dma_resv_unlock(resv);
	return ret ? ERR_PTR(ret) : &bo->ttm.base;
}

/* Ioctls */

#define VXE_GEM_CREATE_FLAGS	(DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING | \
				 DRM_XE_GEM_CREATE_FLAG_SCANOUT | \
				 DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM | \
				 DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION)

static u64 vxe_gem_region_max(struct vxe_device *vxe, u32 placement)
{
	u64 max = 0;

	if (placement & VXE_MEM_SYSTEM)
		max = vxe->sys_mgr.size;
	if (placement & VXE_MEM_VRAM)
		max = max_t(u64, max, vxe->info.vram_size);
	return max;
}

static int vxe_gem_create_check(struct vxe_device *vxe, const struct drm_xe_gem_create *args)
{
	u32 regions = VXE_MEM_SYSTEM | (vxe_device_has_vram(vxe) ? VXE_MEM_VRAM : 0);

	if (args->pad[0] || args->pad[1] || args->pad[2] ||
	    args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (!args->placement || args->placement & ~regions)
		return -EINVAL;
	if (args->flags & ~VXE_GEM_CREATE_FLAGS)
		return -EINVAL;
	if (args->handle)
		return -EINVAL;
	if (!args->size || args->size > SIZE_MAX || !PAGE_ALIGNED(args->size))
		return -EINVAL;
	if ((args->flags & DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM) &&
	    !(args->placement & VXE_MEM_VRAM))
		return -EINVAL;
	if (!args->cpu_caching || args->cpu_caching > DRM_XE_GEM_CPU_CACHING_WC)
		return -EINVAL;
	/* VRAM is reached as a device aperture would be: write-combined */
	if ((args->placement & VXE_MEM_VRAM) && args->cpu_caching != DRM_XE_GEM_CPU_CACHING_WC)
		return -EINVAL;
	if ((args->flags & DRM_XE_GEM_CREATE_FLAG_SCANOUT) &&
	    args->cpu_caching == DRM_XE_GEM_CPU_CACHING_WB)
		return -EINVAL;
	/* VRAM pages are mapped no smaller than the device's minimum */
	if ((args->placement & VXE_MEM_VRAM) &&
	    !IS_ALIGNED(args->size, vxe_device_min_alignment(vxe)))
		return -EINVAL;
	/* Larger than any allowed region can ever hold: only deferred is OK */
	if (!(args->flags & DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING) &&
	    args->size > vxe_gem_region_max(vxe, args->placement))
		return -ENOSPC;
	return 0;
}

static int vxe_gem_create_extensions(u64 extensions)
{
	struct drm_xe_ext_set_property ext;
	unsigned int n;

	/*
	 * The one extension Xe defines selects PXP protection, which the
	 * virtual device does not have: "none" is accepted, HWDRM is not
	 * available (-ENODEV), as on a part without PXP.
	 */
	for (n = 0; extensions; n++) {
		if (n >= 16)
			return -E2BIG;
		if (copy_from_user(&ext, u64_to_user_ptr(extensions), sizeof(ext)))
			return -EFAULT;
		/* As Xe, which does not look at @reserved */
		if (ext.base.name != DRM_XE_GEM_CREATE_EXTENSION_SET_PROPERTY || ext.base.pad ||
		    ext.pad || ext.property != DRM_XE_GEM_CREATE_SET_PROPERTY_PXP_TYPE)
			return -EINVAL;
		if (ext.value == DRM_XE_PXP_TYPE_HWDRM)
			return -ENODEV;
		if (ext.value != DRM_XE_PXP_TYPE_NONE)
			return -EINVAL;
		extensions = ext.base.next_extension;
	}
	return 0;
}

/**
 * vxe_gem_create_ioctl() - DRM_IOCTL_XE_GEM_CREATE
 * @drm: the device
 * @data: &struct drm_xe_gem_create
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's.
 */
int vxe_gem_create_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct vxe_device *vxe = to_vxe_device(drm);
	struct vxe_validation val = { .vxe = vxe };
	struct drm_xe_gem_create *args = data;
	struct drm_gem_object *vm_obj = NULL;
	struct vxe_vm *vm = NULL;
	struct vxe_bo *bo;
	u32 flags = VXE_BO_USER, handle;
	int ret;

	ret = vxe_gem_create_check(vxe, args);
	if (ret)
		return ret;

	if (args->flags & DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING)
		flags |= VXE_BO_DEFER_BACKING;
	if (args->flags & DRM_XE_GEM_CREATE_FLAG_SCANOUT)
		flags |= VXE_BO_SCANOUT;
	if (args->flags & DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION)
		flags |= VXE_BO_NO_COMPRESSION;

	if (args->vm_id) {
		vm = vxe_vm_lookup(file, args->vm_id);
		if (!vm)
			return -ENOENT;
	}
	/* Xe applies extensions after the VM lookup (and creation) */
	ret = vxe_gem_create_extensions(args->extensions);
	if (ret)
		goto out_vm;

	if (vm)
		vm_obj = vxe_vm_resv_obj(vm);
	do {
		ret = vxe_validation_begin(&val, true);
		if (ret)
			goto out_vm;
		if (vm_obj)
			ret = dma_resv_lock_interruptible(vm_obj->resv, NULL);
		bo = ret ? ERR_PTR(ret) : vxe_bo_create(vxe, vm_obj, args->size, args->placement,
							flags, args->cpu_caching);
		if (vm_obj && !ret)
			dma_resv_unlock(vm_obj->resv);
		vxe_validation_end(&val);
	} while (IS_ERR(bo) && vxe_validation_retry(&val, PTR_ERR(bo)));
	if (IS_ERR(bo)) {
		ret = PTR_ERR(bo);
		goto out_vm;
	}

	ret = drm_gem_handle_create(file, &bo->ttm.base, &handle);
	vxe_bo_put(bo);
	if (!ret)
		args->handle = handle;
out_vm:
	if (vm)
		vxe_vm_put(vm);
	return ret;
}

/**
 * vxe_gem_mmap_offset_ioctl() - DRM_IOCTL_XE_GEM_MMAP_OFFSET
 * @drm: the device
 * @data: &struct drm_xe_gem_mmap_offset
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's. There is no PCI BAR, so the PCI
 * barrier page is refused as Xe refuses it on integrated parts.
 */
int vxe_gem_mmap_offset_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct drm_xe_gem_mmap_offset *args = data;
	struct drm_gem_object *obj;

	if (args->extensions || args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (args->flags & ~DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER)
		return -EINVAL;
	if (args->flags & DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER)
		return -EINVAL;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	args->offset = drm_vma_node_offset_addr(&obj->vma_node);
	drm_gem_object_put(obj);
	return 0;
}

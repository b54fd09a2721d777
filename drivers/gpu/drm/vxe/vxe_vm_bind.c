// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: VM_BIND
 *
 * DRM_IOCTL_XE_VM_BIND applies an array of operations (MAP, UNMAP,
 * MAP_USERPTR, UNMAP_ALL, PREFETCH) to one VM as a single change: either
 * all of them take effect or none does. It runs in five steps, all under
 * &vxe_vm.lock held for write:
 *
 * 1. VA bookkeeping. Each operation goes through drm_gpuvm's split/merge
 *    (drm_gpuvm_sm_map(), drm_gpuvm_sm_unmap()); its callbacks create the
 *    new &struct vxe_vma and remove the old ones from the tree right away,
 *    so that the next operation sees the result, and log every change.
 * 2. Userptr pages are obtained (before any reservation: the mmap lock
 *    comes first), then the VM's reservation and those of every BO
 *    involved are taken with drm_exec.
 * 3. Prepare: BOs get their memory (a deferred or evicted BO is validated,
 *    PREFETCH moves it; still in drm_exec's locking loop, as eviction may
 *    take more reservations with its ticket, which it may not do after
 *    the loop's ww_acquire_done()) and the page-table update is prepared:
 *    unmaps of removed mappings, then maps of new ones. Page tables are
 *    allocated here; nothing the GPU sees has changed.
 * 4. Commit under the gpusvm notifier lock, once no userptr involved has
 *    been invalidated meanwhile (else everything is dropped and step 2
 *    starts over); then the TLB forgets what was unmapped, and the tables
 *    left empty are freed.
 * 5. New VMAs are linked to their BOs; removed ones are destroyed.
 *
 * A failure in steps 1 to 4 replays the log backwards and frees what was
 * prepared: the VM is as before. A bind that must wait for fences (see
 * "deferred binds") commits in step 4 without writing entries, and its job
 * writes them later; its out-syncs signal then. Otherwise the bind is
 * complete when the ioctl returns.
 *
 * In a VM in fault mode, a MAP without DRM_XE_VM_BIND_FLAG_IMMEDIATE only
 * creates the VMA: its page tables are written by the fault handler on the
 * GPU's first access (vxe_vm_rebind()). Elsewhere every bind is immediate.
 */

#include <linux/dma-resv.h>
#include <linux/nospec.h>
#include <linux/slab.h>

#include <kunit/static_stub.h>
#include <kunit/visibility.h>

#include <drm/drm_exec.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bind_job.h"
#include "vxe_bo.h"
#include "vxe_device.h"
#include "vxe_exec_queue.h"
#include "vxe_pat.h"
#include "vxe_pt.h"
#include "vxe_svm.h"
#include "vxe_sync.h"
#include "vxe_tlb_inval.h"
#include "vxe_userptr.h"
#include "vxe_vm.h"
#include "vxe_vm_bind.h"

/*
 * With CONFIG_DRM_VXE_DEBUG, as Xe with CONFIG_DRM_XE_DEBUG: a bind with
 * this flag on any operation fails with -ENOSPC after locking, after
 * preparing its BOs or after preparing its page tables, in turn, so that
 * user space can check that a failed bind leaves the VM as it was.
 */
#if IS_ENABLED(CONFIG_DRM_VXE_DEBUG)
#define VXE_BIND_FLAG_INJECT_ERROR	BIT(31)
#else
#define VXE_BIND_FLAG_INJECT_ERROR	0
#endif

enum vxe_bind_inject {
	VXE_BIND_INJECT_NONE = -1,
	VXE_BIND_INJECT_LOCK,
	VXE_BIND_INJECT_VALIDATE,
	VXE_BIND_INJECT_PREPARE,
	VXE_BIND_INJECT_COUNT,
};

#define VXE_BIND_FLAGS	(DRM_XE_VM_BIND_FLAG_READONLY | DRM_XE_VM_BIND_FLAG_IMMEDIATE | \
			 DRM_XE_VM_BIND_FLAG_NULL | DRM_XE_VM_BIND_FLAG_DUMPABLE | \
			 DRM_XE_VM_BIND_FLAG_CHECK_PXP | \
			 DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR | \
			 DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET | VXE_BIND_FLAG_INJECT_ERROR)

/* One change to the VA tree, for unwinding */
struct vxe_bind_log {
	struct list_head link;
	struct vxe_vma *vma;
	bool insert;
};

/* One bind ioctl */
struct vxe_bind {
	struct vxe_vm *vm;
	/* the operation the gpuvm callbacks are working for */
	const struct drm_xe_vm_bind_op *op;
	struct list_head log;
	struct list_head vmas;
	/* a rebind of what was zapped: a userptr that cannot be had is left out */
	bool rebind;
	/* validation may evict the VM's own BOs (vxe_vm_may_evict_own()) */
	bool evict_own;
	/* the caller's validation, held throughout; NULL for one per try */
	struct vxe_validation *val;
	/* where to fail with -ENOSPC, an &enum vxe_bind_inject */
	int inject;
	/* for VM_BIND: its queue, whose lock is held; NULL for a rebind */
	struct vxe_exec_queue *q;
	/* its syncs */
	const struct vxe_sync *syncs;
	u32 num_syncs;
	/* the caller's client id */
	u64 client_id;
	/* the bind deferred to a job, from step 4 on */
	struct vxe_bind_job *job;
	/* out: the fence of a deferred bind; NULL when done */
	struct dma_fence *fence;
};

/* &vxe_vma.bind.region of a rebind: wherever validation leaves the BO */
#define VXE_BIND_REGION_KEEP	(-2)

/**
 * vxe_vma_alloc() - a new VMA, not in any VM yet
 * @flags: &enum vxe_vma_flags
 * @pat_index: its PAT index, also the default madvise may go back to
 *
 * Return: the VMA with default attributes, or NULL.
 */
struct vxe_vma *vxe_vma_alloc(u32 flags, u16 pat_index)
{
	struct vxe_vma *vma;

	KUNIT_STATIC_STUB_REDIRECT(vxe_vma_alloc, flags, pat_index);

	vma = kzalloc_obj(*vma);
	if (!vma)
		return NULL;
	vma->flags = flags;
	vma->attr.pat_index = pat_index;
	vma->attr.default_pat_index = pat_index;
	vma->bind.region = -1;
	INIT_LIST_HEAD(&vma->bind.link);
	return vma;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_vma_alloc);

/**
 * vxe_vma_destroy() - free a VMA taken out of its VM
 * @vm: the VM
 * @vma: the VMA, removed from the tree and from the page tables (or the
 *	VM's ASID disabled); its BO's reservation held
 */
void vxe_vma_destroy(struct vxe_vm *vm, struct vxe_vma *vma)
{
	vxe_vma_unlink(vma);
	vxe_vma_free(vm, vma);
}

/**
 * vxe_vma_unlink() - detach a VMA taken out of its VM from its BO
 * @vma: the VMA; its BO's reservation held
 */
void vxe_vma_unlink(struct vxe_vma *vma)
{
	if (vma->gpuva.vm_bo)
		drm_gpuva_unlink(&vma->gpuva);
	if (vma->vm_bo)
		drm_gpuvm_bo_put(vma->vm_bo);
	vma->vm_bo = NULL;
}

/**
 * vxe_vma_free() - free a VMA detached with vxe_vma_unlink()
 * @vm: the VM
 * @vma: the VMA, which the page tables no longer map
 */
void vxe_vma_free(struct vxe_vm *vm, struct vxe_vma *vma)
{
	if (vma->flags & VXE_VMA_USERPTR)
		vxe_userptr_fini(vm, vma);
	kvfree(vma->bind.segs);
	kfree(vma);
}

/**
 * vxe_bo_madv_update() - work out whether a BO may be purged
 * @bo: the BO, reserved
 *
 * As Xe: a BO may be purged once every mapping of it, in any VM, is
 * marked DRM_XE_VMA_PURGEABLE_STATE_DONTNEED, and never when it is
 * shared with other devices. One that was purged stays purged.
 */
void vxe_bo_madv_update(struct vxe_bo *bo)
{
	struct drm_gem_object *obj = &bo->ttm.base;
	struct drm_gpuvm_bo *vm_bo;
	bool any = false, dontneed = true;
	struct drm_gpuva *va;

	dma_resv_assert_held(obj->resv);
	if (bo->madv == VXE_BO_PURGED)
		return;
	drm_gem_for_each_gpuvm_bo(vm_bo, obj) {
		drm_gpuvm_bo_for_each_va(va, vm_bo) {
			any = true;
			if (gpuva_to_vxe_vma(va)->attr.purgeable !=
			    DRM_XE_VMA_PURGEABLE_STATE_DONTNEED)
				dontneed = false;
		}
	}
	if (obj->import_attach || obj->dma_buf)
		dontneed = false;
	WRITE_ONCE(bo->madv, any && dontneed ? VXE_BO_DONTNEED : VXE_BO_WILLNEED);
}

static void vxe_bind_list(struct vxe_bind *b, struct vxe_vma *vma)
{
	if (vma->bind.listed)
		return;
	vma->bind.listed = true;
	list_add_tail(&vma->bind.link, &b->vmas);
}

static struct vxe_bind_log *vxe_bind_log_alloc(void)
{
	return kzalloc_obj(struct vxe_bind_log);
}

static void vxe_bind_log_add(struct vxe_bind *b, struct vxe_bind_log *e,
			     struct vxe_vma *vma, bool insert)
{
	e->vma = vma;
	e->insert = insert;
	list_add_tail(&e->link, &b->log);
	if (insert)
		vma->bind.created = true;
	else
		vma->bind.removed = true;
	vxe_bind_list(b, vma);
}

static u32 vxe_bind_vma_flags(const struct drm_xe_vm_bind_op *op)
{
	u32 flags = 0;

	if (op->flags & DRM_XE_VM_BIND_FLAG_READONLY)
		flags |= VXE_VMA_READ_ONLY;
	if (op->flags & DRM_XE_VM_BIND_FLAG_NULL)
		flags |= VXE_VMA_NULL;
	if (op->flags & DRM_XE_VM_BIND_FLAG_DUMPABLE)
		flags |= VXE_VMA_DUMPABLE;
	if (op->op == DRM_XE_VM_BIND_OP_MAP_USERPTR)
		flags |= VXE_VMA_USERPTR;
	if (op->flags & DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR)
		flags |= VXE_VMA_CPU_ADDR_MIRROR;
	if (op->flags & DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET)
		flags |= VXE_VMA_MADV_AUTORESET;
	return flags;
}

/* drm_gpuvm callbacks: apply each step to the tree and log it */

int vxe_vm_sm_step_map(struct drm_gpuva_op *op, void *priv)
{
	struct vxe_bind *b = priv;
	struct vxe_bind_log *e;
	struct vxe_vma *vma;

	vma = vxe_vma_alloc(vxe_bind_vma_flags(b->op), b->op->pat_index);
	e = vxe_bind_log_alloc();
	if (!vma || !e) {
		kfree(vma);
		kfree(e);
		return -ENOMEM;
	}
	drm_gpuva_map(&b->vm->gpuvm, &vma->gpuva, &op->map);
	vxe_bind_log_add(b, e, vma, true);
	vma->bind.mapped = true;
	/* A faulting VM maps it on first access, unless asked otherwise */
	vma->bind.deferred = (b->vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) &&
			     !(b->op->flags & DRM_XE_VM_BIND_FLAG_IMMEDIATE);
	return 0;
}

/*
 * As Xe: only a mirror bind may take away the part of a mirror VMA where
 * the GPU has SVM ranges, which stay as they are; anything else waits for
 * the CPU to unmap them (-EBUSY).
 */
static int vxe_bind_check_mirror(struct vxe_bind *b, struct vxe_vma *old, u64 start, u64 end)
{
	if (!(old->flags & VXE_VMA_CPU_ADDR_MIRROR) ||
	    (b->op->flags & DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR))
		return 0;
	return vxe_svm_has_mapping(b->vm, start, end) ? -EBUSY : 0;
}

int vxe_vm_sm_step_remap(struct drm_gpuva_op *op, void *priv)
{
	struct vxe_vma *old = gpuva_to_vxe_vma(op->remap.unmap->va);
	u64 start = old->gpuva.va.addr, end = start + old->gpuva.va.range;
	struct vxe_vma *prev = NULL, *next = NULL;
	struct vxe_bind_log *e[3] = {};
	struct vxe_bind *b = priv;
	int i;

	if (op->remap.prev)
		start = op->remap.prev->va.addr + op->remap.prev->va.range;
	if (op->remap.next)
		end = op->remap.next->va.addr;
	i = vxe_bind_check_mirror(b, old, start, end);
	if (i)
		return i;

	/* What is left of a mapping keeps its attributes */
	if (op->remap.prev)
		prev = vxe_vma_alloc(old->flags, old->attr.pat_index);
	if (op->remap.next)
		next = vxe_vma_alloc(old->flags, old->attr.pat_index);
	if (prev)
		prev->attr = old->attr;
	if (next)
		next->attr = old->attr;
	for (i = 0; i < ARRAY_SIZE(e); i++)
		e[i] = vxe_bind_log_alloc();
	if ((op->remap.prev && !prev) || (op->remap.next && !next) || !e[0] || !e[1] || !e[2]) {
		kfree(prev);
		kfree(next);
		for (i = 0; i < ARRAY_SIZE(e); i++)
			kfree(e[i]);
		return -ENOMEM;
	}

	drm_gpuva_remap(prev ? &prev->gpuva : NULL, next ? &next->gpuva : NULL, &op->remap);
	vxe_bind_log_add(b, e[0], old, false);
	if (prev)
		vxe_bind_log_add(b, e[1], prev, true);
	else
		kfree(e[1]);
	if (next)
		vxe_bind_log_add(b, e[2], next, true);
	else
		kfree(e[2]);
	return 0;
}

int vxe_vm_sm_step_unmap(struct drm_gpuva_op *op, void *priv)
{
	struct vxe_vma *old = gpuva_to_vxe_vma(op->unmap.va);
	struct vxe_bind *b = priv;
	struct vxe_bind_log *e;
	int ret;

	ret = vxe_bind_check_mirror(b, old, old->gpuva.va.addr,
				    old->gpuva.va.addr + old->gpuva.va.range);
	if (ret)
		return ret;
	e = vxe_bind_log_alloc();
	if (!e)
		return -ENOMEM;
	drm_gpuva_unmap(&op->unmap);
	vxe_bind_log_add(b, e, old, false);
	return 0;
}

/* Step 1 for one operation */
static int vxe_bind_op_tree(struct vxe_bind *b, const struct drm_xe_vm_bind_op *op,
			    struct drm_gem_object *obj)
{
	struct drm_gpuvm *gpuvm = &b->vm->gpuvm;
	struct drm_gpuva *va, *next;
	int ret = 0;

	b->op = op;
	switch (op->op) {
	case DRM_XE_VM_BIND_OP_MAP:
	case DRM_XE_VM_BIND_OP_MAP_USERPTR: {
		struct drm_gpuvm_map_req req = {
			.map.va.addr = op->addr,
			.map.va.range = op->range,
			.map.gem.obj = obj,
			.map.gem.offset = op->obj_offset,
		};

		return drm_gpuvm_sm_map(gpuvm, b, &req);
	}
	case DRM_XE_VM_BIND_OP_UNMAP:
		return drm_gpuvm_sm_unmap(gpuvm, b, op->addr, op->range);
	case DRM_XE_VM_BIND_OP_UNMAP_ALL:
		drm_gpuvm_for_each_va_safe(va, next, gpuvm) {
			if (va->gem.obj != obj)
				continue;
			ret = drm_gpuvm_sm_unmap(gpuvm, b, va->va.addr, va->va.range);
			if (ret)
				break;
		}
		return ret;
	case DRM_XE_VM_BIND_OP_PREFETCH:
		drm_gpuvm_for_each_va_range(va, gpuvm, op->addr, op->addr + op->range) {
			struct vxe_vma *vma = gpuva_to_vxe_vma(va);

			/* Mirror ranges: vxe_bind_prefetch_mirrors(), after the bind */
			if (vma->flags & (VXE_VMA_NULL | VXE_VMA_CPU_ADDR_MIRROR))
				continue;
			/* No memory for what may be purged, or was */
			if (vxe_vma_has_bo(vma)) {
				ret = vxe_bo_check_madv(gem_to_vxe_bo(va->gem.obj));
				if (ret)
					return ret;
			}
			vma->bind.rebind = true;
			vma->bind.region = (s32)op->prefetch_mem_region_instance;
			vxe_bind_list(b, vma);
		}
		return 0;
	}
	return -EINVAL;
}

/* Take @vma off the bind's list and forget what the bind meant for it */
static void vxe_bind_drop(struct vxe_vma *vma)
{
	list_del_init(&vma->bind.link);
	kvfree(vma->bind.segs);
	memset(&vma->bind, 0, sizeof(vma->bind));
	INIT_LIST_HEAD(&vma->bind.link);
	vma->bind.region = -1;
}

/* Undo step 1 */
static void vxe_bind_unwind(struct vxe_bind *b)
{
	struct vxe_bind_log *e, *tmp;
	struct vxe_vma *vma, *vtmp;

	list_for_each_entry_safe_reverse(e, tmp, &b->log, link) {
		if (e->insert)
			drm_gpuva_remove(&e->vma->gpuva);
		else
			WARN_ON(drm_gpuva_insert(&b->vm->gpuvm, &e->vma->gpuva));
		list_del(&e->link);
		kfree(e);
	}

	list_for_each_entry_safe(vma, vtmp, &b->vmas, bind.link) {
		if (vma->bind.created) {
			list_del_init(&vma->bind.link);
			vxe_vma_destroy(b->vm, vma);
			continue;
		}
		vxe_bind_drop(vma);
	}
}

static bool vxe_bind_maps(const struct vxe_vma *vma)
{
	/* A mirror VMA has no page tables: its ranges are mapped on faults */
	return !vma->bind.removed && !vma->bind.deferred &&
	       !(vma->flags & VXE_VMA_CPU_ADDR_MIRROR) &&
	       (vma->bind.created || vma->bind.rebind);
}

/* Step 3a: move BOs where they are to be mapped */
static int vxe_bind_validate(struct vxe_bind *b)
{
	static const struct ttm_place sys = { .mem_type = TTM_PL_TT };
	static const struct ttm_place vram = { .mem_type = TTM_PL_VRAM };
	struct dma_resv *vm_resv = b->evict_own ? drm_gpuvm_resv(&b->vm->gpuvm) : NULL;
	struct ttm_operation_ctx ctx = {
		.interruptible = true,
		.resv = vm_resv,
		.allow_res_evict = !!vm_resv,
	};
	struct vxe_vma *vma;
	int ret;

	list_for_each_entry(vma, &b->vmas, bind.link) {
		struct ttm_placement placement = { .num_placement = 1 };
		struct vxe_bo *bo;

		if (!vxe_bind_maps(vma) || !vxe_vma_has_bo(vma))
			continue;
		bo = gem_to_vxe_bo(vma->gpuva.gem.obj);
		/* Purged: mapped to nothing (vxe_bind_prepare_map()) */
		if (bo->madv == VXE_BO_PURGED)
			continue;
		ret = vxe_bo_validate(bo, vm_resv, true);
		if (ret)
			return ret;

		/* PREFETCH: to the BO's preferred region, or one it may live in */
		if (!vma->bind.rebind || vma->bind.region == VXE_BIND_REGION_KEEP)
			continue;
		if (vma->bind.region == -1)
			placement.placement = (bo->mem & VXE_MEM_VRAM) ? &vram : &sys;
		else if (vma->bind.region == 0 && (bo->mem & VXE_MEM_SYSTEM))
			placement.placement = &sys;
		else if (vma->bind.region == 1 && (bo->mem & VXE_MEM_VRAM))
			placement.placement = &vram;
		else
			return -EINVAL;
		ret = ttm_bo_validate(&bo->ttm, &placement, &ctx);
		if (ret)
			return ret;
	}
	return 0;
}

/* Step 3b for one VMA that gets mapped */
static int vxe_bind_prepare_map(struct vxe_bind *b, struct vxe_pt_update *update,
				struct vxe_vma *vma)
{
	struct vxe_pt_attrs attrs = { .pat_index = vma->attr.pat_index };
	struct drm_gpuva *va = &vma->gpuva;
	struct vxe_pt_cursor cur;
	u64 offset = 0;
	long lret;
	int n;

	if (vma->flags & VXE_VMA_READ_ONLY)
		attrs.flags |= VXE_PT_READ_ONLY;
	/* madvise: only the CPU does atomics here */
	if (vma->attr.atomic == DRM_XE_ATOMIC_CPU)
		attrs.flags |= VXE_PT_NO_ATOMIC;

	if (vma->flags & VXE_VMA_NULL) {
		attrs.flags |= VXE_PT_NULL;
		vxe_pt_cursor_init_none(&cur);
		goto map;
	}

	/*
	 * As Xe: a purged BO has no memory to map. A VM with a scratch page
	 * gets the mapping as NULL (reads zero, writes go nowhere), another
	 * none, and the GPU faults there.
	 */
	if (vxe_vma_has_bo(vma) && gem_to_vxe_bo(va->gem.obj)->madv == VXE_BO_PURGED) {
		if (!(b->vm->flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE))
			return 0;
		attrs.flags |= VXE_PT_NULL;
		vxe_pt_cursor_init_none(&cur);
		goto map;
	}

	if (vma->flags & VXE_VMA_USERPTR) {
		/* Pinned before the reservations were taken */
		n = vma->bind.nsegs;
	} else {
		struct drm_gem_object *obj = va->gem.obj;

		/* Nobody may see the BO before its clear or move is done */
		lret = dma_resv_wait_timeout(obj->resv, DMA_RESV_USAGE_KERNEL, true,
					     MAX_SCHEDULE_TIMEOUT);
		if (lret < 0)
			return lret;
		kvfree(vma->bind.segs);
		vma->bind.segs = NULL;
		n = vxe_bo_segs(gem_to_vxe_bo(obj), &vma->bind.segs);
		offset = va->gem.offset;
	}
	if (n < 0)
		return n;
	vxe_pt_cursor_init_segs(&cur, vma->bind.segs, n, offset);

map:
	return vxe_pt_prepare_map(update, va->va.addr, va->va.addr + va->va.range, &attrs,
				  &cur, &vma->pt);
}

/* Step 3b: the link of a new VMA to its BO, also when mapped later */
static int vxe_bind_prepare_link(struct vxe_bind *b, struct vxe_vma *vma)
{
	struct drm_gpuvm_bo *vm_bo;
	int ret;

	if (!vma->bind.created || vma->bind.removed || vma->vm_bo || !vxe_vma_has_bo(vma))
		return 0;
	/*
	 * As Xe: no new mapping of a BO whose memory may be gone, or is.
	 * What is left of a split mapping keeps its state.
	 */
	if (vma->bind.mapped) {
		ret = vxe_bo_check_madv(gem_to_vxe_bo(vma->gpuva.gem.obj));
		if (ret)
			return ret;
	}
	vm_bo = drm_gpuvm_bo_obtain_locked(&b->vm->gpuvm, vma->gpuva.gem.obj);
	if (IS_ERR(vm_bo))
		return PTR_ERR(vm_bo);
	drm_gpuvm_bo_extobj_add(vm_bo);
	vma->vm_bo = vm_bo;
	return 0;
}

/* Step 3b */
static int vxe_bind_prepare(struct vxe_bind *b, struct vxe_pt_update *update)
{
	struct vxe_vma *vma;
	int ret;

	list_for_each_entry(vma, &b->vmas, bind.link) {
		ret = vxe_bind_prepare_link(b, vma);
		if (ret)
			return ret;
	}

	/* Unmap what goes away or moves, then map: new VMAs never overlap */
	list_for_each_entry(vma, &b->vmas, bind.link) {
		if (vma->bind.created || !vma->pt.present)
			continue;
		if (!vma->bind.removed && !vma->bind.rebind)
			continue;
		ret = vxe_pt_prepare_unmap(update, vma->gpuva.va.addr,
					   vma->gpuva.va.addr + vma->gpuva.va.range, &vma->pt);
		if (ret)
			return ret;
	}

	list_for_each_entry(vma, &b->vmas, bind.link) {
		if (!vxe_bind_maps(vma))
			continue;
		ret = vxe_bind_prepare_map(b, update, vma);
		if (ret)
			return ret;
	}
	return 0;
}

/* Whether every userptr about to be mapped still has current pages */
static bool vxe_bind_userptrs_valid_locked(struct vxe_bind *b)
{
	struct vxe_vma *vma;

	list_for_each_entry(vma, &b->vmas, bind.link)
		if (vxe_bind_maps(vma) && (vma->flags & VXE_VMA_USERPTR) &&
		    !vxe_userptr_valid_locked(vma))
			return false;
	return true;
}

/* Whether the bind waits for an in-sync or its queue's previous bind */
static bool vxe_bind_waits(const struct vxe_bind *b)
{
	struct dma_fence *last = b->q->last_fence;
	unsigned int i;

	if (last && !dma_fence_is_signaled(last))
		return true;
	/* A timeline point already signalled has no fence */
	for (i = 0; i < b->num_syncs; i++)
		if (!b->syncs[i].signal && b->syncs[i].fence &&
		    !dma_fence_is_signaled(b->syncs[i].fence))
			return true;
	return false;
}

/* A job for a bind that waits for fences, with all it needs to be pushed */
static int vxe_bind_job_prepare(struct vxe_bind *b, struct drm_exec *exec)
{
	struct vxe_bind_job *job;
	struct drm_gem_object *obj;
	unsigned int i;
	int ret;

	job = vxe_bind_job_create(b->q, b->client_id);
	if (IS_ERR(job))
		return PTR_ERR(job);
	for (i = 0; i < b->num_syncs; i++) {
		const struct vxe_sync *s = &b->syncs[i];

		if (s->signal) {
			if (s->type == DRM_XE_SYNC_TYPE_USER_FENCE)
				vxe_bind_job_set_ufence(job, s->addr, s->value);
			continue;
		}
		ret = vxe_bind_job_add_dep(job, s->fence);
		if (ret)
			goto err;
	}
	/* Its fence goes into every reservation taken */
	if (exec) {
		drm_exec_for_each_locked_object(exec, obj) {
			ret = dma_resv_reserve_fences(obj->resv, 1);
			if (ret)
				goto err;
		}
	}
	b->job = job;
	return 0;

err:
	vxe_bind_job_abort(job);
	return ret;
}

/*
 * Step 3c: a bind that waits for fences, or whose span a deferred bind
 * writes in, is deferred; a rebind waits for the deferred binds instead.
 */
static int vxe_bind_schedule(struct vxe_bind *b, struct drm_exec *exec,
			     struct vxe_pt_update *update)
{
	struct vxe_vm *vm = b->vm;
	bool writes, defer;
	u64 start, end;
	int ret;

	writes = vxe_pt_update_span(update, &start, &end);
	if (!b->q)
		return writes ? vxe_vm_bind_wait(vm, start, end, true) : 0;

	defer = vxe_bind_waits(b) || (writes && vxe_vm_bind_pending(vm, start, end));
	if (!defer)
		return 0;
	if (update->writes > VXE_BIND_JOB_MAX_WRITES)
		return -ENOBUFS;
	ret = vxe_pt_update_defer(update);
	if (ret)
		return ret;
	ret = vxe_bind_job_prepare(b, exec);
	if (ret)
		return ret;
	ret = writes ? vxe_vm_bind_add_deps(vm, start, end, b->job) : 0;
	if (ret) {
		vxe_bind_job_abort(b->job);
		b->job = NULL;
	}
	return ret;
}

/* Steps 3b to 4: -EAGAIN when a userptr was invalidated meanwhile */
static int vxe_bind_apply(struct vxe_bind *b, struct drm_exec *exec)
{
	struct vxe_vm *vm = b->vm;
	struct vxe_pt_update update;
	u64 start, len;
	int ret;

	vxe_pt_update_init(&update, &vm->pt);
	ret = vxe_bind_prepare(b, &update);
	if (!ret && b->inject == VXE_BIND_INJECT_PREPARE)
		ret = -ENOSPC;
	if (!ret)
		ret = vxe_bind_schedule(b, exec, &update);
	if (ret) {
		vxe_pt_update_fini(&update);
		return ret;
	}

	down_read(&vm->svm.notifier_lock);
	if (!vxe_bind_userptrs_valid_locked(b)) {
		up_read(&vm->svm.notifier_lock);
		if (b->job) {
			vxe_bind_job_abort(b->job);
			b->job = NULL;
		}
		vxe_pt_update_fini(&update);
		return -EAGAIN;
	}
	vxe_pt_commit(&update);
	up_read(&vm->svm.notifier_lock);

	if (b->job) {
		/* Its job writes the entries, then has the TLB forget */
		vxe_bind_job_take_update(b->job, &update);
		return 0;
	}

	if (vxe_pt_update_needs_inval(&update, &start, &len))
		vxe_tlb_inval_range(vm->vxe, vm->asid, start, len);
	vxe_pt_update_fini(&update);
	return 0;
}

/* Step 5 */
static void vxe_bind_finish(struct vxe_bind *b, struct drm_exec *exec)
{
	struct vxe_bind_log *e, *tmp;
	struct vxe_vma *vma, *vtmp;
	struct drm_gem_object *obj;

	list_for_each_entry_safe(e, tmp, &b->log, link) {
		list_del(&e->link);
		kfree(e);
	}

	list_for_each_entry_safe(vma, vtmp, &b->vmas, bind.link) {
		/* Held by the reservation taken: the mapping may be its last */
		struct vxe_bo *bo = vxe_vma_has_bo(vma) ? gem_to_vxe_bo(vma->gpuva.gem.obj) : NULL;

		if (vma->bind.removed) {
			list_del_init(&vma->bind.link);
			if (!b->job) {
				vxe_vma_destroy(b->vm, vma);
			} else {
				/* Still mapped until the job runs: freed after it */
				vxe_vma_unlink(vma);
				list_add_tail(&vma->bind.link, &b->job->dead);
			}
			if (bo)
				vxe_bo_madv_update(bo);
			continue;
		}
		if (vma->bind.created && vma->vm_bo) {
			drm_gpuva_link(&vma->gpuva, vma->vm_bo);
			drm_gpuvm_bo_put(vma->vm_bo);
			vma->vm_bo = NULL;
			vxe_bo_madv_update(bo);
		}
		if (!vma->bind.deferred)
			drm_gpuva_invalidate(&vma->gpuva, false);
		vxe_bind_drop(vma);
	}

	if (!b->job)
		return;
	b->fence = vxe_bind_job_push(b->job);
	b->job = NULL;
	drm_exec_for_each_locked_object(exec, obj)
		dma_resv_add_fence(obj->resv, b->fence, DMA_RESV_USAGE_BOOKKEEP);
}

/* Step 2a: get the pages of every userptr to be mapped */
static int vxe_bind_pin(struct vxe_bind *b)
{
	struct vxe_vma *vma, *next;
	int n;

	list_for_each_entry_safe(vma, next, &b->vmas, bind.link) {
		if (vma->bind.removed || !(vma->flags & VXE_VMA_USERPTR))
			continue;
		/* Tracked from the bind on: only the ioctl has the right mm */
		if (!vma->userptr.tracked) {
			n = vxe_userptr_init(b->vm, vma);
			if (n)
				return n;
		}
		if (!vxe_bind_maps(vma))
			continue;
		kvfree(vma->bind.segs);
		vma->bind.segs = NULL;
		n = vxe_userptr_pin(b->vm, vma, &vma->bind.segs);
		/*
		 * As Xe: memory that went away since the bind leaves the
		 * mapping unbound, and a GPU access to it faults.
		 */
		if (n == -EFAULT && b->rebind) {
			vxe_bind_drop(vma);
			continue;
		}
		/* As Xe: an address space that keeps changing is out of memory */
		if (n == -EBUSY)
			return -ENOMEM;
		if (n < 0)
			return n;
		vma->bind.nsegs = n;
	}
	return 0;
}

/* Step 2, and with @validate step 3a in the same locking loop */
static int vxe_bind_lock(struct vxe_bind *b, struct drm_exec *exec, bool validate)
{
	struct vxe_vma *vma;
	int ret = 0;

	drm_exec_until_all_locked(exec) {
		ret = drm_exec_lock_obj(exec, vxe_vm_resv_obj(b->vm));
		drm_exec_retry_on_contention(exec);
		if (ret)
			break;
		list_for_each_entry(vma, &b->vmas, bind.link) {
			if (!vxe_vma_has_bo(vma))
				continue;
			ret = drm_exec_lock_obj(exec, vma->gpuva.gem.obj);
			drm_exec_retry_on_contention(exec);
			if (ret)
				break;
		}
		if (ret || !validate)
			break;
		/*
		 * Where the VM's own BOs may not be evicted, all of them are
		 * locked: TTM evicts none it cannot lock (VM-private BOs share
		 * the VM's reservation, external ones have their own).
		 */
		if (!b->evict_own) {
			ret = drm_gpuvm_prepare_objects(&b->vm->gpuvm, exec, 0);
			drm_exec_retry_on_contention(exec);
			if (ret)
				break;
		}
		if (b->inject == VXE_BIND_INJECT_LOCK)
			ret = -ENOSPC;
		else
			ret = vxe_bind_validate(b);
	}
	return ret;
}

/* Steps 2 to 5, or on failure the unwinding of step 1 */
/* A try's own validation, unless the caller holds one */
static int vxe_bind_val_begin(struct vxe_bind *b, struct vxe_validation *own, bool interruptible)
{
	return b->val ? 0 : vxe_validation_begin(own, interruptible);
}

static void vxe_bind_val_end(struct vxe_bind *b, struct vxe_validation *own)
{
	if (!b->val)
		vxe_validation_end(own);
}

static int vxe_bind_run(struct vxe_bind *b)
{
	struct vxe_validation own = { .vxe = b->vm->vxe };
	struct drm_exec exec;
	bool again;
	int ret;

	do {
		ret = vxe_bind_pin(b);
		if (ret)
			break;
		ret = vxe_bind_val_begin(b, &own, true);
		if (ret)
			break;
		drm_exec_init(&exec, DRM_EXEC_INTERRUPTIBLE_WAIT | DRM_EXEC_IGNORE_DUPLICATES, 0);
		ret = vxe_bind_lock(b, &exec, true);
		/* No room found while sharing: once more, alone (else the caller decides) */
		again = !b->val && vxe_validation_retry(&own, ret);
		if (!ret && b->inject == VXE_BIND_INJECT_VALIDATE)
			ret = -ENOSPC;
		if (!ret)
			ret = vxe_bind_apply(b, &exec);
		if (!ret) {
			vxe_bind_finish(b, &exec);
			drm_exec_fini(&exec);
			vxe_bind_val_end(b, &own);
			return 0;
		}
		drm_exec_fini(&exec);
		vxe_bind_val_end(b, &own);
		again |= ret == -EAGAIN;
	} while (again && !fatal_signal_pending(current));

	/* Unwinding may unlink and free VMAs: under the reservations again */
	own.exclusive = false;
	vxe_bind_val_begin(b, &own, false);
	drm_exec_init(&exec, DRM_EXEC_IGNORE_DUPLICATES, 0);
	WARN_ON_ONCE(vxe_bind_lock(b, &exec, false));
	vxe_bind_unwind(b);
	drm_exec_fini(&exec);
	vxe_bind_val_end(b, &own);
	return ret == -EAGAIN ? -EINTR : ret;
}

/* Apply checked operations: vxe_vm_bind_ops() with VM_BIND's queue */
static int vxe_bind_ops(struct vxe_bind *b, const struct drm_xe_vm_bind_op *ops,
			struct drm_gem_object **objs, u32 n)
{
	struct vxe_vm *vm = b->vm;
	unsigned int i;
	int ret = 0;

	lockdep_assert_held_write(&vm->lock);
	INIT_LIST_HEAD(&b->log);
	INIT_LIST_HEAD(&b->vmas);

	for (i = 0; i < n && !ret; i++) {
		ret = vxe_bind_op_tree(b, &ops[i], objs[i]);
		if (ops[i].flags & VXE_BIND_FLAG_INJECT_ERROR)
			b->inject = atomic_inc_return(&vm->vxe->bind_inject) %
				    VXE_BIND_INJECT_COUNT;
	}
	if (ret) {
		vxe_bind_unwind(b);
		return ret;
	}
	if (list_empty(&b->vmas))
		return -ENODATA;

	return vxe_bind_run(b);
}

/*
 * A bind with nothing to do still signals its out-syncs after its in-syncs
 * and its queue's previous bind.
 */
static int vxe_bind_empty(struct vxe_bind *b)
{
	int ret;

	if (!vxe_bind_waits(b))
		return 0;
	ret = vxe_bind_job_prepare(b, NULL);
	if (ret)
		return ret;
	b->fence = vxe_bind_job_push(b->job);
	b->job = NULL;
	return 0;
}

/**
 * vxe_vm_bind_ops() - apply checked bind operations to a VM
 * @vm: the VM, with &vxe_vm.lock held for write and not closed
 * @ops: the operations
 * @objs: for each, its GEM object or NULL
 * @n: number of operations
 *
 * Applies them right away, after any deferred bind they overlap.
 *
 * Return: 0; -ENODATA when there was nothing to do; or a negative errno
 * with the VM unchanged.
 */
int vxe_vm_bind_ops(struct vxe_vm *vm, const struct drm_xe_vm_bind_op *ops,
		    struct drm_gem_object **objs, u32 n)
{
	struct vxe_bind b = {
		.vm = vm, .evict_own = vxe_vm_may_evict_own(vm),
		.inject = VXE_BIND_INJECT_NONE,
	};

	return vxe_bind_ops(&b, ops, objs, n);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_vm_bind_ops);

/* Whether the page tables lack what @vma asks for */
static bool vxe_vma_needs_bind_locked(struct vxe_vma *vma)
{
	if (vma->flags & VXE_VMA_CPU_ADDR_MIRROR)
		return false;
	if (!vma->pt.present || vma->pt.invalidated)
		return true;
	return (vma->flags & VXE_VMA_USERPTR) && !vxe_userptr_valid_locked(vma);
}

/**
 * vxe_vm_rebind() - map what the page tables lack
 * @vm: the VM, with &vxe_vm.lock held for write and not closed
 * @start: first byte of the range to look at
 * @end: end of the range
 * @evict_own: whether the VM's own BOs may be evicted to make room (for
 *	a fault; not for EXEC, whose VM must fit)
 * @val: a validation the caller holds (vxe_validation_begin()) and
 *	retries itself; NULL to have one for each try, retried once alone
 *
 * Maps again every mapping in the range that was zapped (its BO moved,
 * its userptr invalidated) or, in a faulting VM, never bound: for EXEC,
 * before its job may run, and for the fault handler. Over the whole VM it
 * looks only if something was zapped since it last did. A userptr whose
 * memory is gone is left unbound. &vxe_vm.rebind is cleared first, so an
 * invalidation that comes in meanwhile sets it again.
 *
 * Return: 0 or a negative errno; what was rebound before an error stays.
 */
int vxe_vm_rebind(struct vxe_vm *vm, u64 start, u64 end, bool evict_own,
		  struct vxe_validation *val)
{
	struct vxe_bind b = {
		.vm = vm, .rebind = true, .evict_own = evict_own, .val = val,
		.inject = VXE_BIND_INJECT_NONE,
	};
	struct drm_gpuva *va;
	int ret;

	lockdep_assert_held_write(&vm->lock);
	INIT_LIST_HEAD(&b.log);
	INIT_LIST_HEAD(&b.vmas);

	down_write(&vm->svm.notifier_lock);
	if (start == 0 && end == VXE_VM_VA_END) {
		/* Nothing was zapped since the last time */
		if (!vm->rebind) {
			up_write(&vm->svm.notifier_lock);
			return 0;
		}
		vm->rebind = false;
	}
	drm_gpuvm_for_each_va_range(va, &vm->gpuvm, start, end) {
		struct vxe_vma *vma = gpuva_to_vxe_vma(va);

		if (!vxe_vma_needs_bind_locked(vma))
			continue;
		vma->bind.rebind = true;
		vma->bind.region = VXE_BIND_REGION_KEEP;
		vxe_bind_list(&b, vma);
	}
	up_write(&vm->svm.notifier_lock);

	if (list_empty(&b.vmas))
		return 0;
	ret = vxe_bind_run(&b);
	if (ret) {
		/* Not all of it was mapped: the next look must look again */
		down_write(&vm->svm.notifier_lock);
		vm->rebind = true;
		up_write(&vm->svm.notifier_lock);
	}
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_vm_rebind);

/* Ioctl */

static int vxe_bind_check_op(struct vxe_device *vxe, const struct drm_xe_vm_bind_op *op)
{
	bool is_null = op->flags & DRM_XE_VM_BIND_FLAG_NULL;
	bool is_mirror = op->flags & DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR;
	u32 regions = VXE_MEM_SYSTEM | (vxe_device_has_vram(vxe) ? VXE_MEM_VRAM : 0);
	u32 region = op->prefetch_mem_region_instance;
	enum vxe_coh coh;

	if (op->pat_index >= VXE_PAT_ENTRIES)
		return -EINVAL;
	coh = vxe_pat_index_coh(op->pat_index);
	if (coh == VXE_COH_INVALID)
		return -EINVAL;

	if (op->op > DRM_XE_VM_BIND_OP_PREFETCH ||
	    op->flags & ~VXE_BIND_FLAGS ||
	    (op->obj && (is_null || is_mirror)) ||
	    /* cpu_addr_mirror_offset shares it, and must be 0 too */
	    (op->obj_offset && (is_null || is_mirror)) ||
	    (op->op != DRM_XE_VM_BIND_OP_MAP && (is_null || is_mirror)) ||
	    /* Autoreset is of the attributes of mirrored memory */
	    ((op->flags & DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET) && !is_mirror) ||
	    (!op->obj && op->op == DRM_XE_VM_BIND_OP_MAP && !is_null && !is_mirror) ||
	    (!op->obj && op->op == DRM_XE_VM_BIND_OP_UNMAP_ALL) ||
	    (op->addr && op->op == DRM_XE_VM_BIND_OP_UNMAP_ALL) ||
	    (op->range && op->op == DRM_XE_VM_BIND_OP_UNMAP_ALL) ||
	    (op->obj && op->op == DRM_XE_VM_BIND_OP_MAP_USERPTR) ||
	    (coh == VXE_COH_NONE && op->op == DRM_XE_VM_BIND_OP_MAP_USERPTR) ||
	    (vxe_pat_index_compressed(op->pat_index) &&
	     op->op == DRM_XE_VM_BIND_OP_MAP_USERPTR) ||
	    (op->obj && op->op == DRM_XE_VM_BIND_OP_PREFETCH) ||
	    (region && op->op != DRM_XE_VM_BIND_OP_PREFETCH) ||
	    (region != (u32)DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC &&
	     (region >= 32 || !(BIT(region) & regions))) ||
	    (op->obj && op->op == DRM_XE_VM_BIND_OP_UNMAP))
		return -EINVAL;

	if (!PAGE_ALIGNED(op->obj_offset) || !PAGE_ALIGNED(op->addr) ||
	    !PAGE_ALIGNED(op->range) ||
	    (!op->range && op->op != DRM_XE_VM_BIND_OP_UNMAP_ALL))
		return -EINVAL;
	return 0;
}

static int vxe_bind_check_args(struct vxe_device *vxe, struct drm_xe_vm_bind *args,
			       struct drm_xe_vm_bind_op **ops)
{
	unsigned int i;
	int ret;

	if (args->pad || args->pad2 || args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (args->extensions)
		return -EINVAL;
	if (args->num_syncs > DRM_XE_MAX_SYNCS)
		return -EINVAL;

	if (args->num_binds > 1) {
		*ops = kvmalloc_array(args->num_binds, sizeof(**ops),
				      GFP_KERNEL | __GFP_ACCOUNT | __GFP_RETRY_MAYFAIL |
				      __GFP_NOWARN);
		if (!*ops)
			return -ENOBUFS;
		if (copy_from_user(*ops, u64_to_user_ptr(args->vector_of_binds),
				   sizeof(**ops) * args->num_binds)) {
			ret = -EFAULT;
			goto err;
		}
	} else {
		*ops = &args->bind;
	}

	for (i = 0; i < args->num_binds; i++) {
		ret = vxe_bind_check_op(vxe, &(*ops)[i]);
		if (ret)
			goto err;
	}
	return 0;

err:
	if (args->num_binds > 1)
		kvfree(*ops);
	*ops = NULL;
	return ret;
}

static int vxe_bind_check_bo(struct vxe_device *vxe, struct vxe_vm *vm, struct vxe_bo *bo,
			     const struct drm_xe_vm_bind_op *op)
{
	u64 size = bo->ttm.base.size;
	u64 align = vxe_device_min_alignment(vxe);
	enum vxe_coh coh = vxe_pat_index_coh(op->pat_index);

	if ((bo->flags & VXE_BO_NO_COMPRESSION) && vxe_pat_index_compressed(op->pat_index))
		return -EINVAL;
	if (op->range > size || op->obj_offset > size - op->range)
		return -EINVAL;
	/* A BO that may live in VRAM is mapped in the VRAM page size */
	if ((bo->mem & VXE_MEM_VRAM) &&
	    !IS_ALIGNED(op->obj_offset | op->addr | op->range, align))
		return -EINVAL;
	if (coh == VXE_COH_NONE && bo->cpu_caching == DRM_XE_GEM_CPU_CACHING_WB)
		return -EINVAL;
	/* Imported: how the exporter caches it is unknown */
	if (coh == VXE_COH_NONE && !bo->cpu_caching)
		return -EINVAL;
	/* A VM-private BO is only ever mapped by its VM */
	if (bo->vm_obj && bo->vm_obj != vxe_vm_resv_obj(vm))
		return -EINVAL;
	return 0;
}

/*
 * PREFETCH of mirrored memory, once the bind is done and before its syncs
 * signal: as Xe's, best effort, with what fails left to GPU faults.
 */
static void vxe_bind_prefetch_mirrors(struct vxe_vm *vm, const struct drm_xe_vm_bind_op *ops,
				      u32 n)
{
	struct drm_gpuva *va;
	u32 i;

	for (i = 0; i < n; i++) {
		u64 start = ops[i].addr, end = start + ops[i].range;

		if (ops[i].op != DRM_XE_VM_BIND_OP_PREFETCH)
			continue;
		drm_gpuvm_for_each_va_range(va, &vm->gpuvm, start, end) {
			struct vxe_vma *vma = gpuva_to_vxe_vma(va);

			if (vma->flags & VXE_VMA_CPU_ADDR_MIRROR)
				vxe_svm_prefetch(vm, vma, start, end,
						 ops[i].prefetch_mem_region_instance);
		}
	}
}

/**
 * vxe_vm_bind_ioctl() - DRM_IOCTL_XE_VM_BIND
 * @drm: the device
 * @data: &struct drm_xe_vm_bind
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's.
 */
int vxe_vm_bind_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct vxe_device *vxe = to_vxe_device(drm);
	struct drm_xe_vm_bind *args = data;
	struct drm_xe_vm_bind_op *ops = NULL;
	struct drm_gem_object **objs = NULL;
	struct vxe_bind b = { .inject = VXE_BIND_INJECT_NONE, .client_id = file->client_id };
	struct vxe_sync *syncs = NULL;
	struct vxe_exec_queue *q = NULL;
	u32 i, sync_flags = 0;
	bool bind_queue = false;
	struct dma_fence *done;
	struct vxe_vm *vm;
	int ret;

	vm = vxe_vm_lookup(file, args->vm_id);
	if (!vm)
		return -EINVAL;
	b.vm = vm;
	b.evict_own = vxe_vm_may_evict_own(vm);

	ret = vxe_bind_check_args(vxe, args, &ops);
	if (ret)
		goto out_vm;

	/* The queue orders the VM's binds; without one, the VM's own does */
	if (args->exec_queue_id) {
		q = vxe_exec_queue_lookup(file, args->exec_queue_id);
		if (!q) {
			ret = -ENOENT;
			goto out_ops;
		}
		bind_queue = (q->flags & VXE_EXEC_QUEUE_BIND) && q->vm == vm;
		if (!bind_queue) {
			ret = -EINVAL;
			goto out_queue;
		}
	} else {
		ret = down_read_killable(&vm->lock);
		if (ret)
			goto out_ops;
		if (vm->bind.q)
			q = vxe_exec_queue_get(vm->bind.q);
		up_read(&vm->lock);
		if (!q) {
			ret = -ENOENT;
			goto out_ops;
		}
	}

	/* Ranges the CPU unmapped are gone before the bind looks */
	vxe_svm_flush(vm);

	/* The queue's lock comes before the VM's, as for EXEC */
	ret = mutex_lock_interruptible(&q->lock);
	if (ret)
		goto out_queue;
	if (q->killed) {
		ret = -ENOENT;
		goto out_queue_unlock;
	}
	b.q = q;

	ret = down_write_killable(&vm->lock);
	if (ret)
		goto out_queue_unlock;
	if (vm->closed) {
		ret = -ENOENT;
		goto out_unlock;
	}
	/* Attributes the CPU's unmaps took back, before the tree changes */
	vxe_vm_collect_unmapped(vm);

	for (i = 0; i < args->num_binds; i++) {
		if (ops[i].range > VXE_VM_VA_END || ops[i].addr > VXE_VM_VA_END - ops[i].range) {
			ret = -EINVAL;
			goto out_unlock;
		}
		/* As Xe: mirrors are for VMs in fault mode */
		if ((ops[i].flags & DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR) &&
		    !vxe_svm_enabled(vm)) {
			ret = -EINVAL;
			goto out_unlock;
		}
	}

	objs = kvzalloc_objs(*objs, max(args->num_binds, 1u));
	if (!objs) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	for (i = 0; i < args->num_binds; i++) {
		if (!ops[i].obj)
			continue;
		objs[i] = drm_gem_object_lookup(file, ops[i].obj);
		if (!objs[i]) {
			ret = -ENOENT;
			goto out_objs;
		}
		ret = vxe_bind_check_bo(vxe, vm, gem_to_vxe_bo(objs[i]), &ops[i]);
		if (ret)
			goto out_objs;
	}

	if (vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE)
		sync_flags |= VXE_SYNC_LR_MODE;
	if (!args->num_binds)
		sync_flags |= VXE_SYNC_NO_USER_FENCE;
	ret = vxe_syncs_parse(file, args->syncs, args->num_syncs, sync_flags, &syncs);
	if (ret)
		goto out_objs;
	b.syncs = syncs;
	b.num_syncs = args->num_syncs;

	ret = args->num_binds ? vxe_bind_ops(&b, ops, objs, args->num_binds) : -ENODATA;
	if (!ret || ret == -ENODATA)
		vxe_bind_prefetch_mirrors(vm, ops, args->num_binds);
	if (ret == -ENODATA) {
		/* As Xe: nothing to order after in-fences without a queue */
		if (!bind_queue && vxe_syncs_have_in_fence(syncs, args->num_syncs))
			ret = -EOPNOTSUPP;
		else
			ret = vxe_bind_empty(&b);
	}
	if (!ret) {
		done = b.fence ?: dma_fence_get_stub();
		vxe_syncs_signal(syncs, args->num_syncs, done);
		/* A user fence was written: its waiters look again */
		if (!b.fence)
			wake_up_all(&vxe->ufence_wq);
		dma_fence_put(done);
	}

	vxe_syncs_fini(syncs, args->num_syncs);
out_objs:
	for (i = 0; i < args->num_binds; i++)
		if (objs[i])
			drm_gem_object_put(objs[i]);
	kvfree(objs);
out_unlock:
	up_write(&vm->lock);
out_queue_unlock:
	mutex_unlock(&q->lock);
out_queue:
	vxe_exec_queue_put(q);
out_ops:
	if (args->num_binds > 1)
		kvfree(ops);
out_vm:
	vxe_vm_put(vm);
	return ret;
}

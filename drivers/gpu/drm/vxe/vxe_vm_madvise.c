// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: madvise
 *
 * DRM_IOCTL_XE_MADVISE sets one memory attribute (&struct vxe_vma_attr)
 * over a VA range of a VM, and DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS
 * reports them, VMA by VMA, as Xe's do:
 *
 * - the preferred location of mirrored memory: this device's VRAM (the
 *   default, also when named by a file of the device and its VRAM region)
 *   or system memory. GPU faults and PREFETCH with
 *   DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC migrate there; the migration
 *   policy is kept and reported. There is no other device to prefer: a
 *   file of another vxe device fails with -ENOLINK, as there is no
 *   interconnect between them.
 * - the atomic policy. GPU atomics need VRAM in mirrored memory unless
 *   %DRM_XE_ATOMIC_CPU leaves atomics to the CPU; then the page tables
 *   have no atomic bit and a GPU atomic fails its context (-EACCES in the
 *   fault handler). BOs are checked against where they may live.
 * - the PAT index, of any mapping.
 * - the purgeable state of BO mappings. A BO all of whose mappings say
 *   DRM_XE_VMA_PURGEABLE_STATE_DONTNEED loses its memory when TTM evicts
 *   it, rather than moving: it is purged for good. Until WILLNEED, and
 *   after a purge for ever, it cannot be mapped again (bind and mmap
 *   fail with -EBUSY, then -EINVAL) and CPU faults get SIGBUS; a purged
 *   BO's mappings are mapped to nothing (NULL in a VM with a scratch
 *   page). The ioctl says whether the memory is still there.
 *
 * Mirror VMAs are split at the range's ends, with the SVM range across an
 * end removed; the pieces keep their attributes. Other mappings take an
 * attribute whole, as Xe's BO mappings do. VMAs whose attribute changes
 * are zapped (mirrors: their SVM ranges), under &vxe_vm.lock held for
 * write, and the next GPU access or rebind maps them by the new one.
 * Nothing is merged back; a new mirror bind replaces what it covers with
 * one VMA of default attributes.
 *
 * A mirror bound with DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET gets the
 * bind's attributes back where the CPU unmaps memory, as Xe's: in the
 * span of each SVM range the collector removes (so only where the GPU
 * used the memory), at the next fault, bind or madvise, or in the
 * collector's worker.
 */

#include <linux/file.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_exec.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bo.h"
#include "vxe_device.h"
#include "vxe_pat.h"
#include "vxe_svm.h"
#include "vxe_vm.h"
#include "vxe_vm_bind.h"

/* The region instance of a device's VRAM, as the memory-regions query has it */
#define VXE_MADVISE_VRAM_INSTANCE	1

static int vxe_madvise_check_args(const struct drm_xe_madvise *args)
{
	s32 fd = (s32)args->preferred_mem_loc.devmem_fd;

	if (args->extensions || args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (!args->range || !PAGE_ALIGNED(args->start) || !PAGE_ALIGNED(args->range) ||
	    args->range > VXE_VM_VA_END || args->start > VXE_VM_VA_END - args->range)
		return -EINVAL;

	switch (args->type) {
	case DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC:
		if (fd < DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM ||
		    (fd <= DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE &&
		     args->preferred_mem_loc.region_instance) ||
		    args->preferred_mem_loc.migration_policy > DRM_XE_MIGRATE_ONLY_SYSTEM_PAGES ||
		    args->preferred_mem_loc.reserved)
			return -EINVAL;
		return 0;
	case DRM_XE_MEM_RANGE_ATTR_ATOMIC:
		if (args->atomic.val > DRM_XE_ATOMIC_CPU || args->atomic.pad ||
		    args->atomic.reserved)
			return -EINVAL;
		return 0;
	case DRM_XE_MEM_RANGE_ATTR_PAT:
		if (args->pat_index.val >= VXE_PAT_ENTRIES || args->pat_index.pad ||
		    args->pat_index.reserved ||
		    vxe_pat_index_coh(args->pat_index.val) == VXE_COH_INVALID)
			return -EINVAL;
		return 0;
	case DRM_XE_VMA_ATTR_PURGEABLE_STATE:
		if (args->purge_state_val.val > DRM_XE_VMA_PURGEABLE_STATE_DONTNEED ||
		    args->purge_state_val.pad)
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

/* A preferred location named by a file: this device's VRAM only */
static int vxe_madvise_check_devmem(struct vxe_device *vxe, s32 fd, u16 region)
{
	struct file *f = fget(fd);
	struct vxe_device *other;
	int ret = 0;

	if (!f)
		return -ENOENT;
	other = vxe_device_from_file(f);
	if (!other || region != VXE_MADVISE_VRAM_INSTANCE || !vxe_device_has_vram(other))
		ret = -ENOENT;
	else if (other != vxe)
		ret = -ENOLINK;	/* no interconnect between devices */
	fput(f);
	return ret;
}

/*
 * As Xe: an atomic policy a BO cannot follow, for where it may live: the
 * CPU's atomics need system memory, global ones both.
 */
static int vxe_madvise_check_bos(struct vxe_vm *vm, const struct drm_xe_madvise *args)
{
	u64 end = args->start + args->range;
	struct drm_gpuva *va;
	u32 mem;

	if (args->type != DRM_XE_MEM_RANGE_ATTR_ATOMIC)
		return 0;
	drm_gpuvm_for_each_va_range(va, &vm->gpuvm, args->start, end) {
		struct vxe_vma *vma = gpuva_to_vxe_vma(va);

		if (!vxe_vma_has_bo(vma))
			continue;
		mem = gem_to_vxe_bo(va->gem.obj)->mem;
		if (args->atomic.val == DRM_XE_ATOMIC_CPU && !(mem & VXE_MEM_SYSTEM))
			return -EINVAL;
		if (args->atomic.val == DRM_XE_ATOMIC_GLOBAL &&
		    (mem & (VXE_MEM_SYSTEM | VXE_MEM_VRAM)) != (VXE_MEM_SYSTEM | VXE_MEM_VRAM))
			return -EINVAL;
	}
	return 0;
}

/* Split the mirror VMA across @addr in two, if there is one */
static int vxe_madvise_split(struct vxe_vm *vm, u64 addr)
{
	struct drm_gpuva_op_map p = {}, n = {};
	struct drm_gpuva_op_unmap u = {};
	struct drm_gpuva_op_remap r = { .prev = &p, .next = &n, .unmap = &u };
	struct vxe_vma *old, *prev, *next;
	struct drm_gpuva *va;
	int ret;

	if (!addr || addr >= VXE_VM_VA_END)
		return 0;
	va = drm_gpuva_find_first(&vm->gpuvm, addr, 1);
	if (!va || va->va.addr == addr)
		return 0;
	old = gpuva_to_vxe_vma(va);
	if (!(old->flags & VXE_VMA_CPU_ADDR_MIRROR))
		return 0;

	prev = vxe_vma_alloc(old->flags, old->attr.default_pat_index);
	next = vxe_vma_alloc(old->flags, old->attr.default_pat_index);
	if (!prev || !next) {
		ret = -ENOMEM;
		goto err;
	}
	ret = vxe_svm_split(vm, addr);
	if (ret)
		goto err;
	prev->attr = old->attr;
	next->attr = old->attr;

	p.va.addr = va->va.addr;
	p.va.range = addr - va->va.addr;
	n.va.addr = addr;
	n.va.range = va->va.addr + va->va.range - addr;
	u.va = va;
	drm_gpuva_remap(&prev->gpuva, &next->gpuva, &r);
	vxe_vma_free(vm, old);
	return 0;

err:
	kfree(prev);
	kfree(next);
	return ret;
}

/* @attr with what @args sets; false if it does not apply to @vma */
static bool vxe_madvise_attr(const struct vxe_vma *vma, const struct drm_xe_madvise *args,
			     struct vxe_vma_attr *attr)
{
	*attr = vma->attr;
	if (vma->flags & VXE_VMA_NULL)
		return false;
	switch (args->type) {
	case DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC:
		/* As Xe: only mirrored memory migrates */
		if (!(vma->flags & VXE_VMA_CPU_ADDR_MIRROR))
			return false;
		attr->devmem_fd = (s32)args->preferred_mem_loc.devmem_fd;
		attr->region_instance = args->preferred_mem_loc.region_instance;
		attr->migration_policy = args->preferred_mem_loc.migration_policy;
		return true;
	case DRM_XE_MEM_RANGE_ATTR_ATOMIC:
		attr->atomic = args->atomic.val;
		return true;
	case DRM_XE_MEM_RANGE_ATTR_PAT:
		attr->pat_index = array_index_nospec(args->pat_index.val, VXE_PAT_ENTRIES);
		return true;
	}
	return false;
}

/*
 * The purgeable state of the BO mappings in the range; *@retained is
 * cleared if one of their BOs was purged already. Nothing is zapped:
 * a BO's memory stays mapped until it is purged.
 */
static int vxe_madvise_purgeable(struct vxe_vm *vm, const struct drm_xe_madvise *args,
				 u32 *retained)
{
	struct vxe_validation val = { .vxe = vm->vxe };
	u64 end = args->start + args->range;
	struct drm_exec exec;
	struct drm_gpuva *va;
	struct vxe_bo *bo;
	int ret;

	ret = vxe_validation_begin(&val, true);
	if (ret)
		return ret;
	drm_exec_init(&exec, DRM_EXEC_INTERRUPTIBLE_WAIT | DRM_EXEC_IGNORE_DUPLICATES, 0);
	drm_exec_until_all_locked(&exec) {
		drm_gpuvm_for_each_va_range(va, &vm->gpuvm, args->start, end) {
			if (!vxe_vma_has_bo(gpuva_to_vxe_vma(va)))
				continue;
			ret = drm_exec_lock_obj(&exec, va->gem.obj);
			drm_exec_retry_on_contention(&exec);
			if (ret)
				goto out;
		}
	}

	*retained = 1;
	drm_gpuvm_for_each_va_range(va, &vm->gpuvm, args->start, end) {
		struct vxe_vma *vma = gpuva_to_vxe_vma(va);

		if (!vxe_vma_has_bo(vma))
			continue;
		bo = gem_to_vxe_bo(va->gem.obj);
		vma->attr.purgeable = args->purge_state_val.val;
		if (bo->madv == VXE_BO_PURGED)
			*retained = 0;
		vxe_bo_madv_update(bo);
	}
out:
	drm_exec_fini(&exec);
	vxe_validation_end(&val);
	return ret;
}

/* Set the attribute on every VMA in the range; zap those that change */
static void vxe_madvise_apply(struct vxe_vm *vm, const struct drm_xe_madvise *args)
{
	u64 end = args->start + args->range;
	struct vxe_vma_attr attr;
	struct drm_gpuva *va;
	bool zapping = false;

	drm_gpuvm_for_each_va_range(va, &vm->gpuvm, args->start, end) {
		struct vxe_vma *vma = gpuva_to_vxe_vma(va);

		if (!vxe_madvise_attr(vma, args, &attr) ||
		    !memcmp(&attr, &vma->attr, sizeof(attr)))
			continue;
		vma->attr = attr;
		if (vma->flags & VXE_VMA_CPU_ADDR_MIRROR) {
			vxe_svm_zap(vm, va->va.addr, va->va.addr + va->va.range);
			continue;
		}
		if (!zapping)
			vxe_vm_zap_begin(vm, true);
		zapping = true;
		vxe_vm_zap_vma(vm, vma);
	}
	if (zapping)
		vxe_vm_zap_end(vm);
}

/* Whether a VMA has the attributes its bind gave it */
static bool vxe_madvise_is_default(const struct vxe_vma *vma)
{
	const struct vxe_vma_attr *a = &vma->attr;

	return !a->devmem_fd && !a->region_instance && !a->migration_policy && !a->atomic &&
	       a->pat_index == a->default_pat_index;
}

struct vxe_madvise_reset {
	struct list_head link;
	u64 start, end;
};

/**
 * vxe_vm_madvise_autoreset_queue() - note a span whose CPU memory went
 * @vm: the VM, &vxe_vm.lock held for write
 * @start: start of a collected SVM range
 * @end: its end
 *
 * If a mirror VMA there was bound with DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET
 * and has other attributes than the bind's, the span is queued for
 * vxe_vm_madvise_autoreset(). Best effort, as Xe's: only memory the GPU
 * used has ranges, and a span that cannot be queued is left as it is.
 */
void vxe_vm_madvise_autoreset_queue(struct vxe_vm *vm, u64 start, u64 end)
{
	struct vxe_madvise_reset *r;
	struct drm_gpuva *va;

	lockdep_assert_held_write(&vm->lock);
	drm_gpuvm_for_each_va_range(va, &vm->gpuvm, start, end) {
		struct vxe_vma *vma = gpuva_to_vxe_vma(va);

		if (!(vma->flags & VXE_VMA_MADV_AUTORESET) || vxe_madvise_is_default(vma))
			continue;
		r = kmalloc_obj(*r);
		if (!r) {
			drm_dbg(&vm->vxe->drm, "autoreset of 0x%llx-0x%llx lost\n", start, end);
			return;
		}
		r->start = start;
		r->end = end;
		list_add_tail(&r->link, &vm->svm_gc.resets);
		return;
	}
}

/*
 * Each span of a mirror VMA bound with DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET
 * that the CPU unmapped goes back to the attributes right after the bind,
 * the VMA split at its ends as by madvise.
 */
static void vxe_vm_madvise_autoreset(struct vxe_vm *vm)
{
	struct vxe_madvise_reset *r, *next;
	struct drm_gpuva *va;

	lockdep_assert_held_write(&vm->lock);
	list_for_each_entry_safe(r, next, &vm->svm_gc.resets, link) {
		/* A split that cannot be had leaves the attributes, as the rest */
		if (vxe_madvise_split(vm, r->start) || vxe_madvise_split(vm, r->end)) {
			drm_dbg(&vm->vxe->drm, "autoreset of 0x%llx-0x%llx failed\n",
				r->start, r->end);
			goto next;
		}
		drm_gpuvm_for_each_va_range(va, &vm->gpuvm, r->start, r->end) {
			struct vxe_vma *vma = gpuva_to_vxe_vma(va);

			if (!(vma->flags & VXE_VMA_MADV_AUTORESET) || vxe_madvise_is_default(vma))
				continue;
			vma->attr.devmem_fd = DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE;
			vma->attr.region_instance = 0;
			vma->attr.migration_policy = DRM_XE_MIGRATE_ALL_PAGES;
			vma->attr.atomic = DRM_XE_ATOMIC_UNDEFINED;
			vma->attr.pat_index = vma->attr.default_pat_index;
			/* New CPU memory may be there already, and mapped */
			vxe_svm_zap(vm, va->va.addr, va->va.addr + va->va.range);
		}
next:
		list_del(&r->link);
		kfree(r);
	}
}

/**
 * vxe_vm_collect_unmapped() - drop what the CPU's unmaps took back
 * @vm: the VM, &vxe_vm.lock held for write; no VMA of it held by the caller
 *
 * Frees the SVM ranges whose CPU mapping is gone (vxe_svm_collect()), then
 * gives the spans it queued their bind's attributes again, which may split
 * and replace VMAs. If some ranges could not be freed, that waits for the
 * next call.
 */
void vxe_vm_collect_unmapped(struct vxe_vm *vm)
{
	if (!vxe_svm_collect(vm))
		vxe_vm_madvise_autoreset(vm);
}

/**
 * vxe_vm_madvise_autoreset_fini() - drop what was queued for a VM going away
 * @vm: the VM, &vxe_vm.lock held for write
 */
void vxe_vm_madvise_autoreset_fini(struct vxe_vm *vm)
{
	struct vxe_madvise_reset *r, *next;

	list_for_each_entry_safe(r, next, &vm->svm_gc.resets, link)
		kfree(r);
	INIT_LIST_HEAD(&vm->svm_gc.resets);
}

/**
 * vxe_vm_madvise_ioctl() - DRM_IOCTL_XE_MADVISE
 * @drm: the device
 * @data: &struct drm_xe_madvise
 * @file: the caller
 *
 * Return: 0; -EINVAL for bad arguments or a VM that does not exist,
 * -ENOENT for a preferred location that is not a VRAM region or a VM
 * being destroyed, -ENOLINK for another device's VRAM, -EFAULT; or
 * -ENOMEM, -EINTR.
 */
int vxe_vm_madvise_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct vxe_device *vxe = to_vxe_device(drm);
	struct drm_xe_madvise *args = data;
	s32 fd = (s32)args->preferred_mem_loc.devmem_fd;
	u32 __user *retained_ptr = NULL;
	u32 retained = 0;
	struct vxe_vm *vm;
	int ret;

	ret = vxe_madvise_check_args(args);
	if (ret)
		return ret;
	/* Where to say whether the memory is still there: 0 on the way in */
	if (args->type == DRM_XE_VMA_ATTR_PURGEABLE_STATE && args->purge_state_val.retained_ptr) {
		retained_ptr = u64_to_user_ptr(args->purge_state_val.retained_ptr);
		if (get_user(retained, retained_ptr))
			return -EFAULT;
		if (retained)
			return -EINVAL;
	}
	if (args->type == DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC &&
	    fd > DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE) {
		ret = vxe_madvise_check_devmem(vxe, fd, args->preferred_mem_loc.region_instance);
		if (ret)
			return ret;
	}

	vm = vxe_vm_lookup(file, args->vm_id);
	if (!vm)
		return -EINVAL;
	/* Ranges the CPU unmapped are gone before the split looks */
	vxe_svm_flush(vm);
	ret = down_write_killable(&vm->lock);
	if (ret)
		goto out_put;
	if (vm->closed) {
		ret = -ENOENT;
		goto out_unlock;
	}
	/* Attributes the CPU's unmaps took back first */
	vxe_vm_collect_unmapped(vm);

	if (args->type == DRM_XE_VMA_ATTR_PURGEABLE_STATE) {
		ret = vxe_madvise_purgeable(vm, args, &retained);
		goto out_unlock;
	}
	ret = vxe_madvise_check_bos(vm, args);
	if (!ret)
		ret = vxe_madvise_split(vm, args->start);
	if (!ret)
		ret = vxe_madvise_split(vm, args->start + args->range);
	if (!ret)
		vxe_madvise_apply(vm, args);

out_unlock:
	up_write(&vm->lock);
	/* Not under the lock: the write may fault */
	if (!ret && retained_ptr && put_user(retained, retained_ptr))
		ret = -EFAULT;
out_put:
	vxe_vm_put(vm);
	return ret;
}

static void vxe_madvise_report(const struct vxe_vma *vma, struct drm_xe_mem_range_attr *out)
{
	*out = (struct drm_xe_mem_range_attr) {
		.start = vma->gpuva.va.addr,
		.end = vma->gpuva.va.addr + vma->gpuva.va.range,
		.preferred_mem_loc.devmem_fd = (u32)vma->attr.devmem_fd,
		.preferred_mem_loc.migration_policy = vma->attr.migration_policy,
		.atomic.val = vma->attr.atomic,
		.pat_index.val = vma->attr.pat_index,
	};
}

/**
 * vxe_vm_query_mem_range_attrs_ioctl() - DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS
 * @drm: the device
 * @data: &struct drm_xe_vm_query_mem_range_attr
 * @file: the caller
 *
 * With no array, says how many VMAs the range overlaps and the size of an
 * entry; with one, fills an entry per VMA.
 *
 * Return: 0; -EINVAL for bad arguments or a VM that does not exist,
 * -ENOSPC when the array is too small, -EFAULT; or -ENOMEM, -EINTR.
 */
int vxe_vm_query_mem_range_attrs_ioctl(struct drm_device *drm, void *data,
				       struct drm_file *file)
{
	struct drm_xe_vm_query_mem_range_attr *args = data;
	struct drm_xe_mem_range_attr *attrs = NULL;
	u64 end = args->start + args->range;
	struct drm_gpuva *va;
	struct vxe_vm *vm;
	u32 count = 0;
	int ret;

	if (args->extensions || args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (!args->range || args->range > VXE_VM_VA_END ||
	    args->start > VXE_VM_VA_END - args->range)
		return -EINVAL;
	if (!args->num_mem_ranges && (args->vector_of_mem_attr || args->sizeof_mem_range_attr))
		return -EINVAL;
	if (args->num_mem_ranges && (!args->vector_of_mem_attr ||
				     args->sizeof_mem_range_attr != sizeof(*attrs)))
		return -EINVAL;

	vm = vxe_vm_lookup(file, args->vm_id);
	if (!vm)
		return -EINVAL;
	ret = down_read_interruptible(&vm->lock);
	if (ret)
		goto out_put;

	drm_gpuvm_for_each_va_range(va, &vm->gpuvm, args->start, end)
		count++;
	if (!args->num_mem_ranges) {
		args->num_mem_ranges = count;
		args->sizeof_mem_range_attr = sizeof(*attrs);
		goto out_unlock;
	}
	if (count > args->num_mem_ranges) {
		ret = -ENOSPC;
		goto out_unlock;
	}
	if (count) {
		attrs = kvmalloc_objs(*attrs, count, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (!attrs) {
			ret = -ENOMEM;
			goto out_unlock;
		}
	}
	count = 0;
	drm_gpuvm_for_each_va_range(va, &vm->gpuvm, args->start, end)
		vxe_madvise_report(gpuva_to_vxe_vma(va), &attrs[count++]);
	up_read(&vm->lock);

	/* Not under the lock: the copy may fault, and the fault migrate */
	if (count && copy_to_user(u64_to_user_ptr(args->vector_of_mem_attr), attrs,
				  count * sizeof(*attrs)))
		ret = -EFAULT;
	else
		args->num_mem_ranges = count;
	kvfree(attrs);
	goto out_put;

out_unlock:
	up_read(&vm->lock);
out_put:
	vxe_vm_put(vm);
	return ret;
}

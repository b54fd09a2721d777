// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: VMs
 *
 * A VM is a GPU address space: a drm_gpuvm for VA bookkeeping, the page
 * tables (vxe_pt) and a hardware ASID, created by DRM_IOCTL_XE_VM_CREATE
 * and named by an id in the creating file. Mappings are &struct vxe_vma,
 * made and removed by VM_BIND (see "VM_BIND").
 *
 * A VM lives as long as its drm_gpuvm reference count: the file's id holds
 * one, every VMA and every drm_gpuvm_bo another, and ioctls hold one
 * while they use it. VM_DESTROY (or closing the file) *closes* it: the
 * ASID is disabled and its TLB entries dropped, every mapping is removed
 * and the page tables freed, so that no engine can reach memory through
 * it any more; the structure goes when the last reference does.
 *
 * DOC: Locking
 *
 * In the order they are taken:
 *
 * - &vxe_exec_queue.lock of the queue an EXEC or a VM_BIND runs on.
 * - &vxe_vm.lock (rw_semaphore): binds and VM teardown hold it for write;
 *   they change the VMA tree and the page tables' shape. So does the
 *   worker that frees what a deferred bind leaves, once it is applied.
 * - dma-resv of the VM (shared by its VM-private BOs) and of external
 *   BOs, taken together with drm_exec. A BO's reservation protects its
 *   placement and its list of VMAs (the drm_gpuvm_bo links), and is held
 *   when TTM moves it, which zaps its mappings (vxe_vm_bo_move_notify()).
 * - the gpusvm notifier lock of the VM (&vxe_vm.svm): page-table entries
 *   are written under it (read by commits, write by zaps), and userptr
 *   validity is decided under it. MMU notifiers take it for write and
 *   may be called from reclaim, so nothing is allocated while it is held.
 * - &vxe_vm.preempt.lock (mutex) of a long-running VM without faults,
 *   around suspending or resuming its queues: taken with a BO's
 *   reservation held (eviction) or the notifier lock held for read
 *   (resuming), never around an allocation.
 * - &vxe_vm.bind.lock (spinlock) around the list of deferred binds.
 * - &vxe_device.mmio_lock (spinlock) for register sequences.
 *
 * Binds and teardown sleep; MMU-notifier callbacks sleep in the TLB
 * invalidation wait, which the device model completes without allocating,
 * and wait for fences: of the VM's jobs and of its deferred binds, whose
 * run_job takes only the notifier lock for read.
 */

#include <kunit/visibility.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/sched/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_exec.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bind_job.h"
#include "vxe_bo.h"
#include "vxe_device.h"
#include "vxe_exec_queue.h"
#include "vxe_hw.h"
#include "vxe_pt.h"
#include "vxe_svm.h"
#include "vxe_tlb_inval.h"
#include "vxe_userptr.h"
#include "vxe_vm.h"
#include "vxe_vm_bind.h"

/* Preemption of long-running VMs without faults */

static bool vxe_vm_preempts(const struct vxe_vm *vm)
{
	return (vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE) &&
	       !(vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE);
}

/**
 * vxe_vm_may_evict_own() - whether a bind may evict the VM's own BOs
 * @vm: the VM
 *
 * Xe's per-VM overcommit: a dma-fence VM may, as its jobs wait for what
 * EXEC makes resident; a faulting one may unless created with
 * NO_VM_OVERCOMMIT, as its work faults the evicted BOs back in. A
 * long-running VM without faults may not: its queues run on all its BOs.
 *
 * Return: true if VM_BIND may make room by evicting the VM's BOs.
 */
bool vxe_vm_may_evict_own(const struct vxe_vm *vm)
{
	if (!(vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE))
		return true;
	return (vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) &&
	       !(vm->flags & DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT);
}

/*
 * Map again what was zapped, then let the queues run. If something is
 * being zapped or was zapped meanwhile they stay suspended, and the zap
 * queues this again.
 */
static void vxe_vm_preempt_work(struct work_struct *work)
{
	struct vxe_vm *vm = container_of(work, struct vxe_vm, preempt.work);
	struct vxe_exec_queue *q;
	int ret = 0;

	down_write(&vm->lock);
	if (!vm->closed)
		ret = vxe_vm_rebind(vm, 0, VXE_VM_VA_END, false, NULL);
	/* What could not be mapped makes the work that uses it fail */
	if (ret)
		drm_dbg(&vm->vxe->drm, "rebind of VM %u failed: %d\n", vm->asid, ret);

	down_read(&vm->svm.notifier_lock);
	/* A zap under way queues this again when it is done */
	if (!vm->preempt.zapping && (ret || !vm->rebind)) {
		mutex_lock(&vm->preempt.lock);
		list_for_each_entry(q, &vm->preempt.queues, vm_link)
			vxe_exec_queue_resume(q);
		mutex_unlock(&vm->preempt.lock);
	}
	up_read(&vm->svm.notifier_lock);
	up_write(&vm->lock);
}

/**
 * vxe_vm_zap_begin() - make sure no work of the VM uses what is zapped next
 * @vm: the VM; its gpusvm notifier lock not held
 * @wait_jobs: wait for the VM's jobs (for a userptr: TTM waits for a BO's)
 *
 * Before a mapping is zapped and its memory given back, no engine may be
 * using it, and no deferred bind may still write its entries. Deferred
 * binds are waited for; then a dma-fence VM waits for its jobs (their
 * fences are in its reservation), a long-running VM without faults
 * suspends its queues; a faulting VM needs nothing, its work faults.
 * Every zap that follows of a mapping that is mapped sets
 * &vxe_vm.rebind in the notifier-lock section that zaps; the queues stay
 * suspended until vxe_vm_zap_end() and a rebind of everything.
 * Context: may sleep; allocates nothing.
 */
void vxe_vm_zap_begin(struct vxe_vm *vm, bool wait_jobs)
{
	struct vxe_exec_queue *q;

	/* No deferred bind may write an entry behind the zap */
	vxe_vm_bind_flush(vm);

	down_write(&vm->svm.notifier_lock);
	vm->preempt.zapping++;
	up_write(&vm->svm.notifier_lock);

	if (vxe_vm_preempts(vm)) {
		mutex_lock(&vm->preempt.lock);
		list_for_each_entry(q, &vm->preempt.queues, vm_link)
			vxe_exec_queue_suspend(q);
		mutex_unlock(&vm->preempt.lock);
	} else if (wait_jobs && !(vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE)) {
		dma_resv_wait_timeout(drm_gpuvm_resv(&vm->gpuvm), DMA_RESV_USAGE_BOOKKEEP,
				      false, MAX_SCHEDULE_TIMEOUT);
	}
}

/**
 * vxe_vm_zap_end() - the zaps vxe_vm_zap_begin() prepared are done
 * @vm: the VM
 *
 * A long-running VM without faults maps again and resumes its queues in a
 * worker.
 */
void vxe_vm_zap_end(struct vxe_vm *vm)
{
	down_write(&vm->svm.notifier_lock);
	vm->preempt.zapping--;
	up_write(&vm->svm.notifier_lock);

	if (vxe_vm_preempts(vm))
		queue_work(system_dfl_wq, &vm->preempt.work);
}

/**
 * vxe_vm_zap_vma() - zap what the page tables hold of a mapping
 * @vm: the VM, between vxe_vm_zap_begin() and vxe_vm_zap_end()
 * @vma: a mapping with page tables of its own (not a mirror)
 *
 * Clears its entries in place and has the TLB forget them; the mapping is
 * bound again at its next use (vxe_vm_rebind()).
 */
void vxe_vm_zap_vma(struct vxe_vm *vm, struct vxe_vma *vma)
{
	struct drm_gpuva *va = &vma->gpuva;
	bool zapped;

	down_write(&vm->svm.notifier_lock);
	zapped = vma->pt.present && !vma->pt.invalidated;
	vxe_pt_zap(&vm->pt, va->va.addr, va->va.addr + va->va.range, &vma->pt);
	/* One not mapped now was zapped before, or is being mapped */
	if (zapped)
		vm->rebind = true;
	up_write(&vm->svm.notifier_lock);
	if (zapped)
		vxe_tlb_inval_range(vm->vxe, vm->asid, va->va.addr, va->va.range);
	drm_gpuva_invalidate(va, true);
}

/**
 * vxe_vm_add_queue() - run an exec queue in a VM
 * @vm: the VM
 * @q: a new queue of it, with its context
 */
void vxe_vm_add_queue(struct vxe_vm *vm, struct vxe_exec_queue *q)
{
	if (!vxe_vm_preempts(vm))
		return;
	down_read(&vm->svm.notifier_lock);
	mutex_lock(&vm->preempt.lock);
	list_add_tail(&q->vm_link, &vm->preempt.queues);
	/* As the others, until the zap under way is done and mapped again */
	if (vm->preempt.zapping)
		vxe_exec_queue_suspend(q);
	mutex_unlock(&vm->preempt.lock);
	up_read(&vm->svm.notifier_lock);
}

/**
 * vxe_vm_remove_queue() - an exec queue is going away
 * @vm: the VM
 * @q: the queue, before its context is destroyed
 */
void vxe_vm_remove_queue(struct vxe_vm *vm, struct vxe_exec_queue *q)
{
	if (!vxe_vm_preempts(vm))
		return;
	mutex_lock(&vm->preempt.lock);
	list_del(&q->vm_link);
	mutex_unlock(&vm->preempt.lock);
}

static void vxe_vm_free(struct drm_gpuvm *gpuvm)
{
	struct vxe_vm *vm = gpuvm_to_vxe_vm(gpuvm);
	struct vxe_device *vxe = vm->vxe;
	struct vxe_vm_fault_entry *e, *next;

	cancel_work_sync(&vm->preempt.work);
	mutex_destroy(&vm->preempt.lock);
	vxe_vm_bind_fini(vm);
	vxe_svm_fini(vm);
	vxe_pt_tree_fini(&vm->pt);
	if (vm->scratch)
		dma_free_coherent(vxe->drm.dev, PAGE_SIZE, vm->scratch, vm->scratch_dma);
	list_for_each_entry_safe(e, next, &vm->faults.list, link)
		kfree(e);
	kfree(vm);
}

static const struct drm_gpuvm_ops vxe_gpuvm_ops = {
	.vm_free = vxe_vm_free,
	.sm_step_map = vxe_vm_sm_step_map,
	.sm_step_remap = vxe_vm_sm_step_remap,
	.sm_step_unmap = vxe_vm_sm_step_unmap,
};

/* Program (or with !enable, disable) the VM's ASID */
static void vxe_vm_program(struct vxe_vm *vm, bool enable)
{
	struct vxe_device *vxe = vm->vxe;
	u64 root = enable ? vxe_pt_tree_root(&vm->pt) : 0;
	u32 ctl = 0;

	if (enable) {
		ctl = VXE_VM_CTL_ENABLE;
		if (vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE)
			ctl |= VXE_VM_CTL_FAULT_MODE;
		if (vm->flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE)
			ctl |= VXE_VM_CTL_SCRATCH;
	}

	spin_lock(&vxe->mmio_lock);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_VM_SELECT, vm->asid);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_VM_ROOT_LO, lower_32_bits(root));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_VM_ROOT_HI, upper_32_bits(root));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_VM_SCRATCH_LO, lower_32_bits(vm->scratch_dma));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_VM_SCRATCH_HI, upper_32_bits(vm->scratch_dma));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_VM_CTL, ctl);
	spin_unlock(&vxe->mmio_lock);
}

/**
 * vxe_vm_create() - create a VM
 * @vxe: the device
 * @flags: DRM_XE_VM_CREATE_FLAG_*, already checked
 *
 * Return: the VM with one reference, or an ERR_PTR().
 */
struct vxe_vm *vxe_vm_create(struct vxe_device *vxe, u32 flags)
{
	struct drm_gem_object *r_obj;
	struct vxe_vm *vm;
	u32 asid;
	int ret;

	vm = kzalloc_obj(*vm);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	vm->vxe = vxe;
	vm->flags = flags;
	init_rwsem(&vm->lock);
	spin_lock_init(&vm->faults.lock);
	INIT_LIST_HEAD(&vm->faults.list);
	mutex_init(&vm->preempt.lock);
	INIT_LIST_HEAD(&vm->preempt.queues);
	spin_lock_init(&vm->bind.lock);
	INIT_LIST_HEAD(&vm->bind.pending);
	INIT_WORK(&vm->preempt.work, vxe_vm_preempt_work);

	/*
	 * ASID 0 belongs to the kernel's migration context. The entry stays
	 * NULL (invisible to the fault handler) until the VM is complete.
	 */
	ret = xa_alloc(&vxe->asids, &asid, NULL, XA_LIMIT(1, vxe->info.max_asids - 1),
		       GFP_KERNEL);
	if (ret)
		goto err_free;
	vm->asid = asid;

	ret = vxe_svm_init(vm);
	if (ret)
		goto err_asid;

	ret = vxe_pt_tree_init(&vm->pt, vxe->drm.dev, vxe->info.page_sizes,
			       vxe->info.vram_min_page, &vm->svm.notifier_lock);
	if (ret)
		goto err_svm;

	if (flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE) {
		vm->scratch = dma_alloc_coherent(vxe->drm.dev, PAGE_SIZE, &vm->scratch_dma,
						 GFP_KERNEL);
		if (!vm->scratch) {
			ret = -ENOMEM;
			goto err_pt;
		}
	}

	r_obj = drm_gpuvm_resv_object_alloc(&vxe->drm);
	if (!r_obj) {
		ret = -ENOMEM;
		goto err_scratch;
	}
	drm_gpuvm_init(&vm->gpuvm, "vxe VM", DRM_GPUVM_RESV_PROTECTED, &vxe->drm, r_obj,
		       0, VXE_VM_VA_END, 0, 0, &vxe_gpuvm_ops);
	drm_gem_object_put(r_obj);

	/* From here on, vxe_vm_free() releases everything */
	vxe_vm_program(vm, true);
	xa_store(&vxe->asids, vm->asid, vm, GFP_KERNEL);
	return vm;

err_scratch:
	if (vm->scratch)
		dma_free_coherent(vxe->drm.dev, PAGE_SIZE, vm->scratch, vm->scratch_dma);
err_pt:
	vxe_pt_tree_fini(&vm->pt);
err_svm:
	vxe_svm_fini(vm);
err_asid:
	xa_erase(&vxe->asids, vm->asid);
err_free:
	kfree(vm);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_vm_create);

/**
 * vxe_vm_put() - drop a reference
 * @vm: the VM
 */
void vxe_vm_put(struct vxe_vm *vm)
{
	drm_gpuvm_put(&vm->gpuvm);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_vm_put);

/**
 * vxe_vm_resv_obj() - the object whose reservation is the VM's
 * @vm: the VM
 *
 * Return: the object; VM-private BOs share its reservation.
 */
struct drm_gem_object *vxe_vm_resv_obj(struct vxe_vm *vm)
{
	return drm_gpuvm_resv_obj(&vm->gpuvm);
}

/**
 * vxe_vm_lookup() - find a VM of a file by id
 * @file: the file
 * @id: the VM id
 *
 * Return: the VM with a reference the caller drops with vxe_vm_put(), or
 * NULL.
 */
struct vxe_vm *vxe_vm_lookup(struct drm_file *file, u32 id)
{
	struct vxe_file *vf = file->driver_priv;
	struct vxe_vm *vm;

	xa_lock(&vf->vms);
	vm = xa_load(&vf->vms, id);
	if (vm)
		drm_gpuvm_get(&vm->gpuvm);
	xa_unlock(&vf->vms);
	return vm;
}

/**
 * vxe_vm_close() - take a VM out of service
 * @vm: the VM
 *
 * Disables the ASID, forgets its translations and removes every mapping,
 * so that no engine can reach memory through the VM any more.
 */
void vxe_vm_close(struct vxe_vm *vm)
{
	struct vxe_validation val = { .vxe = vm->vxe };
	struct vxe_exec_queue *bind_q;
	struct drm_gpuva *va, *next;
	struct drm_exec exec;
	int ret;

	vxe_svm_stop(vm);
	down_write(&vm->lock);
	vm->closed = true;
	bind_q = vm->bind.q;
	vm->bind.q = NULL;
	vxe_vm_program(vm, false);
	vxe_tlb_inval_asid(vm->vxe, vm->asid);
	/* A closed VM takes no faults; its ASID is free for the next VM */
	xa_erase(&vm->vxe->asids, vm->asid);

	/* Unlinking needs the VM's reservation and those of the BOs */
	vxe_validation_begin(&val, false);
	drm_exec_init(&exec, DRM_EXEC_IGNORE_DUPLICATES, 0);
	drm_exec_until_all_locked(&exec) {
		ret = drm_exec_lock_obj(&exec, vxe_vm_resv_obj(vm));
		drm_exec_retry_on_contention(&exec);
		if (WARN_ON(ret))
			break;
		drm_gpuvm_for_each_va(va, &vm->gpuvm) {
			if (!va->vm_bo)
				continue;
			ret = drm_exec_lock_obj(&exec, va->gem.obj);
			drm_exec_retry_on_contention(&exec);
			if (WARN_ON(ret))
				break;
		}
	}

	drm_gpuvm_for_each_va_safe(va, next, &vm->gpuvm) {
		drm_gpuva_remove(va);
		vxe_vma_destroy(vm, gpuva_to_vxe_vma(va));
	}
	drm_exec_fini(&exec);
	vxe_validation_end(&val);
	/* No more faults: the SVM ranges go, and the process's mm with them */
	vxe_svm_close(vm);
	up_write(&vm->lock);

	/* Its binds' jobs hold the VM, which is freed after them */
	if (bind_q)
		vxe_exec_queue_destroy(bind_q);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_vm_close);

/**
 * vxe_vm_bo_move_notify() - a BO's memory is about to move
 * @bo: the BO, reserved
 *
 * Zaps every GPU mapping of @bo and waits for the TLBs to forget them, so
 * that no engine can reach the memory TTM is about to release. The
 * mappings are rebound at their next use.
 */
void vxe_vm_bo_move_notify(struct vxe_bo *bo)
{
	struct drm_gem_object *obj = &bo->ttm.base;
	struct drm_gpuvm_bo *vm_bo;
	struct drm_gpuva *va;

	dma_resv_assert_held(obj->resv);

	drm_gem_for_each_gpuvm_bo(vm_bo, obj) {
		struct vxe_vm *vm = gpuvm_to_vxe_vm(vm_bo->vm);

		/* TTM waited for the jobs; long-running work is suspended */
		vxe_vm_zap_begin(vm, false);
		drm_gpuvm_bo_for_each_va(va, vm_bo)
			vxe_vm_zap_vma(vm, gpuva_to_vxe_vma(va));
		vxe_vm_zap_end(vm);
	}
}

/* Faults */

static u8 vxe_vm_fault_access(u8 access)
{
	switch (access) {
	case VXE_ACCESS_WRITE:
		return FAULT_ACCESS_TYPE_WRITE;
	case VXE_ACCESS_ATOMIC:
		return FAULT_ACCESS_TYPE_ATOMIC;
	default:
		return FAULT_ACCESS_TYPE_READ;
	}
}

static u8 vxe_vm_fault_type(u8 type)
{
	switch (type) {
	case VXE_FAULT_WRITE_PROTECTED:
		return FAULT_TYPE_WRITE_ACCESS;
	case VXE_FAULT_ATOMIC_DISABLED:
		return FAULT_TYPE_ATOMIC_ACCESS;
	default:
		return FAULT_TYPE_NOT_PRESENT;
	}
}

/**
 * vxe_vm_fault_record() - keep a fault the driver could not resolve
 * @vm: the VM it happened in
 * @desc: the device's description of it
 *
 * The list, reported by DRM_XE_VM_GET_PROPERTY_FAULTS, keeps the first
 * %VXE_VM_MAX_FAULTS of them, as Xe's does.
 */
void vxe_vm_fault_record(struct vxe_vm *vm, const struct vxe_hw_fault_desc *desc)
{
	struct vxe_vm_fault_entry *e;

	e = kzalloc_obj(*e, GFP_NOWAIT);
	if (!e)
		return;
	e->fault = (struct xe_vm_fault) {
		.address = le64_to_cpu(desc->va) & PAGE_MASK,
		.address_precision = SZ_4K,
		.access_type = vxe_vm_fault_access(desc->access),
		.fault_type = vxe_vm_fault_type(desc->type),
		/* The device's levels count up from the PTE, as the uAPI's */
		.fault_level = min_t(u8, desc->level, FAULT_LEVEL_PML5),
	};

	spin_lock(&vm->faults.lock);
	if (vm->faults.len < VXE_VM_MAX_FAULTS) {
		list_add_tail(&e->link, &vm->faults.list);
		vm->faults.len++;
		e = NULL;
	}
	spin_unlock(&vm->faults.lock);
	kfree(e);
}

/**
 * vxe_vm_cat_error_record() - keep a translation error of a context
 * @vm: the VM of the context
 * @addr: the address that had no translation
 *
 * A VM not in fault mode takes no faults: the access that found no
 * translation stopped its context. It is recorded as a fault nothing
 * could resolve, as Xe's are; the device does not say which access it
 * was, so it is reported as a read of a page that is not present.
 * Context: any; allocates nothing that may sleep.
 */
void vxe_vm_cat_error_record(struct vxe_vm *vm, u64 addr)
{
	const struct vxe_hw_fault_desc desc = {
		.va = cpu_to_le64(addr),
		.asid = cpu_to_le32(vm->asid),
		.access = VXE_ACCESS_READ,
		.type = VXE_FAULT_NOT_PRESENT,
	};

	vxe_vm_fault_record(vm, &desc);
}

/* Tries at mapping a VMA that keeps being invalidated while it is mapped */
#define VXE_VM_FAULT_TRIES	4

/*
 * Map what a fault at @addr needs: the VMA there, whole. Return: 0 to
 * have the context retry, or why the fault cannot be resolved.
 */
static int vxe_vm_fault_resolve(struct vxe_vm *vm, u64 addr, u8 access)
{
	struct drm_gpuva *va;
	struct vxe_vma *vma;
	int ret = -EFAULT, i;
	bool mapped;

	down_write(&vm->lock);
	if (vm->closed) {
		ret = -ENOENT;
		goto out;
	}
	/* Before the lookup: an autoreset may replace the VMA */
	vxe_vm_collect_unmapped(vm);
	va = drm_gpuva_find_first(&vm->gpuvm, addr & PAGE_MASK, PAGE_SIZE);
	if (!va)
		goto out;
	vma = gpuva_to_vxe_vma(va);
	if (access != VXE_ACCESS_READ && (vma->flags & VXE_VMA_READ_ONLY)) {
		ret = -EACCES;
		goto out;
	}
	if (vma->flags & VXE_VMA_CPU_ADDR_MIRROR) {
		ret = vxe_svm_fault(vm, vma, addr, access);
		goto out;
	}
	/* madvise left atomics to the CPU: the mapping has none */
	if (access == VXE_ACCESS_ATOMIC && vma->attr.atomic == DRM_XE_ATOMIC_CPU) {
		ret = -EACCES;
		goto out;
	}
	/* As Xe: memory that may be purged, or was, is not for the GPU */
	if (vxe_vma_has_bo(vma) && vxe_bo_purgeable(gem_to_vxe_bo(va->gem.obj)) &&
	    !(vm->flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE)) {
		ret = -EACCES;
		goto out;
	}

	/* The tree does not change under our lock: @vma stays */
	for (i = 0; i < VXE_VM_FAULT_TRIES; i++) {
		/* As Xe's fault handler: the VM's own BOs make room */
		ret = vxe_vm_rebind(vm, va->va.addr, va->va.addr + va->va.range, true, NULL);
		if (ret)
			break;
		down_read(&vm->svm.notifier_lock);
		mapped = vma->pt.present && !vma->pt.invalidated;
		up_read(&vm->svm.notifier_lock);
		if (mapped)
			break;
		/* A userptr whose memory is gone is left unmapped */
		ret = -EFAULT;
	}
out:
	up_write(&vm->lock);
	return ret;
}

/*
 * The device's fault handler (&vxe_device.fault.handler), called by the
 * fault consumer's worker. A fault on a VMA is resolved by mapping it: one
 * bound without IMMEDIATE in a faulting VM, or zapped since (its BO moved,
 * its userptr invalidated). Anything else (no VMA, a write to a read-only
 * one, memory that is gone) is recorded in its VM and fails the context,
 * as in Xe.
 */
static int vxe_vm_fault_handler(struct vxe_device *vxe, const struct vxe_hw_fault_desc *desc)
{
	struct vxe_vm *vm;
	int ret;

	xa_lock(&vxe->asids);
	vm = xa_load(&vxe->asids, le32_to_cpu(desc->asid));
	if (vm)
		drm_gpuvm_get(&vm->gpuvm);
	xa_unlock(&vxe->asids);
	if (!vm)
		return -ENOENT;

	ret = vxe_vm_fault_resolve(vm, le64_to_cpu(desc->va), desc->access);
	if (ret)
		vxe_vm_fault_record(vm, desc);
	vxe_vm_put(vm);
	return ret;
}

/**
 * vxe_vm_device_init() - make the VM layer the device's fault handler
 * @vxe: the device
 */
void vxe_vm_device_init(struct vxe_device *vxe)
{
	vxe->fault.handler = vxe_vm_fault_handler;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_vm_device_init);

/* Files */

/**
 * vxe_file_open() - set up a new file's state
 * @drm: the device
 * @file: the file
 *
 * Return: 0 or -ENOMEM.
 */
int vxe_file_open(struct drm_device *drm, struct drm_file *file)
{
	struct vxe_file *vf;

	vf = kzalloc_obj(*vf);
	if (!vf)
		return -ENOMEM;
	xa_init_flags(&vf->vms, XA_FLAGS_ALLOC1);
	xa_init_flags(&vf->queues, XA_FLAGS_ALLOC1);
	spin_lock_init(&vf->ticks_lock);
	file->driver_priv = vf;
	return 0;
}

/**
 * vxe_file_close() - kill every exec queue of a file, close every VM
 * @drm: the device
 * @file: the file
 */
void vxe_file_close(struct drm_device *drm, struct drm_file *file)
{
	struct vxe_file *vf = file->driver_priv;
	struct vxe_vm *vm;
	unsigned long id;

	/* Queues first: their work runs in the VMs */
	vxe_exec_queues_close(vf);

	xa_for_each(&vf->vms, id, vm) {
		xa_erase(&vf->vms, id);
		vxe_vm_close(vm);
		vxe_vm_put(vm);
	}
	xa_destroy(&vf->vms);
	kfree(vf);
}

/* Ioctls */

#define VXE_VM_CREATE_FLAGS	(DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE | \
				 DRM_XE_VM_CREATE_FLAG_LR_MODE | \
				 DRM_XE_VM_CREATE_FLAG_FAULT_MODE | \
				 DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT)

/**
 * vxe_vm_create_ioctl() - DRM_IOCTL_XE_VM_CREATE
 * @drm: the device
 * @data: &struct drm_xe_vm_create
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's.
 */
int vxe_vm_create_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct vxe_device *vxe = to_vxe_device(drm);
	struct vxe_file *vf = file->driver_priv;
	struct drm_xe_vm_create *args = data;
	struct vxe_vm *vm;
	u32 id;
	int ret;

	if (args->extensions)
		return -EINVAL;
	if (args->reserved[0] || args->reserved[1])
		return -EINVAL;
	if (args->flags & ~VXE_VM_CREATE_FLAGS)
		return -EINVAL;
	/*
	 * As on Xe2 parts without the scratch-page fault workaround: a
	 * faulting VM must not also map unbacked addresses to scratch.
	 */
	if ((args->flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE) &&
	    (args->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE))
		return -EINVAL;
	if ((args->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) &&
	    !(args->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE))
		return -EINVAL;
	if ((args->flags & DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT) &&
	    !(args->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE))
		return -EINVAL;

	vm = vxe_vm_create(vxe, args->flags);
	if (IS_ERR(vm))
		return PTR_ERR(vm);

	/* For binds that name no queue */
	vm->bind.q = vxe_exec_queue_create_bind(vm);
	if (IS_ERR(vm->bind.q)) {
		ret = PTR_ERR(vm->bind.q);
		vm->bind.q = NULL;
		goto err;
	}

	ret = xa_alloc(&vf->vms, &id, vm, xa_limit_32b, GFP_KERNEL);
	if (ret) {
err:
		vxe_vm_close(vm);
		vxe_vm_put(vm);
		return ret;
	}
	args->vm_id = id;
	return 0;
}

/**
 * vxe_vm_get_property_ioctl() - DRM_IOCTL_XE_VM_GET_PROPERTY
 * @drm: the device
 * @data: &struct drm_xe_vm_get_property
 * @file: the caller
 *
 * DRM_XE_VM_GET_PROPERTY_FAULTS, the only property, copies out the faults
 * recorded in the VM: with @size 0 it reports the size they need.
 *
 * Return: 0 or a negative errno, as Xe's.
 */
int vxe_vm_get_property_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct drm_xe_vm_get_property *args = data;
	struct vxe_vm_fault_entry *e;
	struct xe_vm_fault *out;
	struct vxe_vm *vm;
	u32 count, i = 0;
	size_t have;
	int ret = 0;

	if (args->reserved[0] || args->reserved[1] || args->reserved[2] ||
	    args->extensions || args->pad)
		return -EINVAL;

	vm = vxe_vm_lookup(file, args->vm_id);
	if (!vm)
		return -ENOENT;

	if (args->property != DRM_XE_VM_GET_PROPERTY_FAULTS) {
		ret = -EINVAL;
		goto out;
	}

	spin_lock(&vm->faults.lock);
	have = size_mul(sizeof(*out), vm->faults.len);
	spin_unlock(&vm->faults.lock);
	if (!args->size) {
		args->size = have;
		goto out;
	}
	if (args->size > have || args->size % sizeof(*out)) {
		ret = -EINVAL;
		goto out;
	}

	count = args->size / sizeof(*out);
	out = kcalloc(count, sizeof(*out), GFP_KERNEL);
	if (!out) {
		ret = -ENOMEM;
		goto out;
	}
	spin_lock(&vm->faults.lock);
	list_for_each_entry(e, &vm->faults.list, link) {
		if (i == count)
			break;
		out[i++] = e->fault;
	}
	spin_unlock(&vm->faults.lock);
	if (copy_to_user(u64_to_user_ptr(args->data), out, args->size))
		ret = -EFAULT;
	kfree(out);
out:
	vxe_vm_put(vm);
	return ret;
}

/**
 * vxe_vm_destroy_ioctl() - DRM_IOCTL_XE_VM_DESTROY
 * @drm: the device
 * @data: &struct drm_xe_vm_destroy
 * @file: the caller
 *
 * Return: 0 or a negative errno, as Xe's.
 */
int vxe_vm_destroy_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct vxe_file *vf = file->driver_priv;
	struct drm_xe_vm_destroy *args = data;
	struct vxe_vm *vm;

	if (args->pad || args->reserved[0] || args->reserved[1])
		return -EINVAL;

	vm = xa_erase(&vf->vms, args->vm_id);
	if (!vm)
		return -ENOENT;
	vxe_vm_close(vm);
	vxe_vm_put(vm);
	return 0;
}

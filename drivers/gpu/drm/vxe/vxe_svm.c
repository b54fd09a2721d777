// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: SVM
 *
 * A VM in fault mode mirrors the address space of the process that made it
 * with drm_gpusvm: a VMA bound with DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR has
 * no page tables and no &struct vxe_pt_state of its own; the GPU may use
 * any CPU address inside it. The three parts the drm_gpusvm overview asks
 * of a driver are:
 *
 * - the fault handler, vxe_svm_fault(), called for a fault in a mirror VMA
 *   with &vxe_vm.lock held for write: it collects dead ranges, finds or
 *   inserts the &struct vxe_svm_range around the address (2M, 64K or 4K,
 *   within the CPU VMA, the GPU VMA and the notifier), gets its pages with
 *   HMM and maps them, the range's own &vxe_svm_range.pt recording what
 *   the page tables hold. Pages invalidated meanwhile make it start over.
 *   A range of 2M whose pages are a transparent huge page gets a 2M leaf.
 * - the notifier callback, vxe_svm_invalidate(), called by drm_gpusvm with
 *   the notifier lock held for write: it zaps the entries of the ranges the
 *   change touches, has the TLB forget them and waits, unmaps their pages
 *   for DMA, and queues ranges whose CPU mapping is gone (munmap, also in
 *   part) for the collector.
 * - the garbage collector, vxe_svm_collect(), which runs in a worker (and
 *   before each fault) under &vxe_vm.lock: it unmaps the dead ranges from
 *   the page tables, freeing the tables left empty, and removes them.
 *
 * With VRAM (see "VRAM for SVM"), a fault first migrates a range to VRAM,
 * as Xe does by default, unless it is smaller than the device maps VRAM
 * with (64K on a DG2-like device); where that fails (VRAM taken, memory
 * in use) the fault is served from system memory. A range whose
 * pages are in VRAM and system memory both is moved to system memory
 * whole, then faulted again.
 *
 * Faults, invalidations and collection count into debugfs ``gt0/stats``,
 * under Xe's names, and have tracepoints (vxe:vxe_svm_*): range insert,
 * bind, invalidate and collect, and each fault's outcome and time.
 */

#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <drm/drm_pagemap.h>
#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bind_job.h"
#include "vxe_device.h"
#include "vxe_device_types.h"
#include "vxe_pagemap.h"
#include "vxe_pt.h"
#include "vxe_svm.h"
#include "vxe_tlb_inval.h"
#include "vxe_trace.h"
#include "vxe_userptr.h"
#include "vxe_vm.h"

/* Range sizes, largest first, as Xe's */
static const unsigned long vxe_svm_chunk_sizes[] = { SZ_2M, SZ_64K, SZ_4K };

/* How long the CPU leaves a range migrated for an atomic in VRAM, as Xe's */
#define VXE_SVM_ATOMIC_TIMESLICE_MS	5

/* Each notifier covers this much of the address space, as Xe's default */
#define VXE_SVM_NOTIFIER_SIZE	SZ_512M

/* Starts over of one fault when its pages keep being invalidated */
#define VXE_SVM_FAULT_TRIES	16

static const char *const vxe_svm_stat_names[VXE_SVM_STAT_COUNT] = {
	[VXE_SVM_STAT_PAGEFAULT_COUNT] = "svm_pagefault_count",
	[VXE_SVM_STAT_4K_PAGEFAULT_COUNT] = "svm_4K_pagefault_count",
	[VXE_SVM_STAT_64K_PAGEFAULT_COUNT] = "svm_64K_pagefault_count",
	[VXE_SVM_STAT_2M_PAGEFAULT_COUNT] = "svm_2M_pagefault_count",
	[VXE_SVM_STAT_4K_VALID_PAGEFAULT_COUNT] = "svm_4K_valid_pagefault_count",
	[VXE_SVM_STAT_64K_VALID_PAGEFAULT_COUNT] = "svm_64K_valid_pagefault_count",
	[VXE_SVM_STAT_2M_VALID_PAGEFAULT_COUNT] = "svm_2M_valid_pagefault_count",
	[VXE_SVM_STAT_4K_PAGEFAULT_US] = "svm_4K_pagefault_us",
	[VXE_SVM_STAT_64K_PAGEFAULT_US] = "svm_64K_pagefault_us",
	[VXE_SVM_STAT_2M_PAGEFAULT_US] = "svm_2M_pagefault_us",
	[VXE_SVM_STAT_4K_GET_PAGES_US] = "svm_4K_get_pages_us",
	[VXE_SVM_STAT_64K_GET_PAGES_US] = "svm_64K_get_pages_us",
	[VXE_SVM_STAT_2M_GET_PAGES_US] = "svm_2M_get_pages_us",
	[VXE_SVM_STAT_4K_BIND_US] = "svm_4K_bind_us",
	[VXE_SVM_STAT_64K_BIND_US] = "svm_64K_bind_us",
	[VXE_SVM_STAT_2M_BIND_US] = "svm_2M_bind_us",
	[VXE_SVM_STAT_4K_MIGRATE_COUNT] = "svm_4K_migrate_count",
	[VXE_SVM_STAT_64K_MIGRATE_COUNT] = "svm_64K_migrate_count",
	[VXE_SVM_STAT_2M_MIGRATE_COUNT] = "svm_2M_migrate_count",
	[VXE_SVM_STAT_4K_MIGRATE_US] = "svm_4K_migrate_us",
	[VXE_SVM_STAT_64K_MIGRATE_US] = "svm_64K_migrate_us",
	[VXE_SVM_STAT_2M_MIGRATE_US] = "svm_2M_migrate_us",
	[VXE_SVM_STAT_DEVICE_COPY_US] = "svm_device_copy_us",
	[VXE_SVM_STAT_4K_DEVICE_COPY_US] = "svm_4K_device_copy_us",
	[VXE_SVM_STAT_64K_DEVICE_COPY_US] = "svm_64K_device_copy_us",
	[VXE_SVM_STAT_2M_DEVICE_COPY_US] = "svm_2M_device_copy_us",
	[VXE_SVM_STAT_CPU_COPY_US] = "svm_cpu_copy_us",
	[VXE_SVM_STAT_4K_CPU_COPY_US] = "svm_4K_cpu_copy_us",
	[VXE_SVM_STAT_64K_CPU_COPY_US] = "svm_64K_cpu_copy_us",
	[VXE_SVM_STAT_2M_CPU_COPY_US] = "svm_2M_cpu_copy_us",
	[VXE_SVM_STAT_DEVICE_COPY_KB] = "svm_device_copy_kb",
	[VXE_SVM_STAT_4K_DEVICE_COPY_KB] = "svm_4K_device_copy_kb",
	[VXE_SVM_STAT_64K_DEVICE_COPY_KB] = "svm_64K_device_copy_kb",
	[VXE_SVM_STAT_2M_DEVICE_COPY_KB] = "svm_2M_device_copy_kb",
	[VXE_SVM_STAT_CPU_COPY_KB] = "svm_cpu_copy_kb",
	[VXE_SVM_STAT_4K_CPU_COPY_KB] = "svm_4K_cpu_copy_kb",
	[VXE_SVM_STAT_64K_CPU_COPY_KB] = "svm_64K_cpu_copy_kb",
	[VXE_SVM_STAT_2M_CPU_COPY_KB] = "svm_2M_cpu_copy_kb",
	[VXE_SVM_STAT_TLB_INVAL_COUNT] = "svm_tlb_inval_count",
	[VXE_SVM_STAT_TLB_INVAL_US] = "svm_tlb_inval_us",
	[VXE_SVM_STAT_RANGE_COLLECTED_COUNT] = "svm_range_collected_count",
};

static struct vxe_svm_range *to_vxe_svm_range(struct drm_gpusvm_range *r)
{
	return container_of(r, struct vxe_svm_range, base);
}

static struct vxe_vm *gpusvm_to_vxe_vm(struct drm_gpusvm *gpusvm)
{
	return container_of(gpusvm, struct vxe_vm, svm);
}

/**
 * vxe_svm_stat_dev_add() - add to an SVM counter of the device
 * @vxe: the device
 * @stat: the counter
 * @value: what to add
 */
void vxe_svm_stat_dev_add(struct vxe_device *vxe, enum vxe_svm_stat stat, u64 value)
{
	atomic64_add(value, &vxe->svm_stats[stat]);
}

static void vxe_svm_stat_add(struct vxe_vm *vm, enum vxe_svm_stat stat, u64 value)
{
	vxe_svm_stat_dev_add(vm->vxe, stat, value);
}

/* The 4K, 64K or 2M variant of a per-size counter */
static void vxe_svm_stat_size_add(struct vxe_vm *vm, enum vxe_svm_stat stat_4k,
				  struct vxe_svm_range *range, u64 value)
{
	u64 size = drm_gpusvm_range_size(&range->base);

	vxe_svm_stat_add(vm, stat_4k + (size >= SZ_2M ? 2 : size >= SZ_64K ? 1 : 0), value);
}

static u64 vxe_svm_us_since(ktime_t start)
{
	return ktime_us_delta(ktime_get(), start);
}

/**
 * vxe_svm_stats_print() - print the SVM counters, one "name: value" a line
 * @vxe: the device
 * @p: where to
 */
void vxe_svm_stats_print(struct vxe_device *vxe, struct drm_printer *p)
{
	unsigned int i;

	for (i = 0; i < VXE_SVM_STAT_COUNT; i++)
		drm_printf(p, "%s: %lld\n", vxe_svm_stat_names[i],
			   atomic64_read(&vxe->svm_stats[i]));
}

static struct drm_gpusvm_range *vxe_svm_range_alloc(struct drm_gpusvm *gpusvm)
{
	struct vxe_svm_range *range = kzalloc_obj(*range);

	if (!range)
		return NULL;
	INIT_LIST_HEAD(&range->gc_link);
	return &range->base;
}

static void vxe_svm_range_free(struct drm_gpusvm_range *r)
{
	kfree(to_vxe_svm_range(r));
}

/*
 * Zap the mapped ranges of @notifier in [@start, @end), from @r on (NULL:
 * the first), with the notifier lock held for write; [*@zap_start,
 * *@zap_end) grows to cover them.
 */
static void vxe_svm_zap_notifier(struct vxe_vm *vm, struct drm_gpusvm_notifier *notifier,
				 struct drm_gpusvm_range *r, u64 start, u64 end,
				 u64 *zap_start, u64 *zap_end)
{
	lockdep_assert_held_write(&vm->svm.notifier_lock);
	drm_gpusvm_for_each_range(r, notifier, start, end) {
		struct vxe_svm_range *range = to_vxe_svm_range(r);

		if (!range->pt.present || range->pt.invalidated)
			continue;
		vxe_pt_zap(&vm->pt, drm_gpusvm_range_start(r), drm_gpusvm_range_end(r),
			   &range->pt);
		*zap_start = min_t(u64, *zap_start, drm_gpusvm_range_start(r));
		*zap_end = max_t(u64, *zap_end, drm_gpusvm_range_end(r));
	}
}

/*
 * The notifier callback, with the notifier lock held for write: zap, have
 * the TLB forget, unmap the pages, and queue what lost its CPU mapping.
 */
static void vxe_svm_invalidate(struct drm_gpusvm *gpusvm, struct drm_gpusvm_notifier *notifier,
			       const struct mmu_notifier_range *mmu_range)
{
	struct vxe_vm *vm = gpusvm_to_vxe_vm(gpusvm);
	u64 start = max(drm_gpusvm_notifier_start(notifier), mmu_range->start);
	u64 end = min(drm_gpusvm_notifier_end(notifier), mmu_range->end);
	struct drm_gpusvm_ctx ctx = { .in_notifier = true };
	u64 zap_start = U64_MAX, zap_end = 0;
	struct drm_gpusvm_range *r, *first;
	ktime_t t0 = ktime_get();
	bool queued = false;

	first = drm_gpusvm_range_find(notifier, start, end);
	if (!first)
		return;

	/* The tables live as long as the VM, also once it is closed */
	vxe_svm_zap_notifier(vm, notifier, first, start, end, &zap_start, &zap_end);
	trace_vxe_svm_invalidate(vm->asid, start, end, mmu_range->event, zap_end);
	if (zap_end) {
		vxe_tlb_inval_range(vm->vxe, vm->asid, zap_start, zap_end - zap_start);
		vxe_svm_stat_add(vm, VXE_SVM_STAT_TLB_INVAL_COUNT, 1);
		vxe_svm_stat_add(vm, VXE_SVM_STAT_TLB_INVAL_US, vxe_svm_us_since(t0));
	}

	r = first;
	drm_gpusvm_for_each_range(r, notifier, start, end) {
		struct vxe_svm_range *range = to_vxe_svm_range(r);

		drm_gpusvm_range_unmap_pages(gpusvm, r, &ctx);
		if (mmu_range->event != MMU_NOTIFY_UNMAP)
			continue;
		drm_gpusvm_range_set_unmapped(r, mmu_range);
		/* Once: the collector may be removing it right now */
		spin_lock(&vm->svm_gc.lock);
		if (!range->gc_queued) {
			range->gc_queued = true;
			list_add_tail(&range->gc_link, &vm->svm_gc.list);
			queued = true;
		}
		spin_unlock(&vm->svm_gc.lock);
	}
	if (queued)
		queue_work(system_dfl_wq, &vm->svm_gc.work);
}

static const struct drm_gpusvm_ops vxe_svm_ops = {
	.range_alloc = vxe_svm_range_alloc,
	.range_free = vxe_svm_range_free,
	.invalidate = vxe_svm_invalidate,
};

/* Put a range that could not be removed back on the collector's list */
static void vxe_svm_gc_requeue(struct vxe_vm *vm, struct vxe_svm_range *range)
{
	spin_lock(&vm->svm_gc.lock);
	list_add(&range->gc_link, &vm->svm_gc.list);
	spin_unlock(&vm->svm_gc.lock);
}

/* Unmap one dead range from the page tables and remove it */
static int vxe_svm_range_collect(struct vxe_vm *vm, struct vxe_svm_range *range)
{
	u64 start = drm_gpusvm_range_start(&range->base);
	u64 end = drm_gpusvm_range_end(&range->base);
	struct vxe_pt_update update;
	u64 istart, ilen;
	int ret;

	if (range->pt.present) {
		vxe_pt_update_init(&update, &vm->pt);
		ret = vxe_pt_prepare_unmap(&update, start, end, &range->pt);
		if (!ret)
			ret = vxe_vm_bind_wait(vm, start, end, false);
		if (ret) {
			vxe_pt_update_fini(&update);
			return ret;
		}
		down_read(&vm->svm.notifier_lock);
		vxe_pt_commit(&update);
		up_read(&vm->svm.notifier_lock);
		if (vxe_pt_update_needs_inval(&update, &istart, &ilen))
			vxe_tlb_inval_range(vm->vxe, vm->asid, istart, ilen);
		vxe_pt_update_fini(&update);
	}
	trace_vxe_svm_range_collect(vm->asid, start, end);
	drm_gpusvm_range_remove(&vm->svm, &range->base);
	vxe_svm_stat_add(vm, VXE_SVM_STAT_RANGE_COLLECTED_COUNT, 1);
	return 0;
}

/**
 * vxe_svm_collect() - free the ranges whose CPU mapping is gone
 * @vm: the VM, &vxe_vm.lock held for write
 *
 * Where such a range was in a mirror VMA bound with
 * DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET, its span is queued for its
 * attributes to go back to the bind's: the caller may hold a VMA, which
 * that would replace.
 *
 * Return: 0, or -ENOMEM with the ranges not collected left queued.
 */
int vxe_svm_collect(struct vxe_vm *vm)
{
	struct vxe_svm_range *range;
	u64 start, end;
	int ret;

	lockdep_assert_held_write(&vm->lock);
	if (!vm->svm_on)
		return 0;

	for (;;) {
		spin_lock(&vm->svm_gc.lock);
		range = list_first_entry_or_null(&vm->svm_gc.list, struct vxe_svm_range, gc_link);
		if (range)
			list_del(&range->gc_link);
		spin_unlock(&vm->svm_gc.lock);
		if (!range)
			return 0;

		start = drm_gpusvm_range_start(&range->base);
		end = drm_gpusvm_range_end(&range->base);
		ret = vxe_svm_range_collect(vm, range);
		if (ret) {
			vxe_svm_gc_requeue(vm, range);
			return ret;
		}
		vxe_vm_madvise_autoreset_queue(vm, start, end);
	}
}

static void vxe_svm_collect_work(struct work_struct *work)
{
	struct vxe_vm *vm = container_of(work, struct vxe_vm, svm_gc.work);

	down_write(&vm->lock);
	if (!vm->closed)
		vxe_vm_collect_unmapped(vm);
	up_write(&vm->lock);
}

/**
 * vxe_svm_init() - set up a VM's drm_gpusvm
 * @vm: a new VM
 *
 * A VM in fault mode made by a process mirrors its address space; other
 * VMs use drm_gpusvm only for userptr pages and its notifier lock.
 *
 * Return: 0 or a negative errno.
 */
int vxe_svm_init(struct vxe_vm *vm)
{
	struct vxe_device *vxe = vm->vxe;
	int ret;

	spin_lock_init(&vm->svm_gc.lock);
	INIT_LIST_HEAD(&vm->svm_gc.list);
	INIT_LIST_HEAD(&vm->svm_gc.resets);
	INIT_WORK(&vm->svm_gc.work, vxe_svm_collect_work);

	if ((vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) && current->mm &&
	    !(current->flags & PF_KTHREAD)) {
		ret = drm_gpusvm_init(&vm->svm, "vxe SVM", &vxe->drm, current->mm, 0,
				      VXE_VM_VA_END, VXE_SVM_NOTIFIER_SIZE, &vxe_svm_ops,
				      vxe_svm_chunk_sizes, ARRAY_SIZE(vxe_svm_chunk_sizes));
		vm->svm_on = !ret;
	} else {
		ret = drm_gpusvm_init(&vm->svm, "vxe userptr", &vxe->drm, NULL, 0, 0, 0, NULL,
				      NULL, 0);
	}
	if (ret)
		return ret;
	drm_gpusvm_driver_set_lock(&vm->svm, &vm->lock);
	return 0;
}

/**
 * vxe_svm_enabled() - whether a VM mirrors a process's address space
 * @vm: the VM
 *
 * Return: true for a VM in fault mode made by a process.
 */
bool vxe_svm_enabled(const struct vxe_vm *vm)
{
	return vm->svm_on;
}

/**
 * vxe_svm_flush() - let the collector finish what is queued
 * @vm: the VM, &vxe_vm.lock not held
 *
 * Before a bind, so that it sees the ranges that are gone as gone.
 */
void vxe_svm_flush(struct vxe_vm *vm)
{
	if (vm->svm_on)
		flush_work(&vm->svm_gc.work);
}

/**
 * vxe_svm_stop() - stop the collector of a VM about to be closed
 * @vm: the VM; &vxe_vm.lock not held, which the collector takes
 */
void vxe_svm_stop(struct vxe_vm *vm)
{
	disable_work_sync(&vm->svm_gc.work);
}

/**
 * vxe_svm_close() - remove every range and the notifiers of a closed VM
 * @vm: the VM, closed, &vxe_vm.lock held for write, vxe_svm_stop() done
 *
 * The process's address space is let go of here; userptr pages may still
 * be freed afterwards.
 */
void vxe_svm_close(struct vxe_vm *vm)
{
	lockdep_assert_held_write(&vm->lock);
	drm_gpusvm_fini(&vm->svm);
	vm->svm_closed = true;
	vxe_vm_madvise_autoreset_fini(vm);
}

/**
 * vxe_svm_fini() - tear down the drm_gpusvm of a VM never closed
 * @vm: the VM being freed
 */
void vxe_svm_fini(struct vxe_vm *vm)
{
	if (vm->svm_closed)
		return;
	/* drm_gpusvm removes ranges under the driver lock */
	down_write(&vm->lock);
	drm_gpusvm_fini(&vm->svm);
	vxe_vm_madvise_autoreset_fini(vm);
	up_write(&vm->lock);
}

/**
 * vxe_svm_has_mapping() - whether a VA range has SVM ranges
 * @vm: the VM, &vxe_vm.lock held
 * @start: start of the range
 * @end: its end
 *
 * Return: true if the GPU may have mapped part of it through a mirror VMA.
 */
bool vxe_svm_has_mapping(struct vxe_vm *vm, u64 start, u64 end)
{
	return vm->svm_on && drm_gpusvm_has_mapping(&vm->svm, start, end);
}

/**
 * vxe_svm_zap() - zap what the page tables hold of SVM ranges in a span
 * @vm: the VM, &vxe_vm.lock held for write
 * @start: start of the span
 * @end: its end
 *
 * For madvise: the ranges stay, with their pages, and the next GPU access
 * maps them again, by the new attributes. The TLB has forgotten them on
 * return.
 */
void vxe_svm_zap(struct vxe_vm *vm, u64 start, u64 end)
{
	struct drm_gpusvm_notifier *notifier;
	u64 zap_start = U64_MAX, zap_end = 0;

	lockdep_assert_held_write(&vm->lock);
	if (!vm->svm_on)
		return;
	down_write(&vm->svm.notifier_lock);
	drm_gpusvm_for_each_notifier(notifier, &vm->svm, start, end)
		vxe_svm_zap_notifier(vm, notifier, NULL, start, end, &zap_start, &zap_end);
	up_write(&vm->svm.notifier_lock);
	if (zap_end)
		vxe_tlb_inval_range(vm->vxe, vm->asid, zap_start, zap_end - zap_start);
}

/**
 * vxe_svm_split() - remove the SVM range across an address
 * @vm: the VM, &vxe_vm.lock held for write
 * @addr: where a mirror VMA is about to be split
 *
 * A range belongs to one VMA, whose attributes it was mapped by: the one
 * that starts before @addr and ends after it is unmapped and removed,
 * and the next fault on either side inserts new ones. Its pages stay
 * where they are.
 *
 * Return: 0, or -ENOMEM with the range still there.
 */
int vxe_svm_split(struct vxe_vm *vm, u64 addr)
{
	struct drm_gpusvm_notifier *notifier;
	struct vxe_svm_range *range;
	struct drm_gpusvm_range *r;
	bool unmapped;
	u64 start, end;
	int ret;

	lockdep_assert_held_write(&vm->lock);
	if (!vm->svm_on)
		return 0;
	notifier = drm_gpusvm_notifier_find(&vm->svm, addr - 1, addr + 1);
	if (!notifier)
		return 0;
	r = drm_gpusvm_range_find(notifier, addr - 1, addr + 1);
	if (!r || drm_gpusvm_range_start(r) >= addr || drm_gpusvm_range_end(r) <= addr)
		return 0;
	range = to_vxe_svm_range(r);
	start = drm_gpusvm_range_start(r);
	end = drm_gpusvm_range_end(r);

	/* Off the collector's list, and kept off it: it is ours to remove */
	spin_lock(&vm->svm_gc.lock);
	unmapped = range->gc_queued;
	if (unmapped)
		list_del(&range->gc_link);
	range->gc_queued = true;
	spin_unlock(&vm->svm_gc.lock);

	ret = vxe_svm_range_collect(vm, range);
	if (ret)
		vxe_svm_gc_requeue(vm, range);
	else if (unmapped)
		/* Its CPU mapping was gone: an autoreset, as the collector's */
		vxe_vm_madvise_autoreset_queue(vm, start, end);
	return ret;
}

/* The range's pages as segments for the page-table layer */
static int vxe_svm_range_segs(struct vxe_vm *vm, struct vxe_svm_range *range,
			      struct vxe_pt_seg *segs)
{
	lockdep_assert_held(&vm->svm.notifier_lock);
	if (!drm_gpusvm_range_pages_valid(&vm->svm, &range->base) || !range->base.pages.dma_addr)
		return -EAGAIN;
	return vxe_gpusvm_pages_segs(&range->base.pages,
				     drm_gpusvm_range_size(&range->base) >> PAGE_SHIFT, segs);
}

/* Map a range whose pages were just got: -EAGAIN if they went meanwhile */
static int vxe_svm_range_bind(struct vxe_vm *vm, struct vxe_vma *vma,
			      struct vxe_svm_range *range)
{
	u64 start = drm_gpusvm_range_start(&range->base);
	u64 end = drm_gpusvm_range_end(&range->base);
	struct vxe_pt_attrs attrs = { .pat_index = vma->attr.pat_index };
	struct vxe_pt_update update;
	struct vxe_pt_cursor cur;
	struct vxe_pt_seg *segs;
	u64 istart, ilen;
	int n, ret;

	if (vma->flags & VXE_VMA_READ_ONLY)
		attrs.flags |= VXE_PT_READ_ONLY;
	segs = kvmalloc_objs(*segs, (end - start) >> PAGE_SHIFT);
	if (!segs)
		return -ENOMEM;

	down_read(&vm->svm.notifier_lock);
	n = vxe_svm_range_segs(vm, range, segs);
	/*
	 * As Xe on a discrete part: device atomics need VRAM. From system
	 * memory an atomic faults, and the fault migrates the range; madvise
	 * may leave atomics to the CPU.
	 */
	if ((vm->vxe->pagemap && !vxe_pagemap_range_in_vram(vm->vxe, &range->base)) ||
	    vma->attr.atomic == DRM_XE_ATOMIC_CPU)
		attrs.flags |= VXE_PT_NO_ATOMIC;
	up_read(&vm->svm.notifier_lock);
	if (n < 0) {
		kvfree(segs);
		return n;
	}
	vxe_pt_cursor_init_segs(&cur, segs, n, 0);

	vxe_pt_update_init(&update, &vm->pt);
	/* Zapped: its slots go, then it is mapped again */
	ret = range->pt.present ? vxe_pt_prepare_unmap(&update, start, end, &range->pt) : 0;
	if (!ret)
		ret = vxe_pt_prepare_map(&update, start, end, &attrs, &cur, &range->pt);
	if (!ret)
		ret = vxe_vm_bind_wait(vm, start, end, false);
	if (ret)
		goto out;

	down_read(&vm->svm.notifier_lock);
	if (!drm_gpusvm_range_pages_valid(&vm->svm, &range->base)) {
		up_read(&vm->svm.notifier_lock);
		ret = -EAGAIN;
		goto out;
	}
	vxe_pt_commit(&update);
	up_read(&vm->svm.notifier_lock);
	trace_vxe_svm_range_bind(vm->asid, start, end);
	if (vxe_pt_update_needs_inval(&update, &istart, &ilen))
		vxe_tlb_inval_range(vm->vxe, vm->asid, istart, ilen);
out:
	vxe_pt_update_fini(&update);
	kvfree(segs);
	return ret;
}

/* Whether all of a range's pages are in VRAM */
static bool vxe_svm_range_in_vram(struct vxe_vm *vm, struct vxe_svm_range *range)
{
	bool there;

	down_read(&vm->svm.notifier_lock);
	there = vxe_pagemap_range_in_vram(vm->vxe, &range->base);
	up_read(&vm->svm.notifier_lock);
	return there;
}

/*
 * Whether a fault is to migrate the range to VRAM first, as Xe's default
 * policy: a range that may (anonymous memory, of the size the device maps
 * VRAM with at least) and is not there yet.
 */
static bool vxe_svm_range_needs_migrate(struct vxe_vm *vm, struct vxe_svm_range *range)
{
	struct vxe_device *vxe = vm->vxe;

	if (!vxe->pagemap || !range->base.pages.flags.migrate_devmem ||
	    drm_gpusvm_range_size(&range->base) < vxe_device_min_alignment(vxe))
		return false;
	return !vxe_svm_range_in_vram(vm, range);
}

/*
 * Migrate a range to VRAM: 0, or an errno with its memory where it was.
 * CPU faults leave it there for @timeslice_ms.
 */
static int vxe_svm_range_migrate(struct vxe_vm *vm, struct vxe_svm_range *range,
				 unsigned long timeslice_ms)
{
	struct vxe_device *vxe = vm->vxe;
	unsigned long start = drm_gpusvm_range_start(&range->base);
	unsigned long end = drm_gpusvm_range_end(&range->base);
	int ret;

	if (drm_gpusvm_scan_mm(&range->base, vxe_pagemap_owner(vxe), &vxe->pagemap->pgmap) ==
	    DRM_GPUSVM_SCAN_EQUAL)
		return 0;
	ret = vxe_pagemap_migrate(vxe, vm->svm.mm, start, end, timeslice_ms);
	if (ret == -EBUSY) {
		/* Part of it is in VRAM already, in another allocation: all out, then in */
		ret = drm_gpusvm_range_evict(&vm->svm, &range->base);
		if (!ret)
			ret = vxe_pagemap_migrate(vxe, vm->svm.mm, start, end, timeslice_ms);
	}
	trace_vxe_svm_range_migrate(vm->asid, start, end, ret);
	return ret;
}

/*
 * Where a range is to be served from: by the fault policy (VRAM first,
 * else system memory, or system memory where madvise prefers it), or
 * where a PREFETCH asks.
 */
enum vxe_svm_place {
	VXE_SVM_PLACE_FAULT,
	VXE_SVM_PLACE_VRAM,
	VXE_SVM_PLACE_SYSTEM,
};

/* Whether a mapped range is where it is to be */
static bool vxe_svm_range_placed(struct vxe_vm *vm, struct vxe_svm_range *range,
				 enum vxe_svm_place place, bool devmem_only)
{
	bool in_vram;

	if (place == VXE_SVM_PLACE_FAULT)
		return true;
	in_vram = vxe_svm_range_in_vram(vm, range);
	if (place == VXE_SVM_PLACE_SYSTEM)
		return !in_vram;
	return in_vram || (!devmem_only && !vxe_svm_range_needs_migrate(vm, range));
}

/*
 * Map the range around @addr from where @place says; the range it found,
 * if any, in *@out. Only faults count into the fault counters.
 */
static int vxe_svm_serve(struct vxe_vm *vm, struct vxe_vma *vma, u64 addr,
			 enum vxe_svm_place want, bool atomic, struct vxe_svm_range **out)
{
	struct vxe_device *vxe = vm->vxe;
	/* An atomic needs VRAM: nothing else will do */
	bool devmem_only = atomic && vxe->pagemap;
	enum vxe_svm_place place = devmem_only ? VXE_SVM_PLACE_VRAM : want;
	u64 n = want == VXE_SVM_PLACE_FAULT ? 1 : 0;
	struct drm_gpusvm_ctx ctx = {};
	u64 vma_start = vma->gpuva.va.addr, vma_end = vma_start + vma->gpuva.va.range;
	struct drm_gpusvm_range *r;
	struct vxe_svm_range *range;
	/* As Xe's: the CPU leaves an atomic's range in VRAM a while, longer at each try */
	unsigned long timeslice_ms = devmem_only ? VXE_SVM_ATOMIC_TIMESLICE_MS : 0;
	int ret, tries = 0, migrate;
	bool valid;
	ktime_t t;

	if (place == VXE_SVM_PLACE_FAULT &&
	    vma->attr.devmem_fd == DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM)
		place = VXE_SVM_PLACE_SYSTEM;
	migrate = devmem_only ? 3 : place != VXE_SVM_PLACE_SYSTEM;
	ctx = (struct drm_gpusvm_ctx) {
		.read_only = !!(vma->flags & VXE_VMA_READ_ONLY),
		.devmem_possible = !!vxe->pagemap,
		.devmem_only = devmem_only,
		.check_pages_threshold = vxe->pagemap ? SZ_64K : 0,
		/* Without an owner, HMM moves any device page to system memory */
		.device_private_page_owner = place == VXE_SVM_PLACE_SYSTEM ? NULL :
					     vxe_pagemap_owner(vxe),
	};
retry:
	*out = NULL;
	if (++tries > VXE_SVM_FAULT_TRIES)
		return -EFAULT;
	ret = vxe_svm_collect(vm);
	if (ret)
		return ret;

	r = drm_gpusvm_range_find_or_insert(&vm->svm, max(addr & PAGE_MASK, vma_start),
					    vma_start, vma_end, &ctx);
	if (IS_ERR(r))
		return PTR_ERR(r);
	range = to_vxe_svm_range(r);
	*out = range;
	if (!range->faulted) {
		range->faulted = true;
		trace_vxe_svm_range_insert(vm->asid, drm_gpusvm_range_start(r),
					   drm_gpusvm_range_end(r));
	}
	vxe_svm_stat_size_add(vm, VXE_SVM_STAT_4K_PAGEFAULT_COUNT, range, n);
	/* Memory that cannot go to VRAM (file-backed, shared) has no atomics */
	if (devmem_only && !range->base.pages.flags.migrate_devmem)
		return -EACCES;

	down_read(&vm->svm.notifier_lock);
	valid = range->pt.present && !range->pt.invalidated &&
		drm_gpusvm_range_pages_valid(&vm->svm, r);
	up_read(&vm->svm.notifier_lock);
	if (valid && vxe_svm_range_placed(vm, range, place, devmem_only)) {
		/* Another fault in the range got there first */
		vxe_svm_stat_size_add(vm, VXE_SVM_STAT_4K_VALID_PAGEFAULT_COUNT, range, n);
		return 0;
	}

	/*
	 * Pages still valid are not looked at again: out of VRAM first.
	 * What cannot move now is moved by HMM, which has no owner to spare.
	 */
	if (place == VXE_SVM_PLACE_SYSTEM && vxe->pagemap && vxe_svm_range_in_vram(vm, range)) {
		ret = drm_gpusvm_range_evict(&vm->svm, r);
		if (ret)
			drm_dbg(&vxe->drm, "evicting 0x%lx: %d\n", drm_gpusvm_range_start(r), ret);
	}

	/*
	 * Once: if VRAM cannot be had, it is served from system memory; an
	 * atomic tries thrice, then fails.
	 */
	if (migrate && vxe_svm_range_needs_migrate(vm, range)) {
		migrate--;
		vxe_svm_stat_size_add(vm, VXE_SVM_STAT_4K_MIGRATE_COUNT, range, n);
		t = ktime_get();
		ret = vxe_svm_range_migrate(vm, range, timeslice_ms);
		vxe_svm_stat_size_add(vm, VXE_SVM_STAT_4K_MIGRATE_US, range,
				      n * vxe_svm_us_since(t));
		timeslice_ms <<= 1;
		if (ret && (!devmem_only || migrate))
			goto retry;
		if (ret)
			return ret;
	}

	t = ktime_get();
	ret = drm_gpusvm_range_get_pages(&vm->svm, r, &ctx);
	vxe_svm_stat_size_add(vm, VXE_SVM_STAT_4K_GET_PAGES_US, range, n * vxe_svm_us_since(t));
	/* Its pages are in VRAM and system memory both: all to system memory */
	if (ret == -EOPNOTSUPP) {
		drm_gpusvm_range_evict(&vm->svm, r);
		goto retry;
	}
	/* Unmapped meanwhile (or, for an atomic, not in VRAM): start over */
	if (ret == -EFAULT || ret == -EPERM)
		goto retry;
	/* HMM timed out on a busy address space: the context faults again */
	if (ret == -EBUSY)
		return 0;
	if (ret)
		return ret;

	t = ktime_get();
	ret = vxe_svm_range_bind(vm, vma, range);
	vxe_svm_stat_size_add(vm, VXE_SVM_STAT_4K_BIND_US, range, n * vxe_svm_us_since(t));
	if (ret == -EAGAIN)
		goto retry;
	return ret;
}

/**
 * vxe_svm_fault() - resolve a GPU fault in a CPU-address-mirror VMA
 * @vm: the VM, &vxe_vm.lock held for write
 * @vma: the mirror VMA the address is in
 * @addr: the faulting address
 * @access: the &enum vxe_hw_access that faulted: an atomic needs VRAM
 *
 * Return: 0 to have the context retry; -EFAULT, -EPERM, -ENOENT (no CPU
 * mapping), -EACCES (an atomic that cannot be had) or -ENOMEM to fail it.
 */
int vxe_svm_fault(struct vxe_vm *vm, struct vxe_vma *vma, u64 addr, u8 access)
{
	struct vxe_svm_range *range = NULL;
	ktime_t t0 = ktime_get();
	int ret;

	lockdep_assert_held_write(&vm->lock);
	if (!vm->svm_on)
		return -EFAULT;
	/* As Xe: madvise left atomics to the CPU */
	if (access == VXE_ACCESS_ATOMIC && vma->attr.atomic == DRM_XE_ATOMIC_CPU)
		return -EACCES;
	vxe_svm_stat_add(vm, VXE_SVM_STAT_PAGEFAULT_COUNT, 1);
	ret = vxe_svm_serve(vm, vma, addr, VXE_SVM_PLACE_FAULT, access == VXE_ACCESS_ATOMIC,
			    &range);
	trace_vxe_svm_fault(vm->asid, addr, range ? drm_gpusvm_range_start(&range->base) : 0,
			    range ? drm_gpusvm_range_end(&range->base) : 0, ret,
			    vxe_svm_us_since(t0));
	if (!ret && range)
		vxe_svm_stat_size_add(vm, VXE_SVM_STAT_4K_PAGEFAULT_US, range,
				      vxe_svm_us_since(t0));
	return ret;
}

/* Past @addr, where the next CPU mapping starts (@end if none) */
static u64 vxe_svm_next_cpu_vma(struct vxe_vm *vm, u64 addr, u64 end)
{
	struct mm_struct *mm = vm->svm.mm;
	struct vm_area_struct *v;
	u64 next = end;

	if (!mmget_not_zero(mm))
		return end;
	mmap_read_lock(mm);
	v = find_vma(mm, addr);
	if (v)
		next = v->vm_start <= addr ? v->vm_end : v->vm_start;
	mmap_read_unlock(mm);
	mmput(mm);
	return clamp_t(u64, next, addr + PAGE_SIZE, end);
}

/**
 * vxe_svm_prefetch() - move mirrored memory where a PREFETCH asks, mapped
 * @vm: the VM, &vxe_vm.lock held for write
 * @vma: a CPU-address-mirror VMA
 * @start: first byte of the part of @vma to prefetch
 * @end: its end
 * @region: the bind's prefetch_mem_region_instance: 0 for system memory,
 *	1 for VRAM, or DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC for the preferred
 *	location madvise set (VRAM by default)
 *
 * Every range of [@start, @end) that has CPU memory is migrated (or
 * left where it is when VRAM cannot be had) and mapped, as a GPU fault
 * would. Best effort, as Xe's: what could not be done is left to faults,
 * and addresses without CPU memory are skipped.
 */
void vxe_svm_prefetch(struct vxe_vm *vm, struct vxe_vma *vma, u64 start, u64 end, u32 region)
{
	enum vxe_svm_place place = region ? VXE_SVM_PLACE_VRAM : VXE_SVM_PLACE_SYSTEM;
	struct vxe_svm_range *range;
	u64 addr;
	int ret;

	lockdep_assert_held_write(&vm->lock);
	if (!vm->svm_on)
		return;
	if (region == (u32)DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC &&
	    vma->attr.devmem_fd == DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM)
		place = VXE_SVM_PLACE_SYSTEM;
	start = max(start, vma->gpuva.va.addr);
	end = min(end, vma->gpuva.va.addr + vma->gpuva.va.range);
	for (addr = start; addr < end && !fatal_signal_pending(current); ) {
		ret = vxe_svm_serve(vm, vma, addr, place, false, &range);
		if (ret)
			drm_dbg(&vm->vxe->drm, "prefetch at 0x%llx: %d\n", addr, ret);
		if (range)
			addr = drm_gpusvm_range_end(&range->base);
		else
			addr = vxe_svm_next_cpu_vma(vm, addr, end);
	}
}

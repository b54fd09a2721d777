// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: userptr
 *
 * A MAP_USERPTR VMA maps user memory. Each has an mmu_interval_notifier
 * over its CPU range and a &struct drm_gpusvm_pages, filled by
 * drm_gpusvm_get_pages() (hmm_range_fault() and DMA mapping) when it is
 * bound, as Xe's userptr is.
 *
 * When the CPU mapping changes, the notifier makes sure no work uses the
 * pages (vxe_vm_zap_begin(): jobs of a dma-fence VM end, queues of a
 * long-running one are suspended until it is mapped again), then zaps
 * the VMA's page-table entries, waits for the TLB to forget them and
 * unmaps the pages, all under the VM's gpusvm notifier lock. A bind commits a userptr mapping
 * only if, under that lock, no invalidation happened since its pages were
 * obtained; otherwise it gets them again. An invalidated VMA stays in the
 * VM and is repinned and rebound before its next use.
 */

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include <drm/drm_gpusvm.h>
#include <drm/drm_pagemap.h>

#include "vxe_pt.h"
#include "vxe_tlb_inval.h"
#include "vxe_userptr.h"
#include "vxe_vm.h"
#include "vxe_vm_types.h"

static u64 vxe_vma_size(const struct vxe_vma *vma)
{
	return vma->gpuva.va.range;
}

static bool vxe_userptr_invalidate(struct mmu_interval_notifier *mni,
				   const struct mmu_notifier_range *range,
				   unsigned long cur_seq)
{
	struct vxe_vma *vma = container_of(mni, struct vxe_vma, userptr.notifier);
	struct drm_gpusvm_ctx ctx = { .in_notifier = true };
	struct vxe_vm *vm = vma->userptr.vm;
	u64 start = vma->gpuva.va.addr;
	bool zapped;

	if (!mmu_notifier_range_blockable(range))
		return false;

	down_write(&vm->svm.notifier_lock);
	mmu_interval_set_seq(mni, cur_seq);
	vm->rebind = true;
	up_write(&vm->svm.notifier_lock);
	/*
	 * Work of the VM may use the pages until it ends or is suspended:
	 * EXEC put its fence in the VM's reservation under the notifier lock,
	 * and from now on starts no job without repinning.
	 */
	vxe_vm_zap_begin(vm, true);
	down_write(&vm->svm.notifier_lock);
	zapped = vma->pt.present && !vma->pt.invalidated;
	vxe_pt_zap(&vm->pt, start, start + vxe_vma_size(vma), &vma->pt);
	vm->rebind = true;
	/* The pages may go as soon as we return: no engine may reach them */
	if (zapped)
		vxe_tlb_inval_range(vm->vxe, vm->asid, start, vxe_vma_size(vma));
	drm_gpusvm_unmap_pages(&vm->svm, &vma->userptr.pages, vxe_vma_size(vma) >> PAGE_SHIFT,
			       &ctx);
	up_write(&vm->svm.notifier_lock);
	vxe_vm_zap_end(vm);
	return true;
}

static const struct mmu_interval_notifier_ops vxe_userptr_notifier_ops = {
	.invalidate = vxe_userptr_invalidate,
};

/**
 * vxe_userptr_init() - start tracking a userptr VMA's CPU range
 * @vm: the VM
 * @vma: a new %VXE_VMA_USERPTR VMA; its GEM offset is the CPU address
 *
 * Context: the mm of the calling process is the one mapped.
 * Return: 0 or a negative errno.
 */
int vxe_userptr_init(struct vxe_vm *vm, struct vxe_vma *vma)
{
	struct vxe_userptr *up = &vma->userptr;
	int ret;

	up->vm = vm;
	up->addr = vma->gpuva.gem.offset;
	ret = mmu_interval_notifier_insert(&up->notifier, current->mm, up->addr,
					   vxe_vma_size(vma), &vxe_userptr_notifier_ops);
	if (ret)
		return ret;
	up->tracked = true;
	return 0;
}

/**
 * vxe_gpusvm_pages_segs() - the DMA addresses of gpusvm pages as segments
 * @pages: pages drm_gpusvm got, with their DMA addresses
 * @npages: PAGE_SIZE pages they cover
 * @segs: room for @npages segments
 *
 * Physically contiguous chunks are merged. For userptr VMAs and SVM ranges.
 *
 * Context: the gpusvm notifier lock held (an invalidation frees the array).
 * Return: the number of segments.
 */
int vxe_gpusvm_pages_segs(const struct drm_gpusvm_pages *pages, unsigned long npages,
			  struct vxe_pt_seg *segs)
{
	const struct drm_pagemap_addr *a = pages->dma_addr;
	unsigned long i, j;
	int n = 0;

	for (i = 0, j = 0; i < npages; j++) {
		u64 len = PAGE_SIZE << a[j].order;

		if (n && segs[n - 1].dpa + segs[n - 1].len == a[j].addr) {
			segs[n - 1].len += len;
		} else {
			segs[n].dpa = a[j].addr;
			segs[n++].len = len;
		}
		i += 1UL << a[j].order;
	}
	return n;
}

/**
 * vxe_userptr_pin() - get the pages of a userptr VMA
 * @vm: the VM
 * @vma: the VMA
 * @segs: set to a kvmalloc'ed array of the pages' DMA addresses
 *
 * The pages are valid until the notifier fires: check
 * vxe_userptr_valid_locked() under the notifier lock before using them.
 *
 * Return: number of segments, or a negative errno (-EFAULT for memory that
 * cannot be mapped).
 */
int vxe_userptr_pin(struct vxe_vm *vm, struct vxe_vma *vma, struct vxe_pt_seg **segs)
{
	struct vxe_userptr *up = &vma->userptr;
	struct drm_gpusvm_ctx ctx = {
		.read_only = !!(vma->flags & VXE_VMA_READ_ONLY),
	};
	unsigned long npages = vxe_vma_size(vma) >> PAGE_SHIFT;
	struct vxe_pt_seg *s;
	int n, ret;

	ret = drm_gpusvm_get_pages(&vm->svm, &up->pages, up->notifier.mm, &up->notifier,
				   up->addr, up->addr + vxe_vma_size(vma), &ctx);
	if (ret)
		return ret;

	s = kvmalloc_objs(*s, npages);
	if (!s)
		return -ENOMEM;

	/* Read under the notifier lock: an invalidation frees the array */
	down_read(&vm->svm.notifier_lock);
	if (!up->pages.dma_addr) {
		up_read(&vm->svm.notifier_lock);
		kvfree(s);
		return -EAGAIN;
	}
	n = vxe_gpusvm_pages_segs(&up->pages, npages, s);
	up_read(&vm->svm.notifier_lock);

	*segs = s;
	return n;
}

/**
 * vxe_userptr_valid_locked() - whether a VMA's pages are still current
 * @vma: a userptr VMA
 *
 * Context: the VM's gpusvm notifier lock held.
 * Return: true if no invalidation happened since the pages were obtained.
 */
bool vxe_userptr_valid_locked(struct vxe_vma *vma)
{
	struct vxe_userptr *up = &vma->userptr;

	lockdep_assert_held(&up->vm->svm.notifier_lock);
	return up->pages.flags.has_dma_mapping &&
	       !mmu_interval_read_retry(&up->notifier, up->pages.notifier_seq);
}

/**
 * vxe_userptr_fini() - stop tracking a userptr VMA and release its pages
 * @vm: the VM
 * @vma: the VMA, unbound
 */
void vxe_userptr_fini(struct vxe_vm *vm, struct vxe_vma *vma)
{
	struct vxe_userptr *up = &vma->userptr;

	if (!up->tracked)
		return;
	mmu_interval_notifier_remove(&up->notifier);
	drm_gpusvm_free_pages(&vm->svm, &up->pages, vxe_vma_size(vma) >> PAGE_SHIFT);
	up->tracked = false;
}

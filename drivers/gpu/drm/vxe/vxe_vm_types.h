/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_VM_TYPES_H_
#define _VXE_VM_TYPES_H_

#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <drm/drm_gpusvm.h>
#include <drm/drm_gpuvm.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_hw_regs.h"
#include "vxe_pt_types.h"

struct vxe_device;

/* End of a VM's address space: 48 bits, as the device's four levels give */
#define VXE_VM_VA_END	BIT_ULL(48)

/**
 * enum vxe_vma_flags - what the user asked of a mapping
 * @VXE_VMA_READ_ONLY: GPU writes fault
 * @VXE_VMA_NULL: no memory: reads return zero, writes are dropped
 * @VXE_VMA_DUMPABLE: include in device coredumps
 * @VXE_VMA_USERPTR: backed by user memory (&vxe_vma.userptr)
 * @VXE_VMA_CPU_ADDR_MIRROR: the process's memory at the same addresses,
 *	mapped range by range on GPU faults (see "SVM"); @pt is unused
 * @VXE_VMA_MADV_AUTORESET: a mirror whose memory attributes go back to
 *	the bind's where the CPU unmaps memory the GPU used (see "madvise")
 */
enum vxe_vma_flags {
	VXE_VMA_READ_ONLY = BIT(0),
	VXE_VMA_NULL = BIT(1),
	VXE_VMA_DUMPABLE = BIT(2),
	VXE_VMA_USERPTR = BIT(3),
	VXE_VMA_CPU_ADDR_MIRROR = BIT(4),
	VXE_VMA_MADV_AUTORESET = BIT(5),
};

/**
 * struct vxe_vma_attr - memory attributes of a mapping
 *
 * Set by the bind (the PAT index) and changed by DRM_IOCTL_XE_MADVISE,
 * with &vxe_vm.lock held for write; read under it.
 */
struct vxe_vma_attr {
	/**
	 * @devmem_fd: preferred location as user space gave it:
	 * DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE (this device's VRAM, the
	 * default), DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM, or a file of this
	 * device naming its VRAM region
	 */
	s32 devmem_fd;
	/** @region_instance: with a file, the region it names */
	u16 region_instance;
	/** @migration_policy: DRM_XE_MIGRATE_*, reported back */
	u16 migration_policy;
	/** @atomic: DRM_XE_ATOMIC_* */
	u32 atomic;
	/** @pat_index: PAT index of the mapping */
	u16 pat_index;
	/** @default_pat_index: the bind's */
	u16 default_pat_index;
	/**
	 * @purgeable: DRM_XE_VMA_PURGEABLE_STATE_* of a BO mapping; the BO
	 * may be purged once all its mappings say DONTNEED
	 */
	u32 purgeable;
};

/**
 * struct vxe_userptr - user memory behind a VMA
 */
struct vxe_userptr {
	/** @notifier: tells us when the CPU mapping changes */
	struct mmu_interval_notifier notifier;
	/** @pages: the pinned pages' DMA addresses (the gpusvm notifier lock) */
	struct drm_gpusvm_pages pages;
	/** @vm: the VM, for the notifier */
	struct vxe_vm *vm;
	/** @addr: CPU address of the first byte */
	u64 addr;
	/** @tracked: @notifier is registered */
	bool tracked;
};

/**
 * struct vxe_vma - one mapping, as the user asked for it
 *
 * Everything but @attr and @pt is set when the VMA is created and never
 * changes; a VMA that is split is replaced by new ones. @attr changes
 * only by madvise, which then zaps what the page tables hold, so that the
 * next mapping follows them. The page-table layer takes the attributes
 * const and owns @pt.
 */
struct vxe_vma {
	/** @gpuva: range, BO and offset, in the VM's drm_gpuvm */
	struct drm_gpuva gpuva;
	/** @flags: &enum vxe_vma_flags */
	u32 flags;
	/** @attr: memory attributes (&vxe_vm.lock) */
	struct vxe_vma_attr attr;
	/** @userptr: for %VXE_VMA_USERPTR */
	struct vxe_userptr userptr;
	/**
	 * @pt: what the page tables hold for this mapping; written only by
	 * vxe_pt.c, under &vxe_vm.lock and the gpusvm notifier lock
	 */
	struct vxe_pt_state pt;
	/** @vm_bo: link to the BO, obtained at prepare, used at commit */
	struct drm_gpuvm_bo *vm_bo;
	/**
	 * @bind: bookkeeping of the bind that is changing this VMA, under
	 * &vxe_vm.lock held for write
	 */
	struct {
		/** @bind.link: on the bind's list of VMAs */
		struct list_head link;
		/** @bind.segs: device addresses being mapped, kvmalloc'ed */
		struct vxe_pt_seg *segs;
		/** @bind.nsegs: entries in @bind.segs, for a userptr */
		int nsegs;
		/** @bind.listed: on the list */
		bool listed;
		/** @bind.created: created by this bind */
		bool created;
		/** @bind.removed: taken out of the VM by this bind */
		bool removed;
		/** @bind.rebind: to be mapped again (PREFETCH) */
		bool rebind;
		/** @bind.region: PREFETCH target, -1 for the BO's preference */
		s32 region;
		/** @bind.deferred: created unmapped, for the fault handler to map */
		bool deferred;
		/** @bind.mapped: created by a MAP, not left of a split VMA */
		bool mapped;
	} bind;
};

struct vxe_exec_queue;

/**
 * struct vxe_vm_fault_entry - a recorded fault
 */
struct vxe_vm_fault_entry {
	/** @link: on &vxe_vm.faults.list */
	struct list_head link;
	/** @fault: as DRM_XE_VM_GET_PROPERTY_FAULTS reports it */
	struct xe_vm_fault fault;
};

/* Faults a VM keeps, as Xe's MAX_FAULTS_SAVED_PER_VM */
#define VXE_VM_MAX_FAULTS	50

/**
 * struct vxe_vm - a GPU address space
 */
struct vxe_vm {
	/** @gpuvm: VA bookkeeping; its reservation object is the VM's */
	struct drm_gpuvm gpuvm;
	/** @vxe: the device */
	struct vxe_device *vxe;
	/**
	 * @lock: outermost VM lock. Held for write by binds and by teardown,
	 * which change the VMA tree and the page tables' shape.
	 */
	struct rw_semaphore lock;
	/**
	 * @svm: drm_gpusvm instance. For now only its pages API (userptr)
	 * and its notifier lock, which orders page-table writes against
	 * MMU-notifier zaps.
	 */
	struct drm_gpusvm svm;
	/** @pt: the page tables (@lock, and @svm's notifier lock for entries) */
	struct vxe_pt_tree pt;
	/** @asid: hardware address space id */
	u16 asid;
	/** @flags: DRM_XE_VM_CREATE_FLAG_* */
	u32 flags;
	/** @scratch: page that unmapped addresses reach in scratch mode */
	void *scratch;
	/** @scratch_dma: its DMA address */
	dma_addr_t scratch_dma;
	/** @closed: destroyed by user space; binds fail (@lock) */
	bool closed;
	/**
	 * @rebind: a mapping was zapped since the last full vxe_vm_rebind()
	 * (set under @svm's notifier lock held for write, read under it)
	 */
	bool rebind;
	/**
	 * @preempt: a long-running VM without faults cannot let its work
	 * fault, and has no fences for the kernel to wait on: while one of
	 * its mappings is zapped its exec queues are suspended, and
	 * @preempt.work resumes them once everything is mapped again
	 */
	struct {
		/** @preempt.lock: protects @preempt.queues */
		struct mutex lock;
		/** @preempt.queues: &vxe_exec_queue.vm_link */
		struct list_head queues;
		/** @preempt.work: maps again, then resumes the queues */
		struct work_struct work;
		/** @preempt.zapping: zaps under way (@svm's notifier lock) */
		unsigned int zapping;
	} preempt;
	/**
	 * @bind: page-table updates of binds that wait for fences; see
	 * "deferred binds" in vxe_bind_job.c
	 */
	struct {
		/** @bind.q: the queue of binds that name none (a reference) */
		struct vxe_exec_queue *q;
		/**
		 * @bind.lock: protects @bind.pending; changed only with @lock
		 * held for write as well
		 */
		spinlock_t lock;
		/** @bind.pending: &struct vxe_bind_span, oldest first */
		struct list_head pending;
	} bind;
	/** @svm_on: @svm mirrors the address space of the VM's creator */
	bool svm_on;
	/** @svm_closed: @svm was torn down when the VM was closed */
	bool svm_closed;
	/** @svm_gc: SVM ranges whose CPU mapping is gone, for the collector */
	struct {
		/** @svm_gc.lock: protects @svm_gc.list */
		spinlock_t lock;
		/** @svm_gc.list: &vxe_svm_range.gc_link */
		struct list_head list;
		/**
		 * @svm_gc.resets: spans of collected ranges whose attributes
		 * go back to the bind's (vxe_vm_madvise_autoreset()), under
		 * @lock held for write
		 */
		struct list_head resets;
		/** @svm_gc.work: runs vxe_svm_collect() */
		struct work_struct work;
	} svm_gc;
	/** @faults: faults nothing could resolve, oldest first */
	struct {
		/** @faults.lock: protects @faults.list and @faults.len */
		spinlock_t lock;
		/** @faults.list: &struct vxe_vm_fault_entry */
		struct list_head list;
		/** @faults.len: entries on @faults.list */
		unsigned int len;
	} faults;
};

/**
 * struct vxe_file - per-open-file state
 */
struct vxe_file {
	/** @vms: VMs by id */
	struct xarray vms;
	/** @queues: exec queues by id */
	struct xarray queues;
	/** @ticks_lock: protects @run_ticks and the queues' ticks_seen */
	spinlock_t ticks_lock;
	/** @run_ticks: execution time of the file's queues, per engine class */
	u64 run_ticks[VXE_ENGINE_CLASS_COUNT];
};

static inline struct vxe_vm *gpuvm_to_vxe_vm(struct drm_gpuvm *gpuvm)
{
	return container_of(gpuvm, struct vxe_vm, gpuvm);
}

static inline struct vxe_vma *gpuva_to_vxe_vma(struct drm_gpuva *gpuva)
{
	return container_of(gpuva, struct vxe_vma, gpuva);
}

/* Whether a mapping is of a BO (a userptr's GEM object is none) */
static inline bool vxe_vma_has_bo(const struct vxe_vma *vma)
{
	return vma->gpuva.gem.obj && !(vma->flags & VXE_VMA_USERPTR);
}

#endif

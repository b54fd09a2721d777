/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_DEVICE_TYPES_H_
#define _VXE_DEVICE_TYPES_H_

#include <linux/idr.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/xarray.h>
#include <linux/workqueue.h>

#include <drm/drm_device.h>
#include <drm/ttm/ttm_device.h>

#include "vxe_hw_regs.h"
#include "vxe_svm.h"
#include "vxe_ttm_mgr.h"

struct faux_device;
struct vxe_pagemap;
struct vxe_hw;
struct vxe_ring;

/* Contexts the driver can name: ids are 16 bits in fault replies */
#define VXE_MAX_CONTEXTS	65536

/* Engines the driver can describe: every bit VXE_REG_ENGINES may set */
#define VXE_MAX_ENGINES	(VXE_ENGINE_CLASS_COUNT * VXE_ENGINE_MAX_INSTANCES)

/**
 * struct vxe_engine_info - one engine found at probe
 */
struct vxe_engine_info {
	/** @class: hardware class, an &enum vxe_hw_engine_class */
	u8 class;
	/** @instance: instance within @class */
	u8 instance;
};

/**
 * struct vxe_device_info - what probe read from the device's registers
 *
 * Filled once by vxe_device_probe_info() and read-only afterwards, so it
 * needs no lock.
 */
struct vxe_device_info {
	/** @device_id: PCI-style device id */
	u16 device_id;
	/** @revision: device revision */
	u8 revision;
	/** @va_bits: width of a GPU virtual address */
	u8 va_bits;
	/** @gmdid: graphics IP version, Xe's GMD_ID layout */
	u32 gmdid;
	/** @page_sizes: supported leaf sizes, bit n for 2^n bytes */
	u32 page_sizes;
	/** @vram_size: bytes of device memory */
	u64 vram_size;
	/** @vram_min_page: smallest page mappable from VRAM */
	u32 vram_min_page;
	/** @ref_clock_hz: timestamp frequency */
	u32 ref_clock_hz;
	/** @max_asids: address spaces the device holds */
	u32 max_asids;
	/** @max_contexts: contexts the device holds */
	u32 max_contexts;
	/** @num_engines: entries used in @engines */
	unsigned int num_engines;
	/** @engines: engines present, ordered by class then instance */
	struct vxe_engine_info engines[VXE_MAX_ENGINES];
};

/**
 * struct vxe_device - one vxe device
 */
struct vxe_device {
	/** @drm: the DRM device; first so that to_vxe_device() is free */
	struct drm_device drm;
	/** @fdev: the faux bus device that carries DMA and devres */
	struct faux_device *fdev;
	/** @hw: the device-model instance this driver instance drives */
	struct vxe_hw *hw;
	/** @info: identification read at probe */
	struct vxe_device_info info;

	/**
	 * @mmio_lock: serialises register sequences that go through the
	 * device's staging registers (select, then program, then command)
	 */
	spinlock_t mmio_lock;
	/** @ctx_ida: hardware context ids */
	struct ida ctx_ida;
	/** @rings: rings by hardware context id (&vxe_device.rings_lock) */
	struct vxe_ring **rings;
	/**
	 * @active_rings: rings with fences not yet signalled, the only ones
	 * a user interrupt needs to look at (&vxe_device.rings_lock)
	 */
	struct list_head active_rings;
	/** @rings_lock: protects @rings and @active_rings */
	spinlock_t rings_lock;
	/**
	 * @sched_wq: where the exec queues' schedulers run jobs and free
	 * them; shared, so that a queue costs no thread
	 */
	struct workqueue_struct *sched_wq;

	/** @tlb_inval: TLB invalidation */
	struct {
		/** @tlb_inval.wq: waiters for VXE_REG_TLB_INV_DONE */
		wait_queue_head_t wq;
	} tlb_inval;

	/** @fault: the consumer side of the device's fault queue */
	struct {
		/** @fault.queue: descriptors, written by the device */
		struct vxe_hw_fault_desc *queue;
		/** @fault.dma: DMA address of @fault.queue */
		dma_addr_t dma;
		/** @fault.size: entries in @fault.queue, a power of two */
		u32 size;
		/** @fault.head: next entry to consume */
		u32 head;
		/** @fault.work: consumes descriptors outside the interrupt */
		struct work_struct work;
		/**
		 * @fault.handler: resolves one fault; returns 0 to have the
		 * context retry, a negative errno to fail it
		 */
		int (*handler)(struct vxe_device *vxe, const struct vxe_hw_fault_desc *desc);
		/** @fault.count: faults consumed */
		atomic64_t count;
	} fault;

	/**
	 * @ufence_wq: WAIT_USER_FENCE waiters, woken on every
	 * MI_USER_INTERRUPT and when an exec queue stops taking work
	 */
	wait_queue_head_t ufence_wq;

	/** @migrate: kernel context on the copy engine, for copies by DPA */
	struct vxe_ring *migrate;

	/** @bind_inject: where the next bind with the debug error flag fails */
	atomic_t bind_inject;

	/** @svm_stats: &enum vxe_svm_stat counters, for debugfs gt0/stats */
	atomic64_t svm_stats[VXE_SVM_STAT_COUNT];

	/** @ttm: buffer objects */
	struct ttm_device ttm;
	/**
	 * @validation: held for read by every transaction that locks
	 * reservations with a ticket, for write by one that failed to find
	 * room and tries again alone (&struct vxe_validation)
	 */
	struct rw_semaphore validation;
	/** @vram_mgr: VRAM placements */
	struct vxe_vram_mgr vram_mgr;
	/** @sys_mgr: GPU-mapped system memory placements */
	struct ttm_resource_manager sys_mgr;
	/** @pagemap: VRAM as device-private pages for SVM; NULL without */
	struct vxe_pagemap *pagemap;
	/**
	 * @asids: VMs by hardware address space id, for the fault handler
	 * (its own lock); an entry is erased when its VM is closed
	 */
	struct xarray asids;
};

/**
 * to_vxe_device() - the vxe device of a DRM device
 * @drm: a DRM device created by vxe
 *
 * Return: the containing &struct vxe_device.
 */
static inline struct vxe_device *to_vxe_device(struct drm_device *drm)
{
	return container_of(drm, struct vxe_device, drm);
}

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: fdinfo
 *
 * /proc/<pid>/fdinfo/<fd> of a vxe file reports, as Xe's does (see
 * Documentation/gpu/drm-usage-stats.rst):
 *
 * - memory of the file's BOs per TTM placement (a BO being moved right
 *   then is left out), as regions "system"
 *   (unpopulated or swapped), "gtt" (system memory the GPU maps) and
 *   "vram0": drm-total-, drm-shared-, drm-active- (a job may still use
 *   it) and drm-resident- (has its pages);
 * - engine use per class ("rcs", "bcs"): drm-cycles- is what the file's
 *   exec queues have executed, counted by the device per context (its
 *   CTX_TIMESTAMP), destroyed queues included; drm-total-cycles- is the
 *   device's timestamp, so that utilisation is the ratio of their
 *   changes over an interval. drm-engine-capacity- is printed for a class
 *   with more than one engine.
 */

#include <linux/dma-resv.h>
#include <linux/spinlock.h>

#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>
#include <drm/ttm/ttm_tt.h>

#include "vxe_bo.h"
#include "vxe_device.h"
#include "vxe_drm_client.h"
#include "vxe_exec_queue.h"
#include "vxe_hw.h"
#include "vxe_ring.h"
#include "vxe_vm_types.h"

static const char * const vxe_drm_client_class_names[VXE_ENGINE_CLASS_COUNT] = {
	[VXE_ENGINE_CLASS_RENDER] = "rcs",
	[VXE_ENGINE_CLASS_COPY] = "bcs",
};

/* Fold what @q's context ran since the last look into its file's counters */
static void vxe_drm_client_update_locked(struct vxe_file *vf, struct vxe_exec_queue *q)
{
	u8 class;
	u64 ts;

	lockdep_assert_held(&vf->ticks_lock);
	if (!q->ring)
		return;
	class = q->vxe->info.engines[q->engine].class;
	ts = vxe_ring_timestamp(q->ring);
	vf->run_ticks[class] += ts - q->ticks_seen;
	q->ticks_seen = ts;
}

/**
 * vxe_drm_client_queue_gone() - keep what a queue ran, before it is killed
 * @vf: the file the queue was created in
 * @q: the queue, out of the file's table
 */
void vxe_drm_client_queue_gone(struct vxe_file *vf, struct vxe_exec_queue *q)
{
	spin_lock(&vf->ticks_lock);
	vxe_drm_client_update_locked(vf, q);
	spin_unlock(&vf->ticks_lock);
}

static void vxe_drm_client_show_cycles(struct drm_printer *p, struct drm_file *file)
{
	struct vxe_device *vxe = to_vxe_device(file->minor->dev);
	struct vxe_file *vf = file->driver_priv;
	unsigned int capacity[VXE_ENGINE_CLASS_COUNT] = {};
	u64 ticks[VXE_ENGINE_CLASS_COUNT];
	struct vxe_exec_queue *q;
	unsigned long flags, id;
	u64 gpu_ts;
	u32 lo;
	int i;

	for (i = 0; i < vxe->info.num_engines; i++)
		capacity[vxe->info.engines[i].class]++;

	spin_lock(&vf->ticks_lock);
	xa_lock(&vf->queues);
	xa_for_each(&vf->queues, id, q)
		if (!(q->flags & VXE_EXEC_QUEUE_BIND))
			vxe_drm_client_update_locked(vf, q);
	xa_unlock(&vf->queues);
	memcpy(ticks, vf->run_ticks, sizeof(ticks));
	spin_unlock(&vf->ticks_lock);

	/* Reading LO latches HI */
	spin_lock_irqsave(&vxe->mmio_lock, flags);
	lo = vxe_hw_mmio_read32(vxe->hw, VXE_REG_TIMESTAMP_LO);
	gpu_ts = (u64)vxe_hw_mmio_read32(vxe->hw, VXE_REG_TIMESTAMP_HI) << 32 | lo;
	spin_unlock_irqrestore(&vxe->mmio_lock, flags);

	for (i = 0; i < VXE_ENGINE_CLASS_COUNT; i++) {
		const char *name = vxe_drm_client_class_names[i];

		if (!capacity[i])
			continue;
		drm_printf(p, "drm-cycles-%s:\t%llu\n", name, ticks[i]);
		drm_printf(p, "drm-total-cycles-%s:\t%llu\n", name, gpu_ts);
		if (capacity[i] > 1)
			drm_printf(p, "drm-engine-capacity-%s:\t%u\n", name, capacity[i]);
	}
}

enum { VXE_REGION_SYSTEM, VXE_REGION_GTT, VXE_REGION_VRAM, VXE_REGION_COUNT };

static void vxe_drm_client_show_memory(struct drm_printer *p, struct drm_file *file)
{
	static const char * const names[VXE_REGION_COUNT] = { "system", "gtt", "vram0" };
	struct drm_memory_stats stats[VXE_REGION_COUNT] = {};
	struct vxe_device *vxe = to_vxe_device(file->minor->dev);
	struct drm_gem_object *obj;
	int id, r;

	spin_lock(&file->table_lock);
	idr_for_each_entry(&file->object_idr, obj, id) {
		struct ttm_buffer_object *tbo = &gem_to_vxe_bo(obj)->ttm;
		struct drm_memory_stats *s;
		struct ttm_resource *res;

		/* Its placement only holds still under its reservation */
		if (!dma_resv_trylock(obj->resv))
			continue;
		res = tbo->resource;
		if (!res) {
			dma_resv_unlock(obj->resv);
			continue;
		}
		switch (res->mem_type) {
		case TTM_PL_VRAM:
			r = VXE_REGION_VRAM;
			break;
		case TTM_PL_TT:
			r = VXE_REGION_GTT;
			break;
		default:
			r = VXE_REGION_SYSTEM;
			break;
		}
		s = &stats[r];
		if (drm_gem_object_is_shared_for_memory_stats(obj))
			s->shared += obj->size;
		else
			s->private += obj->size;
		if (r == VXE_REGION_VRAM || (tbo->ttm && ttm_tt_is_populated(tbo->ttm)))
			s->resident += obj->size;
		if (!dma_resv_test_signaled(obj->resv, DMA_RESV_USAGE_BOOKKEEP))
			s->active += obj->size;
		dma_resv_unlock(obj->resv);
	}
	spin_unlock(&file->table_lock);

	for (r = 0; r < VXE_REGION_COUNT; r++) {
		if (r == VXE_REGION_VRAM && !vxe_device_has_vram(vxe))
			continue;
		drm_print_memory_stats(p, &stats[r], DRM_GEM_OBJECT_ACTIVE |
				       DRM_GEM_OBJECT_RESIDENT, names[r]);
	}
}

/**
 * vxe_drm_client_fdinfo() - &drm_driver.show_fdinfo
 * @p: where to print
 * @file: the file
 */
void vxe_drm_client_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	vxe_drm_client_show_memory(p, file);
	vxe_drm_client_show_cycles(p, file);
}

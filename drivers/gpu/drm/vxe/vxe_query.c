// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device query
 *
 * DRM_IOCTL_XE_DEVICE_QUERY as include/uapi/drm/xe_drm.h defines it. Every
 * query follows the two-call protocol: with @size zero the kernel writes the
 * size it needs and returns 0; with any other size that is not exactly the
 * needed one it returns -EINVAL; with the exact size it fills the buffer.
 * Non-zero @extensions or @reserved and an unknown @query are -EINVAL.
 *
 * vxe has one tile with one GT (type MAIN, id 0). Memory region instance 0
 * is system memory, instance 1 the device's VRAM, so a region's instance is
 * its bit in the near/far masks of the GT list and in GEM_CREATE
 * placements.
 *
 * ENGINE_CYCLES reads the device's 64-bit timestamp counter, which every
 * engine shares, together with the CPU clock the caller names.
 *
 * Queries of hardware vxe does not have answer as Xe does on a part without
 * it: HWCONFIG with an empty table (there is no firmware to provide one),
 * OA_UNITS with an empty list, UC_FW_VERSION and PXP_STATUS with -ENODEV
 * once the size and the input fields are checked, EU_STALL with -ENODEV.
 * GT_TOPOLOGY is not implemented yet and answers -EOPNOTSUPP.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/overflow.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include <drm/drm_print.h>
#include <drm/ttm/ttm_placement.h>
#include <drm/ttm/ttm_resource.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_device.h"
#include "vxe_hw.h"
#include "vxe_query.h"

/* Region instances, as reported in MEM_REGIONS and used as mask bits */
#define VXE_MEM_REGION_SYSMEM	0
#define VXE_MEM_REGION_VRAM	1

/*
 * Size negotiation shared by every query: 1 when the caller only asked for
 * the size (now written), 0 when the caller's size is right, -EINVAL else.
 */
static int vxe_query_size(struct drm_xe_device_query *query, size_t size)
{
	if (!query->size) {
		query->size = size;
		return 1;
	}

	return query->size == size ? 0 : -EINVAL;
}

static int vxe_query_reply(struct drm_xe_device_query *query,
			   const void *reply, size_t size)
{
	int ret = vxe_query_size(query, size);

	if (ret)
		return ret < 0 ? ret : 0;

	if (copy_to_user(u64_to_user_ptr(query->data), reply, size))
		return -EFAULT;

	return 0;
}

static int vxe_query_engines(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	const struct vxe_device_info *info = &vxe->info;
	struct drm_xe_query_engines *engines;
	size_t size = struct_size(engines, engines, info->num_engines);
	unsigned int i;
	int ret;

	engines = kzalloc_flex(*engines, engines, info->num_engines);
	if (!engines)
		return -ENOMEM;

	engines->num_engines = info->num_engines;
	for (i = 0; i < info->num_engines; i++) {
		struct drm_xe_engine_class_instance *eci = &engines->engines[i].instance;

		eci->engine_class = vxe_device_engine_user_class(info->engines[i].class);
		eci->engine_instance = info->engines[i].instance;
		eci->gt_id = 0;
	}

	ret = vxe_query_reply(query, engines, size);
	kfree(engines);
	return ret;
}

/* Bytes of a placement in use; 0 before the memory managers exist */
static u64 vxe_query_usage(struct vxe_device *vxe, u32 mem_type)
{
	struct ttm_resource_manager *man = ttm_manager_type(&vxe->ttm, mem_type);

	return man && ttm_resource_manager_used(man) ? ttm_resource_manager_usage(man) : 0;
}

static int vxe_query_mem_regions(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	const struct vxe_device_info *info = &vxe->info;
	unsigned int num = vxe_device_has_vram(vxe) ? 2 : 1;
	struct drm_xe_query_mem_regions *regions;
	size_t size = struct_size(regions, mem_regions, num);
	struct drm_xe_mem_region *r;
	int ret;

	regions = kzalloc_flex(*regions, mem_regions, num);
	if (!regions)
		return -ENOMEM;

	regions->num_mem_regions = num;

	r = &regions->mem_regions[VXE_MEM_REGION_SYSMEM];
	r->mem_class = DRM_XE_MEM_REGION_CLASS_SYSMEM;
	r->instance = VXE_MEM_REGION_SYSMEM;
	r->min_page_size = PAGE_SIZE;
	r->total_size = (u64)totalram_pages() << PAGE_SHIFT;
	r->used = vxe_query_usage(vxe, TTM_PL_TT);

	if (num > VXE_MEM_REGION_VRAM) {
		r = &regions->mem_regions[VXE_MEM_REGION_VRAM];
		r->mem_class = DRM_XE_MEM_REGION_CLASS_VRAM;
		r->instance = VXE_MEM_REGION_VRAM;
		r->min_page_size = info->vram_min_page;
		r->total_size = info->vram_size;
		/* The CPU-visible window covers all of VRAM */
		r->cpu_visible_size = info->vram_size;
		r->used = vxe_query_usage(vxe, TTM_PL_VRAM);
		r->cpu_visible_used = r->used;
	}

	ret = vxe_query_reply(query, regions, size);
	kfree(regions);
	return ret;
}

static int vxe_query_config(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	const struct vxe_device_info *info = &vxe->info;
	const u32 num_params = DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY + 1;
	struct drm_xe_query_config *config;
	size_t size = struct_size(config, info, num_params);
	int ret;

	config = kzalloc_flex(*config, info, num_params);
	if (!config)
		return -ENOMEM;

	config->num_params = num_params;
	config->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] =
		info->device_id | (u32)info->revision << 16;
	if (vxe_device_has_vram(vxe))
		config->info[DRM_XE_QUERY_CONFIG_FLAGS] |= DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM;
	/* Exec queues take the low-latency hint: their contexts go first */
	config->info[DRM_XE_QUERY_CONFIG_FLAGS] |= DRM_XE_QUERY_CONFIG_FLAG_HAS_LOW_LATENCY;
	/* VMs in fault mode mirror their process's address space */
	config->info[DRM_XE_QUERY_CONFIG_FLAGS] |= DRM_XE_QUERY_CONFIG_FLAG_HAS_CPU_ADDR_MIRROR;
	/* DONTNEED BOs are purged when evicted */
	config->info[DRM_XE_QUERY_CONFIG_FLAGS] |= DRM_XE_QUERY_CONFIG_FLAG_HAS_PURGING_SUPPORT;
	config->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT] = vxe_device_min_alignment(vxe);
	config->info[DRM_XE_QUERY_CONFIG_VA_BITS] = info->va_bits;
	/*
	 * Raising a queue above normal priority needs CAP_SYS_NICE, as in Xe,
	 * whose priorities the device's are numbered as
	 */
	config->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY] =
		capable(CAP_SYS_NICE) ? VXE_CTX_PRIORITY_HIGH :
					VXE_CTX_PRIORITY_NORMAL;

	ret = vxe_query_reply(query, config, size);
	kfree(config);
	return ret;
}

static int vxe_query_gt_list(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	const struct vxe_device_info *info = &vxe->info;
	struct drm_xe_query_gt_list *list;
	size_t size = struct_size(list, gt_list, 1);
	struct drm_xe_gt *gt;
	u16 all = BIT(VXE_MEM_REGION_SYSMEM);
	int ret;

	list = kzalloc_flex(*list, gt_list, 1);
	if (!list)
		return -ENOMEM;

	list->num_gt = 1;
	gt = &list->gt_list[0];
	gt->type = DRM_XE_QUERY_GT_TYPE_MAIN;
	gt->tile_id = 0;
	gt->gt_id = 0;
	gt->reference_clock = info->ref_clock_hz;
	if (vxe_device_has_vram(vxe)) {
		all |= BIT(VXE_MEM_REGION_VRAM);
		gt->near_mem_regions = BIT(VXE_MEM_REGION_VRAM);
	} else {
		gt->near_mem_regions = BIT(VXE_MEM_REGION_SYSMEM);
	}
	gt->far_mem_regions = all & ~gt->near_mem_regions;
	gt->ip_ver_major = FIELD_GET(VXE_GMDID_ARCH, info->gmdid);
	gt->ip_ver_minor = FIELD_GET(VXE_GMDID_RELEASE, info->gmdid);
	gt->ip_ver_rev = FIELD_GET(VXE_GMDID_REVID, info->gmdid);

	ret = vxe_query_reply(query, list, size);
	kfree(list);
	return ret;
}

static u64 vxe_query_cpu_clock(clockid_t id)
{
	switch (id) {
	case CLOCK_MONOTONIC:
		return ktime_get_ns();
	case CLOCK_MONOTONIC_RAW:
		return ktime_get_raw_ns();
	case CLOCK_REALTIME:
		return ktime_get_real_ns();
	case CLOCK_BOOTTIME:
		return ktime_get_boottime_ns();
	default:
		return ktime_get_clocktai_ns();
	}
}

static int vxe_query_engine_cycles(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	struct drm_xe_query_engine_cycles __user *uptr = u64_to_user_ptr(query->data);
	struct drm_xe_query_engine_cycles resp;
	unsigned long flags;
	u64 delta;
	u32 lo;
	int ret;

	ret = vxe_query_size(query, sizeof(resp));
	if (ret)
		return ret < 0 ? ret : 0;

	if (copy_from_user(&resp, uptr, sizeof(resp)))
		return -EFAULT;

	if (resp.clockid != CLOCK_MONOTONIC && resp.clockid != CLOCK_MONOTONIC_RAW &&
	    resp.clockid != CLOCK_REALTIME && resp.clockid != CLOCK_BOOTTIME &&
	    resp.clockid != CLOCK_TAI)
		return -EINVAL;
	if (vxe_device_engine_lookup(vxe, &resp.eci) < 0)
		return -EINVAL;

	/* Reading LO latches HI; time the LO read against the CPU clock */
	spin_lock_irqsave(&vxe->mmio_lock, flags);
	delta = local_clock();
	resp.cpu_timestamp = vxe_query_cpu_clock(resp.clockid);
	lo = vxe_hw_mmio_read32(vxe->hw, VXE_REG_TIMESTAMP_LO);
	resp.cpu_delta = local_clock() - delta;
	resp.engine_cycles = (u64)vxe_hw_mmio_read32(vxe->hw, VXE_REG_TIMESTAMP_HI) << 32 | lo;
	spin_unlock_irqrestore(&vxe->mmio_lock, flags);
	resp.width = 64;

	/* Only the output fields are written back */
	if (put_user(resp.cpu_timestamp, &uptr->cpu_timestamp) ||
	    put_user(resp.cpu_delta, &uptr->cpu_delta) ||
	    put_user(resp.engine_cycles, &uptr->engine_cycles) ||
	    put_user(resp.width, &uptr->width))
		return -EFAULT;
	return 0;
}

static int vxe_query_hwconfig(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	/* No firmware, so no hardware-configuration table: it is empty */
	return vxe_query_reply(query, NULL, 0);
}

static int vxe_query_oa_units(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	/* No OA unit: an empty list */
	const struct drm_xe_query_oa_units none = {};

	return vxe_query_reply(query, &none, sizeof(none));
}

static int vxe_query_uc_fw_version(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	struct drm_xe_query_uc_fw_version resp;
	int ret = vxe_query_size(query, sizeof(resp));

	if (ret)
		return ret < 0 ? ret : 0;
	if (copy_from_user(&resp, u64_to_user_ptr(query->data), sizeof(resp)))
		return -EFAULT;
	if (resp.pad || resp.pad2 || resp.reserved)
		return -EINVAL;

	switch (resp.uc_type) {
	case XE_QUERY_UC_TYPE_GUC_SUBMISSION:
	case XE_QUERY_UC_TYPE_HUC:
		/* No micro-controllers, so no firmware */
		return -ENODEV;
	default:
		return -EINVAL;
	}
}

static int vxe_query_pxp_status(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	int ret = vxe_query_size(query, sizeof(struct drm_xe_query_pxp_status));

	if (ret)
		return ret < 0 ? ret : 0;
	return -ENODEV;
}

static int vxe_query_not_implemented(struct vxe_device *vxe,
				     struct drm_xe_device_query *query)
{
	return -EOPNOTSUPP;
}

static int vxe_query_no_such_hw(struct vxe_device *vxe, struct drm_xe_device_query *query)
{
	return -ENODEV;
}

typedef int (*vxe_query_fn)(struct vxe_device *vxe, struct drm_xe_device_query *query);

static const vxe_query_fn vxe_query_funcs[] = {
	[DRM_XE_DEVICE_QUERY_ENGINES] = vxe_query_engines,
	[DRM_XE_DEVICE_QUERY_MEM_REGIONS] = vxe_query_mem_regions,
	[DRM_XE_DEVICE_QUERY_CONFIG] = vxe_query_config,
	[DRM_XE_DEVICE_QUERY_GT_LIST] = vxe_query_gt_list,
	[DRM_XE_DEVICE_QUERY_HWCONFIG] = vxe_query_hwconfig,
	[DRM_XE_DEVICE_QUERY_GT_TOPOLOGY] = vxe_query_not_implemented,
	[DRM_XE_DEVICE_QUERY_ENGINE_CYCLES] = vxe_query_engine_cycles,
	[DRM_XE_DEVICE_QUERY_UC_FW_VERSION] = vxe_query_uc_fw_version,
	[DRM_XE_DEVICE_QUERY_OA_UNITS] = vxe_query_oa_units,
	[DRM_XE_DEVICE_QUERY_PXP_STATUS] = vxe_query_pxp_status,
	[DRM_XE_DEVICE_QUERY_EU_STALL] = vxe_query_no_such_hw,
};

/**
 * vxe_query_ioctl() - DRM_IOCTL_XE_DEVICE_QUERY
 * @drm: the device
 * @data: the &struct drm_xe_device_query, copied in and back out by DRM
 * @file: the caller's DRM file
 *
 * Return: 0 or a negative errno as documented for the ioctl.
 */
int vxe_query_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct vxe_device *vxe = to_vxe_device(drm);
	struct drm_xe_device_query *query = data;
	u32 idx;

	if (query->extensions || query->reserved[0] || query->reserved[1]) {
		drm_dbg(drm, "query: extensions or reserved set\n");
		return -EINVAL;
	}

	if (query->query >= ARRAY_SIZE(vxe_query_funcs)) {
		drm_dbg(drm, "query: unknown query %u\n", query->query);
		return -EINVAL;
	}

	idx = array_index_nospec(query->query, ARRAY_SIZE(vxe_query_funcs));
	return vxe_query_funcs[idx](vxe, query);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_query_ioctl);

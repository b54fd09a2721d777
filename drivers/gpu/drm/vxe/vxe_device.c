// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device identification
 *
 * At probe the driver learns what it drives from the device's
 * identification registers, as a PCI driver reads a real part, and keeps
 * the result in &struct vxe_device_info. Everything user space is told
 * about the device (DRM_IOCTL_XE_DEVICE_QUERY, debugfs) comes from there,
 * never from the configuration the device model was built with.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_device.h"
#include "vxe_fault.h"
#include "vxe_hw.h"
#include "vxe_irq.h"
#include "vxe_migrate.h"

static int vxe_device_probe_engines(struct vxe_device *vxe, u32 mask)
{
	struct vxe_device_info *info = &vxe->info;
	unsigned long bits = mask;
	unsigned int bit;

	if (bits & ~GENMASK(VXE_MAX_ENGINES - 1, 0))
		return -ENODEV;

	info->num_engines = 0;
	for_each_set_bit(bit, &bits, VXE_MAX_ENGINES) {
		info->engines[info->num_engines].class = bit / VXE_ENGINE_MAX_INSTANCES;
		info->engines[info->num_engines].instance = bit % VXE_ENGINE_MAX_INSTANCES;
		info->num_engines++;
	}

	return info->num_engines ? 0 : -ENODEV;
}

/**
 * vxe_device_probe_info() - read the device's identification registers
 * @vxe: the device, with @vxe->hw set
 *
 * Return: 0, or -ENODEV when the registers describe something this driver
 * cannot drive.
 */
int vxe_device_probe_info(struct vxe_device *vxe)
{
	struct vxe_device_info *info = &vxe->info;
	struct vxe_hw *hw = vxe->hw;
	u32 id;
	int ret;

	/* From the first register access on, sequences take mmio_lock */
	spin_lock_init(&vxe->mmio_lock);
	id = vxe_hw_mmio_read32(hw, VXE_REG_ID);

	if (id == ~0u) {
		drm_err(&vxe->drm, "device does not answer\n");
		return -ENODEV;
	}

	info->device_id = FIELD_GET(VXE_ID_DEVICE, id);
	info->revision = FIELD_GET(VXE_ID_REVISION, id);
	info->gmdid = vxe_hw_mmio_read32(hw, VXE_REG_GMDID);
	info->va_bits = vxe_hw_mmio_read32(hw, VXE_REG_VA_BITS);
	info->page_sizes = vxe_hw_mmio_read32(hw, VXE_REG_PAGE_SIZES);
	info->vram_size = vxe_hw_mmio_read32(hw, VXE_REG_VRAM_SIZE_LO) |
		(u64)vxe_hw_mmio_read32(hw, VXE_REG_VRAM_SIZE_HI) << 32;
	info->vram_min_page = vxe_hw_mmio_read32(hw, VXE_REG_VRAM_MIN_PAGE);
	info->ref_clock_hz = vxe_hw_mmio_read32(hw, VXE_REG_REF_CLOCK);
	info->max_asids = vxe_hw_mmio_read32(hw, VXE_REG_MAX_ASIDS);
	info->max_contexts = vxe_hw_mmio_read32(hw, VXE_REG_MAX_CONTEXTS);

	/* The uAPI hands out 48-bit addresses with sign extension at most */
	if (info->va_bits < 32 || info->va_bits > 48 ||
	    !(info->page_sizes & SZ_4K) || !info->ref_clock_hz ||
	    !is_power_of_2(info->vram_min_page) ||
	    info->vram_min_page < SZ_4K || !info->max_asids ||
	    !info->max_contexts || info->max_contexts > VXE_MAX_CONTEXTS) {
		drm_err(&vxe->drm, "unsupported device configuration\n");
		return -ENODEV;
	}

	ret = vxe_device_probe_engines(vxe, vxe_hw_mmio_read32(hw, VXE_REG_ENGINES));
	if (ret) {
		drm_err(&vxe->drm, "no usable engines\n");
		return ret;
	}

	drm_info(&vxe->drm, "device %04x rev %02x, IP %u.%02u, %u engines, %llu MiB VRAM\n",
		 info->device_id, info->revision,
		 (u32)FIELD_GET(VXE_GMDID_ARCH, info->gmdid),
		 (u32)FIELD_GET(VXE_GMDID_RELEASE, info->gmdid),
		 info->num_engines, info->vram_size >> 20);

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_device_probe_info);

/**
 * vxe_device_init_hw() - bring up the driver's side of the device
 * @vxe: the device, identified by vxe_device_probe_info()
 *
 * Sets up what every later layer uses: the fault queue, the interrupt
 * handler and the migration context on the copy engine.
 *
 * Return: 0 or a negative errno; on error nothing is left set up.
 */
int vxe_device_init_hw(struct vxe_device *vxe)
{
	int ret;

	spin_lock_init(&vxe->rings_lock);
	ida_init(&vxe->ctx_ida);
	xa_init_flags(&vxe->asids, XA_FLAGS_ALLOC);
	init_waitqueue_head(&vxe->tlb_inval.wq);
	init_waitqueue_head(&vxe->ufence_wq);
	atomic64_set(&vxe->fault.count, 0);

	INIT_LIST_HEAD(&vxe->active_rings);

	vxe->rings = kvcalloc(vxe->info.max_contexts, sizeof(*vxe->rings), GFP_KERNEL);
	if (!vxe->rings)
		return -ENOMEM;
	vxe->sched_wq = alloc_workqueue("vxe-sched", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	if (!vxe->sched_wq) {
		ret = -ENOMEM;
		goto err_rings;
	}

	ret = vxe_fault_init(vxe);
	if (ret)
		goto err_wq;

	vxe_irq_enable(vxe);

	ret = vxe_migrate_init(vxe);
	if (ret)
		goto err_irq;

	return 0;

err_irq:
	vxe_irq_disable(vxe);
	vxe_fault_fini(vxe);
err_wq:
	destroy_workqueue(vxe->sched_wq);
err_rings:
	kvfree(vxe->rings);
	vxe->rings = NULL;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_device_init_hw);

/**
 * vxe_device_fini_hw() - undo vxe_device_init_hw()
 * @vxe: the device
 */
void vxe_device_fini_hw(struct vxe_device *vxe)
{
	vxe_migrate_fini(vxe);
	vxe_irq_disable(vxe);
	vxe_fault_fini(vxe);
	destroy_workqueue(vxe->sched_wq);
	kvfree(vxe->rings);
	vxe->rings = NULL;
	ida_destroy(&vxe->ctx_ida);
	xa_destroy(&vxe->asids);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_device_fini_hw);

/**
 * vxe_device_has_vram() - whether the device has device memory
 * @vxe: the device
 *
 * Return: true when VRAM is present.
 */
bool vxe_device_has_vram(const struct vxe_device *vxe)
{
	return vxe->info.vram_size != 0;
}

/**
 * vxe_device_min_alignment() - smallest alignment valid for every placement
 * @vxe: the device
 *
 * Return: DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT, in bytes.
 */
u32 vxe_device_min_alignment(const struct vxe_device *vxe)
{
	return vxe_device_has_vram(vxe) ? vxe->info.vram_min_page : SZ_4K;
}

/**
 * vxe_device_engine_user_class() - the uAPI class of an engine class
 * @class: an &enum vxe_hw_engine_class
 *
 * Return: the DRM_XE_ENGINE_CLASS_* user space knows the class by.
 */
u16 vxe_device_engine_user_class(u8 class)
{
	return class == VXE_ENGINE_CLASS_COPY ? DRM_XE_ENGINE_CLASS_COPY :
						DRM_XE_ENGINE_CLASS_RENDER;
}

/**
 * vxe_device_engine_lookup() - find the engine user space names
 * @vxe: the device
 * @eci: class, instance and GT, as in the uAPI
 *
 * Return: index of the engine in &vxe_device_info.engines, or -EINVAL
 * when the device has no such engine.
 */
int vxe_device_engine_lookup(const struct vxe_device *vxe,
			     const struct drm_xe_engine_class_instance *eci)
{
	const struct vxe_device_info *info = &vxe->info;
	unsigned int i;

	if (eci->gt_id != 0)
		return -EINVAL;
	for (i = 0; i < info->num_engines; i++)
		if (vxe_device_engine_user_class(info->engines[i].class) == eci->engine_class &&
		    info->engines[i].instance == eci->engine_instance)
			return i;
	return -EINVAL;
}

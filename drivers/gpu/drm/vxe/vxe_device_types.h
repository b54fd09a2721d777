/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_DEVICE_TYPES_H_
#define _VXE_DEVICE_TYPES_H_

#include <linux/types.h>

#include <drm/drm_device.h>

#include "vxe_hw_regs.h"

struct faux_device;
struct vxe_hw;

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

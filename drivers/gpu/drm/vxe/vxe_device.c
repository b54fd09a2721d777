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

#include <drm/drm_print.h>

#include "vxe_device.h"
#include "vxe_hw.h"

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
	u32 id = vxe_hw_mmio_read32(hw, VXE_REG_ID);
	int ret;

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

	/* The uAPI hands out 48-bit addresses with sign extension at most */
	if (info->va_bits < 32 || info->va_bits > 48 ||
	    !(info->page_sizes & SZ_4K) || !info->ref_clock_hz ||
	    !is_power_of_2(info->vram_min_page) ||
	    info->vram_min_page < SZ_4K) {
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

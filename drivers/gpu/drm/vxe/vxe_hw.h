/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_HW_H_
#define _VXE_HW_H_

#include <linux/types.h>

struct device;
struct vxe_hw;

/**
 * struct vxe_hw_config - what a virtual GPU instance is built with
 *
 * The "board configuration" of one device-model instance, as vkms_config
 * is for vkms. The device model copies it at creation; the driver learns
 * it back only through registers (see vxe_hw_regs.h), as it would probe a
 * real part.
 */
struct vxe_hw_config {
	/** @device_id: PCI-style device id reported in VXE_REG_ID */
	u16 device_id;
	/** @revision: revision reported in VXE_REG_ID */
	u8 revision;
	/** @va_bits: width of a GPU virtual address */
	u8 va_bits;
	/** @gmdid: graphics IP version, in Xe's GMD_ID layout */
	u32 gmdid;
	/** @page_sizes: supported leaf page sizes, bit n for 2^n bytes */
	u32 page_sizes;
	/** @engines: engines present, VXE_ENGINE_BIT() per engine */
	u32 engines;
	/** @vram_size: bytes of device memory */
	u64 vram_size;
	/** @vram_min_page: smallest page mappable from VRAM, in bytes */
	u32 vram_min_page;
	/** @ref_clock_hz: timestamp counter frequency */
	u32 ref_clock_hz;
	/** @max_asids: address spaces the MMU can hold */
	u32 max_asids;
	/** @max_contexts: contexts the engines can hold */
	u32 max_contexts;
	/** @timeslice_us: execution time a context gets before others run */
	u32 timeslice_us;
};

void vxe_hw_config_init_default(struct vxe_hw_config *cfg, u64 vram_size);

struct vxe_hw *vxe_hw_create(struct device *dev, const struct vxe_hw_config *cfg);
void vxe_hw_destroy(struct vxe_hw *hw);

u32 vxe_hw_mmio_read32(struct vxe_hw *hw, u32 offset);
void vxe_hw_mmio_write32(struct vxe_hw *hw, u32 offset, u32 value);
void vxe_hw_set_irq_handler(struct vxe_hw *hw, void (*handler)(void *data), void *data);
void *vxe_hw_vram_window(struct vxe_hw *hw);

#endif

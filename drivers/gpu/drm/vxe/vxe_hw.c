// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device model
 *
 * The virtual GPU that vxe drives. It plays the part of hardware: it is
 * created with a &struct vxe_hw_config, holds all of its state in its
 * &struct vxe_hw instance (no module globals, so several devices can exist
 * side by side), and exposes itself only through a 32-bit register window
 * (vxe_hw_mmio_read32()) whose layout is vxe_hw_regs.h.
 *
 * The device model never includes a driver header and never looks at driver
 * structures: what the driver wants it to know, it writes to registers (or,
 * as the model grows, places in rings and page tables in memory that the
 * model reads through device addresses).
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/math64.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "vxe_hw.h"
#include "vxe_hw_regs.h"

/* A Battlemage-class part: Xe2 graphics IP 20.01 */
#define VXE_HW_DEFAULT_DEVICE_ID	0xfe20
#define VXE_HW_DEFAULT_REVISION		0x01
#define VXE_HW_DEFAULT_VA_BITS		48
#define VXE_HW_DEFAULT_REF_CLOCK	19200000

/**
 * struct vxe_hw - one instance of the virtual GPU
 */
struct vxe_hw {
	/** @dev: device the instance belongs to, for DMA and messages */
	struct device *dev;
	/** @cfg: configuration the instance was built with (read-only) */
	struct vxe_hw_config cfg;
	/** @epoch_ns: CLOCK_MONOTONIC_RAW time at which the timestamp read zero */
	u64 epoch_ns;
	/**
	 * @ts_hi_latch: upper half of the timestamp latched by the last read
	 * of VXE_REG_TIMESTAMP_LO, so that a LO-then-HI read is consistent
	 */
	u32 ts_hi_latch;
};

/**
 * vxe_hw_config_init_default() - describe a default Xe2-class device
 * @cfg: configuration to fill
 * @vram_size: bytes of device memory
 *
 * One render and one copy engine, 48-bit VA, leaf pages of 4K, 64K, 2M and
 * 1G, VRAM mappable in 64K pages as on discrete Xe2 parts.
 */
void vxe_hw_config_init_default(struct vxe_hw_config *cfg, u64 vram_size)
{
	*cfg = (struct vxe_hw_config) {
		.device_id = VXE_HW_DEFAULT_DEVICE_ID,
		.revision = VXE_HW_DEFAULT_REVISION,
		.va_bits = VXE_HW_DEFAULT_VA_BITS,
		.gmdid = FIELD_PREP(VXE_GMDID_ARCH, 20) |
			 FIELD_PREP(VXE_GMDID_RELEASE, 1),
		.page_sizes = SZ_4K | SZ_64K | SZ_2M | SZ_1G,
		.engines = VXE_ENGINE_BIT(VXE_ENGINE_CLASS_RENDER, 0) |
			   VXE_ENGINE_BIT(VXE_ENGINE_CLASS_COPY, 0),
		.vram_size = vram_size,
		.vram_min_page = SZ_64K,
		.ref_clock_hz = VXE_HW_DEFAULT_REF_CLOCK,
	};
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_config_init_default);

/**
 * vxe_hw_create() - power up a virtual GPU instance
 * @dev: device the instance belongs to
 * @cfg: what to build; copied
 *
 * Return: the instance, or an ERR_PTR() on invalid configuration or when
 * memory cannot be had.
 */
struct vxe_hw *vxe_hw_create(struct device *dev, const struct vxe_hw_config *cfg)
{
	struct vxe_hw *hw;

	if (cfg->va_bits < 32 || cfg->va_bits > 57 ||
	    !(cfg->page_sizes & SZ_4K) || !cfg->engines ||
	    !cfg->ref_clock_hz || !is_power_of_2(cfg->vram_min_page) ||
	    !IS_ALIGNED(cfg->vram_size, cfg->vram_min_page))
		return ERR_PTR(-EINVAL);

	hw = kzalloc_obj(*hw);
	if (!hw)
		return ERR_PTR(-ENOMEM);

	hw->dev = dev;
	hw->cfg = *cfg;
	hw->epoch_ns = ktime_get_raw_ns();

	return hw;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_create);

/**
 * vxe_hw_destroy() - power down an instance and free it
 * @hw: the instance, or NULL
 */
void vxe_hw_destroy(struct vxe_hw *hw)
{
	kfree(hw);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_destroy);

static u64 vxe_hw_timestamp(const struct vxe_hw *hw)
{
	u64 ns = ktime_get_raw_ns() - hw->epoch_ns;

	return mul_u64_u32_div(ns, hw->cfg.ref_clock_hz, NSEC_PER_SEC);
}

/**
 * vxe_hw_mmio_read32() - read a register
 * @hw: the instance
 * @offset: byte offset in the register window
 *
 * Return: the register's value; all-ones for an offset that decodes to
 * nothing.
 */
u32 vxe_hw_mmio_read32(struct vxe_hw *hw, u32 offset)
{
	const struct vxe_hw_config *cfg = &hw->cfg;
	u64 ts;

	switch (offset) {
	case VXE_REG_ID:
		return FIELD_PREP(VXE_ID_DEVICE, cfg->device_id) |
		       FIELD_PREP(VXE_ID_REVISION, cfg->revision);
	case VXE_REG_GMDID:
		return cfg->gmdid;
	case VXE_REG_VA_BITS:
		return cfg->va_bits;
	case VXE_REG_PAGE_SIZES:
		return cfg->page_sizes;
	case VXE_REG_ENGINES:
		return cfg->engines;
	case VXE_REG_VRAM_SIZE_LO:
		return lower_32_bits(cfg->vram_size);
	case VXE_REG_VRAM_SIZE_HI:
		return upper_32_bits(cfg->vram_size);
	case VXE_REG_VRAM_MIN_PAGE:
		return cfg->vram_min_page;
	case VXE_REG_REF_CLOCK:
		return cfg->ref_clock_hz;
	case VXE_REG_TIMESTAMP_LO:
		ts = vxe_hw_timestamp(hw);
		WRITE_ONCE(hw->ts_hi_latch, upper_32_bits(ts));
		return lower_32_bits(ts);
	case VXE_REG_TIMESTAMP_HI:
		return READ_ONCE(hw->ts_hi_latch);
	default:
		return ~0u;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_mmio_read32);

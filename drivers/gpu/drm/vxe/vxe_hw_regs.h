/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_HW_REGS_H_
#define _VXE_HW_REGS_H_

#include <linux/bits.h>

/**
 * DOC: vxe register interface
 *
 * This header is the programming reference of the virtual GPU: the only
 * thing the driver and the device model share. Both sides include it; the
 * driver never includes a vxe_hw_*.h header other than this one and
 * vxe_hw.h (which declares the bus-level accessors), and the device model
 * never includes a driver header.
 *
 * All registers are 32 bits wide and live in one MMIO window. Offsets not
 * listed here read as all-ones and ignore writes, as an unclaimed PCI read
 * would.
 *
 * Identification block (read-only):
 *
 * - %VXE_REG_ID: PCI-style device id in bits 15:0, revision in 23:16.
 * - %VXE_REG_GMDID: graphics IP version, laid out as Xe's GMD_ID
 *   (architecture 31:22, release 21:14, revision 5:0).
 * - %VXE_REG_VA_BITS: width of a GPU virtual address.
 * - %VXE_REG_PAGE_SIZES: one bit per supported leaf size, bit n meaning
 *   a page of 2^n bytes (4K, 64K, 2M and 1G on an Xe2-class part).
 * - %VXE_REG_ENGINES: one bit per engine present, see VXE_ENGINE_BIT().
 * - %VXE_REG_VRAM_SIZE_LO / %VXE_REG_VRAM_SIZE_HI: bytes of device memory.
 * - %VXE_REG_VRAM_MIN_PAGE: smallest page the GPU MMU can map from VRAM.
 * - %VXE_REG_REF_CLOCK: frequency of the timestamp counter, in Hz.
 * - %VXE_REG_TIMESTAMP_LO / %VXE_REG_TIMESTAMP_HI: free-running 64-bit
 *   counter at %VXE_REG_REF_CLOCK. Read LO, then HI; reading LO latches HI.
 */

#define VXE_REG_ID			0x0000
#define   VXE_ID_DEVICE			GENMASK(15, 0)
#define   VXE_ID_REVISION		GENMASK(23, 16)
#define VXE_REG_GMDID			0x0004
#define   VXE_GMDID_ARCH		GENMASK(31, 22)
#define   VXE_GMDID_RELEASE		GENMASK(21, 14)
#define   VXE_GMDID_REVID		GENMASK(5, 0)
#define VXE_REG_VA_BITS			0x0008
#define VXE_REG_PAGE_SIZES		0x000c
#define VXE_REG_ENGINES			0x0010
#define VXE_REG_VRAM_SIZE_LO		0x0014
#define VXE_REG_VRAM_SIZE_HI		0x0018
#define VXE_REG_VRAM_MIN_PAGE		0x001c
#define VXE_REG_REF_CLOCK		0x0020
#define VXE_REG_TIMESTAMP_LO		0x0024
#define VXE_REG_TIMESTAMP_HI		0x0028

/* Size of the register window, in bytes */
#define VXE_MMIO_SIZE			0x10000

/**
 * enum vxe_hw_engine_class - engine classes of the virtual GPU
 * @VXE_ENGINE_CLASS_RENDER: render command streamer (MI commands)
 * @VXE_ENGINE_CLASS_COPY: blitter / copy engine (MI commands, MEM_COPY,
 *	MEM_SET)
 * @VXE_ENGINE_CLASS_COUNT: number of classes
 *
 * There is deliberately no compute class: EU kernels cannot be emulated.
 */
enum vxe_hw_engine_class {
	VXE_ENGINE_CLASS_RENDER,
	VXE_ENGINE_CLASS_COPY,
	VXE_ENGINE_CLASS_COUNT,
};

/* Instances per class that %VXE_REG_ENGINES can describe */
#define VXE_ENGINE_MAX_INSTANCES	8

/**
 * VXE_ENGINE_BIT - bit of an engine in %VXE_REG_ENGINES
 * @class: an &enum vxe_hw_engine_class
 * @instance: instance within the class, below %VXE_ENGINE_MAX_INSTANCES
 */
#define VXE_ENGINE_BIT(class, instance) \
	BIT((class) * VXE_ENGINE_MAX_INSTANCES + (instance))

#endif

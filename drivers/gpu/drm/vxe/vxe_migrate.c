// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: migration copies
 *
 * The driver's own context on the copy engine copies and clears memory by
 * device physical address: a DMA address of system memory or
 * VXE_MIGRATE_VRAM_DPA() of a VRAM offset. vxe_migrate_copy() and
 * vxe_migrate_clear() emit MEM_COPY / MEM_SET commands (256-byte page mode
 * when everything is 256-byte aligned, byte mode otherwise) and return the
 * fence of their completion. TTM moves and drm_pagemap migration are built
 * on them. A submission that finds the ring full waits for room: the
 * copies of a BO's scattered system pages, one per page, are submitted
 * faster than the engine runs them.
 */

#include <kunit/visibility.h>
#include <linux/dma-fence.h>
#include <linux/err.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "vxe_device.h"
#include "vxe_migrate.h"
#include "vxe_ring.h"

#define MEM_COPY		0x56800008
#define MEM_COPY_PAGE		BIT(19)
#define MEM_SET			0x56c00005
#define MEM_COPY_DW		10
#define MEM_SET_DW		7
/* Largest width a command takes: 2^18 bytes, or 2^24 pages of 256 bytes */
#define VXE_MIGRATE_MAX_BYTES	SZ_256K
#define VXE_MIGRATE_MAX_PAGES	SZ_1G
/* Commands per submission, so that one fits in the ring */
#define VXE_MIGRATE_MAX_CMDS	256

static unsigned int vxe_migrate_emit_copy(u32 *cs, u64 dst, u64 src, u64 size)
{
	bool page = IS_ALIGNED(dst | src | size, 256);
	u64 chunk = page ? VXE_MIGRATE_MAX_PAGES : VXE_MIGRATE_MAX_BYTES;
	unsigned int n = 0;

	while (size) {
		u64 len = min(size, chunk);

		cs[n++] = MEM_COPY | (page ? MEM_COPY_PAGE : 0);
		cs[n++] = (page ? len / 256 : len) - 1;
		cs[n++] = 0;
		cs[n++] = 0;
		cs[n++] = 0;
		cs[n++] = lower_32_bits(src);
		cs[n++] = upper_32_bits(src);
		cs[n++] = lower_32_bits(dst);
		cs[n++] = upper_32_bits(dst);
		cs[n++] = 0;
		src += len;
		dst += len;
		size -= len;
	}
	return n;
}

static unsigned int vxe_migrate_emit_clear(u32 *cs, u64 dst, u64 size)
{
	unsigned int n = 0;

	while (size) {
		u64 len = min_t(u64, size, SZ_16M);

		cs[n++] = MEM_SET;
		cs[n++] = len - 1;
		cs[n++] = 0;
		cs[n++] = 0;
		cs[n++] = lower_32_bits(dst);
		cs[n++] = upper_32_bits(dst);
		cs[n++] = 0;	/* fill byte 0 */
		dst += len;
		size -= len;
	}
	return n;
}

static struct dma_fence *vxe_migrate_run(struct vxe_device *vxe, u64 dst, u64 src,
					 u64 size, bool clear)
{
	u64 chunk = IS_ALIGNED(dst | src | size, 256) || clear ?
		    VXE_MIGRATE_MAX_PAGES : VXE_MIGRATE_MAX_BYTES;
	unsigned int max_dw = VXE_MIGRATE_MAX_CMDS * MEM_COPY_DW, n;
	struct dma_fence *fence;
	u32 *cs;

	if (!vxe->migrate)
		return ERR_PTR(-ENODEV);
	if (!size || size > chunk * VXE_MIGRATE_MAX_CMDS)
		return ERR_PTR(-EINVAL);

	cs = kmalloc_array(max_dw, sizeof(*cs), GFP_KERNEL);
	if (!cs)
		return ERR_PTR(-ENOMEM);

	n = clear ? vxe_migrate_emit_clear(cs, dst, size) :
		    vxe_migrate_emit_copy(cs, dst, src, size);
	fence = vxe_ring_submit_wait(vxe->migrate, cs, n);
	kfree(cs);
	return fence;
}

/**
 * vxe_migrate_copy() - copy between device physical addresses
 * @vxe: the device
 * @dst: destination DPA
 * @src: source DPA
 * @size: bytes, at most 256 GiB when everything is 256-byte aligned and
 *	  64 MiB otherwise
 *
 * Return: the copy's fence, or an ERR_PTR().
 */
struct dma_fence *vxe_migrate_copy(struct vxe_device *vxe, u64 dst, u64 src, u64 size)
{
	return vxe_migrate_run(vxe, dst, src, size, false);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_migrate_copy);

/**
 * vxe_migrate_clear() - zero memory at a device physical address
 * @vxe: the device
 * @dst: DPA
 * @size: bytes, at most 4 GiB
 *
 * Return: the clear's fence, or an ERR_PTR().
 */
struct dma_fence *vxe_migrate_clear(struct vxe_device *vxe, u64 dst, u64 size)
{
	if (size > (u64)SZ_16M * VXE_MIGRATE_MAX_CMDS)
		return ERR_PTR(-EINVAL);
	return vxe_migrate_run(vxe, dst, 0, size, true);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_migrate_clear);

/**
 * vxe_migrate_init() - create the migration context on a copy engine
 * @vxe: the device
 *
 * Return: 0, or a negative errno. A device without a copy engine has no
 * migration context; its copies fail with -ENODEV.
 */
int vxe_migrate_init(struct vxe_device *vxe)
{
	unsigned int i;

	for (i = 0; i < vxe->info.num_engines; i++) {
		const struct vxe_engine_info *e = &vxe->info.engines[i];

		if (e->class == VXE_ENGINE_CLASS_COPY)
			return vxe_ring_create(vxe, VXE_ENGINE_BIT_NR(e->class, e->instance),
					       0, 0, SZ_16K, &vxe->migrate);
	}
	return 0;
}

/**
 * vxe_migrate_fini() - destroy the migration context
 * @vxe: the device
 */
void vxe_migrate_fini(struct vxe_device *vxe)
{
	if (vxe->migrate)
		vxe_ring_destroy(vxe->migrate);
	vxe->migrate = NULL;
}

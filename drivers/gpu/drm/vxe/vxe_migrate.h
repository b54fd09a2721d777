/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_MIGRATE_H_
#define _VXE_MIGRATE_H_

#include <linux/types.h>

#include "vxe_hw_regs.h"

struct dma_fence;
struct vxe_device;

/* Device physical address of a VRAM offset */
#define VXE_MIGRATE_VRAM_DPA(offset)	(VXE_DPA_VRAM + (offset))

int vxe_migrate_init(struct vxe_device *vxe);
void vxe_migrate_fini(struct vxe_device *vxe);
struct dma_fence *vxe_migrate_copy(struct vxe_device *vxe, u64 dst, u64 src, u64 size);
struct dma_fence *vxe_migrate_clear(struct vxe_device *vxe, u64 dst, u64 size);

#endif

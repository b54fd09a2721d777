/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_PAT_H_
#define _VXE_PAT_H_

#include <linux/types.h>

struct drm_printer;

/**
 * enum vxe_cache_level - the PAT indices the driver itself uses
 * @VXE_CACHE_NONE: uncached
 * @VXE_CACHE_WT: write-through
 * @VXE_CACHE_WB: write-back, coherent with the CPU
 * @VXE_CACHE_NONE_COMPRESSION: uncached, compressed
 * @VXE_CACHE_WB_COMPRESSION: write-back, compressed
 * @VXE_CACHE_LEVEL_COUNT: number of levels
 */
enum vxe_cache_level {
	VXE_CACHE_NONE,
	VXE_CACHE_WT,
	VXE_CACHE_WB,
	VXE_CACHE_NONE_COMPRESSION,
	VXE_CACHE_WB_COMPRESSION,
	VXE_CACHE_LEVEL_COUNT,
};

/* No PAT index serves this cache level on this device */
#define VXE_PAT_INVALID_IDX	U16_MAX

/**
 * enum vxe_coh - coherency of a PAT entry with the CPU caches
 * @VXE_COH_INVALID: reserved entry or index out of range
 * @VXE_COH_NONE: not coherent
 * @VXE_COH_1WAY: GPU accesses snoop CPU caches
 * @VXE_COH_2WAY: and CPU accesses snoop GPU caches
 */
enum vxe_coh {
	VXE_COH_INVALID,
	VXE_COH_NONE,
	VXE_COH_1WAY,
	VXE_COH_2WAY,
};

/* Entries in the PAT table, the bound on pat_index */
#define VXE_PAT_ENTRIES		32

void vxe_pat_dump_sw_config(struct drm_printer *p);
enum vxe_coh vxe_pat_index_coh(u16 pat_index);
bool vxe_pat_index_compressed(u16 pat_index);

#endif

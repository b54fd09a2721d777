// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: PAT table
 *
 * Page Attribute Table indices select caching and coherency for every GPU
 * mapping; user space passes one in each VM_BIND operation. vxe implements
 * the Xe2 table as documented for discrete Xe2 parts, so that user space
 * that derives PAT indices from the device id (as IGT and Mesa do) picks
 * valid ones, and reports it in debugfs gt0/pat_sw_config in the format
 * Xe uses, which IGT parses.
 */

#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/nospec.h>

#include <drm/drm_print.h>

#include "vxe_pat.h"

#define VXE_PAT_NO_PROMOTE	BIT(10)
#define VXE_PAT_COMP_EN		BIT(9)
#define VXE_PAT_L3_CLOS		GENMASK(7, 6)
#define VXE_PAT_L3_POLICY	GENMASK(5, 4)
#define VXE_PAT_L4_POLICY	GENMASK(3, 2)
#define VXE_PAT_COH_MODE	GENMASK(1, 0)

struct vxe_pat_entry {
	u32 value;
	bool valid;
};

#define VXE_PAT(no_promote, comp, clos, l3, l4, coh) {			\
	.value = ((no_promote) ? VXE_PAT_NO_PROMOTE : 0) |		\
		 ((comp) ? VXE_PAT_COMP_EN : 0) |			\
		 FIELD_PREP_CONST(VXE_PAT_L3_CLOS, clos) |			\
		 FIELD_PREP_CONST(VXE_PAT_L3_POLICY, l3) |			\
		 FIELD_PREP_CONST(VXE_PAT_L4_POLICY, l4) |			\
		 FIELD_PREP_CONST(VXE_PAT_COH_MODE, coh),			\
	.valid = true,							\
}

/*
 * Columns: no-promote, compression, L3 class of service, L3 policy,
 * L4 policy, coherency (0 none, 2 one-way, 3 two-way).
 * Entries 16..19 are reserved and stay all-zero (not valid).
 */
static const struct vxe_pat_entry vxe_pat_table[32] = {
	[0] = VXE_PAT(0, 0, 0, 0, 3, 0),
	[1] = VXE_PAT(0, 0, 0, 0, 3, 2),
	[2] = VXE_PAT(0, 0, 0, 0, 3, 3),
	[3] = VXE_PAT(0, 0, 0, 3, 3, 0),
	[4] = VXE_PAT(0, 0, 0, 3, 0, 2),
	[5] = VXE_PAT(0, 0, 0, 3, 3, 2),
	[6] = VXE_PAT(1, 0, 0, 1, 3, 0),
	[7] = VXE_PAT(0, 0, 0, 3, 0, 3),
	[8] = VXE_PAT(0, 0, 0, 3, 0, 0),
	[9] = VXE_PAT(0, 1, 0, 0, 3, 0),
	[10] = VXE_PAT(0, 1, 0, 3, 0, 0),
	[11] = VXE_PAT(1, 1, 0, 1, 3, 0),
	[12] = VXE_PAT(0, 1, 0, 3, 3, 0),
	[13] = VXE_PAT(0, 0, 0, 0, 0, 0),
	[14] = VXE_PAT(0, 1, 0, 0, 0, 0),
	[15] = VXE_PAT(1, 1, 0, 1, 1, 0),
	[20] = VXE_PAT(0, 0, 1, 0, 3, 0),
	[21] = VXE_PAT(0, 1, 1, 0, 3, 0),
	[22] = VXE_PAT(0, 0, 1, 0, 3, 2),
	[23] = VXE_PAT(0, 0, 1, 0, 3, 3),
	[24] = VXE_PAT(0, 0, 2, 0, 3, 0),
	[25] = VXE_PAT(0, 1, 2, 0, 3, 0),
	[26] = VXE_PAT(0, 0, 2, 0, 3, 2),
	[27] = VXE_PAT(0, 0, 2, 0, 3, 3),
	[28] = VXE_PAT(0, 0, 3, 0, 3, 0),
	[29] = VXE_PAT(0, 1, 3, 0, 3, 0),
	[30] = VXE_PAT(0, 0, 3, 0, 3, 2),
	[31] = VXE_PAT(0, 0, 3, 0, 3, 3),
};

/* How the GPU MMU reads page tables, and how PCIe ATS requests are cached */
static const struct vxe_pat_entry vxe_pat_pta = VXE_PAT(0, 0, 0, 0, 3, 0);
static const struct vxe_pat_entry vxe_pat_ats = VXE_PAT(0, 0, 0, 0, 3, 3);

static const u16 vxe_pat_cache_idx[VXE_CACHE_LEVEL_COUNT] = {
	[VXE_CACHE_NONE] = 3,
	[VXE_CACHE_WT] = 15,
	[VXE_CACHE_WB] = 2,
	[VXE_CACHE_NONE_COMPRESSION] = 12,
	[VXE_CACHE_WB_COMPRESSION] = VXE_PAT_INVALID_IDX,
};

/**
 * vxe_pat_index_coh() - coherency of a PAT index, for VM_BIND's checks
 * @pat_index: the index user space passed
 *
 * Return: %VXE_COH_INVALID for an index past the table or a reserved
 * entry, else %VXE_COH_NONE, %VXE_COH_1WAY or %VXE_COH_2WAY.
 */
enum vxe_coh vxe_pat_index_coh(u16 pat_index)
{
	const struct vxe_pat_entry *e;

	if (pat_index >= ARRAY_SIZE(vxe_pat_table))
		return VXE_COH_INVALID;
	e = &vxe_pat_table[array_index_nospec(pat_index, ARRAY_SIZE(vxe_pat_table))];
	if (!e->valid)
		return VXE_COH_INVALID;
	switch (FIELD_GET(VXE_PAT_COH_MODE, e->value)) {
	case 2:
		return VXE_COH_1WAY;
	case 3:
		return VXE_COH_2WAY;
	default:
		return VXE_COH_NONE;
	}
}

/**
 * vxe_pat_index_compressed() - whether a PAT index enables compression
 * @pat_index: a valid index
 *
 * Return: true for the compressed entries.
 */
bool vxe_pat_index_compressed(u16 pat_index)
{
	return vxe_pat_index_coh(pat_index) != VXE_COH_INVALID &&
	       (vxe_pat_table[pat_index].value & VXE_PAT_COMP_EN);
}

static void vxe_pat_entry_dump(struct drm_printer *p, const char *label,
			       u32 pat, bool reserved)
{
	drm_printf(p, "%s= [ %u, %u, %u, %u, %u, %u ]  (%#8x)%s\n", label,
		   !!(pat & VXE_PAT_NO_PROMOTE), !!(pat & VXE_PAT_COMP_EN),
		   (u32)FIELD_GET(VXE_PAT_L3_CLOS, pat),
		   (u32)FIELD_GET(VXE_PAT_L3_POLICY, pat),
		   (u32)FIELD_GET(VXE_PAT_L4_POLICY, pat),
		   (u32)FIELD_GET(VXE_PAT_COH_MODE, pat),
		   pat, reserved ? " *" : "");
}

/**
 * vxe_pat_dump_sw_config() - print the PAT table as Xe's pat_sw_config does
 * @p: where to print
 */
void vxe_pat_dump_sw_config(struct drm_printer *p)
{
	char label[16];
	unsigned int i;

	drm_printf(p, "PAT table: (* = reserved entry)\n");
	for (i = 0; i < ARRAY_SIZE(vxe_pat_table); i++) {
		snprintf(label, sizeof(label), "PAT[%2u] ", i);
		vxe_pat_entry_dump(p, label, vxe_pat_table[i].value,
				   !vxe_pat_table[i].valid);
	}

	drm_printf(p, "Page Table Access:\n");
	vxe_pat_entry_dump(p, "PTA_MODE", vxe_pat_pta.value, false);
	drm_printf(p, "PCIe ATS/PASID:\n");
	vxe_pat_entry_dump(p, "PAT_ATS ", vxe_pat_ats.value, false);

	drm_printf(p, "Cache Level:\n");
	drm_printf(p, "IDX[XE_CACHE_NONE] = %d\n", vxe_pat_cache_idx[VXE_CACHE_NONE]);
	drm_printf(p, "IDX[XE_CACHE_WT] = %d\n", vxe_pat_cache_idx[VXE_CACHE_WT]);
	drm_printf(p, "IDX[XE_CACHE_WB] = %d\n", vxe_pat_cache_idx[VXE_CACHE_WB]);
	drm_printf(p, "IDX[XE_CACHE_NONE_COMPRESSION] = %d\n",
		   vxe_pat_cache_idx[VXE_CACHE_NONE_COMPRESSION]);
	drm_printf(p, "IDX[XE_CACHE_WB_COMPRESSION] = %d\n",
		   vxe_pat_cache_idx[VXE_CACHE_WB_COMPRESSION]);
}

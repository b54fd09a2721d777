// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: debugfs
 *
 * Files under /sys/kernel/debug/dri/<device>/:
 *
 * - ``info``: what probe read from the device (ids, IP version, engines,
 *   VA bits, page sizes, VRAM), with the keys it shares with Xe's file of
 *   the same name first, in Xe's format.
 * - ``gt0/pat_sw_config``: the PAT table in the format of Xe's file of the
 *   same name, which IGT reads to pick PAT indices.
 */

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/string_choices.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>

#include "vxe_debugfs.h"
#include "vxe_device.h"
#include "vxe_pat.h"

static const char * const vxe_engine_class_name[VXE_ENGINE_CLASS_COUNT] = {
	[VXE_ENGINE_CLASS_RENDER] = "rcs",
	[VXE_ENGINE_CLASS_COPY] = "bcs",
};

static void vxe_debugfs_print_engines(struct drm_printer *p,
				      const struct vxe_device_info *info)
{
	unsigned int i;

	for (i = 0; i < info->num_engines; i++)
		drm_printf(p, " %s%u", vxe_engine_class_name[info->engines[i].class],
			   info->engines[i].instance);
	drm_printf(p, "\n");
}

/*
 * The keys Xe's info file shares with vxe come first, in Xe's format (IGT
 * reads some of them, e.g. the engine classes that take multi-LRC or
 * multi-queue submissions: none on vxe); vxe's own follow.
 */
static int vxe_debugfs_info_show(struct seq_file *m, void *data)
{
	struct vxe_device *vxe = m->private;
	const struct vxe_device_info *info = &vxe->info;
	struct drm_printer p = drm_seq_file_printer(m);

	drm_printf(&p, "graphics_verx100 %u\n",
		   (u32)FIELD_GET(VXE_GMDID_ARCH, info->gmdid) * 100 +
		   (u32)FIELD_GET(VXE_GMDID_RELEASE, info->gmdid));
	drm_printf(&p, "media_verx100 0\n");
	drm_printf(&p, "is_dgfx %s\n", str_yes_no(vxe_device_has_vram(vxe)));
	drm_printf(&p, "devid 0x%x\n", info->device_id);
	drm_printf(&p, "revid %u\n", info->revision);
	drm_printf(&p, "tile_count 1\n");
	drm_printf(&p, "multi_lrc_engine_classes none\n");
	drm_printf(&p, "gt0 engines");
	vxe_debugfs_print_engines(&p, info);
	drm_printf(&p, "gt0 multi_queue_engine_classes none\n");

	drm_printf(&p, "va_bits %u\n", info->va_bits);
	drm_printf(&p, "page_sizes 0x%08x\n", info->page_sizes);
	drm_printf(&p, "vram_size %llu\n", info->vram_size);
	drm_printf(&p, "vram_min_page %u\n", info->vram_min_page);
	drm_printf(&p, "reference_clock %u\n", info->ref_clock_hz);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vxe_debugfs_info);

static int vxe_debugfs_pat_sw_config_show(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);

	vxe_pat_dump_sw_config(&p);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vxe_debugfs_pat_sw_config);

/**
 * vxe_debugfs_init() - create the device's debugfs files
 * @minor: the primary minor; DRM calls this once per device
 */
void vxe_debugfs_init(struct drm_minor *minor)
{
	struct vxe_device *vxe = to_vxe_device(minor->dev);
	struct dentry *root = minor->debugfs_root;
	struct dentry *gt;

	debugfs_create_file("info", 0444, root, vxe, &vxe_debugfs_info_fops);

	gt = debugfs_create_dir("gt0", root);
	debugfs_create_file("pat_sw_config", 0444, gt, vxe,
			    &vxe_debugfs_pat_sw_config_fops);
}

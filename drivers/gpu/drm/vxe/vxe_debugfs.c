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
 * - ``gt0/hw_bench``: reading it measures the device model: commands per
 *   second on each engine, and copy-engine bandwidth from system memory to
 *   VRAM against a CPU memcpy of the same buffers. Its VRAM is a kernel
 *   buffer object from the VRAM manager, like anybody's.
 * - ``gt0/stats``: SVM counters ("name: value" a line, Xe's names, which
 *   IGT reads); writing a true value clears them, as Xe's.
 */

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/dma-fence.h>
#include <linux/dma-resv.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string_choices.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bo.h"
#include "vxe_debugfs.h"
#include "vxe_device.h"
#include "vxe_hw.h"
#include "vxe_migrate.h"
#include "vxe_pat.h"
#include "vxe_pt_types.h"
#include "vxe_ring.h"
#include "vxe_svm.h"

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

#define VXE_BENCH_CHUNK_ORDER	9	/* 2 MiB */
#define VXE_BENCH_CHUNKS	8	/* 16 MiB */
#define VXE_BENCH_CMDS		1000
#define VXE_BENCH_ROUNDS	20

/* Commands per second on one engine: MI_STORE_DATA_IMM to a DPA */
static u64 vxe_bench_cmds(struct vxe_device *vxe, unsigned int engine, dma_addr_t target)
{
	struct dma_fence *fence = NULL;
	struct vxe_ring *ring;
	unsigned int i, r;
	u64 start, ns;
	u32 *cs;

	cs = kmalloc_array(VXE_BENCH_CMDS, 4 * sizeof(u32), GFP_KERNEL);
	if (!cs)
		return 0;
	if (vxe_ring_create(vxe, engine, 0, 0, SZ_16K, &ring)) {
		kfree(cs);
		return 0;
	}

	for (i = 0; i < VXE_BENCH_CMDS; i++) {
		cs[4 * i] = 0x10400002;	/* MI_STORE_DATA_IMM, DPA */
		cs[4 * i + 1] = lower_32_bits(target);
		cs[4 * i + 2] = upper_32_bits(target);
		cs[4 * i + 3] = i;
	}

	start = ktime_get_ns();
	for (r = 0; r < VXE_BENCH_ROUNDS; r++) {
		struct dma_fence *f = vxe_ring_submit(ring, cs, 4 * VXE_BENCH_CMDS);

		if (IS_ERR(f))
			break;
		if (fence) {
			dma_fence_wait(fence, false);
			dma_fence_put(fence);
		}
		fence = f;
	}
	if (fence) {
		dma_fence_wait(fence, false);
		dma_fence_put(fence);
	}
	ns = ktime_get_ns() - start;

	vxe_ring_destroy(ring);
	kfree(cs);
	return r ? div64_u64((u64)r * VXE_BENCH_CMDS * NSEC_PER_SEC, ns) : 0;
}

static int vxe_debugfs_hw_bench_show(struct seq_file *m, void *data)
{
	struct vxe_device *vxe = m->private;
	const size_t chunk = PAGE_SIZE << VXE_BENCH_CHUNK_ORDER;
	struct page *pages[VXE_BENCH_CHUNKS] = {};
	dma_addr_t dma[VXE_BENCH_CHUNKS] = {};
	u64 start, copy_ns, cpu_ns, mib = VXE_BENCH_CHUNKS * chunk >> 20, base;
	u8 *vram = vxe_hw_vram_window(vxe->hw);
	struct dma_fence *fence;
	struct vxe_pt_seg *seg;
	struct vxe_bo *bo;
	unsigned int i;
	int n, ret = 0;

	if (!vram || !vxe_device_has_vram(vxe) || !vxe->migrate)
		return -ENODEV;

	bo = vxe_bo_create(vxe, NULL, VXE_BENCH_CHUNKS * chunk, VXE_MEM_VRAM, VXE_BO_CONTIGUOUS,
			   DRM_XE_GEM_CPU_CACHING_WC);
	if (IS_ERR(bo))
		return PTR_ERR(bo);
	/* Contiguous: one segment, cleared by the copy engine first */
	dma_resv_lock(bo->ttm.base.resv, NULL);
	dma_resv_wait_timeout(bo->ttm.base.resv, DMA_RESV_USAGE_KERNEL, false,
			      MAX_SCHEDULE_TIMEOUT);
	n = vxe_bo_segs(bo, &seg);
	dma_resv_unlock(bo->ttm.base.resv);
	if (n != 1) {
		if (n > 0)
			kvfree(seg);
		vxe_bo_put(bo);
		return n < 0 ? n : -EIO;
	}
	base = seg->dpa - VXE_DPA_VRAM;
	kvfree(seg);

	for (i = 0; i < VXE_BENCH_CHUNKS; i++) {
		pages[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, VXE_BENCH_CHUNK_ORDER);
		if (!pages[i]) {
			ret = -ENOMEM;
			goto out;
		}
		memset(page_address(pages[i]), i, chunk);
		dma[i] = dma_map_page(vxe->drm.dev, pages[i], 0, chunk, DMA_TO_DEVICE);
		if (dma_mapping_error(vxe->drm.dev, dma[i])) {
			dma[i] = 0;
			ret = -ENOMEM;
			goto out;
		}
	}

	for (i = 0; i < vxe->info.num_engines; i++) {
		const struct vxe_engine_info *e = &vxe->info.engines[i];

		u64 rate = vxe_bench_cmds(vxe, VXE_ENGINE_BIT_NR(e->class, e->instance), dma[0]);

		seq_printf(m, "%s%u_cmds_per_s %llu\n", vxe_engine_class_name[e->class],
			   e->instance, rate);
	}

	start = ktime_get_ns();
	for (i = 0; i < VXE_BENCH_CHUNKS; i++) {
		fence = vxe_migrate_copy(vxe, VXE_MIGRATE_VRAM_DPA(base + i * chunk), dma[i],
					 chunk);
		if (IS_ERR(fence)) {
			ret = PTR_ERR(fence);
			goto out;
		}
		dma_fence_wait(fence, false);
		ret = fence->error;
		dma_fence_put(fence);
		if (ret)
			goto out;
	}
	copy_ns = ktime_get_ns() - start;

	start = ktime_get_ns();
	for (i = 0; i < VXE_BENCH_CHUNKS; i++)
		memcpy(vram + base + i * chunk, page_address(pages[i]), chunk);
	cpu_ns = ktime_get_ns() - start;

	seq_printf(m, "copy_sys_to_vram_MiB_per_s %llu\n", div64_u64(mib * NSEC_PER_SEC, copy_ns));
	seq_printf(m, "memcpy_MiB_per_s %llu\n", div64_u64(mib * NSEC_PER_SEC, cpu_ns));
	seq_printf(m, "copy_to_memcpy_ratio_pct %llu\n", div64_u64(cpu_ns * 100, copy_ns));

out:
	for (i = 0; i < VXE_BENCH_CHUNKS; i++) {
		if (dma[i])
			dma_unmap_page(vxe->drm.dev, dma[i], chunk, DMA_TO_DEVICE);
		if (pages[i])
			__free_pages(pages[i], VXE_BENCH_CHUNK_ORDER);
	}
	vxe_bo_put(bo);
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(vxe_debugfs_hw_bench);

static int vxe_debugfs_stats_show(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);

	vxe_svm_stats_print(m->private, &p);
	return 0;
}

static int vxe_debugfs_stats_open(struct inode *inode, struct file *f)
{
	return single_open(f, vxe_debugfs_stats_show, inode->i_private);
}

static ssize_t vxe_debugfs_stats_write(struct file *f, const char __user *buf, size_t len,
				       loff_t *pos)
{
	struct vxe_device *vxe = ((struct seq_file *)f->private_data)->private;
	unsigned int i;
	bool clear;
	int ret;

	ret = kstrtobool_from_user(buf, len, &clear);
	if (ret)
		return ret;
	if (clear)
		for (i = 0; i < VXE_SVM_STAT_COUNT; i++)
			atomic64_set(&vxe->svm_stats[i], 0);
	return len;
}

static const struct file_operations vxe_debugfs_stats_fops = {
	.owner = THIS_MODULE,
	.open = vxe_debugfs_stats_open,
	.read = seq_read,
	.write = vxe_debugfs_stats_write,
	.llseek = seq_lseek,
	.release = single_release,
};

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
	debugfs_create_file("hw_bench", 0400, gt, vxe, &vxe_debugfs_hw_bench_fops);
	debugfs_create_file("stats", 0600, gt, vxe, &vxe_debugfs_stats_fops);
}

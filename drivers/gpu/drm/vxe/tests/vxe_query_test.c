// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * KUnit tests of DRM_IOCTL_XE_DEVICE_QUERY: the encoding of each reply,
 * the two-call size protocol and the invalid cases, against a device whose
 * identity comes from a device-model instance. Replies go to real user
 * memory (kunit_vm_mmap()), as they would from an ioctl.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/mman.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>

#include <drm/drm_kunit_helpers.h>
#include <uapi/drm/xe_drm.h>

#include "../vxe_device.h"
#include "../vxe_hw.h"
#include "../vxe_query.h"

struct vxe_query_test {
	struct vxe_device *vxe;
	struct vxe_hw_config cfg;
	void __user *ubuf;
};

#define VXE_QUERY_TEST_BUF	SZ_4K

/* (Re)build the device model under the test's DRM device and probe it */
static int vxe_query_test_hw(struct kunit *test, u64 vram_size)
{
	struct vxe_query_test *t = test->priv;
	struct vxe_hw *hw;

	vxe_hw_config_init_default(&t->cfg, vram_size);
	hw = vxe_hw_create(t->vxe->drm.dev, &t->cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);

	vxe_hw_destroy(t->vxe->hw);
	t->vxe->hw = hw;
	return vxe_device_probe_info(t->vxe);
}

static int vxe_query_test_init(struct kunit *test)
{
	struct vxe_query_test *t;
	struct device *dev;
	unsigned long addr;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;

	addr = kunit_vm_mmap(test, NULL, 0, VXE_QUERY_TEST_BUF,
			     PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	t->ubuf = (void __user *)addr;

	dev = drm_kunit_helper_alloc_device(test);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	t->vxe = drm_kunit_helper_alloc_drm_device(test, dev, struct vxe_device, drm, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vxe);

	KUNIT_ASSERT_EQ(test, vxe_query_test_hw(test, SZ_512M), 0);
	return 0;
}

static void vxe_query_test_exit(struct kunit *test)
{
	struct vxe_query_test *t = test->priv;

	if (t->vxe)
		vxe_hw_destroy(t->vxe->hw);
}

static int vxe_query_call(struct kunit *test, u32 id, u32 size)
{
	struct vxe_query_test *t = test->priv;
	struct drm_xe_device_query q = {
		.query = id,
		.size = size,
		.data = (uintptr_t)t->ubuf,
	};
	int ret;

	ret = vxe_query_ioctl(&t->vxe->drm, &q, NULL);
	if (!ret && !size)
		return q.size;
	return ret;
}

/*
 * Run a query with the two-call protocol, check that a size off by one
 * either way is refused, and copy the reply into @reply.
 */
static u32 vxe_query_fetch(struct kunit *test, u32 id, void *reply, size_t max)
{
	struct vxe_query_test *t = test->priv;
	int size = vxe_query_call(test, id, 0);

	KUNIT_ASSERT_GT(test, size, 0);
	KUNIT_ASSERT_LE(test, size, max);

	KUNIT_EXPECT_EQ(test, vxe_query_call(test, id, size - 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, id, size + 1), -EINVAL);

	KUNIT_ASSERT_EQ(test, clear_user(t->ubuf, VXE_QUERY_TEST_BUF), 0);
	KUNIT_ASSERT_EQ(test, vxe_query_call(test, id, size), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(reply, t->ubuf, size), 0);

	return size;
}

static void vxe_query_test_config(struct kunit *test)
{
	struct vxe_query_test *t = test->priv;
	u64 buf[16] = {};
	struct drm_xe_query_config *c = (void *)buf;
	u32 size = vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_CONFIG, buf, sizeof(buf));

	KUNIT_EXPECT_EQ(test, c->num_params, DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY + 1);
	KUNIT_EXPECT_EQ(test, size, sizeof(*c) + c->num_params * sizeof(u64));
	KUNIT_EXPECT_EQ(test, c->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] & 0xffff,
			t->cfg.device_id);
	KUNIT_EXPECT_EQ(test, c->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] >> 16, 1);
	KUNIT_EXPECT_EQ(test, c->info[DRM_XE_QUERY_CONFIG_FLAGS],
			DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM |
			DRM_XE_QUERY_CONFIG_FLAG_HAS_LOW_LATENCY |
			DRM_XE_QUERY_CONFIG_FLAG_HAS_CPU_ADDR_MIRROR |
			DRM_XE_QUERY_CONFIG_FLAG_HAS_PURGING_SUPPORT);
	KUNIT_EXPECT_EQ(test, c->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT],
			t->cfg.vram_min_page);
	KUNIT_EXPECT_EQ(test, c->info[DRM_XE_QUERY_CONFIG_VA_BITS], 48);
	KUNIT_EXPECT_GE(test, c->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY], 1);
}

static void vxe_query_test_engines(struct kunit *test)
{
	u64 buf[64] = {};
	struct drm_xe_query_engines *e = (void *)buf;
	u32 size = vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_ENGINES, buf, sizeof(buf));

	KUNIT_ASSERT_EQ(test, e->num_engines, 2);
	KUNIT_EXPECT_EQ(test, size, struct_size(e, engines, 2));
	KUNIT_EXPECT_EQ(test, e->engines[0].instance.engine_class, DRM_XE_ENGINE_CLASS_RENDER);
	KUNIT_EXPECT_EQ(test, e->engines[1].instance.engine_class, DRM_XE_ENGINE_CLASS_COPY);
	KUNIT_EXPECT_EQ(test, e->engines[0].instance.engine_instance, 0);
	KUNIT_EXPECT_EQ(test, e->engines[1].instance.engine_instance, 0);
	KUNIT_EXPECT_EQ(test, e->engines[0].instance.gt_id, 0);
	KUNIT_EXPECT_EQ(test, e->engines[1].instance.gt_id, 0);
}

static void vxe_query_test_mem_regions(struct kunit *test)
{
	struct vxe_query_test *t = test->priv;
	u64 buf[64] = {};
	struct drm_xe_query_mem_regions *m = (void *)buf;
	const struct drm_xe_mem_region *sys = &m->mem_regions[0];
	const struct drm_xe_mem_region *vram = &m->mem_regions[1];

	vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_MEM_REGIONS, buf, sizeof(buf));

	KUNIT_ASSERT_EQ(test, m->num_mem_regions, 2);
	KUNIT_EXPECT_EQ(test, sys->mem_class, DRM_XE_MEM_REGION_CLASS_SYSMEM);
	KUNIT_EXPECT_EQ(test, sys->instance, 0);
	KUNIT_EXPECT_EQ(test, sys->min_page_size, PAGE_SIZE);
	KUNIT_EXPECT_GT(test, sys->total_size, 0);
	KUNIT_EXPECT_LE(test, sys->used, sys->total_size);

	KUNIT_EXPECT_EQ(test, vram->mem_class, DRM_XE_MEM_REGION_CLASS_VRAM);
	KUNIT_EXPECT_EQ(test, vram->instance, 1);
	KUNIT_EXPECT_EQ(test, vram->min_page_size, t->cfg.vram_min_page);
	KUNIT_EXPECT_EQ(test, vram->total_size, SZ_512M);
	KUNIT_EXPECT_EQ(test, vram->cpu_visible_size, SZ_512M);
	KUNIT_EXPECT_LE(test, vram->used, vram->total_size);
	KUNIT_EXPECT_LE(test, vram->cpu_visible_used, vram->cpu_visible_size);
}

static void vxe_query_test_gt_list(struct kunit *test)
{
	u64 buf[64] = {};
	struct drm_xe_query_gt_list *l = (void *)buf;
	const struct drm_xe_gt *gt = &l->gt_list[0];

	vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_GT_LIST, buf, sizeof(buf));

	KUNIT_ASSERT_EQ(test, l->num_gt, 1);
	KUNIT_EXPECT_EQ(test, gt->type, DRM_XE_QUERY_GT_TYPE_MAIN);
	KUNIT_EXPECT_EQ(test, gt->tile_id, 0);
	KUNIT_EXPECT_EQ(test, gt->gt_id, 0);
	KUNIT_EXPECT_EQ(test, gt->reference_clock, 19200000);
	KUNIT_EXPECT_EQ(test, gt->near_mem_regions, BIT(1));
	KUNIT_EXPECT_EQ(test, gt->far_mem_regions, BIT(0));
	KUNIT_EXPECT_EQ(test, gt->ip_ver_major, 20);
	KUNIT_EXPECT_EQ(test, gt->ip_ver_minor, 1);
}

/* Without VRAM: one region, system memory is near, no HAS_VRAM flag */
static void vxe_query_test_no_vram(struct kunit *test)
{
	u64 buf[64] = {};
	struct drm_xe_query_mem_regions *m = (void *)buf;
	struct drm_xe_query_gt_list *l = (void *)buf;
	struct drm_xe_query_config *c = (void *)buf;

	KUNIT_ASSERT_EQ(test, vxe_query_test_hw(test, 0), 0);

	vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_MEM_REGIONS, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, m->num_mem_regions, 1);
	KUNIT_EXPECT_EQ(test, m->mem_regions[0].mem_class, DRM_XE_MEM_REGION_CLASS_SYSMEM);

	vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_GT_LIST, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, l->gt_list[0].near_mem_regions, BIT(0));
	KUNIT_EXPECT_EQ(test, l->gt_list[0].far_mem_regions, 0);

	vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_CONFIG, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, c->info[DRM_XE_QUERY_CONFIG_FLAGS],
			DRM_XE_QUERY_CONFIG_FLAG_HAS_LOW_LATENCY |
			DRM_XE_QUERY_CONFIG_FLAG_HAS_CPU_ADDR_MIRROR |
			DRM_XE_QUERY_CONFIG_FLAG_HAS_PURGING_SUPPORT);
	KUNIT_EXPECT_EQ(test, c->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT], SZ_4K);
}

static void vxe_query_test_invalid(struct kunit *test)
{
	struct vxe_query_test *t = test->priv;
	struct drm_xe_device_query q = { .query = DRM_XE_DEVICE_QUERY_CONFIG };
	struct drm_device *drm = &t->vxe->drm;

	q.extensions = 1;
	KUNIT_EXPECT_EQ(test, vxe_query_ioctl(drm, &q, NULL), -EINVAL);
	q.extensions = 0;

	q.reserved[0] = 1;
	KUNIT_EXPECT_EQ(test, vxe_query_ioctl(drm, &q, NULL), -EINVAL);
	q.reserved[0] = 0;
	q.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, vxe_query_ioctl(drm, &q, NULL), -EINVAL);
	q.reserved[1] = 0;

	q.query = DRM_XE_DEVICE_QUERY_EU_STALL + 1;
	KUNIT_EXPECT_EQ(test, vxe_query_ioctl(drm, &q, NULL), -EINVAL);
	q.query = U32_MAX;
	KUNIT_EXPECT_EQ(test, vxe_query_ioctl(drm, &q, NULL), -EINVAL);

	/* Exact size but a pointer that is not user memory */
	q.query = DRM_XE_DEVICE_QUERY_CONFIG;
	KUNIT_ASSERT_EQ(test, vxe_query_ioctl(drm, &q, NULL), 0);
	q.data = TASK_SIZE - 8;
	KUNIT_EXPECT_EQ(test, vxe_query_ioctl(drm, &q, NULL), -EFAULT);
}

/* Queries for hardware vxe lacks, or that are not implemented yet */
static void vxe_query_test_unsupported(struct kunit *test)
{
	struct vxe_query_test *t = test->priv;
	struct drm_xe_query_uc_fw_version uc = { .uc_type = XE_QUERY_UC_TYPE_GUC_SUBMISSION };
	u64 buf[8] = {};
	struct drm_xe_query_oa_units *oa = (void *)buf;

	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_HWCONFIG, 0), 0);
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_HWCONFIG, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_GT_TOPOLOGY, 0),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_EU_STALL, 0), -ENODEV);

	/* No OA unit: an empty list */
	buf[0] = ~0ull;
	vxe_query_fetch(test, DRM_XE_DEVICE_QUERY_OA_UNITS, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, oa->num_oa_units, 0);

	/* PXP: the size is negotiated, then there is none */
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_PXP_STATUS, 0),
			sizeof(struct drm_xe_query_pxp_status));
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_PXP_STATUS,
					     sizeof(struct drm_xe_query_pxp_status)), -ENODEV);

	/* Firmware versions: input checked, then no firmware */
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_UC_FW_VERSION, 0),
			sizeof(uc));
	KUNIT_ASSERT_EQ(test, copy_to_user(t->ubuf, &uc, sizeof(uc)), 0);
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_UC_FW_VERSION,
					     sizeof(uc)), -ENODEV);
	uc.pad = 1;
	KUNIT_ASSERT_EQ(test, copy_to_user(t->ubuf, &uc, sizeof(uc)), 0);
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_UC_FW_VERSION,
					     sizeof(uc)), -EINVAL);
	uc.pad = 0;
	uc.uc_type = 7;
	KUNIT_ASSERT_EQ(test, copy_to_user(t->ubuf, &uc, sizeof(uc)), 0);
	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_UC_FW_VERSION,
					     sizeof(uc)), -EINVAL);
}

static int vxe_query_cycles(struct kunit *test, struct drm_xe_query_engine_cycles *c)
{
	struct vxe_query_test *t = test->priv;
	int ret;

	KUNIT_ASSERT_EQ(test, copy_to_user(t->ubuf, c, sizeof(*c)), 0);
	ret = vxe_query_call(test, DRM_XE_DEVICE_QUERY_ENGINE_CYCLES, sizeof(*c));
	KUNIT_ASSERT_EQ(test, copy_from_user(c, t->ubuf, sizeof(*c)), 0);
	return ret;
}

static void vxe_query_test_engine_cycles(struct kunit *test)
{
	struct drm_xe_query_engine_cycles c = {
		.eci = { .engine_class = DRM_XE_ENGINE_CLASS_COPY },
		.clockid = CLOCK_MONOTONIC,
	};
	struct drm_xe_query_engine_cycles bad;
	u64 cycles, cpu;

	KUNIT_EXPECT_EQ(test, vxe_query_call(test, DRM_XE_DEVICE_QUERY_ENGINE_CYCLES, 0),
			sizeof(c));
	KUNIT_ASSERT_EQ(test, vxe_query_cycles(test, &c), 0);
	KUNIT_EXPECT_EQ(test, c.width, 64);
	KUNIT_EXPECT_GT(test, c.cpu_timestamp, 0);
	cycles = c.engine_cycles;
	cpu = c.cpu_timestamp;

	/*
	 * An hrtimer sleep: msleep() counts jiffies, which under emulation
	 * can run ahead of the clocksource both timestamps come from
	 */
	usleep_range(20 * USEC_PER_MSEC, 21 * USEC_PER_MSEC);
	KUNIT_ASSERT_EQ(test, vxe_query_cycles(test, &c), 0);
	/* 20 ms at 19.2 MHz: at least 384000 ticks, and the CPU agrees */
	KUNIT_EXPECT_GE(test, c.engine_cycles - cycles, 384000);
	KUNIT_EXPECT_GE(test, c.cpu_timestamp - cpu, 20 * NSEC_PER_MSEC);

	bad = c;
	bad.clockid = CLOCK_PROCESS_CPUTIME_ID;
	KUNIT_EXPECT_EQ(test, vxe_query_cycles(test, &bad), -EINVAL);
	bad = c;
	bad.eci.gt_id = 1;
	KUNIT_EXPECT_EQ(test, vxe_query_cycles(test, &bad), -EINVAL);
	bad = c;
	bad.eci.engine_class = DRM_XE_ENGINE_CLASS_COMPUTE;
	KUNIT_EXPECT_EQ(test, vxe_query_cycles(test, &bad), -EINVAL);
	bad = c;
	bad.eci.engine_instance = 1;
	KUNIT_EXPECT_EQ(test, vxe_query_cycles(test, &bad), -EINVAL);
}

static struct kunit_case vxe_query_test_cases[] = {
	KUNIT_CASE(vxe_query_test_config),
	KUNIT_CASE(vxe_query_test_engines),
	KUNIT_CASE(vxe_query_test_mem_regions),
	KUNIT_CASE(vxe_query_test_gt_list),
	KUNIT_CASE(vxe_query_test_no_vram),
	KUNIT_CASE(vxe_query_test_invalid),
	KUNIT_CASE(vxe_query_test_unsupported),
	KUNIT_CASE(vxe_query_test_engine_cycles),
	{}
};

static struct kunit_suite vxe_query_test_suite = {
	.name = "vxe_query",
	.init = vxe_query_test_init,
	.exit = vxe_query_test_exit,
	.test_cases = vxe_query_test_cases,
};

kunit_test_suite(vxe_query_test_suite);

MODULE_DESCRIPTION("KUnit tests for the vxe driver");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * uAPI tests of a vxe device: DRM_IOCTL_XE_DEVICE_QUERY, with negative
 * tests for each of its fields, and the -EOPNOTSUPP answer of the Xe
 * ioctls that vxe does not implement yet.
 *
 * Copyright © 2026 The vxe authors
 */

#include <stdint.h>
#include <time.h>

#include "kselftest_harness.h"
#include "vxe_util.h"

FIXTURE(vxe)
{
	int fd;
};

FIXTURE_SETUP(vxe)
{
	self->fd = vxe_open("renderD", 0);
	if (self->fd == -ENODEV)
		SKIP(return, "no vxe device");
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(vxe)
{
	if (self->fd >= 0)
		close(self->fd);
}

static int query(int fd, __u32 id, __u32 *size, void *data)
{
	struct drm_xe_device_query q = {
		.query = id,
		.size = *size,
		.data = (uintptr_t)data,
	};
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_DEVICE_QUERY, &q);

	*size = q.size;
	return ret;
}

/* The two-call protocol for one query; a size off by one is refused */
static void check_size_protocol(struct __test_metadata *_metadata, int fd, __u32 id)
{
	__u32 size = 0, probe;
	char *buf;

	ASSERT_EQ(0, query(fd, id, &size, NULL));
	ASSERT_GT(size, 0);
	buf = calloc(1, size + 1);
	ASSERT_NE(NULL, buf);

	probe = size - 1;
	EXPECT_EQ(-EINVAL, query(fd, id, &probe, buf));
	probe = size + 1;
	EXPECT_EQ(-EINVAL, query(fd, id, &probe, buf));
	probe = size;
	EXPECT_EQ(0, query(fd, id, &probe, buf));
	EXPECT_EQ(size, probe);
	/* A size that matches but a pointer that is not mapped */
	EXPECT_EQ(-EFAULT, query(fd, id, &probe, (void *)8));
	free(buf);
}

TEST_F(vxe, size_protocol)
{
	check_size_protocol(_metadata, self->fd, DRM_XE_DEVICE_QUERY_ENGINES);
	check_size_protocol(_metadata, self->fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS);
	check_size_protocol(_metadata, self->fd, DRM_XE_DEVICE_QUERY_CONFIG);
	check_size_protocol(_metadata, self->fd, DRM_XE_DEVICE_QUERY_GT_LIST);
}

TEST_F(vxe, config)
{
	struct drm_xe_query_config *c;
	__u32 size;

	c = vxe_query(self->fd, DRM_XE_DEVICE_QUERY_CONFIG, &size);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(5, c->num_params);
	EXPECT_EQ(size, sizeof(*c) + 5 * sizeof(__u64));
	EXPECT_NE(0, c->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] & 0xffff);
	EXPECT_EQ(48, c->info[DRM_XE_QUERY_CONFIG_VA_BITS]);
	EXPECT_EQ(DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM | DRM_XE_QUERY_CONFIG_FLAG_HAS_LOW_LATENCY |
		  DRM_XE_QUERY_CONFIG_FLAG_HAS_CPU_ADDR_MIRROR |
		  DRM_XE_QUERY_CONFIG_FLAG_HAS_PURGING_SUPPORT,
		  c->info[DRM_XE_QUERY_CONFIG_FLAGS]);
	/* VRAM in 4K pages (Xe2), or in 64K ones with vram_min_page_kb=64 */
	EXPECT_TRUE(c->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT] == 4096 ||
		    c->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT] == 65536);
	EXPECT_GE(c->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY], 1);
	free(c);
}

TEST_F(vxe, engines)
{
	struct drm_xe_query_engines *e;
	int render = 0, copy = 0;
	__u32 size, i;

	e = vxe_query(self->fd, DRM_XE_DEVICE_QUERY_ENGINES, &size);
	ASSERT_NE(NULL, e);
	ASSERT_GE(e->num_engines, 2);
	for (i = 0; i < e->num_engines; i++) {
		EXPECT_EQ(0, e->engines[i].instance.gt_id);
		EXPECT_NE(DRM_XE_ENGINE_CLASS_COMPUTE, e->engines[i].instance.engine_class);
		render += e->engines[i].instance.engine_class == DRM_XE_ENGINE_CLASS_RENDER;
		copy += e->engines[i].instance.engine_class == DRM_XE_ENGINE_CLASS_COPY;
	}
	EXPECT_GE(render, 1);
	EXPECT_GE(copy, 1);
	free(e);
}

TEST_F(vxe, mem_regions_and_gt_list)
{
	struct drm_xe_query_mem_regions *m;
	struct drm_xe_query_gt_list *l;
	__u32 size, i;

	m = vxe_query(self->fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, &size);
	ASSERT_NE(NULL, m);
	ASSERT_EQ(2, m->num_mem_regions);
	for (i = 0; i < m->num_mem_regions; i++) {
		const struct drm_xe_mem_region *r = &m->mem_regions[i];

		/* IGT indexes the array by instance */
		EXPECT_EQ(i, r->instance);
		EXPECT_LE(r->used, r->total_size);
		EXPECT_LE(r->cpu_visible_size, r->total_size);
		EXPECT_LE(r->cpu_visible_used, r->cpu_visible_size);
		EXPECT_GT(r->total_size, 0);
	}
	EXPECT_EQ(DRM_XE_MEM_REGION_CLASS_SYSMEM, m->mem_regions[0].mem_class);
	EXPECT_EQ(DRM_XE_MEM_REGION_CLASS_VRAM, m->mem_regions[1].mem_class);
	free(m);

	l = vxe_query(self->fd, DRM_XE_DEVICE_QUERY_GT_LIST, &size);
	ASSERT_NE(NULL, l);
	ASSERT_EQ(1, l->num_gt);
	EXPECT_EQ(DRM_XE_QUERY_GT_TYPE_MAIN, l->gt_list[0].type);
	EXPECT_EQ(1 << 1, l->gt_list[0].near_mem_regions);
	EXPECT_EQ(1 << 0, l->gt_list[0].far_mem_regions);
	EXPECT_GE(l->gt_list[0].ip_ver_major, 20);
	EXPECT_NE(0, l->gt_list[0].reference_clock);
	free(l);
}

TEST_F(vxe, invalid_fields)
{
	struct drm_xe_device_query q = { .query = DRM_XE_DEVICE_QUERY_CONFIG };
	int bit;

	for (bit = 0; bit < 64; bit++) {
		q.extensions = 1ull << bit;
		EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_DEVICE_QUERY, &q));
	}
	q.extensions = 0;

	q.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_DEVICE_QUERY, &q));
	q.reserved[0] = 0;
	q.reserved[1] = 1ull << 63;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_DEVICE_QUERY, &q));
	q.reserved[1] = 0;

	q.query = DRM_XE_DEVICE_QUERY_EU_STALL + 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_DEVICE_QUERY, &q));
	q.query = UINT32_MAX;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_DEVICE_QUERY, &q));

	/* A wrong size is refused before the (NULL) data pointer is used */
	q.query = DRM_XE_DEVICE_QUERY_CONFIG;
	q.size = UINT32_MAX;
	q.data = 0;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_DEVICE_QUERY, &q));

	/* The kernel must have written nothing back on failure */
	EXPECT_EQ(UINT32_MAX, q.size);
}

TEST_F(vxe, queries_of_absent_hardware)
{
	struct drm_xe_query_uc_fw_version uc = { .uc_type = XE_QUERY_UC_TYPE_HUC };
	struct drm_xe_query_oa_units *oa;
	__u32 size;

	size = 0;
	EXPECT_EQ(0, query(self->fd, DRM_XE_DEVICE_QUERY_HWCONFIG, &size, NULL));
	EXPECT_EQ(0, size);
	size = 0;
	EXPECT_EQ(-EOPNOTSUPP, query(self->fd, DRM_XE_DEVICE_QUERY_GT_TOPOLOGY, &size, NULL));
	EXPECT_EQ(-ENODEV, query(self->fd, DRM_XE_DEVICE_QUERY_EU_STALL, &size, NULL));

	oa = vxe_query(self->fd, DRM_XE_DEVICE_QUERY_OA_UNITS, &size);
	ASSERT_NE(NULL, oa);
	EXPECT_EQ(0, oa->num_oa_units);
	free(oa);

	size = 0;
	EXPECT_EQ(0, query(self->fd, DRM_XE_DEVICE_QUERY_PXP_STATUS, &size, NULL));
	EXPECT_EQ(sizeof(struct drm_xe_query_pxp_status), size);
	EXPECT_EQ(-ENODEV, query(self->fd, DRM_XE_DEVICE_QUERY_PXP_STATUS, &size, &uc));

	/* Firmware versions: every input field checked, then no firmware */
	size = sizeof(uc);
	EXPECT_EQ(-ENODEV, query(self->fd, DRM_XE_DEVICE_QUERY_UC_FW_VERSION, &size, &uc));
	uc.pad = 1;
	EXPECT_EQ(-EINVAL, query(self->fd, DRM_XE_DEVICE_QUERY_UC_FW_VERSION, &size, &uc));
	uc.pad = 0;
	uc.pad2 = 1;
	EXPECT_EQ(-EINVAL, query(self->fd, DRM_XE_DEVICE_QUERY_UC_FW_VERSION, &size, &uc));
	uc.pad2 = 0;
	uc.reserved = 1;
	EXPECT_EQ(-EINVAL, query(self->fd, DRM_XE_DEVICE_QUERY_UC_FW_VERSION, &size, &uc));
	uc.reserved = 0;
	uc.uc_type = 2;
	EXPECT_EQ(-EINVAL, query(self->fd, DRM_XE_DEVICE_QUERY_UC_FW_VERSION, &size, &uc));
}

static int cycles(int fd, struct drm_xe_query_engine_cycles *c)
{
	__u32 size = sizeof(*c);

	return query(fd, DRM_XE_DEVICE_QUERY_ENGINE_CYCLES, &size, c);
}

TEST_F(vxe, engine_cycles)
{
	struct drm_xe_query_engine_cycles c = {
		.eci = { .engine_class = DRM_XE_ENGINE_CLASS_RENDER },
		.clockid = CLOCK_MONOTONIC,
	}, bad;
	__u64 before;

	ASSERT_EQ(0, cycles(self->fd, &c));
	EXPECT_EQ(64, c.width);
	before = c.engine_cycles;
	usleep(10000);
	ASSERT_EQ(0, cycles(self->fd, &c));
	EXPECT_GT(c.engine_cycles, before);

	/* Each input field, wrong */
	bad = c;
	bad.clockid = CLOCK_THREAD_CPUTIME_ID;
	EXPECT_EQ(-EINVAL, cycles(self->fd, &bad));
	bad = c;
	bad.clockid = -1;
	EXPECT_EQ(-EINVAL, cycles(self->fd, &bad));
	bad = c;
	bad.eci.gt_id = 1;
	EXPECT_EQ(-EINVAL, cycles(self->fd, &bad));
	bad = c;
	bad.eci.engine_class = DRM_XE_ENGINE_CLASS_VIDEO_DECODE;
	EXPECT_EQ(-EINVAL, cycles(self->fd, &bad));
	bad = c;
	bad.eci.engine_class = 0xffff;
	EXPECT_EQ(-EINVAL, cycles(self->fd, &bad));
	bad = c;
	bad.eci.engine_instance = 7;
	EXPECT_EQ(-EINVAL, cycles(self->fd, &bad));
	/* Not readable user memory */
	EXPECT_EQ(-EFAULT, query(self->fd, DRM_XE_DEVICE_QUERY_ENGINE_CYCLES,
				 &(__u32){ sizeof(c) }, (void *)8));
}

/* Every Xe ioctl that has no implementation yet says so */
TEST_F(vxe, unimplemented_ioctls)
{
	static const unsigned long ioctls[] = {
		DRM_IOCTL_XE_OBSERVATION,
	};
	char arg[256] = {};
	unsigned int i;

	for (i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++)
		EXPECT_EQ(-EOPNOTSUPP, vxe_ioctl(self->fd, ioctls[i], arg))
			TH_LOG("ioctl %#lx", ioctls[i]);

	/* Past the end of the driver's table, DRM itself refuses */
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOWR(DRM_COMMAND_BASE + 0x20,
							struct drm_xe_device_query), arg));
}

/* The primary node answers queries as the render node does */
TEST(primary_node)
{
	struct drm_xe_query_config *c;
	__u32 size;
	int fd = vxe_open("card", 0);

	if (fd == -ENODEV)
		SKIP(return, "no vxe device");
	ASSERT_GE(fd, 0);
	c = vxe_query(fd, DRM_XE_DEVICE_QUERY_CONFIG, &size);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(48, c->info[DRM_XE_QUERY_CONFIG_VA_BITS]);
	free(c);
	close(fd);
}

TEST_HARNESS_MAIN

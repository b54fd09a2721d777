// SPDX-License-Identifier: GPL-2.0-only
/*
 * uAPI tests of vxe buffer objects and VMs: DRM_IOCTL_XE_GEM_CREATE,
 * DRM_IOCTL_XE_GEM_MMAP_OFFSET with mmap(), PRIME export and import,
 * DRM_IOCTL_XE_VM_CREATE, DRM_IOCTL_XE_VM_DESTROY and DRM_IOCTL_XE_VM_BIND
 * with its operations, flags and syncs.
 *
 * Every field that user space passes gets a negative test with the errno
 * Xe returns, in the order Xe checks; the positive tests map, unmap,
 * split, prefetch and tear down mappings of BOs, user memory and NULL
 * pages, and check that out-syncs are signalled when the bind returns.
 *
 * Whether a failed bind left a mapping behind is seen through VRAM usage
 * (DRM_XE_DEVICE_QUERY_MEM_REGIONS): a GPU mapping holds a reference to
 * its BO, so the VRAM of a BO whose handle is closed is only freed once
 * no mapping of it is left.
 *
 * Copyright © 2026 The vxe authors
 */

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include <linux/udmabuf.h>

#include "kselftest_harness.h"
#include "vxe_util.h"

#define SZ_4K		0x1000ull
#define SZ_64K		0x10000ull
#define SZ_128K		0x20000ull
#define SZ_256K		0x40000ull
#define SZ_1M		0x100000ull
#define SZ_2M		0x200000ull
#define SZ_16M		0x1000000ull
#define SZ_1G		0x40000000ull

/* Memory region instances, as placement bits */
#define SYSMEM		0x1u
#define VRAM		0x2u

#define WB		DRM_XE_GEM_CPU_CACHING_WB
#define WC		DRM_XE_GEM_CPU_CACHING_WC

/* Xe2 PAT indices (vxe_pat.c): by coherency, compressed, reserved */
#define PAT_NONE	0
#define PAT_1WAY	1
#define PAT_2WAY	2
#define PAT_COMPRESSED	12
#define PAT_RESERVED	16
#define PAT_ENTRIES	32

#define VA_SIZE		0x1000000000000ull	/* 48 bits */
/* Distinct, 2M-aligned GPU addresses */
#define VA(n)		(0x100000000ull + (__u64)(n) * 0x10000000ull)

/* Helpers */

static struct drm_xe_vm_bind_op map_op(__u32 bo, __u64 offset, __u64 addr, __u64 range)
{
	return (struct drm_xe_vm_bind_op) {
		.obj = bo,
		.pat_index = PAT_2WAY,
		.obj_offset = offset,
		.range = range,
		.addr = addr,
		.op = DRM_XE_VM_BIND_OP_MAP,
	};
}

static struct drm_xe_vm_bind_op unmap_op(__u64 addr, __u64 range)
{
	return (struct drm_xe_vm_bind_op) {
		.pat_index = PAT_2WAY,
		.range = range,
		.addr = addr,
		.op = DRM_XE_VM_BIND_OP_UNMAP,
	};
}

static struct drm_xe_vm_bind_op userptr_op(const void *ptr, __u64 addr, __u64 range)
{
	return (struct drm_xe_vm_bind_op) {
		.pat_index = PAT_2WAY,
		.userptr = (__u64)(uintptr_t)ptr,
		.range = range,
		.addr = addr,
		.op = DRM_XE_VM_BIND_OP_MAP_USERPTR,
	};
}

static struct drm_xe_vm_bind_op null_op(__u64 addr, __u64 range)
{
	return (struct drm_xe_vm_bind_op) {
		.pat_index = PAT_2WAY,
		.range = range,
		.addr = addr,
		.op = DRM_XE_VM_BIND_OP_MAP,
		.flags = DRM_XE_VM_BIND_FLAG_NULL,
	};
}

static struct drm_xe_vm_bind_op unmap_all_op(__u32 bo)
{
	return (struct drm_xe_vm_bind_op) {
		.obj = bo,
		.pat_index = PAT_2WAY,
		.op = DRM_XE_VM_BIND_OP_UNMAP_ALL,
	};
}

static struct drm_xe_vm_bind_op prefetch_op(__u64 addr, __u64 range, __u32 region)
{
	return (struct drm_xe_vm_bind_op) {
		.pat_index = PAT_2WAY,
		.range = range,
		.addr = addr,
		.op = DRM_XE_VM_BIND_OP_PREFETCH,
		.prefetch_mem_region_instance = region,
	};
}

static int bind_map(int fd, __u32 vm, __u32 bo, __u64 offset, __u64 addr, __u64 range)
{
	struct drm_xe_vm_bind_op op = map_op(bo, offset, addr, range);

	return vxe_vm_bind(fd, vm, &op, NULL, 0);
}

static int bind_unmap(int fd, __u32 vm, __u64 addr, __u64 range)
{
	struct drm_xe_vm_bind_op op = unmap_op(addr, range);

	return vxe_vm_bind(fd, vm, &op, NULL, 0);
}

static int bind_one(int fd, __u32 vm, struct drm_xe_vm_bind_op op)
{
	return vxe_vm_bind(fd, vm, &op, NULL, 0);
}

static struct drm_xe_sync timeline_sync(__u32 handle, __u64 point, __u32 flags)
{
	return (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ,
		.flags = flags,
		.handle = handle,
		.timeline_value = point,
	};
}

/* A user fence at a CPU address, as VM_BIND takes it */
static struct drm_xe_sync ufence_sync(void *addr, __u64 value)
{
	return vxe_sync_ufence((__u64)(uintptr_t)addr, value);
}

/* 0 if signalled now, -ETIME if not yet, -EINVAL if it has no fence */
static int syncobj_wait0(int fd, __u32 handle)
{
	struct drm_syncobj_wait w = {
		.handles = (__u64)(uintptr_t)&handle,
		.count_handles = 1,
	};

	return vxe_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
}

static int timeline_wait0(int fd, __u32 handle, __u64 point)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (__u64)(uintptr_t)&handle,
		.points = (__u64)(uintptr_t)&point,
		.count_handles = 1,
	};

	return vxe_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
}

/* The last signalled point of a timeline syncobj */
static __u64 timeline_query(int fd, __u32 handle)
{
	__u64 point = ~0ull;
	struct drm_syncobj_timeline_array a = {
		.handles = (__u64)(uintptr_t)&handle,
		.points = (__u64)(uintptr_t)&point,
		.count_handles = 1,
	};

	if (vxe_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &a))
		return ~0ull;
	return point;
}

static int prime_export(int fd, __u32 handle, int *dmabuf)
{
	struct drm_prime_handle p = { .handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR };
	int ret = vxe_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);

	*dmabuf = p.fd;
	return ret;
}

static int prime_import(int fd, int dmabuf, __u32 *handle)
{
	struct drm_prime_handle p = { .fd = dmabuf };
	int ret = vxe_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	*handle = p.handle;
	return ret;
}

/* Size (or use, with @used) of the first region of a class; 0 if none */
static __u64 region_info(int fd, __u16 mem_class, int used)
{
	__u64 v;

	vxe_region_info(fd, mem_class, used, &v);
	return v;
}

static __u64 vram_used(int fd)
{
	return region_info(fd, DRM_XE_MEM_REGION_CLASS_VRAM, 1);
}

/*
 * Poll VRAM usage for up to two seconds until it is below (or, with
 * @above, at least) @limit: freeing and moving memory may complete
 * asynchronously. Returns the last value read.
 */
static __u64 vram_used_wait(int fd, __u64 limit, int above)
{
	__u64 used = 0;
	int i;

	for (i = 0; i < 200; i++) {
		used = vram_used(fd);
		if (above ? used >= limit : used < limit)
			break;
		usleep(10000);
	}
	return used;
}

/* An address that is page-aligned and mapped by nothing */
static void *unmapped_address(void)
{
	void *p = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p, SZ_64K);
	return p;
}

static __u32 pattern(__u32 seed, size_t i)
{
	return seed ^ (__u32)(i * 0x9e3779b9u);
}

static void fill(void *p, size_t size, __u32 seed)
{
	__u32 *w = p;
	size_t i;

	for (i = 0; i < size / 4; i++)
		w[i] = pattern(seed, i);
}

/* Index of the first word that differs from the pattern, or -1 */
static long check_pattern(const void *p, size_t size, __u32 seed)
{
	const __u32 *w = p;
	size_t i;

	for (i = 0; i < size / 4; i++)
		if (w[i] != pattern(seed, i))
			return i;
	return -1;
}

/* Index of the first nonzero word, or -1 */
static long check_zero(const void *p, size_t size)
{
	const __u32 *w = p;
	size_t i;

	for (i = 0; i < size / 4; i++)
		if (w[i])
			return i;
	return -1;
}

/* GEM_CREATE with raw arguments; a created BO is closed again */
static int gem_create_raw(int fd, struct drm_xe_gem_create *c)
{
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_GEM_CREATE, c);

	if (!ret)
		vxe_gem_close(fd, c->handle);
	return ret;
}

FIXTURE(vxe)
{
	int fd;
	__u64 vram_size;
};

FIXTURE_SETUP(vxe)
{
	self->fd = vxe_open("renderD", 0);
	if (self->fd == -ENODEV)
		SKIP(return, "no vxe device");
	ASSERT_GE(self->fd, 0);
	self->vram_size = region_info(self->fd, DRM_XE_MEM_REGION_CLASS_VRAM, 0);
}

FIXTURE_TEARDOWN(vxe)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* GEM_CREATE */

TEST_F(vxe, gem_create_placements)
{
	static const struct {
		__u64 size;
		__u32 placement, flags;
		__u16 caching;
	} ok[] = {
		{ SZ_4K, SYSMEM, 0, WB },
		{ SZ_64K, SYSMEM, 0, WC },
		{ SZ_1M, SYSMEM, DRM_XE_GEM_CREATE_FLAG_SCANOUT, WC },
		{ SZ_4K, SYSMEM, DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING, WB },
		{ SZ_4K, SYSMEM, DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION, WB },
		{ SZ_64K, VRAM, 0, WC },
		{ SZ_1M, VRAM | SYSMEM, 0, WC },
		{ SZ_64K, VRAM, DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM, WC },
		{ SZ_64K, VRAM, DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING, WC },
		{ SZ_64K, VRAM | SYSMEM, DRM_XE_GEM_CREATE_FLAG_SCANOUT, WC },
	};
	__u32 handles[ARRAY_SIZE(ok)] = {};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		if ((ok[i].placement & VRAM) && !self->vram_size)
			continue;
		EXPECT_EQ(0, vxe_gem_create(self->fd, ok[i].size, ok[i].placement, ok[i].flags,
					    ok[i].caching, 0, &handles[i]))
			TH_LOG("BO %u: size %#llx placement %#x flags %#x caching %u", i,
			       ok[i].size, ok[i].placement, ok[i].flags, ok[i].caching);
		EXPECT_NE(0, handles[i]);
		for (j = 0; j < i; j++)
			EXPECT_NE(handles[j], handles[i]);
	}
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		if (!handles[i])
			continue;
		EXPECT_EQ(0, vxe_gem_close(self->fd, handles[i]));
		EXPECT_EQ(-EINVAL, vxe_gem_close(self->fd, handles[i]));
	}
}

/* A copy of @valid, changed by @change, must fail with @err */
#define EXPECT_GEM_CREATE(err, change) do {					\
	struct drm_xe_gem_create c = valid;					\
	change;									\
	EXPECT_EQ(err, gem_create_raw(self->fd, &c)) TH_LOG("%s", #change);	\
} while (0)

TEST_F(vxe, gem_create_invalid_fields)
{
	const struct drm_xe_gem_create valid = {
		.size = SZ_64K,
		.placement = SYSMEM,
		.cpu_caching = WB,
	};
	struct drm_xe_gem_create c = valid;
	int bit;

	ASSERT_EQ(0, gem_create_raw(self->fd, &c));

	/* pad and reserved */
	EXPECT_GEM_CREATE(-EINVAL, c.pad[0] = 1);
	EXPECT_GEM_CREATE(-EINVAL, c.pad[1] = 1);
	EXPECT_GEM_CREATE(-EINVAL, c.pad[2] = 0x8000);
	EXPECT_GEM_CREATE(-EINVAL, c.reserved[0] = 1);
	EXPECT_GEM_CREATE(-EINVAL, c.reserved[1] = 1ull << 63);

	/* placement: none, or regions the device does not have */
	EXPECT_GEM_CREATE(-EINVAL, c.placement = 0);
	EXPECT_GEM_CREATE(-EINVAL, c.placement = 1u << 2);
	EXPECT_GEM_CREATE(-EINVAL, c.placement = SYSMEM | (1u << 2));
	EXPECT_GEM_CREATE(-EINVAL, c.placement = 1u << 31);
	EXPECT_GEM_CREATE(-EINVAL, c.placement = ~0u);

	/* flags */
	for (bit = 4; bit < 32; bit++) {
		c = valid;
		c.flags = 1u << bit;
		EXPECT_EQ(-EINVAL, gem_create_raw(self->fd, &c)) TH_LOG("flag bit %d", bit);
	}
	EXPECT_GEM_CREATE(-EINVAL, c.flags = DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM);

	/* handle is output only */
	EXPECT_GEM_CREATE(-EINVAL, c.handle = 1);

	/* size: zero, not page aligned */
	EXPECT_GEM_CREATE(-EINVAL, c.size = 0);
	EXPECT_GEM_CREATE(-EINVAL, c.size = 1);
	EXPECT_GEM_CREATE(-EINVAL, c.size = SZ_4K + 1);
	EXPECT_GEM_CREATE(-EINVAL, c.size = SZ_64K - 8);

	/* cpu_caching */
	EXPECT_GEM_CREATE(-EINVAL, c.cpu_caching = 0);
	EXPECT_GEM_CREATE(-EINVAL, c.cpu_caching = 3);
	EXPECT_GEM_CREATE(-EINVAL, c.cpu_caching = 0xffff);
	EXPECT_GEM_CREATE(-EINVAL, c.flags = DRM_XE_GEM_CREATE_FLAG_SCANOUT);

	if (!self->vram_size)
		return;
	/* VRAM: CPU mapped write-combined only, in the device's VRAM pages */
	EXPECT_GEM_CREATE(-EINVAL, c.placement = VRAM);
	EXPECT_GEM_CREATE(-EINVAL, c.placement = VRAM | SYSMEM);
	if (vxe_min_alignment(self->fd) > SZ_4K) {
		EXPECT_GEM_CREATE(-EINVAL, c.placement = VRAM; c.cpu_caching = WC; c.size = SZ_4K);
		EXPECT_GEM_CREATE(-EINVAL, c.placement = VRAM | SYSMEM; c.cpu_caching = WC;
				  c.size = SZ_64K + SZ_4K);
	}
	EXPECT_GEM_CREATE(-EINVAL,
			  c.placement = VRAM; c.cpu_caching = WC; c.flags = 1u << 4);
	EXPECT_GEM_CREATE(0, c.placement = VRAM; c.cpu_caching = WC);
	EXPECT_GEM_CREATE(0, c.placement = VRAM | SYSMEM; c.cpu_caching = WC);
}

TEST_F(vxe, gem_create_too_big)
{
	__u32 handle = 0;
	int ret;

	if (!self->vram_size)
		SKIP(return, "no VRAM");

	/* Twice the VRAM, in VRAM only: cannot be backed */
	ret = vxe_gem_create(self->fd, (self->vram_size * 2 + SZ_64K - 1) & ~(SZ_64K - 1),
			     VRAM, 0, WC, 0, &handle);
	EXPECT_LT(ret, 0) TH_LOG("a %llu MiB VRAM BO was created", self->vram_size >> 19);
	if (!ret)
		vxe_gem_close(self->fd, handle);

	/* and the device still works */
	EXPECT_EQ(0, vxe_gem_create(self->fd, SZ_64K, VRAM, 0, WC, 0, &handle));
}

/* A copy of @valid whose extension is a copy of @ext changed by @change */
#define EXPECT_GEM_EXT(err, change) do {					\
	struct drm_xe_gem_create c = valid;					\
	e = ext;								\
	change;									\
	EXPECT_EQ(err, gem_create_raw(self->fd, &c)) TH_LOG("%s", #change);	\
} while (0)

TEST_F(vxe, gem_create_extensions)
{
	const struct drm_xe_ext_set_property ext = {
		.base.name = DRM_XE_GEM_CREATE_EXTENSION_SET_PROPERTY,
		.property = DRM_XE_GEM_CREATE_SET_PROPERTY_PXP_TYPE,
		.value = DRM_XE_PXP_TYPE_NONE,
	};
	struct drm_xe_ext_set_property e, chain[17];
	struct drm_xe_gem_create valid = {
		.size = SZ_64K,
		.placement = SYSMEM,
		.cpu_caching = WB,
		.extensions = (__u64)(uintptr_t)&e,
	};
	void *hole = unmapped_address();
	int i;

	ASSERT_NE(NULL, hole);

	/* PXP type "none" is what a BO gets anyway */
	EXPECT_GEM_EXT(0, (void)0);

	/* Not readable */
	EXPECT_GEM_EXT(-EFAULT, c.extensions = 8);
	EXPECT_GEM_EXT(-EFAULT, c.extensions = (__u64)(uintptr_t)hole);
	EXPECT_GEM_EXT(-EFAULT, e.base.next_extension = (__u64)(uintptr_t)hole);

	/* Each field of the extension */
	EXPECT_GEM_EXT(-EINVAL, e.base.name = 1);
	EXPECT_GEM_EXT(-EINVAL, e.base.name = ~0u);
	EXPECT_GEM_EXT(-EINVAL, e.base.pad = 1);
	EXPECT_GEM_EXT(-EINVAL, e.property = 1);
	EXPECT_GEM_EXT(-EINVAL, e.pad = 1);
	EXPECT_GEM_EXT(-EINVAL, e.value = DRM_XE_PXP_TYPE_HWDRM + 1);
	EXPECT_GEM_EXT(-EINVAL, e.value = ~0ull);
	/* No PXP on the device */
	EXPECT_GEM_EXT(-ENODEV, e.value = DRM_XE_PXP_TYPE_HWDRM);

	/* Up to 16 extensions in a chain */
	for (i = 0; i < 17; i++) {
		chain[i] = ext;
		if (i)
			chain[i - 1].base.next_extension = (__u64)(uintptr_t)&chain[i];
	}
	EXPECT_GEM_EXT(-E2BIG, c.extensions = (__u64)(uintptr_t)chain);
	chain[15].base.next_extension = 0;
	EXPECT_GEM_EXT(0, c.extensions = (__u64)(uintptr_t)chain);
	/* A loop is a chain too long */
	EXPECT_GEM_EXT(-E2BIG, e.base.next_extension = (__u64)(uintptr_t)&e);

	/* Xe looks the VM up before it reads the extensions */
	EXPECT_GEM_EXT(-ENOENT, e.base.name = 1; c.vm_id = 0xdead);
}

TEST_F(vxe, gem_create_vm_private)
{
	__u32 vm, vm2, bo, shared;
	int dmabuf = -1;

	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm));
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm2));

	EXPECT_EQ(-ENOENT, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, 0xdead, &bo));
	EXPECT_EQ(-ENOENT, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, vm + 100, &bo));

	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, vm, &bo));
	EXPECT_NE(0, bo);
	/* Only its VM may map it, and no other device or file may */
	EXPECT_EQ(-EPERM, prime_export(self->fd, bo, &dmabuf));
	EXPECT_EQ(0, bind_map(self->fd, vm, bo, 0, VA(0), SZ_64K));
	EXPECT_EQ(-EINVAL, bind_map(self->fd, vm2, bo, 0, VA(0), SZ_64K));

	/* A BO of no VM can be exported */
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, 0, &shared));
	EXPECT_EQ(0, prime_export(self->fd, shared, &dmabuf));
	EXPECT_GE(dmabuf, 0);
	if (dmabuf >= 0)
		close(dmabuf);

	/* A VM-private BO may outlive its VM, mapped or not */
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));
	EXPECT_EQ(-ENOENT, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, vm, &shared));
	EXPECT_EQ(0, vxe_gem_close(self->fd, bo));
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm2));
}

/* GEM_MMAP_OFFSET and mmap() */

TEST_F(vxe, mmap_offset_invalid_fields)
{
	struct drm_xe_gem_mmap_offset valid = {}, mo;
	__u32 bo, bo2;
	int bit;

	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, 0, &bo));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, 0, &bo2));
	valid.handle = bo;

	mo = valid;
	ASSERT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	EXPECT_NE(0, mo.offset);
	EXPECT_EQ(0, mo.offset & (SZ_4K - 1));
	/* Stable for a BO, distinct between BOs */
	valid.offset = mo.offset;
	mo = valid;
	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	EXPECT_EQ(valid.offset, mo.offset);
	mo = valid;
	mo.handle = bo2;
	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	EXPECT_NE(valid.offset, mo.offset);

	mo = valid;
	mo.extensions = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	mo = valid;
	mo.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	mo = valid;
	mo.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	for (bit = 1; bit < 32; bit++) {
		mo = valid;
		mo.flags = 1u << bit;
		EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo))
			TH_LOG("flag bit %d", bit);
	}

	/* No PCI BAR, so no PCI barrier page, with or without a handle */
	mo = valid;
	mo.flags = DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	mo.handle = 0;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));

	/* Handles */
	mo = valid;
	mo.handle = 0;
	EXPECT_EQ(-ENOENT, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	mo.handle = 0xdead;
	EXPECT_EQ(-ENOENT, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	EXPECT_EQ(0, vxe_gem_close(self->fd, bo2));
	mo.handle = bo2;
	EXPECT_EQ(-ENOENT, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
}

/* Write through one mapping, read back through a new one */
static void mmap_roundtrip(struct __test_metadata *_metadata, int fd, __u32 bo, size_t size,
			   __u32 seed)
{
	void *p;

	p = vxe_gem_mmap(fd, bo, size, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	EXPECT_EQ(-1, check_zero(p, size)) TH_LOG("a new BO is not zeroed");
	fill(p, size, seed);
	EXPECT_EQ(0, munmap(p, size));

	p = vxe_gem_mmap(fd, bo, size, PROT_READ);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	EXPECT_EQ(-1, check_pattern(p, size, seed)) TH_LOG("the data written did not stay");
	EXPECT_EQ(0, munmap(p, size));
}

TEST_F(vxe, mmap_system)
{
	__u32 wb, wc;

	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_1M, SYSMEM, 0, WB, 0, &wb));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, SYSMEM, 0, WC, 0, &wc));
	mmap_roundtrip(_metadata, self->fd, wb, SZ_1M, 0x12345678);
	mmap_roundtrip(_metadata, self->fd, wc, SZ_256K, 0x9abcdef0);
}

TEST_F(vxe, mmap_vram)
{
	__u32 vram, both;

	if (!self->vram_size)
		SKIP(return, "no VRAM");
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_1M, VRAM, 0, WC, 0, &vram));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_2M, VRAM | SYSMEM, 0, WC, 0, &both));
	mmap_roundtrip(_metadata, self->fd, vram, SZ_1M, 0x5a5a1234);
	mmap_roundtrip(_metadata, self->fd, both, SZ_2M, 0xa5a54321);
}

TEST_F(vxe, mmap_defer_backing)
{
	__u32 sys, vram;

	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, SYSMEM,
				    DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING, WB, 0, &sys));
	mmap_roundtrip(_metadata, self->fd, sys, SZ_256K, 0x1);
	if (!self->vram_size)
		return;
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, VRAM,
				    DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING, WC, 0, &vram));
	mmap_roundtrip(_metadata, self->fd, vram, SZ_256K, 0x2);
}

/* Memory of a freed BO is cleared before another BO gets it */
TEST_F(vxe, mmap_cleared_for_new_owner)
{
	static const __u32 placements[] = { SYSMEM, VRAM, VRAM | SYSMEM };
	unsigned int i, round;
	__u32 bo;
	void *p;

	for (i = 0; i < ARRAY_SIZE(placements); i++) {
		if ((placements[i] & VRAM) && !self->vram_size)
			continue;
		for (round = 0; round < 2; round++) {
			ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_2M, placements[i], 0, WC, 0, &bo));
			p = vxe_gem_mmap(self->fd, bo, SZ_2M, PROT_READ | PROT_WRITE);
			ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
			EXPECT_EQ(-1, check_zero(p, SZ_2M))
				TH_LOG("placement %#x round %u: new BO not zeroed", placements[i],
				       round);
			memset(p, 0xa5, SZ_2M);
			munmap(p, SZ_2M);
			EXPECT_EQ(0, vxe_gem_close(self->fd, bo));
		}
	}
}

TEST_F(vxe, mmap_invalid)
{
	struct drm_xe_gem_mmap_offset mo = {};
	void *p;

	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, 0, &mo.handle));
	ASSERT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));

	/* A private writable mapping would copy on write: refused */
	p = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_PRIVATE, self->fd, mo.offset);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	if (p != MAP_FAILED)
		munmap(p, SZ_64K);

	/* Larger than the BO */
	p = mmap(NULL, SZ_64K + SZ_4K, PROT_READ, MAP_SHARED, self->fd, mo.offset);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	if (p != MAP_FAILED)
		munmap(p, SZ_64K + SZ_4K);

	/* DRM maps a GEM object only from its start (exact offset lookup) */
	p = mmap(NULL, SZ_4K, PROT_READ, MAP_SHARED, self->fd, mo.offset + SZ_4K);
	EXPECT_EQ(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, SZ_4K);
}

/*
 * More VRAM|system BOs than VRAM holds: creating each evicts older ones
 * to system memory (the copy engine moves them), and a PREFETCH moves
 * one back, evicting another. Every BO keeps its contents throughout.
 */
TEST_F(vxe, evict_preserves_contents)
{
	struct drm_xe_vm_bind_op op = {
		.addr = SZ_1G, .pat_index = 2, .op = DRM_XE_VM_BIND_OP_MAP,
	};
	const unsigned int n = 3;
	__u32 bo[3], vm;
	__u64 size;
	unsigned int i, j;

	if (!self->vram_size)
		SKIP(return, "no VRAM");
	size = self->vram_size / 2;

	for (i = 0; i < n; i++) {
		__u32 *p;

		ASSERT_EQ(0, vxe_gem_create(self->fd, size, VRAM | SYSMEM, 0, WC, 0, &bo[i]))
			TH_LOG("BO %u of %u MiB", i, (unsigned int)(size >> 20));
		p = vxe_gem_mmap(self->fd, bo[i], size, PROT_READ | PROT_WRITE);
		ASSERT_NE(MAP_FAILED, p);
		for (j = 0; j < size / 4; j += 1024)
			p[j] = j ^ (i << 24);
		munmap(p, size);
	}
	EXPECT_LE(vram_used(self->fd), self->vram_size);

	/* Bring the first one back into VRAM through a bind's PREFETCH */
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm));
	op.obj = bo[0];
	op.range = size;
	ASSERT_EQ(0, vxe_vm_bind(self->fd, vm, &op, NULL, 0));
	op.obj = 0;
	op.op = DRM_XE_VM_BIND_OP_PREFETCH;
	op.prefetch_mem_region_instance = 1;
	ASSERT_EQ(0, vxe_vm_bind(self->fd, vm, &op, NULL, 0));

	for (i = 0; i < n; i++) {
		__u32 *p = vxe_gem_mmap(self->fd, bo[i], size, PROT_READ);
		unsigned int bad = 0;

		ASSERT_NE(MAP_FAILED, p);
		for (j = 0; j < size / 4; j += 1024)
			bad += p[j] != (j ^ (i << 24));
		munmap(p, size);
		EXPECT_EQ(0, bad) TH_LOG("BO %u: %u words lost in moves", i, bad);
	}
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));
	for (i = 0; i < n; i++)
		EXPECT_EQ(0, vxe_gem_close(self->fd, bo[i]));
}

/* PRIME */

TEST_F(vxe, prime_export_import)
{
	__u32 bo, again, other_bo;
	int dmabuf, other;
	void *p, *q;

	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, SYSMEM, 0, WB, 0, &bo));
	p = vxe_gem_mmap(self->fd, bo, SZ_256K, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, SZ_256K, 0xfeed);

	ASSERT_EQ(0, prime_export(self->fd, bo, &dmabuf));
	ASSERT_GE(dmabuf, 0);
	/* Same file: the same handle */
	EXPECT_EQ(0, prime_import(self->fd, dmabuf, &again));
	EXPECT_EQ(bo, again);

	/* Another file sees the same memory */
	other = vxe_open("renderD", 0);
	ASSERT_GE(other, 0);
	ASSERT_EQ(0, prime_import(other, dmabuf, &other_bo));
	q = vxe_gem_mmap(other, other_bo, SZ_256K, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, q);
	EXPECT_EQ(-1, check_pattern(q, SZ_256K, 0xfeed));
	fill(q, SZ_4K, 0xbeef);
	EXPECT_EQ(-1, check_pattern(p, SZ_4K, 0xbeef));
	munmap(q, SZ_256K);

	/* The import survives the exporter's handle */
	munmap(p, SZ_256K);
	EXPECT_EQ(0, vxe_gem_close(self->fd, bo));
	close(dmabuf);
	q = vxe_gem_mmap(other, other_bo, SZ_256K, PROT_READ);
	ASSERT_NE(MAP_FAILED, q);
	EXPECT_EQ(-1, check_pattern(q, SZ_4K, 0xbeef));
	munmap(q, SZ_256K);
	close(other);
}

/* A BO in VRAM is shared through a dma-buf with its contents */
/* A dma-buf of another exporter (udmabuf over a memfd) */
TEST_F(vxe, prime_import_foreign)
{
	struct udmabuf_create uc = { .size = SZ_256K };
	struct drm_prime_handle ph = {};
	struct drm_xe_vm_bind_op op = {
		.range = SZ_256K, .addr = SZ_1G, .op = DRM_XE_VM_BIND_OP_MAP,
	};
	int dev, memfd, buf;
	__u32 vm;

	dev = open("/dev/udmabuf", O_RDWR);
	if (dev < 0)
		SKIP(return, "no /dev/udmabuf");
	memfd = memfd_create("vxe", MFD_ALLOW_SEALING);
	ASSERT_GE(memfd, 0);
	ASSERT_EQ(0, ftruncate(memfd, SZ_256K));
	ASSERT_EQ(0, fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK));
	uc.memfd = memfd;
	buf = ioctl(dev, UDMABUF_CREATE, &uc);
	ASSERT_GE(buf, 0);

	ph.fd = buf;
	ASSERT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &ph));
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm));
	op.obj = ph.handle;
	/* Its caching is the exporter's: a non-coherent PAT index is refused */
	op.pat_index = 0;
	EXPECT_EQ(-EINVAL, vxe_vm_bind(self->fd, vm, &op, NULL, 0));
	op.pat_index = 2;
	EXPECT_EQ(0, vxe_vm_bind(self->fd, vm, &op, NULL, 0));
	op.op = DRM_XE_VM_BIND_OP_UNMAP;
	op.obj = 0;
	EXPECT_EQ(0, vxe_vm_bind(self->fd, vm, &op, NULL, 0));
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));
	EXPECT_EQ(0, vxe_gem_close(self->fd, ph.handle));
	close(buf);
	close(memfd);
	close(dev);
}

TEST_F(vxe, prime_export_from_vram)
{
	__u32 bo, other_bo;
	int dmabuf, other;
	void *p;

	if (!self->vram_size)
		SKIP(return, "no VRAM");
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_1M, VRAM | SYSMEM, 0, WC, 0, &bo));
	p = vxe_gem_mmap(self->fd, bo, SZ_1M, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, SZ_1M, 0x600d);
	munmap(p, SZ_1M);

	ASSERT_EQ(0, prime_export(self->fd, bo, &dmabuf));
	other = vxe_open("renderD", 0);
	ASSERT_GE(other, 0);
	ASSERT_EQ(0, prime_import(other, dmabuf, &other_bo));
	p = vxe_gem_mmap(other, other_bo, SZ_1M, PROT_READ);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, check_pattern(p, SZ_1M, 0x600d));
	munmap(p, SZ_1M);
	close(other);
	close(dmabuf);
}

/* VM_CREATE and VM_DESTROY */

TEST_F(vxe, vm_create_flags)
{
	static const __u32 flags[] = {
		0,
		DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE,
		DRM_XE_VM_CREATE_FLAG_LR_MODE,
		DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE,
		DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_FAULT_MODE,
		DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_FAULT_MODE |
			DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT,
	};
	__u32 ids[ARRAY_SIZE(flags)] = {};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		EXPECT_EQ(0, vxe_vm_create(self->fd, flags[i], &ids[i]))
			TH_LOG("flags %#x", flags[i]);
		for (j = 0; j < i; j++)
			EXPECT_NE(ids[j], ids[i]);
	}
	/* The first VM of a file is 1 */
	EXPECT_EQ(1, ids[0]);
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		EXPECT_EQ(0, vxe_vm_destroy(self->fd, ids[i]));
}

TEST_F(vxe, vm_create_invalid_fields)
{
	struct drm_xe_vm_create c;
	__u64 ext = 0;
	__u32 id;
	int bit;

#define EXPECT_VM_CREATE(err, change) do {					\
	memset(&c, 0, sizeof(c));						\
	change;									\
	EXPECT_EQ(err, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_CREATE, &c))		\
		TH_LOG("%s", #change);						\
} while (0)

	EXPECT_VM_CREATE(-EINVAL, c.extensions = 1);
	EXPECT_VM_CREATE(-EINVAL, c.extensions = (__u64)(uintptr_t)&ext);
	EXPECT_VM_CREATE(-EINVAL, c.reserved[0] = 1);
	EXPECT_VM_CREATE(-EINVAL, c.reserved[1] = 1);
	for (bit = 4; bit < 32; bit++)
		EXPECT_VM_CREATE(-EINVAL, c.flags = 1u << bit);
	/* Fault mode is a kind of long-running mode */
	EXPECT_VM_CREATE(-EINVAL, c.flags = DRM_XE_VM_CREATE_FLAG_FAULT_MODE);
	EXPECT_VM_CREATE(-EINVAL, c.flags = DRM_XE_VM_CREATE_FLAG_FAULT_MODE |
					    DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE);
	/* A faulting VM does not also map scratch pages (Xe2) */
	EXPECT_VM_CREATE(-EINVAL, c.flags = DRM_XE_VM_CREATE_FLAG_FAULT_MODE |
					    DRM_XE_VM_CREATE_FLAG_LR_MODE |
					    DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE);
	/* No overcommit is for faulting VMs */
	EXPECT_VM_CREATE(-EINVAL, c.flags = DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT);
	EXPECT_VM_CREATE(-EINVAL, c.flags = DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT |
					    DRM_XE_VM_CREATE_FLAG_LR_MODE);
#undef EXPECT_VM_CREATE

	/* None of these created a VM or used up an id */
	EXPECT_EQ(0, vxe_vm_create(self->fd, 0, &id));
	EXPECT_EQ(1, id);
}

/* DRM_IOCTL_XE_VM_GET_PROPERTY: fields, and a VM that never faulted */
TEST_F(vxe, vm_get_property)
{
	struct drm_xe_vm_get_property gp;
	struct xe_vm_fault fault;
	__u32 vm;

	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm));
#define GP(...) (gp = (struct drm_xe_vm_get_property){ __VA_ARGS__ }, \
		 vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_GET_PROPERTY, &gp))
	/* MBZ fields are checked before the VM is looked up */
	EXPECT_EQ(-EINVAL, GP(.reserved[0] = 1));
	EXPECT_EQ(-EINVAL, GP(.reserved[2] = 1));
	EXPECT_EQ(-EINVAL, GP(.extensions = 1));
	EXPECT_EQ(-EINVAL, GP(.pad = 1));
	EXPECT_EQ(-ENOENT, GP(.vm_id = 0xdeadbeef));
	EXPECT_EQ(-ENOENT, GP(.vm_id = 0));
	EXPECT_EQ(-EINVAL, GP(.vm_id = vm, .property = 1));
	/* No fault yet: the list needs no room, and any room is too much */
	EXPECT_EQ(0, GP(.vm_id = vm, .property = DRM_XE_VM_GET_PROPERTY_FAULTS));
	EXPECT_EQ(0, gp.size);
	EXPECT_EQ(-EINVAL, GP(.vm_id = vm, .property = DRM_XE_VM_GET_PROPERTY_FAULTS,
			      .size = sizeof(fault), .data = (uintptr_t)&fault));
	EXPECT_EQ(-EINVAL, GP(.vm_id = vm, .property = DRM_XE_VM_GET_PROPERTY_FAULTS,
			      .size = 0xffffffff));
#undef GP
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));
}

TEST_F(vxe, vm_destroy_fields)
{
	struct drm_xe_vm_destroy d = {};
	__u32 vm;

	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm));

	d.vm_id = vm;
	d.pad = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_DESTROY, &d));
	d.pad = 0;
	d.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_DESTROY, &d));
	d.reserved[0] = 0;
	d.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_DESTROY, &d));

	EXPECT_EQ(-ENOENT, vxe_vm_destroy(self->fd, 0));
	EXPECT_EQ(-ENOENT, vxe_vm_destroy(self->fd, vm + 1));
	EXPECT_EQ(-ENOENT, vxe_vm_destroy(self->fd, ~0u));

	/* The failed calls left it alone */
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));
	EXPECT_EQ(-ENOENT, vxe_vm_destroy(self->fd, vm));
	/* and it is gone for binds too */
	EXPECT_EQ(-EINVAL, bind_unmap(self->fd, vm, VA(0), SZ_64K));
}

/* VM_BIND: a VM and a system WB, a system WC and a VRAM BO of 256K */

FIXTURE(bind)
{
	int fd;
	__u32 vm, sys, wc, vram;
	__u64 vram_size;
};

FIXTURE_SETUP(bind)
{
	self->fd = vxe_open("renderD", 0);
	if (self->fd == -ENODEV)
		SKIP(return, "no vxe device");
	ASSERT_GE(self->fd, 0);
	self->vram_size = region_info(self->fd, DRM_XE_MEM_REGION_CLASS_VRAM, 0);
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &self->vm));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, SYSMEM, 0, WB, 0, &self->sys));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, SYSMEM, 0, WC, 0, &self->wc));
	if (self->vram_size)
		ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, VRAM, 0, WC, 0, &self->vram));
}

FIXTURE_TEARDOWN(bind)
{
	/* Closing the file releases everything */
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(bind, args_invalid_fields)
{
	struct drm_xe_vm_bind_op ops[2] = {
		map_op(self->sys, 0, VA(0), SZ_64K),
		map_op(self->sys, 0, VA(1), SZ_64K),
	};
	struct drm_xe_sync sync = vxe_sync_syncobj(0, 0);
	const struct drm_xe_vm_bind valid = {
		.vm_id = self->vm,
		.num_binds = 1,
		.bind = ops[0],
	};
	void *hole = unmapped_address();
	struct drm_xe_vm_bind b;
	__u64 ext = 0;
	__u32 dead_vm;
	int other;

	ASSERT_NE(NULL, hole);
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &dead_vm));
	ASSERT_EQ(0, vxe_vm_destroy(self->fd, dead_vm));

#define EXPECT_BIND(err, change) do {						\
	b = valid;								\
	change;									\
	EXPECT_EQ(err, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_BIND, &b))		\
		TH_LOG("%s", #change);						\
} while (0)

	EXPECT_BIND(0, (void)0);

	/* Xe answers -EINVAL, not -ENOENT, for a VM that does not exist */
	EXPECT_BIND(-EINVAL, b.vm_id = 0);
	EXPECT_BIND(-EINVAL, b.vm_id = 0xdead);
	EXPECT_BIND(-EINVAL, b.vm_id = dead_vm);
	/* ... and checks it first */
	EXPECT_BIND(-EINVAL, b.vm_id = 0xdead; b.exec_queue_id = 1);

	EXPECT_BIND(-EINVAL, b.pad = 1);
	EXPECT_BIND(-EINVAL, b.pad2 = 1);
	EXPECT_BIND(-EINVAL, b.reserved[0] = 1);
	EXPECT_BIND(-EINVAL, b.reserved[1] = 1);
	EXPECT_BIND(-EINVAL, b.extensions = 1);
	EXPECT_BIND(-EINVAL, b.extensions = (__u64)(uintptr_t)&ext);

	EXPECT_BIND(-EINVAL, b.num_syncs = DRM_XE_MAX_SYNCS + 1;
		    b.syncs = (__u64)(uintptr_t)&sync);
	EXPECT_BIND(-EINVAL, b.num_syncs = ~0u);
	EXPECT_BIND(-EFAULT, b.num_syncs = 1; b.syncs = (__u64)(uintptr_t)hole);
	EXPECT_BIND(-EFAULT, b.num_syncs = 1; b.syncs = 0);

	/* An array of binds that cannot be read, or allocated */
	EXPECT_BIND(-EFAULT, b.num_binds = 2; b.vector_of_binds = 8);
	EXPECT_BIND(-EFAULT, b.num_binds = 2; b.vector_of_binds = (__u64)(uintptr_t)hole);
	EXPECT_BIND(-ENOBUFS, b.num_binds = ~0u; b.vector_of_binds = (__u64)(uintptr_t)ops);

	/* No exec queues yet: any id is unknown (checked after the ops) */
	EXPECT_BIND(-ENOENT, b.exec_queue_id = 1);
	EXPECT_BIND(-ENOENT, b.exec_queue_id = ~0u);
	EXPECT_BIND(-EINVAL, b.exec_queue_id = 1; b.bind.pat_index = PAT_RESERVED);

	/* No operation is fine, and so is an array */
	EXPECT_BIND(0, b.num_binds = 0);
	EXPECT_BIND(0, b.num_binds = 2; b.vector_of_binds = (__u64)(uintptr_t)ops);
#undef EXPECT_BIND

	/* A VM id is the file's own */
	other = vxe_open("renderD", 0);
	ASSERT_GE(other, 0);
	b = valid;
	EXPECT_EQ(-EINVAL, vxe_ioctl(other, DRM_IOCTL_XE_VM_BIND, &b));
	close(other);
}

/*
 * A copy of @base changed by @change must fail with @err, alone and as
 * the second operation of an array whose first one is valid.
 */
#define EXPECT_OP(err, change) do {						\
	struct drm_xe_vm_bind_op op = base, arr[2];				\
	const int expected = (err);						\
	change;									\
	arr[0] = map_op(self->sys, 0, VA(15), SZ_64K);				\
	arr[1] = op;								\
	EXPECT_EQ(expected, vxe_vm_bind(self->fd, self->vm, &op, NULL, 0))	\
		TH_LOG("%s", #change);						\
	EXPECT_EQ(expected, vxe_vm_bind_array(self->fd, self->vm, arr, 2, NULL, 0))	\
		TH_LOG("in an array: %s", #change);				\
} while (0)

TEST_F(bind, op_invalid_fields)
{
	const struct drm_xe_vm_bind_op base = map_op(self->sys, 0, VA(0), SZ_64K);
	void *buf = aligned_alloc(SZ_64K, SZ_256K);
	const __u64 ubuf = (__u64)(uintptr_t)buf;
	__u32 closed;
	int i;

	ASSERT_NE(NULL, buf);
	memset(buf, 0, SZ_256K);
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, 0, &closed));
	ASSERT_EQ(0, vxe_gem_close(self->fd, closed));
	ASSERT_EQ(0, bind_one(self->fd, self->vm, base));

	/* obj */
	EXPECT_OP(-ENOENT, op.obj = 0xdead);
	EXPECT_OP(-ENOENT, op.obj = closed);

	/* pat_index: past the table, or a reserved entry */
	EXPECT_OP(-EINVAL, op.pat_index = PAT_ENTRIES);
	EXPECT_OP(-EINVAL, op.pat_index = 0xffff);
	for (i = PAT_RESERVED; i < PAT_RESERVED + 4; i++)
		EXPECT_OP(-EINVAL, op.pat_index = i);

	/* obj_offset: page aligned, inside the BO */
	EXPECT_OP(-EINVAL, op.obj_offset = 1);
	EXPECT_OP(-EINVAL, op.obj_offset = SZ_4K / 2);
	EXPECT_OP(-EINVAL, op.obj_offset = SZ_256K);
	EXPECT_OP(-EINVAL, op.obj_offset = SZ_256K - SZ_4K);
	EXPECT_OP(-EINVAL, op.obj_offset = ~0ull & ~(SZ_4K - 1));

	/* range: nonzero, page aligned, inside the BO and the VM */
	EXPECT_OP(-EINVAL, op.range = 0);
	EXPECT_OP(-EINVAL, op.range = SZ_4K + 1);
	EXPECT_OP(-EINVAL, op.range = SZ_256K + SZ_4K);
	EXPECT_OP(-EINVAL, op.obj_offset = SZ_4K; op.range = ~0ull & ~(SZ_4K - 1));
	EXPECT_OP(-EINVAL, op = null_op(0, VA_SIZE + SZ_4K));

	/* addr: page aligned, and the range below 2^48 */
	EXPECT_OP(-EINVAL, op.addr = VA(0) + 1);
	EXPECT_OP(-EINVAL, op.addr = VA(0) + SZ_4K / 2);
	EXPECT_OP(-EINVAL, op.addr = VA_SIZE - SZ_4K);
	EXPECT_OP(-EINVAL, op.addr = VA_SIZE);
	EXPECT_OP(-EINVAL, op.addr = 1ull << 63);
	EXPECT_OP(-EINVAL, op.addr = ~0ull & ~(SZ_4K - 1));

	/* op */
	EXPECT_OP(-EINVAL, op.op = DRM_XE_VM_BIND_OP_PREFETCH + 1);
	EXPECT_OP(-EINVAL, op.op = ~0u);

	/* flags: unknown, and those of features the VM has not */
	for (i = 8; i < 31; i++)
		EXPECT_OP(-EINVAL, op.flags = 1u << i);
	/* Bit 31 injects an error with CONFIG_DRM_VXE_DEBUG (bind.inject_error) */
	EXPECT_OP(-EINVAL, op.flags = 1u << 31; op.op = ~0u);
	EXPECT_OP(-EINVAL, op.flags = DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR);
	EXPECT_OP(-EINVAL, op.obj = 0; op.obj_offset = 0;
		  op.flags = DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR);
	EXPECT_OP(-EINVAL, op.flags = DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET);
	EXPECT_OP(-EINVAL, op = unmap_op(VA(0), SZ_64K);
		  op.flags = DRM_XE_VM_BIND_FLAG_DECOMPRESS);
	EXPECT_OP(-EINVAL, op.pat_index = PAT_COMPRESSED;
		  op.flags = DRM_XE_VM_BIND_FLAG_DECOMPRESS);

	/* NULL: a MAP of no object at no offset */
	EXPECT_OP(-EINVAL, op.flags = DRM_XE_VM_BIND_FLAG_NULL);
	EXPECT_OP(-EINVAL, op = null_op(VA(0), SZ_64K); op.obj_offset = SZ_4K);
	EXPECT_OP(-EINVAL, op = null_op(VA(0), SZ_64K); op.op = DRM_XE_VM_BIND_OP_UNMAP);
	EXPECT_OP(-EINVAL, op = null_op(VA(0), SZ_64K); op.op = DRM_XE_VM_BIND_OP_PREFETCH);
	EXPECT_OP(-EINVAL, op = userptr_op(buf, VA(0), SZ_64K);
		  op.flags = DRM_XE_VM_BIND_FLAG_NULL);

	/* MAP needs an object or NULL */
	EXPECT_OP(-EINVAL, op.obj = 0);

	/* UNMAP of no object */
	EXPECT_OP(-EINVAL, op.op = DRM_XE_VM_BIND_OP_UNMAP);

	/* UNMAP_ALL: an object, and neither address nor range */
	EXPECT_OP(-EINVAL, op = unmap_all_op(0));
	EXPECT_OP(-EINVAL, op = unmap_all_op(self->sys); op.addr = VA(0));
	EXPECT_OP(-EINVAL, op = unmap_all_op(self->sys); op.range = SZ_64K);

	/* MAP_USERPTR: no object, page-aligned memory, a coherent PAT */
	EXPECT_OP(-EINVAL, op = userptr_op(buf, VA(0), SZ_64K); op.obj = self->sys);
	EXPECT_OP(-EINVAL, op = userptr_op(buf, VA(0), SZ_64K); op.userptr = ubuf + 8);
	EXPECT_OP(-EINVAL, op = userptr_op(buf, VA(0), SZ_64K); op.pat_index = PAT_NONE);
	EXPECT_OP(-EINVAL, op = userptr_op(buf, VA(0), SZ_64K); op.pat_index = PAT_COMPRESSED);

	/* PREFETCH: no object, a region of the device or -1 */
	EXPECT_OP(-EINVAL, op = prefetch_op(VA(0), SZ_64K, 0); op.obj = self->sys);
	EXPECT_OP(-EINVAL, op = prefetch_op(VA(0), SZ_64K, 2));
	EXPECT_OP(-EINVAL, op = prefetch_op(VA(0), SZ_64K, 5));
	EXPECT_OP(-EINVAL, op = prefetch_op(VA(0), SZ_64K, 31));
	EXPECT_OP(-EINVAL, op = prefetch_op(VA(0), SZ_64K, 32));
	EXPECT_OP(-EINVAL, op = prefetch_op(VA(0), SZ_64K, 0x80000000u));

	/* prefetch_mem_region_instance is for PREFETCH only */
	EXPECT_OP(-EINVAL, op.prefetch_mem_region_instance = 1);
	EXPECT_OP(-EINVAL, op.prefetch_mem_region_instance = ~0u);
	EXPECT_OP(-EINVAL, op = unmap_op(VA(0), SZ_64K); op.prefetch_mem_region_instance = 1);
	EXPECT_OP(-EINVAL, op = userptr_op(buf, VA(0), SZ_64K);
		  op.prefetch_mem_region_instance = 1);

	/* The failures changed nothing: the first mapping is still there */
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_64K));
	free(buf);
}

/*
 * Fields Xe 7.2 does not check (drm_xe_vm_bind_op extensions, pad, pad2
 * and reserved; drm_xe_sync extensions; drm_xe_ext_set_property reserved)
 * are accepted as Xe accepts them, so that user space written against Xe
 * behaves the same.
 */
TEST_F(bind, fields_xe_ignores)
{
	struct drm_xe_vm_bind_op op = map_op(self->sys, 0, VA(0), SZ_64K);
	struct drm_xe_ext_set_property ext = {
		.base.name = DRM_XE_GEM_CREATE_EXTENSION_SET_PROPERTY,
		.property = DRM_XE_GEM_CREATE_SET_PROPERTY_PXP_TYPE,
		.value = DRM_XE_PXP_TYPE_NONE,
		.reserved = { 1, 1 },
	};
	struct drm_xe_gem_create c = {
		.size = SZ_64K,
		.placement = SYSMEM,
		.cpu_caching = WB,
		.extensions = (__u64)(uintptr_t)&ext,
	};
	struct drm_xe_sync sync;
	__u32 so;

	op.extensions = 8;
	op.pad = 1;
	op.pad2 = 1;
	op.reserved[0] = 1;
	op.reserved[1] = 2;
	op.reserved[2] = 3;
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, NULL, 0));

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &so));
	sync = vxe_sync_syncobj(so, DRM_XE_SYNC_FLAG_SIGNAL);
	sync.extensions = 8;
	op = unmap_op(VA(0), SZ_64K);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &sync, 1));

	EXPECT_EQ(0, gem_create_raw(self->fd, &c)) TH_LOG("set-property reserved refused");
}

TEST_F(bind, bo_checks)
{
	__u32 nocomp, vm2, priv, both;

	/* A WB BO needs a coherent PAT; a WC BO takes any */
	EXPECT_EQ(-EINVAL, bind_one(self->fd, self->vm, (struct drm_xe_vm_bind_op) {
		.obj = self->sys, .pat_index = PAT_NONE, .range = SZ_64K, .addr = VA(0) }));
	EXPECT_EQ(-EINVAL, bind_one(self->fd, self->vm, (struct drm_xe_vm_bind_op) {
		.obj = self->sys, .pat_index = PAT_COMPRESSED, .range = SZ_64K, .addr = VA(0) }));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, (struct drm_xe_vm_bind_op) {
		.obj = self->sys, .pat_index = PAT_1WAY, .range = SZ_64K, .addr = VA(0) }));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, (struct drm_xe_vm_bind_op) {
		.obj = self->wc, .pat_index = PAT_NONE, .range = SZ_64K, .addr = VA(1) }));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, (struct drm_xe_vm_bind_op) {
		.obj = self->wc, .pat_index = PAT_COMPRESSED, .range = SZ_64K, .addr = VA(2) }));

	/* A BO created without compression is never mapped compressed */
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM,
				    DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION, WC, 0, &nocomp));
	EXPECT_EQ(-EINVAL, bind_one(self->fd, self->vm, (struct drm_xe_vm_bind_op) {
		.obj = nocomp, .pat_index = PAT_COMPRESSED, .range = SZ_64K, .addr = VA(3) }));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, (struct drm_xe_vm_bind_op) {
		.obj = nocomp, .pat_index = PAT_NONE, .range = SZ_64K, .addr = VA(3) }));

	/* A VM-private BO is mapped by its VM only */
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm2));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, WB, vm2, &priv));
	EXPECT_EQ(-EINVAL, bind_map(self->fd, self->vm, priv, 0, VA(4), SZ_64K));
	EXPECT_EQ(0, bind_map(self->fd, vm2, priv, 0, VA(4), SZ_64K));

	if (!self->vram_size)
		return;
	/* A BO that may live in VRAM is mapped in the device's VRAM pages */
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, VRAM | SYSMEM, 0, WC, 0, &both));
	if (vxe_min_alignment(self->fd) > SZ_4K) {
		EXPECT_EQ(-EINVAL, bind_map(self->fd, self->vm, self->vram, 0, VA(5) + SZ_4K,
					    SZ_64K));
		EXPECT_EQ(-EINVAL, bind_map(self->fd, self->vm, self->vram, SZ_4K, VA(5), SZ_64K));
		EXPECT_EQ(-EINVAL, bind_map(self->fd, self->vm, self->vram, 0, VA(5), SZ_4K));
		EXPECT_EQ(-EINVAL, bind_map(self->fd, self->vm, self->vram, 0, VA(5),
					    SZ_64K + SZ_4K));
		EXPECT_EQ(-EINVAL, bind_map(self->fd, self->vm, both, 0, VA(6) + SZ_4K, SZ_64K));
		EXPECT_EQ(-EINVAL, bind_map(self->fd, self->vm, both, SZ_4K, VA(6), SZ_64K));
	} else {
		/* 4K pages of VRAM, as Xe2's */
		EXPECT_EQ(0, bind_map(self->fd, self->vm, self->vram, SZ_4K, VA(5) + SZ_4K, SZ_4K));
		EXPECT_EQ(0, bind_map(self->fd, self->vm, both, SZ_4K, VA(6) + SZ_1M, SZ_4K));
	}
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->vram, SZ_64K, VA(5) + SZ_64K, SZ_128K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, both, 0, VA(6), SZ_256K));
	/* A system BO is not */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, SZ_4K, VA(7) + SZ_4K, SZ_4K));
}

/* A copy of @base_sync changed by @change must fail with @err */
#define EXPECT_SYNC(err, change) do {						\
	struct drm_xe_sync s[2] = { base_sync, base_sync };			\
	__u32 n = 1;								\
	change;									\
	EXPECT_EQ(err, vxe_vm_bind(self->fd, self->vm, &op, s, n))		\
		TH_LOG("%s", #change);						\
} while (0)

TEST_F(bind, sync_invalid_fields)
{
	const struct drm_xe_vm_bind_op op = map_op(self->sys, 0, VA(0), SZ_64K);
	__u32 so, unsignalled, tl, signalled;
	struct drm_xe_sync base_sync;
	void *hole = unmapped_address();
	__u64 *fence = aligned_alloc(8, 16);
	const struct drm_xe_vm_bind_op bad = map_op(self->sys, SZ_256K, VA(0), SZ_4K);
	struct drm_xe_sync sync;

	ASSERT_NE(NULL, hole);
	ASSERT_NE(NULL, fence);
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &so));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &unsignalled));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &tl));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, DRM_SYNCOBJ_CREATE_SIGNALED, &signalled));
	base_sync = vxe_sync_syncobj(so, DRM_XE_SYNC_FLAG_SIGNAL);

	EXPECT_SYNC(0, (void)0);
	/* Timeline point 1 */
	sync = timeline_sync(tl, 1, DRM_XE_SYNC_FLAG_SIGNAL);
	ASSERT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &sync, 1));

	/* flags, reserved, type */
	EXPECT_SYNC(-EINVAL, s[0].flags = 1u << 1);
	EXPECT_SYNC(-EINVAL, s[0].flags = ~0u);
	EXPECT_SYNC(-EINVAL, s[0].reserved[0] = 1);
	EXPECT_SYNC(-EINVAL, s[0].reserved[1] = 1);
	EXPECT_SYNC(-EINVAL, s[0].type = DRM_XE_SYNC_TYPE_USER_FENCE + 1);
	EXPECT_SYNC(-EINVAL, s[0].type = ~0u);

	/* Syncobjs: a handle of this file, and nothing above its 32 bits */
	EXPECT_SYNC(-ENOENT, s[0].handle = 0);
	EXPECT_SYNC(-ENOENT, s[0].handle = 0xdead);
	EXPECT_SYNC(-EINVAL, s[0].addr = (1ull << 32) | so);
	EXPECT_SYNC(-ENOENT, s[0] = timeline_sync(0xdead, 1, DRM_XE_SYNC_FLAG_SIGNAL));
	EXPECT_SYNC(-EINVAL, s[0] = timeline_sync(tl, 2, DRM_XE_SYNC_FLAG_SIGNAL);
		    s[0].addr |= 1ull << 40);
	/* Waiting needs a fence to wait for */
	EXPECT_SYNC(-EINVAL, s[0] = vxe_sync_syncobj(unsignalled, 0));
	EXPECT_SYNC(-EINVAL, s[0] = timeline_sync(unsignalled, 1, 0));
	/* A timeline point is nonzero, and one waited for was submitted */
	EXPECT_SYNC(-EINVAL, s[0] = timeline_sync(tl, 0, DRM_XE_SYNC_FLAG_SIGNAL));
	EXPECT_SYNC(-EINVAL, s[0] = timeline_sync(tl, 0, 0));
	EXPECT_SYNC(-EINVAL, s[0] = timeline_sync(tl, 2, 0));

	/* User fences: signalled, 8-byte aligned, in mapped memory, one */
	EXPECT_SYNC(-EOPNOTSUPP, s[0] = ufence_sync(fence, 1); s[0].flags = 0);
	EXPECT_SYNC(-EOPNOTSUPP, s[0] = ufence_sync((char *)fence + 4, 1); s[0].flags = 0);
	EXPECT_SYNC(-EINVAL, s[0] = ufence_sync((char *)fence + 4, 1));
	EXPECT_SYNC(-EINVAL, s[0] = ufence_sync((char *)fence + 1, 1));
	EXPECT_SYNC(-EFAULT, s[0] = ufence_sync(hole, 1));
	EXPECT_SYNC(-EFAULT, s[0] = ufence_sync(NULL, 1));
	EXPECT_SYNC(-EINVAL, s[0] = ufence_sync(fence, 1);
		    s[1] = ufence_sync(fence + 1, 2); n = 2);

	/* Every entry is checked: a bad second one fails the bind */
	EXPECT_SYNC(-EINVAL, s[1].type = 7; n = 2);
	EXPECT_SYNC(-ENOENT, s[1].handle = 0xdead; n = 2);

	/* A user fence needs an operation to signal it */
	sync = ufence_sync(fence, 1);
	EXPECT_EQ(-EOPNOTSUPP, vxe_vm_bind_array(self->fd, self->vm, NULL, 0, &sync, 1));

	/* A wait on a signalled syncobj is fine */
	EXPECT_SYNC(0, s[0] = vxe_sync_syncobj(signalled, 0));
	EXPECT_SYNC(0, s[0] = timeline_sync(tl, 1, 0));

	/* A failed bind signals nothing */
	EXPECT_EQ(-EINVAL, syncobj_wait0(self->fd, unsignalled));
	EXPECT_SYNC(-EINVAL, s[0] = vxe_sync_syncobj(unsignalled, DRM_XE_SYNC_FLAG_SIGNAL);
		    s[1].type = 7; n = 2);
	EXPECT_EQ(-EINVAL, syncobj_wait0(self->fd, unsignalled))
		TH_LOG("a failed bind signalled its out-sync");
	*fence = 0;
	EXPECT_SYNC(-ENOENT, s[0] = ufence_sync(fence, 5); s[1].handle = 0xdead; n = 2);
	EXPECT_EQ(0, *fence) TH_LOG("a failed bind wrote its user fence");
	sync = vxe_sync_syncobj(unsignalled, DRM_XE_SYNC_FLAG_SIGNAL);
	EXPECT_EQ(-EINVAL, vxe_vm_bind(self->fd, self->vm, &bad, &sync, 1));
	EXPECT_EQ(-EINVAL, syncobj_wait0(self->fd, unsignalled))
		TH_LOG("a failed bind signalled its out-sync");
	free(fence);
}

/* Long-running VMs signal no dma-fences: only user fences */
TEST_F(bind, sync_lr_mode)
{
	static const __u32 modes[] = {
		DRM_XE_VM_CREATE_FLAG_LR_MODE,
		DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_FAULT_MODE,
	};
	struct drm_xe_vm_bind_op op = map_op(self->sys, 0, VA(0), SZ_64K);
	__u64 *fence = aligned_alloc(8, 8);
	struct drm_xe_sync s;
	unsigned int i;
	__u32 vm, so, signalled;

	ASSERT_NE(NULL, fence);
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &so));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, DRM_SYNCOBJ_CREATE_SIGNALED, &signalled));

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		ASSERT_EQ(0, vxe_vm_create(self->fd, modes[i], &vm));
		s = vxe_sync_syncobj(so, DRM_XE_SYNC_FLAG_SIGNAL);
		EXPECT_EQ(-EOPNOTSUPP, vxe_vm_bind(self->fd, vm, &op, &s, 1));
		s = timeline_sync(so, 1, DRM_XE_SYNC_FLAG_SIGNAL);
		EXPECT_EQ(-EOPNOTSUPP, vxe_vm_bind(self->fd, vm, &op, &s, 1));
		/* in-fences and user fences are fine */
		s = vxe_sync_syncobj(signalled, 0);
		EXPECT_EQ(0, vxe_vm_bind(self->fd, vm, &op, &s, 1));
		*fence = 0;
		s = ufence_sync(fence, 0xc0ffee + i);
		EXPECT_EQ(0, vxe_vm_bind(self->fd, vm, &op, &s, 1));
		EXPECT_EQ(0xc0ffee + i, *fence);
		EXPECT_EQ(0, bind_unmap(self->fd, vm, VA(0), SZ_64K));
		EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));
	}
	free(fence);
}

TEST_F(bind, syncobj_signalled)
{
	struct drm_xe_vm_bind_op op = map_op(self->sys, 0, VA(0), SZ_64K);
	struct drm_xe_sync s, two[2];
	__u32 so, so2;

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &so));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &so2));
	ASSERT_EQ(-EINVAL, syncobj_wait0(self->fd, so));

	s = vxe_sync_syncobj(so, DRM_XE_SYNC_FLAG_SIGNAL);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	EXPECT_EQ(0, syncobj_wait0(self->fd, so)) TH_LOG("out-syncobj not signalled");

	/* Also for an unmap, and as the in-sync of the next bind */
	two[0] = vxe_sync_syncobj(so, 0);
	two[1] = vxe_sync_syncobj(so2, DRM_XE_SYNC_FLAG_SIGNAL);
	op = unmap_op(VA(0), SZ_64K);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, two, 2));
	EXPECT_EQ(0, syncobj_wait0(self->fd, so2));
	EXPECT_EQ(0, vxe_syncobj_destroy(self->fd, so));
	EXPECT_EQ(0, vxe_syncobj_destroy(self->fd, so2));
}

TEST_F(bind, timeline_signalled)
{
	struct drm_xe_vm_bind_op op = map_op(self->sys, 0, VA(0), SZ_64K);
	struct drm_xe_sync s;
	__u32 tl;

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &tl));

	s = timeline_sync(tl, 5, DRM_XE_SYNC_FLAG_SIGNAL);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	EXPECT_EQ(0, timeline_wait0(self->fd, tl, 5)) TH_LOG("point 5 not signalled");
	EXPECT_EQ(5, timeline_query(self->fd, tl));

	op = unmap_op(VA(0), SZ_64K);
	s = timeline_sync(tl, 7, DRM_XE_SYNC_FLAG_SIGNAL);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	EXPECT_EQ(0, timeline_wait0(self->fd, tl, 7));
	EXPECT_EQ(7, timeline_query(self->fd, tl));

	/*
	 * Points up to the last one submitted can be waited for, by a bind
	 * that has something to do (a no-op one with in-syncs is refused)
	 */
	op = map_op(self->sys, 0, VA(1), SZ_64K);
	s = timeline_sync(tl, 5, 0);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	s = timeline_sync(tl, 7, 0);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	s = timeline_sync(tl, 8, 0);
	EXPECT_EQ(-EINVAL, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
}

TEST_F(bind, user_fence_written)
{
	struct drm_xe_vm_bind_op op = map_op(self->sys, 0, VA(0), SZ_64K);
	__u64 *fence = aligned_alloc(8, 8), *in_bo;
	struct drm_xe_sync s;
	void *p;

	ASSERT_NE(NULL, fence);
	*fence = 0;
	s = ufence_sync(fence, 0x0123456789abcdefull);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	/* Binds are complete when the ioctl returns, the fence with them */
	EXPECT_EQ(0x0123456789abcdefull, *fence);

	op = unmap_op(VA(0), SZ_64K);
	s = ufence_sync(fence, 42);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	EXPECT_EQ(42, *fence);

	/* As IGT does: the fence in a mapped BO */
	p = vxe_gem_mmap(self->fd, self->wc, SZ_256K, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, p);
	in_bo = (__u64 *)((char *)p + SZ_4K);
	*in_bo = 0;
	op = map_op(self->wc, 0, VA(1), SZ_256K);
	s = ufence_sync(in_bo, 0xfeedfacecafebeefull);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	EXPECT_EQ(0xfeedfacecafebeefull, *in_bo);
	munmap(p, SZ_256K);
	free(fence);
}

/* A bind of nothing signals its out-syncs, and takes no in-sync (Xe) */
TEST_F(bind, nothing_to_do)
{
	struct drm_xe_vm_bind_op op = unmap_op(VA(9), SZ_64K);
	struct drm_xe_sync s;
	__u32 so, signalled;

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &so));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, DRM_SYNCOBJ_CREATE_SIGNALED, &signalled));

	s = vxe_sync_syncobj(so, DRM_XE_SYNC_FLAG_SIGNAL);
	EXPECT_EQ(0, vxe_vm_bind_array(self->fd, self->vm, NULL, 0, &s, 1));
	EXPECT_EQ(0, syncobj_wait0(self->fd, so));

	ASSERT_EQ(0, vxe_syncobj_destroy(self->fd, so));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &so));
	s = vxe_sync_syncobj(so, DRM_XE_SYNC_FLAG_SIGNAL);
	EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
	EXPECT_EQ(0, syncobj_wait0(self->fd, so));

	/* Xe cannot pass in-fences on when it has no job: -EOPNOTSUPP */
	s = vxe_sync_syncobj(signalled, 0);
	EXPECT_EQ(-EOPNOTSUPP, vxe_vm_bind_array(self->fd, self->vm, NULL, 0, &s, 1));
	EXPECT_EQ(-EOPNOTSUPP, vxe_vm_bind(self->fd, self->vm, &op, &s, 1));
}

TEST_F(bind, map_unmap)
{
	__u32 vm2;

	/* A mapping, replaced in place, then partly overlapped */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0), SZ_256K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0), SZ_256K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->wc, 0, VA(0) + SZ_64K, SZ_256K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, SZ_64K, VA(0) + SZ_4K, SZ_4K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_1M));
	/* Unmapping nothing is fine */
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_1M));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, 0, VA_SIZE));

	/* The lowest and the highest pages of the VM */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, 0, SZ_4K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA_SIZE - SZ_256K, SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, 0, VA_SIZE));

	/* The same BO at several addresses, and in several VMs */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(1), SZ_256K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(2), SZ_256K));
	ASSERT_EQ(0, vxe_vm_create(self->fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, &vm2));
	EXPECT_EQ(0, bind_map(self->fd, vm2, self->sys, 0, VA(1), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, vm2, VA(1), SZ_256K));

	if (!self->vram_size)
		return;
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->vram, 0, VA(3), SZ_256K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->vram, SZ_128K, VA(4), SZ_128K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(3), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(4), SZ_256K));
}

TEST_F(bind, flags_accepted)
{
	static const __u32 flags[] = {
		DRM_XE_VM_BIND_FLAG_READONLY,
		DRM_XE_VM_BIND_FLAG_IMMEDIATE,
		DRM_XE_VM_BIND_FLAG_DUMPABLE,
		DRM_XE_VM_BIND_FLAG_CHECK_PXP,
		DRM_XE_VM_BIND_FLAG_READONLY | DRM_XE_VM_BIND_FLAG_IMMEDIATE |
			DRM_XE_VM_BIND_FLAG_DUMPABLE | DRM_XE_VM_BIND_FLAG_CHECK_PXP,
	};
	struct drm_xe_vm_bind_op op;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		op = map_op(self->sys, 0, VA(i), SZ_256K);
		op.flags = flags[i];
		EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, NULL, 0))
			TH_LOG("flags %#x", flags[i]);
		/* UNMAP takes them too */
		op = unmap_op(VA(i), SZ_256K);
		op.flags = flags[i];
		EXPECT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, NULL, 0))
			TH_LOG("unmap, flags %#x", flags[i]);
	}
}

TEST_F(bind, null_mapping)
{
	struct drm_xe_vm_bind_op op;

	EXPECT_EQ(0, bind_one(self->fd, self->vm, null_op(VA(0), SZ_2M)));
	op = null_op(VA(1), SZ_64K);
	op.flags |= DRM_XE_VM_BIND_FLAG_READONLY;
	EXPECT_EQ(0, bind_one(self->fd, self->vm, op));
	/* No memory, so any valid PAT */
	op = null_op(VA(2), SZ_4K);
	op.pat_index = PAT_NONE;
	EXPECT_EQ(0, bind_one(self->fd, self->vm, op));
	/* Sparse: 4 GiB of nothing */
	EXPECT_EQ(0, bind_one(self->fd, self->vm, null_op(1ull << 40, 1ull << 32)));
	/* A BO over part of a NULL range, and back */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0) + SZ_64K, SZ_64K));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, null_op(VA(0) + SZ_64K, SZ_64K)));

	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_2M));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, 1ull << 40, 1ull << 32));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(1), SZ_2M));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(2), SZ_2M));
}

TEST_F(bind, array)
{
	void *buf = aligned_alloc(SZ_64K, SZ_256K);
	struct drm_xe_vm_bind_op ops[6];
	unsigned int n = 0;

	ASSERT_NE(NULL, buf);
	memset(buf, 1, SZ_256K);
	ops[n++] = map_op(self->sys, 0, VA(0), SZ_256K);
	ops[n++] = map_op(self->wc, SZ_64K, VA(1), SZ_64K);
	ops[n++] = null_op(VA(2), SZ_2M);
	ops[n++] = userptr_op(buf, VA(3), SZ_256K);
	if (self->vram_size)
		ops[n++] = map_op(self->vram, 0, VA(4), SZ_256K);
	/* A later operation sees what an earlier one did */
	ops[n++] = unmap_op(VA(0) + SZ_64K, SZ_64K);
	EXPECT_EQ(0, vxe_vm_bind_array(self->fd, self->vm, ops, n, NULL, 0));

	n = 0;
	ops[n++] = unmap_op(VA(0), SZ_256K);
	ops[n++] = unmap_all_op(self->wc);
	ops[n++] = unmap_op(VA(2), SZ_2M);
	ops[n++] = unmap_op(VA(3), SZ_256K);
	ops[n++] = unmap_op(VA(4), SZ_256K);
	EXPECT_EQ(0, vxe_vm_bind_array(self->fd, self->vm, ops, n, NULL, 0));

	/* Map and unmap the same range in one call */
	ops[0] = map_op(self->sys, 0, VA(5), SZ_256K);
	ops[1] = unmap_op(VA(5), SZ_256K);
	EXPECT_EQ(0, vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0));
	free(buf);
}

/*
 * A big VRAM BO whose only reference left is a GPU mapping keeps its
 * VRAM: whether the VRAM goes when the handle is closed tells whether a
 * mapping was left.
 */
static int big_vram_bo(struct __test_metadata *_metadata, int fd, __u64 base, __u32 *bo)
{
	__u64 used;

	if (vxe_gem_create(fd, SZ_16M, VRAM, 0, WC, 0, bo))
		return -1;
	used = vram_used(fd);
	if (used < base + SZ_16M) {
		TH_LOG("VRAM use not reported: %llu before, %llu after", base, used);
		return -1;
	}
	return 0;
}

TEST_F(bind, array_failure_unwinds)
{
	struct drm_xe_vm_bind_op ops[2];
	__u64 base, used;
	void *hole = unmapped_address();
	__u32 big, keep;

	if (!self->vram_size)
		SKIP(return, "no VRAM");
	ASSERT_NE(NULL, hole);
	base = vram_used(self->fd);
	if (big_vram_bo(_metadata, self->fd, base, &big))
		SKIP(return, "cannot see VRAM use");

	/* The checks fail the second operation before anything is done */
	ops[0] = map_op(big, 0, VA(0), SZ_16M);
	ops[1] = map_op(self->sys, SZ_256K, VA(1), SZ_64K);
	EXPECT_EQ(-EINVAL, vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0));
	ops[1] = map_op(0xdead, 0, VA(1), SZ_64K);
	EXPECT_EQ(-ENOENT, vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0));
	/* The second fails when its pages are looked up, after the first was prepared */
	ops[1] = userptr_op(hole, VA(1), SZ_64K);
	EXPECT_EQ(-EFAULT, vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0));

	/* No mapping of the big BO was left: its VRAM goes with its handle */
	EXPECT_EQ(0, vxe_gem_close(self->fd, big));
	used = vram_used_wait(self->fd, base + SZ_16M / 2, 0);
	EXPECT_LT(used, base + SZ_16M / 2) TH_LOG("a failed bind left a mapping of the BO");
	base = used;

	/*
	 * A failed bind over an existing mapping: the mapping is put back.
	 * @keep is held by its mapping only.
	 */
	ASSERT_EQ(0, big_vram_bo(_metadata, self->fd, base, &keep));
	ASSERT_EQ(0, bind_map(self->fd, self->vm, keep, 0, VA(0), SZ_16M));
	EXPECT_EQ(0, vxe_gem_close(self->fd, keep));
	ASSERT_EQ(0, big_vram_bo(_metadata, self->fd, base + SZ_16M, &big));
	ops[0] = map_op(big, 0, VA(0), SZ_16M);
	EXPECT_EQ(-EFAULT, vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0));
	ops[0] = map_op(big, 0, VA(0) + SZ_1M, SZ_1M);
	EXPECT_EQ(-EFAULT, vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0));
	EXPECT_EQ(0, vxe_gem_close(self->fd, big));
	used = vram_used_wait(self->fd, base + SZ_16M + SZ_16M / 2, 0);
	EXPECT_LT(used, base + SZ_16M + SZ_16M / 2) TH_LOG("a failed bind left a mapping");
	EXPECT_GE(used, base + SZ_16M) TH_LOG("a failed bind lost the mapping it replaced");

	/* Unmapping it releases the BO */
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_16M));
	used = vram_used_wait(self->fd, base + SZ_16M / 2, 0);
	EXPECT_LT(used, base + SZ_16M / 2) TH_LOG("unmapping did not release the BO");

	/* and the VM carries on */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0), SZ_256K));
}

TEST_F(bind, partial_unbind)
{
	__u32 ps = SZ_4K;

	/* Four pages, unmap the second, then the fourth, then the rest */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0), 4 * ps));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0) + ps, ps));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0) + 3 * ps, ps));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), 4 * ps));
	/* A mapping into a hole of another */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(1), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(1) + SZ_64K, SZ_64K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->wc, 0, VA(1) + SZ_64K, SZ_64K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(1), SZ_256K));
	/* An unmap across two mappings and a hole */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(2), SZ_64K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->wc, 0, VA(2) + SZ_256K, SZ_64K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(2) + SZ_4K, SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(2), SZ_1M));

	if (!self->vram_size)
		return;
	/* In VRAM, by 64K pages */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->vram, 0, VA(3), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(3) + SZ_64K, SZ_64K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(3) + 3 * SZ_64K, SZ_64K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(3), SZ_256K));
}

TEST_F(bind, unmap_all)
{
	__u64 base, used;
	__u32 big, vm2;

	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0), SZ_256K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, SZ_64K, VA(1), SZ_64K));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->wc, 0, VA(2), SZ_64K));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, unmap_all_op(self->sys)));
	/* Again: nothing left to unmap */
	EXPECT_EQ(0, bind_one(self->fd, self->vm, unmap_all_op(self->sys)));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, unmap_all_op(self->wc)));

	if (!self->vram_size)
		return;
	base = vram_used(self->fd);
	if (big_vram_bo(_metadata, self->fd, base, &big))
		SKIP(return, "cannot see VRAM use");
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm2));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, big, 0, VA(3), SZ_16M));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, big, SZ_1M, VA(4), SZ_1M));
	EXPECT_EQ(0, bind_map(self->fd, vm2, big, 0, VA(3), SZ_16M));

	/* Only this VM's mappings go */
	EXPECT_EQ(0, bind_one(self->fd, self->vm, unmap_all_op(big)));
	EXPECT_EQ(0, vxe_gem_close(self->fd, big));
	usleep(200000);
	EXPECT_GE(vram_used(self->fd), base + SZ_16M) TH_LOG("vm2's mapping went too");

	/* Destroying a VM with live mappings releases them */
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm2));
	used = vram_used_wait(self->fd, base + SZ_16M / 2, 0);
	EXPECT_LT(used, base + SZ_16M / 2) TH_LOG("UNMAP_ALL or VM_DESTROY left a mapping");
}

TEST_F(bind, userptr)
{
	void *buf = aligned_alloc(SZ_64K, SZ_256K), *ro;
	struct drm_xe_vm_bind_op op;
	void *p;

	ASSERT_NE(NULL, buf);
	memset(buf, 0x11, SZ_256K);

	EXPECT_EQ(0, bind_one(self->fd, self->vm, userptr_op(buf, VA(0), SZ_256K)));
	/* Part of it, at 4K granularity, with a 1-way coherent PAT */
	op = userptr_op((char *)buf + SZ_4K, VA(1) + SZ_4K, SZ_4K);
	op.pat_index = PAT_1WAY;
	EXPECT_EQ(0, bind_one(self->fd, self->vm, op));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0) + SZ_64K, SZ_64K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(1), SZ_64K));

	/* Read-only memory, mapped read-only */
	ro = mmap(NULL, SZ_64K, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	op = userptr_op(ro, VA(2), SZ_64K);
	op.flags = DRM_XE_VM_BIND_FLAG_READONLY;
	EXPECT_EQ(0, bind_one(self->fd, self->vm, op));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(2), SZ_64K));
	munmap(ro, SZ_64K);

	/* Memory with no struct pages behind it (a BO's mmap) cannot be */
	p = vxe_gem_mmap(self->fd, self->sys, SZ_256K, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-EFAULT, bind_one(self->fd, self->vm, userptr_op(p, VA(3), SZ_64K)));
	munmap(p, SZ_256K);
	free(buf);
}

/* The memory goes while bound: the MMU notifier zaps the mapping */
TEST_F(bind, userptr_munmap_while_bound)
{
	void *p;

	p = mmap(NULL, SZ_256K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x22, SZ_256K);
	ASSERT_EQ(0, bind_one(self->fd, self->vm, userptr_op(p, VA(0), SZ_256K)));
	ASSERT_EQ(0, munmap(p, SZ_64K));
	ASSERT_EQ(0, munmap((char *)p + SZ_64K, SZ_256K - SZ_64K));

	/* The VM is still usable */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(1), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(1), SZ_256K));

	/* New memory, maybe at the same address, binds again */
	p = mmap(p, SZ_256K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, bind_one(self->fd, self->vm, userptr_op(p, VA(0), SZ_256K)));
	/* Partly unmapped by the CPU, then closed with the file */
	ASSERT_EQ(0, munmap((char *)p + SZ_64K, SZ_64K));
	ASSERT_EQ(0, munmap(p, SZ_64K));
}

TEST_F(bind, prefetch)
{
	void *buf = aligned_alloc(SZ_64K, SZ_64K);
	__u32 both, vram_only;
	__u64 base, used;
	void *p;

	/* Nothing mapped, NULL or userptr: nothing to move */
	ASSERT_NE(NULL, buf);
	memset(buf, 0, SZ_64K);
	EXPECT_EQ(0, bind_one(self->fd, self->vm, prefetch_op(VA(0), SZ_1M, 0)));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, null_op(VA(0), SZ_1M)));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, userptr_op(buf, VA(0) + SZ_1M, SZ_64K)));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, prefetch_op(VA(0), SZ_2M, 0)));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_2M));
	free(buf);
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(1), SZ_256K));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, prefetch_op(VA(1), SZ_256K, 0)));

	if (!self->vram_size)
		return;
	/* Xe cannot move a BO where it may not be placed */
	EXPECT_EQ(-EINVAL, bind_one(self->fd, self->vm, prefetch_op(VA(1), SZ_256K, 1)));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_256K, VRAM, 0, WC, 0, &vram_only));
	EXPECT_EQ(0, bind_map(self->fd, self->vm, vram_only, 0, VA(2), SZ_256K));
	EXPECT_EQ(-EINVAL, bind_one(self->fd, self->vm, prefetch_op(VA(2), SZ_256K, 0)));
	EXPECT_EQ(0, bind_one(self->fd, self->vm, prefetch_op(VA(2), SZ_256K, 1)));

	/* A BO that may be in either moves with its contents */
	base = vram_used(self->fd);
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_16M, VRAM | SYSMEM, 0, WC, 0, &both));
	p = vxe_gem_mmap(self->fd, both, SZ_16M, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, SZ_16M, 0x77);
	used = vram_used(self->fd);
	if (used < base + SZ_16M)
		SKIP(return, "VRAM use not reported, or the BO is not in VRAM");
	EXPECT_EQ(0, bind_map(self->fd, self->vm, both, 0, VA(3), SZ_16M));

	EXPECT_EQ(0, bind_one(self->fd, self->vm, prefetch_op(VA(3), SZ_16M, 0)));
	used = vram_used_wait(self->fd, base + SZ_16M / 2, 0);
	EXPECT_LT(used, base + SZ_16M / 2) TH_LOG("prefetch to system memory left it in VRAM");
	EXPECT_EQ(-1, check_pattern(p, SZ_16M, 0x77));

	EXPECT_EQ(0, bind_one(self->fd, self->vm, prefetch_op(VA(3), SZ_16M, 1)));
	used = vram_used_wait(self->fd, base + SZ_16M, 1);
	EXPECT_GE(used, base + SZ_16M) TH_LOG("prefetch to VRAM left it in system memory");
	EXPECT_EQ(-1, check_pattern(p, SZ_16M, 0x77));

	/* Part of the range, and back to the preferred placement (-1: VRAM) */
	EXPECT_EQ(0, bind_one(self->fd, self->vm, prefetch_op(VA(3) + SZ_1M, SZ_64K, 0)));
	used = vram_used_wait(self->fd, base + SZ_16M / 2, 0);
	EXPECT_LT(used, base + SZ_16M / 2);
	EXPECT_EQ(0, bind_one(self->fd, self->vm,
			      prefetch_op(VA(3), SZ_16M, DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC)));
	used = vram_used_wait(self->fd, base + SZ_16M, 1);
	EXPECT_GE(used, base + SZ_16M) TH_LOG("prefetch to the preferred location did not move it");
	EXPECT_EQ(-1, check_pattern(p, SZ_16M, 0x77));
	munmap(p, SZ_16M);
}

TEST_F(bind, vm_destroy_with_mappings)
{
	void *buf = aligned_alloc(SZ_64K, SZ_64K);
	struct drm_xe_vm_bind_op ops[4];
	__u32 vm;
	void *p;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm));
	ops[0] = map_op(self->sys, 0, VA(0), SZ_256K);
	ops[1] = map_op(self->wc, 0, VA(1), SZ_256K);
	ops[2] = null_op(VA(2), SZ_2M);
	ops[3] = userptr_op(buf, VA(3), SZ_64K);
	ASSERT_EQ(0, vxe_vm_bind_array(self->fd, vm, ops, 4, NULL, 0));
	if (self->vram_size)
		ASSERT_EQ(0, bind_map(self->fd, vm, self->vram, 0, VA(4), SZ_256K));
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));

	/* The BOs are fine and may be mapped elsewhere */
	p = vxe_gem_mmap(self->fd, self->sys, SZ_256K, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, p);
	fill(p, SZ_256K, 3);
	EXPECT_EQ(-1, check_pattern(p, SZ_256K, 3));
	munmap(p, SZ_256K);
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0), SZ_256K));
	free(buf);
}

/* A process that exits with everything still live */
static int untidy_child(int vram)
{
	struct drm_xe_vm_bind_op op;
	__u32 vm, lr, bo, vbo = 0, priv, so;
	struct drm_xe_sync s;
	int fd, dmabuf;
	void *p, *u;

	fd = vxe_open("renderD", 0);
	if (fd < 0)
		return 10;
	if (vxe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, &vm) ||
	    vxe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_FAULT_MODE,
			  &lr))
		return 11;
	if (vxe_gem_create(fd, SZ_1M, SYSMEM, 0, WB, 0, &bo) ||
	    vxe_gem_create(fd, SZ_64K, SYSMEM, 0, WB, vm, &priv))
		return 12;
	if (vram && vxe_gem_create(fd, SZ_16M, VRAM | SYSMEM, 0, WC, 0, &vbo))
		return 13;
	p = vxe_gem_mmap(fd, bo, SZ_1M, PROT_READ | PROT_WRITE);
	if (p == MAP_FAILED)
		return 14;
	memset(p, 0x33, SZ_1M);
	u = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (u == MAP_FAILED)
		return 15;
	memset(u, 0x44, SZ_64K);
	if (vxe_syncobj_create(fd, 0, &so))
		return 16;
	s = vxe_sync_syncobj(so, DRM_XE_SYNC_FLAG_SIGNAL);
	op = map_op(bo, 0, VA(0), SZ_1M);
	if (vxe_vm_bind(fd, vm, &op, &s, 1) ||
	    bind_map(fd, lr, bo, 0, VA(0), SZ_1M) ||
	    bind_map(fd, vm, priv, 0, VA(1), SZ_64K) ||
	    bind_one(fd, vm, userptr_op(u, VA(2), SZ_64K)) ||
	    bind_one(fd, lr, userptr_op(u, VA(2), SZ_64K)) ||
	    bind_one(fd, vm, null_op(VA(3), SZ_2M)))
		return 17;
	if (vram && (bind_map(fd, vm, vbo, 0, VA(4), SZ_16M) ||
		     bind_map(fd, lr, vbo, 0, VA(4), SZ_16M)))
		return 18;
	if (prime_export(fd, bo, &dmabuf))
		return 19;
	/* No unbinding, closing or destroying */
	return 0;
}

TEST_F(bind, close_with_live_objects)
{
	__u64 base = self->vram_size ? vram_used(self->fd) : 0;
	int status, round;
	pid_t pid;

	for (round = 0; round < 3; round++) {
		pid = fork();
		ASSERT_GE(pid, 0);
		if (!pid)
			_exit(untidy_child(!!self->vram_size));
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status)) TH_LOG("the child died: status %#x", status);
		EXPECT_EQ(0, WEXITSTATUS(status))
			TH_LOG("child step %d failed", WEXITSTATUS(status));
	}

	/* Everything of the children was freed */
	if (self->vram_size)
		EXPECT_LT(vram_used_wait(self->fd, base + SZ_16M / 2, 0), base + SZ_16M / 2);
	/* and this file carries on */
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->sys, 0, VA(0), SZ_256K));
	EXPECT_EQ(0, bind_unmap(self->fd, self->vm, VA(0), SZ_256K));
}

TEST_HARNESS_MAIN

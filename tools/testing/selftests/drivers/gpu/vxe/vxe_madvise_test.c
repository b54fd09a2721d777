// SPDX-License-Identifier: GPL-2.0-only
/*
 * uAPI tests of vxe memory advice: DRM_IOCTL_XE_MADVISE and
 * DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS.
 *
 * Every field of both gets a negative test with the errno Xe returns. The
 * positive tests read back through the query what madvise set, for VMAs
 * of each kind (BO, userptr, NULL and CPU-address mirror): a mirror is
 * split at the bounds of the advised range, and stays split when the
 * advice is undone. The GPU works on under advice: it stores through a
 * BO mapping with another PAT index, and to mirrored memory that stays in
 * system memory or moves to VRAM as its preferred location says; its
 * atomics work where the atomic policy allows them and fail where it
 * does not. A BO marked purgeable (DONTNEED) may be neither mmap'd nor
 * bound again until it is marked WILLNEED; those tests are skipped while
 * the kernel does not support the purgeable state.
 *
 * Copyright © 2026 The vxe authors
 */

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "vxe_util.h"

#define SZ_4K		0x1000ull
#define SZ_64K		0x10000ull
#define SZ_2M		0x200000ull
#define SYSMEM		0x1u
#define VRAM		0x2u
#define TIMEOUT_NS	10000000000ll

/* Xe2 PAT indices (vxe_pat.c): 2-way coherent with L3 uncached; reserved */
#define PAT_OTHER	7
#define PAT_RESERVED	16
#define PAT_ENTRIES	32

#define VA_END		0x1000000000000ull	/* 48 bits */
/* Distinct GPU addresses in VMs without a mirror; the fixture's BO at VA(0) */
#define VA(n)		(0x100000000ull + (__u64)(n) * 0x10000000ull)
#define BO_VA		VA(0)

#define ATTR_PREF_LOC	DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC
#define ATTR_ATOMIC	DRM_XE_MEM_RANGE_ATTR_ATOMIC
#define ATTR_PAT	DRM_XE_MEM_RANGE_ATTR_PAT
#define ATTR_PURGE	DRM_XE_VMA_ATTR_PURGEABLE_STATE

/* MI_ATOMIC, 4 bytes, increment, address in the next two dwords */
#define MI_ATOMIC_INC	((0x2fu << 23) | (0x05u << 8) | 1)

/* VRAM size, from the memory regions query; 0 without */
static __u64 vram_size(int fd)
{
	__u64 size;

	vxe_region_info(fd, DRM_XE_MEM_REGION_CLASS_VRAM, 0, &size);
	return size;
}

/* Advice of @type, value @val, for [@start, @start + @range) */
static struct drm_xe_madvise madv(__u32 vm, __u64 start, __u64 range, __u32 type, __u32 val)
{
	struct drm_xe_madvise m = { .vm_id = vm, .start = start, .range = range, .type = type };

	switch (type) {
	case ATTR_PREF_LOC:
		m.preferred_mem_loc.devmem_fd = val;
		break;
	case ATTR_ATOMIC:
		m.atomic.val = val;
		break;
	case ATTR_PAT:
		m.pat_index.val = val;
		break;
	default:
		m.purge_state_val.val = val;
	}
	return m;
}

static int madvise_ioctl(int fd, struct drm_xe_madvise *m)
{
	return vxe_ioctl(fd, DRM_IOCTL_XE_MADVISE, m);
}

static int advise(int fd, __u32 vm, __u64 start, __u64 range, __u32 type, __u32 val)
{
	struct drm_xe_madvise m = madv(vm, start, range, type, val);

	return madvise_ioctl(fd, &m);
}

/* Preferred location in region @region of the device of @devmem_fd */
static int advise_devmem(int fd, __u32 vm, __u64 start, __u64 range, int devmem_fd,
			 __u16 region)
{
	struct drm_xe_madvise m = madv(vm, start, range, ATTR_PREF_LOC, devmem_fd);

	m.preferred_mem_loc.region_instance = region;
	return madvise_ioctl(fd, &m);
}

/* Purgeable state @val; whether the BOs' pages were retained in *@retained */
static int advise_purge(int fd, __u32 vm, __u64 start, __u64 range, __u32 val,
			__u32 *retained)
{
	struct drm_xe_madvise m = madv(vm, start, range, ATTR_PURGE, val);

	*retained = 0;
	m.purge_state_val.retained_ptr = (__u64)(uintptr_t)retained;
	return madvise_ioctl(fd, &m);
}

/*
 * The VMAs overlapping [@start, @start + @range): with @attrs, up to *@num
 * of them are filled in; without, they are only counted. Their number in
 * *@num; 0 or -errno.
 */
static int query(int fd, __u32 vm, __u64 start, __u64 range,
		 struct drm_xe_mem_range_attr *attrs, __u32 *num)
{
	struct drm_xe_vm_query_mem_range_attr q = {
		.vm_id = vm,
		.start = start,
		.range = range,
		.num_mem_ranges = attrs ? *num : 0,
		.sizeof_mem_range_attr = attrs ? sizeof(*attrs) : 0,
		.vector_of_mem_attr = (__u64)(uintptr_t)attrs,
	};
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, &q);

	*num = q.num_mem_ranges;
	return ret;
}

/* Of the @num ranges at @attrs, the one that holds @addr, or NULL */
static const struct drm_xe_mem_range_attr *range_at(const struct drm_xe_mem_range_attr *attrs,
						    __u32 num, __u64 addr)
{
	__u32 i;

	for (i = 0; i < num; i++)
		if (attrs[i].start <= addr && addr < attrs[i].end)
			return &attrs[i];
	return NULL;
}

/* VM_BIND MAP of @bo, or of user memory at @ptr, or (neither) of @flags' kind */
static int bind_map(int fd, __u32 vm, __u32 bo, const void *ptr, __u64 addr, __u64 range,
		    __u32 flags)
{
	struct drm_xe_vm_bind_op op = {
		.op = ptr ? DRM_XE_VM_BIND_OP_MAP_USERPTR : DRM_XE_VM_BIND_OP_MAP,
		.flags = flags,
		.obj = bo,
		.userptr = (__u64)(uintptr_t)ptr,
		.addr = addr,
		.range = range,
		.pat_index = VXE_PAT_WB,
	};

	return vxe_vm_bind(fd, vm, &op, NULL, 0);
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

/*
 * On a new render queue of @vm, run "store @value at @dst" from a batch at
 * GPU address @cs_va, which the CPU sees at @cs. 0 once it is done, or -errno.
 */
static int bo_store(int fd, __u32 vm, __u32 *cs, __u64 cs_va, __u64 dst, __u32 value)
{
	struct drm_xe_engine_class_instance eci = { .engine_class = DRM_XE_ENGINE_CLASS_RENDER };
	struct drm_xe_exec_queue_create c = {
		.width = 1,
		.num_placements = 1,
		.vm_id = vm,
		.instances = (__u64)(uintptr_t)&eci,
	};
	struct drm_xe_sync sync = vxe_sync_syncobj(0, DRM_XE_SYNC_FLAG_SIGNAL);
	struct drm_xe_exec e = {
		.num_syncs = 1,
		.syncs = (__u64)(uintptr_t)&sync,
		.address = cs_va,
		.num_batch_buffer = 1,
	};
	/* Without end: the harness's timeout ends a hang */
	struct drm_syncobj_wait w = {
		.handles = (__u64)(uintptr_t)&sync.handle,
		.count_handles = 1,
		.timeout_nsec = INT64_MAX,
	};
	struct drm_xe_exec_queue_destroy d = {};
	int ret;

	cs[0] = VXE_MI_STORE_DWORD_IMM;
	cs[1] = (__u32)dst;
	cs[2] = dst >> 32;
	cs[3] = value;
	cs[4] = VXE_MI_BATCH_BUFFER_END;
	ret = vxe_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, &c);
	if (ret)
		return ret;
	e.exec_queue_id = c.exec_queue_id;
	d.exec_queue_id = c.exec_queue_id;
	ret = vxe_syncobj_create(fd, 0, &sync.handle);
	if (!ret)
		ret = vxe_ioctl(fd, DRM_IOCTL_XE_EXEC, &e);
	if (!ret)
		ret = vxe_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
	vxe_syncobj_destroy(fd, sync.handle);
	vxe_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d);
	return ret;
}

/* Advice @m, which is @base changed by @stmt, fails with @err (or succeeds: 0) */
#define EXPECT_MADV(err, stmt) do {						\
		m = base;							\
		stmt;								\
		EXPECT_EQ(err, madvise_ioctl(self->fd, &m)) TH_LOG("%s", #stmt); \
	} while (0)

/* A VM not in fault mode, and a 64K system-memory BO mapped at BO_VA in it */
FIXTURE(vm) {
	int fd;
	__u32 vm;
	__u32 bo;
	__u32 *map;
	__u64 vram;
};

FIXTURE_SETUP(vm)
{
	self->fd = vxe_open("renderD", 0);
	if (self->fd == -ENODEV)
		SKIP(return, "no vxe device");
	ASSERT_GE(self->fd, 0);
	self->vram = vram_size(self->fd);
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &self->vm));
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM, 0, DRM_XE_GEM_CPU_CACHING_WB, 0,
				    &self->bo));
	self->map = vxe_gem_mmap(self->fd, self->bo, SZ_64K, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, self->map);
	ASSERT_EQ(0, bind_map(self->fd, self->vm, self->bo, NULL, BO_VA, SZ_64K, 0));
}

FIXTURE_TEARDOWN(vm)
{
	munmap(self->map, SZ_64K);
	/* Closing the file releases everything */
	close(self->fd);
}

/* Every field of MADVISE, of each type but the purgeable state */
TEST_F(vm, madvise_invalid_fields)
{
	struct drm_xe_mem_range_attr a;
	struct drm_xe_madvise base, m;
	__u32 dead, n = 1;

	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &dead));
	ASSERT_EQ(0, vxe_vm_destroy(self->fd, dead));

	base = madv(self->vm, BO_VA, SZ_64K, ATTR_ATOMIC, DRM_XE_ATOMIC_UNDEFINED);
	EXPECT_MADV(0, (void)0);
	EXPECT_MADV(-EINVAL, m.vm_id = 0);
	EXPECT_MADV(-EINVAL, m.vm_id = 0xdead);
	EXPECT_MADV(-EINVAL, m.vm_id = dead);
	EXPECT_MADV(-EINVAL, m.extensions = 1);
	EXPECT_MADV(-EINVAL, m.reserved[0] = 1);
	EXPECT_MADV(-EINVAL, m.reserved[1] = 1);
	EXPECT_MADV(-EINVAL, m.start += 0x800);
	EXPECT_MADV(-EINVAL, m.range += 0x800);
	EXPECT_MADV(-EINVAL, m.range = 0x800);
	EXPECT_MADV(-EINVAL, m.range = 0);
	EXPECT_MADV(-EINVAL, m.start = VA_END - SZ_4K; m.range = 2 * SZ_4K);
	EXPECT_MADV(-EINVAL, m.start = VA_END);
	EXPECT_MADV(-EINVAL, m.range = -SZ_4K);
	EXPECT_MADV(-EINVAL, m.type = 4);
	EXPECT_MADV(-EINVAL, m.type = ~0u);
	EXPECT_MADV(-EINVAL, m.atomic.val = DRM_XE_ATOMIC_CPU + 1);
	EXPECT_MADV(-EINVAL, m.atomic.pad = 1);
	EXPECT_MADV(-EINVAL, m.atomic.reserved = 1);

	base = madv(self->vm, BO_VA, SZ_64K, ATTR_PREF_LOC, DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE);
	EXPECT_MADV(0, (void)0);
	EXPECT_MADV(0, m.preferred_mem_loc.devmem_fd = DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM;
		    m.preferred_mem_loc.migration_policy = DRM_XE_MIGRATE_ONLY_SYSTEM_PAGES);
	EXPECT_MADV(-EINVAL, m.preferred_mem_loc.devmem_fd = -2);
	EXPECT_MADV(-EINVAL, m.preferred_mem_loc.devmem_fd = 0x80000000u);
	EXPECT_MADV(-EINVAL, m.preferred_mem_loc.region_instance = 1);
	EXPECT_MADV(-EINVAL, m.preferred_mem_loc.devmem_fd = DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM;
		    m.preferred_mem_loc.region_instance = 1);
	EXPECT_MADV(-EINVAL, m.preferred_mem_loc.migration_policy = 2);
	EXPECT_MADV(-EINVAL, m.preferred_mem_loc.reserved = 1);

	base = madv(self->vm, BO_VA, SZ_64K, ATTR_PAT, VXE_PAT_WB);
	EXPECT_MADV(0, (void)0);
	EXPECT_MADV(-EINVAL, m.pat_index.val = PAT_ENTRIES);
	EXPECT_MADV(-EINVAL, m.pat_index.val = ~0u);
	EXPECT_MADV(-EINVAL, m.pat_index.val = PAT_RESERVED);
	EXPECT_MADV(-EINVAL, m.pat_index.val = PAT_RESERVED + 3);
	EXPECT_MADV(-EINVAL, m.pat_index.pad = 1);
	EXPECT_MADV(-EINVAL, m.pat_index.reserved = 1);

	/* Nothing failed half-way: the BO's VMA is whole, and as bound */
	ASSERT_EQ(0, query(self->fd, self->vm, 0, VA_END, &a, &n));
	ASSERT_EQ(1, n);
	EXPECT_EQ(BO_VA, a.start);
	EXPECT_EQ(BO_VA + SZ_64K, a.end);
	EXPECT_EQ(DRM_XE_ATOMIC_UNDEFINED, a.atomic.val);
	EXPECT_EQ(VXE_PAT_WB, a.pat_index.val);
}

/* Advice for addresses where nothing is bound is taken, and changes nothing */
TEST_F(vm, madvise_without_vmas)
{
	__u32 n;

	EXPECT_EQ(0, advise(self->fd, self->vm, VA(1), SZ_2M, ATTR_PREF_LOC,
			    DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM));
	EXPECT_EQ(0, advise(self->fd, self->vm, VA(1), SZ_2M, ATTR_ATOMIC, DRM_XE_ATOMIC_CPU));
	EXPECT_EQ(0, advise(self->fd, self->vm, VA(1), SZ_2M, ATTR_PAT, PAT_OTHER));
	/* Up to the end of the address space */
	EXPECT_EQ(0, advise(self->fd, self->vm, VA_END - SZ_2M, SZ_2M, ATTR_ATOMIC,
			    DRM_XE_ATOMIC_DEVICE));
	/* Around the BO, and what is beyond it */
	EXPECT_EQ(0, advise(self->fd, self->vm, 0, VA_END, ATTR_PAT, VXE_PAT_WB));

	ASSERT_EQ(0, query(self->fd, self->vm, VA(1), SZ_2M, NULL, &n));
	EXPECT_EQ(0, n);
	ASSERT_EQ(0, query(self->fd, self->vm, 0, VA_END, NULL, &n));
	EXPECT_EQ(1, n);
}

/* Every field of VM_QUERY_MEM_RANGE_ATTRS */
TEST_F(vm, query_invalid_fields)
{
	struct drm_xe_mem_range_attr attrs[2];
	struct drm_xe_vm_query_mem_range_attr q;
	void *hole = unmapped_address();
	__u32 dead;

	ASSERT_NE(NULL, hole);
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &dead));
	ASSERT_EQ(0, vxe_vm_destroy(self->fd, dead));
	/* A second VMA */
	ASSERT_EQ(0, bind_map(self->fd, self->vm, 0, NULL, VA(1), SZ_64K,
			      DRM_XE_VM_BIND_FLAG_NULL));

#define EXPECT_QUERY(err, stmt) do {						\
		q = (struct drm_xe_vm_query_mem_range_attr) {			\
			.vm_id = self->vm, .start = BO_VA, .range = SZ_64K,	\
		};								\
		stmt;								\
		EXPECT_EQ(err, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, \
					 &q)) TH_LOG("%s", #stmt);		\
	} while (0)
#define FILL(n, p) do {								\
		q.num_mem_ranges = (n);						\
		q.sizeof_mem_range_attr = sizeof(attrs[0]);			\
		q.vector_of_mem_attr = (__u64)(uintptr_t)(p);			\
	} while (0)

	EXPECT_QUERY(0, (void)0);
	EXPECT_EQ(1, q.num_mem_ranges);
	EXPECT_EQ(sizeof(attrs[0]), q.sizeof_mem_range_attr);
	EXPECT_QUERY(0, FILL(2, attrs));
	EXPECT_EQ(1, q.num_mem_ranges);
	EXPECT_QUERY(-EINVAL, q.vm_id = 0);
	EXPECT_QUERY(-EINVAL, q.vm_id = 0xdead);
	EXPECT_QUERY(-EINVAL, q.vm_id = dead);
	EXPECT_QUERY(-EINVAL, q.extensions = 1);
	EXPECT_QUERY(-EINVAL, q.reserved[0] = 1);
	EXPECT_QUERY(-EINVAL, q.reserved[1] = 1);
	/* Counting: neither a vector nor its element size */
	EXPECT_QUERY(-EINVAL, q.vector_of_mem_attr = (__u64)(uintptr_t)attrs);
	EXPECT_QUERY(-EINVAL, q.sizeof_mem_range_attr = sizeof(attrs[0]));
	/* Filling in: both, the size exactly this uAPI's */
	EXPECT_QUERY(-EINVAL, FILL(1, NULL));
	EXPECT_QUERY(-EINVAL, FILL(1, attrs); q.sizeof_mem_range_attr -= 8);
	EXPECT_QUERY(-EINVAL, FILL(1, attrs); q.sizeof_mem_range_attr += 8);
	EXPECT_QUERY(-EINVAL, q.range = 0);
	EXPECT_QUERY(-EINVAL, q.start = VA_END - SZ_4K; q.range = 2 * SZ_4K);
	EXPECT_QUERY(-EINVAL, q.range = -SZ_4K);
	EXPECT_QUERY(-EFAULT, FILL(1, hole));
	/* Two VMAs, room for one */
	EXPECT_QUERY(-ENOSPC, FILL(1, attrs); q.range = VA(1) + SZ_64K - BO_VA);
	EXPECT_QUERY(0, FILL(2, attrs); q.range = VA(1) + SZ_64K - BO_VA);
	EXPECT_EQ(2, q.num_mem_ranges);
#undef FILL
#undef EXPECT_QUERY
}

/* The query finds VMAs of every kind, and only those it is asked for */
TEST_F(vm, query_vma_kinds)
{
	static const char * const kind[] = { "BO", "userptr", "NULL", "mirror" };
	struct drm_xe_mem_range_attr attrs[8];
	const struct drm_xe_mem_range_attr *r;
	struct drm_xe_vm_query_mem_range_attr q;
	void *mem = aligned_alloc(SZ_64K, SZ_64K);
	__u32 vm, n, i;

	ASSERT_NE(NULL, mem);
	ASSERT_EQ(0, vxe_vm_create(self->fd, DRM_XE_VM_CREATE_FLAG_LR_MODE |
				   DRM_XE_VM_CREATE_FLAG_FAULT_MODE, &vm));
	ASSERT_EQ(0, bind_map(self->fd, vm, self->bo, NULL, VA(0), SZ_64K, 0));
	ASSERT_EQ(0, bind_map(self->fd, vm, 0, mem, VA(1), SZ_64K, 0));
	ASSERT_EQ(0, bind_map(self->fd, vm, 0, NULL, VA(2), SZ_64K, DRM_XE_VM_BIND_FLAG_NULL));
	ASSERT_EQ(0, bind_map(self->fd, vm, 0, NULL, VA(3), SZ_64K,
			      DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR));

	q = (struct drm_xe_vm_query_mem_range_attr) { .vm_id = vm, .range = VA_END };
	ASSERT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, &q));
	EXPECT_EQ(4, q.num_mem_ranges);
	EXPECT_EQ(sizeof(attrs[0]), q.sizeof_mem_range_attr);

	n = 8;
	ASSERT_EQ(0, query(self->fd, vm, 0, VA_END, attrs, &n));
	ASSERT_EQ(4, n);
	for (i = 0; i < 4; i++) {
		r = range_at(attrs, n, VA(i) + SZ_4K);
		ASSERT_NE(NULL, r) TH_LOG("%s", kind[i]);
		EXPECT_EQ(VA(i), r->start) TH_LOG("%s", kind[i]);
		EXPECT_EQ(VA(i) + SZ_64K, r->end) TH_LOG("%s", kind[i]);
		EXPECT_EQ(DRM_XE_ATOMIC_UNDEFINED, r->atomic.val) TH_LOG("%s", kind[i]);
		EXPECT_EQ(VXE_PAT_WB, r->pat_index.val) TH_LOG("%s", kind[i]);
	}

	/* Overlapping one page of each of two, of one, of none */
	ASSERT_EQ(0, query(self->fd, vm, VA(1) - SZ_4K, VA(2) - VA(1) + 2 * SZ_4K, NULL, &n));
	EXPECT_EQ(2, n);
	ASSERT_EQ(0, query(self->fd, vm, VA(3), SZ_4K, NULL, &n));
	EXPECT_EQ(1, n);
	ASSERT_EQ(0, query(self->fd, vm, VA(0) + SZ_64K, VA(1) - VA(0) - SZ_64K, NULL, &n));
	EXPECT_EQ(0, n);
	n = 3;
	EXPECT_EQ(-ENOSPC, query(self->fd, vm, 0, VA_END, attrs, &n));

	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm));
	free(mem);
}

/* Atomic policies a BO's placements cannot serve are refused */
TEST_F(vm, bo_atomic_placement)
{
	struct drm_xe_mem_range_attr a;
	__u32 vram, both, n = 1;

	/* System memory only: no GLOBAL (which needs VRAM too); CPU is fine */
	EXPECT_EQ(-EINVAL, advise(self->fd, self->vm, BO_VA, SZ_64K, ATTR_ATOMIC,
				  DRM_XE_ATOMIC_GLOBAL));
	EXPECT_EQ(0, advise(self->fd, self->vm, BO_VA, SZ_64K, ATTR_ATOMIC, DRM_XE_ATOMIC_CPU));
	ASSERT_EQ(0, query(self->fd, self->vm, BO_VA, SZ_64K, &a, &n));
	ASSERT_EQ(1, n);
	EXPECT_EQ(DRM_XE_ATOMIC_CPU, a.atomic.val);

	if (!self->vram)
		SKIP(return, "no VRAM");
	/* VRAM only: no CPU atomics */
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, VRAM, 0, DRM_XE_GEM_CPU_CACHING_WC, 0,
				    &vram));
	ASSERT_EQ(0, bind_map(self->fd, self->vm, vram, NULL, VA(1), SZ_64K, 0));
	EXPECT_EQ(-EINVAL, advise(self->fd, self->vm, VA(1), SZ_64K, ATTR_ATOMIC,
				  DRM_XE_ATOMIC_CPU));
	EXPECT_EQ(0, advise(self->fd, self->vm, VA(1), SZ_64K, ATTR_ATOMIC,
			    DRM_XE_ATOMIC_DEVICE));
	/* Both placements: GLOBAL */
	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_64K, SYSMEM | VRAM, 0,
				    DRM_XE_GEM_CPU_CACHING_WC, 0, &both));
	ASSERT_EQ(0, bind_map(self->fd, self->vm, both, NULL, VA(2), SZ_64K, 0));
	EXPECT_EQ(0, advise(self->fd, self->vm, VA(2), SZ_64K, ATTR_ATOMIC,
			    DRM_XE_ATOMIC_GLOBAL));
}

/* A BO's mapping takes another PAT index, and the GPU goes on using it */
TEST_F(vm, bo_pat)
{
	struct drm_xe_mem_range_attr a;
	__u32 batch, *cs, n = 1;

	ASSERT_EQ(0, vxe_gem_create(self->fd, SZ_4K, SYSMEM, 0, DRM_XE_GEM_CPU_CACHING_WB, 0,
				    &batch));
	cs = vxe_gem_mmap(self->fd, batch, SZ_4K, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, cs);
	ASSERT_EQ(0, bind_map(self->fd, self->vm, batch, NULL, VA(1), SZ_4K, 0));
	self->map[64] = 0;
	ASSERT_EQ(0, bo_store(self->fd, self->vm, cs, VA(1), BO_VA + 256, 0x1111));
	EXPECT_EQ(0x1111, self->map[64]);

	EXPECT_EQ(0, advise(self->fd, self->vm, BO_VA, SZ_64K, ATTR_PAT, PAT_OTHER));
	ASSERT_EQ(0, query(self->fd, self->vm, BO_VA, SZ_64K, &a, &n));
	ASSERT_EQ(1, n);
	EXPECT_EQ(BO_VA, a.start);
	EXPECT_EQ(BO_VA + SZ_64K, a.end);
	EXPECT_EQ(PAT_OTHER, a.pat_index.val);

	ASSERT_EQ(0, bo_store(self->fd, self->vm, cs, VA(1), BO_VA + 256, 0x2222));
	EXPECT_EQ(0x2222, self->map[64]);
	munmap(cs, SZ_4K);
}

/* The fields of the purgeable state */
TEST_F(vm, purgeable_invalid_fields)
{
	struct drm_xe_madvise base, m;
	void *hole = unmapped_address();
	__u32 retained;
	void *p;
	int ret;

	ASSERT_NE(NULL, hole);
	ret = advise_purge(self->fd, self->vm, BO_VA, SZ_64K, DRM_XE_VMA_PURGEABLE_STATE_DONTNEED,
			   &retained);
	if (ret == -EOPNOTSUPP)
		SKIP(return, "no purgeable state");
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, advise_purge(self->fd, self->vm, BO_VA, SZ_64K,
				  DRM_XE_VMA_PURGEABLE_STATE_WILLNEED, &retained));

	base = madv(self->vm, BO_VA, SZ_64K, ATTR_PURGE, DRM_XE_VMA_PURGEABLE_STATE_DONTNEED);
	EXPECT_MADV(-EINVAL, m.purge_state_val.val = 2);
	EXPECT_MADV(-EINVAL, m.purge_state_val.val = ~0u);
	EXPECT_MADV(-EINVAL, m.purge_state_val.pad = 1);
	/* User space clears the flag the kernel writes */
	EXPECT_MADV(-EINVAL, retained = 1;
		    m.purge_state_val.retained_ptr = (__u64)(uintptr_t)&retained);
	EXPECT_MADV(-EFAULT, m.purge_state_val.retained_ptr = (__u64)(uintptr_t)hole);
	/* Without a flag to write */
	EXPECT_MADV(0, m.purge_state_val.val = DRM_XE_VMA_PURGEABLE_STATE_WILLNEED);

	/* None of them left the BO purgeable */
	p = vxe_gem_mmap(self->fd, self->bo, SZ_64K, PROT_READ | PROT_WRITE);
	EXPECT_NE(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, SZ_64K);
}

/* A purgeable BO may be neither mapped nor bound until it is needed again */
TEST_F(vm, purgeable_dontneed_willneed)
{
	struct drm_xe_gem_mmap_offset mo = { .handle = self->bo };
	__u32 retained;
	void *p;
	int ret;

	ret = advise_purge(self->fd, self->vm, BO_VA, SZ_64K, DRM_XE_VMA_PURGEABLE_STATE_DONTNEED,
			   &retained);
	if (ret == -EOPNOTSUPP)
		SKIP(return, "no purgeable state");
	ASSERT_EQ(0, ret);
	EXPECT_EQ(1, retained);

	ASSERT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo));
	p = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, mo.offset);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EBUSY, errno);
	if (p != MAP_FAILED)
		munmap(p, SZ_64K);
	EXPECT_EQ(-EBUSY, bind_map(self->fd, self->vm, self->bo, NULL, VA(1), SZ_64K, 0));

	ASSERT_EQ(0, advise_purge(self->fd, self->vm, BO_VA, SZ_64K,
				  DRM_XE_VMA_PURGEABLE_STATE_WILLNEED, &retained));
	EXPECT_EQ(1, retained);
	p = vxe_gem_mmap(self->fd, self->bo, SZ_64K, PROT_READ | PROT_WRITE);
	EXPECT_NE(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, SZ_64K);
	EXPECT_EQ(0, bind_map(self->fd, self->vm, self->bo, NULL, VA(1), SZ_64K, 0));
}

/* A fault-mode VM mirroring the process, with a batch and its fence */
struct gpu {
	struct vxe_svm s;
	__u32 *batch;
	__u64 *fence;
};

FIXTURE(svm) {
	struct gpu g;
};

FIXTURE_SETUP(svm)
{
	int ret = vxe_svm_open(&self->g.s);

	if (ret == -ENODEV)
		SKIP(return, "no vxe device");
	ASSERT_EQ(0, ret);
	self->g.batch = aligned_alloc(SZ_4K, SZ_4K);
	self->g.fence = aligned_alloc(8, sizeof(*self->g.fence));
	ASSERT_NE(NULL, self->g.batch);
	ASSERT_NE(NULL, self->g.fence);
}

FIXTURE_TEARDOWN(svm)
{
	free(self->g.fence);
	free(self->g.batch);
	vxe_svm_close(&self->g.s);
}

/* Have the GPU store @value + i at each @dst[i] of @n */
static int gpu_store(struct gpu *g, __u32 **dst, unsigned int n, __u32 value)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		vxe_svm_emit_store(g->batch, &k, dst[i], value + i);
	g->batch[k++] = VXE_MI_BATCH_BUFFER_END;
	return vxe_svm_run(&g->s, g->batch, g->fence, TIMEOUT_NS);
}

static int gpu_atomic_inc(struct gpu *g, __u32 *dst)
{
	__u64 a = (__u64)(uintptr_t)dst;

	g->batch[0] = MI_ATOMIC_INC;
	g->batch[1] = (__u32)a;
	g->batch[2] = a >> 32;
	g->batch[3] = VXE_MI_BATCH_BUFFER_END;
	return vxe_svm_run(&g->s, g->batch, g->fence, TIMEOUT_NS);
}

/* Preferred location @devmem_fd (a special value) for the pages of [@p, @p + @size) */
static int advise_loc(struct gpu *g, const void *p, size_t size, int devmem_fd)
{
	__u64 start = (uintptr_t)p & ~(SZ_4K - 1);
	__u64 end = ((uintptr_t)p + size + SZ_4K - 1) & ~(SZ_4K - 1);

	return advise(g->s.fd, g->s.vm, start, end - start, ATTR_PREF_LOC, devmem_fd);
}

/*
 * Advice splits the mirror at its bounds; undone, the ranges stay split.
 * The query reports each attribute where it was set.
 */
TEST_F(svm, mirror_split_and_query)
{
	struct drm_xe_mem_range_attr a[8];
	const struct drm_xe_mem_range_attr *r;
	struct drm_xe_madvise m;
	int fd = self->g.s.fd;
	__u32 vm = self->g.s.vm, n, i;
	void *mem = mmap(NULL, 3 * SZ_64K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	__u64 addr = (__u64)(uintptr_t)mem;

	ASSERT_NE(MAP_FAILED, mem);
	/* One mirror over everything */
	n = 8;
	ASSERT_EQ(0, query(fd, vm, addr, 3 * SZ_64K, a, &n));
	ASSERT_EQ(1, n);
	EXPECT_EQ(0, a[0].start);
	EXPECT_EQ(VXE_SVM_END, a[0].end);

	ASSERT_EQ(0, advise(fd, vm, addr + SZ_64K, SZ_64K, ATTR_ATOMIC, DRM_XE_ATOMIC_DEVICE));
	ASSERT_EQ(0, query(fd, vm, addr, 3 * SZ_64K, NULL, &n));
	ASSERT_EQ(3, n);
	ASSERT_EQ(0, query(fd, vm, addr, 3 * SZ_64K, a, &n));
	ASSERT_EQ(3, n);
	EXPECT_LE(a[0].start, addr);
	EXPECT_EQ(addr + SZ_64K, a[0].end);
	EXPECT_EQ(addr + SZ_64K, a[1].start);
	EXPECT_EQ(addr + 2 * SZ_64K, a[1].end);
	EXPECT_EQ(addr + 2 * SZ_64K, a[2].start);
	EXPECT_GE(a[2].end, addr + 3 * SZ_64K);
	EXPECT_EQ(DRM_XE_ATOMIC_UNDEFINED, a[0].atomic.val);
	EXPECT_EQ(DRM_XE_ATOMIC_DEVICE, a[1].atomic.val);
	EXPECT_EQ(DRM_XE_ATOMIC_UNDEFINED, a[2].atomic.val);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(VXE_PAT_WB, a[i].pat_index.val);
	n = 2;
	EXPECT_EQ(-ENOSPC, query(fd, vm, addr, 3 * SZ_64K, a, &n));

	/* Undone: the ranges need not merge again, their values are back */
	ASSERT_EQ(0, advise(fd, vm, addr, 3 * SZ_64K, ATTR_ATOMIC, DRM_XE_ATOMIC_UNDEFINED));
	n = 8;
	ASSERT_EQ(0, query(fd, vm, addr, 3 * SZ_64K, a, &n));
	for (i = 0; i < n; i++)
		EXPECT_EQ(DRM_XE_ATOMIC_UNDEFINED, a[i].atomic.val);

	/* A PAT index for the first 64K, a preferred location for the last */
	ASSERT_EQ(0, advise(fd, vm, addr, SZ_64K, ATTR_PAT, PAT_OTHER));
	m = madv(vm, addr + 2 * SZ_64K, SZ_64K, ATTR_PREF_LOC, DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM);
	m.preferred_mem_loc.migration_policy = DRM_XE_MIGRATE_ONLY_SYSTEM_PAGES;
	ASSERT_EQ(0, madvise_ioctl(fd, &m));
	n = 8;
	ASSERT_EQ(0, query(fd, vm, addr, 3 * SZ_64K, a, &n));
	ASSERT_EQ(3, n);
	for (i = 0; i < 3; i++) {
		r = range_at(a, n, addr + i * SZ_64K);
		ASSERT_NE(NULL, r);
		EXPECT_EQ(addr + i * SZ_64K, r->start);
		EXPECT_EQ(addr + (i + 1) * SZ_64K, r->end);
		EXPECT_EQ(DRM_XE_ATOMIC_UNDEFINED, r->atomic.val);
		EXPECT_EQ(i ? VXE_PAT_WB : PAT_OTHER, r->pat_index.val);
	}
	r = range_at(a, n, addr + 2 * SZ_64K);
	EXPECT_EQ((__u32)DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM, r->preferred_mem_loc.devmem_fd);
	EXPECT_EQ(DRM_XE_MIGRATE_ONLY_SYSTEM_PAGES, r->preferred_mem_loc.migration_policy);
	munmap(mem, 3 * SZ_64K);
}

/* A preferred location in another device's memory, or this one's */
TEST_F(svm, preferred_loc_devmem_fd)
{
	struct drm_xe_mem_range_attr a;
	int fd = self->g.s.fd, null_fd, pipe_fd[2];
	__u32 vm = self->g.s.vm, n = 1;
	void *mem = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	__u64 addr = (__u64)(uintptr_t)mem;

	ASSERT_NE(MAP_FAILED, mem);
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	ASSERT_GE(null_fd, 0);
	ASSERT_EQ(0, pipe(pipe_fd));

	/* Not a vxe device */
	EXPECT_EQ(-ENOENT, advise_devmem(fd, vm, addr, SZ_64K, null_fd, 1));
	EXPECT_EQ(-ENOENT, advise_devmem(fd, vm, addr, SZ_64K, pipe_fd[0], 1));
	/* Not a VRAM region: system memory, and none */
	EXPECT_EQ(-ENOENT, advise_devmem(fd, vm, addr, SZ_64K, fd, 0));
	EXPECT_EQ(-ENOENT, advise_devmem(fd, vm, addr, SZ_64K, fd, 2));
	close(pipe_fd[0]);
	close(pipe_fd[1]);
	close(null_fd);

	/* This device's VRAM */
	if (vram_size(fd)) {
		ASSERT_EQ(0, advise_devmem(fd, vm, addr, SZ_64K, fd, 1));
		ASSERT_EQ(0, query(fd, vm, addr, SZ_64K, &a, &n));
		ASSERT_EQ(1, n);
		EXPECT_EQ(fd, a.preferred_mem_loc.devmem_fd);
	}
	munmap(mem, SZ_64K);
}

/*
 * Mirrored memory preferred in system memory stays there when the GPU
 * writes it; preferred on the device, it moves to VRAM (when there is).
 * The GPU's writes land either way.
 */
TEST_F(svm, preferred_loc_gpu_access)
{
	__u64 vram = vram_size(self->g.s.fd);
	__u32 *sys = aligned_alloc(SZ_2M, SZ_2M), *dev = aligned_alloc(SZ_2M, SZ_2M);
	long long moved, copied;
	__u32 *dst[2];

	ASSERT_NE(NULL, sys);
	ASSERT_NE(NULL, dev);
	madvise(sys, SZ_2M, MADV_HUGEPAGE);
	madvise(dev, SZ_2M, MADV_HUGEPAGE);
	memset(sys, 0, SZ_2M);
	memset(dev, 0, SZ_2M);
	/* So that only the buffer under test may move: the batch and fence don't */
	ASSERT_EQ(0, advise_loc(&self->g, self->g.batch, SZ_4K,
				DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM));
	ASSERT_EQ(0, advise_loc(&self->g, self->g.fence, sizeof(*self->g.fence),
				DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM));

	ASSERT_EQ(0, advise_loc(&self->g, sys, SZ_2M, DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM));
	moved = vxe_svm_stat("svm_2M_migrate_count");
	copied = vxe_svm_stat("svm_device_copy_kb");
	dst[0] = sys + 1;
	dst[1] = sys + SZ_2M / 4 - 1;
	ASSERT_EQ(0, gpu_store(&self->g, dst, 2, 0x10));
	if (vram) {
		EXPECT_EQ(moved, vxe_svm_stat("svm_2M_migrate_count"));
		EXPECT_EQ(copied, vxe_svm_stat("svm_device_copy_kb"));
	}
	EXPECT_EQ(0x10, *dst[0]);
	EXPECT_EQ(0x11, *dst[1]);

	ASSERT_EQ(0, advise_loc(&self->g, dev, SZ_2M, DRM_XE_PREFERRED_LOC_DEFAULT_DEVICE));
	dst[0] = dev + 1;
	dst[1] = dev + SZ_2M / 4 - 1;
	ASSERT_EQ(0, gpu_store(&self->g, dst, 2, 0x20));
	if (vram) {
		EXPECT_LT(moved, vxe_svm_stat("svm_2M_migrate_count"));
		EXPECT_LE(copied + 2048, vxe_svm_stat("svm_device_copy_kb"));
	}
	EXPECT_EQ(0x20, *dst[0]);
	EXPECT_EQ(0x21, *dst[1]);
	free(dev);
	free(sys);
}

/*
 * GPU atomics on mirrored memory work under the DEVICE policy; under the
 * CPU policy they fail the queue, even on memory the GPU had mapped, and
 * leave the memory as it was.
 */
TEST_F(svm, atomic_policy)
{
	__u32 *dev, *cpu, *dst[1];

	if (!vram_size(self->g.s.fd))
		SKIP(return, "no VRAM");
	dev = aligned_alloc(SZ_2M, SZ_2M);
	cpu = aligned_alloc(SZ_2M, SZ_2M);
	ASSERT_NE(NULL, dev);
	ASSERT_NE(NULL, cpu);
	madvise(dev, SZ_2M, MADV_HUGEPAGE);
	madvise(cpu, SZ_2M, MADV_HUGEPAGE);
	memset(dev, 0, SZ_2M);
	memset(cpu, 0, SZ_2M);

	dev[7] = 41;
	cpu[7] = 41;

	ASSERT_EQ(0, advise(self->g.s.fd, self->g.s.vm, (uintptr_t)dev, SZ_2M, ATTR_ATOMIC,
			    DRM_XE_ATOMIC_DEVICE));
	ASSERT_EQ(0, gpu_atomic_inc(&self->g, &dev[7]));
	EXPECT_EQ(42, dev[7]);

	/*
	 * Mapped for the GPU first, under the default policy; the CPU does
	 * not touch it again before the atomic, which must fault anew.
	 */
	dst[0] = &cpu[0];
	ASSERT_EQ(0, gpu_store(&self->g, dst, 1, 0x30));
	ASSERT_EQ(0, advise(self->g.s.fd, self->g.s.vm, (uintptr_t)cpu, SZ_2M, ATTR_ATOMIC,
			    DRM_XE_ATOMIC_CPU));
	EXPECT_NE(0, gpu_atomic_inc(&self->g, &cpu[7]));
	EXPECT_EQ(41, cpu[7]);
	EXPECT_EQ(0x30, cpu[0]);
	free(cpu);
	free(dev);
}

/*
 * A mirror bound with DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET gets the
 * bind's attributes back where the CPU unmaps memory the GPU used; one
 * bound without keeps them. The flag is for mirror binds only.
 */
TEST_F(svm, madvise_autoreset)
{
	const __u32 mirror = DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR;
	const __u32 autoreset = DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET;
	struct drm_xe_mem_range_attr a[8];
	const struct drm_xe_mem_range_attr *r;
	int fd = self->g.s.fd;
	__u32 vm = self->g.s.vm, n, bo;
	unsigned int reset;
	__u32 *mem;
	__u64 addr;

	ASSERT_EQ(0, vxe_gem_create(fd, SZ_64K, SYSMEM, 0, DRM_XE_GEM_CPU_CACHING_WB, 0, &bo));
	EXPECT_EQ(-EINVAL, bind_map(fd, vm, bo, NULL, VXE_SVM_END, SZ_64K, autoreset));
	EXPECT_EQ(-EINVAL, bind_map(fd, vm, 0, NULL, VXE_SVM_END, SZ_64K,
				    autoreset | DRM_XE_VM_BIND_FLAG_NULL));
	vxe_gem_close(fd, bo);

	for (reset = 0; reset < 2; reset++) {
		mem = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
		ASSERT_NE(MAP_FAILED, mem);
		addr = (__u64)(uintptr_t)mem;
		ASSERT_EQ(0, bind_map(fd, vm, 0, NULL, addr, SZ_64K,
				      mirror | (reset ? autoreset : 0)));
		ASSERT_EQ(0, advise(fd, vm, addr, SZ_64K, ATTR_ATOMIC, DRM_XE_ATOMIC_DEVICE));
		ASSERT_EQ(0, advise(fd, vm, addr, SZ_64K, ATTR_PAT, PAT_OTHER));
		/* The GPU uses the memory: it has SVM ranges there */
		ASSERT_EQ(0, gpu_store(&self->g, &mem, 1, 0x600d));
		EXPECT_EQ(0x600d, *mem);
		munmap(mem, SZ_64K);

		/* A madvise where no VMA is collects what the CPU unmapped first */
		ASSERT_EQ(0, advise(fd, vm, VA_END - SZ_4K, SZ_4K, ATTR_ATOMIC,
				    DRM_XE_ATOMIC_DEVICE));
		n = 8;
		ASSERT_EQ(0, query(fd, vm, addr, SZ_64K, a, &n));
		r = range_at(a, n, addr);
		ASSERT_NE(NULL, r);
		EXPECT_EQ(reset ? DRM_XE_ATOMIC_UNDEFINED : DRM_XE_ATOMIC_DEVICE, r->atomic.val)
			TH_LOG("autoreset %u", reset);
		EXPECT_EQ(reset ? VXE_PAT_WB : PAT_OTHER, r->pat_index.val)
			TH_LOG("autoreset %u", reset);
	}
}

TEST_HARNESS_MAIN

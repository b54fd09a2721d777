// SPDX-License-Identifier: GPL-2.0-only
/*
 * uAPI tests of vxe execution: DRM_IOCTL_XE_EXEC_QUEUE_CREATE, _DESTROY,
 * _GET_PROPERTY and _SET_PROPERTY, DRM_IOCTL_XE_EXEC and
 * DRM_IOCTL_XE_WAIT_USER_FENCE.
 *
 * Every field gets a negative test with the errno Xe returns; the
 * positive tests run batches on each engine and check what they wrote:
 * syncobj and user-fence completion, ordering behind in-fences, userptr
 * invalidation and BO eviction between execs, fault-mode VMs that map on
 * the GPU's first access, and the queue bans that a bad address or a job
 * that never ends cause, without disturbing other queues. One test kills
 * a process with work in flight and checks that the device recovers.
 * Another overcommits VRAM with a VM's own BOs in each kind of VM.
 *
 * Copyright © 2026 The vxe authors
 */

#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "vxe_util.h"

#define SZ_4K		0x1000ull
#define SZ_64K		0x10000ull
#define SZ_1M		0x100000ull
#define SZ_2M		0x200000ull

#define SYSMEM		0x1u
#define VRAM		0x2u
#define PAT_WB		2

#define MI_BATCH_BUFFER_END	0x05000000u
#define MI_STORE_DWORD_IMM	0x10000002u	/* gen4+ encoding, one dword */
#define MI_COND_BBE_GT		0x1b200002u	/* end unless *addr > data */
#define MI_BBS_PPGTT		0x18800101u

/* Where things are in the GPU address space */
#define BATCH_VA	0x1a0000ull
#define DATA_VA		0x400000ull
#define UNMAPPED_VA	0x7000000000ull

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int queue_create(int fd, __u32 vm, __u16 class, __u64 ext, __u32 *id)
{
	struct drm_xe_engine_class_instance eci = { .engine_class = class };
	struct drm_xe_exec_queue_create c = {
		.extensions = ext,
		.width = 1,
		.num_placements = 1,
		.vm_id = vm,
		.instances = (__u64)(uintptr_t)&eci,
	};
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, &c);

	*id = c.exec_queue_id;
	return ret;
}

static int queue_destroy(int fd, __u32 id)
{
	struct drm_xe_exec_queue_destroy d = { .exec_queue_id = id };

	return vxe_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d);
}

static int queue_banned(int fd, __u32 id, __u64 *value)
{
	struct drm_xe_exec_queue_get_property p = {
		.exec_queue_id = id,
		.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN,
	};
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p);

	*value = p.value;
	return ret;
}

static int exec(int fd, __u32 q, __u64 addr, struct drm_xe_sync *syncs, __u32 n)
{
	struct drm_xe_exec e = {
		.exec_queue_id = q,
		.num_syncs = n,
		.syncs = (__u64)(uintptr_t)syncs,
		.address = addr,
		.num_batch_buffer = 1,
	};

	return vxe_ioctl(fd, DRM_IOCTL_XE_EXEC, &e);
}

/* Not vxe_ioctl(): -EINTR and -EAGAIN are results here */
static int wait_ufence(int fd, __u64 *addr, __u64 value, __u32 q, __s64 timeout,
		       __u16 flags, __s64 *left)
{
	struct drm_xe_wait_user_fence w = {
		.addr = (__u64)(uintptr_t)addr,
		.op = DRM_XE_UFENCE_WAIT_OP_EQ,
		.flags = flags,
		.value = value,
		.mask = ~0ull,
		.timeout = timeout,
		.exec_queue_id = q,
	};
	int ret = ioctl(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &w) ? -errno : 0;

	if (left)
		*left = w.timeout;
	return ret;
}

static int syncobj_wait(int fd, __u32 handle, __s64 timeout_ns)
{
	struct drm_syncobj_wait w = {
		.handles = (__u64)(uintptr_t)&handle,
		.count_handles = 1,
		.timeout_nsec = timeout_ns < 0 ? INT64_MAX : (__s64)now_ns() + timeout_ns,
	};

	return vxe_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
}

static struct drm_xe_sync syncobj_out(__u32 handle)
{
	return vxe_sync_syncobj(handle, DRM_XE_SYNC_FLAG_SIGNAL);
}

static struct drm_xe_sync syncobj_in(__u32 handle)
{
	return vxe_sync_syncobj(handle, 0);
}

static int bind(int fd, __u32 vm, __u32 bo, const void *userptr, __u64 addr, __u64 size,
		__u32 flags)
{
	struct drm_xe_vm_bind_op op = {
		.obj = bo,
		.pat_index = PAT_WB,
		.range = size,
		.addr = addr,
		.op = bo ? DRM_XE_VM_BIND_OP_MAP : DRM_XE_VM_BIND_OP_MAP_USERPTR,
		.flags = flags,
	};

	if (!bo)
		op.userptr = (__u64)(uintptr_t)userptr;
	return vxe_vm_bind(fd, vm, &op, NULL, 0);
}

/* Write "store @value at @dst; end" at @cs */
static void emit_store(__u32 *cs, __u64 dst, __u32 value)
{
	cs[0] = MI_STORE_DWORD_IMM;
	cs[1] = (__u32)dst;
	cs[2] = dst >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
}

/*
 * A batch at @va that spins until the dword at @end_va is 0: conditional
 * end, then a jump back to itself
 */
static void emit_spin(__u32 *cs, __u64 va, __u64 end_va)
{
	cs[0] = MI_COND_BBE_GT;
	cs[1] = 0;
	cs[2] = (__u32)end_va;
	cs[3] = end_va >> 32;
	cs[4] = MI_BBS_PPGTT;
	cs[5] = (__u32)va;
	cs[6] = va >> 32;
}

/* A system-memory BO, mapped for the CPU */
struct buf {
	__u32 handle;
	void *map;
	__u64 size;
};

static int buf_create(int fd, __u32 vm_private, __u64 size, __u32 placement, struct buf *b)
{
	__u16 caching = placement & VRAM ? DRM_XE_GEM_CPU_CACHING_WC : DRM_XE_GEM_CPU_CACHING_WB;
	int ret;

	b->size = size;
	ret = vxe_gem_create(fd, size, placement, 0, caching, vm_private, &b->handle);
	if (ret)
		return ret;
	b->map = vxe_gem_mmap(fd, b->handle, size, PROT_READ | PROT_WRITE);
	return b->map == MAP_FAILED ? -errno : 0;
}

static void buf_destroy(int fd, struct buf *b)
{
	munmap(b->map, b->size);
	vxe_gem_close(fd, b->handle);
}

static const __u16 classes[] = { DRM_XE_ENGINE_CLASS_RENDER, DRM_XE_ENGINE_CLASS_COPY };

FIXTURE(exec) {
	int fd;
	__u32 vm;
	__u32 syncobj;
	struct buf bo;
};

FIXTURE_SETUP(exec)
{
	self->fd = vxe_open("renderD", 0);
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &self->vm));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &self->syncobj));
	/* Batches at BATCH_VA, data at BATCH_VA + 2K */
	ASSERT_EQ(0, buf_create(self->fd, self->vm, SZ_4K, SYSMEM, &self->bo));
	ASSERT_EQ(0, bind(self->fd, self->vm, self->bo.handle, NULL, BATCH_VA, SZ_4K, 0));
}

FIXTURE_TEARDOWN(exec)
{
	buf_destroy(self->fd, &self->bo);
	vxe_syncobj_destroy(self->fd, self->syncobj);
	vxe_vm_destroy(self->fd, self->vm);
	close(self->fd);
}

#define DATA_OFF	2048

static __u32 *data_cpu(struct buf *b)
{
	return (__u32 *)((char *)b->map + DATA_OFF);
}

/* Every field of EXEC_QUEUE_CREATE and of its extensions */
TEST_F(exec, queue_create_invalid_fields)
{
	struct drm_xe_engine_class_instance eci[10] = {};
	struct drm_xe_ext_set_property prop[17];
	struct drm_xe_exec_queue_create c;
	__u32 dead_vm, id;
	int i;

	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &dead_vm));
	ASSERT_EQ(0, vxe_vm_destroy(self->fd, dead_vm));

#define EXPECT_CREATE(err, stmt) do { \
		memset(eci, 0, sizeof(eci)); \
		c = (struct drm_xe_exec_queue_create) { \
			.width = 1, .num_placements = 1, .vm_id = self->vm, \
			.instances = (__u64)(uintptr_t)eci, \
		}; \
		stmt; \
		EXPECT_EQ(err, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, &c)) \
			TH_LOG("%s", #stmt); \
		if (!err) \
			EXPECT_EQ(0, queue_destroy(self->fd, c.exec_queue_id)); \
	} while (0)

	EXPECT_CREATE(0, (void)0);
	EXPECT_CREATE(0, c.flags = DRM_XE_EXEC_QUEUE_LOW_LATENCY_HINT);
	EXPECT_CREATE(-EINVAL, c.flags = 2);
	EXPECT_CREATE(-EINVAL, c.reserved[0] = 1);
	EXPECT_CREATE(-EINVAL, c.reserved[1] = 1);
	EXPECT_CREATE(-EINVAL, c.width = 0);
	EXPECT_CREATE(-EINVAL, c.num_placements = 0);
	EXPECT_CREATE(-EINVAL, c.num_placements = 10);
	EXPECT_CREATE(-EINVAL, c.width = 3; c.num_placements = 3;
		      eci[1].engine_instance = 1);
	EXPECT_CREATE(-EFAULT, c.instances = 8);
	EXPECT_CREATE(-EINVAL, eci[0].gt_id = 1);
	EXPECT_CREATE(-EINVAL, eci[0].engine_class = DRM_XE_ENGINE_CLASS_VIDEO_DECODE);
	EXPECT_CREATE(-EINVAL, eci[0].engine_class = DRM_XE_ENGINE_CLASS_COMPUTE);
	EXPECT_CREATE(-EINVAL, eci[0].engine_class = 0xffff);
	EXPECT_CREATE(-EINVAL, eci[0].engine_instance = 7);
	/* Placements of one class: two of the render engine are fine */
	EXPECT_CREATE(0, c.num_placements = 2);
	EXPECT_CREATE(-EINVAL, c.num_placements = 2;
		      eci[1].engine_class = DRM_XE_ENGINE_CLASS_COPY);
	/* No class has two instances to run in parallel */
	EXPECT_CREATE(-EINVAL, c.width = 2; eci[1].engine_instance = 1);
	EXPECT_CREATE(-EOPNOTSUPP, c.width = 2);
	EXPECT_CREATE(-ENOENT, c.vm_id = 0);
	EXPECT_CREATE(-ENOENT, c.vm_id = 0xdead);
	EXPECT_CREATE(-ENOENT, c.vm_id = dead_vm);

	/* Bind queues: one placement, instance 0 */
	EXPECT_CREATE(0, eci[0].engine_class = DRM_XE_ENGINE_CLASS_VM_BIND);
	EXPECT_CREATE(-EINVAL, eci[0].engine_class = DRM_XE_ENGINE_CLASS_VM_BIND;
		      eci[0].engine_instance = 1);
	EXPECT_CREATE(-EINVAL, eci[0].engine_class = DRM_XE_ENGINE_CLASS_VM_BIND;
		      c.width = 2);
	EXPECT_CREATE(-EINVAL, eci[0].engine_class = DRM_XE_ENGINE_CLASS_VM_BIND;
		      c.num_placements = 2; eci[1].engine_class = DRM_XE_ENGINE_CLASS_VM_BIND);
	EXPECT_CREATE(-ENOENT, eci[0].engine_class = DRM_XE_ENGINE_CLASS_VM_BIND;
		      c.vm_id = dead_vm);

	/* Extensions */
#define PROP(i, p, v) (prop[i] = (struct drm_xe_ext_set_property) { \
		.base.name = DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY, \
		.property = (p), .value = (v) })
#define EXT(i) (c.extensions = (__u64)(uintptr_t)&prop[i])
	EXPECT_CREATE(-EFAULT, c.extensions = 8);
	EXPECT_CREATE(0, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 0); EXT(0));
	EXPECT_CREATE(0, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 1); EXT(0));
	/* The tests run as root, which may ask for high priority */
	EXPECT_CREATE(0, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 2); EXT(0));
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 3); EXT(0));
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 0); EXT(0);
		      prop[0].base.pad = 1);
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 0); EXT(0);
		      prop[0].base.name = 1);
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 0); EXT(0);
		      prop[0].pad = 1);
	EXPECT_CREATE(-EINVAL, PROP(0, 7, 0); EXT(0));
	EXPECT_CREATE(0, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 1); EXT(0));
	EXPECT_CREATE(0, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 10000000); EXT(0));
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 0); EXT(0));
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 10000001);
		      EXT(0));
	EXPECT_CREATE(0, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PXP_TYPE, DRM_XE_PXP_TYPE_NONE);
		      EXT(0));
	EXPECT_CREATE(-ENODEV, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PXP_TYPE,
				    DRM_XE_PXP_TYPE_HWDRM); EXT(0));
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PXP_TYPE, 2); EXT(0));
	EXPECT_CREATE(-EOPNOTSUPP, PROP(0, DRM_XE_EXEC_QUEUE_SET_HANG_REPLAY_STATE, 8); EXT(0));
	EXPECT_CREATE(-ENODEV, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_GROUP,
				    DRM_XE_MULTI_GROUP_CREATE); EXT(0));
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY, 1);
		      EXT(0));
	EXPECT_CREATE(0, PROP(0, DRM_XE_EXEC_QUEUE_SET_DISABLE_STATE_CACHE_PERF_FIX, 1); EXT(0));
	EXPECT_CREATE(-EOPNOTSUPP, PROP(0, DRM_XE_EXEC_QUEUE_SET_DISABLE_STATE_CACHE_PERF_FIX, 1);
		      EXT(0); eci[0].engine_class = DRM_XE_ENGINE_CLASS_COPY);
	/* Bind queues take the same extensions */
	EXPECT_CREATE(-EINVAL, PROP(0, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 0); EXT(0);
		      eci[0].engine_class = DRM_XE_ENGINE_CLASS_VM_BIND);

	/* A chain: 16 links are fine, 17 are too many; a bad link fails */
	for (i = 0; i < 17; i++) {
		PROP(i, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 100 + i);
		prop[i].base.next_extension = i < 16 ? (__u64)(uintptr_t)&prop[i + 1] : 0;
	}
	prop[15].base.next_extension = 0;
	EXPECT_CREATE(0, EXT(0));
	prop[15].base.next_extension = (__u64)(uintptr_t)&prop[16];
	EXPECT_CREATE(-E2BIG, EXT(0));
	prop[15].base.next_extension = 0;
	prop[14].base.next_extension = 8;
	EXPECT_CREATE(-EFAULT, EXT(0));
#undef EXT
#undef PROP
#undef EXPECT_CREATE

	/* Nothing was left behind: the ids in use are those created */
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &id));
	EXPECT_EQ(0, queue_destroy(self->fd, id));
}

TEST_F(exec, queue_destroy_get_set_fields)
{
	struct drm_xe_exec_queue_destroy d;
	struct drm_xe_exec_queue_get_property g;
	struct drm_xe_exec_queue_set_property s;
	__u32 q;

	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q));

	g = (struct drm_xe_exec_queue_get_property) { .exec_queue_id = q };
	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &g));
	EXPECT_EQ(0, g.value);
	/* As Xe, which leaves @extensions unchecked */
	g.extensions = 1;
	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &g));
	g = (struct drm_xe_exec_queue_get_property) { .exec_queue_id = q, .reserved[0] = 1 };
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &g));
	g = (struct drm_xe_exec_queue_get_property) { .exec_queue_id = q, .reserved[1] = 1 };
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &g));
	g = (struct drm_xe_exec_queue_get_property) { .exec_queue_id = q, .property = 1 };
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &g));
	g = (struct drm_xe_exec_queue_get_property) { .exec_queue_id = q + 1 };
	EXPECT_EQ(-ENOENT, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &g));

	/* No queue is a multi-queue one, whose priority alone may change */
	s = (struct drm_xe_exec_queue_set_property) {
		.exec_queue_id = q,
		.property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY,
		.value = 1,
	};
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, &s));
	s.exec_queue_id = q + 1;
	EXPECT_EQ(-ENOENT, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, &s));
	s.exec_queue_id = q;
	s.property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, &s));
	s.property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY;
	s.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, &s));
	s.reserved[0] = 0;
	s.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, &s));

	d = (struct drm_xe_exec_queue_destroy) { .exec_queue_id = q, .pad = 1 };
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d));
	d = (struct drm_xe_exec_queue_destroy) { .exec_queue_id = q, .reserved[0] = 1 };
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d));
	d = (struct drm_xe_exec_queue_destroy) { .exec_queue_id = q, .reserved[1] = 1 };
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d));
	EXPECT_EQ(-ENOENT, queue_destroy(self->fd, 0));
	EXPECT_EQ(-ENOENT, queue_destroy(self->fd, q + 1));
	EXPECT_EQ(0, queue_destroy(self->fd, q));
	EXPECT_EQ(-ENOENT, queue_destroy(self->fd, q));
}

/* Every field of EXEC */
TEST_F(exec, exec_invalid_fields)
{
	struct drm_xe_sync sync = syncobj_out(self->syncobj);
	struct drm_xe_exec e;
	__u32 q, q2, bq, lr_vm, lr_q;

	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q2));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_VM_BIND, 0, &bq));
	emit_store(self->bo.map, BATCH_VA + DATA_OFF, 1);

#define EXPECT_EXEC(err, stmt) do { \
		e = (struct drm_xe_exec) { \
			.exec_queue_id = q, .address = BATCH_VA, .num_batch_buffer = 1, \
		}; \
		stmt; \
		EXPECT_EQ(err, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC, &e)) TH_LOG("%s", #stmt); \
	} while (0)

	EXPECT_EXEC(0, (void)0);
	EXPECT_EXEC(-EINVAL, e.extensions = 1);
	EXPECT_EXEC(-EINVAL, e.pad[0] = 1);
	EXPECT_EXEC(-EINVAL, e.pad[1] = 1);
	EXPECT_EXEC(-EINVAL, e.pad[2] = 1);
	EXPECT_EXEC(-EINVAL, e.reserved[0] = 1);
	EXPECT_EXEC(-EINVAL, e.reserved[1] = 1);
	EXPECT_EXEC(-EINVAL, e.num_syncs = DRM_XE_MAX_SYNCS + 1);
	EXPECT_EXEC(-ENOENT, e.exec_queue_id = 0);
	EXPECT_EXEC(-ENOENT, e.exec_queue_id = 0xdead);
	EXPECT_EXEC(-EINVAL, e.exec_queue_id = bq);
	EXPECT_EXEC(-EINVAL, e.num_batch_buffer = 2);
	EXPECT_EXEC(-EFAULT, e.num_syncs = 1; e.syncs = 8);
	/* Syncs are checked as VM_BIND's; a few of the cases */
	EXPECT_EXEC(-EINVAL, e.num_syncs = 1; e.syncs = (__u64)(uintptr_t)&sync;
		    sync.flags = 2);
	sync = syncobj_out(self->syncobj);
	EXPECT_EXEC(-ENOENT, e.num_syncs = 1; e.syncs = (__u64)(uintptr_t)&sync;
		    sync.handle = 0xdead);
	sync = vxe_sync_ufence(BATCH_VA + DATA_OFF + 4, 1);
	EXPECT_EXEC(-EINVAL, e.num_syncs = 1; e.syncs = (__u64)(uintptr_t)&sync);
	sync = vxe_sync_ufence(BATCH_VA + DATA_OFF, 1);
	sync.flags = 0;
	EXPECT_EXEC(-EOPNOTSUPP, e.num_syncs = 1; e.syncs = (__u64)(uintptr_t)&sync);
	/* A GPU address: not checked by the CPU, but it bans the queue */
	sync = vxe_sync_ufence(UNMAPPED_VA, 1);
	EXPECT_EXEC(0, e.exec_queue_id = q2; e.num_syncs = 1; e.syncs = (__u64)(uintptr_t)&sync);
	EXPECT_EQ(-EIO, wait_ufence(self->fd, (__u64 *)((char *)self->bo.map + 8), 1, q2, -1, 0,
				    NULL));

	/* No batch: out-syncs signal, in-fences cannot be ordered after */
	sync = syncobj_out(self->syncobj);
	EXPECT_EXEC(0, e.num_batch_buffer = 0; e.num_syncs = 1;
		    e.syncs = (__u64)(uintptr_t)&sync);
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, -1));
	sync = syncobj_in(self->syncobj);
	EXPECT_EXEC(-EOPNOTSUPP, e.num_batch_buffer = 0; e.num_syncs = 1;
		    e.syncs = (__u64)(uintptr_t)&sync);

	/* A long-running VM shares no fence */
	ASSERT_EQ(0, vxe_vm_create(self->fd, DRM_XE_VM_CREATE_FLAG_LR_MODE, &lr_vm));
	ASSERT_EQ(0, queue_create(self->fd, lr_vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &lr_q));
	sync = syncobj_out(self->syncobj);
	EXPECT_EXEC(-EOPNOTSUPP, e.exec_queue_id = lr_q; e.num_syncs = 1;
		    e.syncs = (__u64)(uintptr_t)&sync);
	EXPECT_EXEC(0, e.exec_queue_id = lr_q; e.num_batch_buffer = 0);
#undef EXPECT_EXEC

	EXPECT_EQ(0, queue_destroy(self->fd, lr_q));
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, lr_vm));
	EXPECT_EQ(0, queue_destroy(self->fd, bq));
	EXPECT_EQ(0, queue_destroy(self->fd, q2));
	EXPECT_EQ(0, queue_destroy(self->fd, q));
}

/* Every field of WAIT_USER_FENCE, and each comparison */
TEST_F(exec, wait_user_fence_fields)
{
	struct drm_xe_wait_user_fence w;
	__u64 *fence = (__u64 *)self->bo.map;
	__u64 start;
	__s64 left;
	__u32 q;

	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q));
	*fence = 5;

#define EXPECT_WAIT(err, stmt) do { \
		w = (struct drm_xe_wait_user_fence) { \
			.addr = (__u64)(uintptr_t)fence, .op = DRM_XE_UFENCE_WAIT_OP_EQ, \
			.value = 5, .mask = ~0ull, \
		}; \
		stmt; \
		EXPECT_EQ(err, ioctl(self->fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &w) ? -errno : 0) \
			TH_LOG("%s", #stmt); \
	} while (0)

	EXPECT_WAIT(0, (void)0);
	EXPECT_WAIT(-EINVAL, w.extensions = 1);
	EXPECT_WAIT(-EINVAL, w.pad = 1);
	EXPECT_WAIT(-EINVAL, w.pad2 = 1);
	EXPECT_WAIT(-EINVAL, w.reserved[0] = 1);
	EXPECT_WAIT(-EINVAL, w.reserved[1] = 1);
	EXPECT_WAIT(-EINVAL, w.flags = 2);
	EXPECT_WAIT(-EINVAL, w.flags = 0xffff);
	EXPECT_WAIT(-EINVAL, w.op = DRM_XE_UFENCE_WAIT_OP_LTE + 1);
	EXPECT_WAIT(-EINVAL, w.op = 0xffff);
	EXPECT_WAIT(-EINVAL, w.addr += 4);
	EXPECT_WAIT(-ENOENT, w.exec_queue_id = q + 1);
	EXPECT_WAIT(0, w.exec_queue_id = q);
	EXPECT_WAIT(-EFAULT, w.addr = 8);
	EXPECT_WAIT(-EFAULT, w.addr = 8; w.timeout = 1000000);

	/* Comparisons are unsigned and masked */
	EXPECT_WAIT(-ETIME, w.value = 4);
	EXPECT_WAIT(0, w.op = DRM_XE_UFENCE_WAIT_OP_NEQ; w.value = 4);
	EXPECT_WAIT(-ETIME, w.op = DRM_XE_UFENCE_WAIT_OP_NEQ);
	EXPECT_WAIT(0, w.op = DRM_XE_UFENCE_WAIT_OP_GT; w.value = 4);
	EXPECT_WAIT(-ETIME, w.op = DRM_XE_UFENCE_WAIT_OP_GT);
	EXPECT_WAIT(0, w.op = DRM_XE_UFENCE_WAIT_OP_GTE);
	EXPECT_WAIT(-ETIME, w.op = DRM_XE_UFENCE_WAIT_OP_GTE; w.value = 6);
	EXPECT_WAIT(0, w.op = DRM_XE_UFENCE_WAIT_OP_LT; w.value = 6);
	EXPECT_WAIT(-ETIME, w.op = DRM_XE_UFENCE_WAIT_OP_LT);
	EXPECT_WAIT(0, w.op = DRM_XE_UFENCE_WAIT_OP_LTE);
	EXPECT_WAIT(-ETIME, w.op = DRM_XE_UFENCE_WAIT_OP_LTE; w.value = 4);
	EXPECT_WAIT(0, w.op = DRM_XE_UFENCE_WAIT_OP_LT; w.value = ~0ull);
	EXPECT_WAIT(-ETIME, w.op = DRM_XE_UFENCE_WAIT_OP_GT; w.value = ~0ull);
	EXPECT_WAIT(0, w.value = 0xff05; w.mask = 0xff);
	EXPECT_WAIT(-ETIME, w.value = 0xff05; w.mask = 0xffff);
#undef EXPECT_WAIT

	/* A relative timeout is waited for, and written back reduced */
	start = now_ns();
	EXPECT_EQ(-ETIME, wait_ufence(self->fd, fence, 4, 0, 50000000, 0, &left));
	EXPECT_GE(now_ns() - start, 50000000ull);
	EXPECT_EQ(0, left);
	EXPECT_EQ(0, wait_ufence(self->fd, fence, 5, 0, 50000000, 0, &left));
	EXPECT_GT(left, 0);
	EXPECT_LE(left, 50000000);
	/* An absolute one is left as it is; one in the past expires */
	start = now_ns();
	EXPECT_EQ(-ETIME, wait_ufence(self->fd, fence, 4, 0, start + 50000000,
				      DRM_XE_UFENCE_WAIT_FLAG_ABSTIME, &left));
	EXPECT_GE(now_ns() - start, 50000000ull);
	EXPECT_EQ(start + 50000000, (__u64)left);
	EXPECT_EQ(-ETIME, wait_ufence(self->fd, fence, 4, 0, 1,
				      DRM_XE_UFENCE_WAIT_FLAG_ABSTIME, NULL));
	/* A negative one waits for ever, and comes back as the longest */
	EXPECT_EQ(0, wait_ufence(self->fd, fence, 5, 0, -1, 0, &left));
	EXPECT_GT(left, 1000000000000ll);

	EXPECT_EQ(0, queue_destroy(self->fd, q));
}

/* A batch on each engine stores; the syncobj and the user fence say done */
TEST_F(exec, store_each_engine)
{
	__u64 *fence = (__u64 *)((char *)self->bo.map + 1024);
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct drm_xe_sync syncs[2] = {
			syncobj_out(self->syncobj),
			vxe_sync_ufence(BATCH_VA + 1024, 0x1234 + i),
		};
		__u32 q;

		ASSERT_EQ(0, queue_create(self->fd, self->vm, classes[i], 0, &q));
		*data_cpu(&self->bo) = 0;
		emit_store(self->bo.map, BATCH_VA + DATA_OFF, 0xc0ffee + i);
		ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, syncs, 2));
		EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
		EXPECT_EQ(0, wait_ufence(self->fd, fence, 0x1234 + i, q, 5000000000ll, 0, NULL));
		EXPECT_EQ(0xc0ffee + i, *data_cpu(&self->bo));
		EXPECT_EQ(0, queue_destroy(self->fd, q));
	}
}

/* A queue of @priority on the render engine */
static int queue_create_prio(int fd, __u32 vm, __u64 priority, __u32 *id)
{
	struct drm_xe_ext_set_property prop = {
		.base.name = DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY,
		.property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY,
		.value = priority,
	};

	return queue_create(fd, vm, DRM_XE_ENGINE_CLASS_RENDER, (__u64)(uintptr_t)&prop, id);
}

/*
 * Priorities reach the engine: with a spinner of normal priority on it, a
 * high-priority queue's store completes, a low-priority one's waits for
 * the spinner to end (tests run as root, which may raise priority).
 */
TEST_F(exec, queue_priority)
{
	__u32 *cs = self->bo.map, *end = data_cpu(&self->bo) + 16, spin, lo, hi, lo_done;
	struct drm_xe_sync out;

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &lo_done));
	ASSERT_EQ(0, queue_create_prio(self->fd, self->vm, 1, &spin));
	ASSERT_EQ(0, queue_create_prio(self->fd, self->vm, 0, &lo));
	ASSERT_EQ(0, queue_create_prio(self->fd, self->vm, 2, &hi));

	*end = 1;
	emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
	emit_store(cs + 16, BATCH_VA + DATA_OFF, 1);
	emit_store(cs + 32, BATCH_VA + DATA_OFF + 4, 2);
	ASSERT_EQ(0, exec(self->fd, spin, BATCH_VA, NULL, 0));
	out = syncobj_out(lo_done);
	ASSERT_EQ(0, exec(self->fd, lo, BATCH_VA + 64, &out, 1));
	out = syncobj_out(self->syncobj);
	ASSERT_EQ(0, exec(self->fd, hi, BATCH_VA + 128, &out, 1));

	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 2000000000ll));
	EXPECT_EQ(-ETIME, syncobj_wait(self->fd, lo_done, 100000000ll));

	*end = 0;
	EXPECT_EQ(0, syncobj_wait(self->fd, lo_done, 5000000000ll));

	EXPECT_EQ(0, queue_destroy(self->fd, hi));
	EXPECT_EQ(0, queue_destroy(self->fd, lo));
	EXPECT_EQ(0, queue_destroy(self->fd, spin));
	vxe_syncobj_destroy(self->fd, lo_done);
}

/* Many execs on several queues of two VMs, with a BO shared between them */
TEST_F(exec, many_execs)
{
	struct buf shared;
	__u32 vm2, q[4], *cs;
	unsigned int i, n = 256;

	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm2));
	ASSERT_EQ(0, buf_create(self->fd, 0, SZ_64K, SYSMEM, &shared));
	memset(shared.map, 0, SZ_64K);
	ASSERT_EQ(0, bind(self->fd, self->vm, shared.handle, NULL, DATA_VA, SZ_64K, 0));
	ASSERT_EQ(0, bind(self->fd, vm2, shared.handle, NULL, DATA_VA, SZ_64K, 0));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, queue_create(self->fd, i & 1 ? vm2 : self->vm, classes[i / 2], 0,
					  &q[i]));

	/* Batch i at DATA_VA + 32K + 32 * i stores i + 1 at DATA_VA + 4 * i */
	cs = (__u32 *)((char *)shared.map + SZ_64K / 2);
	for (i = 0; i < n; i++) {
		emit_store(cs + 8 * i, DATA_VA + 4 * i, i + 1);
		ASSERT_EQ(0, exec(self->fd, q[i % 4], DATA_VA + SZ_64K / 2 + 32 * i, NULL, 0));
	}
	for (i = 0; i < 4; i++) {
		struct drm_xe_sync s = syncobj_out(self->syncobj);

		ASSERT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_EXEC, &(struct drm_xe_exec) {
			.exec_queue_id = q[i], .num_syncs = 1, .syncs = (__u64)(uintptr_t)&s,
		}));
		EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 10000000000ll));
	}
	for (i = 0; i < n; i++)
		ASSERT_EQ(i + 1, ((__u32 *)shared.map)[i]) TH_LOG("exec %u", i);

	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, queue_destroy(self->fd, q[i]));
	buf_destroy(self->fd, &shared);
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm2));
}

/* A job waits for its in-fence: here, a job spinning on another queue */
TEST_F(exec, in_fence_orders)
{
	__u32 *cs = self->bo.map, *end = data_cpu(&self->bo) + 16, spin_done, q1, q2;
	struct drm_xe_sync in, out;

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &spin_done));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q1));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q2));

	*end = 1;
	*data_cpu(&self->bo) = 0;
	emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
	emit_store(cs + 16, BATCH_VA + DATA_OFF, 0xc0ffee);

	out = syncobj_out(spin_done);
	ASSERT_EQ(0, exec(self->fd, q1, BATCH_VA, &out, 1));
	in = syncobj_in(spin_done);
	out = syncobj_out(self->syncobj);
	ASSERT_EQ(0, exec(self->fd, q2, BATCH_VA + 64, (struct drm_xe_sync[]){ in, out }, 2));

	/* Neither is done while the spinner spins */
	usleep(200000);
	EXPECT_EQ(-ETIME, syncobj_wait(self->fd, self->syncobj, 0));
	EXPECT_EQ(0, *data_cpu(&self->bo));

	*end = 0;
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(0, syncobj_wait(self->fd, spin_done, 0));
	EXPECT_EQ(0xc0ffee, *data_cpu(&self->bo));

	EXPECT_EQ(0, queue_destroy(self->fd, q2));
	EXPECT_EQ(0, queue_destroy(self->fd, q1));
	vxe_syncobj_destroy(self->fd, spin_done);
}

/*
 * A batch at an address nothing maps bans its queue: waiters on the
 * queue get -EIO, EXEC -ECANCELED, the fault is recorded; another queue
 * of the same VM goes on working.
 */
TEST_F(exec, bad_address_bans_queue)
{
	struct drm_xe_vm_get_property p = {
		.vm_id = self->vm,
		.property = DRM_XE_VM_GET_PROPERTY_FAULTS,
	};
	struct drm_xe_sync out = syncobj_out(self->syncobj);
	__u64 banned, *never = (__u64 *)self->bo.map + 100;
	__u32 q, q2;

	*never = 0;
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q2));
	ASSERT_EQ(0, exec(self->fd, q, UNMAPPED_VA, &out, 1));

	EXPECT_EQ(-EIO, wait_ufence(self->fd, never, 1, q, -1, 0, NULL));
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(0, queue_banned(self->fd, q, &banned));
	EXPECT_EQ(1, banned);
	EXPECT_EQ(-ECANCELED, exec(self->fd, q, BATCH_VA, NULL, 0));

	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_GET_PROPERTY, &p));
	EXPECT_GT(p.size, 0);

	emit_store(self->bo.map, BATCH_VA + DATA_OFF, 0xc0ffee);
	out = syncobj_out(self->syncobj);
	ASSERT_EQ(0, exec(self->fd, q2, BATCH_VA, &out, 1));
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(0xc0ffee, *data_cpu(&self->bo));
	EXPECT_EQ(0, queue_banned(self->fd, q2, &banned));
	EXPECT_EQ(0, banned);

	EXPECT_EQ(0, queue_destroy(self->fd, q2));
	EXPECT_EQ(0, queue_destroy(self->fd, q));
}

/* A job that never ends is stopped after the job timeout; later ones never run */
TEST_F(exec, job_timeout_bans_queue)
{
	__u32 *cs = self->bo.map, *end = data_cpu(&self->bo) + 16, later, q;
	struct drm_xe_sync out = syncobj_out(self->syncobj);
	__u64 banned, start;

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &later));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));
	*end = 1;
	*data_cpu(&self->bo) = 0;
	emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
	emit_store(cs + 16, BATCH_VA + DATA_OFF, 0xc0ffee);

	start = now_ns();
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, &out, 1));
	out = syncobj_out(later);
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA + 64, &out, 1));

	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 30000000000ll));
	EXPECT_GE(now_ns() - start, 4000000000ull);
	EXPECT_EQ(0, syncobj_wait(self->fd, later, 5000000000ll));
	EXPECT_EQ(0, *data_cpu(&self->bo));
	EXPECT_EQ(0, queue_banned(self->fd, q, &banned));
	EXPECT_EQ(1, banned);

	EXPECT_EQ(0, queue_destroy(self->fd, q));
	vxe_syncobj_destroy(self->fd, later);
}

/* Destroying a queue stops its running work and signals its fences */
TEST_F(exec, destroy_with_work_in_flight)
{
	__u32 *cs = self->bo.map, *end = data_cpu(&self->bo) + 16, q;
	struct drm_xe_sync out = syncobj_out(self->syncobj);

	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));
	*end = 1;
	emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, NULL, 0));
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, &out, 1));
	usleep(50000);
	EXPECT_EQ(0, queue_destroy(self->fd, q));
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 1000000000ll));
}

/* A new file gets a batch run */
static void expect_device_works(struct __test_metadata *_metadata)
{
	__u32 vm, q, syncobj;
	struct drm_xe_sync out;
	struct buf bo;
	int fd;

	fd = vxe_open("renderD", 0);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, vxe_vm_create(fd, 0, &vm));
	ASSERT_EQ(0, buf_create(fd, vm, SZ_4K, SYSMEM, &bo));
	ASSERT_EQ(0, bind(fd, vm, bo.handle, NULL, BATCH_VA, SZ_4K, 0));
	ASSERT_EQ(0, queue_create(fd, vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));
	ASSERT_EQ(0, vxe_syncobj_create(fd, 0, &syncobj));
	emit_store(bo.map, BATCH_VA + DATA_OFF, 0xc0ffee);
	out = syncobj_out(syncobj);
	ASSERT_EQ(0, exec(fd, q, BATCH_VA, &out, 1));
	EXPECT_EQ(0, syncobj_wait(fd, syncobj, 5000000000ll));
	EXPECT_EQ(0xc0ffee, *data_cpu(&bo));
	close(fd);
}

/*
 * A process killed with work in flight (a spinner, jobs queued behind
 * it, a job waiting for a fence that never comes) leaves the device
 * working for others.
 */
TEST(killed_with_work_in_flight)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		__u32 vm, q, never, *cs;
		struct drm_xe_sync in;
		struct buf bo;
		int i;

		fd = vxe_open("renderD", 0);
		if (fd < 0 || vxe_vm_create(fd, 0, &vm) ||
		    buf_create(fd, vm, SZ_4K, SYSMEM, &bo) ||
		    bind(fd, vm, bo.handle, NULL, BATCH_VA, SZ_4K, 0) ||
		    queue_create(fd, vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q) ||
		    vxe_syncobj_create(fd, 0, &never))
			_exit(1);
		cs = bo.map;
		cs[512 + 16] = 1;
		emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
		for (i = 0; i < 8; i++)
			if (exec(fd, q, BATCH_VA, NULL, 0))
				_exit(1);
		/* Unsignalled: a submitted fence is needed, so chain on the spinner */
		in = syncobj_out(never);
		if (exec(fd, q, BATCH_VA, &in, 1))
			_exit(1);
		in = syncobj_in(never);
		if (exec(fd, q, BATCH_VA, &in, 1))
			_exit(1);
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(SIGKILL, WTERMSIG(status));

	/* The device still runs work */
	expect_device_works(_metadata);
}

/* A userptr whose CPU pages change between execs is mapped again */
TEST_F(exec, userptr_invalidated_between_execs)
{
	struct drm_xe_sync out = syncobj_out(self->syncobj);
	__u32 *mem, q;
	int i;

	mem = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, bind(self->fd, self->vm, 0, mem, DATA_VA, SZ_64K, 0));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));

	for (i = 0; i < 4; i++) {
		/* The batch lives in the userptr too */
		emit_store(mem + 1024, DATA_VA + 4 * i, 0xc0ffee + i);
		ASSERT_EQ(0, exec(self->fd, q, DATA_VA + 4096, &out, 1));
		ASSERT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
		EXPECT_EQ(0xc0ffee + i, mem[i]);
		/* New pages at the same address */
		ASSERT_EQ(mem, mmap(mem, SZ_64K, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	}
	/* Gone altogether: the exec runs, and its access faults */
	munmap(mem, SZ_64K);
	EXPECT_EQ(0, exec(self->fd, q, DATA_VA + 4096, &out, 1));
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));

	EXPECT_EQ(0, queue_destroy(self->fd, q));
}

/* A BO evicted from VRAM between execs is mapped again where it went */
TEST_F(exec, evicted_bo_rebound)
{
	struct drm_xe_sync out = syncobj_out(self->syncobj);
	struct buf bo, *hogs;
	__u32 q, n, i;
	__u64 vram;

	ASSERT_EQ(0, vxe_region_info(self->fd, DRM_XE_MEM_REGION_CLASS_VRAM, 0, &vram));
	if (!vram)
		SKIP(return, "no VRAM");

	ASSERT_EQ(0, buf_create(self->fd, self->vm, SZ_2M, VRAM | SYSMEM, &bo));
	ASSERT_EQ(0, bind(self->fd, self->vm, bo.handle, NULL, DATA_VA, SZ_2M, 0));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q));
	emit_store((__u32 *)bo.map + 1024, DATA_VA, 1);
	ASSERT_EQ(0, exec(self->fd, q, DATA_VA + 4096, &out, 1));
	ASSERT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));

	/* Fill VRAM with other BOs, so that ours moves to system memory */
	n = vram / (16 * SZ_1M) + 2;
	hogs = calloc(n, sizeof(*hogs));
	ASSERT_NE(NULL, hogs);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(0, buf_create(self->fd, 0, 16 * SZ_1M, VRAM | SYSMEM, &hogs[i]));
		memset(hogs[i].map, i, SZ_4K);
	}

	emit_store((__u32 *)bo.map + 1024, DATA_VA, 2);
	ASSERT_EQ(0, exec(self->fd, q, DATA_VA + 4096, &out, 1));
	ASSERT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(2, *(__u32 *)bo.map);

	for (i = 0; i < n; i++)
		buf_destroy(self->fd, &hogs[i]);
	free(hogs);
	EXPECT_EQ(0, queue_destroy(self->fd, q));
	buf_destroy(self->fd, &bo);
}

/*
 * With CONFIG_DRM_VXE_DEBUG, bit 31 of an operation's flags fails the
 * bind with -ENOSPC after locking, after preparing BOs, after preparing
 * page tables, in turn: each time the VM is left as it was.
 */
TEST_F(exec, bind_error_injection)
{
	struct drm_xe_sync out = syncobj_out(self->syncobj);
	struct drm_xe_vm_bind_op ops[2] = {
		{ .pat_index = PAT_WB, .range = SZ_4K, .addr = BATCH_VA,
		  .op = DRM_XE_VM_BIND_OP_MAP },
		{ .pat_index = PAT_WB, .range = SZ_64K, .addr = DATA_VA,
		  .op = DRM_XE_VM_BIND_OP_MAP, .flags = DRM_XE_VM_BIND_FLAG_NULL | (1u << 31) },
	};
	struct buf other;
	__u32 q;
	int i, ret;

	ASSERT_EQ(0, buf_create(self->fd, self->vm, SZ_4K, SYSMEM, &other));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q));
	ops[0].obj = other.handle;
	emit_store(other.map, BATCH_VA + DATA_OFF, 2);

	for (i = 0; i < 3; i++) {
		ret = vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0);
		if (ret == -EINVAL && !i)
			SKIP(goto out, "no CONFIG_DRM_VXE_DEBUG");
		EXPECT_EQ(-ENOSPC, ret) TH_LOG("attempt %d", i);

		/* The fixture's BO is still what the GPU sees at BATCH_VA */
		*data_cpu(&self->bo) = 0;
		emit_store(self->bo.map, BATCH_VA + DATA_OFF, 1);
		ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, &out, 1));
		EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
		EXPECT_EQ(1, *data_cpu(&self->bo));
	}

	/* Without the flag the same bind goes through */
	ops[1].flags &= ~(1u << 31);
	EXPECT_EQ(0, vxe_vm_bind_array(self->fd, self->vm, ops, 2, NULL, 0));
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, &out, 1));
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(2, *data_cpu(&other));
out:
	EXPECT_EQ(0, queue_destroy(self->fd, q));
	buf_destroy(self->fd, &other);
}

/* Bind queues: named in VM_BIND for their own VM only */
TEST_F(exec, bind_queue)
{
	struct drm_xe_vm_bind_op op = {
		.obj = self->bo.handle, .pat_index = PAT_WB, .range = SZ_4K,
		.addr = DATA_VA, .op = DRM_XE_VM_BIND_OP_MAP,
	};
	struct drm_xe_vm_bind b = { .vm_id = self->vm, .num_binds = 1, .bind = op };
	struct drm_xe_sync in = syncobj_in(self->syncobj);
	__u32 bq, other_vm, other_bq, q;

	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &other_vm));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_VM_BIND, 0, &bq));
	ASSERT_EQ(0, queue_create(self->fd, other_vm, DRM_XE_ENGINE_CLASS_VM_BIND, 0, &other_bq));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q));

	b.exec_queue_id = bq;
	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_BIND, &b));
	b.exec_queue_id = other_bq;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_BIND, &b));
	b.exec_queue_id = q;
	EXPECT_EQ(-EINVAL, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_BIND, &b));
	b.exec_queue_id = 0xdead;
	EXPECT_EQ(-ENOENT, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_BIND, &b));

	/* With a queue, no bind may still carry in-fences */
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, (struct drm_xe_sync[]){
		syncobj_out(self->syncobj) }, 1));
	b = (struct drm_xe_vm_bind) {
		.vm_id = self->vm, .exec_queue_id = bq, .num_syncs = 1,
		.syncs = (__u64)(uintptr_t)&in,
	};
	emit_store(self->bo.map, BATCH_VA + DATA_OFF, 1);
	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_BIND, &b));
	b.exec_queue_id = 0;
	EXPECT_EQ(-EOPNOTSUPP, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_BIND, &b));

	EXPECT_EQ(0, queue_destroy(self->fd, q));
	EXPECT_EQ(0, queue_destroy(self->fd, other_bq));
	EXPECT_EQ(0, queue_destroy(self->fd, bq));
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, other_vm));
}

/*
 * A bind waiting for an in-fence returns at once and takes effect when the
 * fence signals, then signals its syncobj and writes its user fence. Binds
 * on another queue go ahead unless their page-table writes overlap; a
 * deferred bind too big to keep is -ENOBUFS and changes nothing.
 */
TEST_F(exec, deferred_bind)
{
	__u32 *cs = self->bo.map, *end = data_cpu(&self->bo) + 16, *data;
	__u32 spin_done, near, apart, q, bq1, bq2, i;
	struct drm_xe_vm_bind_op ops[130] = {};
	struct drm_xe_sync syncs[3];
	struct buf b2, b3;
	__u64 *ufence;

	ufence = aligned_alloc(8, sizeof(*ufence));
	ASSERT_NE(NULL, ufence);
	*ufence = 0;
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &spin_done));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &near));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &apart));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_VM_BIND, 0, &bq1));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_VM_BIND, 0, &bq2));
	ASSERT_EQ(0, buf_create(self->fd, self->vm, SZ_64K, SYSMEM, &b2));
	ASSERT_EQ(0, buf_create(self->fd, self->vm, SZ_2M, SYSMEM, &b3));
	data = b2.map;
	data[0] = 0;

	*end = 1;
	emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
	syncs[0] = syncobj_out(spin_done);
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, syncs, 1));

	/* Corked by the spinner: DATA_VA needs a new table, so [4M, 6M) */
	ops[0] = (struct drm_xe_vm_bind_op) {
		.obj = b2.handle, .pat_index = PAT_WB, .range = SZ_64K,
		.addr = DATA_VA, .op = DRM_XE_VM_BIND_OP_MAP,
	};
	syncs[0] = syncobj_in(spin_done);
	syncs[1] = syncobj_out(self->syncobj);
	syncs[2] = vxe_sync_ufence((__u64)(uintptr_t)ufence, 0x1234);
	ASSERT_EQ(0, vxe_vm_bind_queue(self->fd, self->vm, bq1, ops, 1, syncs, 3));

	/* In [6M, 8M): goes ahead */
	ops[0].addr = DATA_VA + SZ_2M;
	syncs[0] = syncobj_out(apart);
	ASSERT_EQ(0, vxe_vm_bind_queue(self->fd, self->vm, bq2, ops, 1, syncs, 1));
	EXPECT_EQ(0, syncobj_wait(self->fd, apart, 1000000000ll));

	/* Next to the corked one, in the table it links: waits for it */
	ops[0].addr = DATA_VA + SZ_64K;
	syncs[0] = syncobj_out(near);
	ASSERT_EQ(0, vxe_vm_bind_queue(self->fd, self->vm, bq2, ops, 1, syncs, 1));

	/* Behind the corked bind on its queue, and too big: 130 x 512 writes */
	for (i = 0; i < 130; i++)
		ops[i] = (struct drm_xe_vm_bind_op) {
			.obj = b3.handle, .pat_index = PAT_WB, .range = SZ_2M,
			.addr = 0x40010000ull + i * SZ_2M, .op = DRM_XE_VM_BIND_OP_MAP,
		};
	EXPECT_EQ(-ENOBUFS, vxe_vm_bind_queue(self->fd, self->vm, bq1, ops, 130, NULL, 0));

	usleep(100000);
	EXPECT_EQ(-ETIME, syncobj_wait(self->fd, self->syncobj, 0));
	EXPECT_EQ(-ETIME, syncobj_wait(self->fd, near, 0));
	EXPECT_EQ(0, *ufence);

	*end = 0;
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(0, syncobj_wait(self->fd, near, 5000000000ll));
	EXPECT_EQ(0, wait_ufence(self->fd, ufence, 0x1234, 0, 5000000000ll, 0, NULL));

	/* The mapping is there */
	emit_store(cs + 64, DATA_VA, 0xc0ffee);
	syncs[0] = syncobj_out(self->syncobj);
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA + 256, syncs, 1));
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(0xc0ffee, data[0]);

	/* The refused array left nothing behind: it binds now, right away */
	EXPECT_EQ(0, vxe_vm_bind_queue(self->fd, self->vm, bq1, ops, 130, NULL, 0));

	EXPECT_EQ(0, queue_destroy(self->fd, bq2));
	EXPECT_EQ(0, queue_destroy(self->fd, bq1));
	EXPECT_EQ(0, queue_destroy(self->fd, q));
	buf_destroy(self->fd, &b3);
	buf_destroy(self->fd, &b2);
	vxe_syncobj_destroy(self->fd, apart);
	vxe_syncobj_destroy(self->fd, near);
	vxe_syncobj_destroy(self->fd, spin_done);
	free(ufence);
}

/*
 * A bind queue destroyed with a bind waiting still applies it once the
 * fence signals, and the VM can be destroyed meanwhile.
 */
TEST_F(exec, destroy_bind_queue_with_bind_waiting)
{
	__u32 *cs = self->bo.map, *end = data_cpu(&self->bo) + 16, spin_done, q, bq, vm2;
	struct drm_xe_vm_bind_op op = {
		.obj = self->bo.handle, .pat_index = PAT_WB, .range = SZ_4K,
		.addr = DATA_VA, .op = DRM_XE_VM_BIND_OP_MAP,
	};
	struct drm_xe_sync syncs[2];

	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &spin_done));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_VM_BIND, 0, &bq));
	*end = 1;
	emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
	syncs[0] = syncobj_out(spin_done);
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, syncs, 1));

	syncs[0] = syncobj_in(spin_done);
	syncs[1] = syncobj_out(self->syncobj);
	ASSERT_EQ(0, vxe_vm_bind_queue(self->fd, self->vm, bq, &op, 1, syncs, 2));
	/* An unbind on the VM's own queue, after it in its span */
	op.obj = 0;
	op.op = DRM_XE_VM_BIND_OP_UNMAP;
	ASSERT_EQ(0, vxe_vm_bind(self->fd, self->vm, &op, NULL, 0));
	EXPECT_EQ(0, queue_destroy(self->fd, bq));

	/* A second VM works meanwhile */
	ASSERT_EQ(0, vxe_vm_create(self->fd, 0, &vm2));
	EXPECT_EQ(0, vxe_vm_destroy(self->fd, vm2));

	*end = 0;
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_EQ(0, syncobj_wait(self->fd, spin_done, 5000000000ll));
	EXPECT_EQ(0, queue_destroy(self->fd, q));
	vxe_syncobj_destroy(self->fd, spin_done);
}

/* The value of @key in the file's fdinfo, sizes in KiB; -1 if missing */
static long long fdinfo_value(int fd, const char *key)
{
	char path[64], line[256], *unit;
	long long v = -1;
	size_t n = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, n) || line[n] != ':')
			continue;
		v = strtoll(line + n + 1, &unit, 10);
		if (strstr(unit, "MiB"))
			v *= 1024;
		else if (!strstr(unit, "KiB") && !strncmp(key, "drm-total-", 10) &&
			 strncmp(key, "drm-total-cycles-", 17))
			v /= 1024;
		break;
	}
	fclose(f);
	return v;
}

/* fdinfo counts the file's BOs and the engine time of its queues */
TEST_F(exec, fdinfo)
{
	__u32 *cs = self->bo.map, *end = data_cpu(&self->bo) + 16, q;
	long long cycles, total, cycles2, total2;
	struct drm_xe_sync out = syncobj_out(self->syncobj);
	struct buf big;

	EXPECT_EQ(0, fdinfo_value(self->fd, "drm-cycles-bcs"));
	EXPECT_GT(fdinfo_value(self->fd, "drm-total-cycles-bcs"), 0);
	/* The fixture's 4 KiB BO, bound: in the placement the GPU maps */
	EXPECT_EQ(4, fdinfo_value(self->fd, "drm-total-gtt"));
	EXPECT_EQ(4, fdinfo_value(self->fd, "drm-resident-gtt"));
	ASSERT_EQ(0, buf_create(self->fd, 0, 16 * SZ_1M, SYSMEM, &big));
	memset(big.map, 1, SZ_4K);
	EXPECT_EQ(16 * 1024 + 4, fdinfo_value(self->fd, "drm-total-system") +
		  fdinfo_value(self->fd, "drm-total-gtt"));
	buf_destroy(self->fd, &big);
	EXPECT_EQ(4, fdinfo_value(self->fd, "drm-total-gtt"));

	/* A spinner on the copy engine for 200 ms: close to 100% of it */
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &q));
	*end = 1;
	emit_spin(cs, BATCH_VA, BATCH_VA + DATA_OFF + 64);
	ASSERT_EQ(0, exec(self->fd, q, BATCH_VA, &out, 1));
	usleep(50000);
	cycles = fdinfo_value(self->fd, "drm-cycles-bcs");
	total = fdinfo_value(self->fd, "drm-total-cycles-bcs");
	usleep(200000);
	cycles2 = fdinfo_value(self->fd, "drm-cycles-bcs");
	total2 = fdinfo_value(self->fd, "drm-total-cycles-bcs");
	*end = 0;
	EXPECT_EQ(0, syncobj_wait(self->fd, self->syncobj, 5000000000ll));
	EXPECT_GT(total2, total);
	EXPECT_GT((cycles2 - cycles) * 10, (total2 - total) * 8)
		TH_LOG("busy %lld of %lld ticks", cycles2 - cycles, total2 - total);
	EXPECT_EQ(0, fdinfo_value(self->fd, "drm-cycles-rcs"));

	/* What a destroyed queue ran stays counted */
	cycles = fdinfo_value(self->fd, "drm-cycles-bcs");
	EXPECT_EQ(0, queue_destroy(self->fd, q));
	EXPECT_GE(fdinfo_value(self->fd, "drm-cycles-bcs"), cycles);
}

/*
 * A long-running VM without faults shares no fences: a userptr that its
 * running work uses, invalidated, has the work suspended, remapped and
 * resumed, never faulted. The spinner reads its end flag and the store
 * after it writes through the userptr, before and after new pages.
 */
TEST(lr_userptr_invalidated_under_running_work)
{
	__u32 vm, q, *mem, *cs;
	struct buf bo;
	__u64 banned;
	int fd, i;

	fd = vxe_open("renderD", 0);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, vxe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_LR_MODE, &vm));
	ASSERT_EQ(0, queue_create(fd, vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &q));
	/* Batches and user fences in a BO, the spinner's flag in user memory */
	ASSERT_EQ(0, buf_create(fd, vm, SZ_4K, SYSMEM, &bo));
	ASSERT_EQ(0, bind(fd, vm, bo.handle, NULL, BATCH_VA, SZ_4K, 0));
	mem = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, bind(fd, vm, 0, mem, DATA_VA, SZ_64K, 0));

	cs = bo.map;
	for (i = 0; i < 3; i++) {
		__u64 *fence = (__u64 *)((char *)bo.map + 3072);
		struct drm_xe_sync s = vxe_sync_ufence(BATCH_VA + 3072, i + 1);

		/* Spin while mem[0] > 0, then store i + 10 to mem[1] */
		mem[0] = 1;
		emit_spin(cs, BATCH_VA, DATA_VA);
		emit_store(cs + 16, DATA_VA + 4, i + 10);
		ASSERT_EQ(0, exec(fd, q, BATCH_VA, NULL, 0));
		ASSERT_EQ(0, exec(fd, q, BATCH_VA + 64, &s, 1));
		usleep(50000);

		/* New pages under the running spinner: its flag is 0 there */
		ASSERT_EQ(mem, mmap(mem, SZ_64K, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
		EXPECT_EQ(0, wait_ufence(fd, fence, i + 1, q, 5000000000ll, 0, NULL));
		EXPECT_EQ(i + 10, mem[1]);
		EXPECT_EQ(0, queue_banned(fd, q, &banned));
		EXPECT_EQ(0, banned);
	}
	close(fd);
}

/* Fault-mode VMs map on the GPU's first access */
FIXTURE(fault) {
	int fd;
	__u32 vm;
	__u32 q;
	struct buf bo;
	__u64 *fences;
};

FIXTURE_SETUP(fault)
{
	self->fd = vxe_open("renderD", 0);
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, vxe_vm_create(self->fd, DRM_XE_VM_CREATE_FLAG_LR_MODE |
				   DRM_XE_VM_CREATE_FLAG_FAULT_MODE, &self->vm));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_RENDER, 0, &self->q));
	/* User fences of the execs: user memory, itself mapped on fault */
	self->fences = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->fences);
	ASSERT_EQ(0, bind(self->fd, self->vm, 0, self->fences, 0x10000000, SZ_4K, 0));
	ASSERT_EQ(0, buf_create(self->fd, 0, SZ_64K, SYSMEM, &self->bo));
}

FIXTURE_TEARDOWN(fault)
{
	buf_destroy(self->fd, &self->bo);
	queue_destroy(self->fd, self->q);
	vxe_vm_destroy(self->fd, self->vm);
	munmap(self->fences, SZ_4K);
	close(self->fd);
}

static int fault_exec(struct __test_metadata *_metadata, FIXTURE_DATA(fault) *self,
		      __u64 batch, int i)
{
	struct drm_xe_sync s = vxe_sync_ufence(0x10000000 + 8 * i, 0xdeadbeef);

	self->fences[i] = 0;
	if (exec(self->fd, self->q, batch, &s, 1))
		return -1;
	return wait_ufence(self->fd, &self->fences[i], 0xdeadbeef, self->q, 1000000000ll, 0,
			   NULL);
}

TEST_F(fault, bo_and_userptr_map_on_access)
{
	__u32 *mem;

	/* Deferred: no page tables until the batch is fetched */
	ASSERT_EQ(0, bind(self->fd, self->vm, self->bo.handle, NULL, DATA_VA, SZ_64K, 0));
	emit_store(self->bo.map, DATA_VA + DATA_OFF, 0xc0ffee);
	EXPECT_EQ(0, fault_exec(_metadata, self, DATA_VA, 0));
	EXPECT_EQ(0xc0ffee, *data_cpu(&self->bo));

	/* Immediate, and user memory */
	mem = aligned_alloc(SZ_64K, SZ_64K);
	ASSERT_NE(NULL, mem);
	memset(mem, 0, SZ_64K);
	ASSERT_EQ(0, bind(self->fd, self->vm, 0, mem, 0x20000000, SZ_64K,
			  DRM_XE_VM_BIND_FLAG_IMMEDIATE));
	emit_store(mem, 0x20000000 + 8192, 0xbeef);
	EXPECT_EQ(0, fault_exec(_metadata, self, 0x20000000, 1));
	EXPECT_EQ(0xbeef, mem[2048]);

	/* Invalidated by the CPU, faulted in again */
	ASSERT_EQ(0, madvise(mem, SZ_64K, MADV_DONTNEED));
	memset(mem, 0, SZ_64K);
	emit_store(mem, 0x20000000 + 8192, 0xf00d);
	EXPECT_EQ(0, fault_exec(_metadata, self, 0x20000000, 2));
	EXPECT_EQ(0xf00d, mem[2048]);
	free(mem);
}

TEST_F(fault, invalid_address_fails_queue)
{
	struct drm_xe_vm_get_property p = {
		.vm_id = self->vm,
		.property = DRM_XE_VM_GET_PROPERTY_FAULTS,
	};
	struct xe_vm_fault f[2];
	__u64 banned;

	ASSERT_EQ(0, bind(self->fd, self->vm, self->bo.handle, NULL, DATA_VA, SZ_64K, 0));
	emit_store(self->bo.map, UNMAPPED_VA, 0xc0ffee);
	EXPECT_EQ(-EIO, fault_exec(_metadata, self, DATA_VA, 0));
	EXPECT_EQ(0, queue_banned(self->fd, self->q, &banned));
	EXPECT_EQ(1, banned);

	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_GET_PROPERTY, &p));
	ASSERT_EQ(sizeof(f[0]), p.size);
	p.data = (__u64)(uintptr_t)f;
	EXPECT_EQ(0, vxe_ioctl(self->fd, DRM_IOCTL_XE_VM_GET_PROPERTY, &p));
	EXPECT_EQ(UNMAPPED_VA, f[0].address);
	EXPECT_EQ(FAULT_ACCESS_TYPE_WRITE, f[0].access_type);
	EXPECT_EQ(FAULT_TYPE_NOT_PRESENT, f[0].fault_type);
}

TEST_F(fault, write_to_read_only_fails_queue)
{
	ASSERT_EQ(0, bind(self->fd, self->vm, self->bo.handle, NULL, DATA_VA, SZ_64K,
			  DRM_XE_VM_BIND_FLAG_READONLY));
	emit_store(self->bo.map, DATA_VA + DATA_OFF, 0xc0ffee);
	*data_cpu(&self->bo) = 0;
	/* The batch is read; its store faults */
	EXPECT_EQ(-EIO, fault_exec(_metadata, self, DATA_VA, 0));
	EXPECT_EQ(0, *data_cpu(&self->bo));
}

/*
 * VRAM overcommit of a VM's own BOs, as Xe: a VM gets one more 64 MiB
 * VRAM BO than VRAM holds, and what its kind of VM lets it do is checked.
 */
#define OC_BO_SIZE	(64 * SZ_1M)
#define OC_VA		0x100000000ull
#define OC_FENCE_VA	0x10000000ull

FIXTURE(overcommit) {
	int fd;
	__u32 vm, q, n, lr;
	struct buf batch;
	__u32 *bos;
	__u64 *fence;
	__u32 syncobj;
};

FIXTURE_VARIANT(overcommit) {
	__u32 flags;
};

FIXTURE_VARIANT_ADD(overcommit, dma_fence) { .flags = 0 };
FIXTURE_VARIANT_ADD(overcommit, lr) { .flags = DRM_XE_VM_CREATE_FLAG_LR_MODE };
FIXTURE_VARIANT_ADD(overcommit, fault) {
	.flags = DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_FAULT_MODE,
};
FIXTURE_VARIANT_ADD(overcommit, fault_no_overcommit) {
	.flags = DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_FAULT_MODE |
		 DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT,
};

FIXTURE_SETUP(overcommit)
{
	__u64 vram;
	__u32 i;

	self->fd = vxe_open("renderD", 0);
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, vxe_region_info(self->fd, DRM_XE_MEM_REGION_CLASS_VRAM, 0, &vram));
	if (!vram)
		SKIP(return, "no VRAM");

	self->n = vram / OC_BO_SIZE + 1;
	self->bos = calloc(self->n, sizeof(*self->bos));
	ASSERT_NE(NULL, self->bos);
	self->lr = !!(variant->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE);
	ASSERT_EQ(0, vxe_vm_create(self->fd, variant->flags, &self->vm));
	ASSERT_EQ(0, queue_create(self->fd, self->vm, DRM_XE_ENGINE_CLASS_COPY, 0, &self->q));
	ASSERT_EQ(0, vxe_syncobj_create(self->fd, 0, &self->syncobj));
	/* The batch in system memory, a user fence in user memory */
	ASSERT_EQ(0, buf_create(self->fd, self->vm, SZ_4K, SYSMEM, &self->batch));
	ASSERT_EQ(0, bind(self->fd, self->vm, self->batch.handle, NULL, BATCH_VA, SZ_4K,
			  DRM_XE_VM_BIND_FLAG_IMMEDIATE));
	self->fence = mmap(NULL, SZ_4K, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
	ASSERT_NE(MAP_FAILED, self->fence);
	ASSERT_EQ(0, bind(self->fd, self->vm, 0, self->fence, OC_FENCE_VA, SZ_4K,
			  DRM_XE_VM_BIND_FLAG_IMMEDIATE));
	for (i = 0; i < self->n; i++)
		ASSERT_EQ(0, vxe_gem_create(self->fd, OC_BO_SIZE, VRAM, 0,
					    DRM_XE_GEM_CPU_CACHING_WC, self->vm, &self->bos[i]));
}

FIXTURE_TEARDOWN(overcommit)
{
	__u32 i;

	if (!self->bos)
		return;
	queue_destroy(self->fd, self->q);
	vxe_vm_destroy(self->fd, self->vm);
	for (i = 0; i < self->n; i++)
		if (self->bos[i])
			vxe_gem_close(self->fd, self->bos[i]);
	free(self->bos);
	buf_destroy(self->fd, &self->batch);
	munmap(self->fence, SZ_4K);
	vxe_syncobj_destroy(self->fd, self->syncobj);
	close(self->fd);
}

static int bind_unmap_range(FIXTURE_DATA(overcommit) *self, __u32 i)
{
	struct drm_xe_vm_bind_op op = {
		.op = DRM_XE_VM_BIND_OP_UNMAP,
		.addr = OC_VA + i * OC_BO_SIZE,
		.range = OC_BO_SIZE,
	};

	return vxe_vm_bind(self->fd, self->vm, &op, NULL, 0);
}

static int oc_bind(FIXTURE_DATA(overcommit) *self, __u32 i, __u32 flags)
{
	return bind(self->fd, self->vm, self->bos[i], NULL, OC_VA + i * OC_BO_SIZE, OC_BO_SIZE,
		    flags);
}

/* The GPU stores @value at 1 MiB into BO @i: 0, or the errno of EXEC or of the wait */
static int oc_store(FIXTURE_DATA(overcommit) *self, __u32 i, __u32 value)
{
	struct drm_xe_sync s = self->lr ? vxe_sync_ufence(OC_FENCE_VA, 0xdeadbeef) :
					  syncobj_out(self->syncobj);
	int ret;

	emit_store(self->batch.map, OC_VA + i * OC_BO_SIZE + SZ_1M, value);
	*self->fence = 0;
	ret = exec(self->fd, self->q, BATCH_VA, &s, 1);
	if (ret)
		return ret;
	if (self->lr)
		return wait_ufence(self->fd, self->fence, 0xdeadbeef, self->q, 5000000000ll, 0,
				   NULL);
	return syncobj_wait(self->fd, self->syncobj, 5000000000ll);
}

/* The dword at 1 MiB into BO @i, read through a CPU mapping */
static __u32 oc_read(FIXTURE_DATA(overcommit) *self, __u32 i)
{
	__u32 *map = vxe_gem_mmap(self->fd, self->bos[i], 2 * SZ_1M, PROT_READ);
	__u32 v;

	if (map == MAP_FAILED)
		return 0;
	v = map[SZ_1M / 4];
	munmap(map, 2 * SZ_1M);
	return v;
}

TEST_F(overcommit, vm_own_bos)
{
	__u32 n = self->n, fit, i;
	int ret;

	if (!variant->flags) {
		/* Binds evict the VM's own BOs; EXEC needs them all, and fails */
		for (i = 0; i < n; i++)
			ASSERT_EQ(0, oc_bind(self, i, 0));
		EXPECT_EQ(-ENOMEM, oc_store(self, 0, 1));
		/* With three fewer, the VM fits */
		for (i = 1; i < 4; i++) {
			ASSERT_EQ(0, bind_unmap_range(self, i));
			ASSERT_EQ(0, vxe_gem_close(self->fd, self->bos[i]));
			self->bos[i] = 0;
		}
		EXPECT_EQ(0, oc_store(self, 0, 0xa));
		EXPECT_EQ(0, oc_store(self, n - 1, 0xb));
		EXPECT_EQ(0xa, oc_read(self, 0));
		EXPECT_EQ(0xb, oc_read(self, n - 1));
		return;
	}

	if (variant->flags == DRM_XE_VM_CREATE_FLAG_LR_MODE) {
		/* Its queues run on all its BOs: a bind that needs room fails */
		for (fit = 0; fit < n; fit++) {
			ret = oc_bind(self, fit, 0);
			if (ret)
				break;
		}
		ASSERT_LT(0, fit);
		ASSERT_GT(n, fit);
		EXPECT_EQ(-ENOMEM, ret);
		/* What was bound before is intact and works */
		EXPECT_EQ(0, oc_store(self, 0, 0xc));
		EXPECT_EQ(0, oc_store(self, fit - 1, 0xd));
		EXPECT_EQ(0xc, oc_read(self, 0));
		EXPECT_EQ(0xd, oc_read(self, fit - 1));
		return;
	}

	/* Faulting: IMMEDIATE binds evict, unless NO_VM_OVERCOMMIT */
	for (fit = 0; fit < n; fit++) {
		ret = oc_bind(self, fit, DRM_XE_VM_BIND_FLAG_IMMEDIATE);
		if (ret)
			break;
	}
	if (!(variant->flags & DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT)) {
		EXPECT_EQ(n, fit);
	} else {
		ASSERT_GT(n, fit);
		EXPECT_EQ(-ENOMEM, ret);
		/* Bound without IMMEDIATE, the BO is faulted in, evicting others */
		for (i = fit; i < n; i++)
			ASSERT_EQ(0, oc_bind(self, i, 0));
	}
	/* Either way every BO is written on a fault, and keeps what it has */
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, oc_store(self, i, 0x100 + i));
	for (i = 0; i < n; i++)
		EXPECT_EQ(0x100 + i, oc_read(self, i));
}

TEST_HARNESS_MAIN

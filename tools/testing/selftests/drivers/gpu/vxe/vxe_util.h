/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the vxe selftests, benchmarks and demo: find and open
 * a vxe device, run DRM_IOCTL_XE_DEVICE_QUERY with the two-call protocol,
 * thin wrappers of the BO, VM and syncobj ioctls, and an SVM context: a
 * VM in fault mode mirroring the process, with a render queue whose
 * batches and user fences live in ordinary process memory.
 *
 * Copyright © 2026 The vxe authors
 */

#ifndef __VXE_UTIL_H__
#define __VXE_UTIL_H__

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/xe_drm.h>

/* Like libdrm's drmIoctl(): restart on EINTR/EAGAIN, -errno on failure */
static inline int vxe_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));

	return ret ? -errno : 0;
}

/* Whether @fd is a DRM device whose driver is "vxe" */
static inline int vxe_is_vxe(int fd)
{
	char name[8] = "";
	struct drm_version v = { .name_len = sizeof(name) - 1, .name = name };

	if (vxe_ioctl(fd, DRM_IOCTL_VERSION, &v))
		return 0;
	return v.name_len == 3 && !memcmp(name, "vxe", 3);
}

/*
 * Open the @index-th vxe device's node of the given kind ("card" for the
 * primary node, "renderD" for the render node). Returns the fd or -errno.
 */
static inline int vxe_open(const char *kind, int index)
{
	int first = strcmp(kind, "renderD") ? 0 : 128;
	char path[64];
	int i, fd;

	for (i = first; i < first + 64; i++) {
		snprintf(path, sizeof(path), "/dev/dri/%s%d", kind, i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (vxe_is_vxe(fd) && index-- == 0)
			return fd;
		close(fd);
	}

	return -ENODEV;
}

/*
 * Run one device query with the two-call protocol. On success returns a
 * malloc'd reply (caller frees) and its size in *size; NULL with errno set
 * on failure.
 */
static inline void *vxe_query(int fd, __u32 query, __u32 *size)
{
	struct drm_xe_device_query q = { .query = query };
	void *data;
	int ret;

	ret = vxe_ioctl(fd, DRM_IOCTL_XE_DEVICE_QUERY, &q);
	if (ret || !q.size) {
		errno = ret ? -ret : ENODATA;
		return NULL;
	}

	data = calloc(1, q.size);
	if (!data)
		return NULL;

	q.data = (__u64)(uintptr_t)data;
	ret = vxe_ioctl(fd, DRM_IOCTL_XE_DEVICE_QUERY, &q);
	if (ret) {
		free(data);
		errno = -ret;
		return NULL;
	}

	*size = q.size;
	return data;
}

/*
 * Size (or, with @used, use) in bytes of the first memory region of class
 * @mem_class in *@out, 0 if the device has none. 0, or -errno when the
 * query fails.
 */
static inline int vxe_region_info(int fd, __u16 mem_class, int used, __u64 *out)
{
	struct drm_xe_query_mem_regions *m;
	__u32 size, i;

	*out = 0;
	m = vxe_query(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, &size);
	if (!m)
		return -errno;
	for (i = 0; i < m->num_mem_regions; i++) {
		if (m->mem_regions[i].mem_class != mem_class)
			continue;
		*out = used ? m->mem_regions[i].used : m->mem_regions[i].total_size;
		break;
	}
	free(m);
	return 0;
}

/* The device's DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT, 0 if the query fails */
static inline __u64 vxe_min_alignment(int fd)
{
	struct drm_xe_query_config *c;
	__u64 align;
	__u32 size;

	c = vxe_query(fd, DRM_XE_DEVICE_QUERY_CONFIG, &size);
	if (!c)
		return 0;
	align = c->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT];
	free(c);
	return align;
}

/* DRM_IOCTL_XE_GEM_CREATE: 0 and the new handle in *handle, or -errno */
static inline int vxe_gem_create(int fd, __u64 size, __u32 placement, __u32 flags,
				 __u16 cpu_caching, __u32 vm_id, __u32 *handle)
{
	struct drm_xe_gem_create c = {
		.size = size,
		.placement = placement,
		.flags = flags,
		.vm_id = vm_id,
		.cpu_caching = cpu_caching,
	};
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_GEM_CREATE, &c);

	*handle = c.handle;
	return ret;
}

static inline int vxe_gem_close(int fd, __u32 handle)
{
	struct drm_gem_close c = { .handle = handle };

	return vxe_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

/*
 * Map @size bytes of a BO, shared, with GEM_MMAP_OFFSET and mmap().
 * Returns MAP_FAILED with errno set on failure.
 */
static inline void *vxe_gem_mmap(int fd, __u32 handle, size_t size, int prot)
{
	struct drm_xe_gem_mmap_offset mo = { .handle = handle };
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mo);

	if (ret) {
		errno = -ret;
		return MAP_FAILED;
	}
	return mmap(NULL, size, prot, MAP_SHARED, fd, mo.offset);
}

/* DRM_IOCTL_XE_VM_CREATE: 0 and the new id in *vm_id, or -errno */
static inline int vxe_vm_create(int fd, __u32 flags, __u32 *vm_id)
{
	struct drm_xe_vm_create c = { .flags = flags };
	int ret = vxe_ioctl(fd, DRM_IOCTL_XE_VM_CREATE, &c);

	*vm_id = c.vm_id;
	return ret;
}

static inline int vxe_vm_destroy(int fd, __u32 vm_id)
{
	struct drm_xe_vm_destroy d = { .vm_id = vm_id };

	return vxe_ioctl(fd, DRM_IOCTL_XE_VM_DESTROY, &d);
}

/*
 * DRM_IOCTL_XE_VM_BIND of @num_ops operations (inline when there is one)
 * on bind queue @queue (0: the VM's own), with @num_syncs syncs. 0 or -errno.
 */
static inline int vxe_vm_bind_queue(int fd, __u32 vm_id, __u32 queue,
				    const struct drm_xe_vm_bind_op *ops, __u32 num_ops,
				    struct drm_xe_sync *syncs, __u32 num_syncs)
{
	struct drm_xe_vm_bind b = {
		.vm_id = vm_id,
		.exec_queue_id = queue,
		.num_binds = num_ops,
		.num_syncs = num_syncs,
		.syncs = (__u64)(uintptr_t)syncs,
	};

	if (num_ops == 1)
		b.bind = ops[0];
	else
		b.vector_of_binds = (__u64)(uintptr_t)ops;
	return vxe_ioctl(fd, DRM_IOCTL_XE_VM_BIND, &b);
}

/* vxe_vm_bind_queue() on the VM's own bind queue */
static inline int vxe_vm_bind_array(int fd, __u32 vm_id, const struct drm_xe_vm_bind_op *ops,
				    __u32 num_ops, struct drm_xe_sync *syncs, __u32 num_syncs)
{
	return vxe_vm_bind_queue(fd, vm_id, 0, ops, num_ops, syncs, num_syncs);
}

static inline int vxe_vm_bind(int fd, __u32 vm_id, const struct drm_xe_vm_bind_op *op,
			      struct drm_xe_sync *syncs, __u32 num_syncs)
{
	return vxe_vm_bind_array(fd, vm_id, op, 1, syncs, num_syncs);
}

/* DRM_IOCTL_SYNCOBJ_CREATE: 0 and the handle in *handle, or -errno */
static inline int vxe_syncobj_create(int fd, __u32 flags, __u32 *handle)
{
	struct drm_syncobj_create c = { .flags = flags };
	int ret = vxe_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c);

	*handle = c.handle;
	return ret;
}

static inline int vxe_syncobj_destroy(int fd, __u32 handle)
{
	struct drm_syncobj_destroy d = { .handle = handle };

	return vxe_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

/* A syncobj to wait for, or with DRM_XE_SYNC_FLAG_SIGNAL to signal */
static inline struct drm_xe_sync vxe_sync_syncobj(__u32 handle, __u32 flags)
{
	return (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = flags,
		.handle = handle,
	};
}

/*
 * A user fence: @value written at @addr when done (a CPU address for
 * VM_BIND, a GPU address for EXEC)
 */
static inline struct drm_xe_sync vxe_sync_ufence(__u64 addr, __u64 value)
{
	return (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_USER_FENCE,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.addr = addr,
		.timeline_value = value,
	};
}

/* Commands the SVM helpers emit */
#define VXE_MI_STORE_DWORD_IMM	0x10000002u
#define VXE_MI_BATCH_BUFFER_END	0x05000000u
/* PAT index of write-back, coherent memory */
#define VXE_PAT_WB		2
/* The CPU's user address space, which the mirror covers */
#define VXE_SVM_END		(1ull << 47)

/* A fault-mode VM mirroring the whole process, and a render queue in it */
struct vxe_svm {
	int fd;
	__u32 vm;
	__u32 queue;
};

/* VM_BIND of a CPU-address mirror over [@addr, @addr + @range): 0 or -errno */
static inline int vxe_svm_bind_mirror(int fd, __u32 vm, __u64 addr, __u64 range)
{
	struct drm_xe_vm_bind_op op = {
		.op = DRM_XE_VM_BIND_OP_MAP,
		.flags = DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR,
		.addr = addr,
		.range = range,
		.pat_index = VXE_PAT_WB,
	};

	return vxe_vm_bind(fd, vm, &op, NULL, 0);
}

/* Open the device, make the VM, mirror everything, make the queue */
static inline int vxe_svm_open(struct vxe_svm *s)
{
	struct drm_xe_engine_class_instance eci = {
		.engine_class = DRM_XE_ENGINE_CLASS_RENDER,
	};
	struct drm_xe_exec_queue_create q = {
		.width = 1,
		.num_placements = 1,
		.instances = (__u64)(uintptr_t)&eci,
	};
	int ret;

	s->fd = vxe_open("renderD", 0);
	if (s->fd < 0)
		return s->fd;
	ret = vxe_vm_create(s->fd, DRM_XE_VM_CREATE_FLAG_LR_MODE |
			    DRM_XE_VM_CREATE_FLAG_FAULT_MODE, &s->vm);
	if (!ret)
		ret = vxe_svm_bind_mirror(s->fd, s->vm, 0, VXE_SVM_END);
	if (!ret) {
		q.vm_id = s->vm;
		ret = vxe_ioctl(s->fd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, &q);
		s->queue = q.exec_queue_id;
	}
	if (ret)
		close(s->fd);
	return ret;
}

static inline void vxe_svm_close(struct vxe_svm *s)
{
	struct drm_xe_exec_queue_destroy d = { .exec_queue_id = s->queue };

	vxe_ioctl(s->fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d);
	vxe_vm_destroy(s->fd, s->vm);
	close(s->fd);
}

/*
 * Run @batch (process memory; its address is its GPU address) and wait up
 * to @timeout_ns for the user fence it leaves at @fence, also process
 * memory. 0, or -errno (-ETIME, or -EIO when the queue was banned).
 */
static inline int vxe_svm_run(struct vxe_svm *s, const void *batch, volatile __u64 *fence,
			      __s64 timeout_ns)
{
	struct drm_xe_sync sync = vxe_sync_ufence((__u64)(uintptr_t)fence, 0xc0ffee);
	struct drm_xe_exec e = {
		.exec_queue_id = s->queue,
		.num_syncs = 1,
		.syncs = (__u64)(uintptr_t)&sync,
		.address = (__u64)(uintptr_t)batch,
		.num_batch_buffer = 1,
	};
	struct drm_xe_wait_user_fence w = {
		.addr = (__u64)(uintptr_t)fence,
		.op = DRM_XE_UFENCE_WAIT_OP_EQ,
		.value = 0xc0ffee,
		.mask = ~0ull,
		.timeout = timeout_ns,
		.exec_queue_id = s->queue,
	};
	int ret;

	*fence = 0;
	ret = vxe_ioctl(s->fd, DRM_IOCTL_XE_EXEC, &e);
	if (ret)
		return ret;
	return ioctl(s->fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &w) ? -errno : 0;
}

/* Append "store @value at @dst" to @cs at *@n */
static inline void vxe_svm_emit_store(__u32 *cs, unsigned int *n, volatile void *dst,
				      __u32 value)
{
	__u64 a = (__u64)(uintptr_t)dst;

	cs[(*n)++] = VXE_MI_STORE_DWORD_IMM;
	cs[(*n)++] = (__u32)a;
	cs[(*n)++] = a >> 32;
	cs[(*n)++] = value;
}

/* The value of SVM counter @name in debugfs gt0/stats, or -1 */
static inline long long vxe_svm_stat(const char *name)
{
	char path[80], line[128];
	long long v = -1;
	size_t len = strlen(name);
	FILE *f = NULL;
	int i;

	for (i = 0; i < 64 && !f; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/gt0/stats", i);
		f = fopen(path, "r");
	}
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':')
			v = strtoll(line + len + 1, NULL, 10);
	fclose(f);
	return v;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the vxe selftests, benchmarks and demo: find and open
 * a vxe device, and run DRM_IOCTL_XE_DEVICE_QUERY with the two-call
 * protocol.
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

#endif

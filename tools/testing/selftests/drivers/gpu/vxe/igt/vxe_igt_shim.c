// SPDX-License-Identifier: GPL-2.0-only
/*
 * LD_PRELOAD shim that lets IGT's xe tests open a vxe device unmodified.
 *
 * IGT picks its Xe device by DRM driver name: DRM_IOCTL_VERSION must say
 * "xe". vxe keeps its own name, so this shim answers "xe" to
 * DRM_IOCTL_VERSION on file descriptors whose driver really is "vxe", and
 * passes every other ioctl, and VERSION on every other device, through
 * untouched.
 *
 * Copyright © 2026 The vxe authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>

#include <drm/drm.h>

static const char vxe_name[] = "vxe";
static const char xe_name[] = "xe";

typedef int (*ioctl_fn)(int fd, unsigned long request, ...);

static ioctl_fn real_ioctl(void)
{
	static ioctl_fn fn;

	if (!fn)
		fn = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	return fn;
}

/* Whether @fd is a DRM device whose driver calls itself "vxe" */
static int is_vxe(int fd)
{
	char name[sizeof(vxe_name) + 1] = "";
	struct drm_version v = {
		.name_len = sizeof(name) - 1,
		.name = name,
	};

	if (real_ioctl()(fd, DRM_IOCTL_VERSION, &v))
		return 0;
	return v.name_len == strlen(vxe_name) && !memcmp(name, vxe_name, v.name_len);
}

int ioctl(int fd, unsigned long request, ...)
{
	struct drm_version *v;
	__kernel_size_t len;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);

	if (request != DRM_IOCTL_VERSION || !is_vxe(fd))
		return real_ioctl()(fd, request, arg);

	v = arg;
	len = v->name_len;
	ret = real_ioctl()(fd, request, arg);
	if (ret)
		return ret;

	/*
	 * The kernel copied min(len, 3) bytes of "vxe" and set name_len to 3;
	 * write "xe" (with its NUL where it fits) and its length instead.
	 */
	if (v->name && len)
		memcpy(v->name, xe_name, len < sizeof(xe_name) ? len : sizeof(xe_name));
	v->name_len = strlen(xe_name);
	return 0;
}

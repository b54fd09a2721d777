/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_DRM_CLIENT_H_
#define _VXE_DRM_CLIENT_H_

struct drm_file;
struct drm_printer;
struct vxe_exec_queue;
struct vxe_file;

void vxe_drm_client_queue_gone(struct vxe_file *vf, struct vxe_exec_queue *q);
void vxe_drm_client_fdinfo(struct drm_printer *p, struct drm_file *file);

#endif

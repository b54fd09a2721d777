/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_EXEC_QUEUE_H_
#define _VXE_EXEC_QUEUE_H_

#include "vxe_exec_queue_types.h"

struct drm_device;
struct drm_file;
struct vxe_file;
struct vxe_vm;

struct vxe_exec_queue *vxe_exec_queue_lookup(struct drm_file *file, u32 id);
struct vxe_exec_queue *vxe_exec_queue_get(struct vxe_exec_queue *q);
void vxe_exec_queue_put(struct vxe_exec_queue *q);
bool vxe_exec_queue_reset_status(struct vxe_exec_queue *q);
void vxe_exec_queue_suspend(struct vxe_exec_queue *q);
void vxe_exec_queue_resume(struct vxe_exec_queue *q);
void vxe_exec_queues_close(struct vxe_file *vf);
struct vxe_exec_queue *vxe_exec_queue_create_bind(struct vxe_vm *vm);
void vxe_exec_queue_destroy(struct vxe_exec_queue *q);

int vxe_exec_queue_create_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int vxe_exec_queue_destroy_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int vxe_exec_queue_get_property_ioctl(struct drm_device *drm, void *data,
				      struct drm_file *file);
int vxe_exec_queue_set_property_ioctl(struct drm_device *drm, void *data,
				      struct drm_file *file);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_DEVICE_H_
#define _VXE_DEVICE_H_

#include "vxe_device_types.h"

struct drm_xe_engine_class_instance;
struct file;

int vxe_device_probe_info(struct vxe_device *vxe);
int vxe_device_init_hw(struct vxe_device *vxe);
void vxe_device_fini_hw(struct vxe_device *vxe);
bool vxe_device_has_vram(const struct vxe_device *vxe);
u32 vxe_device_min_alignment(const struct vxe_device *vxe);
u16 vxe_device_engine_user_class(u8 class);
int vxe_device_engine_lookup(const struct vxe_device *vxe,
			     const struct drm_xe_engine_class_instance *eci);
struct vxe_device *vxe_device_from_file(struct file *file);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_FAULT_H_
#define _VXE_FAULT_H_

struct vxe_device;

int vxe_fault_init(struct vxe_device *vxe);
void vxe_fault_fini(struct vxe_device *vxe);
void vxe_fault_sync(struct vxe_device *vxe);

#endif

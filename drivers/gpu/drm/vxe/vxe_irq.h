/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_IRQ_H_
#define _VXE_IRQ_H_

struct vxe_device;

void vxe_irq_enable(struct vxe_device *vxe);
void vxe_irq_disable(struct vxe_device *vxe);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_TLB_INVAL_H_
#define _VXE_TLB_INVAL_H_

#include <linux/types.h>

struct vxe_device;

int vxe_tlb_inval_range(struct vxe_device *vxe, u16 asid, u64 start, u64 len);
int vxe_tlb_inval_asid(struct vxe_device *vxe, u16 asid);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_USERPTR_H_
#define _VXE_USERPTR_H_

#include <linux/types.h>

struct drm_gpusvm_pages;
struct vxe_pt_seg;
struct vxe_vm;
struct vxe_vma;

int vxe_gpusvm_pages_segs(const struct drm_gpusvm_pages *pages, unsigned long npages,
			  struct vxe_pt_seg *segs);
int vxe_userptr_init(struct vxe_vm *vm, struct vxe_vma *vma);
int vxe_userptr_pin(struct vxe_vm *vm, struct vxe_vma *vma, struct vxe_pt_seg **segs);
bool vxe_userptr_valid_locked(struct vxe_vma *vma);
void vxe_userptr_fini(struct vxe_vm *vm, struct vxe_vma *vma);

#endif

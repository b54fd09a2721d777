/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_VM_BIND_H_
#define _VXE_VM_BIND_H_

#include <linux/types.h>

struct drm_gem_object;
struct drm_gpuva_op;
struct drm_xe_vm_bind_op;
struct vxe_bo;
struct vxe_validation;
struct vxe_vm;
struct vxe_vma;

int vxe_vm_sm_step_map(struct drm_gpuva_op *op, void *priv);
int vxe_vm_sm_step_remap(struct drm_gpuva_op *op, void *priv);
int vxe_vm_sm_step_unmap(struct drm_gpuva_op *op, void *priv);
int vxe_vm_bind_ops(struct vxe_vm *vm, const struct drm_xe_vm_bind_op *ops,
		    struct drm_gem_object **objs, u32 n);
void vxe_vma_destroy(struct vxe_vm *vm, struct vxe_vma *vma);
void vxe_vma_unlink(struct vxe_vma *vma);
void vxe_vma_free(struct vxe_vm *vm, struct vxe_vma *vma);
int vxe_vm_rebind(struct vxe_vm *vm, u64 start, u64 end, bool evict_own,
		  struct vxe_validation *val);
struct vxe_vma *vxe_vma_alloc(u32 flags, u16 pat_index);
void vxe_bo_madv_update(struct vxe_bo *bo);

#endif

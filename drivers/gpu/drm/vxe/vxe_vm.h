/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_VM_H_
#define _VXE_VM_H_

#include "vxe_vm_types.h"

struct drm_device;
struct drm_file;
struct drm_gem_object;
struct vxe_bo;
struct vxe_exec_queue;
struct vxe_hw_fault_desc;

int vxe_file_open(struct drm_device *drm, struct drm_file *file);
void vxe_file_close(struct drm_device *drm, struct drm_file *file);

struct vxe_vm *vxe_vm_create(struct vxe_device *vxe, u32 flags);
void vxe_vm_close(struct vxe_vm *vm);
struct vxe_vm *vxe_vm_lookup(struct drm_file *file, u32 id);
void vxe_vm_put(struct vxe_vm *vm);
struct drm_gem_object *vxe_vm_resv_obj(struct vxe_vm *vm);
bool vxe_vm_may_evict_own(const struct vxe_vm *vm);
void vxe_vm_bo_move_notify(struct vxe_bo *bo);
void vxe_vm_device_init(struct vxe_device *vxe);
void vxe_vm_fault_record(struct vxe_vm *vm, const struct vxe_hw_fault_desc *desc);
void vxe_vm_cat_error_record(struct vxe_vm *vm, u64 addr);
void vxe_vm_zap_begin(struct vxe_vm *vm, bool wait_jobs);
void vxe_vm_zap_end(struct vxe_vm *vm);
void vxe_vm_zap_vma(struct vxe_vm *vm, struct vxe_vma *vma);
void vxe_vm_add_queue(struct vxe_vm *vm, struct vxe_exec_queue *q);
void vxe_vm_remove_queue(struct vxe_vm *vm, struct vxe_exec_queue *q);

int vxe_vm_create_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int vxe_vm_get_property_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int vxe_vm_destroy_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int vxe_vm_bind_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
void vxe_vm_madvise_autoreset_queue(struct vxe_vm *vm, u64 start, u64 end);
void vxe_vm_collect_unmapped(struct vxe_vm *vm);
void vxe_vm_madvise_autoreset_fini(struct vxe_vm *vm);
int vxe_vm_madvise_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int vxe_vm_query_mem_range_attrs_ioctl(struct drm_device *drm, void *data,
				       struct drm_file *file);

#endif

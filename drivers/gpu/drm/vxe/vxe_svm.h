/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_SVM_H_
#define _VXE_SVM_H_

#include <linux/list.h>
#include <linux/types.h>

#include <drm/drm_gpusvm.h>

#include "vxe_pt_types.h"

struct drm_printer;
struct vxe_device;
struct vxe_vm;
struct vxe_vma;

/**
 * struct vxe_svm_range - a drm_gpusvm range and what the page tables hold
 */
struct vxe_svm_range {
	/** @base: the gpusvm range */
	struct drm_gpusvm_range base;
	/** @pt: its entries' state, owned by the page-table layer */
	struct vxe_pt_state pt;
	/** @gc_link: on &vxe_vm.svm_gc.list once its CPU mapping is gone */
	struct list_head gc_link;
	/** @gc_queued: was put on that list (&vxe_vm.svm_gc.lock) */
	bool gc_queued;
	/** @faulted: a fault found it already (&vxe_vm.lock) */
	bool faulted;
};

/**
 * enum vxe_svm_stat - SVM counters of debugfs gt0/stats
 * @VXE_SVM_STAT_PAGEFAULT_COUNT: faults on CPU-address-mirror VMAs
 * @VXE_SVM_STAT_4K_PAGEFAULT_COUNT: ... on 4K ranges
 * @VXE_SVM_STAT_64K_PAGEFAULT_COUNT: ... on 64K ranges
 * @VXE_SVM_STAT_2M_PAGEFAULT_COUNT: ... on 2M ranges
 * @VXE_SVM_STAT_4K_VALID_PAGEFAULT_COUNT: ... on 4K ranges already mapped
 * @VXE_SVM_STAT_64K_VALID_PAGEFAULT_COUNT: ... on 64K ranges already mapped
 * @VXE_SVM_STAT_2M_VALID_PAGEFAULT_COUNT: ... on 2M ranges already mapped
 * @VXE_SVM_STAT_4K_PAGEFAULT_US: microseconds spent on 4K range faults
 * @VXE_SVM_STAT_64K_PAGEFAULT_US: ... on 64K range faults
 * @VXE_SVM_STAT_2M_PAGEFAULT_US: ... on 2M range faults
 * @VXE_SVM_STAT_4K_GET_PAGES_US: ... getting the pages of 4K ranges
 * @VXE_SVM_STAT_64K_GET_PAGES_US: ... of 64K ranges
 * @VXE_SVM_STAT_2M_GET_PAGES_US: ... of 2M ranges
 * @VXE_SVM_STAT_4K_BIND_US: ... mapping 4K ranges
 * @VXE_SVM_STAT_64K_BIND_US: ... mapping 64K ranges
 * @VXE_SVM_STAT_2M_BIND_US: ... mapping 2M ranges
 * @VXE_SVM_STAT_4K_MIGRATE_COUNT: migrations to VRAM on faults, 4K ranges
 * @VXE_SVM_STAT_64K_MIGRATE_COUNT: ... 64K ranges
 * @VXE_SVM_STAT_2M_MIGRATE_COUNT: ... 2M ranges
 * @VXE_SVM_STAT_4K_MIGRATE_US: microseconds they took, 4K ranges
 * @VXE_SVM_STAT_64K_MIGRATE_US: ... 64K ranges
 * @VXE_SVM_STAT_2M_MIGRATE_US: ... 2M ranges
 * @VXE_SVM_STAT_DEVICE_COPY_US: microseconds of copies to VRAM
 * @VXE_SVM_STAT_4K_DEVICE_COPY_US: ... of one 4K page
 * @VXE_SVM_STAT_64K_DEVICE_COPY_US: ... of 64K
 * @VXE_SVM_STAT_2M_DEVICE_COPY_US: ... of 2M
 * @VXE_SVM_STAT_CPU_COPY_US: microseconds of copies to system memory
 * @VXE_SVM_STAT_4K_CPU_COPY_US: ... of one 4K page
 * @VXE_SVM_STAT_64K_CPU_COPY_US: ... of 64K
 * @VXE_SVM_STAT_2M_CPU_COPY_US: ... of 2M
 * @VXE_SVM_STAT_DEVICE_COPY_KB: KiB copied to VRAM
 * @VXE_SVM_STAT_4K_DEVICE_COPY_KB: ... in runs of 4K
 * @VXE_SVM_STAT_64K_DEVICE_COPY_KB: ... in runs of 64K
 * @VXE_SVM_STAT_2M_DEVICE_COPY_KB: ... in runs of 2M
 * @VXE_SVM_STAT_CPU_COPY_KB: KiB copied to system memory
 * @VXE_SVM_STAT_4K_CPU_COPY_KB: ... in runs of 4K
 * @VXE_SVM_STAT_64K_CPU_COPY_KB: ... in runs of 64K
 * @VXE_SVM_STAT_2M_CPU_COPY_KB: ... in runs of 2M
 * @VXE_SVM_STAT_TLB_INVAL_COUNT: invalidations that zapped ranges
 * @VXE_SVM_STAT_TLB_INVAL_US: microseconds they took
 * @VXE_SVM_STAT_RANGE_COLLECTED_COUNT: ranges freed by the collector
 * @VXE_SVM_STAT_COUNT: number of counters
 *
 * The names are Xe's where Xe has them (IGT reads those). Copies are
 * counted where they are made (vxe_pagemap.c): on GPU faults, CPU faults
 * and eviction alike.
 */
enum vxe_svm_stat {
	VXE_SVM_STAT_PAGEFAULT_COUNT,
	VXE_SVM_STAT_4K_PAGEFAULT_COUNT,
	VXE_SVM_STAT_64K_PAGEFAULT_COUNT,
	VXE_SVM_STAT_2M_PAGEFAULT_COUNT,
	VXE_SVM_STAT_4K_VALID_PAGEFAULT_COUNT,
	VXE_SVM_STAT_64K_VALID_PAGEFAULT_COUNT,
	VXE_SVM_STAT_2M_VALID_PAGEFAULT_COUNT,
	VXE_SVM_STAT_4K_PAGEFAULT_US,
	VXE_SVM_STAT_64K_PAGEFAULT_US,
	VXE_SVM_STAT_2M_PAGEFAULT_US,
	VXE_SVM_STAT_4K_GET_PAGES_US,
	VXE_SVM_STAT_64K_GET_PAGES_US,
	VXE_SVM_STAT_2M_GET_PAGES_US,
	VXE_SVM_STAT_4K_BIND_US,
	VXE_SVM_STAT_64K_BIND_US,
	VXE_SVM_STAT_2M_BIND_US,
	VXE_SVM_STAT_4K_MIGRATE_COUNT,
	VXE_SVM_STAT_64K_MIGRATE_COUNT,
	VXE_SVM_STAT_2M_MIGRATE_COUNT,
	VXE_SVM_STAT_4K_MIGRATE_US,
	VXE_SVM_STAT_64K_MIGRATE_US,
	VXE_SVM_STAT_2M_MIGRATE_US,
	VXE_SVM_STAT_DEVICE_COPY_US,
	VXE_SVM_STAT_4K_DEVICE_COPY_US,
	VXE_SVM_STAT_64K_DEVICE_COPY_US,
	VXE_SVM_STAT_2M_DEVICE_COPY_US,
	VXE_SVM_STAT_CPU_COPY_US,
	VXE_SVM_STAT_4K_CPU_COPY_US,
	VXE_SVM_STAT_64K_CPU_COPY_US,
	VXE_SVM_STAT_2M_CPU_COPY_US,
	VXE_SVM_STAT_DEVICE_COPY_KB,
	VXE_SVM_STAT_4K_DEVICE_COPY_KB,
	VXE_SVM_STAT_64K_DEVICE_COPY_KB,
	VXE_SVM_STAT_2M_DEVICE_COPY_KB,
	VXE_SVM_STAT_CPU_COPY_KB,
	VXE_SVM_STAT_4K_CPU_COPY_KB,
	VXE_SVM_STAT_64K_CPU_COPY_KB,
	VXE_SVM_STAT_2M_CPU_COPY_KB,
	VXE_SVM_STAT_TLB_INVAL_COUNT,
	VXE_SVM_STAT_TLB_INVAL_US,
	VXE_SVM_STAT_RANGE_COLLECTED_COUNT,
	VXE_SVM_STAT_COUNT,
};

int vxe_svm_init(struct vxe_vm *vm);
void vxe_svm_stop(struct vxe_vm *vm);
void vxe_svm_close(struct vxe_vm *vm);
void vxe_svm_fini(struct vxe_vm *vm);
bool vxe_svm_enabled(const struct vxe_vm *vm);
void vxe_svm_flush(struct vxe_vm *vm);
int vxe_svm_collect(struct vxe_vm *vm);
bool vxe_svm_has_mapping(struct vxe_vm *vm, u64 start, u64 end);
void vxe_svm_zap(struct vxe_vm *vm, u64 start, u64 end);
int vxe_svm_split(struct vxe_vm *vm, u64 addr);
int vxe_svm_fault(struct vxe_vm *vm, struct vxe_vma *vma, u64 addr, u8 access);
void vxe_svm_prefetch(struct vxe_vm *vm, struct vxe_vma *vma, u64 start, u64 end, u32 region);
void vxe_svm_stats_print(struct vxe_device *vxe, struct drm_printer *p);
void vxe_svm_stat_dev_add(struct vxe_device *vxe, enum vxe_svm_stat stat, u64 value);

#endif

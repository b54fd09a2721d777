/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_BIND_JOB_H_
#define _VXE_BIND_JOB_H_

#include <linux/list.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <drm/gpu_scheduler.h>

#include "vxe_pt_types.h"

struct dma_fence;
struct mm_struct;
struct vxe_exec_queue;
struct vxe_vm;

/*
 * Entry writes a deferred bind may keep (16 bytes each); a bigger one
 * fails with -ENOBUFS, as Xe's does when it does not fit its job
 */
#define VXE_BIND_JOB_MAX_WRITES	SZ_64K

/**
 * struct vxe_bind_span - the page-table range of a deferred bind
 *
 * On &vxe_vm.bind.pending from the bind's ioctl until a later bind finds
 * @fence signalled.
 */
struct vxe_bind_span {
	/** @link: on &vxe_vm.bind.pending */
	struct list_head link;
	/** @start: start of the range its entry writes lie in */
	u64 start;
	/** @end: end of that range */
	u64 end;
	/** @fence: signalled once the entries are written (a reference) */
	struct dma_fence *fence;
};

/**
 * struct vxe_bind_job - a bind whose page-table writes wait for fences
 */
struct vxe_bind_job {
	/** @base: the scheduler's job */
	struct drm_sched_job base;
	/** @q: the bind queue (a reference) */
	struct vxe_exec_queue *q;
	/** @vm: the VM (a reference) */
	struct vxe_vm *vm;
	/** @done: signalled once the bind is applied; what user space sees */
	struct dma_fence *done;
	/** @span: allocated ahead, on &vxe_vm.bind.pending once pushed */
	struct vxe_bind_span *span;
	/** @update: the deferred page-table update, if @has_update */
	struct vxe_pt_update update;
	/** @has_update: the job writes entries */
	bool has_update;
	/** @applied: the entries were written */
	bool applied;
	/** @dead: VMAs the bind removed, freed once it is applied */
	struct list_head dead;
	/** @free_work: what is left to do once the job is done */
	struct work_struct free_work;
	/** @ufence: a user fence to write when done */
	struct {
		/** @ufence.mm: the address space of @ufence.addr, or NULL */
		struct mm_struct *mm;
		/** @ufence.addr: user address */
		u64 addr;
		/** @ufence.value: what to write */
		u64 value;
	} ufence;
};

extern const struct drm_sched_backend_ops vxe_bind_job_ops;

struct vxe_bind_job *vxe_bind_job_create(struct vxe_exec_queue *q, u64 client_id);
int vxe_bind_job_add_dep(struct vxe_bind_job *job, struct dma_fence *fence);
void vxe_bind_job_set_ufence(struct vxe_bind_job *job, u64 addr, u64 value);
void vxe_bind_job_take_update(struct vxe_bind_job *job, struct vxe_pt_update *update);
struct dma_fence *vxe_bind_job_push(struct vxe_bind_job *job);
void vxe_bind_job_abort(struct vxe_bind_job *job);

bool vxe_vm_bind_pending(struct vxe_vm *vm, u64 start, u64 end);
int vxe_vm_bind_add_deps(struct vxe_vm *vm, u64 start, u64 end, struct vxe_bind_job *job);
int vxe_vm_bind_wait(struct vxe_vm *vm, u64 start, u64 end, bool intr);
void vxe_vm_bind_flush(struct vxe_vm *vm);
void vxe_vm_bind_fini(struct vxe_vm *vm);

#endif

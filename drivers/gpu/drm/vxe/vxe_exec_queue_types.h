/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_EXEC_QUEUE_TYPES_H_
#define _VXE_EXEC_QUEUE_TYPES_H_

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <drm/gpu_scheduler.h>

struct vxe_device;
struct vxe_ring;
struct vxe_vm;

/**
 * enum vxe_exec_queue_flags - what kind of queue
 * @VXE_EXEC_QUEUE_BIND: a DRM_XE_ENGINE_CLASS_VM_BIND queue, or a VM's
 *	own: its scheduler runs deferred binds; it has no engine or ring
 * @VXE_EXEC_QUEUE_LR: on a long-running VM: jobs have no timeout and
 *	their fences are never shared
 * @VXE_EXEC_QUEUE_LOW_LATENCY: created with
 *	DRM_XE_EXEC_QUEUE_LOW_LATENCY_HINT
 */
enum vxe_exec_queue_flags {
	VXE_EXEC_QUEUE_BIND = BIT(0),
	VXE_EXEC_QUEUE_LR = BIT(1),
	VXE_EXEC_QUEUE_LOW_LATENCY = BIT(2),
};

/**
 * struct vxe_exec_queue - a queue of work for one engine and one VM
 *
 * An exec queue owns one hardware context (&vxe_exec_queue.ring) and a
 * drm_gpu_scheduler of its own with a single entity, as Xe does with its
 * GuC: the scheduler orders jobs behind their dependencies and feeds the
 * ring; the device time-slices between contexts.
 */
struct vxe_exec_queue {
	/** @ref: the file's id holds one, every job one */
	struct kref ref;
	/** @vxe: the device */
	struct vxe_device *vxe;
	/** @vm: the VM whose address space the queue's work uses (a reference) */
	struct vxe_vm *vm;
	/** @flags: &enum vxe_exec_queue_flags */
	u32 flags;
	/** @class: DRM_XE_ENGINE_CLASS_* of the queue */
	u16 class;
	/** @engine: index in &vxe_device_info.engines */
	u8 engine;
	/** @width: batch buffers per exec (always 1) */
	u8 width;
	/** @priority: 0 (low) to 2 (high), as Xe's and the device's */
	u8 priority;
	/** @timeslice_us: the context's time slice */
	u32 timeslice_us;
	/** @ring: the hardware context */
	struct vxe_ring *ring;
	/** @sched: the queue's own scheduler */
	struct drm_gpu_scheduler sched;
	/** @entity: its only entity */
	struct drm_sched_entity entity;
	/**
	 * @lock: serialises arming and pushing jobs against the queue's
	 * teardown; taken before &vxe_vm.lock
	 */
	struct mutex lock;
	/** @vm_link: on &vxe_vm.preempt.queues, for a VM that preempts */
	struct list_head vm_link;
	/** @last_fence: fence of the last job pushed (@lock) */
	struct dma_fence *last_fence;
	/** @killed: destroyed by user space; no more jobs (@lock) */
	bool killed;
	/**
	 * @tdr_lock: held by the job-timeout handler, which must not touch
	 * a queue being killed
	 */
	struct mutex tdr_lock;
	/** @banned: a job timed out; no more jobs */
	bool banned;
	/** @job_cnt: jobs created and not yet freed */
	atomic_t job_cnt;
	/** @ticks_seen: context timestamp fdinfo last counted (&vxe_file.ticks_lock) */
	u64 ticks_seen;
	/** @bind_fence_ctx: for a bind queue, the context of its binds' fences */
	u64 bind_fence_ctx;
	/** @bind_fence_seqno: seqno of its last bind's fence (@lock) */
	u64 bind_fence_seqno;
};

#endif

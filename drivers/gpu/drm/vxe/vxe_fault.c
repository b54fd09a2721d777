// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: page-fault consumer
 *
 * The device produces fault descriptors into a queue in DMA memory (see
 * "vxe faults"); this is the consumer, split from the resolution of a
 * fault as Xe splits xe_guc_pagefault.c from xe_pagefault.c. On
 * VXE_IRQ_FAULT a worker reads each new descriptor, hands it to
 * &vxe_device.fault.handler, answers the stalled context with retry when
 * the handler returns 0 and with fail otherwise, and frees the entry.
 *
 * Until a VM layer installs a handler that can resolve faults, every fault
 * is answered fail, which errors the faulting context.
 */

#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/workqueue.h>

#include <drm/drm_print.h>

#include "vxe_device.h"
#include "vxe_fault.h"
#include "vxe_hw.h"

#define VXE_FAULT_QUEUE_ENTRIES	64

static void vxe_fault_work(struct work_struct *work)
{
	struct vxe_device *vxe = container_of(work, struct vxe_device, fault.work);
	u32 tail = vxe_hw_mmio_read32(vxe->hw, VXE_REG_FQ_TAIL);

	while (vxe->fault.head != tail) {
		struct vxe_hw_fault_desc desc =
			vxe->fault.queue[vxe->fault.head & (vxe->fault.size - 1)];
		int ret = vxe->fault.handler ? vxe->fault.handler(vxe, &desc) : -EOPNOTSUPP;
		u32 action = ret ? VXE_FAULT_REPLY_FAIL : VXE_FAULT_REPLY_RETRY;

		if (ret)
			drm_dbg(&vxe->drm, "fault at 0x%llx asid %u ctx %u failed: %d\n",
				le64_to_cpu(desc.va), le32_to_cpu(desc.asid),
				le16_to_cpu(desc.ctx), ret);

		atomic64_inc(&vxe->fault.count);
		vxe->fault.head++;
		/* Free the entry first: the reply may let the context fault again */
		vxe_hw_mmio_write32(vxe->hw, VXE_REG_FQ_HEAD, vxe->fault.head);
		vxe_hw_mmio_write32(vxe->hw, VXE_REG_FAULT_REPLY,
				    FIELD_PREP(VXE_FAULT_REPLY_CTX, le16_to_cpu(desc.ctx)) |
				    FIELD_PREP(VXE_FAULT_REPLY_ACTION, action));

		tail = vxe_hw_mmio_read32(vxe->hw, VXE_REG_FQ_TAIL);
	}
}

/**
 * vxe_fault_sync() - answer every fault posted so far
 * @vxe: the device
 *
 * A reply names its context by id only: before a destroyed context's id
 * is given to another, the faults it posted must have been answered
 * (the device drops a reply for a context that is not stalled).
 * Context: process; the caller holds no lock the fault handler takes.
 */
void vxe_fault_sync(struct vxe_device *vxe)
{
	queue_work(system_dfl_wq, &vxe->fault.work);
	flush_work(&vxe->fault.work);
}

/**
 * vxe_fault_init() - allocate and program the fault queue
 * @vxe: the device
 *
 * Return: 0 or -ENOMEM.
 */
int vxe_fault_init(struct vxe_device *vxe)
{
	size_t bytes = VXE_FAULT_QUEUE_ENTRIES * sizeof(*vxe->fault.queue);

	INIT_WORK(&vxe->fault.work, vxe_fault_work);
	vxe->fault.queue = dma_alloc_coherent(vxe->drm.dev, bytes, &vxe->fault.dma,
					      GFP_KERNEL);
	if (!vxe->fault.queue)
		return -ENOMEM;

	vxe->fault.size = VXE_FAULT_QUEUE_ENTRIES;
	vxe->fault.head = 0;
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_FQ_BASE_LO, lower_32_bits(vxe->fault.dma));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_FQ_BASE_HI, upper_32_bits(vxe->fault.dma));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_FQ_SIZE, VXE_FAULT_QUEUE_ENTRIES);
	return 0;
}

/**
 * vxe_fault_fini() - disable the fault queue and free it
 * @vxe: the device, interrupts disabled
 */
void vxe_fault_fini(struct vxe_device *vxe)
{
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_FQ_SIZE, 0);
	cancel_work_sync(&vxe->fault.work);
	dma_free_coherent(vxe->drm.dev, VXE_FAULT_QUEUE_ENTRIES * sizeof(*vxe->fault.queue),
			  vxe->fault.queue, vxe->fault.dma);
	vxe->fault.queue = NULL;
}

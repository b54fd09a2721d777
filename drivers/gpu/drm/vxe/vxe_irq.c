// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: interrupts
 *
 * The device has one interrupt line (see "vxe interrupts"). The handler
 * reads and acknowledges the status, then dispatches: MI_USER_INTERRUPT
 * to every ring's fence processing and to user-fence waiters, a context
 * error to the rings the device reports in error (and to those waiters),
 * a completed TLB invalidation to its waiters, and new faults to the
 * fault consumer's worker. Acknowledging before
 * dispatching means an event that arrives meanwhile raises the line again.
 */

#include <linux/bitops.h>

#include "vxe_device.h"
#include "vxe_hw.h"
#include "vxe_irq.h"
#include "vxe_ring.h"

/* Ban the rings whose context the device reports in error, 64 at a time */
static void vxe_irq_errors(struct vxe_device *vxe)
{
	unsigned int bank, i;
	unsigned long flags;
	u64 errors;

	for (bank = 0; bank < DIV_ROUND_UP(vxe->info.max_contexts, 64); bank++) {
		spin_lock_irqsave(&vxe->mmio_lock, flags);
		vxe_hw_mmio_write32(vxe->hw, VXE_REG_CTX_ERRORS_BANK, bank);
		errors = vxe_hw_mmio_read32(vxe->hw, VXE_REG_CTX_ERRORS_LO) |
			 (u64)vxe_hw_mmio_read32(vxe->hw, VXE_REG_CTX_ERRORS_HI) << 32;
		spin_unlock_irqrestore(&vxe->mmio_lock, flags);
		if (!errors)
			continue;

		spin_lock(&vxe->rings_lock);
		for (i = 0; i < 64; i++)
			if ((errors & BIT_ULL(i)) && vxe->rings[bank * 64 + i])
				vxe_ring_check_error(vxe->rings[bank * 64 + i]);
		spin_unlock(&vxe->rings_lock);
	}
}

static void vxe_irq_handler(void *data)
{
	struct vxe_device *vxe = data;
	u32 status = vxe_hw_mmio_read32(vxe->hw, VXE_REG_IRQ_STATUS);

	vxe_hw_mmio_write32(vxe->hw, VXE_REG_IRQ_ACK, status);

	if (status & VXE_IRQ_USER)
		vxe_rings_process(vxe);

	if (status & VXE_IRQ_CTX_ERROR)
		vxe_irq_errors(vxe);

	/* A user fence was written, or a queue stopped: waiters look again */
	if (status & (VXE_IRQ_USER | VXE_IRQ_CTX_ERROR))
		wake_up_all(&vxe->ufence_wq);

	if (status & VXE_IRQ_TLB_INV)
		wake_up_all(&vxe->tlb_inval.wq);

	if (status & VXE_IRQ_FAULT)
		queue_work(system_dfl_wq, &vxe->fault.work);
}

/**
 * vxe_irq_enable() - connect and unmask the device's interrupt
 * @vxe: the device
 */
void vxe_irq_enable(struct vxe_device *vxe)
{
	vxe_hw_set_irq_handler(vxe->hw, vxe_irq_handler, vxe);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_IRQ_ENABLE, VXE_IRQ_USER | VXE_IRQ_CTX_ERROR |
			    VXE_IRQ_FAULT | VXE_IRQ_TLB_INV);
}

/**
 * vxe_irq_disable() - mask and disconnect the interrupt
 * @vxe: the device
 *
 * The handler is not running and will not run when this returns.
 */
void vxe_irq_disable(struct vxe_device *vxe)
{
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_IRQ_ENABLE, 0);
	vxe_hw_set_irq_handler(vxe->hw, NULL, NULL);
}

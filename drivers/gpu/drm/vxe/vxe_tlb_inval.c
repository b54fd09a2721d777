// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: TLB invalidation
 *
 * After page-table entries are zapped, the memory they pointed at may only
 * be reused once the device has dropped every cached translation of it:
 * vxe_tlb_inval_range() and vxe_tlb_inval_asid() queue an invalidation,
 * then sleep until the device reports that request's sequence number done.
 * They may sleep and must not be called from the fence signalling path.
 */

#include <kunit/visibility.h>
#include <linux/jiffies.h>
#include <linux/wait.h>

#include "vxe_device.h"
#include "vxe_hw.h"
#include "vxe_tlb_inval.h"

/* A device that takes longer than this to invalidate is broken */
#define VXE_TLB_INVAL_TIMEOUT	(2 * HZ)

static bool vxe_tlb_inval_done(struct vxe_device *vxe, u32 seqno)
{
	return (s32)(vxe_hw_mmio_read32(vxe->hw, VXE_REG_TLB_INV_DONE) - seqno) >= 0;
}

static int vxe_tlb_inval(struct vxe_device *vxe, u32 type, u16 asid, u64 start, u64 len)
{
	unsigned long flags;
	u32 seqno, before;

	might_sleep();

	spin_lock_irqsave(&vxe->mmio_lock, flags);
	before = vxe_hw_mmio_read32(vxe->hw, VXE_REG_TLB_INV_SEQNO);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_TLB_INV_ASID, asid);
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_TLB_INV_START_LO, lower_32_bits(start));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_TLB_INV_START_HI, upper_32_bits(start));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_TLB_INV_LEN_LO, lower_32_bits(len));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_TLB_INV_LEN_HI, upper_32_bits(len));
	vxe_hw_mmio_write32(vxe->hw, VXE_REG_TLB_INV_CMD, type);
	seqno = vxe_hw_mmio_read32(vxe->hw, VXE_REG_TLB_INV_SEQNO);
	spin_unlock_irqrestore(&vxe->mmio_lock, flags);

	/* The device numbers every request it accepted */
	if (seqno == before)
		return -ENOMEM;

	if (!wait_event_timeout(vxe->tlb_inval.wq, vxe_tlb_inval_done(vxe, seqno),
				VXE_TLB_INVAL_TIMEOUT))
		return -ETIME;
	return 0;
}

/**
 * vxe_tlb_inval_range() - invalidate an ASID's translations of a range
 * @vxe: the device
 * @asid: address space
 * @start: first address
 * @len: bytes
 *
 * Return: 0 once no engine uses a removed translation any more, -ETIME if
 * the device did not complete the request, -ENOMEM if it could not take it.
 */
int vxe_tlb_inval_range(struct vxe_device *vxe, u16 asid, u64 start, u64 len)
{
	return vxe_tlb_inval(vxe, VXE_TLB_INV_RANGE, asid, start, len);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_tlb_inval_range);

/**
 * vxe_tlb_inval_asid() - invalidate all of an ASID's translations
 * @vxe: the device
 * @asid: address space
 *
 * Return: as vxe_tlb_inval_range().
 */
int vxe_tlb_inval_asid(struct vxe_device *vxe, u16 asid)
{
	return vxe_tlb_inval(vxe, VXE_TLB_INV_ASID, asid, 0, 0);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_tlb_inval_asid);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device-model memory
 *
 * Device-model memory: how the device reaches a device physical address.
 *
 * Below VXE_DPA_VRAM a DPA is a DMA address of &vxe_hw.dev; the model turns
 * it back into a page as the platform's DMA layer defines it and refuses an
 * address without a struct page, as the memory controller would. (Checking
 * that it is RAM on every access, with page_is_ram(), walks the resource
 * tree and made copies ten times slower.) From VXE_DPA_VRAM on, a DPA is an
 * offset into VRAM.
 */

#include <linux/dma-direct.h>
#include <linux/highmem.h>
#include <linux/mm.h>

#include "vxe_hw_types.h"

/*
 * Map the page holding @dpa; return the kernel address of @dpa and the
 * bytes available from there to the end of the page (or of VRAM).
 */
static void *vxe_hw_dpa_map(struct vxe_hw *hw, u64 dpa, size_t *avail)
{
	unsigned long pfn;
	phys_addr_t phys;

	if (dpa >= VXE_DPA_VRAM) {
		u64 off = dpa - VXE_DPA_VRAM;

		if (off >= hw->cfg.vram_size)
			return NULL;
		*avail = min_t(u64, PAGE_SIZE - offset_in_page(off), hw->cfg.vram_size - off);
		return hw->vram + off;
	}

	phys = hw->dev ? dma_to_phys(hw->dev, dpa) : dpa;
	pfn = PHYS_PFN(phys);
	if (!pfn_valid(pfn))
		return NULL;

	*avail = PAGE_SIZE - offset_in_page(phys);
	return kmap_local_pfn(pfn) + offset_in_page(phys);
}

static void vxe_hw_dpa_unmap(u64 dpa, void *vaddr)
{
	if (dpa < VXE_DPA_VRAM)
		kunmap_local(vaddr);
}

/**
 * vxe_hw_dpa_rw() - read or write memory at a device physical address
 * @hw: the device
 * @dpa: first byte
 * @buf: data to write, or where to read to
 * @len: bytes
 * @write: direction
 *
 * Return: 0, or -EFAULT when part of the range is not memory (nothing is
 * guaranteed about the part before it).
 */
int vxe_hw_dpa_rw(struct vxe_hw *hw, u64 dpa, void *buf, size_t len, bool write)
{
	while (len) {
		size_t avail, n;
		void *vaddr = vxe_hw_dpa_map(hw, dpa, &avail);

		if (!vaddr)
			return -EFAULT;

		n = min(len, avail);
		if (write)
			memcpy(vaddr, buf, n);
		else
			memcpy(buf, vaddr, n);
		vxe_hw_dpa_unmap(dpa, vaddr);

		dpa += n;
		buf += n;
		len -= n;
	}

	return 0;
}

/**
 * vxe_hw_dpa_copy() - copy between device physical addresses
 * @hw: the device
 * @dst: destination
 * @src: source
 * @len: bytes
 *
 * Page to page, without staging: what the copy engine does by DPA.
 *
 * Return: 0, or -EFAULT when part of either range is not memory.
 */
int vxe_hw_dpa_copy(struct vxe_hw *hw, u64 dst, u64 src, size_t len)
{
	while (len) {
		size_t savail, davail, n;
		void *s, *d;

		s = vxe_hw_dpa_map(hw, src, &savail);
		if (!s)
			return -EFAULT;
		d = vxe_hw_dpa_map(hw, dst, &davail);
		if (!d) {
			vxe_hw_dpa_unmap(src, s);
			return -EFAULT;
		}

		n = min3(len, savail, davail);
		memcpy(d, s, n);
		vxe_hw_dpa_unmap(dst, d);
		vxe_hw_dpa_unmap(src, s);

		src += n;
		dst += n;
		len -= n;
	}

	return 0;
}

static u64 vxe_hw_atomic_op(u8 op, u64 mem, u64 op1, u64 op2, u64 mask)
{
	switch (op & 0x1f) {
	case 0x01:
		return mem & op1;
	case 0x02:
		return mem | op1;
	case 0x03:
		return mem ^ op1;
	case 0x04:
		return op1;
	case 0x05:
		return mem + 1;
	case 0x06:
		return mem - 1;
	case 0x07:
		return mem + op1;
	case 0x08:
		return mem - op1;
	case 0x09:
		return op1 - mem;
	case 0x0a: /* signed max */
		return (s64)sign_extend64(mem, fls64(mask) - 1) >
		       (s64)sign_extend64(op1, fls64(mask) - 1) ? mem : op1;
	case 0x0b: /* signed min */
		return (s64)sign_extend64(mem, fls64(mask) - 1) <
		       (s64)sign_extend64(op1, fls64(mask) - 1) ? mem : op1;
	case 0x0c:
		return max(mem & mask, op1 & mask);
	case 0x0d:
		return min(mem & mask, op1 & mask);
	case 0x0e:
		return (mem & mask) == (op1 & mask) ? op2 : mem;
	case 0x0f:
		return mem - 1;
	default:
		return mem;
	}
}

/**
 * vxe_hw_atomic_op_valid() - whether the device implements an atomic op
 * @op: the MI_ATOMIC opcode, data size bits excluded
 *
 * Return: true for AND, OR, XOR, MOVE, INC, DEC, ADD, SUB, RSUB, IMAX,
 * IMIN, UMAX, UMIN, CMP_WR and PREDEC.
 */
static bool vxe_hw_atomic_op_valid(u8 op)
{
	return op >= 0x01 && op <= 0x0f;
}

/**
 * vxe_hw_dpa_atomic() - atomic read-modify-write at a device physical address
 * @hw: the device
 * @dpa: naturally aligned address
 * @size: 4 or 8 bytes
 * @op: MI_ATOMIC opcode (low five bits)
 * @op1: first operand
 * @op2: second operand (compare-write's new value)
 * @old: the value before the operation
 *
 * Atomic with respect to CPU accesses to the same memory.
 *
 * Return: 0, -EINVAL for a bad size, alignment or op, -EFAULT when @dpa is
 * not memory.
 */
int vxe_hw_dpa_atomic(struct vxe_hw *hw, u64 dpa, unsigned int size, u8 op,
		      u64 op1, u64 op2, u64 *old)
{
	size_t avail;
	void *vaddr;

	if ((size != 4 && size != 8) || !IS_ALIGNED(dpa, size) ||
	    !vxe_hw_atomic_op_valid(op & 0x1f))
		return -EINVAL;

	vaddr = vxe_hw_dpa_map(hw, dpa, &avail);
	if (!vaddr)
		return -EFAULT;

	if (size == 4) {
		u32 *p = vaddr, cur = READ_ONCE(*p), new;

		do {
			new = vxe_hw_atomic_op(op, cur, op1, op2, U32_MAX);
		} while (!try_cmpxchg(p, &cur, new));
		*old = cur;
	} else {
		u64 *p = vaddr, cur = READ_ONCE(*p), new;

		do {
			new = vxe_hw_atomic_op(op, cur, op1, op2, U64_MAX);
		} while (!try_cmpxchg64(p, &cur, new));
		*old = cur;
	}

	vxe_hw_dpa_unmap(dpa, vaddr);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device-model MMU
 *
 * Device-model GPU MMU: page walker, TLB and TLB invalidation.
 *
 * The walker reads page-table entries from memory by DPA only, one level
 * at a time, as hardware does; it knows nothing of how the driver built
 * the tables. Translations are cached in a TLB tagged by ASID, one entry
 * per page of whatever size the leaf maps (64K for a PS64 run), and stay
 * cached until an invalidation removes them: a driver that changes a PTE
 * without invalidating keeps seeing the old translation, as on hardware.
 *
 * Every engine memory access translates and accesses under
 * &vxe_hw.tlb_lock, and the invalidation worker removes entries under it
 * too, so by the time an invalidation is reported done no engine is still
 * using a translation it removed.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "vxe_hw_types.h"

struct vxe_hw_tlb_inv {
	struct list_head link;
	u32 seqno;
	u32 type;
	u32 asid;
	u64 start;
	u64 len;
};

static const u8 vxe_hw_level_shift[VXE_PT_LEVELS] = { 12, 21, 30, 39 };

static unsigned int vxe_hw_tlb_bucket(u16 asid, u64 va, u8 shift)
{
	return hash_64(((u64)asid << 48) ^ (va >> shift) ^ ((u64)shift << 40),
		       ilog2(VXE_HW_TLB_BUCKETS));
}

static struct vxe_hw_tlb_entry *vxe_hw_tlb_lookup(struct vxe_hw *hw, u16 asid, u64 va)
{
	static const u8 shifts[] = { 12, 16, 21, 30 };
	struct vxe_hw_tlb_entry *e;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(shifts); i++) {
		u64 base = va & ~(BIT_ULL(shifts[i]) - 1);

		hlist_for_each_entry(e, &hw->tlb_hash[vxe_hw_tlb_bucket(asid, base, shifts[i])],
				     hnode) {
			if (e->asid == asid && e->shift == shifts[i] && e->va == base) {
				list_move_tail(&e->lru, &hw->tlb_lru);
				return e;
			}
		}
	}

	return NULL;
}

static void vxe_hw_tlb_remove(struct vxe_hw *hw, struct vxe_hw_tlb_entry *e)
{
	hlist_del(&e->hnode);
	list_del(&e->lru);
	hw->tlb_count--;
	kfree(e);
}

static void vxe_hw_tlb_insert(struct vxe_hw *hw, u16 asid, u64 va, u8 shift, u64 pte)
{
	struct vxe_hw_tlb_entry *e;

	if (hw->tlb_count >= VXE_HW_TLB_ENTRIES)
		vxe_hw_tlb_remove(hw, list_first_entry(&hw->tlb_lru,
						       struct vxe_hw_tlb_entry, lru));

	/* A TLB that cannot allocate simply does not cache */
	e = kzalloc_obj(*e, GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		return;

	e->asid = asid;
	e->shift = shift;
	e->va = va & ~(BIT_ULL(shift) - 1);
	e->pte = pte;
	hlist_add_head(&e->hnode, &hw->tlb_hash[vxe_hw_tlb_bucket(asid, e->va, shift)]);
	list_add_tail(&e->lru, &hw->tlb_lru);
	hw->tlb_count++;
}

static u64 vxe_hw_pte_dpa(u64 pte)
{
	u64 addr = pte & VXE_PTE_ADDR;

	return pte & VXE_PTE_LM ? VXE_DPA_VRAM + addr : addr;
}

static void vxe_hw_fault_fill(struct vxe_hw_xlate *x, u16 asid, u64 va,
			      enum vxe_hw_access access,
			      enum vxe_hw_fault_type type, int level)
{
	memset(&x->fault, 0, sizeof(x->fault));
	x->fault.va = cpu_to_le64(va);
	x->fault.asid = cpu_to_le32(asid);
	x->fault.access = access;
	x->fault.type = type;
	x->fault.level = level;
}

/*
 * Walk the tables of @vm for @va. Returns 0 with the leaf entry (address
 * rebased to the start of the page) and its size, -ENOENT with the level
 * of the missing entry, or -EFAULT when a table is not in memory.
 */
static int vxe_hw_walk(struct vxe_hw *hw, const struct vxe_hw_vm *vm, u64 va,
		       u64 *leaf, u8 *shift, int *level)
{
	u64 table = vm->root, pte;
	int l;

	hw->tlb_walks++;
	for (l = VXE_PT_LEVELS - 1; l >= 0; l--) {
		unsigned int idx = (va >> vxe_hw_level_shift[l]) & (VXE_PT_ENTRIES - 1);
		__le64 raw;

		if (vxe_hw_dpa_rw(hw, table + idx * sizeof(raw), &raw, sizeof(raw), false))
			return -EFAULT;
		pte = le64_to_cpu(raw);

		*level = l;
		if (!(pte & VXE_PTE_VALID))
			return -ENOENT;

		if (l == 0 || ((l == 1 || l == 2) && (pte & VXE_PTE_PS))) {
			*shift = vxe_hw_level_shift[l];
			/*
			 * The first entry of a PS64 run stands for the whole
			 * 64K page; the others are cached as the 4K they are.
			 */
			if (l == 0 && (pte & VXE_PTE_PS64) &&
			    IS_ALIGNED(pte & VXE_PTE_ADDR, SZ_64K) && !(idx % 16))
				*shift = 16;
			*leaf = pte;
			return 0;
		}

		table = vxe_hw_pte_dpa(pte);
	}

	return -ENOENT;
}

static bool vxe_hw_pte_allows(u64 pte, enum vxe_hw_access access,
			      enum vxe_hw_fault_type *type)
{
	if (pte & VXE_PTE_NULL)
		return true;
	if (access != VXE_ACCESS_READ && !(pte & VXE_PTE_WRITABLE)) {
		*type = VXE_FAULT_WRITE_PROTECTED;
		return false;
	}
	if (access == VXE_ACCESS_ATOMIC && !(pte & VXE_PTE_ATOMIC)) {
		*type = VXE_FAULT_ATOMIC_DISABLED;
		return false;
	}
	return true;
}

/**
 * vxe_hw_translate_locked() - translate a GPU virtual address
 * @hw: the device
 * @asid: address space
 * @va: address
 * @access: what the engine is about to do
 * @x: the translation, or on failure the fault to report
 *
 * Looks in the TLB first and walks the page tables on a miss. On a VM not
 * in fault mode with a scratch page, a missing translation lands on the
 * scratch page.
 *
 * Return: 0; -ENOENT for a missing translation or a permission violation
 * (&x->fault says which), -EFAULT when the page tables are not in memory
 * or the ASID is disabled.
 */
int vxe_hw_translate_locked(struct vxe_hw *hw, u16 asid, u64 va,
			    enum vxe_hw_access access, struct vxe_hw_xlate *x)
{
	const struct vxe_hw_vm *vm;
	struct vxe_hw_tlb_entry *e;
	enum vxe_hw_fault_type type;
	u64 pte, page;
	int level = 0, ret;
	u8 shift;

	lockdep_assert_held(&hw->tlb_lock);

	if (asid >= hw->cfg.max_asids || va >= BIT_ULL(hw->cfg.va_bits))
		return -EFAULT;
	vm = &hw->vms[asid];
	if (!(vm->ctl & VXE_VM_CTL_ENABLE))
		return -EFAULT;

	e = vxe_hw_tlb_lookup(hw, asid, va);
	if (e) {
		hw->tlb_hits++;
		pte = e->pte;
		shift = e->shift;
	} else {
		ret = vxe_hw_walk(hw, vm, va, &pte, &shift, &level);
		if (ret == -EFAULT)
			return ret;
		if (ret == -ENOENT) {
			if (!(vm->ctl & VXE_VM_CTL_FAULT_MODE) && (vm->ctl & VXE_VM_CTL_SCRATCH)) {
				x->dpa = vm->scratch + offset_in_page(va);
				x->len = PAGE_SIZE - offset_in_page(va);
				x->null = false;
				return 0;
			}
			vxe_hw_fault_fill(x, asid, va, access, VXE_FAULT_NOT_PRESENT, level);
			return -ENOENT;
		}
		/* Cache the leaf with its address at the start of the page */
		page = (pte & VXE_PTE_ADDR) & ~(BIT_ULL(shift) - 1);
		pte = (pte & ~VXE_PTE_ADDR) | page;
		vxe_hw_tlb_insert(hw, asid, va, shift, pte);
	}

	if (!vxe_hw_pte_allows(pte, access, &type)) {
		vxe_hw_fault_fill(x, asid, va, access, type, 0);
		return -ENOENT;
	}

	x->null = pte & VXE_PTE_NULL;
	x->dpa = vxe_hw_pte_dpa(pte) + (va & (BIT_ULL(shift) - 1));
	x->len = BIT_ULL(shift) - (va & (BIT_ULL(shift) - 1));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_translate_locked);

static bool vxe_hw_tlb_inv_matches(const struct vxe_hw_tlb_inv *inv,
				   const struct vxe_hw_tlb_entry *e)
{
	switch (inv->type) {
	case VXE_TLB_INV_ALL:
		return true;
	case VXE_TLB_INV_ASID:
		return e->asid == inv->asid;
	default:
		return e->asid == inv->asid &&
		       e->va < inv->start + inv->len &&
		       inv->start < e->va + BIT_ULL(e->shift);
	}
}

/**
 * vxe_hw_tlb_inv_queue_locked() - queue the staged invalidation request
 * @hw: the device
 * @type: VXE_TLB_INV_RANGE, _ASID or _ALL
 *
 * Return: 0, or -EINVAL for an unknown type (the write is dropped) or
 * -ENOMEM (the request is dropped, nothing is numbered).
 */
int vxe_hw_tlb_inv_queue_locked(struct vxe_hw *hw, u32 type)
{
	struct vxe_hw_tlb_inv *inv;

	lockdep_assert_held(&hw->lock);

	if (type != VXE_TLB_INV_RANGE && type != VXE_TLB_INV_ASID && type != VXE_TLB_INV_ALL)
		return -EINVAL;

	inv = kzalloc_obj(*inv, GFP_ATOMIC);
	if (!inv)
		return -ENOMEM;

	inv->type = type;
	inv->asid = hw->inv_staged.asid;
	inv->start = hw->inv_staged.start;
	inv->len = hw->inv_staged.len;
	inv->seqno = ++hw->inv_seqno;
	list_add_tail(&inv->link, &hw->inv_queue);
	queue_work(hw->wq, &hw->tlb_inv_work);
	return 0;
}

/**
 * vxe_hw_tlb_inv_work() - carry out queued invalidations
 * @work: &vxe_hw.tlb_inv_work
 */
void vxe_hw_tlb_inv_work(struct work_struct *work)
{
	struct vxe_hw *hw = container_of(work, struct vxe_hw, tlb_inv_work);
	struct vxe_hw_tlb_entry *e, *tmp;
	struct vxe_hw_tlb_inv *inv;

	for (;;) {
		spin_lock_irq(&hw->lock);
		inv = list_first_entry_or_null(&hw->inv_queue, struct vxe_hw_tlb_inv, link);
		if (inv)
			list_del(&inv->link);
		spin_unlock_irq(&hw->lock);
		if (!inv)
			return;

		spin_lock(&hw->tlb_lock);
		list_for_each_entry_safe(e, tmp, &hw->tlb_lru, lru)
			if (vxe_hw_tlb_inv_matches(inv, e))
				vxe_hw_tlb_remove(hw, e);
		spin_unlock(&hw->tlb_lock);

		spin_lock_irq(&hw->lock);
		hw->inv_done = inv->seqno;
		vxe_hw_raise_irq_locked(hw, VXE_IRQ_TLB_INV);
		spin_unlock_irq(&hw->lock);
		kfree(inv);
	}
}

/**
 * vxe_hw_tlb_flush_asid() - drop an ASID's translations at once
 * @hw: the device
 * @asid: address space
 *
 * MI_FLUSH_DW's TLB invalidation, done in line by the engine executing it.
 */
void vxe_hw_tlb_flush_asid(struct vxe_hw *hw, u16 asid)
{
	struct vxe_hw_tlb_entry *e, *tmp;

	spin_lock(&hw->tlb_lock);
	list_for_each_entry_safe(e, tmp, &hw->tlb_lru, lru)
		if (e->asid == asid)
			vxe_hw_tlb_remove(hw, e);
	spin_unlock(&hw->tlb_lock);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_hw_tlb_flush_asid);

/**
 * vxe_hw_tlb_fini() - free the TLB and pending invalidations
 * @hw: the device, engines and workqueue stopped
 */
void vxe_hw_tlb_fini(struct vxe_hw *hw)
{
	struct vxe_hw_tlb_entry *e, *tmp;
	struct vxe_hw_tlb_inv *inv, *itmp;

	list_for_each_entry_safe(e, tmp, &hw->tlb_lru, lru)
		vxe_hw_tlb_remove(hw, e);
	list_for_each_entry_safe(inv, itmp, &hw->inv_queue, link)
		kfree(inv);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * Test bench for the device model's KUnit suites.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/sizes.h>

#include "../vxe_hw.h"
#include "../vxe_hw_regs.h"
#include "vxe_hw_test_bench.h"

static void vxe_tb_irq(void *data)
{
	struct vxe_tb *tb = data;
	u32 status = vxe_hw_mmio_read32(tb->hw, VXE_REG_IRQ_STATUS);

	atomic_or(status, &tb->irqs);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_IRQ_ACK, status);
}

static void vxe_tb_release(void *data)
{
	struct vxe_tb *tb = data;

	vxe_hw_destroy(tb->hw);
}

/**
 * vxe_tb_create() - a device with 32 MiB of VRAM and its interrupt wired
 * @test: the test; everything is released when it ends
 *
 * Return: the bench.
 */
struct vxe_tb *vxe_tb_create(struct kunit *test)
{
	struct vxe_hw_config cfg;
	struct vxe_tb *tb;

	tb = kunit_kzalloc(test, sizeof(*tb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tb);
	tb->test = test;

	tb->dev = kunit_device_register(test, "vxe-hw-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tb->dev);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(tb->dev, DMA_BIT_MASK(64)), 0);

	vxe_hw_config_init_default(&cfg, VXE_TB_VRAM_SIZE);
	cfg.max_contexts = 8;
	cfg.max_asids = ARRAY_SIZE(tb->roots);
	tb->hw = vxe_hw_create(tb->dev, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tb->hw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vxe_tb_release, tb), 0);

	tb->vram = vxe_hw_vram_window(tb->hw);
	tb->vram_next = SZ_64K;	/* keep offset 0 free: it is a valid address */

	vxe_hw_set_irq_handler(tb->hw, vxe_tb_irq, tb);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_IRQ_ENABLE, ~0u);
	return tb;
}

/**
 * vxe_tb_alloc() - allocate zeroed VRAM
 * @tb: the bench
 * @size: bytes
 * @align: alignment, a power of two
 *
 * Return: the VRAM offset.
 */
u64 vxe_tb_alloc(struct vxe_tb *tb, u64 size, u64 align)
{
	u64 off = ALIGN(tb->vram_next, align);

	KUNIT_ASSERT_LE(tb->test, off + size, VXE_TB_VRAM_SIZE);
	tb->vram_next = off + size;
	memset(tb->vram + off, 0, size);
	return off;
}

/**
 * vxe_tb_dpa() - device physical address of a VRAM offset
 * @vram_off: offset
 *
 * Return: the DPA.
 */
u64 vxe_tb_dpa(u64 vram_off)
{
	return VXE_DPA_VRAM + vram_off;
}

/**
 * vxe_tb_ptr() - CPU pointer to a VRAM offset
 * @tb: the bench
 * @vram_off: offset
 *
 * Return: the pointer into the window.
 */
void *vxe_tb_ptr(struct vxe_tb *tb, u64 vram_off)
{
	return tb->vram + vram_off;
}

/**
 * vxe_tb_vm() - program an address space with an empty root table
 * @tb: the bench
 * @asid: ASID
 * @ctl: VXE_VM_CTL_* (ENABLE is added)
 * @scratch_dpa: scratch page
 */
void vxe_tb_vm(struct vxe_tb *tb, u16 asid, u32 ctl, u64 scratch_dpa)
{
	u64 root = vxe_tb_alloc(tb, SZ_4K, SZ_4K), dpa = vxe_tb_dpa(root);

	tb->roots[asid] = root;
	vxe_hw_mmio_write32(tb->hw, VXE_REG_VM_SELECT, asid);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_VM_ROOT_LO, lower_32_bits(dpa));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_VM_ROOT_HI, upper_32_bits(dpa));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_VM_SCRATCH_LO, lower_32_bits(scratch_dpa));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_VM_SCRATCH_HI, upper_32_bits(scratch_dpa));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_VM_CTL, ctl | VXE_VM_CTL_ENABLE);
}

/**
 * vxe_tb_map() - write a leaf entry, creating tables above it
 * @tb: the bench
 * @asid: ASID
 * @va: virtual address
 * @pte: the entry to write (0 to clear it)
 * @level: 0 (4K), 1 (2M) or 2 (1G)
 */
void vxe_tb_map(struct vxe_tb *tb, u16 asid, u64 va, u64 pte, unsigned int level)
{
	static const u8 shift[] = { 12, 21, 30, 39 };
	u64 table = tb->roots[asid];
	int l;

	for (l = VXE_PT_LEVELS - 1; l > (int)level; l--) {
		u64 *e = vxe_tb_ptr(tb, table) + ((va >> shift[l]) & 511) * 8;

		if (!(*e & VXE_PTE_VALID)) {
			u64 next = vxe_tb_alloc(tb, SZ_4K, SZ_4K);

			*e = next | VXE_PTE_VALID | VXE_PTE_LM;
		}
		table = *e & VXE_PTE_ADDR;
	}

	*(u64 *)(vxe_tb_ptr(tb, table) + ((va >> shift[level]) & 511) * 8) = pte;
}

/**
 * vxe_tb_ctx() - create a context with a 4 KiB ring in VRAM
 * @tb: the bench
 * @id: context id
 * @engine: engine bit number
 * @asid: ASID
 * @watchdog_us: watchdog, 0 for none
 */
void vxe_tb_ctx(struct vxe_tb *tb, u16 id, unsigned int engine, u16 asid, u32 watchdog_us)
{
	u64 ring = vxe_tb_alloc(tb, VXE_TB_RING_SIZE, SZ_4K), dpa = vxe_tb_dpa(ring);

	tb->ring_off[id] = ring;
	tb->ring_tail[id] = 0;
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_SELECT, id);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_RING_LO, lower_32_bits(dpa));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_RING_HI, upper_32_bits(dpa));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_RING_SIZE, VXE_TB_RING_SIZE);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_ENGINE, engine);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_ASID, asid);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_WATCHDOG_US, watchdog_us);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_CREATE);
	KUNIT_ASSERT_EQ(tb->test, FIELD_GET(VXE_CTX_STATUS_STATE, vxe_tb_ctx_status(tb, id)),
			VXE_CTX_STATE_IDLE);
}

/**
 * vxe_tb_emit() - append dwords to a context's ring (not yet submitted)
 * @tb: the bench
 * @id: context id
 * @dw: dwords
 * @n: how many
 */
void vxe_tb_emit(struct vxe_tb *tb, u16 id, const u32 *dw, unsigned int n)
{
	u32 *ring = vxe_tb_ptr(tb, tb->ring_off[id]);
	unsigned int i;

	for (i = 0; i < n; i++) {
		ring[tb->ring_tail[id] / 4] = dw[i];
		tb->ring_tail[id] = (tb->ring_tail[id] + 4) % VXE_TB_RING_SIZE;
	}
}

/**
 * vxe_tb_submit() - write the context's tail
 * @tb: the bench
 * @id: context id
 */
void vxe_tb_submit(struct vxe_tb *tb, u16 id)
{
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_SELECT, id);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_TAIL, tb->ring_tail[id]);
}

/**
 * vxe_tb_ctx_status() - VXE_REG_CTX_STATUS of a context
 * @tb: the bench
 * @id: context id
 *
 * Return: the register.
 */
u32 vxe_tb_ctx_status(struct vxe_tb *tb, u16 id)
{
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_SELECT, id);
	return vxe_hw_mmio_read32(tb->hw, VXE_REG_CTX_STATUS);
}

/**
 * vxe_tb_wait() - wait until a context is idle, stalled or in error
 * @tb: the bench
 * @id: context id
 * @timeout_ms: give up after this long
 *
 * Return: the context's state.
 */
u32 vxe_tb_wait(struct vxe_tb *tb, u16 id, unsigned int timeout_ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);
	u32 state;

	for (;;) {
		state = FIELD_GET(VXE_CTX_STATUS_STATE, vxe_tb_ctx_status(tb, id));
		if (state == VXE_CTX_STATE_IDLE || state == VXE_CTX_STATE_STALLED ||
		    state == VXE_CTX_STATE_ERROR || time_after(jiffies, end))
			return state;
		usleep_range(100, 200);
	}
}

/**
 * vxe_tb_wait_irq() - wait until the interrupt handler has seen status bits
 * @tb: the bench
 * @bits: VXE_IRQ_* bits
 *
 * The handler runs asynchronously, as an interrupt would. The bits are
 * consumed, so that the next wait needs a new interrupt.
 *
 * Return: whether all of @bits were seen within a second.
 */
bool vxe_tb_wait_irq(struct vxe_tb *tb, u32 bits)
{
	unsigned long end = jiffies + HZ;

	while ((atomic_read(&tb->irqs) & bits) != bits) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(100, 200);
	}
	atomic_andnot(bits, &tb->irqs);
	return true;
}

/**
 * vxe_tb_tlb_inv() - invalidate and wait for completion
 * @tb: the bench
 * @type: VXE_TLB_INV_*
 * @asid: ASID
 * @start: first address (RANGE)
 * @len: bytes (RANGE)
 */
void vxe_tb_tlb_inv(struct vxe_tb *tb, u32 type, u16 asid, u64 start, u64 len)
{
	unsigned long end = jiffies + HZ;
	u32 seqno;

	vxe_hw_mmio_write32(tb->hw, VXE_REG_TLB_INV_ASID, asid);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_TLB_INV_START_LO, lower_32_bits(start));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_TLB_INV_START_HI, upper_32_bits(start));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_TLB_INV_LEN_LO, lower_32_bits(len));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_TLB_INV_LEN_HI, upper_32_bits(len));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_TLB_INV_CMD, type);
	seqno = vxe_hw_mmio_read32(tb->hw, VXE_REG_TLB_INV_SEQNO);

	while ((s32)(vxe_hw_mmio_read32(tb->hw, VXE_REG_TLB_INV_DONE) - seqno) < 0) {
		KUNIT_ASSERT_TRUE(tb->test, time_before(jiffies, end));
		usleep_range(50, 100);
	}
}

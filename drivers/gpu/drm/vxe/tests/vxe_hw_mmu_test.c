// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * KUnit tests of the device model's GPU MMU: every leaf size, aperture,
 * NULL and scratch pages, TLB caching and invalidation ordering, and
 * recoverable faults. GPU stores from a context are how each translation
 * is observed, as a driver would observe it.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "../vxe_hw.h"
#include "../vxe_hw_regs.h"
#include "vxe_hw_test_bench.h"

#define RCS	0
#define LO(a)	lower_32_bits(a)
#define HI(a)	upper_32_bits(a)
#define SDI_HDR		0x10000002
#define ATOMIC_INC_HDR	0x17800501

static u32 state_of(u32 status)
{
	return FIELD_GET(VXE_CTX_STATUS_STATE, status);
}

static u32 error_of(u32 status)
{
	return FIELD_GET(VXE_CTX_STATUS_ERROR, status);
}

/* Store @val at @va from context 0 and wait for the outcome */
static u32 store(struct vxe_tb *tb, u64 va, u32 val)
{
	const u32 cmd[] = { SDI_HDR, LO(va), HI(va), val };

	vxe_tb_emit(tb, 0, cmd, ARRAY_SIZE(cmd));
	vxe_tb_submit(tb, 0);
	return vxe_tb_wait(tb, 0, 2000);
}

static struct vxe_tb *bench(struct kunit *test, u32 vm_ctl, u64 scratch)
{
	struct vxe_tb *tb = vxe_tb_create(test);

	vxe_tb_vm(tb, 1, vm_ctl, scratch);
	vxe_tb_ctx(tb, 0, RCS, 1, 0);
	return tb;
}

static void vxe_hw_mmu_test_leaf_sizes(struct kunit *test)
{
	struct vxe_tb *tb = bench(test, 0, 0);
	u64 p4k = vxe_tb_alloc(tb, SZ_4K, SZ_4K);
	u64 p64k = vxe_tb_alloc(tb, SZ_64K, SZ_64K);
	u64 p2m = vxe_tb_alloc(tb, SZ_2M, SZ_2M);
	u64 flags = VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_LM;
	unsigned int i;

	vxe_tb_map(tb, 1, 0x100000, p4k | flags, 0);
	for (i = 0; i < 16; i++)
		vxe_tb_map(tb, 1, 0x200000 + i * SZ_4K,
			   (p64k + i * SZ_4K) | flags | VXE_PTE_PS64, 0);
	vxe_tb_map(tb, 1, 0x40000000, p2m | flags | VXE_PTE_PS, 1);
	/* A 1G leaf over VRAM offset 0: only the part that exists is used */
	vxe_tb_map(tb, 1, 0x8000000000ull, 0 | flags | VXE_PTE_PS, 2);

	KUNIT_ASSERT_EQ(test, store(tb, 0x100abc, 1), VXE_CTX_STATE_IDLE);
	KUNIT_ASSERT_EQ(test, store(tb, 0x200000 + 0x9124, 2), VXE_CTX_STATE_IDLE);
	KUNIT_ASSERT_EQ(test, store(tb, 0x40000000 + 0x123454, 3), VXE_CTX_STATE_IDLE);
	KUNIT_ASSERT_EQ(test, store(tb, 0x8000000000ull + p4k + 0x10, 4), VXE_CTX_STATE_IDLE);

	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, p4k + 0xabc), 1);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, p64k + 0x9124), 2);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, p2m + 0x123454), 3);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, p4k + 0x10), 4);
}

/* System memory (a DMA-mapped page) and VRAM through the LM bit */
static void vxe_hw_mmu_test_aperture(struct kunit *test)
{
	struct vxe_tb *tb = bench(test, 0, 0);
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	u64 vram = vxe_tb_alloc(tb, SZ_4K, SZ_4K);
	dma_addr_t dma;
	u32 *cpu;

	KUNIT_ASSERT_NOT_NULL(test, page);
	dma = dma_map_page(tb->dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(tb->dev, dma));

	/* The same offset in both apertures: only the LM bit differs */
	vxe_tb_map(tb, 1, 0x10000, dma | VXE_PTE_VALID | VXE_PTE_WRITABLE, 0);
	vxe_tb_map(tb, 1, 0x20000, vram | VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_LM, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x10040, 0x5a5a), VXE_CTX_STATE_IDLE);
	KUNIT_ASSERT_EQ(test, store(tb, 0x20040, 0xa5a5), VXE_CTX_STATE_IDLE);

	dma_unmap_page(tb->dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	cpu = kmap_local_page(page);
	KUNIT_EXPECT_EQ(test, cpu[0x10], 0x5a5a);
	kunmap_local(cpu);
	__free_page(page);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, vram + 0x40), 0xa5a5);
}

/* NULL entries drop writes and read zero; no fault, no error */
static void vxe_hw_mmu_test_null(struct kunit *test)
{
	struct vxe_tb *tb = bench(test, VXE_VM_CTL_FAULT_MODE, 0);
	/* Then wait until the NULL page reads 0: finishes only if it does */
	const u32 cmd[] = {
		SDI_HDR, LO(0x1000), HI(0x1000), 0xdead,
		0x0e00c003, 0, 0x1000, 0, 0,
	};

	vxe_tb_map(tb, 1, 0x1000, VXE_PTE_VALID | VXE_PTE_NULL, 0);
	vxe_tb_emit(tb, 0, cmd, ARRAY_SIZE(cmd));
	vxe_tb_submit(tb, 0);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(tb, 0, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_FQ_TAIL), 0);
}

static void vxe_hw_mmu_test_scratch(struct kunit *test)
{
	struct vxe_tb *tb = vxe_tb_create(test);
	u64 scratch = vxe_tb_alloc(tb, SZ_4K, SZ_4K);
	u32 st;

	/* With a scratch page an unmapped store lands there, truncated */
	vxe_tb_vm(tb, 1, VXE_VM_CTL_SCRATCH, vxe_tb_dpa(scratch));
	vxe_tb_ctx(tb, 0, RCS, 1, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x7ff000123448ull, 77), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, scratch + 0x448), 77);

	/* Without one it is a CAT error at that address */
	vxe_tb_vm(tb, 2, 0, 0);
	vxe_tb_ctx(tb, 1, RCS, 2, 0);
	{
		const u32 cmd[] = { SDI_HDR, LO(0x5000), HI(0x5000), 1 };

		vxe_tb_emit(tb, 1, cmd, ARRAY_SIZE(cmd));
		vxe_tb_submit(tb, 1);
	}
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(tb, 1, 2000), VXE_CTX_STATE_ERROR);
	st = vxe_tb_ctx_status(tb, 1);
	KUNIT_EXPECT_EQ(test, error_of(st), VXE_CTX_ERROR_CAT);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_CTX_ERROR_ADDR_LO), 0x5000);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_CTX_ERRORS_LO), BIT(1));
	KUNIT_EXPECT_TRUE(test, vxe_tb_wait_irq(tb, VXE_IRQ_CTX_ERROR));
}

/*
 * The TLB keeps a translation until it is invalidated, and never uses it
 * after the invalidation completed.
 */
static void vxe_hw_mmu_test_tlb_invalidation(struct kunit *test)
{
	struct vxe_tb *tb = bench(test, 0, 0);
	u64 a = vxe_tb_alloc(tb, SZ_4K, SZ_4K), b = vxe_tb_alloc(tb, SZ_4K, SZ_4K);
	u64 flags = VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_LM;

	vxe_tb_map(tb, 1, 0x3000, a | flags, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x3000, 1), VXE_CTX_STATE_IDLE);

	/* Retarget without invalidating: hardware still uses the old page */
	vxe_tb_map(tb, 1, 0x3000, b | flags, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x3000, 2), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, a), 2);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, b), 0);

	/* An invalidation of another range or ASID does not drop it */
	vxe_tb_tlb_inv(tb, VXE_TLB_INV_RANGE, 1, 0x4000, SZ_4K);
	vxe_tb_tlb_inv(tb, VXE_TLB_INV_ASID, 2, 0, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x3000, 3), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, a), 3);

	/* Once the range invalidation is done the new page is used */
	vxe_tb_tlb_inv(tb, VXE_TLB_INV_RANGE, 1, 0x3000, SZ_4K);
	KUNIT_EXPECT_TRUE(test, vxe_tb_wait_irq(tb, VXE_IRQ_TLB_INV));
	KUNIT_ASSERT_EQ(test, store(tb, 0x3000, 4), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, a), 3);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, b), 4);

	/* Same for a whole-ASID and a global invalidation */
	vxe_tb_map(tb, 1, 0x3000, a | flags, 0);
	vxe_tb_tlb_inv(tb, VXE_TLB_INV_ASID, 1, 0, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x3000, 5), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, a), 5);
	vxe_tb_map(tb, 1, 0x3000, b | flags, 0);
	vxe_tb_tlb_inv(tb, VXE_TLB_INV_ALL, 0, 0, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x3000, 6), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, b), 6);
}

static void expect_fault(struct kunit *test, struct vxe_tb *tb, u64 fq, u32 index,
			 u64 va, u8 access, u8 type)
{
	const struct vxe_hw_fault_desc *d = vxe_tb_ptr(tb, fq) + (index % 4) * sizeof(*d);

	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_FQ_TAIL), index + 1);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(d->va), va);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d->asid), 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(d->ctx), 0);
	KUNIT_EXPECT_EQ(test, d->engine, RCS);
	KUNIT_EXPECT_EQ(test, d->access, access);
	KUNIT_EXPECT_EQ(test, d->type, type);
	KUNIT_EXPECT_TRUE(test, vxe_tb_wait_irq(tb, VXE_IRQ_FAULT));
}

static u64 fault_queue(struct vxe_tb *tb)
{
	u64 fq = vxe_tb_alloc(tb, 4 * sizeof(struct vxe_hw_fault_desc), SZ_4K);

	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_BASE_LO, lower_32_bits(vxe_tb_dpa(fq)));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_BASE_HI, upper_32_bits(vxe_tb_dpa(fq)));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_SIZE, 4);
	return fq;
}

static void reply(struct vxe_tb *tb, u32 head, u32 action)
{
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_HEAD, head);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FAULT_REPLY,
			    FIELD_PREP(VXE_FAULT_REPLY_CTX, 0) |
			    FIELD_PREP(VXE_FAULT_REPLY_ACTION, action));
}

/* Store to an unmapped VA: fault, map, retry, the store lands */
static void vxe_hw_mmu_test_fault_retry(struct kunit *test)
{
	struct vxe_tb *tb = bench(test, VXE_VM_CTL_FAULT_MODE, 0);
	u64 fq = fault_queue(tb), page = vxe_tb_alloc(tb, SZ_4K, SZ_4K);

	KUNIT_ASSERT_EQ(test, store(tb, 0x7f0000001238ull, 42), VXE_CTX_STATE_STALLED);
	expect_fault(test, tb, fq, 0, 0x7f0000001238ull, VXE_ACCESS_WRITE, VXE_FAULT_NOT_PRESENT);

	/* A reply before the fault was handled changes nothing for others */
	vxe_tb_map(tb, 1, 0x7f0000001000ull, page | VXE_PTE_VALID | VXE_PTE_WRITABLE |
		   VXE_PTE_LM, 0);
	reply(tb, 1, VXE_FAULT_REPLY_RETRY);
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(tb, 0, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, page + 0x238), 42);

	/* Write to a read-only page, then an atomic without atomic-enable */
	vxe_tb_map(tb, 1, 0x9000, page | VXE_PTE_VALID | VXE_PTE_LM, 0);
	KUNIT_ASSERT_EQ(test, store(tb, 0x9000, 1), VXE_CTX_STATE_STALLED);
	expect_fault(test, tb, fq, 1, 0x9000, VXE_ACCESS_WRITE, VXE_FAULT_WRITE_PROTECTED);
	vxe_tb_map(tb, 1, 0x9000, page | VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_LM, 0);
	vxe_tb_tlb_inv(tb, VXE_TLB_INV_RANGE, 1, 0x9000, SZ_4K);
	reply(tb, 2, VXE_FAULT_REPLY_RETRY);
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(tb, 0, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, page), 1);

	{
		const u32 cmd[] = { ATOMIC_INC_HDR, LO(0x9000), HI(0x9000) };

		vxe_tb_emit(tb, 0, cmd, ARRAY_SIZE(cmd));
		vxe_tb_submit(tb, 0);
	}
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(tb, 0, 2000), VXE_CTX_STATE_STALLED);
	expect_fault(test, tb, fq, 2, 0x9000, VXE_ACCESS_ATOMIC, VXE_FAULT_ATOMIC_DISABLED);
	vxe_tb_map(tb, 1, 0x9000, page | VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_ATOMIC |
		   VXE_PTE_LM, 0);
	vxe_tb_tlb_inv(tb, VXE_TLB_INV_RANGE, 1, 0x9000, SZ_4K);
	reply(tb, 3, VXE_FAULT_REPLY_RETRY);
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(tb, 0, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, page), 2);
}

/* Answering fail errors the context; reset makes it usable again */
static void vxe_hw_mmu_test_fault_fail(struct kunit *test)
{
	struct vxe_tb *tb = bench(test, VXE_VM_CTL_FAULT_MODE, 0);
	u64 fq = fault_queue(tb), page = vxe_tb_alloc(tb, SZ_4K, SZ_4K);
	u32 st;

	KUNIT_ASSERT_EQ(test, store(tb, 0x6000, 7), VXE_CTX_STATE_STALLED);
	expect_fault(test, tb, fq, 0, 0x6000, VXE_ACCESS_WRITE, VXE_FAULT_NOT_PRESENT);
	reply(tb, 1, VXE_FAULT_REPLY_FAIL);
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(tb, 0, 2000), VXE_CTX_STATE_ERROR);
	st = vxe_tb_ctx_status(tb, 0);
	KUNIT_EXPECT_EQ(test, error_of(st), VXE_CTX_ERROR_FAULT);

	/* An errored context runs nothing until reset */
	vxe_tb_map(tb, 1, 0x6000, page | VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_LM, 0);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_RESET);
	KUNIT_EXPECT_EQ(test, state_of(vxe_tb_ctx_status(tb, 0)), VXE_CTX_STATE_IDLE);
	KUNIT_ASSERT_EQ(test, store(tb, 0x6000, 8), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(tb, page), 8);
}

/* A full queue holds the next faulting context until there is room */
static void vxe_hw_mmu_test_fault_queue_full(struct kunit *test)
{
	struct vxe_tb *tb = vxe_tb_create(test);
	u64 fq = vxe_tb_alloc(tb, SZ_4K, SZ_4K);
	unsigned int i;

	vxe_tb_vm(tb, 1, VXE_VM_CTL_FAULT_MODE, 0);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_BASE_LO, lower_32_bits(vxe_tb_dpa(fq)));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_BASE_HI, upper_32_bits(vxe_tb_dpa(fq)));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_SIZE, 2);

	for (i = 0; i < 3; i++) {
		const u32 cmd[] = { SDI_HDR, LO(0x10000 * (i + 1)), HI(0x10000 * (i + 1)), i };

		vxe_tb_ctx(tb, i, RCS, 1, 0);
		vxe_tb_emit(tb, i, cmd, ARRAY_SIZE(cmd));
		vxe_tb_submit(tb, i);
		KUNIT_ASSERT_EQ(test, vxe_tb_wait(tb, i, 2000), VXE_CTX_STATE_STALLED);
	}
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_FQ_TAIL), 2);

	/* Consuming one entry lets the third fault in */
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_HEAD, 1);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_FQ_TAIL), 3);
	/* The head cannot pass the tail */
	vxe_hw_mmio_write32(tb->hw, VXE_REG_FQ_HEAD, 7);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_FQ_HEAD), 1);
}

static struct kunit_case vxe_hw_mmu_test_cases[] = {
	KUNIT_CASE(vxe_hw_mmu_test_leaf_sizes),
	KUNIT_CASE(vxe_hw_mmu_test_aperture),
	KUNIT_CASE(vxe_hw_mmu_test_null),
	KUNIT_CASE(vxe_hw_mmu_test_scratch),
	KUNIT_CASE(vxe_hw_mmu_test_tlb_invalidation),
	KUNIT_CASE(vxe_hw_mmu_test_fault_retry),
	KUNIT_CASE(vxe_hw_mmu_test_fault_fail),
	KUNIT_CASE(vxe_hw_mmu_test_fault_queue_full),
	{}
};

static struct kunit_suite vxe_hw_mmu_test_suite = {
	.name = "vxe_hw_mmu",
	.test_cases = vxe_hw_mmu_test_cases,
};

kunit_test_suite(vxe_hw_mmu_test_suite);

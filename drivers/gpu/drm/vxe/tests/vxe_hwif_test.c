// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * KUnit tests of the driver's side of the hardware interface: rings and
 * their fences, context errors, TLB invalidation with wait, migration
 * copies (also into a full ring), and the fault consumer resolving a GPU
 * fault by mapping the page and answering retry (or failing it).
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include <drm/drm_kunit_helpers.h>

#include "../vxe_device.h"
#include "../vxe_hw.h"
#include "../vxe_migrate.h"
#include "../vxe_ring.h"
#include "../vxe_tlb_inval.h"

#define RCS		0
#define TEST_ASID	1

struct hwif_test {
	struct vxe_device *vxe;
	u8 *vram;
	u64 root;	/* VRAM offset of ASID 1's root table */
	u64 next;	/* VRAM bump allocator */
	u64 fault_page;	/* what the fault handler maps */
	int fault_ret;	/* what the fault handler returns */
};

/* The fault handler runs on a workqueue, outside the test's thread */
static struct hwif_test *hwif_current;

static u64 vram_alloc(struct hwif_test *t)
{
	u64 off = t->next;

	t->next += SZ_4K;
	memset(t->vram + off, 0, SZ_4K);
	return off;
}

/* Map a 4K VRAM page at @va in ASID 1, building tables as needed */
static void map4k(struct hwif_test *t, u64 va, u64 page)
{
	static const u8 shift[] = { 12, 21, 30, 39 };
	u64 table = t->root;
	int l;

	for (l = 3; l > 0; l--) {
		u64 *e = (u64 *)(t->vram + table) + ((va >> shift[l]) & 511);

		if (!(*e & VXE_PTE_VALID))
			*e = vram_alloc(t) | VXE_PTE_VALID | VXE_PTE_LM;
		table = *e & VXE_PTE_ADDR;
	}
	((u64 *)(t->vram + table))[(va >> 12) & 511] =
		page | VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_LM;
}

static int hwif_fault_handler(struct vxe_device *vxe, const struct vxe_hw_fault_desc *d)
{
	struct hwif_test *t = hwif_current;
	u64 va = le64_to_cpu(d->va) & PAGE_MASK;
	int ret;

	if (t->fault_ret)
		return t->fault_ret;
	map4k(t, va, t->fault_page);
	ret = vxe_tlb_inval_range(vxe, le32_to_cpu(d->asid), va, SZ_4K);
	return ret;
}

static void hwif_release(void *data)
{
	struct vxe_device *vxe = data;

	vxe_device_fini_hw(vxe);
	vxe_hw_destroy(vxe->hw);
}

static int hwif_test_init(struct kunit *test)
{
	struct vxe_hw_config cfg;
	struct hwif_test *t;
	struct device *dev;
	u64 dpa;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	hwif_current = t;

	dev = drm_kunit_helper_alloc_device(test);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(64)), 0);
	t->vxe = drm_kunit_helper_alloc_drm_device(test, dev, struct vxe_device, drm, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vxe);

	vxe_hw_config_init_default(&cfg, SZ_16M);
	t->vxe->hw = vxe_hw_create(dev, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vxe->hw);
	KUNIT_ASSERT_EQ(test, vxe_device_probe_info(t->vxe), 0);
	KUNIT_ASSERT_EQ(test, vxe_device_init_hw(t->vxe), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, hwif_release, t->vxe), 0);
	KUNIT_ASSERT_NOT_NULL(test, t->vxe->migrate);

	/* A fault-mode address space for the tests that need one */
	t->vram = vxe_hw_vram_window(t->vxe->hw);
	t->next = SZ_1M;
	t->root = vram_alloc(t);
	dpa = VXE_MIGRATE_VRAM_DPA(t->root);
	vxe_hw_mmio_write32(t->vxe->hw, VXE_REG_VM_SELECT, TEST_ASID);
	vxe_hw_mmio_write32(t->vxe->hw, VXE_REG_VM_ROOT_LO, lower_32_bits(dpa));
	vxe_hw_mmio_write32(t->vxe->hw, VXE_REG_VM_ROOT_HI, upper_32_bits(dpa));
	vxe_hw_mmio_write32(t->vxe->hw, VXE_REG_VM_CTL,
			    VXE_VM_CTL_ENABLE | VXE_VM_CTL_FAULT_MODE);
	return 0;
}

static long wait(struct dma_fence *fence)
{
	long ret = dma_fence_wait_timeout(fence, false, 5 * HZ);

	return ret > 0 ? fence->error : (ret ? ret : -ETIME);
}

/* Commands on a ring complete in order and signal their fences */
static void hwif_test_ring_fences(struct kunit *test)
{
	struct hwif_test *t = test->priv;
	u64 data = VXE_MIGRATE_VRAM_DPA(vram_alloc(t));
	struct dma_fence *f[8];
	struct vxe_ring *ring;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, vxe_ring_create(t->vxe, RCS, TEST_ASID, 0, SZ_16K, &ring), 0);
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		/* MI_STORE_DATA_IMM to a DPA (GGTT bit) */
		const u32 cs[] = { 0x10400002, lower_32_bits(data) + 4 * i,
				   upper_32_bits(data), 100 + i };

		f[i] = vxe_ring_submit(ring, cs, ARRAY_SIZE(cs));
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f[i]);
	}
	KUNIT_EXPECT_EQ(test, wait(f[ARRAY_SIZE(f) - 1]), 0);
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(f[i]));
		KUNIT_EXPECT_EQ(test, f[i]->error, 0);
		KUNIT_EXPECT_EQ(test, *(u32 *)(t->vram + data - VXE_DPA_VRAM + 4 * i), 100 + i);
		dma_fence_put(f[i]);
	}
	vxe_ring_destroy(ring);
}

/* A bad command errors the context: -EIO, banned, reset recovers */
static void hwif_test_ring_error(struct kunit *test)
{
	struct hwif_test *t = test->priv;
	const u32 bad[] = { 0x3e000000, 0 };
	const u32 good[] = { 0x00000000, 0x00000000 };
	struct dma_fence *f;
	struct vxe_ring *ring;

	KUNIT_ASSERT_EQ(test, vxe_ring_create(t->vxe, RCS, TEST_ASID, 0, SZ_16K, &ring), 0);
	f = vxe_ring_submit(ring, bad, ARRAY_SIZE(bad));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_EQ(test, wait(f), -EIO);
	dma_fence_put(f);
	KUNIT_EXPECT_TRUE(test, vxe_ring_banned(ring));
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_ring_submit(ring, good, ARRAY_SIZE(good))), -EIO);

	KUNIT_ASSERT_EQ(test, vxe_ring_reset(ring), 0);
	f = vxe_ring_submit(ring, good, ARRAY_SIZE(good));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_EQ(test, wait(f), 0);
	dma_fence_put(f);
	vxe_ring_destroy(ring);
}

/*
 * A suspended context runs nothing, not even what is submitted to it,
 * until it is resumed.
 */
static void hwif_test_ring_suspend(struct kunit *test)
{
	struct hwif_test *t = test->priv;
	u64 data = VXE_MIGRATE_VRAM_DPA(vram_alloc(t));
	u32 *cpu = (u32 *)(t->vram + data - VXE_DPA_VRAM);
	/* MI_STORE_DATA_IMM to a DPA (GGTT bit) */
	const u32 cs[] = { 0x10400002, lower_32_bits(data), upper_32_bits(data), 7 };
	struct dma_fence *f;
	struct vxe_ring *ring;

	KUNIT_ASSERT_EQ(test, vxe_ring_create(t->vxe, RCS, TEST_ASID, 0, SZ_16K, &ring), 0);
	*cpu = 0;
	KUNIT_ASSERT_EQ(test, vxe_ring_suspend(ring), 0);
	f = vxe_ring_submit(ring, cs, ARRAY_SIZE(cs));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	msleep(50);
	KUNIT_EXPECT_FALSE(test, dma_fence_is_signaled(f));
	KUNIT_EXPECT_EQ(test, READ_ONCE(*cpu), 0);

	vxe_ring_resume(ring);
	KUNIT_EXPECT_EQ(test, wait(f), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*cpu), 7);
	dma_fence_put(f);
	vxe_ring_destroy(ring);
}

/* Copies between a system page and VRAM, and a clear, by DPA */
static void hwif_test_migrate(struct kunit *test)
{
	struct hwif_test *t = test->priv;
	struct device *dev = t->vxe->drm.dev;
	struct page *page = alloc_page(GFP_KERNEL);
	u64 vram = vram_alloc(t);
	struct dma_fence *f;
	dma_addr_t dma;
	u8 *p;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, page);
	p = kmap_local_page(page);
	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = i ^ 0x5a;
	kunmap_local(p);
	dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, dma));

	f = vxe_migrate_copy(t->vxe, VXE_MIGRATE_VRAM_DPA(vram), dma, PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_EQ(test, wait(f), 0);
	dma_fence_put(f);
	for (i = 0; i < PAGE_SIZE; i++)
		if (t->vram[vram + i] != (u8)(i ^ 0x5a))
			break;
	KUNIT_EXPECT_EQ(test, i, PAGE_SIZE);

	/* Unaligned, back to system memory over a cleared page */
	f = vxe_migrate_clear(t->vxe, dma, PAGE_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_EQ(test, wait(f), 0);
	dma_fence_put(f);
	f = vxe_migrate_copy(t->vxe, dma + 3, VXE_MIGRATE_VRAM_DPA(vram) + 3, 1000);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_EQ(test, wait(f), 0);
	dma_fence_put(f);

	dma_unmap_page(dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	p = kmap_local_page(page);
	KUNIT_EXPECT_EQ(test, p[2], 0);
	KUNIT_EXPECT_EQ(test, p[3], (u8)(3 ^ 0x5a));
	KUNIT_EXPECT_EQ(test, p[1002], (u8)(1002 ^ 0x5a));
	KUNIT_EXPECT_EQ(test, p[1003], 0);
	kunmap_local(p);
	__free_page(page);

	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_migrate_copy(t->vxe, 0, 0, 0)), -EINVAL);
}

/* The migration ring's engine waits on this VRAM dword until it is 1 */
static u32 *hwif_sem;

static void hwif_release_sem(struct work_struct *work)
{
	WRITE_ONCE(*hwif_sem, 1);
}

static DECLARE_DELAYED_WORK(hwif_release_sem_work, hwif_release_sem);

/*
 * Copy 256-byte pieces of one VRAM page to another, @n of them, while the
 * copy engine is held by a semaphore for 200 ms: far more than the ring
 * holds is submitted meanwhile. Return the error of the first copy that
 * failed, or of the last one's fence.
 */
static int hwif_copy_held(struct hwif_test *t, u64 dst, u64 src, int n)
{
	u64 sem = VXE_MIGRATE_VRAM_DPA(vram_alloc(t));
	const u32 sem_wait[] = {	/* GGTT, until the dword == 1 */
		0x0e40c003, 1, lower_32_bits(sem), upper_32_bits(sem), 0,
	};
	struct dma_fence *f = NULL, *next;
	int i, err, ret = 0;

	hwif_sem = (u32 *)(t->vram + sem - VXE_DPA_VRAM);
	next = vxe_ring_submit(t->vxe->migrate, sem_wait, ARRAY_SIZE(sem_wait));
	if (IS_ERR(next))
		return PTR_ERR(next);
	dma_fence_put(next);
	schedule_delayed_work(&hwif_release_sem_work, msecs_to_jiffies(200));

	for (i = 0; i < n; i++) {
		u64 off = (i % 16) * 256;

		next = vxe_migrate_copy(t->vxe, VXE_MIGRATE_VRAM_DPA(dst + off),
					VXE_MIGRATE_VRAM_DPA(src + off), 256);
		if (IS_ERR(next)) {
			ret = PTR_ERR(next);
			break;
		}
		dma_fence_put(f);
		f = next;
	}
	/* Before the ring is torn down, the engine must be let go */
	flush_delayed_work(&hwif_release_sem_work);
	if (f) {
		err = wait(f);
		ret = ret ?: err;
		dma_fence_put(f);
	}
	return ret;
}

/* A migration that finds the ring full waits for room instead of failing */
static void hwif_test_migrate_ring_full(struct kunit *test)
{
	struct hwif_test *t = test->priv;
	u64 src = vram_alloc(t), dst = vram_alloc(t);
	int i;

	for (i = 0; i < SZ_4K; i++)
		t->vram[src + i] = i * 7;

	/* 1024 submissions of 64 bytes each, into a ring of 16K */
	KUNIT_EXPECT_EQ(test, hwif_copy_held(t, dst, src, 1024), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->vram + dst, t->vram + src, SZ_4K), 0);
}

/* A store to an unmapped VA faults; the consumer maps and retries */
static void hwif_test_fault_resolved(struct kunit *test)
{
	struct hwif_test *t = test->priv;
	const u32 cs[] = { 0x10000002, 0x7654320, 0x12, 0xfeed };	/* PPGTT */
	struct dma_fence *f;
	struct vxe_ring *ring;

	t->fault_page = vram_alloc(t);
	t->vxe->fault.handler = hwif_fault_handler;
	KUNIT_ASSERT_EQ(test, vxe_ring_create(t->vxe, RCS, TEST_ASID, 0, SZ_16K, &ring), 0);
	f = vxe_ring_submit(ring, cs, ARRAY_SIZE(cs));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_EQ(test, wait(f), 0);
	dma_fence_put(f);
	KUNIT_EXPECT_EQ(test, *(u32 *)(t->vram + t->fault_page + 0x320), 0xfeed);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->vxe->fault.count), 1);

	/* The handler fails the next one: the context errors */
	t->fault_ret = -EFAULT;
	{
		const u32 cs2[] = { 0x10000002, 0x10000, 0x34, 1 };

		f = vxe_ring_submit(ring, cs2, ARRAY_SIZE(cs2));
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_EQ(test, wait(f), -EIO);
	dma_fence_put(f);
	KUNIT_EXPECT_TRUE(test, vxe_ring_banned(ring));
	t->vxe->fault.handler = NULL;
	vxe_ring_destroy(ring);
}

static void hwif_test_tlb_inval(struct kunit *test)
{
	struct hwif_test *t = test->priv;
	u32 before = vxe_hw_mmio_read32(t->vxe->hw, VXE_REG_TLB_INV_DONE);

	KUNIT_EXPECT_EQ(test, vxe_tlb_inval_range(t->vxe, TEST_ASID, 0, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, vxe_tlb_inval_asid(t->vxe, TEST_ASID), 0);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(t->vxe->hw, VXE_REG_TLB_INV_DONE), before + 2);
}

static struct kunit_case hwif_test_cases[] = {
	KUNIT_CASE(hwif_test_ring_fences),
	KUNIT_CASE(hwif_test_ring_error),
	KUNIT_CASE(hwif_test_ring_suspend),
	KUNIT_CASE(hwif_test_migrate),
	KUNIT_CASE(hwif_test_migrate_ring_full),
	KUNIT_CASE(hwif_test_fault_resolved),
	KUNIT_CASE(hwif_test_tlb_inval),
	{}
};

static struct kunit_suite hwif_test_suite = {
	.name = "vxe_hwif",
	.init = hwif_test_init,
	.test_cases = hwif_test_cases,
};

kunit_test_suite(hwif_test_suite);

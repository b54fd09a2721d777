// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * KUnit tests of the page-table layer, checked against the device model's
 * own MMU walker: every leaf size, VRAM aperture, NULL and read-only
 * entries, scratch, unmap and freeing of empty tables, remap with a
 * split, zap and rebind, failure injected at every table allocation of a
 * prepare, which must leave the tree as it was, and deferred updates.
 */

#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>

#include "../vxe_hw.h"
#include "../vxe_hw_regs.h"
#include "../vxe_hw_types.h"
#include "../vxe_pt.h"
#include "vxe_hw_test_bench.h"
#include "vxe_test_inject.h"

#define ASID		1
#define SYS(x)		((u64)(x))
#define VRAM(x)		(VXE_DPA_VRAM + (x))

struct pt_ctx {
	struct kunit *test;
	struct vxe_tb *tb;
	struct vxe_pt_tree tree;
	struct rw_semaphore lock;
};

static void pt_ctx_fini(void *data)
{
	struct pt_ctx *c = data;

	vxe_pt_tree_fini(&c->tree);
}

static void program_vm(struct pt_ctx *c, u32 ctl, u64 scratch)
{
	struct vxe_hw *hw = c->tb->hw;
	u64 root = vxe_pt_tree_root(&c->tree);

	vxe_hw_mmio_write32(hw, VXE_REG_VM_SELECT, ASID);
	vxe_hw_mmio_write32(hw, VXE_REG_VM_ROOT_LO, lower_32_bits(root));
	vxe_hw_mmio_write32(hw, VXE_REG_VM_ROOT_HI, upper_32_bits(root));
	vxe_hw_mmio_write32(hw, VXE_REG_VM_SCRATCH_LO, lower_32_bits(scratch));
	vxe_hw_mmio_write32(hw, VXE_REG_VM_SCRATCH_HI, upper_32_bits(scratch));
	vxe_hw_mmio_write32(hw, VXE_REG_VM_CTL, ctl | VXE_VM_CTL_ENABLE);
}

static struct pt_ctx *pt_ctx_create(struct kunit *test, u32 ctl, u64 scratch)
{
	struct pt_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->tb = vxe_tb_create(test);
	init_rwsem(&c->lock);
	KUNIT_ASSERT_EQ(test, vxe_pt_tree_init(&c->tree, c->tb->dev,
					       SZ_4K | SZ_64K | SZ_2M | SZ_1G, SZ_64K,
					       &c->lock), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pt_ctx_fini, c), 0);
	program_vm(c, ctl, scratch);
	return c;
}

/* Translate through the model, with nothing cached */
static int xlate(struct pt_ctx *c, u64 va, enum vxe_hw_access access, struct vxe_hw_xlate *x)
{
	struct vxe_hw *hw = c->tb->hw;
	int ret;

	vxe_hw_tlb_flush_asid(hw, ASID);
	spin_lock(&hw->tlb_lock);
	ret = vxe_hw_translate_locked(hw, ASID, va, access, x);
	spin_unlock(&hw->tlb_lock);
	return ret;
}

/* Expect @va to land on @dpa in a page of @size */
static void expect_leaf(struct pt_ctx *c, u64 va, u64 dpa, u64 size)
{
	struct vxe_hw_xlate x;

	KUNIT_ASSERT_EQ_MSG(c->test, xlate(c, va, VXE_ACCESS_READ, &x), 0, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(c->test, x.dpa, dpa, "va %#llx", va);
	KUNIT_EXPECT_EQ_MSG(c->test, x.len, size - (va & (size - 1)), "va %#llx", va);
}

static void expect_unmapped(struct pt_ctx *c, u64 va)
{
	struct vxe_hw_xlate x;

	KUNIT_EXPECT_EQ_MSG(c->test, xlate(c, va, VXE_ACCESS_READ, &x), -ENOENT, "va %#llx", va);
}

static int prepare_map(struct vxe_pt_update *u, u64 start, u64 size, u64 dpa, u16 flags,
		       struct vxe_pt_seg *seg, struct vxe_pt_state *st)
{
	struct vxe_pt_attrs attrs = { .pat_index = 2, .flags = flags };
	struct vxe_pt_cursor cur;

	seg->dpa = dpa;
	seg->len = size;
	if (flags & VXE_PT_NULL)
		vxe_pt_cursor_init_none(&cur);
	else
		vxe_pt_cursor_init_segs(&cur, seg, 1, 0);
	return vxe_pt_prepare_map(u, start, start + size, &attrs, &cur, st);
}

static void commit(struct pt_ctx *c, struct vxe_pt_update *u)
{
	down_read(&c->lock);
	vxe_pt_commit(u);
	up_read(&c->lock);
}

/* Map one contiguous range in its own update */
static int map(struct pt_ctx *c, u64 start, u64 size, u64 dpa, u16 flags,
	       struct vxe_pt_state *st)
{
	struct vxe_pt_update u;
	struct vxe_pt_seg seg;
	int ret;

	vxe_pt_update_init(&u, &c->tree);
	ret = prepare_map(&u, start, size, dpa, flags, &seg, st);
	if (!ret)
		commit(c, &u);
	vxe_pt_update_fini(&u);
	return ret;
}

static void unmap(struct pt_ctx *c, u64 start, u64 size, struct vxe_pt_state *st)
{
	struct vxe_pt_update u;

	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(c->test, vxe_pt_prepare_unmap(&u, start, start + size, st), 0);
	commit(c, &u);
	vxe_pt_update_fini(&u);
}

static void vxe_pt_test_leaf_sizes(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_state st[6] = {};

	KUNIT_ASSERT_EQ(test, map(c, SZ_4K, SZ_4K, SYS(0x40000000), 0, &st[0]), 0);
	expect_leaf(c, SZ_4K, SYS(0x40000000), SZ_4K);
	KUNIT_EXPECT_EQ(test, st[0].page_sizes, SZ_4K);
	KUNIT_EXPECT_TRUE(test, st[0].present);

	KUNIT_ASSERT_EQ(test, map(c, SZ_64K, SZ_64K, SYS(0x50000000), 0, &st[1]), 0);
	expect_leaf(c, SZ_64K, SYS(0x50000000), SZ_64K);
	/* The model's TLB holds the others of a 64K run as 4K pages */
	expect_leaf(c, SZ_64K + 0x4000, SYS(0x50004000), SZ_4K);
	KUNIT_EXPECT_EQ(test, st[1].page_sizes, SZ_64K);

	KUNIT_ASSERT_EQ(test, map(c, 5 * SZ_2M, SZ_2M, SYS(0x60000000), 0, &st[2]), 0);
	expect_leaf(c, 5 * SZ_2M + 0x1234, SYS(0x60001234), SZ_2M);
	KUNIT_EXPECT_EQ(test, st[2].page_sizes, SZ_2M);

	KUNIT_ASSERT_EQ(test, map(c, 3ull * SZ_1G, SZ_1G, SYS(0x80000000), 0, &st[3]), 0);
	expect_leaf(c, 3ull * SZ_1G + SZ_2M, SYS(0x80000000 + SZ_2M), SZ_1G);
	KUNIT_EXPECT_EQ(test, st[3].page_sizes, SZ_1G);

	/* VRAM: the LM aperture, in 64K pages at least */
	KUNIT_ASSERT_EQ(test, map(c, 5ull * SZ_1G, SZ_64K, VRAM(SZ_64K), 0, &st[4]), 0);
	expect_leaf(c, 5ull * SZ_1G + 8, VRAM(SZ_64K + 8), SZ_64K);
	KUNIT_EXPECT_EQ(test, map(c, 6ull * SZ_1G, SZ_4K, VRAM(0), 0, &st[5]), -EINVAL);
	expect_unmapped(c, 6ull * SZ_1G);

	/* Misaligned addresses get small pages */
	KUNIT_ASSERT_EQ(test, map(c, 8 * SZ_2M, SZ_2M, SYS(0x60001000), 0, &st[5]), 0);
	expect_leaf(c, 8 * SZ_2M, SYS(0x60001000), SZ_4K);
	expect_leaf(c, 9 * SZ_2M - SZ_4K, SYS(0x60001000 + SZ_2M - SZ_4K), SZ_4K);
	KUNIT_EXPECT_EQ(test, st[5].page_sizes, SZ_4K);
}

static void vxe_pt_test_mixed(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	const u64 start = SZ_2M - SZ_64K, end = 2 * SZ_2M + SZ_4K, off = SZ_4G;
	struct vxe_pt_state st = {};

	KUNIT_ASSERT_EQ(test, map(c, start, end - start, off + start, 0, &st), 0);
	expect_leaf(c, start, off + start, SZ_64K);
	expect_leaf(c, SZ_2M, off + SZ_2M, SZ_2M);
	expect_leaf(c, 2 * SZ_2M, off + 2 * SZ_2M, SZ_4K);
	expect_unmapped(c, start - SZ_4K);
	expect_unmapped(c, end);
	KUNIT_EXPECT_EQ(test, st.page_sizes, SZ_4K | SZ_64K | SZ_2M);
}

static void vxe_pt_test_unmap_frees(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_state a = {}, b = {};
	u64 start, len;
	struct vxe_pt_update u;

	KUNIT_EXPECT_EQ(test, c->tree.tables, 1);
	KUNIT_ASSERT_EQ(test, map(c, 7ull * SZ_1G + SZ_4K, SZ_4K, SYS(0x1000), 0, &a), 0);
	KUNIT_ASSERT_EQ(test, map(c, 7ull * SZ_1G + SZ_2M, SZ_2M, SYS(SZ_2M), 0, &b), 0);
	/* root, L2, L1 and one L0 */
	KUNIT_EXPECT_EQ(test, c->tree.tables, 4);

	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(test, vxe_pt_prepare_unmap(&u, 7ull * SZ_1G + SZ_4K,
						   7ull * SZ_1G + SZ_8K, &a), 0);
	commit(c, &u);
	KUNIT_EXPECT_TRUE(test, vxe_pt_update_needs_inval(&u, &start, &len));
	KUNIT_EXPECT_LE(test, start, 7ull * SZ_1G + SZ_4K);
	KUNIT_EXPECT_GE(test, start + len, 7ull * SZ_1G + SZ_8K);
	vxe_pt_update_fini(&u);
	KUNIT_EXPECT_FALSE(test, a.present);
	KUNIT_EXPECT_EQ(test, c->tree.tables, 3);
	expect_unmapped(c, 7ull * SZ_1G + SZ_4K);
	expect_leaf(c, 7ull * SZ_1G + SZ_2M, SYS(SZ_2M), SZ_2M);

	unmap(c, 7ull * SZ_1G + SZ_2M, SZ_2M, &b);
	KUNIT_EXPECT_EQ(test, c->tree.tables, 1);
	expect_unmapped(c, 7ull * SZ_1G + SZ_2M);
}

/* A remap as drm_gpuvm splits one: unmap the old, map what is left around a hole */
static void vxe_pt_test_remap_split(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_state old = {}, prev = {}, next = {};
	const u64 base = SZ_1G, dpa = 0x200000000ull, hole = SZ_1M;
	struct vxe_pt_seg s1, s2;
	struct vxe_pt_update u;

	KUNIT_ASSERT_EQ(test, map(c, base, SZ_4M, dpa, 0, &old), 0);
	expect_leaf(c, base + hole, dpa + hole, SZ_2M);

	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(test, vxe_pt_prepare_unmap(&u, base, base + SZ_4M, &old), 0);
	KUNIT_ASSERT_EQ(test, prepare_map(&u, base, hole, dpa, 0, &s1, &prev), 0);
	KUNIT_ASSERT_EQ(test, prepare_map(&u, base + hole + SZ_64K, SZ_4M - hole - SZ_64K,
					  dpa + hole + SZ_64K, 0, &s2, &next), 0);
	/* Nothing visible before the commit */
	expect_leaf(c, base + hole, dpa + hole, SZ_2M);
	commit(c, &u);
	vxe_pt_update_fini(&u);

	KUNIT_EXPECT_FALSE(test, old.present);
	KUNIT_EXPECT_TRUE(test, prev.present && next.present);
	expect_leaf(c, base, dpa, SZ_64K);
	expect_leaf(c, base + hole - SZ_4K, dpa + hole - SZ_4K, SZ_64K);
	expect_unmapped(c, base + hole);
	expect_unmapped(c, base + hole + SZ_64K - SZ_4K);
	expect_leaf(c, base + hole + SZ_64K, dpa + hole + SZ_64K, SZ_64K);
	expect_leaf(c, base + SZ_2M, dpa + SZ_2M, SZ_2M);
	KUNIT_EXPECT_EQ(test, next.page_sizes, SZ_64K | SZ_2M);

	/* Merge back: one mapping over the whole range again */
	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(test, vxe_pt_prepare_unmap(&u, base, base + hole, &prev), 0);
	KUNIT_ASSERT_EQ(test, vxe_pt_prepare_unmap(&u, base + hole + SZ_64K, base + SZ_4M,
						   &next), 0);
	KUNIT_ASSERT_EQ(test, prepare_map(&u, base, SZ_4M, dpa, 0, &s1, &old), 0);
	commit(c, &u);
	vxe_pt_update_fini(&u);
	expect_leaf(c, base + hole, dpa + hole, SZ_2M);
	KUNIT_EXPECT_EQ(test, old.page_sizes, SZ_2M);
	/* The level-0 table the split needed is gone again */
	KUNIT_EXPECT_EQ(test, c->tree.tables, 3);
}

static void vxe_pt_test_null_readonly(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_state a = {}, b = {};
	struct vxe_hw_xlate x;

	KUNIT_ASSERT_EQ(test, map(c, SZ_1G, SZ_1G, 0, VXE_PT_NULL, &a), 0);
	KUNIT_ASSERT_EQ(test, xlate(c, SZ_1G + 0x1000, VXE_ACCESS_WRITE, &x), 0);
	KUNIT_EXPECT_TRUE(test, x.null);
	KUNIT_EXPECT_EQ(test, a.page_sizes, SZ_1G);

	KUNIT_ASSERT_EQ(test, map(c, SZ_64K, SZ_64K, SYS(SZ_1M), VXE_PT_READ_ONLY, &b), 0);
	KUNIT_EXPECT_EQ(test, xlate(c, SZ_64K, VXE_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, xlate(c, SZ_64K, VXE_ACCESS_WRITE, &x), -ENOENT);
	KUNIT_EXPECT_EQ(test, x.fault.type, VXE_FAULT_WRITE_PROTECTED);
}

static void vxe_pt_test_scratch(struct kunit *test)
{
	const u64 scratch = SYS(0x7000000);
	struct pt_ctx *c = pt_ctx_create(test, VXE_VM_CTL_SCRATCH, scratch);
	struct vxe_pt_state a = {};

	expect_leaf(c, SZ_2M + 0x10, scratch + 0x10, SZ_4K);
	KUNIT_ASSERT_EQ(test, map(c, SZ_2M, SZ_2M, SYS(SZ_2M), 0, &a), 0);
	expect_leaf(c, SZ_2M + 0x10, SYS(SZ_2M + 0x10), SZ_2M);
	unmap(c, SZ_2M, SZ_2M, &a);
	expect_leaf(c, SZ_2M + 0x10, scratch + 0x10, SZ_4K);
}

static void vxe_pt_test_zap(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_state a = {};
	struct vxe_pt_update u;
	struct vxe_pt_seg seg;
	u64 start, len;

	KUNIT_ASSERT_EQ(test, map(c, SZ_2M, SZ_2M + SZ_64K, SYS(SZ_2M), 0, &a), 0);
	down_write(&c->lock);
	vxe_pt_zap(&c->tree, SZ_2M, 2 * SZ_2M + SZ_64K, &a);
	up_write(&c->lock);
	KUNIT_EXPECT_TRUE(test, a.present && a.invalidated);
	expect_unmapped(c, SZ_2M);
	expect_unmapped(c, 2 * SZ_2M);
	/* The shape stays: no table is freed in a notifier */
	KUNIT_EXPECT_EQ(test, c->tree.tables, 4);

	/* Rebind: the zap already had the TLB forget the range */
	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(test, vxe_pt_prepare_unmap(&u, SZ_2M, 2 * SZ_2M + SZ_64K, &a), 0);
	KUNIT_ASSERT_EQ(test, prepare_map(&u, SZ_2M, SZ_2M + SZ_64K, SYS(SZ_4M), 0, &seg, &a), 0);
	commit(c, &u);
	KUNIT_EXPECT_FALSE(test, vxe_pt_update_needs_inval(&u, &start, &len));
	vxe_pt_update_fini(&u);
	KUNIT_EXPECT_TRUE(test, a.present && !a.invalidated);
	expect_leaf(c, SZ_2M, SYS(SZ_4M), SZ_2M);
	expect_leaf(c, 2 * SZ_2M, SYS(SZ_4M + SZ_2M), SZ_64K);
}

int vxe_test_fail_at;

/**
 * vxe_test_failing_pt_alloc() - vxe_pt_alloc(), failing when
 * vxe_test_fail_at allocations have been made
 * @tree: the tree
 * @level: the table's level
 *
 * Return: the table, or ERR_PTR(-ENOMEM) for the chosen one.
 */
struct vxe_pt *vxe_test_failing_pt_alloc(struct vxe_pt_tree *tree, unsigned int level)
{
	struct kunit *test = kunit_get_current_test();
	struct vxe_pt *pt;

	if (!vxe_test_fail_at--)
		return ERR_PTR(-ENOMEM);
	kunit_deactivate_static_stub(test, vxe_pt_alloc);
	pt = vxe_pt_alloc(tree, level);
	kunit_activate_static_stub(test, vxe_pt_alloc, vxe_test_failing_pt_alloc);
	return pt;
}

static void vxe_pt_test_error_injection(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_state keep = {}, st = {};
	/* In the root's second entry: nothing below it yet */
	const u64 va = 512ull * SZ_1G + SZ_4K;
	unsigned long tables;
	int i;

	KUNIT_ASSERT_EQ(test, map(c, SZ_64K, SZ_64K, SYS(SZ_1M), 0, &keep), 0);
	tables = c->tree.tables;

	/* A 4K page in an empty 512 GiB needs three new tables */
	for (i = 0; i < 3; i++) {
		vxe_test_fail_at = i;
		kunit_activate_static_stub(test, vxe_pt_alloc, vxe_test_failing_pt_alloc);
		KUNIT_EXPECT_EQ(test, map(c, va, SZ_4K, SYS(SZ_2M), 0, &st), -ENOMEM);
		kunit_deactivate_static_stub(test, vxe_pt_alloc);
		KUNIT_EXPECT_EQ_MSG(test, c->tree.tables, tables, "failing table %d", i);
		KUNIT_EXPECT_FALSE(test, st.present);
		expect_unmapped(c, va);
		expect_leaf(c, SZ_64K, SYS(SZ_1M), SZ_64K);
	}

	KUNIT_ASSERT_EQ(test, map(c, va, SZ_4K, SYS(SZ_2M), 0, &st), 0);
	KUNIT_EXPECT_EQ(test, c->tree.tables, tables + 3);
	expect_leaf(c, va, SYS(SZ_2M), SZ_4K);
}

/* Cursors over scattered pages find the runs that allow large pages */
static void vxe_pt_test_pages_cursor(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_attrs attrs = { .pat_index = 2 };
	struct vxe_pt_state st = {};
	struct vxe_pt_cursor cur;
	struct vxe_pt_update u;
	dma_addr_t *pages;
	int i, n = SZ_2M / SZ_4K + 16;

	pages = kunit_kcalloc(test, n, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	/* 2M contiguous and aligned, then 16 pages in reverse order */
	for (i = 0; i < SZ_2M / SZ_4K; i++)
		pages[i] = SZ_1G + i * SZ_4K;
	for (; i < n; i++)
		pages[i] = SZ_4G - (i - SZ_2M / SZ_4K) * SZ_4K;

	vxe_pt_update_init(&u, &c->tree);
	vxe_pt_cursor_init_pages(&cur, pages, n, 0);
	KUNIT_ASSERT_EQ(test, vxe_pt_prepare_map(&u, SZ_2M, 2 * SZ_2M + SZ_64K, &attrs,
						 &cur, &st), 0);
	commit(c, &u);
	vxe_pt_update_fini(&u);
	expect_leaf(c, SZ_2M, SZ_1G, SZ_2M);
	expect_leaf(c, 2 * SZ_2M, SZ_4G, SZ_4K);
	expect_leaf(c, 2 * SZ_2M + SZ_4K, SZ_4G - SZ_4K, SZ_4K);
	KUNIT_EXPECT_EQ(test, st.page_sizes, SZ_4K | SZ_2M);
}

static void replay(struct pt_ctx *c, struct vxe_pt_update *u)
{
	down_read(&c->lock);
	vxe_pt_update_replay(u);
	up_read(&c->lock);
}

/*
 * A deferred update changes the tree and the states at its commit, the
 * entries only at its replay; its span covers the entries it writes.
 */
static void vxe_pt_test_deferred(struct kunit *test)
{
	struct pt_ctx *c = pt_ctx_create(test, 0, 0);
	struct vxe_pt_state a = {}, b = {}, d = {};
	struct vxe_pt_update u;
	struct vxe_pt_seg seg;
	u64 start, end;

	KUNIT_ASSERT_EQ(test, map(c, SZ_4K, SZ_4K, SYS(0x1000), 0, &a), 0);

	/* Leaves in a table that exists: the range itself */
	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(test, prepare_map(&u, SZ_64K, SZ_64K, SYS(SZ_1M), 0, &seg, &d), 0);
	KUNIT_EXPECT_TRUE(test, vxe_pt_update_span(&u, &start, &end));
	KUNIT_EXPECT_EQ(test, start, SZ_64K);
	KUNIT_EXPECT_EQ(test, end, 2 * SZ_64K);
	vxe_pt_update_fini(&u);

	/* A new level-0 table: the 2M its link covers */
	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(test, prepare_map(&u, 2 * SZ_2M + SZ_64K, SZ_64K, SYS(SZ_2M), 0,
					  &seg, &b), 0);
	KUNIT_EXPECT_TRUE(test, vxe_pt_update_span(&u, &start, &end));
	KUNIT_EXPECT_EQ(test, start, 2 * SZ_2M);
	KUNIT_EXPECT_EQ(test, end, 3 * SZ_2M);
	KUNIT_ASSERT_EQ(test, vxe_pt_update_defer(&u), 0);
	commit(c, &u);
	KUNIT_EXPECT_TRUE(test, b.present);
	expect_unmapped(c, 2 * SZ_2M + SZ_64K);
	replay(c, &u);
	expect_leaf(c, 2 * SZ_2M + SZ_64K, SYS(SZ_2M), SZ_64K);
	vxe_pt_update_fini(&u);
	KUNIT_EXPECT_EQ(test, c->tree.tables, 5);

	/* Unmapped in the tree at once, but the entries stay until the replay */
	vxe_pt_update_init(&u, &c->tree);
	KUNIT_ASSERT_EQ(test, vxe_pt_prepare_unmap(&u, 2 * SZ_2M + SZ_64K,
						   2 * SZ_2M + 2 * SZ_64K, &b), 0);
	KUNIT_EXPECT_TRUE(test, vxe_pt_update_span(&u, &start, &end));
	KUNIT_EXPECT_EQ(test, start, 2 * SZ_2M);
	KUNIT_EXPECT_EQ(test, end, 3 * SZ_2M);
	KUNIT_ASSERT_EQ(test, vxe_pt_update_defer(&u), 0);
	commit(c, &u);
	KUNIT_EXPECT_FALSE(test, b.present);
	expect_leaf(c, 2 * SZ_2M + SZ_64K, SYS(SZ_2M), SZ_64K);
	replay(c, &u);
	expect_unmapped(c, 2 * SZ_2M + SZ_64K);
	/* The emptied table is freed with the update */
	KUNIT_EXPECT_EQ(test, c->tree.tables, 5);
	vxe_pt_update_fini(&u);
	KUNIT_EXPECT_EQ(test, c->tree.tables, 4);
	expect_leaf(c, SZ_4K, SYS(0x1000), SZ_4K);
}

static struct kunit_case vxe_pt_test_cases[] = {
	KUNIT_CASE(vxe_pt_test_leaf_sizes),
	KUNIT_CASE(vxe_pt_test_mixed),
	KUNIT_CASE(vxe_pt_test_unmap_frees),
	KUNIT_CASE(vxe_pt_test_remap_split),
	KUNIT_CASE(vxe_pt_test_null_readonly),
	KUNIT_CASE(vxe_pt_test_scratch),
	KUNIT_CASE(vxe_pt_test_zap),
	KUNIT_CASE(vxe_pt_test_error_injection),
	KUNIT_CASE(vxe_pt_test_pages_cursor),
	KUNIT_CASE(vxe_pt_test_deferred),
	{}
};

static struct kunit_suite vxe_pt_test_suite = {
	.name = "vxe_pt",
	.test_cases = vxe_pt_test_cases,
};

kunit_test_suite(vxe_pt_test_suite);

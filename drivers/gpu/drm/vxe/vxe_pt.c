// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: page tables
 *
 * vxe_pt builds and updates the device's page tables (format: "vxe address
 * spaces" in vxe_hw_regs.h). It knows nothing of VMAs, buffer objects or
 * SVM ranges: its inputs are a virtual range, a &struct vxe_pt_cursor
 * yielding the device addresses behind it, const &struct vxe_pt_attrs and
 * the &struct vxe_pt_state it keeps for that mapping. It never includes
 * drm_gpuvm.h or drm_gpusvm.h.
 *
 * One walker, vxe_pt_walk(), visits the entries a range covers in one
 * table and is used at every level by every operation (prepare, commit,
 * prune, zap, free); the visit callback decides whether to descend.
 *
 * An update is made in three steps, as Xe's and panthor's are:
 *
 * - prepare (vxe_pt_prepare_map(), vxe_pt_prepare_unmap()) allocates the
 *   tables a mapping will need and records the operation. New tables hang
 *   off the live tree's "pending" slots, invisible to the device; tables
 *   below a new table are linked into it directly. Prepare may sleep and
 *   fail; nothing the device can see has changed.
 * - commit (vxe_pt_commit()) applies the operations in order: it links
 *   pending tables, writes leaves and clears unmapped ones, then unlinks
 *   tables left empty. It neither allocates nor fails, and runs inside
 *   dma-fence signalling annotations so that lockdep can prove it.
 * - fini (vxe_pt_update_fini()) frees the tables commit unlinked, which
 *   the caller must only do once the TLB has forgotten the range
 *   vxe_pt_update_needs_inval() returns; or, for an update never committed,
 *   frees what prepare allocated.
 *
 * Each mapping gets the largest leaves that fit: a 1G or 2M leaf where the
 * virtual range covers the whole entry and the device addresses are
 * aligned and contiguous for it, else 4K entries, marked as 64K pages where
 * 16 of them are aligned and contiguous.
 *
 * Every table remembers which of its entries hold a leaf of some mapping
 * (a "slot"), zapped or not, and counts slots and child tables in @live;
 * a table whose count drops to zero is unlinked after the commit.
 *
 * vxe_pt_zap() clears the entries of a mapping in place without changing
 * the tree's shape, for MMU-notifier invalidation, where nothing may be
 * allocated or freed.
 */

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <kunit/static_stub.h>
#include <kunit/visibility.h>

#include "vxe_pt.h"

/**
 * struct vxe_pt - one page-table page
 */
struct vxe_pt {
	/** @entries: the table, as the device reads it */
	u64 *entries;
	/** @dma: device address of @entries */
	dma_addr_t dma;
	/** @level: 0 for 4K leaves up to 3 for the root */
	u8 level;
	/** @staged: allocated by a prepare and not yet linked into the tree */
	bool staged;
	/** @live: entries holding a child table or a mapping's leaf */
	u16 live;
	/** @idx: for a staged table hanging off a live one, its slot */
	u16 idx;
	/** @leaf: entries holding a mapping's leaf, even if zapped */
	DECLARE_BITMAP(leaf, VXE_PT_ENTRIES);
	/** @children: linked tables, for levels above 0 */
	struct vxe_pt **children;
	/** @pending: staged tables linked by the next commit */
	struct vxe_pt **pending;
	/** @parent: for a staged table hanging off a live one */
	struct vxe_pt *parent;
	/** @link: on &vxe_pt_update.staged or &vxe_pt_update.freed */
	struct list_head link;
	/** @doomed_gen: the update @doomed counts for */
	u32 doomed_gen;
	/** @doomed: entries that update's unmaps may clear, at most */
	u16 doomed;
	/** @doomed_counted: that update counted unlinking this table */
	bool doomed_counted;
};

/**
 * struct vxe_pt_op - one recorded operation of an update
 */
struct vxe_pt_op {
	/** @link: on &vxe_pt_update.ops */
	struct list_head link;
	/** @map: a map rather than an unmap */
	bool map;
	/** @start: first address */
	u64 start;
	/** @end: address after the last */
	u64 end;
	/** @attrs: copy of the attributes, for a map */
	struct vxe_pt_attrs attrs;
	/** @cur: the cursor at @start, for a map */
	struct vxe_pt_cursor cur;
	/** @state: the mapping's page-table state */
	struct vxe_pt_state *state;
};

struct vxe_pt_walk;
typedef int (*vxe_pt_visit_t)(struct vxe_pt_walk *w, struct vxe_pt *pt,
			      unsigned int idx, u64 addr, u64 next);

/* What one walk carries from entry to entry */
struct vxe_pt_walk {
	vxe_pt_visit_t visit;
	struct vxe_pt_tree *tree;
	struct vxe_pt_update *update;
	struct vxe_pt_op *op;
	struct vxe_pt_cursor cur;
	unsigned int ps64_left;
	/* prepare: the highest level of a table the commit writes to, or -1 */
	int top;
};

static unsigned int vxe_pt_shift(unsigned int level)
{
	return PAGE_SHIFT + 9 * level;
}

/*
 * The walker: visit each entry of @pt that [@addr, @end) touches, passing
 * the part of the range inside it.
 */
static int vxe_pt_walk(struct vxe_pt_walk *w, struct vxe_pt *pt, u64 addr, u64 end)
{
	unsigned int shift = vxe_pt_shift(pt->level);
	int ret;

	while (addr < end) {
		u64 next = min(end, (addr | (BIT_ULL(shift) - 1)) + 1);
		unsigned int idx = (addr >> shift) & (VXE_PT_ENTRIES - 1);

		ret = w->visit(w, pt, idx, addr, next);
		if (ret)
			return ret;
		addr = next;
	}

	return 0;
}

/* Cursors */

static void vxe_pt_cursor_load(struct vxe_pt_cursor *cur)
{
	unsigned long n;

	cur->run = 0;
	if (cur->idx >= cur->count)
		return;

	if (cur->kind == VXE_PT_CURSOR_PAGES) {
		cur->dpa = cur->pages[cur->idx];
		for (n = 1; cur->idx + n < cur->count; n++)
			if (cur->pages[cur->idx + n] != cur->dpa + n * PAGE_SIZE)
				break;
		cur->run = (u64)n * PAGE_SIZE;
	} else {
		cur->dpa = cur->segs[cur->idx].dpa;
		cur->run = cur->segs[cur->idx].len;
		for (n = 1; cur->idx + n < cur->count; n++) {
			if (cur->segs[cur->idx + n].dpa != cur->dpa + cur->run)
				break;
			cur->run += cur->segs[cur->idx + n].len;
		}
	}
	cur->idx += n;
}

static void vxe_pt_cursor_advance(struct vxe_pt_cursor *cur, u64 bytes)
{
	if (cur->kind == VXE_PT_CURSOR_NONE)
		return;

	while (bytes && cur->run) {
		u64 step = min(bytes, cur->run);

		cur->dpa += step;
		cur->run -= step;
		bytes -= step;
		if (!cur->run)
			vxe_pt_cursor_load(cur);
	}
}

/**
 * vxe_pt_cursor_init_none() - a cursor for a mapping without memory
 * @cur: the cursor
 *
 * For %VXE_PT_NULL mappings: every leaf size fits.
 */
void vxe_pt_cursor_init_none(struct vxe_pt_cursor *cur)
{
	*cur = (struct vxe_pt_cursor) {
		.kind = VXE_PT_CURSOR_NONE,
		.run = U64_MAX,
	};
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_cursor_init_none);

/**
 * vxe_pt_cursor_init_pages() - a cursor over an array of page addresses
 * @cur: the cursor
 * @pages: DMA addresses of PAGE_SIZE pages
 * @count: entries in @pages
 * @offset: bytes to skip, a multiple of PAGE_SIZE
 *
 * @pages must stay valid while the cursor is used, up to the commit.
 */
void vxe_pt_cursor_init_pages(struct vxe_pt_cursor *cur, const dma_addr_t *pages,
			      unsigned long count, u64 offset)
{
	*cur = (struct vxe_pt_cursor) {
		.kind = VXE_PT_CURSOR_PAGES,
		.pages = pages,
		.count = count,
		.idx = offset >> PAGE_SHIFT,
	};
	vxe_pt_cursor_load(cur);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_cursor_init_pages);

/**
 * vxe_pt_cursor_init_segs() - a cursor over contiguous segments
 * @cur: the cursor
 * @segs: the segments, in order
 * @count: entries in @segs
 * @offset: bytes to skip, a multiple of PAGE_SIZE
 *
 * @segs must stay valid while the cursor is used, up to the commit.
 */
void vxe_pt_cursor_init_segs(struct vxe_pt_cursor *cur, const struct vxe_pt_seg *segs,
			     unsigned long count, u64 offset)
{
	*cur = (struct vxe_pt_cursor) {
		.kind = VXE_PT_CURSOR_SEGS,
		.segs = segs,
		.count = count,
	};
	while (cur->idx < count && segs[cur->idx].len <= offset)
		offset -= segs[cur->idx++].len;
	vxe_pt_cursor_load(cur);
	vxe_pt_cursor_advance(cur, offset);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_cursor_init_segs);

/* Tables */

/*
 * Every table an update needs comes from here, so that tests can fail any
 * one of them (kunit_activate_static_stub()).
 */
VISIBLE_IF_KUNIT struct vxe_pt *vxe_pt_alloc(struct vxe_pt_tree *tree, unsigned int level)
{
	struct vxe_pt *pt;

	KUNIT_STATIC_STUB_REDIRECT(vxe_pt_alloc, tree, level);

	pt = kzalloc_obj(*pt);
	if (!pt)
		return ERR_PTR(-ENOMEM);

	pt->level = level;
	INIT_LIST_HEAD(&pt->link);
	if (level) {
		pt->children = kcalloc(VXE_PT_ENTRIES, sizeof(*pt->children), GFP_KERNEL);
		pt->pending = kcalloc(VXE_PT_ENTRIES, sizeof(*pt->pending), GFP_KERNEL);
		if (!pt->children || !pt->pending)
			goto err;
	}
	/* Coherent: the device sees each entry as soon as it is written */
	pt->entries = dma_alloc_coherent(tree->dev, PAGE_SIZE, &pt->dma, GFP_KERNEL);
	if (!pt->entries)
		goto err;

	tree->tables++;
	return pt;

err:
	kfree(pt->pending);
	kfree(pt->children);
	kfree(pt);
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_alloc);

/* Free @pt and every table below it */
static void vxe_pt_free(struct vxe_pt_tree *tree, struct vxe_pt *pt)
{
	unsigned int i;

	if (pt->level) {
		for (i = 0; i < VXE_PT_ENTRIES; i++) {
			if (pt->children[i])
				vxe_pt_free(tree, pt->children[i]);
			if (pt->pending[i])
				vxe_pt_free(tree, pt->pending[i]);
		}
	}
	dma_free_coherent(tree->dev, PAGE_SIZE, pt->entries, pt->dma);
	kfree(pt->pending);
	kfree(pt->children);
	kfree(pt);
	tree->tables--;
}

static u64 vxe_pt_pde(const struct vxe_pt *child)
{
	return VXE_PTE_VALID | (child->dma & VXE_PTE_ADDR);
}

static u64 vxe_pt_pte(const struct vxe_pt_attrs *attrs, u64 dpa, unsigned int level)
{
	u64 pte = VXE_PTE_VALID | FIELD_PREP(VXE_PTE_PAT, attrs->pat_index);

	if (!(attrs->flags & VXE_PT_READ_ONLY)) {
		pte |= VXE_PTE_WRITABLE;
		if (!(attrs->flags & VXE_PT_NO_ATOMIC))
			pte |= VXE_PTE_ATOMIC;
	}
	if (level)
		pte |= VXE_PTE_PS;
	if (attrs->flags & VXE_PT_NULL)
		return pte | VXE_PTE_NULL;
	if (dpa >= VXE_DPA_VRAM) {
		pte |= VXE_PTE_LM;
		dpa -= VXE_DPA_VRAM;
	}

	return pte | (dpa & VXE_PTE_ADDR);
}

static bool vxe_pt_is_vram(const struct vxe_pt_walk *w)
{
	return !(w->op->attrs.flags & VXE_PT_NULL) && w->cur.dpa >= VXE_DPA_VRAM;
}

/* Whether a leaf of @size can map [@addr, @next) at the cursor */
static bool vxe_pt_fits(const struct vxe_pt_walk *w, u64 size, u64 addr, u64 next)
{
	if (!(w->tree->page_sizes & size) || !IS_ALIGNED(addr, size) || next - addr < size)
		return false;
	if (w->op->attrs.flags & VXE_PT_NULL)
		return true;

	return IS_ALIGNED(w->cur.dpa, size) && w->cur.run >= size;
}

/* Whether entry @addr..@next at @level is mapped by one leaf */
static bool vxe_pt_leaf_fits(const struct vxe_pt_walk *w, unsigned int level,
			     u64 addr, u64 next)
{
	u64 size = BIT_ULL(vxe_pt_shift(level));

	if (level > 2 || next - addr != size)
		return false;
	return !level || vxe_pt_fits(w, size, addr, next);
}

/*
 * At level 0, start a 64K page where one fits. VRAM pages smaller than the
 * device's minimum cannot be mapped at all.
 */
static int vxe_pt_level0(struct vxe_pt_walk *w, u64 addr)
{
	if (IS_ALIGNED(addr, SZ_64K) && !w->ps64_left &&
	    !(w->op->attrs.flags & VXE_PT_NULL) && vxe_pt_fits(w, SZ_64K, addr, w->op->end))
		w->ps64_left = SZ_64K / SZ_4K;

	if (!w->ps64_left && vxe_pt_is_vram(w) && w->tree->vram_min_page > SZ_4K)
		return -EINVAL;
	return 0;
}

/* Prepare */

static int vxe_pt_prepare_visit(struct vxe_pt_walk *w, struct vxe_pt *pt,
				unsigned int idx, u64 addr, u64 next)
{
	struct vxe_pt *child;
	int ret;

	if (!pt->level) {
		ret = vxe_pt_level0(w, addr);
		if (ret)
			return ret;
		if (w->ps64_left)
			w->ps64_left--;
		vxe_pt_cursor_advance(&w->cur, next - addr);
		w->update->writes++;
		w->top = max_t(int, w->top, 0);
		return 0;
	}

	if (vxe_pt_leaf_fits(w, pt->level, addr, next)) {
		vxe_pt_cursor_advance(&w->cur, next - addr);
		/* An emptied table unlinked, then the leaf */
		w->update->writes += 2;
		w->top = max_t(int, w->top, pt->level);
		return 0;
	}

	child = pt->children[idx] ?: pt->pending[idx];
	if (!child) {
		child = vxe_pt_alloc(w->tree, pt->level - 1);
		if (IS_ERR(child))
			return PTR_ERR(child);
		child->staged = true;
		if (pt->staged) {
			/* Not visible yet: link it right away */
			pt->children[idx] = child;
			pt->entries[idx] = vxe_pt_pde(child);
			pt->live++;
		} else {
			child->parent = pt;
			child->idx = idx;
			pt->pending[idx] = child;
			list_add_tail(&child->link, &w->update->staged);
			/* The commit links it */
			w->update->writes++;
			w->top = max_t(int, w->top, pt->level);
		}
	}

	return vxe_pt_walk(w, child, addr, next);
}

/**
 * vxe_pt_update_init() - start an update
 * @update: the update
 * @tree: the tree it changes
 */
void vxe_pt_update_init(struct vxe_pt_update *update, struct vxe_pt_tree *tree)
{
	*update = (struct vxe_pt_update) { .tree = tree, .gen = ++tree->gen };
	INIT_LIST_HEAD(&update->ops);
	INIT_LIST_HEAD(&update->staged);
	INIT_LIST_HEAD(&update->freed);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_update_init);

/**
 * vxe_pt_update_move() - hand a prepared update over to another holder
 * @dst: uninitialised
 * @src: the update; empty and committed afterwards
 */
void vxe_pt_update_move(struct vxe_pt_update *dst, struct vxe_pt_update *src)
{
	*dst = *src;
	INIT_LIST_HEAD(&dst->ops);
	INIT_LIST_HEAD(&dst->staged);
	INIT_LIST_HEAD(&dst->freed);
	list_splice_init(&src->ops, &dst->ops);
	list_splice_init(&src->staged, &dst->staged);
	list_splice_init(&src->freed, &dst->freed);
	src->log = NULL;
	src->nlog = 0;
	src->committed = true;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_update_move);

/* Add [@start, @end), rounded out to the entry size of level @top, to the span */
static void vxe_pt_span_add(struct vxe_pt_update *update, u64 start, u64 end, int top)
{
	u64 size;

	if (top < 0)
		return;
	size = BIT_ULL(vxe_pt_shift(top));
	start = round_down(start, size);
	end = round_up(end, size);
	if (update->span_start == update->span_end) {
		update->span_start = start;
		update->span_end = end;
		return;
	}
	update->span_start = min(update->span_start, start);
	update->span_end = max(update->span_end, end);
}

/**
 * vxe_pt_update_span() - the range an update's entry writes lie in
 * @update: a prepared update
 * @start: the range's start
 * @end: its end
 *
 * Two updates whose spans do not overlap write disjoint entries, so may be
 * applied in either order.
 *
 * Return: whether the update writes any entry.
 */
bool vxe_pt_update_span(const struct vxe_pt_update *update, u64 *start, u64 *end)
{
	*start = update->span_start;
	*end = update->span_end;
	return *start != *end;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_update_span);

static struct vxe_pt_op *vxe_pt_op_add(struct vxe_pt_update *update, bool map, u64 start,
				       u64 end, struct vxe_pt_state *state)
{
	struct vxe_pt_op *op;

	if (WARN_ON_ONCE(update->committed) ||
	    !PAGE_ALIGNED(start) || !PAGE_ALIGNED(end) || start >= end ||
	    end > BIT_ULL(vxe_pt_shift(VXE_PT_LEVELS)))
		return ERR_PTR(-EINVAL);

	op = kzalloc_obj(*op);
	if (!op)
		return ERR_PTR(-ENOMEM);
	op->map = map;
	op->start = start;
	op->end = end;
	op->state = state;
	list_add_tail(&op->link, &update->ops);
	return op;
}

/**
 * vxe_pt_prepare_map() - prepare mapping a range
 * @update: the update
 * @start: first address, page aligned
 * @end: address after the last, page aligned
 * @attrs: what the entries encode
 * @cur: device addresses from @start on; its arrays must stay valid until
 *	the update is committed
 * @state: the mapping's page-table state, updated by the commit
 *
 * Allocates every table the mapping will need. The range must be free, or
 * be unmapped by an operation earlier in the same update.
 *
 * Context: may sleep.
 * Return: 0, -EINVAL for a range or addresses the tables cannot map,
 * -ENOMEM.
 */
int vxe_pt_prepare_map(struct vxe_pt_update *update, u64 start, u64 end,
		       const struct vxe_pt_attrs *attrs, const struct vxe_pt_cursor *cur,
		       struct vxe_pt_state *state)
{
	struct vxe_pt_walk w = {
		.visit = vxe_pt_prepare_visit,
		.tree = update->tree,
		.update = update,
		.cur = *cur,
	};
	struct vxe_pt_op *op;
	int ret;

	might_sleep();

	if (attrs->pat_index >= BIT(hweight64(VXE_PTE_PAT)))
		return -EINVAL;

	op = vxe_pt_op_add(update, true, start, end, state);
	if (IS_ERR(op))
		return PTR_ERR(op);
	op->attrs = *attrs;
	op->cur = *cur;
	w.op = op;
	w.top = -1;

	/*
	 * On failure the op stays listed: vxe_pt_update_fini() releases it
	 * with the tables allocated so far.
	 */
	ret = vxe_pt_walk(&w, update->tree->root, start, end);
	if (!ret)
		vxe_pt_span_add(update, start, end, w.top);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_prepare_map);

/* Start counting @pt's doomed entries afresh for a new update */
static void vxe_pt_doomed_reset(struct vxe_pt_update *update, struct vxe_pt *pt)
{
	if (pt->doomed_gen == update->gen)
		return;
	pt->doomed_gen = update->gen;
	pt->doomed = 0;
	pt->doomed_counted = false;
}

/*
 * Count what unmapping a range may write: its leaves, and the entries of
 * tables it may leave empty, which the commit unlinks. A table may be left
 * empty when the unmaps of the update clear as many of its entries as it
 * has: leaves in their ranges, and tables they may leave empty in turn.
 */
static int vxe_pt_count_visit(struct vxe_pt_walk *w, struct vxe_pt *pt,
			      unsigned int idx, u64 addr, u64 next)
{
	struct vxe_pt *child = pt->level ? pt->children[idx] : NULL;

	vxe_pt_doomed_reset(w->update, pt);
	if (child) {
		vxe_pt_doomed_reset(w->update, child);
		vxe_pt_walk(w, child, addr, next);
		if (child->live <= child->doomed && !child->doomed_counted) {
			child->doomed_counted = true;
			pt->doomed++;
			w->update->writes++;
			w->top = max_t(int, w->top, pt->level);
		}
		return 0;
	}
	if (test_bit(idx, pt->leaf)) {
		pt->doomed++;
		w->update->writes++;
		w->top = max_t(int, w->top, pt->level);
	}
	return 0;
}

/**
 * vxe_pt_prepare_unmap() - prepare unmapping a range
 * @update: the update
 * @start: first address of a mapping, page aligned
 * @end: address after its last, page aligned
 * @state: the mapping's page-table state, updated by the commit
 *
 * The range must be exactly that of mappings made earlier, so that no leaf
 * straddles its ends.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int vxe_pt_prepare_unmap(struct vxe_pt_update *update, u64 start, u64 end,
			 struct vxe_pt_state *state)
{
	struct vxe_pt_walk w = {
		.visit = vxe_pt_count_visit,
		.tree = update->tree,
		.update = update,
		.top = -1,
	};
	struct vxe_pt_op *op;

	op = vxe_pt_op_add(update, false, start, end, state);
	if (IS_ERR(op))
		return PTR_ERR(op);
	w.op = op;
	vxe_pt_walk(&w, update->tree->root, start, end);
	vxe_pt_span_add(update, start, end, w.top);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_prepare_unmap);

/* Commit */

static void vxe_pt_unstage(struct vxe_pt *pt)
{
	unsigned int i;

	pt->staged = false;
	pt->parent = NULL;
	if (!pt->level)
		return;
	for (i = 0; i < VXE_PT_ENTRIES; i++)
		if (pt->children[i])
			vxe_pt_unstage(pt->children[i]);
}

static void vxe_pt_inval_add(struct vxe_pt_update *update, u64 start, u64 end)
{
	if (update->inval_start == update->inval_end) {
		update->inval_start = start;
		update->inval_end = end;
		return;
	}
	update->inval_start = min(update->inval_start, start);
	update->inval_end = max(update->inval_end, end);
}

/* Write an entry, or for a deferred update log the write */
static void vxe_pt_write(struct vxe_pt_walk *w, struct vxe_pt *pt, unsigned int idx, u64 value)
{
	struct vxe_pt_update *update = w->update;

	if (update->log && !WARN_ON_ONCE(update->nlog >= update->writes)) {
		update->log[update->nlog++] = (struct vxe_pt_write) {
			.entry = &pt->entries[idx],
			.value = value,
		};
		return;
	}
	WRITE_ONCE(pt->entries[idx], value);
}

/* Take the table out of @pt's entry @idx; it is freed by fini */
static void vxe_pt_unlink(struct vxe_pt_walk *w, struct vxe_pt *pt, unsigned int idx)
{
	struct vxe_pt *child = pt->children[idx];

	WARN_ON_ONCE(child->live);
	vxe_pt_write(w, pt, idx, 0);
	pt->children[idx] = NULL;
	pt->live--;
	list_add_tail(&child->link, &w->update->freed);
}

static void vxe_pt_set_leaf(struct vxe_pt_walk *w, struct vxe_pt *pt, unsigned int idx, u64 pte)
{
	/* Anything still mapped here would be an overlap the VM let through */
	WARN_ON_ONCE(test_bit(idx, pt->leaf) && READ_ONCE(pt->entries[idx]));
	if (!test_and_set_bit(idx, pt->leaf))
		pt->live++;
	vxe_pt_write(w, pt, idx, pte);
}

static int vxe_pt_map_visit(struct vxe_pt_walk *w, struct vxe_pt *pt,
			    unsigned int idx, u64 addr, u64 next)
{
	struct vxe_pt_state *state = w->op->state;
	struct vxe_pt *child;
	u64 pte;

	if (!pt->level) {
		vxe_pt_level0(w, addr);
		pte = vxe_pt_pte(&w->op->attrs, w->cur.dpa, 0);
		if (w->ps64_left) {
			pte |= VXE_PTE_PS64;
			state->page_sizes |= SZ_64K;
			w->ps64_left--;
		} else {
			state->page_sizes |= SZ_4K;
		}
		vxe_pt_set_leaf(w, pt, idx, pte);
		vxe_pt_cursor_advance(&w->cur, next - addr);
		return 0;
	}

	if (vxe_pt_leaf_fits(w, pt->level, addr, next)) {
		/* Tables emptied by an earlier unmap give way to the leaf */
		if (pt->children[idx])
			vxe_pt_unlink(w, pt, idx);
		vxe_pt_set_leaf(w, pt, idx, vxe_pt_pte(&w->op->attrs, w->cur.dpa, pt->level));
		state->page_sizes |= next - addr;
		vxe_pt_cursor_advance(&w->cur, next - addr);
		return 0;
	}

	child = pt->children[idx];
	if (!child) {
		child = pt->pending[idx];
		if (WARN_ON_ONCE(!child))
			return -EINVAL;
		pt->pending[idx] = NULL;
		list_del_init(&child->link);
		vxe_pt_unstage(child);
		/* A leaf's slot: unmapped earlier in this update (or deferred) */
		if (test_and_clear_bit(idx, pt->leaf))
			WARN_ON_ONCE(!w->update->log && READ_ONCE(pt->entries[idx]));
		else
			pt->live++;
		pt->children[idx] = child;
		vxe_pt_write(w, pt, idx, vxe_pt_pde(child));
	}

	return vxe_pt_walk(w, child, addr, next);
}

static int vxe_pt_unmap_visit(struct vxe_pt_walk *w, struct vxe_pt *pt,
			      unsigned int idx, u64 addr, u64 next)
{
	if (pt->level && pt->children[idx])
		return vxe_pt_walk(w, pt->children[idx], addr, next);

	if (test_and_clear_bit(idx, pt->leaf)) {
		vxe_pt_write(w, pt, idx, 0);
		pt->live--;
	}
	return 0;
}

static int vxe_pt_prune_visit(struct vxe_pt_walk *w, struct vxe_pt *pt,
			      unsigned int idx, u64 addr, u64 next)
{
	struct vxe_pt *child = pt->level ? pt->children[idx] : NULL;
	u64 size = BIT_ULL(vxe_pt_shift(pt->level));

	if (!child)
		return 0;
	if (child->level)
		vxe_pt_walk(w, child, addr, next);
	if (!child->live) {
		vxe_pt_unlink(w, pt, idx);
		vxe_pt_inval_add(w->update, round_down(addr, size), round_down(addr, size) + size);
	}
	return 0;
}

/**
 * vxe_pt_update_defer() - have the commit log its entry writes
 * @update: a prepared update, not committed
 *
 * After this, vxe_pt_commit() changes the tree and the mappings' states
 * but writes no entry the device can see; vxe_pt_update_replay() does.
 * The tables the writes go to stay allocated until vxe_pt_update_fini().
 *
 * Context: may sleep.
 * Return: 0 or -ENOMEM.
 */
int vxe_pt_update_defer(struct vxe_pt_update *update)
{
	if (WARN_ON_ONCE(update->committed || update->log))
		return -EINVAL;
	if (!update->writes)
		return 0;
	update->log = kvmalloc_array(update->writes, sizeof(*update->log), GFP_KERNEL);
	return update->log ? 0 : -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_update_defer);

/**
 * vxe_pt_update_replay() - make the entry writes of a deferred update
 * @update: a deferred update, committed
 *
 * Afterwards the caller invalidates the TLB as for vxe_pt_commit().
 *
 * Context: the tree's notifier lock held; no allocation, no failure.
 */
void vxe_pt_update_replay(struct vxe_pt_update *update)
{
	unsigned long i;
	bool cookie;

	lockdep_assert_held(update->tree->notifier_lock);
	WARN_ON_ONCE(!update->committed);

	cookie = dma_fence_begin_signalling();
	for (i = 0; i < update->nlog; i++)
		WRITE_ONCE(*update->log[i].entry, update->log[i].value);
	update->nlog = 0;
	dma_fence_end_signalling(cookie);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_update_replay);

/**
 * vxe_pt_commit() - apply a prepared update
 * @update: the update
 *
 * Applies the operations in the order they were prepared, updating their
 * page-table states, then unlinks the tables left empty. Afterwards the
 * caller invalidates the TLB for vxe_pt_update_needs_inval() before
 * vxe_pt_update_fini() frees them, and before memory that was unmapped is
 * reused.
 *
 * Context: the tree's notifier lock held; no allocation, no failure.
 */
void vxe_pt_commit(struct vxe_pt_update *update)
{
	struct vxe_pt_walk w = { .tree = update->tree, .update = update };
	struct vxe_pt_op *op;
	bool cookie;

	lockdep_assert_held(update->tree->notifier_lock);
	if (WARN_ON_ONCE(update->committed))
		return;

	cookie = dma_fence_begin_signalling();
	list_for_each_entry(op, &update->ops, link) {
		struct vxe_pt_state *state = op->state;

		w.op = op;
		w.ps64_left = 0;
		if (op->map) {
			w.visit = vxe_pt_map_visit;
			w.cur = op->cur;
			state->page_sizes = 0;
			vxe_pt_walk(&w, update->tree->root, op->start, op->end);
			state->present = true;
			state->invalidated = false;
		} else {
			w.visit = vxe_pt_unmap_visit;
			vxe_pt_walk(&w, update->tree->root, op->start, op->end);
			/* A zap already had the TLB forget the range */
			if (state->present && !state->invalidated)
				vxe_pt_inval_add(update, op->start, op->end);
			state->page_sizes = 0;
			state->present = false;
			state->invalidated = false;
		}
	}

	w.visit = vxe_pt_prune_visit;
	list_for_each_entry(op, &update->ops, link) {
		w.op = op;
		vxe_pt_walk(&w, update->tree->root, op->start, op->end);
	}

	update->committed = true;
	dma_fence_end_signalling(cookie);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_commit);

/**
 * vxe_pt_update_needs_inval() - the range the TLB must forget
 * @update: a committed update
 * @start: the range's start
 * @len: its length
 *
 * Return: whether the commit removed or changed translations.
 */
bool vxe_pt_update_needs_inval(const struct vxe_pt_update *update, u64 *start, u64 *len)
{
	*start = update->inval_start;
	*len = update->inval_end - update->inval_start;
	return *len;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_update_needs_inval);

/**
 * vxe_pt_update_fini() - release an update
 * @update: the update
 *
 * After a commit, frees the tables it unlinked: call it only once the TLB
 * invalidation vxe_pt_update_needs_inval() asks for has completed. Without
 * a commit, frees the tables prepare allocated and leaves the tree as it
 * was.
 */
void vxe_pt_update_fini(struct vxe_pt_update *update)
{
	struct vxe_pt_tree *tree = update->tree;
	struct vxe_pt_op *op, *op_next;
	struct vxe_pt *pt, *next;

	list_for_each_entry_safe(pt, next, &update->staged, link) {
		list_del(&pt->link);
		pt->parent->pending[pt->idx] = NULL;
		vxe_pt_free(tree, pt);
	}
	list_for_each_entry_safe(pt, next, &update->freed, link) {
		list_del(&pt->link);
		vxe_pt_free(tree, pt);
	}
	list_for_each_entry_safe(op, op_next, &update->ops, link) {
		list_del(&op->link);
		kfree(op);
	}
	/* A deferred update is replayed before its tables are freed */
	WARN_ON_ONCE(update->nlog);
	kvfree(update->log);
	update->log = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_update_fini);

/* Zap */

static int vxe_pt_zap_visit(struct vxe_pt_walk *w, struct vxe_pt *pt,
			    unsigned int idx, u64 addr, u64 next)
{
	if (pt->level && pt->children[idx])
		return vxe_pt_walk(w, pt->children[idx], addr, next);
	if (test_bit(idx, pt->leaf))
		WRITE_ONCE(pt->entries[idx], 0);
	return 0;
}

/**
 * vxe_pt_zap() - clear a mapping's entries in place
 * @tree: the tree
 * @start: first address of the mapping
 * @end: address after its last
 * @state: the mapping's page-table state
 *
 * For invalidation by an MMU notifier: the tree keeps its shape and the
 * mapping keeps its slots until it is unmapped or rebound. The caller
 * invalidates the TLB for the range afterwards.
 *
 * Context: the tree's notifier lock held for write; no allocation.
 */
void vxe_pt_zap(struct vxe_pt_tree *tree, u64 start, u64 end, struct vxe_pt_state *state)
{
	struct vxe_pt_walk w = { .visit = vxe_pt_zap_visit, .tree = tree };

	lockdep_assert_held_write(tree->notifier_lock);
	if (!state->present || state->invalidated)
		return;
	vxe_pt_walk(&w, tree->root, start, end);
	state->invalidated = true;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_zap);

/* Trees */

/**
 * vxe_pt_tree_init() - create the page tables of an address space
 * @tree: the tree
 * @dev: the device that walks them
 * @page_sizes: leaf sizes the device supports, bit n for 2^n bytes
 * @vram_min_page: smallest leaf that may map VRAM
 * @notifier_lock: see &vxe_pt_tree.notifier_lock
 *
 * Return: 0 or -ENOMEM.
 */
int vxe_pt_tree_init(struct vxe_pt_tree *tree, struct device *dev, u32 page_sizes,
		     u32 vram_min_page, struct rw_semaphore *notifier_lock)
{
	*tree = (struct vxe_pt_tree) {
		.dev = dev,
		.page_sizes = page_sizes,
		.vram_min_page = vram_min_page,
		.notifier_lock = notifier_lock,
	};
	tree->root = vxe_pt_alloc(tree, VXE_PT_LEVELS - 1);
	if (IS_ERR(tree->root)) {
		int ret = PTR_ERR(tree->root);

		tree->root = NULL;
		return ret;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_tree_init);

/**
 * vxe_pt_tree_fini() - free all page tables of an address space
 * @tree: the tree, no longer used by the device
 */
void vxe_pt_tree_fini(struct vxe_pt_tree *tree)
{
	if (tree->root)
		vxe_pt_free(tree, tree->root);
	tree->root = NULL;
	WARN_ON_ONCE(tree->tables);
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_tree_fini);

/**
 * vxe_pt_tree_root() - device address of the root table
 * @tree: the tree
 *
 * Return: the DMA address to program as the address space's root.
 */
dma_addr_t vxe_pt_tree_root(const struct vxe_pt_tree *tree)
{
	return tree->root->dma;
}
EXPORT_SYMBOL_IF_KUNIT(vxe_pt_tree_root);

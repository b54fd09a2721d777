/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_PT_TYPES_H_
#define _VXE_PT_TYPES_H_

#include <linux/list.h>
#include <linux/types.h>

#include "vxe_hw_regs.h"

struct device;
struct rw_semaphore;

/**
 * struct vxe_pt_state - what the page tables hold for one mapping
 *
 * Embedded 1:1 in a buffer-object or userptr VMA, and in every SVM range;
 * a CPU-address-mirror VMA has none. Only vxe_pt.c writes it: the layers
 * above read it to decide whether to (re)bind, and never infer it from the
 * VMA.
 */
struct vxe_pt_state {
	/**
	 * @page_sizes: leaf sizes the mapping uses, bit n for 2^n bytes.
	 * Written by vxe_pt_commit() and vxe_pt_zap() under the tree's
	 * notifier lock.
	 */
	u32 page_sizes;
	/**
	 * @present: the range's entries are in the page tables (possibly
	 * zapped, see @invalidated). Same lock as @page_sizes.
	 */
	bool present;
	/**
	 * @invalidated: the entries were zapped since the last commit; the
	 * mapping must be rebound before the GPU can use it. Same lock as
	 * @page_sizes.
	 */
	bool invalidated;
};

/**
 * enum vxe_pt_attr_flags - flags of &struct vxe_pt_attrs
 * @VXE_PT_READ_ONLY: no writes or atomics
 * @VXE_PT_NULL: no backing: reads return zero, writes are dropped
 * @VXE_PT_NO_ATOMIC: writes allowed, atomics fault
 */
enum vxe_pt_attr_flags {
	VXE_PT_READ_ONLY = BIT(0),
	VXE_PT_NULL = BIT(1),
	VXE_PT_NO_ATOMIC = BIT(2),
};

/**
 * struct vxe_pt_attrs - what a mapping's entries encode besides addresses
 *
 * The page-table layer takes these const: they come from what the user
 * requested (the VMA) and are never changed by binding.
 */
struct vxe_pt_attrs {
	/** @pat_index: PAT index, below 32 */
	u16 pat_index;
	/** @flags: &enum vxe_pt_attr_flags */
	u16 flags;
};

/**
 * enum vxe_pt_cursor_kind - where a cursor takes device addresses from
 * @VXE_PT_CURSOR_NONE: no addresses (NULL mappings)
 * @VXE_PT_CURSOR_PAGES: an array of DMA addresses of PAGE_SIZE pages
 * @VXE_PT_CURSOR_SEGS: an array of contiguous &struct vxe_pt_seg
 */
enum vxe_pt_cursor_kind {
	VXE_PT_CURSOR_NONE,
	VXE_PT_CURSOR_PAGES,
	VXE_PT_CURSOR_SEGS,
};

/**
 * struct vxe_pt_seg - one contiguous run of device addresses
 */
struct vxe_pt_seg {
	/** @dpa: device physical address of the first byte */
	u64 dpa;
	/** @len: bytes */
	u64 len;
};

/**
 * struct vxe_pt_cursor - device addresses backing a range, in order
 *
 * The page-table layer only ever advances a cursor; it never learns what
 * the memory is (BO, userptr or SVM range). Cursors are plain values:
 * copying one saves a position.
 */
struct vxe_pt_cursor {
	/** @kind: an &enum vxe_pt_cursor_kind */
	enum vxe_pt_cursor_kind kind;
	/** @dpa: device address at the current position */
	u64 dpa;
	/** @run: contiguous bytes from @dpa */
	u64 run;
	/** @idx: current element of @pages or @segs */
	unsigned long idx;
	/** @count: elements in @pages or @segs */
	unsigned long count;
	/** @pages: for %VXE_PT_CURSOR_PAGES */
	const dma_addr_t *pages;
	/** @segs: for %VXE_PT_CURSOR_SEGS */
	const struct vxe_pt_seg *segs;
};

struct vxe_pt;

/**
 * struct vxe_pt_tree - the page tables of one GPU address space
 */
struct vxe_pt_tree {
	/** @dev: device the tables are DMA-mapped for */
	struct device *dev;
	/** @root: the level-3 table */
	struct vxe_pt *root;
	/** @page_sizes: leaf sizes the device supports, bit n for 2^n */
	u32 page_sizes;
	/** @vram_min_page: smallest leaf that may map VRAM */
	u32 vram_min_page;
	/**
	 * @notifier_lock: the lock that orders entry writes against zaps
	 * from MMU notifiers: held for read by vxe_pt_commit(), for write
	 * by vxe_pt_zap()
	 */
	struct rw_semaphore *notifier_lock;
	/** @tables: tables allocated, for leak checks */
	unsigned long tables;
	/** @gen: generation of the last update started */
	u32 gen;
};

/**
 * struct vxe_pt_write - one entry write of a deferred update
 */
struct vxe_pt_write {
	/** @entry: the entry, in a table the update keeps alive */
	u64 *entry;
	/** @value: what to write */
	u64 value;
};

/**
 * struct vxe_pt_update - one prepared change to a tree
 *
 * Filled by vxe_pt_prepare_map() and vxe_pt_prepare_unmap() (which may
 * allocate and sleep), applied by vxe_pt_commit() (which does neither) and
 * released by vxe_pt_update_fini(), which also undoes what was prepared
 * when it was never committed. The caller serialises updates of one tree.
 *
 * A deferred update (vxe_pt_update_defer()) commits the tree's shape and
 * the mappings' states at once, but keeps the entry writes in @log until
 * vxe_pt_update_replay() makes them, which the caller orders after every
 * earlier update whose span (vxe_pt_update_span()) overlaps its own.
 */
struct vxe_pt_update {
	/** @tree: the tree this update changes */
	struct vxe_pt_tree *tree;
	/** @ops: &struct vxe_pt_op in the order they are applied */
	struct list_head ops;
	/** @staged: new tables hanging from live ones, not yet linked */
	struct list_head staged;
	/** @freed: tables unlinked by the commit, freed by fini */
	struct list_head freed;
	/** @inval_start: start of the range the TLB must forget */
	u64 inval_start;
	/** @inval_end: end of that range; equal to start when none */
	u64 inval_end;
	/**
	 * @span_start: start of the range whose entries the commit may
	 * write: each operation's range rounded out to the entry size of the
	 * highest table it writes to, as Xe's range fences are
	 */
	u64 span_start;
	/** @span_end: end of that range; equal to start when none */
	u64 span_end;
	/** @writes: at most this many entry writes by the commit */
	unsigned long writes;
	/** @log: for a deferred update, the writes, in order */
	struct vxe_pt_write *log;
	/** @nlog: entries used in @log */
	unsigned long nlog;
	/** @gen: the tree's generation when the update started */
	u32 gen;
	/** @committed: vxe_pt_commit() ran */
	bool committed;
};

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_PT_H_
#define _VXE_PT_H_

#include "vxe_pt_types.h"

int vxe_pt_tree_init(struct vxe_pt_tree *tree, struct device *dev, u32 page_sizes,
		     u32 vram_min_page, struct rw_semaphore *notifier_lock);
void vxe_pt_tree_fini(struct vxe_pt_tree *tree);
dma_addr_t vxe_pt_tree_root(const struct vxe_pt_tree *tree);

void vxe_pt_cursor_init_none(struct vxe_pt_cursor *cur);
void vxe_pt_cursor_init_pages(struct vxe_pt_cursor *cur, const dma_addr_t *pages,
			      unsigned long count, u64 offset);
void vxe_pt_cursor_init_segs(struct vxe_pt_cursor *cur, const struct vxe_pt_seg *segs,
			     unsigned long count, u64 offset);

void vxe_pt_update_init(struct vxe_pt_update *update, struct vxe_pt_tree *tree);
int vxe_pt_prepare_map(struct vxe_pt_update *update, u64 start, u64 end,
		       const struct vxe_pt_attrs *attrs, const struct vxe_pt_cursor *cur,
		       struct vxe_pt_state *state);
int vxe_pt_prepare_unmap(struct vxe_pt_update *update, u64 start, u64 end,
			 struct vxe_pt_state *state);
int vxe_pt_update_defer(struct vxe_pt_update *update);
void vxe_pt_commit(struct vxe_pt_update *update);
void vxe_pt_update_replay(struct vxe_pt_update *update);
bool vxe_pt_update_span(const struct vxe_pt_update *update, u64 *start, u64 *end);
void vxe_pt_update_move(struct vxe_pt_update *dst, struct vxe_pt_update *src);
bool vxe_pt_update_needs_inval(const struct vxe_pt_update *update, u64 *start, u64 *len);
void vxe_pt_update_fini(struct vxe_pt_update *update);

#if IS_ENABLED(CONFIG_KUNIT)
struct vxe_pt *vxe_pt_alloc(struct vxe_pt_tree *tree, unsigned int level);
#endif

void vxe_pt_zap(struct vxe_pt_tree *tree, u64 start, u64 end, struct vxe_pt_state *state);

#endif

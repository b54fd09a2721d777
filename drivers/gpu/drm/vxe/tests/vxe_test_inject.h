/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 *
 * Failure injection shared by the KUnit suites: a replacement for
 * vxe_pt_alloc(), activated with kunit_activate_static_stub(), that fails
 * the n-th allocation.
 */

#ifndef _VXE_TEST_INJECT_H_
#define _VXE_TEST_INJECT_H_

struct vxe_pt;
struct vxe_pt_tree;

/* Allocations left before the one that fails */
extern int vxe_test_fail_at;

struct vxe_pt *vxe_test_failing_pt_alloc(struct vxe_pt_tree *tree, unsigned int level);

#endif

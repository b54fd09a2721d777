/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef _VXE_DEBUGFS_H_
#define _VXE_DEBUGFS_H_

struct drm_minor;

#ifdef CONFIG_DEBUG_FS
void vxe_debugfs_init(struct drm_minor *minor);
#else
static inline void vxe_debugfs_init(struct drm_minor *minor) { }
#endif

#endif

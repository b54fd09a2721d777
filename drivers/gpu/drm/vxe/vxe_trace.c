// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

#ifndef __CHECKER__
#define CREATE_TRACE_POINTS
#include "vxe_trace.h"
#endif

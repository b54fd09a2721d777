/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM vxe

#if !defined(_VXE_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _VXE_TRACE_H_

#include <linux/tracepoint.h>
#include <linux/types.h>

TRACE_EVENT(vxe_svm_fault,
	    TP_PROTO(u16 asid, u64 addr, u64 start, u64 end, int ret, u64 us),
	    TP_ARGS(asid, addr, start, end, ret, us),
	    TP_STRUCT__entry(__field(u16, asid)
			     __field(u64, addr)
			     __field(u64, start)
			     __field(u64, end)
			     __field(int, ret)
			     __field(u64, us)),
	    TP_fast_assign(__entry->asid = asid;
			   __entry->addr = addr;
			   __entry->start = start;
			   __entry->end = end;
			   __entry->ret = ret;
			   __entry->us = us;),
	    TP_printk("asid=%u addr=0x%llx range=[0x%llx, 0x%llx) ret=%d us=%llu",
		      __entry->asid, __entry->addr, __entry->start, __entry->end,
		      __entry->ret, __entry->us)
);

DECLARE_EVENT_CLASS(vxe_svm_range,
		    TP_PROTO(u16 asid, u64 start, u64 end),
		    TP_ARGS(asid, start, end),
		    TP_STRUCT__entry(__field(u16, asid)
				     __field(u64, start)
				     __field(u64, end)),
		    TP_fast_assign(__entry->asid = asid;
				   __entry->start = start;
				   __entry->end = end;),
		    TP_printk("asid=%u range=[0x%llx, 0x%llx)",
			      __entry->asid, __entry->start, __entry->end)
);

DEFINE_EVENT(vxe_svm_range, vxe_svm_range_insert,
	     TP_PROTO(u16 asid, u64 start, u64 end),
	     TP_ARGS(asid, start, end)
);

DEFINE_EVENT(vxe_svm_range, vxe_svm_range_bind,
	     TP_PROTO(u16 asid, u64 start, u64 end),
	     TP_ARGS(asid, start, end)
);

DEFINE_EVENT(vxe_svm_range, vxe_svm_range_collect,
	     TP_PROTO(u16 asid, u64 start, u64 end),
	     TP_ARGS(asid, start, end)
);

TRACE_EVENT(vxe_svm_invalidate,
	    TP_PROTO(u16 asid, u64 start, u64 end, int event, bool zapped),
	    TP_ARGS(asid, start, end, event, zapped),
	    TP_STRUCT__entry(__field(u16, asid)
			     __field(u64, start)
			     __field(u64, end)
			     __field(int, event)
			     __field(bool, zapped)),
	    TP_fast_assign(__entry->asid = asid;
			   __entry->start = start;
			   __entry->end = end;
			   __entry->event = event;
			   __entry->zapped = zapped;),
	    TP_printk("asid=%u range=[0x%llx, 0x%llx) event=%d zapped=%d",
		      __entry->asid, __entry->start, __entry->end, __entry->event,
		      __entry->zapped)
);

TRACE_EVENT(vxe_svm_range_migrate,
	    TP_PROTO(u16 asid, u64 start, u64 end, int ret),
	    TP_ARGS(asid, start, end, ret),
	    TP_STRUCT__entry(__field(u16, asid)
			     __field(u64, start)
			     __field(u64, end)
			     __field(int, ret)),
	    TP_fast_assign(__entry->asid = asid;
			   __entry->start = start;
			   __entry->end = end;
			   __entry->ret = ret;),
	    TP_printk("asid=%u range=[0x%llx, 0x%llx) ret=%d",
		      __entry->asid, __entry->start, __entry->end, __entry->ret)
);

TRACE_EVENT(vxe_svm_copy,
	    TP_PROTO(bool to_vram, u64 bytes, u64 us, int ret),
	    TP_ARGS(to_vram, bytes, us, ret),
	    TP_STRUCT__entry(__field(bool, to_vram)
			     __field(u64, bytes)
			     __field(u64, us)
			     __field(int, ret)),
	    TP_fast_assign(__entry->to_vram = to_vram;
			   __entry->bytes = bytes;
			   __entry->us = us;
			   __entry->ret = ret;),
	    TP_printk("to=%s bytes=%llu us=%llu ret=%d", __entry->to_vram ? "vram" : "ram",
		      __entry->bytes, __entry->us, __entry->ret)
);

TRACE_EVENT(vxe_svm_evict,
	    TP_PROTO(u64 size, int ret),
	    TP_ARGS(size, ret),
	    TP_STRUCT__entry(__field(u64, size)
			     __field(int, ret)),
	    TP_fast_assign(__entry->size = size;
			   __entry->ret = ret;),
	    TP_printk("size=%llu ret=%d", __entry->size, __entry->ret)
);

#endif

/* This part must be outside protection */
#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE vxe_trace
#include <trace/define_trace.h>

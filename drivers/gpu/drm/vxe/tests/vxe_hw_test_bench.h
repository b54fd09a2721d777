/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright © 2026 The vxe authors
 *
 * A test bench for the device model: plays the driver's part at the
 * register level, with page tables, rings and buffers in the device's VRAM
 * (reached through the CPU-visible window) or in DMA-mapped system pages.
 */

#ifndef _VXE_HW_TEST_BENCH_H_
#define _VXE_HW_TEST_BENCH_H_

#include <kunit/test.h>
#include <linux/types.h>

struct vxe_hw;

/**
 * struct vxe_tb - a device under test and the memory the test gave it
 */
struct vxe_tb {
	/** @test: the test */
	struct kunit *test;
	/** @dev: DMA device */
	struct device *dev;
	/** @hw: the device model */
	struct vxe_hw *hw;
	/** @vram: CPU-visible VRAM window */
	u8 *vram;
	/** @vram_next: bump allocator offset */
	u64 vram_next;
	/** @roots: VRAM offset of each ASID's root table, 0 = none */
	u64 roots[4];
	/** @irqs: interrupt status bits seen by the handler */
	atomic_t irqs;
	/** @ring_tail: tail of each context's ring */
	u32 ring_tail[8];
	/** @ring_off: VRAM offset of each context's ring */
	u64 ring_off[8];
};

#define VXE_TB_VRAM_SIZE	(32ull << 20)
#define VXE_TB_RING_SIZE	4096

struct vxe_tb *vxe_tb_create(struct kunit *test);
u64 vxe_tb_alloc(struct vxe_tb *tb, u64 size, u64 align);
u64 vxe_tb_dpa(u64 vram_off);
void *vxe_tb_ptr(struct vxe_tb *tb, u64 vram_off);
void vxe_tb_vm(struct vxe_tb *tb, u16 asid, u32 ctl, u64 scratch_dpa);
void vxe_tb_map(struct vxe_tb *tb, u16 asid, u64 va, u64 pte, unsigned int level);
void vxe_tb_ctx(struct vxe_tb *tb, u16 id, unsigned int engine, u16 asid, u32 watchdog_us);
void vxe_tb_emit(struct vxe_tb *tb, u16 id, const u32 *dw, unsigned int n);
void vxe_tb_submit(struct vxe_tb *tb, u16 id);
u32 vxe_tb_ctx_status(struct vxe_tb *tb, u16 id);
u32 vxe_tb_wait(struct vxe_tb *tb, u16 id, unsigned int timeout_ms);
bool vxe_tb_wait_irq(struct vxe_tb *tb, u32 bits);
void vxe_tb_tlb_inv(struct vxe_tb *tb, u32 type, u16 asid, u64 start, u64 len);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * KUnit tests of the device model's engines: command decode and execution,
 * batch buffers, the copy engine, time slicing and priorities, the watchdog
 * and malformed input, which must error the context and nothing else.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/sizes.h>

#include "../vxe_hw.h"
#include "../vxe_hw_regs.h"
#include "vxe_hw_test_bench.h"

#define RCS	0
#define BCS	VXE_ENGINE_MAX_INSTANCES
#define LO(a)	lower_32_bits(a)
#define HI(a)	upper_32_bits(a)
#define SDI_HDR		0x10000002
#define BBS_PPGTT_HDR	0x18800101
#define BBS_CHAIN_HDR	0x18800001
#define BBS_2ND_HDR	(0x18800001 | BIT(22))
#define BBE			0x05000000
#define NOOP			0x00000000
#define FLAGS	(VXE_PTE_VALID | VXE_PTE_WRITABLE | VXE_PTE_ATOMIC | VXE_PTE_LM)

struct cmd_bench {
	struct vxe_tb *tb;
	u64 buf;	/* 64 KiB of data at VA 0x100000 */
	u64 batch;	/* 64 KiB of batch space at VA 0x200000 */
};

static struct cmd_bench bench(struct kunit *test)
{
	struct cmd_bench b = { .tb = vxe_tb_create(test) };
	unsigned int i;

	vxe_tb_vm(b.tb, 1, 0, 0);
	b.buf = vxe_tb_alloc(b.tb, SZ_64K, SZ_64K);
	b.batch = vxe_tb_alloc(b.tb, SZ_64K, SZ_64K);
	for (i = 0; i < 16; i++) {
		vxe_tb_map(b.tb, 1, 0x100000 + i * SZ_4K, (b.buf + i * SZ_4K) | FLAGS, 0);
		vxe_tb_map(b.tb, 1, 0x200000 + i * SZ_4K, (b.batch + i * SZ_4K) | FLAGS, 0);
	}
	vxe_tb_ctx(b.tb, 0, RCS, 1, 0);
	return b;
}

static u32 *buf32(struct cmd_bench *b, u64 off)
{
	return vxe_tb_ptr(b->tb, b->buf + off);
}

/* Write a batch at VA 0x200000 + @off, run it from the ring of ctx 0 */
static u32 run_batch(struct cmd_bench *b, u64 off, const u32 *dw, unsigned int n)
{
	const u32 ring[] = { BBS_PPGTT_HDR, LO(0x200000 + off), HI(0x200000 + off), NOOP };

	memcpy(vxe_tb_ptr(b->tb, b->batch + off), dw, n * sizeof(u32));
	vxe_tb_emit(b->tb, 0, ring, ARRAY_SIZE(ring));
	vxe_tb_submit(b->tb, 0);
	return vxe_tb_wait(b->tb, 0, 5000);
}

static u32 ctx_error(struct vxe_tb *tb, u16 id)
{
	return FIELD_GET(VXE_CTX_STATUS_ERROR, vxe_tb_ctx_status(tb, id));
}

static void vxe_hw_cmd_test_store(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 batch[] = {
		SDI_HDR, LO(0x100010), HI(0x100010), 0xc0ffee,
		/* qword store */
		0x10000003 | BIT(21), LO(0x100020), 0, 0x11111111, 0x22222222,
		BBE,
	};

	KUNIT_ASSERT_EQ(test, run_batch(&b, 0, batch, ARRAY_SIZE(batch)), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0x10), 0xc0ffee);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0x20), 0x11111111);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0x24), 0x22222222);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(b.tb->hw, VXE_REG_CTX_HEAD), 16);
}

static void vxe_hw_cmd_test_atomic(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 batch[] = {
		0x17800501, LO(0x100000), 0,				/* INC */
		0x17800501, LO(0x100000), 0,				/* INC */
		0x17800601, LO(0x100004), 0,				/* DEC */
		0x17840709, LO(0x100008), 0, 40, 0, 0, 0, 0, 0, 0, 0,	/* ADD 40 */
		0x17840e09, LO(0x10000c), 0, 5, 9, 0, 0, 0, 0, 0, 0,	/* CMP_WR 5->9 */
		0x17850709, LO(0x100010), 0, 1, 0, 0, 0, 0, 0, 0, 0,	/* ADD, return */
		/* Store GPR2 (the returned old value) */
		0x12080002, 0x610, LO(0x100014), 0,
		BBE,
	};

	*buf32(&b, 4) = 10;
	*buf32(&b, 8) = 2;
	*buf32(&b, 0xc) = 5;
	*buf32(&b, 0x10) = 123;
	KUNIT_ASSERT_EQ(test, run_batch(&b, 0, batch, ARRAY_SIZE(batch)), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0), 2);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 4), 9);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 8), 42);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0xc), 9);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0x10), 124);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0x14), 123);
}

/* Chained and second-level batches; BBE returns to the right level */
static void vxe_hw_cmd_test_batch_nesting(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 first[] = {
		SDI_HDR, LO(0x100000), HI(0x100000), 1,
		BBS_2ND_HDR, LO(0x201000), HI(0x201000),
		SDI_HDR, LO(0x100008), HI(0x100008), 3,
		BBS_CHAIN_HDR, LO(0x202000), HI(0x202000),
	};
	const u32 second[] = { SDI_HDR, LO(0x100004), HI(0x100004), 2, BBE };
	const u32 chained[] = { SDI_HDR, LO(0x10000c), HI(0x10000c), 4, BBE };

	memcpy(vxe_tb_ptr(b.tb, b.batch + 0x1000), second, sizeof(second));
	memcpy(vxe_tb_ptr(b.tb, b.batch + 0x2000), chained, sizeof(chained));
	KUNIT_ASSERT_EQ(test, run_batch(&b, 0, first, ARRAY_SIZE(first)), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0), 1);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 4), 2);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 8), 3);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0xc), 4);
}

/* xe_spin's loop: runs until the CPU writes the end marker */
static void vxe_hw_cmd_test_spinner(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 batch[] = {
		SDI_HDR, LO(0x100000), HI(0x100000), 1,				/* started */
		0x02800000,					/* ARB_CHECK */
		0x1b200002, 0, LO(0x100004), 0,			/* COND_BBE end > 0 */
		0x18800101, LO(0x200010), 0,			/* loop */
	};
	const u32 ring[] = { BBS_PPGTT_HDR, LO(0x200000), HI(0x200000), NOOP };
	unsigned int i;

	*buf32(&b, 4) = 0xffffffff;
	memcpy(vxe_tb_ptr(b.tb, b.batch), batch, sizeof(batch));
	vxe_tb_emit(b.tb, 0, ring, ARRAY_SIZE(ring));
	vxe_tb_submit(b.tb, 0);

	/* It started, and keeps spinning */
	for (i = 0; i < 2000 && !READ_ONCE(*buf32(&b, 0)); i++)
		usleep_range(1000, 2000);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0), 1);
	msleep(20);
	KUNIT_EXPECT_NE(test, FIELD_GET(VXE_CTX_STATUS_STATE, vxe_tb_ctx_status(b.tb, 0)),
			VXE_CTX_STATE_IDLE);
	WRITE_ONCE(*buf32(&b, 4), 0);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 0, 5000), VXE_CTX_STATE_IDLE);
}

/* A context waiting on a semaphore does not hold its engine */
static void vxe_hw_cmd_test_semaphore_timeslice(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 wait[] = { 0x0e00c003, 7, LO(0x100000), 0, 0 };	/* == 7 */
	const u32 other[] = { SDI_HDR, LO(0x100004), HI(0x100004), 1 };

	vxe_tb_ctx(b.tb, 1, RCS, 1, 0);
	vxe_tb_emit(b.tb, 0, wait, ARRAY_SIZE(wait));
	vxe_tb_submit(b.tb, 0);
	vxe_tb_emit(b.tb, 1, other, ARRAY_SIZE(other));
	vxe_tb_submit(b.tb, 1);

	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 1, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 4), 1);
	KUNIT_EXPECT_NE(test, FIELD_GET(VXE_CTX_STATUS_STATE, vxe_tb_ctx_status(b.tb, 0)),
			VXE_CTX_STATE_IDLE);

	WRITE_ONCE(*buf32(&b, 0), 7);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 0, 2000), VXE_CTX_STATE_IDLE);
}

/* Context @id on the render engine, with a priority and a time slice */
static void ctx_sched(struct vxe_tb *tb, u16 id, u32 sched, u32 timeslice_us)
{
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_SCHED, sched);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_TIMESLICE_US, timeslice_us);
	vxe_tb_ctx(tb, id, RCS, 1, 0);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_SCHED, VXE_CTX_PRIORITY_NORMAL);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_TIMESLICE_US, 0);
}

/* Start the spinner of vxe_hw_cmd_test_spinner() on context @id */
static void start_spinner(struct cmd_bench *b, u16 id)
{
	const u32 batch[] = {
		SDI_HDR, LO(0x100000), HI(0x100000), 1,
		0x02800000,
		0x1b200002, 0, LO(0x100004), 0,
		0x18800101, LO(0x200010), 0,
	};
	const u32 ring[] = { BBS_PPGTT_HDR, LO(0x200000), HI(0x200000), NOOP };
	unsigned int i;

	*buf32(b, 0) = 0;
	*buf32(b, 4) = 0xffffffff;
	memcpy(vxe_tb_ptr(b->tb, b->batch), batch, sizeof(batch));
	vxe_tb_emit(b->tb, id, ring, ARRAY_SIZE(ring));
	vxe_tb_submit(b->tb, id);
	for (i = 0; i < 2000 && !READ_ONCE(*buf32(b, 0)); i++)
		usleep_range(1000, 2000);
	KUNIT_ASSERT_EQ(b->tb->test, *buf32(b, 0), 1);
}

static void store_on(struct cmd_bench *b, u16 id, u32 value)
{
	const u32 sdi[] = { SDI_HDR, LO(0x100008), HI(0x100008), value };

	vxe_tb_emit(b->tb, id, sdi, ARRAY_SIZE(sdi));
	vxe_tb_submit(b->tb, id);
}

static u32 ctx_state(struct vxe_tb *tb, u16 id)
{
	return FIELD_GET(VXE_CTX_STATUS_STATE, vxe_tb_ctx_status(tb, id));
}

/*
 * The ready context of the highest priority runs first: a high one goes
 * past a spinner, a low one waits until the spinner is done.
 */
static void vxe_hw_cmd_test_priority(struct kunit *test)
{
	struct cmd_bench b = bench(test);

	ctx_sched(b.tb, 1, VXE_CTX_PRIORITY_LOW, 0);
	ctx_sched(b.tb, 2, VXE_CTX_PRIORITY_HIGH, 0);
	start_spinner(&b, 0);

	store_on(&b, 1, 1);
	store_on(&b, 2, 2);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 2, 2000), VXE_CTX_STATE_IDLE);
	msleep(20);
	KUNIT_EXPECT_EQ(test, ctx_state(b.tb, 1), VXE_CTX_STATE_READY);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 8), 2);

	WRITE_ONCE(*buf32(&b, 4), 0);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 0, 5000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 1, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 8), 1);

	/* A priority the device does not have: no context */
	vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_SCHED, 3);
	vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_SELECT, 3);
	vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_CREATE);
	KUNIT_EXPECT_EQ(test, ctx_state(b.tb, 3), VXE_CTX_STATE_FREE);
	vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_SCHED, VXE_CTX_PRIORITY_NORMAL);
}

/*
 * A low-latency context woken from idle goes before the others of its
 * priority: submitted after another while a spinner holds the engine for
 * its long time slice, it still runs first, so the other writes last.
 */
static void vxe_hw_cmd_test_low_latency(struct kunit *test)
{
	struct cmd_bench b = bench(test);

	ctx_sched(b.tb, 1, VXE_CTX_PRIORITY_NORMAL, 0);
	ctx_sched(b.tb, 2, VXE_CTX_PRIORITY_NORMAL | VXE_CTX_SCHED_LOW_LATENCY, 0);
	ctx_sched(b.tb, 3, VXE_CTX_PRIORITY_NORMAL, 500000);
	start_spinner(&b, 3);

	store_on(&b, 1, 1);
	store_on(&b, 2, 2);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 1, 5000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 2, 5000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 8), 1);

	WRITE_ONCE(*buf32(&b, 4), 0);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 3, 5000), VXE_CTX_STATE_IDLE);
}

/* An endless batch does not starve another context, and hits its watchdog */
static void vxe_hw_cmd_test_watchdog(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 loop[] = { NOOP, 0x18800101, LO(0x200000), 0 };
	const u32 ring[] = { BBS_PPGTT_HDR, LO(0x200000), HI(0x200000), NOOP };
	const u32 other[] = { SDI_HDR, LO(0x100000), HI(0x100000), 5 };

	memcpy(vxe_tb_ptr(b.tb, b.batch), loop, sizeof(loop));
	vxe_tb_ctx(b.tb, 1, RCS, 1, 20000);
	vxe_tb_emit(b.tb, 1, ring, ARRAY_SIZE(ring));
	vxe_tb_submit(b.tb, 1);

	vxe_tb_emit(b.tb, 0, other, ARRAY_SIZE(other));
	vxe_tb_submit(b.tb, 0);
	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 0, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0), 5);

	KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 1, 5000), VXE_CTX_STATE_ERROR);
	KUNIT_EXPECT_EQ(test, ctx_error(b.tb, 1), VXE_CTX_ERROR_WATCHDOG);
}

/* Reset stops a running context */
static void vxe_hw_cmd_test_reset_running(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 loop[] = { NOOP, 0x18800101, LO(0x200000), 0 };
	const u32 ring[] = { BBS_PPGTT_HDR, LO(0x200000), HI(0x200000), NOOP };
	unsigned int i;
	u32 state = 0;

	memcpy(vxe_tb_ptr(b.tb, b.batch), loop, sizeof(loop));
	vxe_tb_emit(b.tb, 0, ring, ARRAY_SIZE(ring));
	vxe_tb_submit(b.tb, 0);
	usleep_range(10000, 20000);

	vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_SELECT, 0);
	vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_DESTROY);
	for (i = 0; i < 1000; i++) {
		state = FIELD_GET(VXE_CTX_STATUS_STATE, vxe_tb_ctx_status(b.tb, 0));
		if (state == VXE_CTX_STATE_FREE)
			break;
		usleep_range(100, 200);
	}
	KUNIT_EXPECT_EQ(test, state, VXE_CTX_STATE_FREE);
}

/* LRI, LRR, MATH and SRM, as xe_spin uses them to count ticks */
static void vxe_hw_cmd_test_registers(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	const u32 batch[] = {
		0x11080003, 0x600, 100, 0x608, 58,	/* R0 = 100, R1 = 58 */
		0x0d000003,				/* MATH: R1 = ~(R0 - R1) */
		0x08008000, 0x08008401, 0x10100000, 0x58000431,
		0x150c0001, 0x608, 0x610,		/* R2 = R1 */
		0x12080002, 0x610, LO(0x100000), 0,
		0x12080002, 0x3a8, LO(0x100004), 0,	/* CTX_TIMESTAMP */
		BBE,
	};

	KUNIT_ASSERT_EQ(test, run_batch(&b, 0, batch, ARRAY_SIZE(batch)), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0), ~(u32)42);
}

/* MI_FLUSH_DW and PIPE_CONTROL post-sync writes, MI_USER_INTERRUPT */
static void vxe_hw_cmd_test_post_sync(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	u64 seqno = vxe_tb_alloc(b.tb, SZ_4K, SZ_4K), dpa = vxe_tb_dpa(seqno);
	const u32 ring[] = {
		0x13004002, LO(dpa) | BIT(2), HI(dpa), 17,		/* FLUSH_DW, DPA */
		0x7a000004, BIT(24) | BIT(14), LO(dpa + 8), HI(dpa), 0x1234, 0x5678,
		0x13004003, LO(0x100000), 0, 0xaaaa, 0xbbbb,	/* qword, PPGTT */
		0x01000000,
	};

	vxe_tb_emit(b.tb, 0, ring, ARRAY_SIZE(ring));
	vxe_tb_submit(b.tb, 0);
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(b.tb, 0, 2000), VXE_CTX_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, *(u32 *)vxe_tb_ptr(b.tb, seqno), 17);
	KUNIT_EXPECT_EQ(test, *(u64 *)vxe_tb_ptr(b.tb, seqno + 8), 0x0000567800001234ull);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 0), 0xaaaa);
	KUNIT_EXPECT_EQ(test, *buf32(&b, 4), 0xbbbb);
	KUNIT_EXPECT_TRUE(test, vxe_tb_wait_irq(b.tb, VXE_IRQ_USER));
}

/* MEM_COPY and MEM_SET between VRAM and system memory, by DPA */
static void vxe_hw_cmd_test_copy_engine(struct kunit *test)
{
	struct cmd_bench b = bench(test);
	u64 src = vxe_tb_alloc(b.tb, SZ_64K, SZ_4K), dst = vxe_tb_alloc(b.tb, SZ_64K, SZ_4K);
	u64 s = vxe_tb_dpa(src), d = vxe_tb_dpa(dst), kb = vxe_tb_alloc(b.tb, SZ_4K, SZ_4K);
	const u32 batch[] = {
		0x56880008, 0x3f, 0, 0x3f, 0x3f, LO(s), HI(s), LO(d), HI(d), 0,	/* 16K pages */
		0x56800008, 99, 0, 0, 0, LO(s), HI(s), LO(d + SZ_32K), HI(d), 0,	/* 100 B */
		0x56820008, 9, 2, 255, 127, LO(s), HI(s), LO(d + SZ_16K), HI(d), 0,	/* 3x10 */
		0x56c00005, 49, 0, 0, LO(d + 40000), HI(d), 0xab000000,		/* 50 B */
		BBE,
	};
	const u32 ring[] = { 0x18800001, LO(vxe_tb_dpa(kb)), HI(vxe_tb_dpa(kb)), NOOP };
	u8 *sp = vxe_tb_ptr(b.tb, src), *dp = vxe_tb_ptr(b.tb, dst);
	unsigned int i;

	for (i = 0; i < SZ_64K; i++)
		sp[i] = i * 7 + 1;
	memcpy(vxe_tb_ptr(b.tb, kb), batch, sizeof(batch));
	vxe_tb_ctx(b.tb, 1, BCS, 1, 0);
	vxe_tb_emit(b.tb, 1, ring, ARRAY_SIZE(ring));
	vxe_tb_submit(b.tb, 1);
	KUNIT_ASSERT_EQ(test, vxe_tb_wait(b.tb, 1, 5000), VXE_CTX_STATE_IDLE);

	KUNIT_EXPECT_EQ(test, memcmp(dp, sp, SZ_16K), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dp + SZ_32K, sp, 100), 0);
	KUNIT_EXPECT_EQ(test, dp[SZ_32K + 100], 0);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, memcmp(dp + SZ_16K + i * 128, sp + i * 256, 10), 0);
		KUNIT_EXPECT_EQ(test, dp[SZ_16K + i * 128 + 10], 0);
	}
	KUNIT_EXPECT_EQ(test, dp[40000], 0xab);
	KUNIT_EXPECT_EQ(test, dp[40049], 0xab);
	KUNIT_EXPECT_EQ(test, dp[40050], 0);
}

/* Each malformed input errors the context and leaves the device usable */
static void vxe_hw_cmd_test_malformed(struct kunit *test)
{
	static const struct {
		u32 dw[10];
		unsigned int n;
		u32 error;
	} cases[] = {
		{ { 0x3f000000 }, 1, VXE_CTX_ERROR_CMD },		/* unknown MI op */
		{ { 0x5a000000 }, 1, VXE_CTX_ERROR_CMD },		/* unknown BLT op */
		{ { 0x7b000000 }, 1, VXE_CTX_ERROR_CMD },		/* unknown 3D op */
		{ { BBE }, 1, VXE_CTX_ERROR_CMD },			/* BBE in the ring */
		{ { 0x10000002, 0 }, 2, VXE_CTX_ERROR_CMD },		/* runs past tail */
		{ { 0x56800008 }, 10, VXE_CTX_ERROR_CMD },		/* MEM_COPY on RCS */
		{ { 0x18800001, 0, 0x00080000 }, 3, VXE_CTX_ERROR_MEM },/* batch not memory */
		{ { 0x17980001, 0, 0 }, 3, VXE_CTX_ERROR_CMD },		/* octword atomic */
	};
	struct cmd_bench b = bench(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		vxe_tb_emit(b.tb, 0, cases[i].dw, cases[i].n);
		vxe_tb_submit(b.tb, 0);
		KUNIT_EXPECT_EQ_MSG(test, vxe_tb_wait(b.tb, 0, 2000), VXE_CTX_STATE_ERROR,
				    "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, ctx_error(b.tb, 0), cases[i].error, "case %u", i);
		vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_RESET);
		/* Resynchronise our tail with the emptied ring */
		b.tb->ring_tail[0] = vxe_hw_mmio_read32(b.tb->hw, VXE_REG_CTX_HEAD);
	}

	/* Batches nested deeper than the device allows */
	{
		const u32 deep[] = { BBS_2ND_HDR, LO(0x200000), HI(0x200000) };

		KUNIT_EXPECT_EQ(test, run_batch(&b, 0, deep, ARRAY_SIZE(deep)),
				VXE_CTX_STATE_ERROR);
		KUNIT_EXPECT_EQ(test, ctx_error(b.tb, 0), VXE_CTX_ERROR_NESTING);
		vxe_hw_mmio_write32(b.tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_RESET);
		b.tb->ring_tail[0] = vxe_hw_mmio_read32(b.tb->hw, VXE_REG_CTX_HEAD);
	}

	/* Still works */
	{
		const u32 ok[] = { SDI_HDR, LO(0x100000), HI(0x100000), 9 };

		vxe_tb_emit(b.tb, 0, ok, ARRAY_SIZE(ok));
		vxe_tb_submit(b.tb, 0);
		KUNIT_EXPECT_EQ(test, vxe_tb_wait(b.tb, 0, 2000), VXE_CTX_STATE_IDLE);
		KUNIT_EXPECT_EQ(test, *buf32(&b, 0), 9);
	}
}

/* Registers refuse what they cannot hold */
static void vxe_hw_cmd_test_bad_registers(struct kunit *test)
{
	struct vxe_tb *tb = vxe_tb_create(test);
	u64 ring = vxe_tb_dpa(vxe_tb_alloc(tb, SZ_4K, SZ_4K));

	/* Unaligned or unsized rings, missing engines and ASIDs: no context */
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_SELECT, 3);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_RING_LO, LO(ring));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_RING_HI, HI(ring));
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_RING_SIZE, 3000);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_ENGINE, RCS);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_ASID, 0);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_CREATE);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_CTX_STATUS), VXE_CTX_STATE_FREE);

	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_RING_SIZE, SZ_4K);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_ENGINE, 5);	/* rcs5: absent */
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_CREATE);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_CTX_STATUS), VXE_CTX_STATE_FREE);

	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_ENGINE, RCS);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_ASID, 1000);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_CTL, VXE_CTX_CTL_CREATE);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_CTX_STATUS), VXE_CTX_STATE_FREE);

	/* Selecting a context or ASID out of range keeps the old selection */
	vxe_hw_mmio_write32(tb->hw, VXE_REG_CTX_SELECT, 1000);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_CTX_SELECT), 3);
	vxe_hw_mmio_write32(tb->hw, VXE_REG_VM_SELECT, 1000);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_VM_SELECT), 0);

	/* An unknown invalidation type is not numbered */
	vxe_hw_mmio_write32(tb->hw, VXE_REG_TLB_INV_CMD, 9);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(tb->hw, VXE_REG_TLB_INV_SEQNO), 0);
}

static struct kunit_case vxe_hw_cmd_test_cases[] = {
	KUNIT_CASE(vxe_hw_cmd_test_store),
	KUNIT_CASE(vxe_hw_cmd_test_atomic),
	KUNIT_CASE(vxe_hw_cmd_test_batch_nesting),
	KUNIT_CASE(vxe_hw_cmd_test_spinner),
	KUNIT_CASE(vxe_hw_cmd_test_semaphore_timeslice),
	KUNIT_CASE(vxe_hw_cmd_test_priority),
	KUNIT_CASE(vxe_hw_cmd_test_low_latency),
	KUNIT_CASE(vxe_hw_cmd_test_watchdog),
	KUNIT_CASE(vxe_hw_cmd_test_reset_running),
	KUNIT_CASE(vxe_hw_cmd_test_registers),
	KUNIT_CASE(vxe_hw_cmd_test_post_sync),
	KUNIT_CASE(vxe_hw_cmd_test_copy_engine),
	KUNIT_CASE(vxe_hw_cmd_test_malformed),
	KUNIT_CASE(vxe_hw_cmd_test_bad_registers),
	{}
};

static struct kunit_suite vxe_hw_cmd_test_suite = {
	.name = "vxe_hw_cmd",
	.test_cases = vxe_hw_cmd_test_cases,
};

kunit_test_suite(vxe_hw_cmd_test_suite);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: device-model command streamer
 *
 * Device-model command streamer: fetch, decode and execute one command.
 *
 * The subset is what Xe's rings and IGT's xe tests emit (encodings as in
 * drivers/gpu/drm/xe/instructions/): MI_NOOP, MI_USER_INTERRUPT,
 * MI_ARB_CHECK, MI_ARB_ON_OFF, MI_MEM_FENCE, MI_BATCH_BUFFER_START/END,
 * MI_STORE_DATA_IMM, MI_ATOMIC, MI_COND_BATCH_BUFFER_END,
 * MI_SEMAPHORE_WAIT, MI_FLUSH_DW, MI_LOAD_REGISTER_IMM/REG,
 * MI_STORE_REGISTER_MEM, MI_MATH, PIPE_CONTROL (post-sync writes), and on
 * the copy engine MEM_COPY and MEM_SET. Anything else, or a command that
 * does not fit where it is, errors the context with VXE_CTX_ERROR_CMD.
 *
 * A command either completes or has no effect the engine remembers: when
 * an access faults the command is restarted from its beginning after the
 * driver answers, so the fetch pointer only moves once a command is done.
 * (A MEM_COPY that faults half-way copies its first half again.)
 */

#include <linux/bitfield.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>

#include "vxe_hw_types.h"

#define VXE_CMD_TYPE		GENMASK(31, 29)
#define   VXE_CMD_TYPE_MI	0
#define   VXE_CMD_TYPE_BLT	2
#define   VXE_CMD_TYPE_GFX	3
#define VXE_MI_OPCODE		GENMASK(28, 23)
#define VXE_BLT_OPCODE		GENMASK(28, 22)
#define VXE_CMD_LEN		GENMASK(7, 0)

#define MI_NOOP			0x00
#define MI_USER_INTERRUPT	0x02
#define MI_ARB_CHECK		0x05
#define MI_ARB_ON_OFF		0x08
#define MI_MEM_FENCE		0x09
#define MI_BATCH_BUFFER_END	0x0a
#define MI_MATH			0x1a
#define MI_SEMAPHORE_WAIT	0x1c
#define MI_STORE_DATA_IMM	0x20
#define MI_LOAD_REGISTER_IMM	0x22
#define MI_STORE_REGISTER_MEM	0x24
#define MI_FLUSH_DW		0x26
#define MI_LOAD_REGISTER_REG	0x2a
#define MI_ATOMIC		0x2f
#define MI_BATCH_BUFFER_START	0x31
#define MI_COND_BATCH_BUFFER_END 0x36

#define BLT_MEM_COPY		0x5a
#define BLT_MEM_SET		0x5b

#define PIPE_CONTROL_HDR	0x7a000000
#define PIPE_CONTROL_MASK	0xffff0000

/* Engine-relative registers reachable by LRI/LRR/SRM */
#define VXE_CS_REG_CTX_TIMESTAMP	0x3a8
#define VXE_CS_REG_GPR(n)		(0x600 + 8 * (n))
#define VXE_CS_REG_MASK			0xfff

/* Per-command GGTT ("use DPA") bits, honoured in the ring only */
#define VXE_SDI_GGTT		BIT(22)
#define VXE_SDI_QWORD		BIT(21)
#define VXE_BBS_PPGTT		BIT(8)
#define VXE_BBS_2ND_LEVEL	BIT(22)
#define VXE_ATOMIC_GGTT		BIT(22)
#define VXE_ATOMIC_SIZE		GENMASK(20, 19)
#define VXE_ATOMIC_INLINE	BIT(18)
#define VXE_ATOMIC_RETURN	BIT(16)
#define VXE_ATOMIC_OP		GENMASK(15, 8)
#define VXE_COND_GGTT		BIT(22)
#define VXE_COND_COMPARE	BIT(21)
#define VXE_COND_MASK_MODE	BIT(19)
#define VXE_COND_END_LEVEL	BIT(18)
#define VXE_COMPARE_OP		GENMASK(14, 12)
#define VXE_SEM_GGTT		BIT(22)
#define VXE_SEM_REG_POLL	BIT(16)
#define VXE_SEM_INDIRECT	BIT(17)
#define VXE_FLUSH_TLB_INV	BIT(18)
#define VXE_FLUSH_POST_SYNC	GENMASK(15, 14)
#define VXE_FLUSH_STORE_INDEX	BIT(21)
#define VXE_FLUSH_ADDR_GGTT	BIT(2)
#define VXE_LRI_CS_MMIO		BIT(19)
#define VXE_SRM_GGTT		BIT(22)
#define VXE_PC_GGTT		BIT(24)
#define VXE_PC_STORE_INDEX	BIT(21)
#define VXE_PC_POST_SYNC	GENMASK(15, 14)
#define VXE_POST_SYNC_IMM	1
#define VXE_POST_SYNC_TS	3
#define VXE_MEM_COPY_PAGE	BIT(19)
#define VXE_MEM_COPY_MATRIX	BIT(17)
#define VXE_MEM_SET_MATRIX	BIT(17)

/* How to move the fetch pointer after a command */
enum vxe_hw_next {
	VXE_NEXT_ADVANCE,	/* past the command */
	VXE_NEXT_STAY,		/* the command set the pointer itself */
	VXE_NEXT_WAIT,		/* retry the command later */
};

struct vxe_hw_exec {
	struct vxe_hw *hw;
	struct vxe_hw_ctx *ctx;
	struct vxe_hw_engine *engine;
	const u32 *cmd;
	unsigned int len;
	/* the command's own address, for errors */
	u64 addr;
	enum vxe_hw_step step;
	enum vxe_hw_next next;
};

static bool vxe_hw_exec_error(struct vxe_hw_exec *x, enum vxe_hw_ctx_error error, u64 addr)
{
	x->ctx->exec_error = error;
	x->ctx->exec_error_addr = addr;
	x->step = VXE_STEP_ERROR;
	return false;
}

/*
 * A translation failed: stall on a fault in a VM in fault mode, else a
 * catastrophic error of the context.
 */
static bool vxe_hw_xlate_failed(struct vxe_hw_exec *x, int ret,
				const struct vxe_hw_xlate *xl, u64 addr)
{
	if (ret == -ENOENT &&
	    (READ_ONCE(x->hw->vms[x->ctx->asid].ctl) & VXE_VM_CTL_FAULT_MODE)) {
		x->ctx->fault = xl->fault;
		x->step = VXE_STEP_STALL;
		return false;
	}
	return vxe_hw_exec_error(x, VXE_CTX_ERROR_CAT, addr);
}

/* Whether an address is a GPU VA of the context's VM (else a DPA) */
static bool vxe_hw_ppgtt(const struct vxe_hw_ctx *ctx, bool ggtt_bit)
{
	if (ctx->depth)
		return ctx->bb[ctx->depth].ppgtt;
	return !ggtt_bit;
}

/*
 * Move @len bytes between @buf and @addr. Returns false with x->step set
 * when the access faulted (STALL) or errored.
 */
static bool vxe_hw_access(struct vxe_hw_exec *x, bool ppgtt, u64 addr, void *buf,
			  size_t len, enum vxe_hw_access access)
{
	struct vxe_hw *hw = x->hw;
	struct vxe_hw_xlate xl;
	bool write = access != VXE_ACCESS_READ;
	int ret;

	if (!ppgtt)
		return !vxe_hw_dpa_rw(hw, addr, buf, len, write) ||
		       vxe_hw_exec_error(x, VXE_CTX_ERROR_MEM, addr);

	while (len) {
		int mem = 0;
		size_t n = 0;

		spin_lock(&hw->tlb_lock);
		ret = vxe_hw_translate_locked(hw, x->ctx->asid, addr, access, &xl);
		if (!ret) {
			n = min_t(u64, len, xl.len);
			if (!xl.null)
				mem = vxe_hw_dpa_rw(hw, xl.dpa, buf, n, write);
			else if (!write)
				memset(buf, 0, n);
		}
		spin_unlock(&hw->tlb_lock);

		if (ret)
			return vxe_hw_xlate_failed(x, ret, &xl, addr);
		if (mem)
			return vxe_hw_exec_error(x, VXE_CTX_ERROR_MEM, addr);

		addr += n;
		buf += n;
		len -= n;
	}

	return true;
}

static bool vxe_hw_atomic(struct vxe_hw_exec *x, bool ppgtt, u64 addr, unsigned int size,
			  u8 op, u64 op1, u64 op2, u64 *old)
{
	struct vxe_hw *hw = x->hw;
	struct vxe_hw_xlate xl;
	int ret;

	if (!IS_ALIGNED(addr, size))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);

	if (!ppgtt) {
		ret = vxe_hw_dpa_atomic(hw, addr, size, op, op1, op2, old);
		return !ret || vxe_hw_exec_error(x, ret == -EINVAL ? VXE_CTX_ERROR_CMD :
						 VXE_CTX_ERROR_MEM, addr);
	}

	spin_lock(&hw->tlb_lock);
	ret = vxe_hw_translate_locked(hw, x->ctx->asid, addr, VXE_ACCESS_ATOMIC, &xl);
	if (ret == -EFAULT)
		ret = -ENXIO;	/* a translation error, not a memory one */
	else if (!ret && xl.null)
		*old = 0;
	else if (!ret)
		ret = vxe_hw_dpa_atomic(hw, xl.dpa, size, op, op1, op2, old);
	spin_unlock(&hw->tlb_lock);

	if (ret == -ENOENT || ret == -ENXIO)
		return vxe_hw_xlate_failed(x, ret, &xl, addr);
	if (ret == -EINVAL)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	if (ret)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_MEM, addr);
	return true;
}

static u64 vxe_hw_addr(const u32 *lo_hi, bool ppgtt)
{
	/* GPU VAs are 48 bits; DPAs use the whole upper dword */
	u64 hi = ppgtt ? lo_hi[1] & 0xffff : lo_hi[1];

	return (hi << 32) | lo_hi[0];
}

static bool vxe_hw_compare(u32 op, u64 a, u64 b, bool *result)
{
	switch (op) {
	case 0:
		*result = a > b;
		break;
	case 1:
		*result = a >= b;
		break;
	case 2:
		*result = a < b;
		break;
	case 3:
		*result = a <= b;
		break;
	case 4:
		*result = a == b;
		break;
	case 5:
		*result = a != b;
		break;
	default:
		return false;
	}
	return true;
}

static u64 *vxe_hw_cs_reg(struct vxe_hw_exec *x, u32 offset, bool *hi)
{
	offset &= VXE_CS_REG_MASK;
	*hi = offset & 4;
	if (offset >= VXE_CS_REG_GPR(0) && offset < VXE_CS_REG_GPR(VXE_HW_NUM_GPRS))
		return &x->ctx->gpr[(offset - VXE_CS_REG_GPR(0)) / 8];
	if ((offset & ~4) == VXE_CS_REG_CTX_TIMESTAMP)
		return &x->ctx->timestamp;
	return NULL;
}

/* Registers the engine does not model read as zero and ignore writes */
static u32 vxe_hw_cs_reg_read(struct vxe_hw_exec *x, u32 offset)
{
	bool hi;
	u64 *reg = vxe_hw_cs_reg(x, offset, &hi);

	if (!reg)
		return 0;
	return hi ? upper_32_bits(*reg) : lower_32_bits(*reg);
}

static void vxe_hw_cs_reg_write(struct vxe_hw_exec *x, u32 offset, u32 value)
{
	bool hi;
	u64 *reg = vxe_hw_cs_reg(x, offset, &hi);

	if (!reg)
		return;
	if (hi)
		*reg = (*reg & GENMASK_ULL(31, 0)) | (u64)value << 32;
	else
		*reg = (*reg & GENMASK_ULL(63, 32)) | value;
}

static bool vxe_hw_cmd_bbs(struct vxe_hw_exec *x)
{
	struct vxe_hw_ctx *ctx = x->ctx;
	u32 hdr = x->cmd[0];
	bool ppgtt = (hdr & VXE_BBS_PPGTT) || (ctx->depth && ctx->bb[ctx->depth].ppgtt);
	u64 target = vxe_hw_addr(&x->cmd[1], ppgtt) & ~3ull;

	if (x->len != 3)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);

	if (ctx->depth && !(hdr & VXE_BBS_2ND_LEVEL)) {
		/* Chain: this level continues at the target */
		ctx->bb[ctx->depth].addr = target;
		ctx->bb[ctx->depth].ppgtt = ppgtt;
		x->next = VXE_NEXT_STAY;
		return true;
	}

	if (ctx->depth + 1 >= VXE_HW_MAX_BB_DEPTH)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_NESTING, x->addr);

	/* Call: the caller resumes after this command */
	if (ctx->depth)
		ctx->bb[ctx->depth].addr += x->len * sizeof(u32);
	else
		ctx->head = (ctx->head + x->len * sizeof(u32)) & (ctx->ring_size - 1);
	ctx->depth++;
	ctx->bb[ctx->depth].addr = target;
	ctx->bb[ctx->depth].ppgtt = ppgtt;
	x->next = VXE_NEXT_STAY;
	return true;
}

static bool vxe_hw_cmd_bbe(struct vxe_hw_exec *x)
{
	if (!x->ctx->depth)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	x->ctx->depth--;
	x->next = VXE_NEXT_STAY;
	return true;
}

static bool vxe_hw_cmd_sdi(struct vxe_hw_exec *x)
{
	bool ppgtt = vxe_hw_ppgtt(x->ctx, x->cmd[0] & VXE_SDI_GGTT);
	u64 addr = vxe_hw_addr(&x->cmd[1], ppgtt);
	unsigned int bytes = (x->len - 3) * sizeof(u32);

	if (x->len < 4 || !IS_ALIGNED(addr, x->cmd[0] & VXE_SDI_QWORD ? 8 : 4))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	return vxe_hw_access(x, ppgtt, addr, (void *)&x->cmd[3], bytes, VXE_ACCESS_WRITE);
}

static bool vxe_hw_cmd_atomic(struct vxe_hw_exec *x)
{
	u32 hdr = x->cmd[0];
	bool ppgtt = vxe_hw_ppgtt(x->ctx, hdr & VXE_ATOMIC_GGTT);
	u64 addr = vxe_hw_addr(&x->cmd[1], ppgtt);
	unsigned int size = FIELD_GET(VXE_ATOMIC_SIZE, hdr) ? 8 : 4;
	u64 op1, op2, old;

	if (FIELD_GET(VXE_ATOMIC_SIZE, hdr) > 1 ||
	    x->len != ((hdr & VXE_ATOMIC_INLINE) ? 11 : 3))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);

	if (hdr & VXE_ATOMIC_INLINE) {
		/* Operands interleaved: op1 dw0, op2 dw0, op1 dw1, op2 dw1 */
		op1 = x->cmd[3] | (u64)x->cmd[5] << 32;
		op2 = x->cmd[4] | (u64)x->cmd[6] << 32;
	} else {
		op1 = x->ctx->gpr[0];
		op2 = x->ctx->gpr[1];
	}

	if (!vxe_hw_atomic(x, ppgtt, addr, size, FIELD_GET(VXE_ATOMIC_OP, hdr),
			   op1, op2, &old))
		return false;
	if (hdr & VXE_ATOMIC_RETURN)
		x->ctx->gpr[2] = old;
	return true;
}

static bool vxe_hw_cmd_cond_bbe(struct vxe_hw_exec *x)
{
	u32 hdr = x->cmd[0];
	bool ppgtt = vxe_hw_ppgtt(x->ctx, hdr & VXE_COND_GGTT);
	u64 addr = vxe_hw_addr(&x->cmd[2], ppgtt), mem = 0;
	bool go_on;

	if (x->len != 4)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	if (!(hdr & VXE_COND_COMPARE))
		return true;

	if (hdr & VXE_COND_MASK_MODE) {
		u32 md[2];

		if (!vxe_hw_access(x, ppgtt, addr & ~7ull, md, sizeof(md), VXE_ACCESS_READ))
			return false;
		mem = md[1] & md[0];
	} else {
		u32 d;

		if (!vxe_hw_access(x, ppgtt, addr & ~3ull, &d, sizeof(d), VXE_ACCESS_READ))
			return false;
		mem = d;
	}

	if (!vxe_hw_compare(FIELD_GET(VXE_COMPARE_OP, hdr), mem, x->cmd[1], &go_on))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	if (go_on)
		return true;

	/* End this level, or every level back to the ring */
	if (!x->ctx->depth)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	x->ctx->depth = (hdr & VXE_COND_END_LEVEL) ? x->ctx->depth - 1 : 0;
	x->next = VXE_NEXT_STAY;
	return true;
}

static bool vxe_hw_cmd_semaphore(struct vxe_hw_exec *x)
{
	u32 hdr = x->cmd[0], mem;
	bool ppgtt = vxe_hw_ppgtt(x->ctx, hdr & VXE_SEM_GGTT);
	u64 addr = vxe_hw_addr(&x->cmd[2], ppgtt);
	u64 sdd = (hdr & VXE_SEM_INDIRECT) ? lower_32_bits(x->ctx->gpr[0]) : x->cmd[1];
	bool done;

	if (x->len != 5 || (hdr & VXE_SEM_REG_POLL))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	if (!vxe_hw_access(x, ppgtt, addr & ~3ull, &mem, sizeof(mem), VXE_ACCESS_READ))
		return false;
	if (!vxe_hw_compare(FIELD_GET(VXE_COMPARE_OP, hdr), mem, sdd, &done))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	if (!done) {
		x->next = VXE_NEXT_WAIT;
		x->step = VXE_STEP_YIELD;
	}
	return true;
}

static bool vxe_hw_post_sync(struct vxe_hw_exec *x, u32 op, bool ppgtt, u64 addr,
			     const u32 *imm, unsigned int bytes)
{
	u64 ts;

	switch (op) {
	case 0:
		return true;
	case VXE_POST_SYNC_IMM:
		return vxe_hw_access(x, ppgtt, addr, (void *)imm, bytes, VXE_ACCESS_WRITE);
	case VXE_POST_SYNC_TS:
		ts = vxe_hw_timestamp(x->hw);
		return vxe_hw_access(x, ppgtt, addr, &ts, sizeof(ts), VXE_ACCESS_WRITE);
	default:
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	}
}

static bool vxe_hw_cmd_flush_dw(struct vxe_hw_exec *x)
{
	u32 hdr = x->cmd[0];
	bool ppgtt = vxe_hw_ppgtt(x->ctx, x->cmd[1] & VXE_FLUSH_ADDR_GGTT);
	u64 addr = vxe_hw_addr(&x->cmd[1], ppgtt) & ~7ull;

	if ((x->len != 4 && x->len != 5) || (hdr & VXE_FLUSH_STORE_INDEX))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	if (hdr & VXE_FLUSH_TLB_INV)
		vxe_hw_tlb_flush_asid(x->hw, x->ctx->asid);
	return vxe_hw_post_sync(x, FIELD_GET(VXE_FLUSH_POST_SYNC, hdr), ppgtt, addr,
				&x->cmd[3], (x->len - 3) * sizeof(u32));
}

static bool vxe_hw_cmd_pipe_control(struct vxe_hw_exec *x)
{
	u32 flags = x->len > 1 ? x->cmd[1] : 0;
	bool ppgtt = vxe_hw_ppgtt(x->ctx, flags & VXE_PC_GGTT);
	u64 addr = vxe_hw_addr(&x->cmd[2], ppgtt) & ~7ull;

	if (x->len != 6 || (flags & VXE_PC_STORE_INDEX))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	return vxe_hw_post_sync(x, FIELD_GET(VXE_PC_POST_SYNC, flags), ppgtt, addr,
				&x->cmd[4], 2 * sizeof(u32));
}

static bool vxe_hw_cmd_lri(struct vxe_hw_exec *x)
{
	unsigned int i;

	if (!(x->len & 1))
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	for (i = 1; i + 1 < x->len; i += 2)
		vxe_hw_cs_reg_write(x, x->cmd[i], x->cmd[i + 1]);
	return true;
}

static bool vxe_hw_cmd_srm(struct vxe_hw_exec *x)
{
	bool ppgtt = vxe_hw_ppgtt(x->ctx, x->cmd[0] & VXE_SRM_GGTT);
	u64 addr = vxe_hw_addr(&x->cmd[2], ppgtt) & ~3ull;
	u32 val;

	if (x->len != 4)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	val = vxe_hw_cs_reg_read(x, x->cmd[1]);
	return vxe_hw_access(x, ppgtt, addr, &val, sizeof(val), VXE_ACCESS_WRITE);
}

static bool vxe_hw_cmd_lrr(struct vxe_hw_exec *x)
{
	if (x->len != 3)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	vxe_hw_cs_reg_write(x, x->cmd[2], vxe_hw_cs_reg_read(x, x->cmd[1]));
	return true;
}

/* MI_MATH: the command streamer ALU */
#define VXE_ALU_OPCODE		GENMASK(31, 20)
#define VXE_ALU_OP1		GENMASK(19, 10)
#define VXE_ALU_OP2		GENMASK(9, 0)
#define VXE_ALU_SRCA		0x20
#define VXE_ALU_SRCB		0x21
#define VXE_ALU_ACCU		0x31
#define VXE_ALU_ZF		0x32
#define VXE_ALU_CF		0x33

static u64 *vxe_hw_alu_reg(struct vxe_hw_exec *x, u64 *alu, u32 id)
{
	if (id < VXE_HW_NUM_GPRS)
		return &x->ctx->gpr[id];
	switch (id) {
	case VXE_ALU_SRCA:
		return &alu[0];
	case VXE_ALU_SRCB:
		return &alu[1];
	case VXE_ALU_ACCU:
		return &alu[2];
	case VXE_ALU_ZF:
		return &alu[3];
	case VXE_ALU_CF:
		return &alu[4];
	default:
		return NULL;
	}
}

static bool vxe_hw_cmd_math(struct vxe_hw_exec *x)
{
	/* SRCA, SRCB, ACCU, ZF, CF */
	u64 alu[5] = {};
	unsigned int i;

	for (i = 1; i < x->len; i++) {
		u32 ins = x->cmd[i], opc = FIELD_GET(VXE_ALU_OPCODE, ins);
		u64 *a = vxe_hw_alu_reg(x, alu, FIELD_GET(VXE_ALU_OP1, ins));
		u64 *b = vxe_hw_alu_reg(x, alu, FIELD_GET(VXE_ALU_OP2, ins));
		u64 r;

		switch (opc) {
		case 0x000:	/* NOOP */
			continue;
		case 0x080:	/* LOAD */
		case 0x480:	/* LOADINV */
			if (!a || !b)
				goto bad;
			*a = opc == 0x080 ? *b : ~*b;
			continue;
		case 0x081:	/* LOAD0 */
		case 0x481:	/* LOAD1 */
			if (!a)
				goto bad;
			*a = opc == 0x081 ? 0 : ~0ull;
			continue;
		case 0x100:	/* ADD */
			r = alu[0] + alu[1];
			alu[4] = r < alu[0];
			break;
		case 0x101:	/* SUB */
			r = alu[0] - alu[1];
			alu[4] = alu[1] > alu[0];
			break;
		case 0x102:	/* AND */
			r = alu[0] & alu[1];
			break;
		case 0x103:	/* OR */
			r = alu[0] | alu[1];
			break;
		case 0x104:	/* XOR */
			r = alu[0] ^ alu[1];
			break;
		case 0x180:	/* STORE */
		case 0x580:	/* STOREINV */
			if (!a || !b)
				goto bad;
			*a = opc == 0x180 ? *b : ~*b;
			continue;
		default:
			goto bad;
		}
		alu[2] = r;
		alu[3] = !r;
	}
	return true;

bad:
	return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
}

/*
 * Copy @len bytes: by DPA page to page, through the GPU MMU via the
 * context's bounce buffer a page at a time
 */
static bool vxe_hw_copy(struct vxe_hw_exec *x, bool ppgtt, u64 dst, u64 src, u64 len)
{
	u8 *buf = x->ctx->bounce;

	if (!ppgtt)
		return !vxe_hw_dpa_copy(x->hw, dst, src, len) ||
		       vxe_hw_exec_error(x, VXE_CTX_ERROR_MEM, src);

	while (len) {
		/* Whole pages once the source is page aligned */
		size_t n = min_t(u64, len, PAGE_SIZE - offset_in_page(src));

		if (!vxe_hw_access(x, ppgtt, src, buf, n, VXE_ACCESS_READ) ||
		    !vxe_hw_access(x, ppgtt, dst, buf, n, VXE_ACCESS_WRITE))
			return false;
		src += n;
		dst += n;
		len -= n;
	}
	return true;
}

static bool vxe_hw_fill(struct vxe_hw_exec *x, bool ppgtt, u64 dst, u8 value, u64 len)
{
	u8 *buf = x->ctx->bounce;

	memset(buf, value, PAGE_SIZE);
	while (len) {
		size_t n = min_t(u64, len, PAGE_SIZE - offset_in_page(dst));

		if (!vxe_hw_access(x, ppgtt, dst, buf, n, VXE_ACCESS_WRITE))
			return false;
		dst += n;
		len -= n;
	}
	return true;
}

static bool vxe_hw_cmd_mem_copy(struct vxe_hw_exec *x)
{
	u32 hdr = x->cmd[0];
	/* In the ring, copies address DPAs: the migration path */
	bool ppgtt = vxe_hw_ppgtt(x->ctx, true);
	u64 src = vxe_hw_addr(&x->cmd[5], ppgtt), dst = vxe_hw_addr(&x->cmd[7], ppgtt);
	/* Widths: 18 bits of bytes, or 24 bits of 256-byte pages */
	u64 width = (x->cmd[1] & (hdr & VXE_MEM_COPY_PAGE ? GENMASK(23, 0) :
				  GENMASK(17, 0))) + 1;
	u32 rows, r;

	if (x->len != 10 || x->engine->class != VXE_ENGINE_CLASS_COPY)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);

	if (hdr & VXE_MEM_COPY_PAGE)
		return vxe_hw_copy(x, ppgtt, dst, src, width * 256);
	if (!(hdr & VXE_MEM_COPY_MATRIX))
		return vxe_hw_copy(x, ppgtt, dst, src, width);

	rows = (x->cmd[2] & GENMASK(17, 0)) + 1;
	for (r = 0; r < rows; r++)
		if (!vxe_hw_copy(x, ppgtt, dst + (u64)r * ((x->cmd[4] & GENMASK(17, 0)) + 1),
				 src + (u64)r * ((x->cmd[3] & GENMASK(17, 0)) + 1), width))
			return false;
	return true;
}

static bool vxe_hw_cmd_mem_set(struct vxe_hw_exec *x)
{
	u32 hdr = x->cmd[0];
	bool ppgtt = vxe_hw_ppgtt(x->ctx, true);
	u64 dst = vxe_hw_addr(&x->cmd[4], ppgtt);
	u64 width = (x->cmd[1] & GENMASK(23, 0)) + 1;
	u8 value = x->cmd[6] >> 24;
	u32 rows, r;

	if (x->len != 7 || x->engine->class != VXE_ENGINE_CLASS_COPY)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);

	if (!(hdr & VXE_MEM_SET_MATRIX))
		return vxe_hw_fill(x, ppgtt, dst, value, width);

	rows = (x->cmd[2] & GENMASK(17, 0)) + 1;
	for (r = 0; r < rows; r++)
		if (!vxe_hw_fill(x, ppgtt, dst + (u64)r * ((x->cmd[3] & GENMASK(17, 0)) + 1),
				 value, width))
			return false;
	return true;
}

static bool vxe_hw_cmd_mi(struct vxe_hw_exec *x)
{
	switch (FIELD_GET(VXE_MI_OPCODE, x->cmd[0])) {
	case MI_NOOP:
	case MI_ARB_CHECK:
	case MI_ARB_ON_OFF:
	case MI_MEM_FENCE:
		/* In-order execution: nothing to fence or arbitrate here */
		return true;
	case MI_USER_INTERRUPT:
		spin_lock_irq(&x->hw->lock);
		vxe_hw_raise_irq_locked(x->hw, VXE_IRQ_USER);
		spin_unlock_irq(&x->hw->lock);
		return true;
	case MI_BATCH_BUFFER_END:
		return vxe_hw_cmd_bbe(x);
	case MI_BATCH_BUFFER_START:
		return vxe_hw_cmd_bbs(x);
	case MI_STORE_DATA_IMM:
		return vxe_hw_cmd_sdi(x);
	case MI_ATOMIC:
		return vxe_hw_cmd_atomic(x);
	case MI_COND_BATCH_BUFFER_END:
		return vxe_hw_cmd_cond_bbe(x);
	case MI_SEMAPHORE_WAIT:
		return vxe_hw_cmd_semaphore(x);
	case MI_FLUSH_DW:
		return vxe_hw_cmd_flush_dw(x);
	case MI_LOAD_REGISTER_IMM:
		return vxe_hw_cmd_lri(x);
	case MI_LOAD_REGISTER_REG:
		return vxe_hw_cmd_lrr(x);
	case MI_STORE_REGISTER_MEM:
		return vxe_hw_cmd_srm(x);
	case MI_MATH:
		return vxe_hw_cmd_math(x);
	default:
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	}
}

/* Length in dwords of the command starting with @hdr, 0 if unknown */
static unsigned int vxe_hw_cmd_len(u32 hdr)
{
	u32 op;

	switch (FIELD_GET(VXE_CMD_TYPE, hdr)) {
	case VXE_CMD_TYPE_MI:
		op = FIELD_GET(VXE_MI_OPCODE, hdr);
		if (op < 0x10)
			return 1;
		if (op == MI_STORE_DATA_IMM)
			return (hdr & GENMASK(9, 0)) + 2;
		if (op == MI_FLUSH_DW)
			return (hdr & GENMASK(5, 0)) + 2;
		return FIELD_GET(VXE_CMD_LEN, hdr) + 2;
	case VXE_CMD_TYPE_BLT:
		op = FIELD_GET(VXE_BLT_OPCODE, hdr);
		if (op == BLT_MEM_COPY || op == BLT_MEM_SET)
			return FIELD_GET(VXE_CMD_LEN, hdr) + 2;
		return 0;
	case VXE_CMD_TYPE_GFX:
		if ((hdr & PIPE_CONTROL_MASK) == PIPE_CONTROL_HDR)
			return FIELD_GET(VXE_CMD_LEN, hdr) + 2;
		return 0;
	default:
		return 0;
	}
}

/* Fetch the command at the fetch pointer into ctx->cmd */
static bool vxe_hw_fetch(struct vxe_hw_exec *x)
{
	struct vxe_hw_ctx *ctx = x->ctx;
	u32 *cmd = ctx->cmd;
	unsigned int i;

	if (!ctx->depth) {
		u32 avail = ((ctx->tail - ctx->head) & (ctx->ring_size - 1)) / sizeof(u32);

		x->addr = ctx->ring + ctx->head;
		if (vxe_hw_dpa_rw(x->hw, x->addr, cmd, sizeof(u32), false))
			return vxe_hw_exec_error(x, VXE_CTX_ERROR_MEM, x->addr);
		x->len = vxe_hw_cmd_len(cmd[0]);
		if (!x->len || x->len > avail)
			return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
		/* The rest, in at most two pieces around the ring's end */
		for (i = 1; i < x->len; ) {
			u32 off = (ctx->head + i * sizeof(u32)) & (ctx->ring_size - 1);
			u32 n = min_t(u32, x->len - i, (ctx->ring_size - off) / sizeof(u32));

			if (vxe_hw_dpa_rw(x->hw, ctx->ring + off, &cmd[i], n * sizeof(u32), false))
				return vxe_hw_exec_error(x, VXE_CTX_ERROR_MEM, ctx->ring + off);
			i += n;
		}
		return true;
	}

	x->addr = ctx->bb[ctx->depth].addr;
	if (!vxe_hw_access(x, ctx->bb[ctx->depth].ppgtt, x->addr, cmd, sizeof(u32),
			   VXE_ACCESS_READ))
		return false;
	x->len = vxe_hw_cmd_len(cmd[0]);
	if (!x->len)
		return vxe_hw_exec_error(x, VXE_CTX_ERROR_CMD, x->addr);
	return x->len == 1 ||
	       vxe_hw_access(x, ctx->bb[ctx->depth].ppgtt, x->addr + sizeof(u32), &cmd[1],
			     (x->len - 1) * sizeof(u32), VXE_ACCESS_READ);
}

/**
 * vxe_hw_cmd_step() - execute the context's next command
 * @ctx: a RUNNING context
 * @engine: its engine
 *
 * Return: what happened; see &enum vxe_hw_step. On VXE_STEP_STALL
 * &vxe_hw_ctx.fault describes the fault, on VXE_STEP_ERROR
 * &vxe_hw_ctx.exec_error the error.
 */
enum vxe_hw_step vxe_hw_cmd_step(struct vxe_hw_ctx *ctx, struct vxe_hw_engine *engine)
{
	struct vxe_hw_exec x = {
		.hw = engine->hw,
		.ctx = ctx,
		.engine = engine,
		.cmd = ctx->cmd,
		.step = VXE_STEP_DONE,
		.next = VXE_NEXT_ADVANCE,
	};
	bool ok;

	if (!ctx->depth && ctx->head == READ_ONCE(ctx->tail))
		return VXE_STEP_IDLE;

	if (!vxe_hw_fetch(&x))
		return x.step;

	switch (FIELD_GET(VXE_CMD_TYPE, ctx->cmd[0])) {
	case VXE_CMD_TYPE_MI:
		ok = vxe_hw_cmd_mi(&x);
		break;
	case VXE_CMD_TYPE_BLT:
		ok = FIELD_GET(VXE_BLT_OPCODE, ctx->cmd[0]) == BLT_MEM_COPY ?
		     vxe_hw_cmd_mem_copy(&x) : vxe_hw_cmd_mem_set(&x);
		break;
	default:
		ok = vxe_hw_cmd_pipe_control(&x);
		break;
	}

	if (!ok)
		return x.step;

	if (x.next == VXE_NEXT_ADVANCE) {
		if (ctx->depth)
			ctx->bb[ctx->depth].addr += x.len * sizeof(u32);
		else
			ctx->head = (ctx->head + x.len * sizeof(u32)) & (ctx->ring_size - 1);
	}

	return x.step;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * KUnit tests of the VM layer: binds split and merge mappings through
 * drm_gpuvm, and the page tables follow (checked with the device model's
 * walker); an array of binds is applied as one; a failure injected at
 * each allocation of a bind leaves the VM, its mappings and its page
 * tables exactly as they were; a userptr mapping is zapped when its
 * memory is unmapped; a faulting VM maps deferred binds on the GPU's
 * first access; the rebind of EXEC never evicts the VM's own BOs.
 */

#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/mman.h>
#include <linux/sizes.h>

#include <drm/drm_drv.h>
#include <drm/drm_kunit_helpers.h>
#include <drm/ttm/ttm_tt.h>
#include <uapi/drm/xe_drm.h>

#include "../vxe_bo.h"
#include "../vxe_device.h"
#include "../vxe_hw.h"
#include "../vxe_hw_types.h"
#include "../vxe_pt.h"
#include "../vxe_ring.h"
#include "../vxe_vm.h"
#include "../vxe_vm_bind.h"
#include "vxe_test_inject.h"

#define PAT_WB	2

struct vm_test {
	struct kunit *test;
	struct vxe_device *vxe;
	struct vxe_vm *vm;
};

static void vm_test_release(void *data)
{
	struct vm_test *t = data;

	if (t->vm) {
		vxe_vm_close(t->vm);
		vxe_vm_put(t->vm);
	}
	vxe_bo_device_fini(t->vxe);
	vxe_device_fini_hw(t->vxe);
	vxe_hw_destroy(t->vxe->hw);
}

static int vm_test_init(struct kunit *test)
{
	struct vxe_hw_config cfg;
	struct vm_test *t;
	struct device *dev;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	test->priv = t;

	dev = drm_kunit_helper_alloc_device(test);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(64)), 0);
	t->vxe = drm_kunit_helper_alloc_drm_device(test, dev, struct vxe_device, drm,
						   DRIVER_GEM | DRIVER_GEM_GPUVA);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vxe);

	vxe_hw_config_init_default(&cfg, SZ_16M);
	t->vxe->hw = vxe_hw_create(dev, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vxe->hw);
	KUNIT_ASSERT_EQ(test, vxe_device_probe_info(t->vxe), 0);
	KUNIT_ASSERT_EQ(test, vxe_device_init_hw(t->vxe), 0);
	if (vxe_bo_device_init(t->vxe)) {
		vxe_device_fini_hw(t->vxe);
		vxe_hw_destroy(t->vxe->hw);
		KUNIT_FAIL_AND_ABORT(test, "TTM setup failed");
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vm_test_release, t), 0);

	t->vm = vxe_vm_create(t->vxe, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vm);
	return 0;
}

static int bind(struct vm_test *t, const struct drm_xe_vm_bind_op *ops,
		struct drm_gem_object **objs, u32 n)
{
	int ret;

	down_write(&t->vm->lock);
	ret = vxe_vm_bind_ops(t->vm, ops, objs, n);
	up_write(&t->vm->lock);
	return ret;
}

static struct drm_xe_vm_bind_op op_map(u64 addr, u64 range, u64 offset)
{
	return (struct drm_xe_vm_bind_op) {
		.op = DRM_XE_VM_BIND_OP_MAP, .addr = addr, .range = range,
		.obj_offset = offset, .pat_index = PAT_WB, .obj = 1,
	};
}

static struct drm_xe_vm_bind_op op_null(u64 addr, u64 range)
{
	return (struct drm_xe_vm_bind_op) {
		.op = DRM_XE_VM_BIND_OP_MAP, .addr = addr, .range = range,
		.flags = DRM_XE_VM_BIND_FLAG_NULL, .pat_index = PAT_WB,
	};
}

static struct drm_xe_vm_bind_op op_unmap(u64 addr, u64 range)
{
	return (struct drm_xe_vm_bind_op) {
		.op = DRM_XE_VM_BIND_OP_UNMAP, .addr = addr, .range = range,
		.pat_index = PAT_WB,
	};
}

/* The VM's mappings, as "start-end" pairs, must be exactly @expect */
static void expect_vas(struct vm_test *t, const u64 *expect, unsigned int n)
{
	struct drm_gpuva *va;
	unsigned int i = 0;

	drm_gpuvm_for_each_va(va, &t->vm->gpuvm) {
		KUNIT_ASSERT_LT(t->test, i, n);
		KUNIT_EXPECT_EQ(t->test, va->va.addr, expect[2 * i]);
		KUNIT_EXPECT_EQ(t->test, va->va.addr + va->va.range, expect[2 * i + 1]);
		i++;
	}
	KUNIT_EXPECT_EQ(t->test, i, n);
}

static int xlate(struct vm_test *t, u64 va, struct vxe_hw_xlate *x)
{
	struct vxe_hw *hw = t->vxe->hw;
	int ret;

	vxe_hw_tlb_flush_asid(hw, t->vm->asid);
	spin_lock(&hw->tlb_lock);
	ret = vxe_hw_translate_locked(hw, t->vm->asid, va, VXE_ACCESS_READ, x);
	spin_unlock(&hw->tlb_lock);
	return ret;
}

static bool mapped(struct vm_test *t, u64 va)
{
	struct vxe_hw_xlate x;

	return !xlate(t, va, &x);
}

static struct vxe_bo *sys_bo(struct vm_test *t, u64 size)
{
	struct vxe_bo *bo = vxe_bo_create(t->vxe, NULL, size, VXE_MEM_SYSTEM, 0,
					  DRM_XE_GEM_CPU_CACHING_WB);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, bo);
	return bo;
}

/* DMA address of page @i of a system BO */
static u64 bo_page(struct vxe_bo *bo, unsigned long i)
{
	u64 dpa;

	dma_resv_lock(bo->ttm.base.resv, NULL);
	dpa = bo->ttm.ttm->dma_address[i];
	dma_resv_unlock(bo->ttm.base.resv);
	return dpa;
}

static void vxe_vm_test_split_merge(struct kunit *test)
{
	static const u64 after_array[] = {
		0, SZ_4M, SZ_8M, SZ_8M + SZ_1M, SZ_8M + SZ_1M, SZ_8M + SZ_2M,
		SZ_8M + SZ_2M + SZ_64K, SZ_8M + SZ_2M + SZ_1M,
	};
	struct vm_test *t = test->priv;
	struct drm_xe_vm_bind_op ops[3];
	struct drm_gem_object *objs[3] = {};
	struct vxe_bo *bo = sys_bo(t, SZ_4M);
	struct vxe_hw_xlate x;

	/* A NULL mapping, then a hole punched in it: gpuvm splits it */
	ops[0] = op_null(0, SZ_4M);
	KUNIT_ASSERT_EQ(test, bind(t, ops, objs, 1), 0);
	ops[0] = op_unmap(SZ_1M, SZ_64K);
	KUNIT_ASSERT_EQ(test, bind(t, ops, objs, 1), 0);
	expect_vas(t, (const u64[]){ 0, SZ_1M, SZ_1M + SZ_64K, SZ_4M }, 2);
	KUNIT_EXPECT_TRUE(test, mapped(t, SZ_1M - SZ_4K));
	KUNIT_EXPECT_FALSE(test, mapped(t, SZ_1M));
	KUNIT_EXPECT_TRUE(test, mapped(t, SZ_1M + SZ_64K));

	/* A BO over all of it replaces both pieces */
	ops[0] = op_map(0, SZ_4M, 0);
	objs[0] = &bo->ttm.base;
	KUNIT_ASSERT_EQ(test, bind(t, ops, objs, 1), 0);
	expect_vas(t, (const u64[]){ 0, SZ_4M }, 1);
	KUNIT_ASSERT_EQ(test, xlate(t, SZ_1M, &x), 0);
	KUNIT_EXPECT_FALSE(test, x.null);
	KUNIT_EXPECT_EQ(test, x.dpa, bo_page(bo, SZ_1M >> PAGE_SHIFT));

	/* One array: map the BO's second half at 8M, overlap it, unmap a piece */
	ops[0] = op_map(SZ_8M, SZ_2M, SZ_2M);
	ops[1] = op_map(SZ_8M + SZ_1M, SZ_2M, 0);
	ops[2] = op_unmap(SZ_8M + SZ_2M, SZ_64K);
	objs[1] = objs[0];
	objs[2] = NULL;
	KUNIT_ASSERT_EQ(test, bind(t, ops, objs, 3), 0);
	expect_vas(t, after_array, 4);
	KUNIT_ASSERT_EQ(test, xlate(t, SZ_8M, &x), 0);
	KUNIT_EXPECT_EQ(test, x.dpa, bo_page(bo, SZ_2M >> PAGE_SHIFT));
	KUNIT_ASSERT_EQ(test, xlate(t, SZ_8M + SZ_1M, &x), 0);
	KUNIT_EXPECT_EQ(test, x.dpa, bo_page(bo, 0));
	KUNIT_EXPECT_FALSE(test, mapped(t, SZ_8M + SZ_2M));
	KUNIT_ASSERT_EQ(test, xlate(t, SZ_8M + SZ_2M + SZ_64K, &x), 0);
	KUNIT_EXPECT_EQ(test, x.dpa, bo_page(bo, (SZ_1M + SZ_64K) >> PAGE_SHIFT));

	/* Unmapping everything leaves only the root table */
	ops[0] = op_unmap(0, SZ_16M);
	KUNIT_ASSERT_EQ(test, bind(t, ops, objs + 2, 1), 0);
	expect_vas(t, NULL, 0);
	KUNIT_EXPECT_EQ(test, t->vm->pt.tables, 1);
	KUNIT_EXPECT_FALSE(test, mapped(t, 0));
	vxe_bo_put(bo);
}

/* Fail the n-th VMA allocation of a bind */
static struct vxe_vma *failing_vma_alloc(u32 flags, u16 pat_index)
{
	struct kunit *test = kunit_get_current_test();
	struct vxe_vma *vma;

	if (!vxe_test_fail_at--)
		return NULL;
	kunit_deactivate_static_stub(test, vxe_vma_alloc);
	vma = vxe_vma_alloc(flags, pat_index);
	kunit_activate_static_stub(test, vxe_vma_alloc, failing_vma_alloc);
	return vma;
}

/*
 * The array: punch a hole in a mapping (two new VMAs), map a BO in a
 * gigabyte without tables (one VMA, three tables). Whatever allocation
 * fails, the VM must be left as it was.
 */
static void vxe_vm_test_error_injection(struct kunit *test)
{
	static const u64 before[] = { 0, SZ_4M };
	static const u64 after[] = {
		0, SZ_1M, SZ_1M + SZ_64K, SZ_4M, 5ull * SZ_1G, 5ull * SZ_1G + SZ_64K,
	};
	struct vm_test *t = test->priv;
	struct vxe_bo *bo = sys_bo(t, SZ_64K);
	struct drm_gem_object *objs[2] = { NULL, &bo->ttm.base };
	struct drm_xe_vm_bind_op ops[2] = {
		op_unmap(SZ_1M, SZ_64K),
		op_map(5ull * SZ_1G, SZ_64K, 0),
	};
	unsigned long tables;
	int i, ret;

	ops[0] = op_null(0, SZ_4M);
	KUNIT_ASSERT_EQ(test, bind(t, ops, objs, 1), 0);
	ops[0] = op_unmap(SZ_1M, SZ_64K);
	tables = t->vm->pt.tables;

	/* Three VMAs (two pieces and the new mapping), then three tables */
	for (i = 0; i < 6; i++) {
		vxe_test_fail_at = i % 3;
		if (i < 3) {
			kunit_activate_static_stub(test, vxe_vma_alloc, failing_vma_alloc);
			ret = bind(t, ops, objs, 2);
			kunit_deactivate_static_stub(test, vxe_vma_alloc);
		} else {
			kunit_activate_static_stub(test, vxe_pt_alloc, vxe_test_failing_pt_alloc);
			ret = bind(t, ops, objs, 2);
			kunit_deactivate_static_stub(test, vxe_pt_alloc);
		}
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "failing %s %d",
				    i < 3 ? "VMA" : "table", i % 3);
		expect_vas(t, before, 1);
		KUNIT_EXPECT_EQ(test, t->vm->pt.tables, tables);
		KUNIT_EXPECT_TRUE(test, mapped(t, SZ_1M));
		KUNIT_EXPECT_FALSE(test, mapped(t, 5ull * SZ_1G));
	}

	KUNIT_ASSERT_EQ(test, bind(t, ops, objs, 2), 0);
	expect_vas(t, after, 3);
	KUNIT_EXPECT_FALSE(test, mapped(t, SZ_1M));
	KUNIT_EXPECT_TRUE(test, mapped(t, 5ull * SZ_1G));
	vxe_bo_put(bo);
}

/* A bind that fails at run time (bad userptr) after earlier ops changed the tree */
static void vxe_vm_test_unwind(struct kunit *test)
{
	struct vm_test *t = test->priv;
	struct drm_gem_object *objs[2] = {};
	struct drm_xe_vm_bind_op ops[2] = {
		op_null(SZ_2M, SZ_2M),
		{
			.op = DRM_XE_VM_BIND_OP_MAP_USERPTR, .addr = SZ_8M, .range = SZ_64K,
			.pat_index = PAT_WB, .userptr = 0x10000,
		},
	};

	KUNIT_ASSERT_EQ(test, kunit_attach_mm(), 0);
	KUNIT_EXPECT_EQ(test, bind(t, ops, objs, 2), -EFAULT);
	expect_vas(t, NULL, 0);
	KUNIT_EXPECT_FALSE(test, mapped(t, SZ_2M));
	KUNIT_EXPECT_EQ(test, t->vm->pt.tables, 1);
}

static void vxe_vm_test_userptr_invalidate(struct kunit *test)
{
	struct vm_test *t = test->priv;
	struct drm_gem_object *obj = NULL;
	struct drm_xe_vm_bind_op op = {
		.op = DRM_XE_VM_BIND_OP_MAP_USERPTR, .addr = SZ_1G, .range = SZ_64K,
		.pat_index = PAT_WB,
	};
	struct vxe_hw_xlate x;
	unsigned long addr;
	struct vxe_vma *vma;

	addr = kunit_vm_mmap(test, NULL, 0, SZ_64K, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE | MAP_POPULATE, 0);
	KUNIT_ASSERT_NE(test, addr, 0);
	op.userptr = addr;
	KUNIT_ASSERT_EQ(test, bind(t, &op, &obj, 1), 0);
	KUNIT_ASSERT_EQ(test, xlate(t, SZ_1G, &x), 0);

	vma = gpuva_to_vxe_vma(drm_gpuva_find(&t->vm->gpuvm, SZ_1G, SZ_64K));
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_TRUE(test, vma->pt.present && !vma->pt.invalidated);

	/* The CPU mapping goes: the notifier zaps the GPU's */
	KUNIT_ASSERT_EQ(test, vm_munmap(addr, SZ_64K), 0);
	KUNIT_EXPECT_TRUE(test, vma->pt.invalidated);
	KUNIT_EXPECT_FALSE(test, mapped(t, SZ_1G));

	/* Rebinding memory that is gone fails, and changes nothing */
	KUNIT_EXPECT_EQ(test, bind(t, &op, &obj, 1), -EFAULT);
	KUNIT_EXPECT_FALSE(test, mapped(t, SZ_1G));
}

/* A fault nothing resolves is recorded in its VM and fails the context */
static void vxe_vm_test_fault_recorded(struct kunit *test)
{
	struct vm_test *t = test->priv;
	const u32 cs[] = { 0x10000002, 0x10000, 0x34, 1 };	/* store to 0x3400010000 */
	struct vxe_vm_fault_entry *e;
	struct dma_fence *f;
	struct vxe_ring *ring;
	struct vxe_vm *vm;

	vm = vxe_vm_create(t->vxe, DRM_XE_VM_CREATE_FLAG_LR_MODE |
			   DRM_XE_VM_CREATE_FLAG_FAULT_MODE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	vxe_vm_device_init(t->vxe);
	KUNIT_ASSERT_EQ(test, vxe_ring_create(t->vxe, 0, vm->asid, 0, SZ_4K, &ring), 0);
	f = vxe_ring_submit(ring, cs, ARRAY_SIZE(cs));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_GT(test, dma_fence_wait_timeout(f, false, 5 * HZ), 0);
	KUNIT_EXPECT_EQ(test, f->error, -EIO);
	dma_fence_put(f);
	vxe_ring_destroy(ring);

	KUNIT_ASSERT_EQ(test, vm->faults.len, 1);
	e = list_first_entry(&vm->faults.list, struct vxe_vm_fault_entry, link);
	KUNIT_EXPECT_EQ(test, e->fault.address, 0x3400010000ull);
	KUNIT_EXPECT_EQ(test, e->fault.access_type, FAULT_ACCESS_TYPE_WRITE);
	KUNIT_EXPECT_EQ(test, e->fault.fault_type, FAULT_TYPE_NOT_PRESENT);
	KUNIT_EXPECT_EQ(test, e->fault.fault_level, FAULT_LEVEL_PML4);
	vxe_vm_close(vm);
	vxe_vm_put(vm);
}

/*
 * In a faulting VM a bind without IMMEDIATE writes no page tables: the
 * GPU's first access faults, the handler maps the whole VMA and the
 * access is retried. A write to a read-only VMA is not resolved.
 */
static void vxe_vm_test_fault_maps_deferred(struct kunit *test)
{
	struct vm_test *t = test->priv;
	/* store 1 to 1G + 64K, then to 2G */
	const u32 cs[] = { 0x10000002, SZ_1G + SZ_64K, 0, 1 };
	const u32 ro[] = { 0x10000002, SZ_2G, 0, 1 };
	struct drm_xe_vm_bind_op op = op_map(SZ_1G, SZ_2M, 0);
	struct vxe_bo *bo = sys_bo(t, SZ_2M);
	struct drm_gem_object *obj = &bo->ttm.base;
	struct vxe_vm *plain = t->vm;
	struct dma_fence *f;
	struct vxe_ring *ring;

	t->vm = vxe_vm_create(t->vxe, DRM_XE_VM_CREATE_FLAG_LR_MODE |
			      DRM_XE_VM_CREATE_FLAG_FAULT_MODE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vm);
	vxe_vm_device_init(t->vxe);

	KUNIT_ASSERT_EQ(test, bind(t, &op, &obj, 1), 0);
	KUNIT_EXPECT_FALSE(test, mapped(t, SZ_1G));
	op = op_map(SZ_2G, SZ_2M, 0);
	op.flags = DRM_XE_VM_BIND_FLAG_READONLY | DRM_XE_VM_BIND_FLAG_IMMEDIATE;
	KUNIT_ASSERT_EQ(test, bind(t, &op, &obj, 1), 0);
	KUNIT_EXPECT_TRUE(test, mapped(t, SZ_2G));

	KUNIT_ASSERT_EQ(test, vxe_ring_create(t->vxe, 0, t->vm->asid, 0, SZ_4K, &ring), 0);
	f = vxe_ring_submit(ring, cs, ARRAY_SIZE(cs));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_GT(test, dma_fence_wait_timeout(f, false, 5 * HZ), 0);
	KUNIT_EXPECT_EQ(test, f->error, 0);
	dma_fence_put(f);
	KUNIT_EXPECT_TRUE(test, mapped(t, SZ_1G));
	KUNIT_EXPECT_TRUE(test, mapped(t, SZ_1G + SZ_2M - SZ_4K));
	KUNIT_EXPECT_EQ(test, t->vm->faults.len, 0);

	f = vxe_ring_submit(ring, ro, ARRAY_SIZE(ro));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	KUNIT_EXPECT_GT(test, dma_fence_wait_timeout(f, false, 5 * HZ), 0);
	KUNIT_EXPECT_EQ(test, f->error, -EIO);
	dma_fence_put(f);
	KUNIT_EXPECT_EQ(test, t->vm->faults.len, 1);
	vxe_ring_destroy(ring);

	vxe_vm_close(t->vm);
	vxe_vm_put(t->vm);
	t->vm = plain;
	vxe_bo_put(bo);
}

static struct vxe_bo *vram_bo(struct vm_test *t, u64 size)
{
	struct vxe_bo *bo = vxe_bo_create(t->vxe, NULL, size, VXE_MEM_VRAM, 0,
					  DRM_XE_GEM_CPU_CACHING_WC);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, bo);
	return bo;
}

static bool in_vram(struct vxe_bo *bo)
{
	bool ret;

	dma_resv_lock(bo->ttm.base.resv, NULL);
	ret = bo->ttm.resource && bo->ttm.resource->mem_type == TTM_PL_VRAM;
	dma_resv_unlock(bo->ttm.base.resv);
	return ret;
}

/*
 * The rebind of EXEC maps a VM's evicted BOs again without evicting the
 * VM's others, external ones included, although these have their own
 * reservations: the VM must fit, and room comes from another VM's BO.
 */
static void vxe_vm_test_rebind_keeps_own(struct kunit *test)
{
	struct vm_test *t = test->priv;
	u64 size = ALIGN_DOWN(t->vxe->info.vram_size * 3 / 8, SZ_64K);
	struct vxe_bo *a = vram_bo(t, size), *b = vram_bo(t, size), *c;
	struct drm_xe_vm_bind_op ops[] = { op_map(SZ_1G, size, 0), op_map(SZ_2G, size, 0) };
	struct drm_gem_object *objs[] = { &a->ttm.base, &b->ttm.base };

	KUNIT_ASSERT_EQ(test, bind(t, ops, objs, 2), 0);
	KUNIT_ASSERT_TRUE(test, mapped(t, SZ_1G) && mapped(t, SZ_2G));

	/* Another VM's BO takes the room of the least recently used, a */
	c = vram_bo(t, size);
	KUNIT_ASSERT_TRUE(test, in_vram(c));
	KUNIT_ASSERT_FALSE(test, in_vram(a));
	KUNIT_ASSERT_FALSE(test, mapped(t, SZ_1G));

	down_write(&t->vm->lock);
	KUNIT_EXPECT_EQ(test, vxe_vm_rebind(t->vm, 0, VXE_VM_VA_END, false, NULL), 0);
	up_write(&t->vm->lock);
	KUNIT_EXPECT_TRUE(test, in_vram(a));
	KUNIT_EXPECT_TRUE(test, in_vram(b));
	KUNIT_EXPECT_FALSE(test, in_vram(c));
	KUNIT_EXPECT_TRUE(test, mapped(t, SZ_1G) && mapped(t, SZ_2G));
	KUNIT_EXPECT_FALSE(test, t->vm->rebind);

	vxe_bo_put(c);
	vxe_bo_put(b);
	vxe_bo_put(a);
}

static struct kunit_case vxe_vm_test_cases[] = {
	KUNIT_CASE(vxe_vm_test_split_merge),
	KUNIT_CASE(vxe_vm_test_error_injection),
	KUNIT_CASE(vxe_vm_test_unwind),
	KUNIT_CASE(vxe_vm_test_userptr_invalidate),
	KUNIT_CASE(vxe_vm_test_fault_recorded),
	KUNIT_CASE(vxe_vm_test_fault_maps_deferred),
	KUNIT_CASE(vxe_vm_test_rebind_keeps_own),
	{}
};

static struct kunit_suite vxe_vm_test_suite = {
	.name = "vxe_vm",
	.init = vm_test_init,
	.test_cases = vxe_vm_test_cases,
};

kunit_test_suite(vxe_vm_test_suite);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 *
 * KUnit tests of the device model's register interface.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/sizes.h>

#include "../vxe_hw.h"
#include "../vxe_hw_regs.h"

static struct vxe_hw *vxe_hw_test_create(struct kunit *test,
					 const struct vxe_hw_config *cfg)
{
	struct vxe_hw *hw = vxe_hw_create(NULL, cfg);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hw);
	return hw;
}

static u64 vxe_hw_test_read_timestamp(struct vxe_hw *hw)
{
	u32 lo = vxe_hw_mmio_read32(hw, VXE_REG_TIMESTAMP_LO);

	return (u64)vxe_hw_mmio_read32(hw, VXE_REG_TIMESTAMP_HI) << 32 | lo;
}

static void vxe_hw_test_identification(struct kunit *test)
{
	struct vxe_hw_config cfg;
	struct vxe_hw *hw;
	u32 id;

	vxe_hw_config_init_default(&cfg, SZ_256M + SZ_64K);
	hw = vxe_hw_test_create(test, &cfg);

	id = vxe_hw_mmio_read32(hw, VXE_REG_ID);
	KUNIT_EXPECT_EQ(test, FIELD_GET(VXE_ID_DEVICE, id), cfg.device_id);
	KUNIT_EXPECT_EQ(test, FIELD_GET(VXE_ID_REVISION, id), cfg.revision);
	KUNIT_EXPECT_EQ(test, FIELD_GET(VXE_GMDID_ARCH,
					vxe_hw_mmio_read32(hw, VXE_REG_GMDID)), 20);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(hw, VXE_REG_VA_BITS), 48);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(hw, VXE_REG_PAGE_SIZES),
			SZ_4K | SZ_64K | SZ_2M | SZ_1G);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(hw, VXE_REG_ENGINES),
			VXE_ENGINE_BIT(VXE_ENGINE_CLASS_RENDER, 0) |
			VXE_ENGINE_BIT(VXE_ENGINE_CLASS_COPY, 0));
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(hw, VXE_REG_VRAM_SIZE_LO), SZ_256M + SZ_64K);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(hw, VXE_REG_VRAM_SIZE_HI), 0);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(hw, VXE_REG_VRAM_MIN_PAGE), SZ_4K);
	KUNIT_EXPECT_EQ(test, vxe_hw_mmio_read32(hw, VXE_REG_REF_CLOCK), 19200000);

	vxe_hw_destroy(hw);
}

static void vxe_hw_test_unclaimed(struct kunit *test)
{
	static const u32 offsets[] = { 0x34, 0x0118, 0x1000, VXE_MMIO_SIZE - 4, VXE_MMIO_SIZE };
	struct vxe_hw_config cfg;
	struct vxe_hw *hw;
	int i;

	vxe_hw_config_init_default(&cfg, SZ_512M);
	hw = vxe_hw_test_create(test, &cfg);

	for (i = 0; i < ARRAY_SIZE(offsets); i++)
		KUNIT_EXPECT_EQ_MSG(test, vxe_hw_mmio_read32(hw, offsets[i]), ~0u,
				    "offset %#x", offsets[i]);

	vxe_hw_destroy(hw);
}

static void vxe_hw_test_timestamp(struct kunit *test)
{
	struct vxe_hw_config cfg;
	struct vxe_hw *hw;
	u64 t0, t1;

	vxe_hw_config_init_default(&cfg, 0);
	hw = vxe_hw_test_create(test, &cfg);

	t0 = vxe_hw_test_read_timestamp(hw);
	msleep(20);
	t1 = vxe_hw_test_read_timestamp(hw);

	/* 20 ms at 19.2 MHz is 384000 ticks; sleeping never takes less */
	KUNIT_EXPECT_GE(test, t1 - t0, 384000);

	vxe_hw_destroy(hw);
}

static void vxe_hw_test_bad_config(struct kunit *test)
{
	struct vxe_hw_config good, cfg;

	vxe_hw_config_init_default(&good, SZ_512M);

	cfg = good;
	cfg.va_bits = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_hw_create(NULL, &cfg)), -EINVAL);

	cfg = good;
	cfg.page_sizes = SZ_64K;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_hw_create(NULL, &cfg)), -EINVAL);

	cfg = good;
	cfg.engines = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_hw_create(NULL, &cfg)), -EINVAL);

	cfg = good;
	cfg.vram_min_page = SZ_64K;
	cfg.vram_size = SZ_512M + SZ_4K;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_hw_create(NULL, &cfg)), -EINVAL);

	cfg = good;
	cfg.ref_clock_hz = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_hw_create(NULL, &cfg)), -EINVAL);

	/* Fault replies name contexts in 16 bits */
	cfg = good;
	cfg.max_contexts = 65537;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_hw_create(NULL, &cfg)), -EINVAL);

	/* More VRAM than memory to back it: refused without a warning */
	cfg = good;
	cfg.vram_size = SZ_1G * 64ull;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vxe_hw_create(NULL, &cfg)), -ENOMEM);
}

static struct kunit_case vxe_hw_test_cases[] = {
	KUNIT_CASE(vxe_hw_test_identification),
	KUNIT_CASE(vxe_hw_test_unclaimed),
	KUNIT_CASE(vxe_hw_test_timestamp),
	KUNIT_CASE(vxe_hw_test_bad_config),
	{}
};

static struct kunit_suite vxe_hw_test_suite = {
	.name = "vxe_hw_regs",
	.test_cases = vxe_hw_test_cases,
};

kunit_test_suite(vxe_hw_test_suite);

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");

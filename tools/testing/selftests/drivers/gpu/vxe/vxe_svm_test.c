// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVM selftests for vxe: VM_BIND with DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR
 * (every rule of the flag, and -EBUSY while the GPU has ranges), and what
 * the CPU may do to mirrored memory that IGT does not cover: mprotect to
 * read-only while the GPU has it mapped, MADV_DONTNEED, splitting a
 * transparent huge page, fork with the child writing the memory, and a
 * process that exits with GPU faults in flight. With VRAM: migration of a
 * 2M range there and back, and back after mremap to an address that is
 * not 2M-aligned, data integrity while memory keeps moving between VRAM
 * and system memory, under GPU and CPU writes and eviction, and GPU
 * atomics, which need VRAM.
 *
 * Copyright © 2026 The vxe authors
 */

#include <signal.h>
#include <time.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "vxe_util.h"

#define SZ_4K		0x1000ull
#define SZ_64K		0x10000ull
#define SZ_1M		0x100000ull
#define SZ_2M		0x200000ull
#define SYSMEM		0x1u
#define TIMEOUT_NS	10000000000ll

FIXTURE(svm) {
	struct vxe_svm s;
	__u32 *batch;
	__u64 *fence;
};

FIXTURE_SETUP(svm)
{
	ASSERT_EQ(0, vxe_svm_open(&self->s));
	self->batch = aligned_alloc(SZ_4K, SZ_4K);
	self->fence = aligned_alloc(8, sizeof(*self->fence));
	ASSERT_NE(NULL, self->batch);
	ASSERT_NE(NULL, self->fence);
}

FIXTURE_TEARDOWN(svm)
{
	free(self->fence);
	free(self->batch);
	vxe_svm_close(&self->s);
}

/* Have the GPU store @value at each of @n addresses */
static int gpu_store(FIXTURE_DATA(svm) *self, volatile __u32 **dst, unsigned int n,
		     __u32 value)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		vxe_svm_emit_store(self->batch, &k, dst[i], value + i);
	self->batch[k++] = VXE_MI_BATCH_BUFFER_END;
	return vxe_svm_run(&self->s, self->batch, self->fence, TIMEOUT_NS);
}

static int bind_op(int fd, __u32 vm, __u32 op, __u32 flags, __u32 bo, __u64 offset, __u64 addr,
		   __u64 range)
{
	struct drm_xe_vm_bind_op b = {
		.op = op,
		.flags = flags,
		.obj = bo,
		.obj_offset = offset,
		.addr = addr,
		.range = range,
		.pat_index = VXE_PAT_WB,
	};

	if (op == DRM_XE_VM_BIND_OP_MAP_USERPTR)
		b.userptr = addr;
	return vxe_vm_bind(fd, vm, &b, NULL, 0);
}

/* Every rule of the mirror flag, with Xe's errnos */
TEST_F(svm, mirror_flag_fields)
{
	const __u32 mirror = DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR;
	int fd = self->s.fd;
	__u32 vm, bo;

	/* A VM not in fault mode mirrors nothing */
	ASSERT_EQ(0, vxe_vm_create(fd, 0, &vm));
	EXPECT_EQ(-EINVAL, vxe_svm_bind_mirror(fd, vm, 0, VXE_SVM_END));
	EXPECT_EQ(0, vxe_vm_destroy(fd, vm));
	ASSERT_EQ(0, vxe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_LR_MODE, &vm));
	EXPECT_EQ(-EINVAL, vxe_svm_bind_mirror(fd, vm, 0, VXE_SVM_END));
	EXPECT_EQ(0, vxe_vm_destroy(fd, vm));

	ASSERT_EQ(0, vxe_gem_create(fd, SZ_64K, SYSMEM, 0, DRM_XE_GEM_CPU_CACHING_WB, 0, &bo));
	/* No BO, no offset (cpu_addr_mirror_offset), MAP only */
	EXPECT_EQ(-EINVAL, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP, mirror, bo, 0,
				   0x100000000ull, SZ_64K));
	EXPECT_EQ(-EINVAL, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP, mirror, 0, SZ_4K,
				   0x100000000ull, SZ_64K));
	EXPECT_EQ(-EINVAL, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_UNMAP, mirror, 0, 0,
				   0x100000000ull, SZ_64K));
	EXPECT_EQ(-EINVAL, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP_USERPTR, mirror, 0, 0,
				   (__u64)(uintptr_t)self->batch, SZ_4K));
	EXPECT_EQ(-EINVAL, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_PREFETCH, mirror, 0, 0,
				   0x100000000ull, SZ_64K));
	/* Unaligned, as any bind */
	EXPECT_EQ(-EINVAL, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP, mirror, 0, 0,
				   0x100000800ull, SZ_64K));
	/* A BO inside the mirror where the GPU has nothing: carved out */
	EXPECT_EQ(0, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP, 0, bo, 0,
			     0x7f0000000000ull, SZ_64K));
	/* Unbinding it with the flag gives the range back to the mirror */
	EXPECT_EQ(0, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP, mirror, 0, 0,
			     0x7f0000000000ull, SZ_64K));
	vxe_gem_close(fd, bo);
}

/*
 * While the GPU has a range of some memory, binding a BO over it or
 * unbinding the mirror there is -EBUSY; once the CPU unmapped the memory,
 * both work.
 */
TEST_F(svm, busy_while_mapped)
{
	volatile __u32 *mem = mmap(NULL, SZ_2M, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__u64 addr = (__u64)(uintptr_t)mem;
	int fd = self->s.fd;
	__u32 bo;

	ASSERT_NE(MAP_FAILED, mem);
	mem[0] = 0;
	ASSERT_EQ(0, gpu_store(self, &mem, 1, 7));
	EXPECT_EQ(7, mem[0]);

	ASSERT_EQ(0, vxe_gem_create(fd, SZ_64K, SYSMEM, 0, DRM_XE_GEM_CPU_CACHING_WB, 0, &bo));
	EXPECT_EQ(-EBUSY, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP, 0, bo, 0, addr & ~0xffffull,
				  SZ_64K));
	EXPECT_EQ(-EBUSY, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_UNMAP, 0, 0, 0,
				  addr & ~0xffffull, SZ_64K));
	/* Mirroring it again is fine: its ranges stay */
	EXPECT_EQ(0, vxe_svm_bind_mirror(fd, self->s.vm, addr & ~0xffffull, SZ_64K));

	munmap((void *)mem, SZ_2M);
	EXPECT_EQ(0, bind_op(fd, self->s.vm, DRM_XE_VM_BIND_OP_MAP, 0, bo, 0, addr & ~0xffffull,
			     SZ_64K));
	EXPECT_EQ(0, vxe_svm_bind_mirror(fd, self->s.vm, addr & ~0xffffull, SZ_64K));
	EXPECT_GT(vxe_svm_stat("svm_range_collected_count"), 0);
	vxe_gem_close(fd, bo);
}

/* malloc'd and mmap'd memory, and the batch itself in malloc'd memory */
TEST_F(svm, malloc_and_mmap)
{
	volatile __u32 *heap = malloc(SZ_64K);
	volatile __u32 *map = mmap(NULL, 4 * SZ_2M, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile __u32 *dst[8];
	long long faults = vxe_svm_stat("svm_pagefault_count");
	unsigned int i;

	ASSERT_NE(NULL, heap);
	ASSERT_NE(MAP_FAILED, map);
	for (i = 0; i < 4; i++) {
		dst[i] = heap + i * 1024;
		dst[4 + i] = map + i * (SZ_2M / 4) + 17;
	}
	ASSERT_EQ(0, gpu_store(self, dst, 8, 0x100));
	for (i = 0; i < 8; i++)
		EXPECT_EQ(0x100 + i, *dst[i]);
	EXPECT_GT(vxe_svm_stat("svm_pagefault_count"), faults);

	/* Again: now mapped, whatever the CPU wrote in between is kept */
	map[0] = 0x55;
	ASSERT_EQ(0, gpu_store(self, dst, 8, 0x200));
	for (i = 0; i < 8; i++)
		EXPECT_EQ(0x200 + i, *dst[i]);
	EXPECT_EQ(0x55, map[0]);
	munmap((void *)map, 4 * SZ_2M);
	free((void *)heap);
}

/*
 * Read-only while the GPU has it mapped: the GPU's next write faults and
 * fails its queue, and the memory is unchanged.
 */
TEST_F(svm, mprotect_read_only_while_mapped)
{
	volatile __u32 *mem = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, mem);
	mem[0] = 0;
	ASSERT_EQ(0, gpu_store(self, &mem, 1, 1));
	EXPECT_EQ(1, mem[0]);

	ASSERT_EQ(0, mprotect((void *)mem, SZ_64K, PROT_READ));
	EXPECT_EQ(-EIO, gpu_store(self, &mem, 1, 2));
	EXPECT_EQ(1, mem[0]);
	munmap((void *)mem, SZ_64K);
}

/* MADV_DONTNEED drops the pages: the GPU writes the new ones */
TEST_F(svm, madv_dontneed)
{
	volatile __u32 *mem = mmap(NULL, SZ_2M, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile __u32 *dst[2];

	ASSERT_NE(MAP_FAILED, mem);
	dst[0] = mem;
	dst[1] = mem + SZ_64K / 4;
	ASSERT_EQ(0, gpu_store(self, dst, 2, 0x10));
	EXPECT_EQ(0x10, *dst[0]);

	ASSERT_EQ(0, madvise((void *)mem, SZ_2M, MADV_DONTNEED));
	EXPECT_EQ(0, *dst[0]);
	EXPECT_EQ(0, *dst[1]);
	ASSERT_EQ(0, gpu_store(self, dst, 2, 0x20));
	EXPECT_EQ(0x20, *dst[0]);
	EXPECT_EQ(0x21, *dst[1]);
	munmap((void *)mem, SZ_2M);
}

/*
 * A transparent huge page gets a 2M range; mprotect of one 4K page in it
 * splits it, and the GPU goes on writing where the CPU sees it.
 */
TEST_F(svm, thp_split)
{
	volatile __u32 *mem = aligned_alloc(SZ_2M, SZ_2M);
	long long huge = vxe_svm_stat("svm_2M_pagefault_count");
	volatile __u32 *dst[3];

	ASSERT_NE(NULL, mem);
	madvise((void *)mem, SZ_2M, MADV_HUGEPAGE);
	memset((void *)mem, 0, SZ_2M);
	dst[0] = mem;
	dst[1] = mem + SZ_64K / 4;
	dst[2] = mem + (SZ_2M - SZ_4K) / 4;
	ASSERT_EQ(0, gpu_store(self, dst, 3, 0x30));
	EXPECT_EQ(0x30, *dst[0]);
	EXPECT_EQ(0x32, *dst[2]);
	EXPECT_GT(vxe_svm_stat("svm_2M_pagefault_count"), huge);

	ASSERT_EQ(0, mprotect((void *)(mem + SZ_64K / 4), SZ_4K, PROT_READ));
	ASSERT_EQ(0, mprotect((void *)(mem + SZ_64K / 4), SZ_4K, PROT_READ | PROT_WRITE));
	ASSERT_EQ(0, gpu_store(self, dst, 3, 0x40));
	EXPECT_EQ(0x40, *dst[0]);
	EXPECT_EQ(0x41, *dst[1]);
	EXPECT_EQ(0x42, *dst[2]);
	free((void *)mem);
}

/*
 * After fork the child writes the memory (its own copy); the parent's GPU
 * writes go to the parent's pages, and each sees its own.
 */
TEST_F(svm, fork_child_writes)
{
	volatile __u32 *mem = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, gpu_store(self, &mem, 1, 0x50));
	EXPECT_EQ(0x50, mem[0]);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		mem[0] = 0xc41d;
		_exit(mem[0] == 0xc41d ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));

	EXPECT_EQ(0x50, mem[0]);
	ASSERT_EQ(0, gpu_store(self, &mem, 1, 0x60));
	EXPECT_EQ(0x60, mem[0]);
	munmap((void *)mem, SZ_64K);
}

/* A process that exits while its GPU work faults; the device goes on */
TEST_F(svm, exit_with_faults_in_flight)
{
	volatile __u32 *dst[1];
	unsigned int round;
	int status;
	pid_t pid;

	for (round = 0; round < 4; round++) {
		pid = fork();
		ASSERT_GE(pid, 0);
		if (!pid) {
			struct vxe_svm s;
			__u32 *cs = aligned_alloc(SZ_4K, SZ_64K);
			volatile __u64 *fence = aligned_alloc(8, 8);
			volatile __u32 *mem = mmap(NULL, 16 * SZ_2M, PROT_READ | PROT_WRITE,
						   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			unsigned int i, n = 0;

			if (vxe_svm_open(&s) || !cs || !fence || mem == MAP_FAILED)
				_exit(1);
			/* 512 stores, one per 64K: many faults */
			for (i = 0; i < 512; i++)
				vxe_svm_emit_store(cs, &n, mem + i * (SZ_64K / 4), i);
			cs[n++] = VXE_MI_BATCH_BUFFER_END;
			/* Submitted, and never waited for */
			vxe_svm_run(&s, cs, fence, 0);
			usleep(round * 2000);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}

	dst[0] = malloc(SZ_4K);
	ASSERT_NE(NULL, dst[0]);
	EXPECT_EQ(0, gpu_store(self, dst, 1, 0x70));
	EXPECT_EQ(0x70, *dst[0]);
	free((void *)dst[0]);
}

/* VRAM size, from the memory regions query; 0 without */
static __u64 vram_size(int fd)
{
	__u64 size;

	vxe_region_info(fd, DRM_XE_MEM_REGION_CLASS_VRAM, 0, &size);
	return size;
}

/*
 * A GPU fault migrates a 2M range to VRAM whole, data and all; a CPU read
 * brings it back. Every byte the CPU wrote before is still there.
 */
TEST_F(svm, migrate_to_vram_and_back)
{
	long long migrated = vxe_svm_stat("svm_2M_migrate_count");
	long long to_vram = vxe_svm_stat("svm_device_copy_kb");
	long long to_ram = vxe_svm_stat("svm_cpu_copy_kb");
	volatile __u32 *mem = aligned_alloc(SZ_2M, SZ_2M);
	volatile __u32 *dst[2];
	size_t i, bad = 0;

	if (!vram_size(self->s.fd))
		SKIP(return, "no VRAM");
	ASSERT_NE(NULL, mem);
	madvise((void *)mem, SZ_2M, MADV_HUGEPAGE);
	for (i = 0; i < SZ_2M / 4; i++)
		mem[i] = i * 2654435761u;
	dst[0] = mem + 1;
	dst[1] = mem + SZ_2M / 4 - 1;
	ASSERT_EQ(0, gpu_store(self, dst, 2, 0x50));
	EXPECT_LT(migrated, vxe_svm_stat("svm_2M_migrate_count"));
	EXPECT_LE(to_vram + 2048, vxe_svm_stat("svm_device_copy_kb"));

	/* The CPU reads it back from system memory */
	EXPECT_EQ(0x50, *dst[0]);
	EXPECT_EQ(0x51, *dst[1]);
	for (i = 0; i < SZ_2M / 4; i++)
		if (&mem[i] != dst[0] && &mem[i] != dst[1] && mem[i] != (__u32)(i * 2654435761u))
			bad++;
	EXPECT_EQ(0, bad);
	EXPECT_LE(to_ram + 2048, vxe_svm_stat("svm_cpu_copy_kb"));
	free((void *)mem);
}

/*
 * A 2M range in VRAM is one 2M device-private folio. mremap to an address
 * that is not 2M-aligned splits its PMD, leaving the folio mapped by 512
 * PTEs, and a CPU read in the middle brings it back: the kernel splits
 * the folio under the fault, which must keep the fault page locked and
 * no other. Every byte survives.
 */
TEST_F(svm, mremap_vram_thp_unaligned)
{
	long long migrated = vxe_svm_stat("svm_2M_migrate_count");
	volatile __u32 *dst[2];
	size_t i, bad = 0;
	__u32 *mem, *moved;
	char *base, *hole;

	if (!vram_size(self->s.fd))
		SKIP(return, "no VRAM");
	base = mmap(NULL, 2 * SZ_2M, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	hole = mmap(NULL, 3 * SZ_2M, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, base);
	ASSERT_NE(MAP_FAILED, hole);
	mem = (__u32 *)(((unsigned long)base + SZ_2M - 1) / SZ_2M * SZ_2M);
	madvise(mem, SZ_2M, MADV_HUGEPAGE);
	for (i = 0; i < SZ_2M / 4; i++)
		mem[i] = i * 2654435761u;
	dst[0] = mem + 1;
	dst[1] = mem + SZ_2M / 4 - 1;
	ASSERT_EQ(0, gpu_store(self, dst, 2, 0x60));
	if (migrated == vxe_svm_stat("svm_2M_migrate_count"))
		SKIP(return, "no transparent huge page to migrate");

	/* Move it 4K past a 2M boundary */
	moved = (__u32 *)(((unsigned long)hole + SZ_2M - 1) / SZ_2M * SZ_2M + SZ_4K);
	ASSERT_EQ(moved, mremap(mem, SZ_2M, SZ_2M, MREMAP_MAYMOVE | MREMAP_FIXED, moved));

	/* A read 1M in, not at the folio's first page, brings it back */
	EXPECT_EQ(((SZ_1M / 4) * 2654435761u) & 0xffffffffu, moved[SZ_1M / 4]);
	EXPECT_EQ(0x60, moved[1]);
	EXPECT_EQ(0x61, moved[SZ_2M / 4 - 1]);
	for (i = 2; i < SZ_2M / 4 - 1; i++)
		if (moved[i] != (__u32)(i * 2654435761u))
			bad++;
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, munmap(hole, 3 * SZ_2M));
	EXPECT_EQ(0, munmap(base, 2 * SZ_2M));
}

/*
 * Data integrity under migration: for a bounded time the GPU and the CPU
 * take turns writing an 8 MiB buffer, so that it keeps moving to VRAM and
 * back, and every third round VRAM is filled with BOs, so that TTM evicts
 * it from VRAM. After each round every byte is checked.
 */
#define STRESS_SIZE	(4 * SZ_2M)
#define STRESS_SECONDS	6

TEST_F(svm, migrate_stress)
{
	size_t npages = STRESS_SIZE / SZ_4K, words = STRESS_SIZE / 4, i, bad = 0;
	long long evicted = vxe_svm_stat("svm_cpu_copy_kb");
	__u64 vram = vram_size(self->s.fd);
	__u32 *batch, *mem, round = 0, k;
	time_t end = time(NULL) + STRESS_SECONDS;
	__u32 *hogs = NULL;
	unsigned int nhogs = 0;

	if (!vram)
		SKIP(return, "no VRAM");
	mem = aligned_alloc(SZ_2M, STRESS_SIZE);
	batch = aligned_alloc(SZ_64K, npages * 16 + 64);
	ASSERT_NE(NULL, mem);
	ASSERT_NE(NULL, batch);
	madvise(mem, STRESS_SIZE, MADV_HUGEPAGE);
	for (i = 0; i < words; i++)
		mem[i] = i;

	while (time(NULL) < end && !bad) {
		unsigned int n = 0;

		round++;
		/* The GPU writes the first dword of each page */
		for (i = 0; i < npages; i++)
			vxe_svm_emit_store(batch, &n, &mem[i * 1024], round * 0x10000 + i);
		batch[n++] = VXE_MI_BATCH_BUFFER_END;
		ASSERT_EQ(0, vxe_svm_run(&self->s, batch, self->fence, TIMEOUT_NS));

		if (round % 3 == 0) {
			/* Fill VRAM: the buffer's VRAM is evicted to make room */
			nhogs = vram / (16 * SZ_1M);
			hogs = calloc(nhogs, sizeof(*hogs));
			ASSERT_NE(NULL, hogs);
			for (k = 0; k < nhogs; k++)
				if (vxe_gem_create(self->s.fd, 16 * SZ_1M, 0x2, 0,
						   DRM_XE_GEM_CPU_CACHING_WC, 0, &hogs[k]))
					break;
			nhogs = k;
		}

		/* The CPU checks every byte, and writes the second dword of each page */
		for (i = 0; i < words; i++) {
			__u32 want;

			if (i % 1024 == 0)
				want = round * 0x10000 + i / 1024;
			else if (i % 1024 == 1)
				want = round > 1 ? (round - 1) * 0x100 + i : i;
			else
				want = i;
			if (mem[i] != want)
				bad++;
		}
		for (i = 1; i < words; i += 1024)
			mem[i] = round * 0x100 + i;

		for (k = 0; k < nhogs; k++)
			vxe_gem_close(self->s.fd, hogs[k]);
		free(hogs);
		hogs = NULL;
		nhogs = 0;
	}
	ksft_print_msg("%u rounds: %lld KiB copied to VRAM, %lld KiB back in all\n", round,
		       vxe_svm_stat("svm_device_copy_kb"), vxe_svm_stat("svm_cpu_copy_kb"));
	EXPECT_EQ(0, bad) TH_LOG("round %u: %zu words wrong", round, bad);
	EXPECT_LE(3, round);
	/* Eviction and CPU faults brought data back */
	EXPECT_LT(evicted, vxe_svm_stat("svm_cpu_copy_kb"));
	free(batch);
	free(mem);
}

/* MI_ATOMIC, 4 bytes, increment, address in the next two dwords */
#define MI_ATOMIC_INC	((0x2fu << 23) | (0x05u << 8) | 1)

static int gpu_atomic_inc(FIXTURE_DATA(svm) *self, volatile __u32 *dst)
{
	__u64 a = (__u64)(uintptr_t)dst;
	unsigned int k = 0;

	self->batch[k++] = MI_ATOMIC_INC;
	self->batch[k++] = (__u32)a;
	self->batch[k++] = a >> 32;
	self->batch[k++] = VXE_MI_BATCH_BUFFER_END;
	return vxe_svm_run(&self->s, self->batch, self->fence, TIMEOUT_NS);
}

/*
 * As Xe on a discrete part: a GPU atomic on SVM memory needs it in VRAM.
 * Private memory is migrated for it; shared memory cannot be, and the
 * atomic fails the queue, although plain stores to it work.
 */
TEST_F(svm, atomic_needs_vram)
{
	long long migrated = vxe_svm_stat("svm_2M_migrate_count");
	volatile __u32 *mem, *shared;
	volatile __u32 *dst[1];

	if (!vram_size(self->s.fd))
		SKIP(return, "no VRAM");
	mem = aligned_alloc(SZ_2M, SZ_2M);
	ASSERT_NE(NULL, mem);
	madvise((void *)mem, SZ_2M, MADV_HUGEPAGE);
	memset((void *)mem, 0, SZ_2M);
	mem[7] = 41;
	ASSERT_EQ(0, gpu_atomic_inc(self, &mem[7]));
	EXPECT_LT(migrated, vxe_svm_stat("svm_2M_migrate_count"));
	EXPECT_EQ(42, mem[7]);
	/* Back in system memory, the next atomic migrates it again */
	ASSERT_EQ(0, gpu_atomic_inc(self, &mem[7]));
	EXPECT_EQ(43, mem[7]);
	free((void *)mem);

	shared = mmap(NULL, SZ_2M, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, shared);
	dst[0] = shared;
	ASSERT_EQ(0, gpu_store(self, dst, 1, 0x70));
	EXPECT_EQ(0x70, shared[0]);
	EXPECT_EQ(-EIO, gpu_atomic_inc(self, shared));
	EXPECT_EQ(0x70, shared[0]);
	munmap((void *)shared, SZ_2M);
}

TEST_HARNESS_MAIN

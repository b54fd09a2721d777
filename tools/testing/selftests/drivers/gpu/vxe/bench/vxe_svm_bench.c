// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVM benchmark: the time the driver takes to service a GPU fault on a 2M
 * range that migrates it to VRAM, against a CPU memcpy of 2 MiB, and the
 * throughput of a VM_BIND PREFETCH of 256 MiB to VRAM, against memcpy
 * bandwidth; both in the same guest, in one run. The fault time is the
 * driver's own (debugfs gt0/stats svm_2M_pagefault_us), so the submission
 * of the batch is not in it; the counters also show that the data moved.
 *
 * Copyright © 2026 The vxe authors
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "../vxe_util.h"

#define SZ_2M		(2ull << 20)
#define PREFETCH_SIZE	(256ull << 20)
#define FAULTS		8
#define TIMEOUT_NS	30000000000ll

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds one memcpy of @size takes, best of @reps, pages touched first */
static double memcpy_s(size_t size, int reps)
{
	char *a = aligned_alloc(SZ_2M, size), *b = aligned_alloc(SZ_2M, size);
	double best = 1e9, t;
	int i;

	if (!a || !b)
		return -1;
	memset(a, 1, size);
	memset(b, 2, size);
	for (i = 0; i < reps; i++) {
		t = now_s();
		memcpy(b, a, size);
		t = now_s() - t;
		if (t < best)
			best = t;
		a[i % size]++;
	}
	free(a);
	free(b);
	return best;
}

/* A 2M-aligned THP buffer the CPU has written */
static void *thp_alloc(size_t size)
{
	void *p = aligned_alloc(SZ_2M, size);

	if (!p)
		return NULL;
	madvise(p, size, MADV_HUGEPAGE);
	memset(p, 0x5a, size);
	return p;
}

static int store(struct vxe_svm *s, __u32 *batch, __u64 *fence, volatile void *dst)
{
	unsigned int n = 0;

	vxe_svm_emit_store(batch, &n, dst, 0xbeef);
	batch[n++] = VXE_MI_BATCH_BUFFER_END;
	return vxe_svm_run(s, batch, fence, TIMEOUT_NS);
}

int main(void)
{
	long long count0, us0, kb0, count, us, kb;
	double copy2m, copy256, t, fault_us, bw, mbw;
	__u32 *batch = aligned_alloc(4096, 4096);
	__u64 *fence = aligned_alloc(8, 8);
	struct drm_xe_vm_bind_op op = {
		.op = DRM_XE_VM_BIND_OP_PREFETCH,
		.prefetch_mem_region_instance = 1,
	};
	struct vxe_svm s;
	void *bufs[FAULTS], *big;
	int i, ret;

	if (!batch || !fence || vxe_svm_open(&s)) {
		fprintf(stderr, "vxe_svm_bench: no vxe device\n");
		return 1;
	}
	if (vxe_svm_stat("svm_2M_migrate_count") < 0) {
		fprintf(stderr, "vxe_svm_bench: no gt0/stats\n");
		return 1;
	}

	/* GPU faults on 2M ranges: each migrates its range to VRAM */
	for (i = 0; i < FAULTS; i++)
		bufs[i] = thp_alloc(SZ_2M);
	store(&s, batch, fence, batch + 512);	/* the batch's own range first */
	count0 = vxe_svm_stat("svm_2M_migrate_count");
	us0 = vxe_svm_stat("svm_2M_pagefault_us");
	for (i = 0; i < FAULTS; i++) {
		ret = bufs[i] ? store(&s, batch, fence, bufs[i]) : -1;
		if (ret) {
			fprintf(stderr, "vxe_svm_bench: fault %d: %d\n", i, ret);
			return 1;
		}
	}
	count = vxe_svm_stat("svm_2M_migrate_count") - count0;
	us = vxe_svm_stat("svm_2M_pagefault_us") - us0;
	copy2m = memcpy_s(SZ_2M, 16);
	fault_us = count ? (double)us / count : 0;
	printf("svm_2M_faults_migrated %lld/%d\n", count, FAULTS);
	printf("svm_2M_fault_us %.0f\n", fault_us);
	printf("memcpy_2M_us %.0f\n", copy2m * 1e6);
	printf("svm_2M_fault_to_memcpy_ratio %.1f\n", copy2m > 0 ? fault_us / (copy2m * 1e6) : 0);

	/* PREFETCH of 256 MiB to VRAM */
	big = thp_alloc(PREFETCH_SIZE);
	if (!big) {
		fprintf(stderr, "vxe_svm_bench: no memory\n");
		return 1;
	}
	op.addr = (__u64)(uintptr_t)big;
	op.range = PREFETCH_SIZE;
	kb0 = vxe_svm_stat("svm_device_copy_kb");
	t = now_s();
	ret = vxe_vm_bind(s.fd, s.vm, &op, NULL, 0);
	t = now_s() - t;
	kb = vxe_svm_stat("svm_device_copy_kb") - kb0;
	if (ret) {
		fprintf(stderr, "vxe_svm_bench: prefetch: %d\n", ret);
		return 1;
	}
	copy256 = memcpy_s(PREFETCH_SIZE, 3);
	bw = PREFETCH_SIZE / t / (1 << 20);
	mbw = copy256 > 0 ? PREFETCH_SIZE / copy256 / (1 << 20) : 0;
	printf("prefetch_256M_copied_MiB %lld\n", kb >> 10);
	printf("prefetch_256M_MiB_per_s %.0f\n", bw);
	printf("memcpy_256M_MiB_per_s %.0f\n", mbw);
	printf("prefetch_to_memcpy_ratio_pct %.0f\n", mbw ? 100 * bw / mbw : 0);

	for (i = 0; i < FAULTS; i++)
		free(bufs[i]);
	free(big);
	vxe_svm_close(&s);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * vxe demo: open the first vxe device and print what it reports through
 * Xe's uAPI: configuration, engines, memory regions and GTs. Then SVM: bind
 * the whole address space as a CPU-address mirror, have the GPU run a batch
 * that lives in malloc'd memory and writes into malloc'd and mmap'd memory,
 * check on the CPU what it wrote, and print the fault statistics.
 *
 * Copyright © 2026 The vxe authors
 */

#include "../vxe_util.h"

static const char *engine_class_name(__u16 class)
{
	switch (class) {
	case DRM_XE_ENGINE_CLASS_RENDER: return "render";
	case DRM_XE_ENGINE_CLASS_COPY: return "copy";
	case DRM_XE_ENGINE_CLASS_VIDEO_DECODE: return "video-decode";
	case DRM_XE_ENGINE_CLASS_VIDEO_ENHANCE: return "video-enhance";
	case DRM_XE_ENGINE_CLASS_COMPUTE: return "compute";
	default: return "unknown";
	}
}

static int print_config(int fd)
{
	struct drm_xe_query_config *c;
	__u64 flags;
	__u32 size;

	c = vxe_query(fd, DRM_XE_DEVICE_QUERY_CONFIG, &size);
	if (!c)
		return -errno;

	flags = c->info[DRM_XE_QUERY_CONFIG_FLAGS];
	printf("config:\n");
	printf("  device id          0x%04llx (revision %llu)\n",
	       (unsigned long long)c->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] & 0xffff,
	       (unsigned long long)c->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] >> 16);
	printf("  flags              0x%llx%s%s\n", (unsigned long long)flags,
	       flags & DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM ? " HAS_VRAM" : "",
	       flags & DRM_XE_QUERY_CONFIG_FLAG_HAS_CPU_ADDR_MIRROR ?
	       " HAS_CPU_ADDR_MIRROR" : "");
	printf("  min alignment      %llu bytes\n",
	       (unsigned long long)c->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT]);
	printf("  VA bits            %llu\n",
	       (unsigned long long)c->info[DRM_XE_QUERY_CONFIG_VA_BITS]);
	printf("  max queue priority %llu\n",
	       (unsigned long long)c->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY]);
	free(c);
	return 0;
}

static int print_engines(int fd)
{
	struct drm_xe_query_engines *e;
	__u32 size, i;

	e = vxe_query(fd, DRM_XE_DEVICE_QUERY_ENGINES, &size);
	if (!e)
		return -errno;

	printf("engines: %u\n", e->num_engines);
	for (i = 0; i < e->num_engines; i++)
		printf("  %-8s instance %u on gt%u\n",
		       engine_class_name(e->engines[i].instance.engine_class),
		       e->engines[i].instance.engine_instance,
		       e->engines[i].instance.gt_id);
	free(e);
	return 0;
}

static int print_mem_regions(int fd)
{
	struct drm_xe_query_mem_regions *m;
	__u32 size, i;

	m = vxe_query(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, &size);
	if (!m)
		return -errno;

	printf("memory regions: %u\n", m->num_mem_regions);
	for (i = 0; i < m->num_mem_regions; i++) {
		const struct drm_xe_mem_region *r = &m->mem_regions[i];

		printf("  instance %u %-6s total %6llu MiB, used %llu MiB, min page %u, cpu-visible %llu MiB\n",
		       r->instance,
		       r->mem_class == DRM_XE_MEM_REGION_CLASS_VRAM ? "vram" : "sysmem",
		       (unsigned long long)r->total_size >> 20,
		       (unsigned long long)r->used >> 20, r->min_page_size,
		       (unsigned long long)r->cpu_visible_size >> 20);
	}
	free(m);
	return 0;
}

static int print_gt_list(int fd)
{
	struct drm_xe_query_gt_list *l;
	__u32 size, i;

	l = vxe_query(fd, DRM_XE_DEVICE_QUERY_GT_LIST, &size);
	if (!l)
		return -errno;

	printf("GTs: %u\n", l->num_gt);
	for (i = 0; i < l->num_gt; i++) {
		const struct drm_xe_gt *gt = &l->gt_list[i];

		printf("  gt%u on tile %u: %s, IP %u.%02u.%u, clock %u Hz, near 0x%llx, far 0x%llx\n",
		       gt->gt_id, gt->tile_id,
		       gt->type == DRM_XE_QUERY_GT_TYPE_MAIN ? "main" : "media",
		       gt->ip_ver_major, gt->ip_ver_minor, gt->ip_ver_rev,
		       gt->reference_clock,
		       (unsigned long long)gt->near_mem_regions,
		       (unsigned long long)gt->far_mem_regions);
	}
	free(l);
	return 0;
}

/* The GPU dereferences plain process pointers */
static int run_svm(void)
{
	static const char *const stats[] = {
		"svm_pagefault_count", "svm_4K_pagefault_count", "svm_64K_pagefault_count",
		"svm_2M_pagefault_count", "svm_4K_pagefault_us", "svm_64K_pagefault_us",
		"svm_2M_pagefault_us", "svm_tlb_inval_count", "svm_range_collected_count",
	};
	volatile __u32 *heap, *mapped;
	volatile __u64 *fence;
	struct vxe_svm s;
	unsigned int i, n = 0;
	__u32 *batch;
	int ret;

	ret = vxe_svm_open(&s);
	if (ret) {
		fprintf(stderr, "vxe-demo: no SVM VM: %s\n", strerror(-ret));
		return ret;
	}
	batch = malloc(4096);
	heap = malloc(64 * sizeof(*heap));
	fence = malloc(sizeof(*fence));
	mapped = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!batch || !heap || !fence || mapped == MAP_FAILED) {
		ret = -ENOMEM;
		goto out;
	}
	heap[0] = 0;
	mapped[0] = 0;
	mapped[(1 << 20) / 4] = 0;

	/* Nothing of this is in the GPU's page tables yet: it faults it in */
	vxe_svm_emit_store(batch, &n, &heap[0], 0x5eed);
	vxe_svm_emit_store(batch, &n, &mapped[0], 0xbeef);
	vxe_svm_emit_store(batch, &n, &mapped[(1 << 20) / 4], 0xf00d);
	batch[n++] = VXE_MI_BATCH_BUFFER_END;
	ret = vxe_svm_run(&s, batch, fence, 10000000000ll);
	if (ret) {
		fprintf(stderr, "vxe-demo: SVM batch failed: %s\n", strerror(-ret));
		goto out;
	}

	printf("svm:\n");
	printf("  batch at %p (malloc), fence at %p (malloc)\n", (void *)batch, (void *)fence);
	printf("  malloc %p: 0x%x (expected 0x5eed)\n", (void *)heap, heap[0]);
	printf("  mmap   %p: 0x%x 0x%x (expected 0xbeef 0xf00d)\n", (void *)mapped,
	       mapped[0], mapped[(1 << 20) / 4]);
	if (heap[0] != 0x5eed || mapped[0] != 0xbeef || mapped[(1 << 20) / 4] != 0xf00d)
		ret = -EIO;
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		printf("  %-28s %lld\n", stats[i], vxe_svm_stat(stats[i]));
out:
	if (mapped != MAP_FAILED)
		munmap((void *)mapped, 2 << 20);
	free((void *)fence);
	free((void *)heap);
	free(batch);
	vxe_svm_close(&s);
	return ret;
}

int main(void)
{
	int fd = vxe_open("renderD", 0);
	int ret;

	if (fd < 0) {
		fprintf(stderr, "vxe-demo: no vxe device: %s\n", strerror(-fd));
		return 1;
	}

	printf("vxe-demo: device opened\n");
	ret = print_config(fd);
	if (!ret)
		ret = print_engines(fd);
	if (!ret)
		ret = print_mem_regions(fd);
	if (!ret)
		ret = print_gt_list(fd);
	close(fd);

	if (ret) {
		fprintf(stderr, "vxe-demo: query failed: %s\n", strerror(-ret));
		return 1;
	}
	if (run_svm())
		return 1;
	printf("vxe-demo: SVM ok\n");
	return 0;
}

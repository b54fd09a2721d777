// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright © 2026 The vxe authors
 */

/**
 * DOC: vxe overview
 *
 * vxe is a virtual Xe2-class GPU: a device model that behaves as GPU
 * hardware would (see "device model") and a DRM driver for it that
 * implements Intel Xe's uAPI, include/uapi/drm/xe_drm.h, unchanged. Its
 * purpose is to let GPU shared virtual memory (drm_gpusvm, drm_pagemap,
 * HMM) be developed, tested and bisected on any machine, as vkms does for
 * KMS.
 *
 * The module creates ``num_devices`` devices on the faux bus, named
 * ``vxe.N``. Each has a primary and a render node; the DRM driver name is
 * "vxe". Devices are DMA-capable: the device model reaches system memory
 * through DMA addresses as a PCI device would.
 *
 * Ioctls not implemented yet answer -EOPNOTSUPP.
 */

#include <linux/device/faux.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/sizes.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_print.h>
#include <uapi/drm/xe_drm.h>

#include "vxe_bo.h"
#include "vxe_debugfs.h"
#include "vxe_device.h"
#include "vxe_drm_client.h"
#include "vxe_exec.h"
#include "vxe_exec_queue.h"
#include "vxe_hw.h"
#include "vxe_pagemap.h"
#include "vxe_query.h"
#include "vxe_vm.h"
#include "vxe_wait_user_fence.h"

#define VXE_DRIVER_NAME		"vxe"
#define VXE_DRIVER_DESC		"Virtual Xe2-class GPU with SVM"
#define VXE_DRIVER_MAJOR	1
#define VXE_DRIVER_MINOR	0

#define VXE_MAX_DEVICES		8

static unsigned int num_devices = 1;
module_param(num_devices, uint, 0444);
MODULE_PARM_DESC(num_devices, "Number of virtual devices to create (1-8, default 1)");

static unsigned int vram_mb = 512;
module_param(vram_mb, uint, 0444);
MODULE_PARM_DESC(vram_mb, "VRAM of each device in MiB, a multiple of 2 (0-65536, default 512)");

static unsigned int vram_min_page_kb = 4;
module_param(vram_min_page_kb, uint, 0444);
MODULE_PARM_DESC(vram_min_page_kb,
		 "Smallest page the GPU maps VRAM with, in KiB: 4 (Xe2, default) or 64 (as DG2)");

static int vxe_ioctl_not_supported(struct drm_device *drm, void *data,
				   struct drm_file *file)
{
	return -EOPNOTSUPP;
}

#define VXE_IOCTL_TODO(ioctl) \
	DRM_IOCTL_DEF_DRV(ioctl, vxe_ioctl_not_supported, DRM_RENDER_ALLOW)

static const struct drm_ioctl_desc vxe_ioctls[] = {
	DRM_IOCTL_DEF_DRV(XE_DEVICE_QUERY, vxe_query_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_GEM_CREATE, vxe_gem_create_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_GEM_MMAP_OFFSET, vxe_gem_mmap_offset_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_CREATE, vxe_vm_create_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_DESTROY, vxe_vm_destroy_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_BIND, vxe_vm_bind_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC_QUEUE_CREATE, vxe_exec_queue_create_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC_QUEUE_DESTROY, vxe_exec_queue_destroy_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC_QUEUE_GET_PROPERTY, vxe_exec_queue_get_property_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC, vxe_exec_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_WAIT_USER_FENCE, vxe_wait_user_fence_ioctl, DRM_RENDER_ALLOW),
	/* No OA unit in the virtual hardware */
	VXE_IOCTL_TODO(XE_OBSERVATION),
	DRM_IOCTL_DEF_DRV(XE_MADVISE, vxe_vm_madvise_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_QUERY_MEM_RANGE_ATTRS, vxe_vm_query_mem_range_attrs_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC_QUEUE_SET_PROPERTY, vxe_exec_queue_set_property_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_GET_PROPERTY, vxe_vm_get_property_ioctl, DRM_RENDER_ALLOW),
};

static const struct file_operations vxe_fops = {
	.owner = THIS_MODULE,
	DRM_GEM_FOPS,
	.show_fdinfo = drm_show_fdinfo,
};

/**
 * vxe_device_from_file() - the vxe device a file is open on
 * @file: any file
 *
 * Return: the device, which lives as long as @file, or NULL if @file is
 * not a vxe DRM file.
 */
struct vxe_device *vxe_device_from_file(struct file *file)
{
	struct drm_file *drm_file;

	if (file->f_op != &vxe_fops)
		return NULL;
	drm_file = file->private_data;
	return to_vxe_device(drm_file->minor->dev);
}

static const struct drm_driver vxe_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_GEM_GPUVA | DRIVER_RENDER |
			   DRIVER_SYNCOBJ | DRIVER_SYNCOBJ_TIMELINE,
	.gem_prime_import_sg_table = vxe_gem_prime_import_sg_table,
	.open = vxe_file_open,
	.postclose = vxe_file_close,
	.show_fdinfo = vxe_drm_client_fdinfo,
	.ioctls = vxe_ioctls,
	.num_ioctls = ARRAY_SIZE(vxe_ioctls),
	.fops = &vxe_fops,
	.debugfs_init = vxe_debugfs_init,
	.name = VXE_DRIVER_NAME,
	.desc = VXE_DRIVER_DESC,
	.major = VXE_DRIVER_MAJOR,
	.minor = VXE_DRIVER_MINOR,
};

static void vxe_hw_release(void *hw)
{
	vxe_hw_destroy(hw);
}

static void vxe_device_release(void *vxe)
{
	vxe_device_fini_hw(vxe);
}

static void vxe_bo_release(void *vxe)
{
	vxe_bo_device_fini(vxe);
}

static int vxe_probe(struct faux_device *fdev)
{
	struct vxe_hw_config cfg;
	struct vxe_device *vxe;
	int ret;

	ret = dma_coerce_mask_and_coherent(&fdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;

	vxe = devm_drm_dev_alloc(&fdev->dev, &vxe_drm_driver, struct vxe_device, drm);
	if (IS_ERR(vxe))
		return PTR_ERR(vxe);
	vxe->fdev = fdev;
	faux_device_set_drvdata(fdev, vxe);

	vxe_hw_config_init_default(&cfg, (u64)vram_mb << 20);
	cfg.vram_min_page = vram_min_page_kb * SZ_1K;
	vxe->hw = vxe_hw_create(&fdev->dev, &cfg);
	if (IS_ERR(vxe->hw))
		return PTR_ERR(vxe->hw);
	ret = devm_add_action_or_reset(&fdev->dev, vxe_hw_release, vxe->hw);
	if (ret)
		return ret;

	ret = vxe_device_probe_info(vxe);
	if (ret)
		return ret;

	ret = vxe_device_init_hw(vxe);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(&fdev->dev, vxe_device_release, vxe);
	if (ret)
		return ret;

	vxe_vm_device_init(vxe);
	ret = vxe_bo_device_init(vxe);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(&fdev->dev, vxe_bo_release, vxe);
	if (ret)
		return ret;
	/* Without it SVM stays in system memory, as on a device without VRAM */
	if (vxe_device_has_vram(vxe)) {
		ret = vxe_pagemap_init(vxe);
		if (ret)
			drm_warn(&vxe->drm, "no VRAM for SVM: %d\n", ret);
	}

	return drm_dev_register(&vxe->drm, 0);
}

static void vxe_remove(struct faux_device *fdev)
{
	struct vxe_device *vxe = faux_device_get_drvdata(fdev);

	drm_dev_unplug(&vxe->drm);
}

static const struct faux_device_ops vxe_faux_ops = {
	.probe = vxe_probe,
	.remove = vxe_remove,
};

/*
 * The devices this module created. The device model keeps all of its state
 * per instance; only the module's own bookkeeping of what to destroy at
 * exit is global, as in vkms.
 */
static struct faux_device *vxe_fdevs[VXE_MAX_DEVICES];

static void vxe_destroy_devices(void)
{
	int i;

	for (i = VXE_MAX_DEVICES - 1; i >= 0; i--) {
		faux_device_destroy(vxe_fdevs[i]);
		vxe_fdevs[i] = NULL;
	}
}

static int __init vxe_init(void)
{
	char name[16];
	unsigned int i;

	if (!num_devices || num_devices > VXE_MAX_DEVICES) {
		pr_err("vxe: num_devices must be 1 to %d\n", VXE_MAX_DEVICES);
		return -EINVAL;
	}
	if (vram_mb > 65536 || vram_mb % 2) {
		pr_err("vxe: vram_mb must be an even number from 0 to 65536\n");
		return -EINVAL;
	}
	if (vram_min_page_kb != 4 && vram_min_page_kb != 64) {
		pr_err("vxe: vram_min_page_kb must be 4 or 64\n");
		return -EINVAL;
	}

	for (i = 0; i < num_devices; i++) {
		snprintf(name, sizeof(name), "vxe.%u", i);
		/* faux_device_create() probes synchronously */
		vxe_fdevs[i] = faux_device_create(name, NULL, &vxe_faux_ops);
		if (!vxe_fdevs[i]) {
			pr_err("vxe: creating device %u failed\n", i);
			vxe_destroy_devices();
			return -ENODEV;
		}
	}

	return 0;
}

static void __exit vxe_exit(void)
{
	vxe_destroy_devices();
}

module_init(vxe_init);
module_exit(vxe_exit);

MODULE_AUTHOR("The vxe authors");
MODULE_DESCRIPTION("Virtual Xe2-class GPU for shared virtual memory development");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * PCI glue: binding to NVMe class devices, mapping BAR0, and handing the
 * controller to ctrl.c. Also the module's entry points.
 */
#include <linux/module.h>
#include <linux/pci.h>

#include "cnvme.h"

struct workqueue_struct *cnv_wq;

static int cnv_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	u32 quirks = cnv_quirks_for_pci(pdev);
	struct cnv_ctrl *ctrl;
	void __iomem *bar;
	size_t bar_len;
	int ret;

	ret = pci_enable_device_mem(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	/* Restored after a slot reset during error recovery. */
	pci_save_state(pdev);
	ret = dma_set_mask_and_coherent(&pdev->dev, quirks & CNV_QUIRK_DMA_ADDRESS_BITS_48 ?
					DMA_BIT_MASK(48) : DMA_BIT_MASK(64));
	if (ret)
		goto disable;
	/* PRPs describe segments of any length; the 64 KiB default is PCI's, not NVMe's. */
	dma_set_max_seg_size(&pdev->dev, UINT_MAX);
	ret = pci_request_mem_regions(pdev, KBUILD_MODNAME);
	if (ret)
		goto disable;
	bar_len = pci_resource_len(pdev, 0);
	/* Registers and at least the admin queue's two doorbells. */
	if (bar_len < CNV_REG_DOORBELLS + 2 * sizeof(u32)) {
		dev_err(&pdev->dev, "BAR0 too small (%zu bytes)\n", bar_len);
		ret = -ENODEV;
		goto release;
	}
	bar = pci_ioremap_bar(pdev, 0);
	if (!bar) {
		ret = -ENOMEM;
		goto release;
	}
	ctrl = cnv_ctrl_create(pdev, bar, bar_len, quirks);
	if (IS_ERR(ctrl)) {
		ret = PTR_ERR(ctrl);
		goto unmap;
	}
	pci_set_drvdata(pdev, ctrl);
	cnv_ctrl_start(ctrl);
	return 0;

unmap:
	iounmap(bar);
release:
	pci_release_mem_regions(pdev);
disable:
	pci_disable_device(pdev);
	return ret;
}

static void cnv_pci_remove(struct pci_dev *pdev)
{
	struct cnv_ctrl *ctrl = pci_get_drvdata(pdev);
	void __iomem *bar = ctrl->bar;

	cnv_ctrl_remove(ctrl);
	cnv_ctrl_put(ctrl);
	iounmap(bar);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
}

static void cnv_pci_shutdown(struct pci_dev *pdev)
{
	cnv_ctrl_shutdown(pci_get_drvdata(pdev));
}

/* System suspend: a low power state where the platform stays powered (power.c). */
static int cnv_pci_suspend(struct device *dev)
{
	return cnv_power_suspend(pci_get_drvdata(to_pci_dev(dev)));
}

static int cnv_pci_resume(struct device *dev)
{
	cnv_power_resume(pci_get_drvdata(to_pci_dev(dev)));
	return 0;
}

/* Hibernation and power-off: the controller loses power, so it is shut down cleanly. */
static int cnv_pci_simple_suspend(struct device *dev)
{
	cnv_ctrl_suspend(pci_get_drvdata(to_pci_dev(dev)), true);
	return 0;
}

static int cnv_pci_simple_resume(struct device *dev)
{
	/* A controller that does not come back is dead; the system resumes anyway. */
	cnv_ctrl_resume(pci_get_drvdata(to_pci_dev(dev)));
	return 0;
}

static const struct dev_pm_ops cnv_pci_pm_ops = {
	.suspend = cnv_pci_suspend,
	.resume = cnv_pci_resume,
	.freeze = cnv_pci_simple_suspend,
	.thaw = cnv_pci_simple_resume,
	.poweroff = cnv_pci_simple_suspend,
	.restore = cnv_pci_simple_resume,
};

/*
 * PCI error recovery (Documentation/PCI/pci-error-recovery.rst). A frozen
 * link cannot carry commands: I/O waits while the controller is disabled
 * and its commands are taken back, and the controller is re-initialised
 * after the slot reset.
 */
static pci_ers_result_t cnv_pci_error_detected(struct pci_dev *pdev,
					       pci_channel_state_t state)
{
	struct cnv_ctrl *ctrl = pci_get_drvdata(pdev);

	switch (state) {
	case pci_channel_io_normal:
		return PCI_ERS_RESULT_CAN_RECOVER;
	case pci_channel_io_frozen:
		dev_warn(&pdev->dev, "PCI link frozen; resetting\n");
		cnv_ctrl_suspend(ctrl, false);
		cnv_ctrl_expect_resume(ctrl);
		return PCI_ERS_RESULT_NEED_RESET;
	default:
		dev_err(&pdev->dev, "PCI link failed permanently\n");
		cnv_ctrl_fail(ctrl, "PCI channel failure");
		return PCI_ERS_RESULT_DISCONNECT;
	}
}

static pci_ers_result_t cnv_pci_slot_reset(struct pci_dev *pdev)
{
	struct cnv_ctrl *ctrl = pci_get_drvdata(pdev);

	pci_restore_state(pdev);
	pci_save_state(pdev);
	if (cnv_ctrl_resume(ctrl))
		return PCI_ERS_RESULT_DISCONNECT;
	return PCI_ERS_RESULT_RECOVERED;
}

static void cnv_pci_error_resume(struct pci_dev *pdev)
{
	dev_info(&pdev->dev, "PCI error recovery done\n");
}

/* Function level reset asked for through sysfs or by a VFIO user. */
static void cnv_pci_reset_prepare(struct pci_dev *pdev)
{
	cnv_ctrl_suspend(pci_get_drvdata(pdev), false);
}

static void cnv_pci_reset_done(struct pci_dev *pdev)
{
	cnv_ctrl_resume(pci_get_drvdata(pdev));
}

static const struct pci_error_handlers cnv_pci_err_handlers = {
	.error_detected = cnv_pci_error_detected,
	.slot_reset = cnv_pci_slot_reset,
	.resume = cnv_pci_error_resume,
	.reset_prepare = cnv_pci_reset_prepare,
	.reset_done = cnv_pci_reset_done,
};

/*
 * The in-tree driver's match. Deliberately not exported as a module alias:
 * udev must never load cnvme on its own and race nvme for a machine's boot
 * disk. cnvme binds what is unbound when loaded, and scripts/cnvme-bind
 * moves single devices over.
 */
static const struct pci_device_id cnv_pci_ids[] = {
	{ PCI_DEVICE_CLASS(PCI_CLASS_STORAGE_EXPRESS, 0xffffff) },
	{ }
};

static struct pci_driver cnv_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = cnv_pci_ids,
	.probe = cnv_pci_probe,
	.remove = cnv_pci_remove,
	.shutdown = cnv_pci_shutdown,
	.err_handler = &cnv_pci_err_handlers,
	.driver.pm = pm_sleep_ptr(&cnv_pci_pm_ops),
};

static int __init cnv_init(void)
{
	int ret;

	/* Controller init and failure handling may be needed to write back memory. */
	cnv_wq = alloc_workqueue("cnvme", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!cnv_wq)
		return -ENOMEM;
	ret = cnv_chardev_init();
	if (ret)
		goto destroy_wq;
	cnv_debugfs_init();
	ret = pci_register_driver(&cnv_pci_driver);
	if (ret)
		goto chardev_exit;
	return 0;

chardev_exit:
	cnv_debugfs_exit();
	cnv_chardev_exit();
destroy_wq:
	destroy_workqueue(cnv_wq);
	return ret;
}

static void __exit cnv_exit(void)
{
	pci_unregister_driver(&cnv_pci_driver);
	cnv_debugfs_exit();
	cnv_chardev_exit();
	destroy_workqueue(cnv_wq);
}

module_init(cnv_init);
module_exit(cnv_exit);

MODULE_DESCRIPTION("NVMe PCI driver");
MODULE_LICENSE("GPL");

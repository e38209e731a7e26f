// SPDX-License-Identifier: GPL-2.0
/*
 * A controller's quirks: from the PCI ID, board and Identify tables
 * (lib/quirk_table.c, decided by lib/quirks.c) and the user's
 * cnvme.quirks= line, which has the last word. Read at probe, before the
 * controller is touched, and once more at its first Identify.
 */
#include <linux/acpi.h>
#include <linux/dmi.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>

#include "cnvme.h"

#define CNV_MAX_QUIRK_OVERRIDES	16

/*
 * Set once, while the module loads (the parameter is read-only later):
 * probes only read them.
 */
static struct cnv_quirk_override cnv_quirk_overrides[CNV_MAX_QUIRK_OVERRIDES];
static unsigned int cnv_quirk_override_count;
static char cnv_quirks_line[256];

static int cnv_quirks_param_set(const char *value, const struct kernel_param *kp)
{
	struct cnv_quirk_override parsed[CNV_MAX_QUIRK_OVERRIDES];
	int n, ret;

	n = cnv_quirks_parse(value, parsed, ARRAY_SIZE(parsed));
	if (n < 0) {
		pr_err("cnvme: quirks=%s: %s\n", value,
		       n == -E2BIG ? "too many entries" : "not VID:DID:name[,^name...][-...]");
		return n;
	}
	ret = param_set_copystring(value, kp);
	if (ret)
		return ret;
	memcpy(cnv_quirk_overrides, parsed, sizeof(parsed));
	cnv_quirk_override_count = n;
	return 0;
}

static const struct kernel_param_ops cnv_quirks_param_ops = {
	.set = cnv_quirks_param_set,
	.get = param_get_string,
};

static struct kparam_string cnv_quirks_param_string = {
	.maxlen = sizeof(cnv_quirks_line),
	.string = cnv_quirks_line,
};

module_param_cb(quirks, &cnv_quirks_param_ops, &cnv_quirks_param_string, 0444);
MODULE_PARM_DESC(quirks,
		 "set or (^name) clear quirks by PCI ID: VID:DID:name[,name...][-VID:DID:...]");

static bool noacpi;
module_param(noacpi, bool, 0444);
MODULE_PARM_DESC(noacpi, "ignore the firmware's request for simple suspend (ACPI StorageD3Enable)");

/* The user's entry for @pdev, applied over what the tables say. */
static u32 cnv_quirks_user(struct pci_dev *pdev, u32 quirks)
{
	return cnv_quirks_override(quirks, pdev->vendor, pdev->device, cnv_quirk_overrides,
				   cnv_quirk_override_count);
}

/**
 * cnv_quirks_for_pci() - the quirks of a device about to be probed
 * @pdev: PCI device
 *
 * Return: the PCI ID table's and the board table's flags; simple suspend
 * where the firmware asks for it (ACPI StorageD3Enable) and neither a
 * quirk nor noacpi says otherwise; then the user's quirks= entry.
 */
u32 cnv_quirks_for_pci(struct pci_dev *pdev)
{
	struct cnv_platform platform = {
		.sys_vendor = dmi_get_system_info(DMI_SYS_VENDOR),
		.product_name = dmi_get_system_info(DMI_PRODUCT_NAME),
		.board_vendor = dmi_get_system_info(DMI_BOARD_VENDOR),
		.board_name = dmi_get_system_info(DMI_BOARD_NAME),
	};
	u32 quirks;

	quirks = cnv_quirks_for_device(pdev->vendor, pdev->device) |
		 cnv_quirks_for_platform(pdev->vendor, pdev->device, &platform);
	if (acpi_storage_d3(&pdev->dev)) {
		u32 with = cnv_quirks_firmware_suspend(quirks, true, noacpi);

		dev_info(&pdev->dev, "the platform asks for simple suspend (ACPI StorageD3Enable)%s\n",
			 with & CNV_QUIRK_SIMPLE_SUSPEND ? "" : ", not heeded");
		quirks = with;
	}
	return cnv_quirks_user(pdev, quirks);
}

/**
 * cnv_quirks_identified() - add the quirks that Identify reveals
 * @ctrl: controller identified for the first time
 * @id: its Identify Controller data
 *
 * The model and firmware table is matched once, as in-tree: a firmware
 * update takes effect at the next probe. The user's entry is applied
 * again on top, so it overrides this table too.
 */
void cnv_quirks_identified(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id)
{
	u32 found = cnv_quirks_for_identify(le16_to_cpu(id->vid), id->mn, sizeof(id->mn),
					    id->fr, sizeof(id->fr));

	if (found) {
		ctrl->quirks = cnv_quirks_user(ctrl->pdev, ctrl->quirks | found);
		cnv_quirks_shape_queues(ctrl);
	}
}

/* @quirks by name, on one line. */
static void cnv_quirks_line_of(u32 quirks, char *names, size_t len)
{
	char *p;

	cnv_quirks_format(quirks, names, len);
	for (p = names; (p = strchr(p, '\n')); p++)
		*p = p[1] ? ' ' : '\0';
}

/**
 * cnv_quirks_report() - log the quirks a controller runs with
 * @ctrl: controller
 *
 * Every flag has the in-tree meaning. Where cnvme differs from the in-tree
 * driver the flag still holds: no power state is chosen for the
 * controller and suspend always shuts it down (no_apst, no_deepest_ps,
 * simple_suspend), and PRP lists are whole pages (dmapool_align_512).
 */
void cnv_quirks_report(struct cnv_ctrl *ctrl)
{
	char names[CNV_QUIRK_COUNT * 26];

	if (!ctrl->quirks)
		return;
	cnv_quirks_line_of(ctrl->quirks, names, sizeof(names));
	dev_info(ctrl->dev, "%s: quirks: %s\n", dev_name(&ctrl->device), names);
}

/**
 * cnv_quirks_shape_queues() - size and shape the I/O queues for the quirks
 * @ctrl: controller whose CAP has been read
 *
 * Again whenever the quirks grow, before the I/O queues are made.
 */
void cnv_quirks_shape_queues(struct cnv_ctrl *ctrl)
{
	cnv_quirks_io_queues(ctrl->quirks, ctrl->pdev->vendor, ctrl->pdev->device,
			     ctrl->cap.max_queue_entries, cnv_io_queue_depth(), CNV_ADMIN_DEPTH,
			     &ctrl->io_shape);
}

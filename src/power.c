// SPDX-License-Identifier: GPL-2.0
/*
 * Power states (NVMe Base 8.15). Autonomous Power State Transitions: the
 * controller drops to a non-operational state on its own after idling,
 * following a table built from its power state descriptors (lib/power.c)
 * and the exit latency the user tolerates. The parameters and the sysfs
 * knob (power/pm_qos_latency_tolerance_us) are the in-tree driver's.
 * Suspend-to-idle: a controller that can idle in a low power state does,
 * enabled, instead of being shut down (lib/power.c decides which).
 */
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/pm_qos.h>
#include <linux/slab.h>
#include <linux/suspend.h>

#include "cnvme.h"
#include "lib/power.h"

static unsigned long default_ps_max_latency_us = CNV_APST_DEFAULT_MAX_LATENCY_US;
module_param(default_ps_max_latency_us, ulong, 0644);
MODULE_PARM_DESC(default_ps_max_latency_us,
		 "largest exit latency (us) of a power state APST may enter, for new controllers (default 100000, 0 = no APST)");

static bool force_apst;
module_param(force_apst, bool, 0644);
MODULE_PARM_DESC(force_apst, "use APST (and the deepest power state) even on drives quirked off");

static unsigned long apst_primary_timeout_ms = CNV_APST_PRIMARY_TIMEOUT_MS;
module_param(apst_primary_timeout_ms, ulong, 0644);
MODULE_PARM_DESC(apst_primary_timeout_ms, "idle time before entering the primary APST state (ms, default 100)");

static unsigned long apst_secondary_timeout_ms = CNV_APST_SECONDARY_TIMEOUT_MS;
module_param(apst_secondary_timeout_ms, ulong, 0644);
MODULE_PARM_DESC(apst_secondary_timeout_ms, "idle time before entering the secondary APST state (ms, default 2000, 0 = none)");

static unsigned long apst_primary_latency_tol_us = CNV_APST_PRIMARY_LATENCY_TOL_US;
module_param(apst_primary_latency_tol_us, ulong, 0644);
MODULE_PARM_DESC(apst_primary_latency_tol_us, "entry plus exit latency the primary APST state may have (us, default 15000)");

static unsigned long apst_secondary_latency_tol_us = CNV_APST_SECONDARY_LATENCY_TOL_US;
module_param(apst_secondary_latency_tol_us, ulong, 0644);
MODULE_PARM_DESC(apst_secondary_latency_tol_us, "entry plus exit latency the secondary APST state may have (us, default 100000)");

static bool force_host_managed_suspend;
module_param(force_host_managed_suspend, bool, 0644);
MODULE_PARM_DESC(force_host_managed_suspend,
		 "test: suspend-to-idle keeps controllers on even without power states or ASPM (as QEMU's)");

/* suspend_ps when the controller was shut down, not put in a power state. */
#define CNV_PS_NONE		U32_MAX
/* Power Management feature (5.27.1.2) CDW11 bits 4:0: the power state. */
#define CNV_PM_PS_MASK		0x1fu
/* How long suspend waits for I/O under way before the power state changes. */
#define CNV_SUSPEND_DRAIN	(10 * HZ)

/* The PM QoS latency tolerance of the controller's device changed (sysfs). */
static void cnv_power_set_latency_tolerance(struct device *dev, s32 value)
{
	struct cnv_ctrl *ctrl = container_of(dev, struct cnv_ctrl, device);
	u64 latency_us;

	switch (value) {
	case PM_QOS_LATENCY_TOLERANCE_NO_CONSTRAINT:
	case PM_QOS_LATENCY_ANY:
		latency_us = U64_MAX;
		break;
	default:
		latency_us = value;
	}
	if (READ_ONCE(ctrl->ps_max_latency_us) == latency_us)
		return;
	WRITE_ONCE(ctrl->ps_max_latency_us, latency_us);
	if (READ_ONCE(ctrl->state) == CNV_CTRL_LIVE)
		cnv_power_configure_apst(ctrl);
}

/**
 * cnv_power_init() - give a new controller the default latency tolerance
 * @ctrl: controller whose class device was just added
 */
void cnv_power_init(struct cnv_ctrl *ctrl)
{
	ctrl->device.power.set_latency_tolerance = cnv_power_set_latency_tolerance;
	dev_pm_qos_update_user_latency_tolerance(&ctrl->device,
						 min(default_ps_max_latency_us,
						     (unsigned long)S32_MAX));
}

/**
 * cnv_power_identify() - take the power states from Identify Controller
 * @ctrl: controller, at each identify
 * @id: its Identify Controller data
 *
 * APST is used where the controller offers it, unless a quirk rules it
 * out (force_apst overrules no_apst and no_deepest_ps, as in-tree); the
 * latency tolerance appears in sysfs while it is.
 */
void cnv_power_identify(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id)
{
	bool was_enabled = ctrl->apst_enabled;

	ctrl->npss = id->npss;
	memcpy(ctrl->psd, id->psd, sizeof(ctrl->psd));
	ctrl->apsta = id->apsta & 1;
	if (cnv_fault_on(&ctrl->faults.assume_apst))
		ctrl->apsta = true;
	if (force_apst && (ctrl->quirks & CNV_QUIRK_NO_DEEPEST_PS)) {
		dev_warn(ctrl->dev, "%s: all power states allowed (force_apst), at your own risk\n",
			 dev_name(&ctrl->device));
		ctrl->quirks &= ~CNV_QUIRK_NO_DEEPEST_PS;
	}
	if (ctrl->quirks & CNV_QUIRK_NO_APST) {
		ctrl->apst_enabled = force_apst && ctrl->apsta;
		if (ctrl->apst_enabled)
			dev_warn(ctrl->dev, "%s: APST used although quirked off (force_apst), at your own risk\n",
				 dev_name(&ctrl->device));
	} else {
		ctrl->apst_enabled = ctrl->apsta;
	}
	if (ctrl->apst_enabled && !was_enabled)
		dev_pm_qos_expose_latency_tolerance(&ctrl->device);
	else if (!ctrl->apst_enabled && was_enabled)
		dev_pm_qos_hide_latency_tolerance(&ctrl->device);
}

/**
 * cnv_power_configure_apst() - send the controller its APST table
 * @ctrl: controller that has identified
 *
 * With APST disabled (quirk, or a tolerance of 0) the table is empty and
 * APSTE is cleared. A controller without APST gets no command.
 *
 * Return: 0, a negative errno if the command could not be sent, or the
 * NVMe status it failed with (logged; the controller works on without).
 */
int cnv_power_configure_apst(struct cnv_ctrl *ctrl)
{
	struct cnv_apst_params params = {
		.max_latency_us = READ_ONCE(ctrl->ps_max_latency_us),
		.primary_timeout_ms = READ_ONCE(apst_primary_timeout_ms),
		.primary_latency_tol_us = READ_ONCE(apst_primary_latency_tol_us),
		.secondary_timeout_ms = READ_ONCE(apst_secondary_timeout_ms),
		.secondary_latency_tol_us = READ_ONCE(apst_secondary_latency_tol_us),
		.no_deepest_ps = ctrl->quirks & CNV_QUIRK_NO_DEEPEST_PS,
	};
	bool enable = ctrl->apst_enabled && params.max_latency_us;
	__le64 *table;
	int deepest, ret;

	if (!ctrl->apsta)
		return 0;
	table = kcalloc(CNV_APST_ENTRIES, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	if (enable) {
		deepest = cnv_apst_build(ctrl->psd, ctrl->npss, &params, table);
		if (deepest == -EINVAL) {
			dev_warn(ctrl->dev, "%s: NPSS %u is invalid; not using APST\n",
				 dev_name(&ctrl->device), ctrl->npss);
			kfree(table);
			return 0;
		}
		dev_dbg(ctrl->dev, "%s: APST on, deepest state %d\n", dev_name(&ctrl->device),
			deepest);
	}
	ret = cnv_admin_set_feature_data(ctrl, CNV_FEAT_APST, enable, table,
					 CNV_APST_ENTRIES * sizeof(*table));
	if (ret)
		dev_err(ctrl->dev, "%s: failed to set APST feature (%d)\n",
			dev_name(&ctrl->device), ret);
	kfree(table);
	return ret;
}

/*
 * The host-managed path: with the namespaces' I/O drained, the host memory
 * buffer taken back and the current power state saved, the controller is
 * put in its lowest one (unless it is there already, as a controller with
 * a single state always is). Return: 0 if it is there.
 */
static int cnv_power_enter_lowest(struct cnv_ctrl *ctrl)
{
	u32 ps;
	int ret;

	mutex_lock(&ctrl->scan_lock);
	ret = cnv_ns_freeze_for_command(ctrl, CNV_NSID_ALL, CNV_SUSPEND_DRAIN);
	if (ret)
		goto unlock;
	ret = READ_ONCE(ctrl->state) == CNV_CTRL_LIVE ? 0 : -ENODEV;
	if (!ret)
		ret = cnv_hmb_suspend(ctrl);
	if (!ret)
		ret = cnv_admin_get_feature(ctrl, CNV_FEAT_POWER_MGMT, &ps);
	if (!ret) {
		ps &= CNV_PM_PS_MASK;
		/* A saved state keeps the PCI core from taking the device to D3. */
		pci_save_state(ctrl->pdev);
		if (cnv_fault_hit(&ctrl->faults.refuse_power_state))
			ret = -EIO;
		else if (ps != ctrl->npss)
			ret = cnv_admin_set_feature(ctrl, CNV_FEAT_POWER_MGMT, ctrl->npss, NULL);
		if (ret)
			pci_load_saved_state(ctrl->pdev, NULL);
		else
			ctrl->suspend_ps = ps;
	}
	cnv_ns_thaw_all(ctrl);
unlock:
	mutex_unlock(&ctrl->scan_lock);
	return ret;
}

/**
 * cnv_power_suspend() - system suspend: a low power state, or a shutdown
 * @ctrl: controller
 *
 * Suspend-to-idle keeps a controller that has power states of its own
 * (and a link that idles by itself) enabled in its lowest one, as in-tree.
 * Otherwise, or when that fails, the controller is shut down.
 *
 * Return: 0; the system suspends either way.
 */
int cnv_power_suspend(struct cnv_ctrl *ctrl)
{
	struct cnv_suspend_facts facts = {
		.via_firmware = pm_suspend_via_firmware(),
		.npss = ctrl->npss,
		.aspm = pcie_aspm_enabled(ctrl->pdev),
		.quirks = ctrl->quirks,
		.force = READ_ONCE(force_host_managed_suspend),
	};
	int ret;

	ctrl->suspend_ps = CNV_PS_NONE;
	flush_work(&ctrl->init_work);
	flush_work(&ctrl->reset_work);
	if (cnv_suspend_host_managed(&facts) && READ_ONCE(ctrl->state) == CNV_CTRL_LIVE) {
		ret = cnv_power_enter_lowest(ctrl);
		if (!ret) {
			dev_info(ctrl->dev, "%s: suspended in power state %u\n",
				 dev_name(&ctrl->device), ctrl->npss);
			return 0;
		}
		dev_warn(ctrl->dev, "%s: no low power state for suspend (%d); shutting down\n",
			 dev_name(&ctrl->device), ret);
	}
	cnv_ctrl_suspend(ctrl, true);
	return 0;
}

/**
 * cnv_power_resume() - undo cnv_power_suspend()
 * @ctrl: controller
 *
 * A controller left in a power state gets its previous one back (and its
 * host memory buffer); one that refuses is reset. A shut-down one is
 * brought back up.
 */
void cnv_power_resume(struct cnv_ctrl *ctrl)
{
	u32 ps = ctrl->suspend_ps;
	int ret;

	if (ps == CNV_PS_NONE) {
		/* A controller that does not come back is dead; the system resumes anyway. */
		cnv_ctrl_resume(ctrl);
		return;
	}
	ctrl->suspend_ps = CNV_PS_NONE;
	ret = 0;
	/* One already in its lowest state at suspend was left where it was. */
	if (ps != ctrl->npss)
		ret = cnv_admin_set_feature(ctrl, CNV_FEAT_POWER_MGMT, ps, NULL);
	if (!ret)
		ret = cnv_hmb_resume(ctrl);
	if (ret) {
		dev_warn(ctrl->dev, "%s: power state %u not restored (%d); resetting\n",
			 dev_name(&ctrl->device), ps, ret);
		cnv_ctrl_schedule_reset(ctrl);
		return;
	}
	dev_info(ctrl->dev, "%s: resumed in power state %u\n", dev_name(&ctrl->device), ps);
}

/**
 * cnv_power_remove() - take the latency tolerance out of sysfs
 * @ctrl: controller being removed
 */
void cnv_power_remove(struct cnv_ctrl *ctrl)
{
	dev_pm_qos_hide_latency_tolerance(&ctrl->device);
}

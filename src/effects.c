// SPDX-License-Identifier: GPL-2.0
/*
 * Admin passthrough commands that change what the disks are built on:
 * Format NVM, Sanitize, namespace management, and whatever else the
 * controller's Commands Supported and Effects log says changes blocks,
 * namespaces or the controller (lib/effects.c decides).
 *
 * Around such a command: the affected namespaces' block I/O is drained and
 * held (frozen), the command runs, the namespaces are rescanned, and each
 * held namespace is released as soon as the rescan gave it its new format,
 * so no I/O is built for a format that is gone. scan_lock is held from
 * before the freeze until the release, as scans take it before they read
 * partitions through a queue: no scan meets a held queue, and removal
 * waits for the command to end (or time out) before deleting the disks.
 * Allocations meanwhile do no I/O (memalloc_noio), which could wait on a
 * held queue. Whatever the command's
 * outcome, and whatever recovery does meanwhile: a reset that cancels the
 * command is waited for (bounded) so that the rescan sees the controller
 * as it now is; a controller that fails or goes away releases everything.
 */
#include <linux/delay.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "cnvme.h"
#include "compat.h"
#include "lib/permissions.h"

/* How long I/O under way may take to drain before such a command is refused. */
#define CNV_PASSTHRU_DRAIN_TIMEOUT	(60 * HZ)
/* How long the rescan after it waits for a reset to bring the controller back. */
#define CNV_PASSTHRU_RESCAN_TIMEOUT	(60 * HZ)
#define CNV_PASSTHRU_RESCAN_POLL_MS	100

/* An I/O command's effects: the log's entry, if any, and what the driver knows. */
static u32 cnv_effects_of_io(const struct cnv_effects *effects, u8 opcode)
{
	u32 value = 0;

	if (effects && effects->has_log)
		value = le32_to_cpu(effects->log.iocs[opcode]);
	return value | cnv_known_io_effects(opcode);
}

/* The unprivileged rules (lib/permissions.c) for an I/O command. */
static bool cnv_io_rule(const struct cnv_effects *effects, u8 opcode, bool open_for_write)
{
	struct cnv_passthru_request r = {
		.opcode = opcode,
		.open_for_write = open_for_write,
		.io_effects = cnv_effects_of_io(effects, opcode),
	};

	return cnv_passthru_unprivileged(CNV_PASSTHRU_POLICY, &r);
}

/* Evaluates the unprivileged I/O rules for every opcode, once per log. */
static void cnv_effects_tabulate(struct cnv_effects *effects)
{
	unsigned int opcode;

	for (opcode = 0; opcode < 256; opcode++) {
		if (cnv_io_rule(effects, opcode, false))
			__set_bit(opcode, effects->io_unprivileged_read);
		if (cnv_io_rule(effects, opcode, true))
			__set_bit(opcode, effects->io_unprivileged_write);
	}
}

/**
 * cnv_effects_read() - read the Commands Supported and Effects log
 * @ctrl: controller whose Identify data (LPA) was just read
 *
 * A controller without the log, or whose log cannot be read, is planned
 * for with the specification's known effects alone. Either way the
 * unprivileged I/O rules are tabulated for the new effects.
 */
void cnv_effects_read(struct cnv_ctrl *ctrl)
{
	bool has_log = ctrl->lpa & CNV_LPA_CMD_EFFECTS;
	struct cnv_effects *fresh, *old;

	fresh = kzalloc(has_log ? sizeof(*fresh) : offsetof(struct cnv_effects, log), GFP_KERNEL);
	if (fresh && has_log) {
		if (cnv_admin_get_log(ctrl, CNV_LOG_CMD_EFFECTS, &fresh->log, sizeof(fresh->log)))
			dev_warn(ctrl->dev, "%s: cannot read the commands supported and effects log\n",
				 dev_name(&ctrl->device));
		else
			fresh->has_log = true;
	}
	if (fresh)
		cnv_effects_tabulate(fresh);
	/* A reset and the end of a passthrough command may both replace it. */
	old = unrcu_pointer(xchg(&ctrl->effects, RCU_INITIALIZER(fresh)));
	if (old)
		kfree_rcu(old, rcu);
}

/**
 * cnv_effects_free() - free the effects log of a controller being released
 * @ctrl: controller no command can be sent for any more
 */
void cnv_effects_free(struct cnv_ctrl *ctrl)
{
	kfree(rcu_dereference_protected(ctrl->effects, true));
}

/**
 * cnv_io_unprivileged() - the unprivileged rules' answer for an I/O command
 * @ctrl: controller
 * @opcode: I/O command opcode
 * @open_for_write: the node was opened for writing
 *
 * Hot path of passthrough: one bit of the table cnv_effects_read() made.
 * Without one (its allocation failed) the rules are evaluated on the
 * known effects alone, as the table would have been.
 *
 * Return: true if anyone who may open the node may send the command.
 */
bool cnv_io_unprivileged(struct cnv_ctrl *ctrl, u8 opcode, bool open_for_write)
{
	const struct cnv_effects *effects;
	bool allowed;

	rcu_read_lock();
	effects = rcu_dereference(ctrl->effects);
	if (effects)
		allowed = test_bit(opcode, open_for_write ? effects->io_unprivileged_write :
					   effects->io_unprivileged_read);
	else
		allowed = cnv_io_rule(NULL, opcode, open_for_write);
	rcu_read_unlock();
	return allowed;
}

/**
 * cnv_passthru_plan_for() - what an admin passthrough command needs
 * @ctrl: controller
 * @opcode: admin opcode
 * @nsid: the command's NSID
 * @cdw10: the command's CDW10
 * @plan: the plan (lib/effects.h)
 */
void cnv_passthru_plan_for(struct cnv_ctrl *ctrl, u8 opcode, u32 nsid, u32 cdw10,
			   struct cnv_passthru_plan *plan)
{
	const struct cnv_effects *effects;

	rcu_read_lock();
	effects = rcu_dereference(ctrl->effects);
	cnv_passthru_plan(effects && effects->has_log ? &effects->log : NULL, opcode, nsid, cdw10,
			  READ_ONCE(ctrl->fna), plan);
	rcu_read_unlock();
}

/**
 * cnv_passthru_begin() - prepare for an admin passthrough command
 * @ctrl: controller
 * @opcode: admin opcode
 * @nsid: the command's NSID
 * @cdw10: the command's CDW10
 * @plan: filled in; pass it to cnv_passthru_end() once the command is over
 *
 * Return: 0 when the command may be sent (cnv_passthru_end() must follow),
 * -EINTR when interrupted waiting for another such command, -EBUSY when
 * the affected namespaces' I/O did not drain.
 */
int cnv_passthru_begin(struct cnv_ctrl *ctrl, u8 opcode, u32 nsid, u32 cdw10,
		       struct cnv_passthru_plan *plan)
{
	int ret;

	cnv_passthru_plan_for(ctrl, opcode, nsid, cdw10, plan);
	if (!cnv_passthru_plan_acts(plan))
		return 0;
	if (mutex_lock_killable(&ctrl->passthru_lock))
		return -EINTR;
	if (!plan->freeze)
		return 0;
	if (mutex_lock_killable(&ctrl->scan_lock)) {
		ret = -EINTR;
		goto unlock_passthru;
	}
	ctrl->passthru_noio_flags = memalloc_noio_save();
	ret = cnv_ns_freeze_for_command(ctrl, plan->all_namespaces ? CNV_NSID_ALL : plan->nsid,
					CNV_PASSTHRU_DRAIN_TIMEOUT);
	if (!ret)
		return 0;
	memalloc_noio_restore(ctrl->passthru_noio_flags);
	mutex_unlock(&ctrl->scan_lock);
unlock_passthru:
	mutex_unlock(&ctrl->passthru_lock);
	return ret;
}

/*
 * Brings the disks in line with the controller after the command: a reset
 * that cancelled it, or runs meanwhile, is waited for so the namespaces
 * get their formats from a controller that answers. Bounded; a controller
 * being removed or failed gets no rescan (its disks are going anyway).
 */
static void cnv_passthru_rescan(struct cnv_ctrl *ctrl, bool scan_locked)
{
	unsigned long deadline = jiffies + CNV_PASSTHRU_RESCAN_TIMEOUT;
	enum cnv_ctrl_state state;

	for (;;) {
		state = READ_ONCE(ctrl->state);
		if (state == CNV_CTRL_LIVE &&
		    (scan_locked ? cnv_ns_scan_locked(ctrl) : cnv_ns_scan(ctrl)))
			return;
		if (state == CNV_CTRL_DELETING || state == CNV_CTRL_DEAD)
			return;
		if (time_after(jiffies, deadline)) {
			dev_warn(ctrl->dev, "%s: no rescan after a passthrough command: controller not live\n",
				 dev_name(&ctrl->device));
			return;
		}
		msleep(CNV_PASSTHRU_RESCAN_POLL_MS);
	}
}

/**
 * cnv_passthru_end() - rescan and release after an admin passthrough command
 * @ctrl: controller
 * @plan: as cnv_passthru_begin() made it
 *
 * Runs whatever the command's outcome: it may have changed the controller
 * even when it failed, or been cancelled by a reset after it took effect.
 */
void cnv_passthru_end(struct cnv_ctrl *ctrl, const struct cnv_passthru_plan *plan)
{
	if (!cnv_passthru_plan_acts(plan))
		return;
	if (cnv_fault_on(&ctrl->faults.delay_passthrough_rescan_ms))
		msleep(atomic_read(&ctrl->faults.delay_passthrough_rescan_ms));
	if (READ_ONCE(ctrl->state) == CNV_CTRL_LIVE) {
		if (plan->write_cache)
			cnv_ctrl_refresh_write_cache(ctrl);
		if (plan->reread_effects)
			cnv_effects_read(ctrl);
	}
	if (plan->freeze) {
		cnv_passthru_rescan(ctrl, true);
		cnv_ns_thaw_all(ctrl);
		memalloc_noio_restore(ctrl->passthru_noio_flags);
		mutex_unlock(&ctrl->scan_lock);
	} else if (plan->rescan) {
		cnv_passthru_rescan(ctrl, false);
	}
	mutex_unlock(&ctrl->passthru_lock);
}

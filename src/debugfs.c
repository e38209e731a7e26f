// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/cnvme/<ctrl>/ holds the fault injection
 * knobs described in fault.h, the doorbell and command counters. Root
 * only, for tests and benchmarks; nothing here is ABI.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "cnvme.h"

DEFINE_STATIC_KEY_FALSE(cnv_faults_armed);

static struct dentry *cnv_debugfs_root;

static int cnv_fault_get(void *data, u64 *val)
{
	*val = atomic_read(data);
	return 0;
}

static int cnv_fault_set(void *data, u64 val)
{
	if (val > INT_MAX)
		return -EINVAL;
	/* Never disabled again: the key may not be flipped from atomic context. */
	if (val)
		static_branch_enable(&cnv_faults_armed);
	atomic_set(data, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cnv_fault_fops, cnv_fault_get, cnv_fault_set, "%llu\n");

/*
 * Doorbell updates of the I/O queues since they were created: by MMIO, or
 * to the shadow doorbell only; and how many SQs live in the CMB. Read
 * without the queues' locks (the queue array lives as long as the
 * controller): a snapshot that may be a few updates old.
 */
static int cnv_doorbells_show(struct seq_file *m, void *unused)
{
	struct cnv_ctrl *ctrl = m->private;
	struct cnv_doorbell_stats sq = { }, cq = { };
	u32 qid, sq_in_cmb = 0;

	for (qid = 1; qid <= READ_ONCE(ctrl->nr_io_queues); qid++) {
		const struct cnv_queue *q = &ctrl->queues[qid];

		sq_in_cmb += READ_ONCE(q->sq_in_cmb);
		sq.mmio += READ_ONCE(q->sq_doorbells.mmio);
		sq.shadow_only += READ_ONCE(q->sq_doorbells.shadow_only);
		cq.mmio += READ_ONCE(q->cq_doorbells.mmio);
		cq.shadow_only += READ_ONCE(q->cq_doorbells.shadow_only);
	}
	seq_printf(m, "sq_mmio %llu\nsq_shadow_only %llu\ncq_mmio %llu\ncq_shadow_only %llu\n"
		   "sq_in_cmb %u\n", sq.mmio, sq.shadow_only, cq.mmio, cq.shadow_only, sq_in_cmb);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cnv_doorbells);

/* Commands counted since the controller was probed (struct cnv_cmd_stats). */
static int cnv_commands_show(struct seq_file *m, void *unused)
{
	struct cnv_ctrl *ctrl = m->private;
	struct cnv_cmd_stats sum = { };
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct cnv_cmd_stats *s = per_cpu_ptr(ctrl->cmd_stats, cpu);

		sum.sgl_single += READ_ONCE(s->sgl_single);
		sum.sgl_list += READ_ONCE(s->sgl_list);
		sum.dsm += READ_ONCE(s->dsm);
		sum.dsm_ranges += READ_ONCE(s->dsm_ranges);
		sum.write_zeroes += READ_ONCE(s->write_zeroes);
		sum.write_zeroes_deallocate += READ_ONCE(s->write_zeroes_deallocate);
		sum.zone_append += READ_ONCE(s->zone_append);
		sum.zone_mgmt_send += READ_ONCE(s->zone_mgmt_send);
	}
	seq_printf(m, "sgl_single %llu\nsgl_list %llu\ndsm %llu\ndsm_ranges %llu\n"
		   "write_zeroes %llu\nwrite_zeroes_deallocate %llu\nasync_events %llu\n"
		   "zone_append %llu\nzone_mgmt_send %llu\n",
		   sum.sgl_single, sum.sgl_list, sum.dsm, sum.dsm_ranges,
		   sum.write_zeroes, sum.write_zeroes_deallocate, READ_ONCE(ctrl->aer_events),
		   sum.zone_append, sum.zone_mgmt_send);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cnv_commands);

/**
 * cnv_debugfs_ctrl_add() - create @ctrl's directory and knobs
 * @ctrl: controller whose class device is registered
 *
 * debugfs failures are not errors: the driver works without it.
 */
void cnv_debugfs_ctrl_add(struct cnv_ctrl *ctrl)
{
	struct cnv_faults *f = &ctrl->faults;
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(&ctrl->device), cnv_debugfs_root);
	ctrl->debugfs = dir;
	debugfs_create_file_unsafe("lose_interrupt", 0600, dir, &f->lose_interrupt,
				   &cnv_fault_fops);
	debugfs_create_file_unsafe("drop_completion", 0600, dir, &f->drop_completion,
				   &cnv_fault_fops);
	debugfs_create_file_unsafe("fail_queue_creation", 0600, dir,
				   &f->fail_queue_creation, &cnv_fault_fops);
	debugfs_create_file_unsafe("registers_read_all_ones", 0600, dir,
				   &f->registers_read_all_ones, &cnv_fault_fops);
	debugfs_create_file_unsafe("drop_scan_command", 0600, dir, &f->drop_scan_command,
				   &cnv_fault_fops);
	debugfs_create_file_unsafe("drop_reset_command", 0600, dir, &f->drop_reset_command,
				   &cnv_fault_fops);
	debugfs_create_file_unsafe("fail_queue_deletion", 0600, dir,
				   &f->fail_queue_deletion, &cnv_fault_fops);
	debugfs_create_file_unsafe("drop_passthrough_command", 0600, dir,
				   &f->drop_passthrough_command, &cnv_fault_fops);
	debugfs_create_file_unsafe("delay_passthrough_rescan_ms", 0600, dir,
				   &f->delay_passthrough_rescan_ms, &cnv_fault_fops);
	debugfs_create_file_unsafe("assume_apst", 0600, dir, &f->assume_apst, &cnv_fault_fops);
	debugfs_create_file_unsafe("refuse_power_state", 0600, dir, &f->refuse_power_state,
				   &cnv_fault_fops);
	debugfs_create_file("doorbells", 0400, dir, ctrl, &cnv_doorbells_fops);
	debugfs_create_file("commands", 0400, dir, ctrl, &cnv_commands_fops);
}

/* Waits for open knob files to finish their read or write. */
void cnv_debugfs_ctrl_del(struct cnv_ctrl *ctrl)
{
	debugfs_remove_recursive(ctrl->debugfs);
	ctrl->debugfs = NULL;
}

void cnv_debugfs_init(void)
{
	cnv_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

void cnv_debugfs_exit(void)
{
	debugfs_remove_recursive(cnv_debugfs_root);
}

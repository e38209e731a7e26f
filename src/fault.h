/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection for tests. Knobs under /sys/kernel/debug/cnvme/<ctrl>/
 * (debugfs.c) make the driver lose what a misbehaving device or platform
 * would lose, so the recovery paths run on demand.
 *
 * Each knob counts its kind of event down; the event that takes it from 1
 * to 0 is the faulty one. Writing N arms "the Nth from now", once. Three
 * exceptions: fail_queue_creation fails the next N creations (a reset's
 * every attempt, with N of at least CNV_RESET_ATTEMPTS);
 * registers_read_all_ones is a switch: while it is nonzero the
 * controller's registers read as they do once a device has left the bus;
 * delay_passthrough_rescan_ms is a duration, which widens the window
 * between a Format (or the like) and the rescan that follows it; and
 * assume_apst is a switch read at identify.
 *
 * Until a knob is first armed, cnv_faults_armed is a static branch that
 * compiles to a no-op on the hot path.
 */
#ifndef CNVME_FAULT_H
#define CNVME_FAULT_H

#include <linux/atomic.h>
#include <linux/jump_label.h>

struct cnv_faults {
	atomic_t lose_interrupt;	/* I/O queue interrupt ignored: CQEs wait */
	atomic_t drop_completion;	/* I/O CQE consumed, its request left in flight */
	atomic_t fail_queue_creation;	/* the next N I/O queue pair creations fail */
	atomic_t registers_read_all_ones; /* switch: every register read gives ~0 */
	atomic_t drop_scan_command;	/* a namespace scan's admin command is never completed */
	atomic_t drop_reset_command;	/* a reset's admin command is never completed */
	atomic_t fail_queue_deletion;	/* Delete I/O SQ/CQ is refused (not sent) */
	atomic_t drop_passthrough_command; /* a user's Format (or the like) never completes */
	/* Value, not a countdown: ms between a passthrough command's end and its rescan. */
	atomic_t delay_passthrough_rescan_ms;
	/* Switch: identify takes the controller to offer APST (QEMU's does not). */
	atomic_t assume_apst;
	atomic_t refuse_power_state;	/* suspend's power state change fails */
	/* The tasks scanning and resetting, so the two knobs above hit only them. */
	struct task_struct *scan_task;
	struct task_struct *reset_task;
};

DECLARE_STATIC_KEY_FALSE(cnv_faults_armed);

static inline bool cnv_fault_hit(atomic_t *countdown)
{
	return static_branch_unlikely(&cnv_faults_armed) &&
	       atomic_dec_if_positive(countdown) == 0;
}

/* Whether this event fails: true for each of the next N (see above). */
static inline bool cnv_fault_take(atomic_t *remaining)
{
	return static_branch_unlikely(&cnv_faults_armed) &&
	       atomic_dec_if_positive(remaining) >= 0;
}

static inline bool cnv_fault_on(atomic_t *knob)
{
	return static_branch_unlikely(&cnv_faults_armed) && atomic_read(knob);
}

#endif

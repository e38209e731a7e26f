/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Power state decisions, taken the way the in-tree driver takes them
 * (Linux 7.3), so a drive idles and sleeps the same under both drivers:
 * - Autonomous Power State Transitions (NVMe Base 5.27.1.6, Set Features
 *   0Ch): the table that tells the controller, for each power state,
 *   which non-operational state to drop to after how long idle
 *   (nvme_configure_apst());
 * - suspend-to-idle: whether the controller stays enabled in its lowest
 *   power state (Set Features 02h) or is shut down (nvme_suspend()).
 */
#ifndef CNVME_LIB_POWER_H
#define CNVME_LIB_POWER_H

#include "types.h"
#include "../nvme_spec.h"

/*
 * The choices the user makes, under the in-tree parameter names. With
 * both primary values set, at most two idle targets are used: the
 * deepest state whose entry plus exit latency is within the primary
 * tolerance, after the primary timeout, and a deeper one within the
 * secondary tolerance, after the secondary timeout. With either primary
 * value 0, every usable state is a target, entered after idling 50 times
 * its entry plus exit latency (2 % of the time spent in transitions).
 */
struct cnv_apst_params {
	u64 max_latency_us;		/* exit latency allowed; 0 turns APST off */
	u64 primary_timeout_ms;
	u64 primary_latency_tol_us;
	u64 secondary_timeout_ms;
	u64 secondary_latency_tol_us;
	bool no_deepest_ps;		/* the no_deepest_ps quirk: never the last state */
};

/* The in-tree defaults. */
#define CNV_APST_DEFAULT_MAX_LATENCY_US		100000
#define CNV_APST_PRIMARY_TIMEOUT_MS		100
#define CNV_APST_PRIMARY_LATENCY_TOL_US		15000
#define CNV_APST_SECONDARY_TIMEOUT_MS		2000
#define CNV_APST_SECONDARY_LATENCY_TOL_US	100000

/* Highest NPSS (the index of the last power state) the table can describe. */
#define CNV_APST_MAX_NPSS	(CNV_APST_ENTRIES - 1)

/**
 * cnv_apst_build() - the APST table for a controller's power states
 * @psd: its power state descriptors, as Identify Controller reports them
 * @npss: Identify NPSS, the index of the last state (at most 31)
 * @params: latency and timeout choices
 * @table: the 32 entries to send, little-endian, zeroed where no
 *         transition applies
 *
 * Return: the deepest state used as a target, -1 if none (APST is then
 * still enabled, with an empty table, as in-tree), or -EINVAL for an
 * NPSS beyond 31, when APST must not be used at all.
 */
int cnv_apst_build(const struct cnv_power_state *psd, u8 npss,
		   const struct cnv_apst_params *params, __le64 table[CNV_APST_ENTRIES]);

/* What decides how a controller is suspended. */
struct cnv_suspend_facts {
	bool via_firmware;	/* platform firmware takes part: power may go (S3) */
	u8 npss;		/* index of the controller's last power state */
	bool aspm;		/* the link can enter a low-power state on its own */
	u32 quirks;
	bool force;		/* test knob: ignore npss and ASPM */
};

/**
 * cnv_suspend_host_managed() - keep the controller on through suspend?
 * @f: the platform's, link's and controller's facts
 *
 * Suspend-to-idle leaves the device powered: a controller with power
 * states of its own then idles in its lowest one, which resumes faster
 * than a shutdown. Not when firmware takes part (power may be cut), the
 * controller has a single power state, the link cannot idle (only D3 can
 * take it down), or a quirk asks for simple suspend.
 *
 * Return: true to set the lowest power state, false to shut down.
 */
bool cnv_suspend_host_managed(const struct cnv_suspend_facts *f);

#endif

// SPDX-License-Identifier: GPL-2.0
/* Power state decisions (power.h). */
#include "quirks.h"
#include "power.h"

/*
 * With tolerances: the idle time to spend before entering a state of
 * @latency_us entry plus exit latency, or false if the state is no
 * target. Walking from the deepest state up, one target per tolerance,
 * and none within the secondary one once the primary has its own.
 */
static bool cnv_apst_tolerated(const struct cnv_apst_params *p, u64 latency_us,
			       unsigned int *last_tier, u64 *idle_ms)
{
	if (latency_us <= p->primary_latency_tol_us) {
		if (*last_tier == 1)
			return false;
		*last_tier = 1;
		*idle_ms = p->primary_timeout_ms;
		return true;
	}
	if (p->secondary_timeout_ms && latency_us <= p->secondary_latency_tol_us) {
		if (*last_tier <= 2)
			return false;
		*last_tier = 2;
		*idle_ms = p->secondary_timeout_ms;
		return true;
	}
	return false;
}

int cnv_apst_build(const struct cnv_power_state *psd, u8 npss,
		   const struct cnv_apst_params *params, __le64 table[CNV_APST_ENTRIES])
{
	bool tiers = params->primary_timeout_ms && params->primary_latency_tol_us;
	unsigned int last_tier = ~0u;
	int deepest = -1, state;
	u64 target = 0;

	memset(table, 0, CNV_APST_ENTRIES * sizeof(*table));
	if (npss > CNV_APST_MAX_NPSS)
		return -EINVAL;
	if (!params->max_latency_us)
		return -1;
	/* From the lowest-power state up: each state idles to the next deeper target. */
	for (state = npss; state >= 0; state--) {
		u64 exit_us, latency_us, idle_ms;

		if (target)
			table[state] = cpu_to_le64(target);
		if (state == npss && params->no_deepest_ps)
			continue;
		if (!(psd[state].flags & CNV_PS_NON_OPERATIONAL))
			continue;
		exit_us = le32_to_cpu(psd[state].exlat);
		if (exit_us > params->max_latency_us)
			continue;
		latency_us = exit_us + le32_to_cpu(psd[state].enlat);
		if (tiers) {
			if (!cnv_apst_tolerated(params, latency_us, &last_tier, &idle_ms))
				continue;
		} else {
			/* 50 times the round trip, in ms, rounded up. */
			idle_ms = (latency_us + 19) / 20;
		}
		if (idle_ms > CNV_APST_ITPT_MAX)
			idle_ms = CNV_APST_ITPT_MAX;
		target = CNV_APST_ITPS(state) | CNV_APST_ITPT(idle_ms);
		if (deepest < 0)
			deepest = state;
	}
	return deepest;
}

bool cnv_suspend_host_managed(const struct cnv_suspend_facts *f)
{
	if (f->via_firmware || (f->quirks & CNV_QUIRK_SIMPLE_SUSPEND))
		return false;
	return f->force || (f->npss && f->aspm);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the APST table: power state descriptors come from
 * the device, the latencies and timeouts from the user. Whatever they
 * hold, every entry the table gets names a deeper, non-operational state
 * within the latency limit (never the last one under no_deepest_ps), its
 * reserved bits stay clear, and no state at or below the deepest target
 * has one.
 * Input: NPSS (1), flags (1: bit 0 no_deepest_ps), five 32-bit parameters
 * (max latency, primary timeout and tolerance, secondary timeout and
 * tolerance), then up to 32 descriptors of 32 bytes.
 */
#include "../unit/unit.h"
#include "lib/power.h"

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "violated: %s\n", what);
		abort();
	}
}

static u32 take32(const uint8_t *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnv_power_state psd[32];
	struct cnv_apst_params p = { 0 };
	__le64 table[CNV_APST_ENTRIES];
	int deepest, i;
	u8 npss;

	if (size < 22)
		return 0;
	npss = data[0];
	p.no_deepest_ps = data[1] & 1;
	p.max_latency_us = take32(data + 2);
	p.primary_timeout_ms = take32(data + 6);
	p.primary_latency_tol_us = take32(data + 10);
	p.secondary_timeout_ms = take32(data + 14);
	p.secondary_latency_tol_us = take32(data + 18);
	memset(psd, 0, sizeof(psd));
	size -= 22;
	memcpy(psd, data + 22, size < sizeof(psd) ? size : sizeof(psd));

	deepest = cnv_apst_build(psd, npss, &p, table);
	if (npss > CNV_APST_MAX_NPSS) {
		check(deepest == -EINVAL, "an NPSS past the table is refused");
		deepest = -1;
	}
	check(deepest >= -1 && deepest <= npss, "the deepest target is a state");
	for (i = 0; i < CNV_APST_ENTRIES; i++) {
		u64 e = le64_to_cpu(table[i]);
		int to = (int)((e >> 3) & 0x1f);

		if (!e)
			continue;
		check(i < deepest, "only states above the deepest target have one");
		check(!(e & 7) && !(e >> 32), "reserved bits clear");
		check(to > i && to <= deepest, "the target is a deeper state");
		check(psd[to].flags & CNV_PS_NON_OPERATIONAL, "the target is non-operational");
		check(le32_to_cpu(psd[to].exlat) <= p.max_latency_us, "the target's exit is allowed");
		check(!p.no_deepest_ps || to != npss, "no_deepest_ps is kept");
	}
	if (deepest >= 0)
		check(deepest == 0 || table[deepest - 1], "the state above the deepest target uses it");
	return 0;
}

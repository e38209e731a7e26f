// SPDX-License-Identifier: GPL-2.0
/*
 * The APST table of real drives, from their power state descriptors as
 * published `nvme id-ctrl` dumps show them, checked against the table the
 * in-tree algorithm (Linux 7.3, nvme_configure_apst()) gives for each,
 * worked out by hand below. Entry: ITPS in bits 7:3, ITPT (ms) in 31:8.
 */
#include "unit.h"
#include "lib/power.h"
#include "lib/quirks.h"

struct drive {
	const char *name;
	u8 npss;
	struct { bool non_operational; u32 enlat, exlat; } ps[5];
};

/* nvme-cli pull request 52 (2016): Samsung SSD 950 PRO. */
static const struct drive samsung_950_pro = { "Samsung SSD 950 PRO", 4, {
	{ false, 5, 5 }, { false, 30, 30 }, { false, 100, 100 },
	{ true, 500, 5000 }, { true, 2000, 22000 } } };
/* linux-kernel, June 2022: Samsung SSD 970 EVO Plus 2TB, firmware 2B2QEXM7. */
static const struct drive samsung_970_evo_plus = { "Samsung SSD 970 EVO Plus 2TB", 4, {
	{ false, 0, 0 }, { false, 0, 0 }, { false, 0, 0 },
	{ true, 210, 1200 }, { true, 2000, 8000 } } };
/* linux-nvme, the no_deepest_ps entry for 2646:2263: KINGSTON SA2000M81000G. */
static const struct drive kingston_a2000 = { "KINGSTON SA2000M81000G", 4, {
	{ false, 0, 0 }, { false, 0, 0 }, { false, 0, 0 },
	{ true, 2000, 2000 }, { true, 15000, 15000 } } };
/* linux-nvme, the no_deepest_ps entry for 1e49:0041: ZHITAI TiPro7000 1TB. */
static const struct drive zhitai_tipro7000 = { "ZHITAI TiPro7000 1TB", 4, {
	{ false, 5, 5 }, { false, 50, 100 }, { false, 50, 200 },
	{ true, 500, 5000 }, { true, 2000, 60000 } } };
/* A Phison E12 (1987), model "PCIe SSD", firmware ECFM22.6. */
static const struct drive phison_e12 = { "Phison PCIe SSD ECFM22.6", 4, {
	{ false, 0, 0 }, { false, 0, 0 }, { false, 0, 0 },
	{ true, 2000, 2000 }, { true, 25000, 25000 } } };

static void descriptors(const struct drive *d, struct cnv_power_state psd[32])
{
	unsigned int i;

	memset(psd, 0, 32 * sizeof(*psd));
	for (i = 0; i <= d->npss; i++) {
		psd[i].flags = d->ps[i].non_operational ? CNV_PS_NON_OPERATIONAL : 0;
		psd[i].enlat = cpu_to_le32(d->ps[i].enlat);
		psd[i].exlat = cpu_to_le32(d->ps[i].exlat);
	}
}

static const struct cnv_apst_params defaults = {
	.max_latency_us = CNV_APST_DEFAULT_MAX_LATENCY_US,
	.primary_timeout_ms = CNV_APST_PRIMARY_TIMEOUT_MS,
	.primary_latency_tol_us = CNV_APST_PRIMARY_LATENCY_TOL_US,
	.secondary_timeout_ms = CNV_APST_SECONDARY_TIMEOUT_MS,
	.secondary_latency_tol_us = CNV_APST_SECONDARY_LATENCY_TOL_US,
};

#define TO(state, ms)	((u64)(state) << 3 | (u64)(ms) << 8)

static void expect_table(const struct drive *d, const struct cnv_apst_params *p, int deepest,
			 const u64 want[5], const char *what)
{
	struct cnv_power_state psd[32];
	__le64 table[CNV_APST_ENTRIES];
	unsigned int i;
	int got;

	descriptors(d, psd);
	got = cnv_apst_build(psd, d->npss, p, table);
	CHECK(got == deepest, "%s, %s: deepest target %d, want %d", d->name, what, got, deepest);
	for (i = 0; i < CNV_APST_ENTRIES; i++) {
		u64 w = i < 5 ? want[i] : 0;

		CHECK(le64_to_cpu(table[i]) == w, "%s, %s: entry %u is %#llx, want %#llx", d->name,
		      what, i, (unsigned long long)le64_to_cpu(table[i]), (unsigned long long)w);
	}
}

/*
 * In-tree defaults: walking from the deepest state up, the first state
 * whose entry plus exit latency is within 100,000 us is entered after
 * 2000 ms idle, the first within 15,000 us after 100 ms; once a state
 * within 15,000 us is a target, no other becomes one.
 */
static void test_real_drives(void)
{
	const u64 two_tiers[5] = { TO(3, 100), TO(3, 100), TO(3, 100), TO(4, 2000), 0 };
	const u64 evo_plus[5] = { TO(4, 100), TO(4, 100), TO(4, 100), TO(4, 100), 0 };

	/* 4: 2000 + 22000 us, secondary; 3: 500 + 5000, primary. */
	expect_table(&samsung_950_pro, &defaults, 4, two_tiers, "defaults");
	/* 4: 10,000 us is within the primary tolerance; 3 then adds nothing. */
	expect_table(&samsung_970_evo_plus, &defaults, 4, evo_plus, "defaults");
	/* 4: 30,000 us, secondary; 3: 4000 us, primary. */
	expect_table(&kingston_a2000, &defaults, 4, two_tiers, "defaults");
	/* 4: 62,000 us, secondary; 3: 5500 us, primary. */
	expect_table(&zhitai_tipro7000, &defaults, 4, two_tiers, "defaults");
	/* 4: 50,000 us, secondary; 3: 4000 us, primary. */
	expect_table(&phison_e12, &defaults, 4, two_tiers, "defaults");
}

/* The table entries for these two drives say no_deepest_ps: state 4 is never a target. */
static void test_no_deepest_ps(void)
{
	struct cnv_apst_params p = defaults;
	const u64 shallow_only[5] = { TO(3, 100), TO(3, 100), TO(3, 100), 0, 0 };

	p.no_deepest_ps = true;
	expect_table(&kingston_a2000, &p, 3, shallow_only, "no_deepest_ps");
	expect_table(&zhitai_tipro7000, &p, 3, shallow_only, "no_deepest_ps");
}

/* A latency limit (PM QoS, default_ps_max_latency_us) rules out slow exits. */
static void test_latency_limit(void)
{
	struct cnv_apst_params p = defaults;
	const u64 shallow_only[5] = { TO(3, 100), TO(3, 100), TO(3, 100), 0, 0 };
	const u64 none[5] = { 0 };

	p.max_latency_us = 5500;
	expect_table(&samsung_950_pro, &p, 3, shallow_only, "5500 us");
	p.max_latency_us = 5000;
	expect_table(&samsung_950_pro, &p, 3, shallow_only, "5000 us: exit latency equal is allowed");
	p.max_latency_us = 4999;
	expect_table(&samsung_950_pro, &p, -1, none, "4999 us: no state");
	p.max_latency_us = 0;
	expect_table(&samsung_950_pro, &p, -1, none, "0: APST off");
}

/* Without the primary values: every usable state, after 50 round trips. */
static void test_without_tiers(void)
{
	struct cnv_apst_params p = defaults;
	/* 4: (24000 + 19) / 20 = 1200 ms; 3: (5500 + 19) / 20 = 275 ms. */
	const u64 want[5] = { TO(3, 275), TO(3, 275), TO(3, 275), TO(4, 1200), 0 };
	/* 970 EVO Plus: 4: 10,000 us, 500 ms; 3: 1410 us, 71 ms. */
	const u64 evo[5] = { TO(3, 71), TO(3, 71), TO(3, 71), TO(4, 500), 0 };

	p.primary_timeout_ms = 0;
	expect_table(&samsung_950_pro, &p, 4, want, "no primary timeout");
	expect_table(&samsung_970_evo_plus, &p, 4, evo, "no primary timeout");
	p = defaults;
	p.primary_latency_tol_us = 0;
	expect_table(&samsung_950_pro, &p, 4, want, "no primary tolerance");
}

/* One tier only: without a secondary timeout, deep states are no target. */
static void test_primary_only(void)
{
	struct cnv_apst_params p = defaults;
	const u64 want[5] = { TO(3, 100), TO(3, 100), TO(3, 100), 0, 0 };

	p.secondary_timeout_ms = 0;
	expect_table(&samsung_950_pro, &p, 3, want, "no secondary timeout");
}

static void test_limits(void)
{
	struct cnv_power_state psd[32] = { 0 };
	__le64 table[CNV_APST_ENTRIES];
	struct cnv_apst_params p = defaults;
	unsigned int i;

	CHECK_EQ(cnv_apst_build(psd, 32, &p, table), -EINVAL, "NPSS 32 is beyond the table");
	CHECK_EQ(cnv_apst_build(psd, 0, &p, table), -1, "one operational state: no target");
	/* The slowest state the fields allow: its idle time saturates ITPT. */
	psd[31].flags = CNV_PS_NON_OPERATIONAL;
	psd[31].enlat = cpu_to_le32(0xffffffff);
	psd[31].exlat = cpu_to_le32(0xffffffff);
	p.max_latency_us = ~0ull;
	p.primary_timeout_ms = 0;
	CHECK_EQ(cnv_apst_build(psd, 31, &p, table), 31, "a 32-state table");
	for (i = 0; i < 31; i++)
		CHECK_EQ(le64_to_cpu(table[i]), TO(31, CNV_APST_ITPT_MAX), "saturated idle time");
	CHECK_EQ(le64_to_cpu(table[31]), 0, "the deepest state has no target");
}

static void test_suspend_decision(void)
{
	struct cnv_suspend_facts laptop = { .npss = 4, .aspm = true };
	struct cnv_suspend_facts f;

	CHECK(cnv_suspend_host_managed(&laptop), "s2idle, power states, ASPM: host managed");
	f = laptop;
	f.via_firmware = true;
	CHECK(!cnv_suspend_host_managed(&f), "S3: shut down");
	f = laptop;
	f.npss = 0;
	CHECK(!cnv_suspend_host_managed(&f), "one power state: shut down");
	f = laptop;
	f.aspm = false;
	CHECK(!cnv_suspend_host_managed(&f), "no ASPM: shut down, D3 takes the link down");
	f = laptop;
	f.quirks = CNV_QUIRK_SIMPLE_SUSPEND;
	CHECK(!cnv_suspend_host_managed(&f), "simple_suspend quirk");
	f = (struct cnv_suspend_facts){ .force = true };
	CHECK(cnv_suspend_host_managed(&f), "forced: no power states, no ASPM");
	f.quirks = CNV_QUIRK_SIMPLE_SUSPEND;
	CHECK(!cnv_suspend_host_managed(&f), "forced, but simple_suspend wins");
	f = (struct cnv_suspend_facts){ .force = true, .via_firmware = true };
	CHECK(!cnv_suspend_host_managed(&f), "forced, but firmware takes part");
}

int main(void)
{
	RUN(test_real_drives);
	RUN(test_no_deepest_ps);
	RUN(test_latency_limit);
	RUN(test_without_tiers);
	RUN(test_primary_only);
	RUN(test_limits);
	RUN(test_suspend_decision);
	return unit_finish();
}

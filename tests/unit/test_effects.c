// SPDX-License-Identifier: GPL-2.0
/* Admin passthrough effects: what is frozen and rescanned around a command. */
#include "unit.h"
#include "lib/effects.h"

static struct cnv_effects_log log_page;

static void set_acs(u8 opcode, u32 effects)
{
	log_page.acs[opcode] = cpu_to_le32(effects);
}

/* Format and Sanitize hold I/O even when the controller offers no log. */
static void test_known_without_log(void)
{
	struct cnv_passthru_plan p;

	cnv_passthru_plan(NULL, CNV_ADMIN_FORMAT_NVM, 2, 0, 0, &p);
	CHECK(p.freeze && !p.all_namespaces && p.nsid == 2 && p.rescan,
	      "format of one namespace: freeze it, rescan");
	cnv_passthru_plan(NULL, CNV_ADMIN_FORMAT_NVM, CNV_NSID_ALL, 0, 0, &p);
	CHECK(p.freeze && p.all_namespaces, "format of every namespace freezes them all");
	cnv_passthru_plan(NULL, CNV_ADMIN_FORMAT_NVM, 1, 0, CNV_FNA_FORMAT_ALL, &p);
	CHECK(p.freeze && p.all_namespaces, "FNA bit 0: a format of one formats all");
	cnv_passthru_plan(NULL, CNV_ADMIN_SANITIZE, 0, 0, 0, &p);
	CHECK(p.freeze && p.all_namespaces && p.rescan, "sanitize freezes everything");
	cnv_passthru_plan(NULL, CNV_ADMIN_NS_ATTACH, 3, 0, 0, &p);
	CHECK(!p.freeze && p.rescan, "attach: no freeze, a rescan");
	cnv_passthru_plan(NULL, CNV_ADMIN_NS_ATTACH, 3, CNV_NS_SEL_REMOVE, 0, &p);
	CHECK(p.freeze && !p.all_namespaces && p.nsid == 3 && p.rescan,
	      "detach: the namespace drained first");
	cnv_passthru_plan(NULL, CNV_ADMIN_NS_MGMT, 0, 0, 0, &p);
	CHECK(!p.freeze && p.rescan, "namespace create: no freeze, a rescan");
	cnv_passthru_plan(NULL, CNV_ADMIN_NS_MGMT, 4, CNV_NS_SEL_REMOVE, 0, &p);
	CHECK(p.freeze && p.nsid == 4 && !p.all_namespaces, "namespace delete");
	cnv_passthru_plan(NULL, CNV_ADMIN_NS_MGMT, CNV_NSID_ALL, CNV_NS_SEL_REMOVE, 0, &p);
	CHECK(p.freeze && p.all_namespaces, "delete of every namespace");
	cnv_passthru_plan(NULL, CNV_ADMIN_IDENTIFY, 1, 0, 0, &p);
	CHECK(!cnv_passthru_plan_acts(&p), "identify needs nothing");
	cnv_passthru_plan(NULL, CNV_ADMIN_GET_LOG_PAGE, CNV_NSID_ALL, 0, 0, &p);
	CHECK(!cnv_passthru_plan_acts(&p), "a log page with NSID FFFFFFFFh needs nothing");
}

/* The write cache feature: its setting reaches the disks' flush flags. */
static void test_write_cache_feature(void)
{
	struct cnv_passthru_plan p;

	cnv_passthru_plan(NULL, CNV_ADMIN_SET_FEATURES, 0, CNV_FEAT_VOLATILE_WC, 0, &p);
	CHECK(p.write_cache && p.rescan && !p.freeze, "set write cache");
	/* Save bit (31) set: still the write cache feature. */
	cnv_passthru_plan(NULL, CNV_ADMIN_SET_FEATURES, 0, CNV_FEAT_VOLATILE_WC | BIT(31), 0, &p);
	CHECK(p.write_cache, "set write cache with SV");
	cnv_passthru_plan(NULL, CNV_ADMIN_SET_FEATURES, 0, CNV_FEAT_NUM_QUEUES, 0, &p);
	CHECK(!cnv_passthru_plan_acts(&p), "another feature");
	cnv_passthru_plan(NULL, CNV_ADMIN_GET_FEATURES, 0, CNV_FEAT_VOLATILE_WC, 0, &p);
	CHECK(!p.write_cache, "get write cache changes nothing");
}

/* A log widens what is done; it cannot take the known effects away. */
static void test_log_widens_only(void)
{
	struct cnv_passthru_plan p;

	memset(&log_page, 0, sizeof(log_page));
	/* A log that says Format is supported with no effects at all. */
	set_acs(CNV_ADMIN_FORMAT_NVM, CNV_EFFECTS_CSUPP);
	cnv_passthru_plan(&log_page, CNV_ADMIN_FORMAT_NVM, 1, 0, 0, &p);
	CHECK(p.freeze && p.rescan, "format still freezes");
	/* A vendor command that changes blocks of every namespace (controller scope). */
	set_acs(0xc1, CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC | BIT(21));
	cnv_passthru_plan(&log_page, 0xc1, 1, 0, 0, &p);
	CHECK(p.freeze && p.all_namespaces && p.rescan, "vendor LBCC at controller scope");
	/* The same with namespace scope, on namespace 1. */
	set_acs(0xc2, CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC | CNV_EFFECTS_CSP_NS);
	cnv_passthru_plan(&log_page, 0xc2, 1, 0, 0, &p);
	CHECK(p.freeze && !p.all_namespaces && p.nsid == 1, "vendor LBCC at namespace scope");
	/* Without CSUPP the dword means nothing. */
	set_acs(0xc3, CNV_EFFECTS_LBCC | CNV_EFFECTS_CSE_ALL);
	cnv_passthru_plan(&log_page, 0xc3, 1, 0, 0, &p);
	CHECK(!cnv_passthru_plan_acts(&p), "unsupported command's dword ignored");
	/* Alone on the controller: everything is held even without LBCC. */
	set_acs(0xc4, CNV_EFFECTS_CSUPP | CNV_EFFECTS_CSE_ALL);
	cnv_passthru_plan(&log_page, 0xc4, 1, 0, 0, &p);
	CHECK(p.freeze && p.all_namespaces && !p.rescan, "CSE 2");
	/* Reserved CSE values count as the strictest. */
	set_acs(0xc5, CNV_EFFECTS_CSUPP | (5u << CNV_EFFECTS_CSE_SHIFT));
	cnv_passthru_plan(&log_page, 0xc5, 1, 0, 0, &p);
	CHECK(p.freeze && p.all_namespaces, "reserved CSE");
	/* Controller capability change: effects read again, disks rescanned. */
	set_acs(0x10, CNV_EFFECTS_CSUPP | CNV_EFFECTS_CCC | CNV_EFFECTS_NCC);
	cnv_passthru_plan(&log_page, 0x10, 0, 0, 0, &p);
	CHECK(p.reread_effects && p.rescan && p.freeze && p.all_namespaces, "firmware commit with CCC");
	CHECK_EQ(cnv_admin_effects(&log_page, CNV_ADMIN_FORMAT_NVM) & CNV_EFFECTS_LBCC,
		 CNV_EFFECTS_LBCC, "format's LBCC added to the log's");
}

/*
 * QEMU 10.0.2's controller, as read from it (Get Log Page 05h): every
 * admin command it offers is CSUPP only, but Format NVM (CSUPP | LBCC) and
 * Namespace Attachment (CSUPP | NIC | CCC); no Namespace Management or
 * Sanitize. FNA is 0.
 */
static void test_qemu_log(void)
{
	static const u8 plain[] = { 0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09,
				    0x0a, 0x0c, 0x19, 0x1a, 0x7c };
	struct cnv_passthru_plan p;
	unsigned int i;

	memset(&log_page, 0, sizeof(log_page));
	for (i = 0; i < sizeof(plain); i++)
		set_acs(plain[i], CNV_EFFECTS_CSUPP);
	set_acs(CNV_ADMIN_FORMAT_NVM, CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC);
	set_acs(CNV_ADMIN_NS_ATTACH, CNV_EFFECTS_CSUPP | CNV_EFFECTS_NIC | CNV_EFFECTS_CCC);

	cnv_passthru_plan(&log_page, CNV_ADMIN_FORMAT_NVM, 2, 0, 0, &p);
	CHECK(p.freeze && !p.all_namespaces && p.nsid == 2 && p.rescan && !p.reread_effects,
	      "format of namespace 2 holds it alone");
	CHECK(p.effects & CNV_EFFECTS_NCC, "format's NCC added to QEMU's CSUPP | LBCC");
	cnv_passthru_plan(&log_page, CNV_ADMIN_NS_ATTACH, 3, 0, 0, &p);
	CHECK(!p.freeze && p.rescan && p.reread_effects, "attach: rescan, effects read again");
	cnv_passthru_plan(&log_page, CNV_ADMIN_NS_ATTACH, 3, CNV_NS_SEL_REMOVE, 0, &p);
	CHECK(p.freeze && p.nsid == 3 && !p.all_namespaces, "detach drains namespace 3");
	for (i = 0; i < sizeof(plain); i++) {
		cnv_passthru_plan(&log_page, plain[i], 1, 0, 0, &p);
		CHECK(!cnv_passthru_plan_acts(&p) || plain[i] == CNV_ADMIN_SET_FEATURES,
		      "opcode %#x needs nothing", plain[i]);
	}
}

int main(void)
{
	RUN(test_known_without_log);
	RUN(test_write_cache_feature);
	RUN(test_log_widens_only);
	RUN(test_qemu_log);
	return unit_finish();
}

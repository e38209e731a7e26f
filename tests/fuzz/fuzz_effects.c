// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the Commands Supported and Effects log, which the
 * controller writes: whatever it says, the commands the specification
 * defines keep their effects, and the plan is self-consistent.
 * Input: opcode, NSID (4 bytes), CDW10 (4), FNA (1), then the log.
 */
#include "../unit/unit.h"
#include "lib/effects.h"

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "violated: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cnv_effects_log log_page;
	struct cnv_passthru_plan p, bare;
	u32 nsid, cdw10;
	u8 opcode, fna;

	if (size < 10)
		return 0;
	opcode = data[0];
	memcpy(&nsid, data + 1, 4);
	memcpy(&cdw10, data + 5, 4);
	nsid = le32_to_cpu(nsid);
	cdw10 = le32_to_cpu(cdw10);
	fna = data[9];
	memset(&log_page, 0, sizeof(log_page));
	memcpy(&log_page, data + 10, size - 10 < sizeof(log_page) ? size - 10 : sizeof(log_page));

	cnv_passthru_plan(&log_page, opcode, nsid, cdw10, fna, &p);
	cnv_passthru_plan(NULL, opcode, nsid, cdw10, fna, &bare);
	check(!p.all_namespaces || p.freeze, "all namespaces without a freeze");
	check(!p.freeze || p.all_namespaces || (nsid && nsid != CNV_NSID_ALL),
	      "a single-namespace freeze with no namespace");
	check(!p.write_cache || p.rescan, "write cache switched without a rescan");
	/* The log only adds. */
	check(!bare.freeze || p.freeze, "log removed a freeze");
	check(!bare.all_namespaces || p.all_namespaces, "log narrowed a freeze");
	check(!bare.rescan || p.rescan, "log removed a rescan");
	if (opcode == CNV_ADMIN_FORMAT_NVM || opcode == CNV_ADMIN_SANITIZE)
		check(p.freeze && p.rescan, "format or sanitize without freeze and rescan");
	if (opcode == CNV_ADMIN_SANITIZE)
		check(p.all_namespaces, "sanitize frozen on one namespace");
	if (opcode == CNV_ADMIN_NS_MGMT || opcode == CNV_ADMIN_NS_ATTACH)
		check(p.rescan, "namespace management without a rescan");
	if ((opcode == CNV_ADMIN_NS_MGMT || opcode == CNV_ADMIN_NS_ATTACH) && nsid &&
	    (cdw10 & CNV_NS_SEL_MASK) == CNV_NS_SEL_REMOVE)
		check(p.freeze, "namespace removed without draining it");
	return 0;
}

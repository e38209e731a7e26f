// SPDX-License-Identifier: GPL-2.0
/* Admin passthrough command effects: see effects.h. */
#include "effects.h"

/* What the specification says of the commands it defines and cnvme lets through. */
static u32 cnv_known_admin_effects(u8 opcode)
{
	switch (opcode) {
	case CNV_ADMIN_FORMAT_NVM:
		/* Formats the namespace named, or all of them with FNA bit 0. */
		return CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC | CNV_EFFECTS_NCC |
		       CNV_EFFECTS_CSE_NS | CNV_EFFECTS_CSP_NS;
	case CNV_ADMIN_SANITIZE:
		/* Erases every namespace of the subsystem; no NSID is used. */
		return CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC | CNV_EFFECTS_NCC |
		       CNV_EFFECTS_CSE_ALL | CNV_EFFECTS_CSP_SUBSYS;
	case CNV_ADMIN_NS_MGMT:
	case CNV_ADMIN_NS_ATTACH:
		return CNV_EFFECTS_CSUPP | CNV_EFFECTS_NIC;
	default:
		return 0;
	}
}

u32 cnv_admin_effects(const struct cnv_effects_log *log, u8 opcode)
{
	u32 effects = log ? le32_to_cpu(log->acs[opcode]) : 0;

	if (!(effects & CNV_EFFECTS_CSUPP))
		effects = 0;
	return effects | cnv_known_admin_effects(opcode);
}

void cnv_passthru_plan(const struct cnv_effects_log *log, u8 opcode, u32 nsid, u32 cdw10,
		       u8 fna, struct cnv_passthru_plan *out)
{
	u32 effects = cnv_admin_effects(log, opcode);
	u32 cse = effects & CNV_EFFECTS_CSE_MASK;
	u32 scope = effects & CNV_EFFECTS_CSP_MASK;

	*out = (struct cnv_passthru_plan) { .effects = effects, .nsid = nsid };
	out->freeze = (effects & (CNV_EFFECTS_LBCC | CNV_EFFECTS_NCC)) || cse;
	/* A namespace deleted or detached is drained first: nothing is sent to it after. */
	if ((opcode == CNV_ADMIN_NS_MGMT || opcode == CNV_ADMIN_NS_ATTACH) &&
	    (cdw10 & CNV_NS_SEL_MASK) == CNV_NS_SEL_REMOVE && nsid)
		out->freeze = true;
	/*
	 * CSE values above 2 are reserved: treated as the strictest. A scope
	 * of nothing but the namespace, or none given, limits the command to
	 * the namespace named.
	 */
	out->all_namespaces = nsid == 0 || nsid == CNV_NSID_ALL || cse > CNV_EFFECTS_CSE_NS ||
			      (scope & ~CNV_EFFECTS_CSP_NS) ||
			      (opcode == CNV_ADMIN_FORMAT_NVM && (fna & CNV_FNA_FORMAT_ALL));
	if (!out->freeze)
		out->all_namespaces = false;
	out->rescan = effects & (CNV_EFFECTS_LBCC | CNV_EFFECTS_NCC | CNV_EFFECTS_NIC |
				 CNV_EFFECTS_CCC);
	out->write_cache = opcode == CNV_ADMIN_SET_FEATURES &&
			   (cdw10 & CNV_FEAT_ID_MASK) == CNV_FEAT_VOLATILE_WC;
	out->reread_effects = effects & CNV_EFFECTS_CCC;
	/* A new write cache setting changes the disks' flush flags. */
	if (out->write_cache)
		out->rescan = true;
}

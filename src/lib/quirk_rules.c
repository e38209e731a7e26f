// SPDX-License-Identifier: GPL-2.0
/*
 * What each quirk makes the driver do, where the decision is more than a
 * test of the flag at the point of use: queue shapes, which Identify
 * structures may be asked for, stripes, namespaces whose identifiers are
 * not unique. Pure, so the unit tests check every flag's effect.
 */
#include "quirks.h"
#include "ring.h"
#include "../nvme_spec.h"

/*
 * Samsung PM1725 (144d:a821, 144d:a822) report CAP.MQES 0, which the
 * specification does not allow; they take 64 entries.
 */
#define CNV_PM1725_DEPTH	64

static bool cnv_is_pm1725(u16 vendor, u16 device)
{
	return vendor == 0x144d && (device == 0xa821 || device == 0xa822);
}

void cnv_quirks_io_queues(u32 quirks, u16 vendor, u16 device, u32 max_entries,
			  u32 depth_cap, u32 admin_depth, struct cnv_io_queue_shape *out)
{
	out->max_queues = U32_MAX;
	out->depth = max_entries < depth_cap ? max_entries : depth_cap;
	out->reserved_tags = 0;
	out->sqe_shift = CNV_SQES_SHIFT;
	out->sq_priority = 0;
	out->cid_gen_mask = CNV_CID_GEN_MASK;

	if (quirks & CNV_QUIRK_QDEPTH_ONE)
		out->depth = 2;	/* one command in flight: the other slot stays empty */
	else if (cnv_is_pm1725(vendor, device) && max_entries == 1)
		out->depth = CNV_PM1725_DEPTH;
	/*
	 * Admin and I/O CIDs must not meet: the single I/O queue keeps its
	 * first admin_depth tags unused, and has room for at least one more.
	 */
	if (quirks & CNV_QUIRK_SHARED_TAGS) {
		out->max_queues = 1;
		out->reserved_tags = admin_depth;
		if (out->depth < admin_depth + 2)
			out->depth = admin_depth + 2;
	}
	/* The controller ignores CC.IOSQES and reads 128-byte entries. */
	if (quirks & CNV_QUIRK_128_BYTES_SQES)
		out->sqe_shift = CNV_SQES_SHIFT + 1;
	/* Some drives turn on weighted round robin without it, all queues urgent. */
	if (quirks & CNV_QUIRK_MEDIUM_PRIO_SQ)
		out->sq_priority = CNV_SQ_PRIO_MEDIUM;
	if (quirks & CNV_QUIRK_SKIP_CID_GEN)
		out->cid_gen_mask = 0;
}

bool cnv_quirks_cns_ok(u32 quirks, u32 vs, bool multi_css, u8 cns)
{
	if (cns == CNV_CNS_NS_ID_DESCRIPTORS &&
	    ((quirks & CNV_QUIRK_NO_NS_DESC_LIST) || (vs < CNV_VS(1, 3) && !multi_css)))
		return false;
	if (vs >= CNV_VS(1, 2))
		return true;
	if (vs >= CNV_VS(1, 1) && !(quirks & CNV_QUIRK_IDENTIFY_CNS))
		return cns <= 3;
	return cns <= 1;
}

u32 cnv_quirks_stripe_bytes(u32 quirks, u32 max_transfer)
{
	if (!(quirks & CNV_QUIRK_STRIPE_SIZE) || !max_transfer ||
	    (max_transfer & (max_transfer - 1)))
		return 0;
	return max_transfer;
}

enum cnv_duplicate_ids_action
cnv_duplicate_ids_action(bool in_other_subsystem, bool in_own_subsystem, bool multi_controller,
			 bool shared)
{
	if (in_other_subsystem)
		return multi_controller && shared ? CNV_DUPLICATE_IDS_IGNORE :
						    CNV_DUPLICATE_IDS_CLEAR;
	/* Identifiers cleared above meet nothing here. */
	if (in_own_subsystem)
		return CNV_DUPLICATE_IDS_IGNORE;
	return CNV_DUPLICATE_IDS_NONE;
}

u32 cnv_quirks_firmware_suspend(u32 quirks, bool storage_d3, bool noacpi)
{
	if (storage_d3 && !noacpi && !(quirks & CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND))
		quirks |= CNV_QUIRK_SIMPLE_SUSPEND;
	return quirks;
}

unsigned int cnv_quirks_temp_threshold_mode(u32 quirks, int sensor, bool present, bool wctemp)
{
	/* Some drives have no per-sensor thresholds, some must keep theirs. */
	if (sensor && (!present || (quirks & CNV_QUIRK_NO_SECONDARY_TEMP_THRESH)))
		return 0;
	if (!sensor && !wctemp)
		return 0;
	return quirks & CNV_QUIRK_NO_TEMP_THRESH_CHANGE ? 0444 : 0644;
}

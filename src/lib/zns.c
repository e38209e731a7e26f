// SPDX-License-Identifier: GPL-2.0
#include "zns.h"

/* ZOC bit 0: variable zone capacity; bit 1: zone active excursions. */
#define CNV_ZOC_UNSUPPORTED	0x3u

static bool cnv_is_power_of_2(u64 n)
{
	return n && !(n & (n - 1));
}

/* MAR and MOR are 0's based; all ones means no limit. */
static u32 cnv_zone_resource_limit(__le32 field)
{
	u32 v = le32_to_cpu(field);

	return v == 0xffffffff ? 0 : v + 1;
}

enum cnv_ns_verdict cnv_zns_ns_decode(const struct cnv_id_ns_zns *id, u8 format_index,
				      u64 capacity_blocks, u32 lba_shift,
				      struct cnv_zoned_info *out)
{
	u64 zone_blocks;

	if (le16_to_cpu(id->zoc) & CNV_ZOC_UNSUPPORTED)
		return CNV_NS_ZONE_OPERATIONS;
	if (format_index >= CNV_MAX_LBAF)
		return CNV_NS_BAD_FORMAT;
	zone_blocks = le64_to_cpu(id->lbafe[format_index].zsze);
	if (!cnv_is_power_of_2(zone_blocks) || zone_blocks > (0xffffffffull >> (lba_shift - 9)) ||
	    capacity_blocks % zone_blocks)
		return CNV_NS_ZONE_SIZE;
	out->zone_blocks = zone_blocks;
	out->max_open = cnv_zone_resource_limit(id->mor);
	out->max_active = cnv_zone_resource_limit(id->mar);
	/* Zones open are also active: an open limit above the active one cannot be reached. */
	if (out->max_active && (!out->max_open || out->max_open > out->max_active))
		out->max_open = out->max_active;
	return CNV_NS_USABLE;
}

u32 cnv_zone_append_max_bytes(u8 zasl, u32 page_shift_min, u32 max_transfer)
{
	if (!zasl || zasl + page_shift_min >= 32)
		return max_transfer;
	return (1u << (zasl + page_shift_min)) < max_transfer ?
	       1u << (zasl + page_shift_min) : max_transfer;
}

int cnv_zone_decode(const struct cnv_zone_desc *d, u64 zone_blocks, u64 expected_start,
		    struct cnv_zone *out)
{
	u64 start = le64_to_cpu(d->zslba);
	u64 capacity = le64_to_cpu(d->zcap);
	u64 wp = le64_to_cpu(d->wp);
	u8 state = d->zs >> 4;

	if ((d->zt & 0xf) != CNV_ZONE_TYPE_SEQ_WRITE || start != expected_start ||
	    !capacity || capacity > zone_blocks || start > ~0ull - zone_blocks)
		return -EINVAL;
	out->start = start;
	out->len = zone_blocks;
	out->capacity = capacity;
	out->cond = state;
	switch (state) {
	case CNV_ZS_EMPTY:
	case CNV_ZS_IMPLICIT_OPEN:
	case CNV_ZS_EXPLICIT_OPEN:
	case CNV_ZS_CLOSED:
		if (wp < start || wp > start + capacity)
			return -EINVAL;
		out->wp = wp;
		return 0;
	case CNV_ZS_FULL:
	case CNV_ZS_READ_ONLY:
	case CNV_ZS_OFFLINE:
		/* The descriptor's write pointer is not valid in these states. */
		out->wp = start + zone_blocks;
		return 0;
	default:
		return -EINVAL;
	}
}

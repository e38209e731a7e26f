/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zoned namespaces (NVMe Zoned Namespace Command Set): what the zoned
 * Identify data and a zone report mean for a host-managed zoned disk. Like
 * the rest of lib/, the controller is untrusted: a value that would break
 * the block layer's zone model is refused here, not passed on.
 */
#ifndef CNVME_LIB_ZNS_H
#define CNVME_LIB_ZNS_H

#include "identify.h"

/* A zoned namespace's geometry and resource limits, in logical blocks. */
struct cnv_zoned_info {
	u64 zone_blocks;	/* a power of two; 0 for a namespace that is not zoned */
	u32 max_open;		/* zones open at once; 0 for no limit */
	u32 max_active;		/* zones open or closed at once; 0 for no limit */
};

/**
 * cnv_zns_ns_decode() - the zone model of a zoned namespace
 * @id: its zoned Identify Namespace data (CNS 05h, CSI 02h)
 * @format_index: the namespace's current LBA format (struct cnv_ns_format)
 * @capacity_blocks: NSZE
 * @lba_shift: the format's block size, 2 ^ @lba_shift bytes (at least 512)
 * @out: decoded geometry
 *
 * Return: CNV_NS_USABLE, CNV_NS_ZONE_OPERATIONS when zones may change
 * capacity or leave the active state on their own (ZOC), which the block
 * layer cannot follow, or CNV_NS_ZONE_SIZE when the zone size is zero, not a
 * power of two, not below 2 TiB (the block layer counts zone sectors in 32
 * bits), or the namespace does not hold whole zones.
 */
enum cnv_ns_verdict cnv_zns_ns_decode(const struct cnv_id_ns_zns *id, u8 format_index,
				      u64 capacity_blocks, u32 lba_shift,
				      struct cnv_zoned_info *out);

/*
 * Bytes one Zone Append may carry: ZASL in units of CAP.MPSMIN (2 ^
 * @page_shift_min bytes), 0 meaning the transfer limit, never more than
 * @max_transfer.
 */
u32 cnv_zone_append_max_bytes(u8 zasl, u32 page_shift_min, u32 max_transfer);

/* One zone, in logical blocks, its condition numbered as enum cnv_zone_state. */
struct cnv_zone {
	u64 start;
	u64 len;
	u64 capacity;
	u64 wp;		/* next block to write; start + len when none can be */
	u8 cond;
};

/**
 * cnv_zone_decode() - check and decode one Report Zones descriptor
 * @d: descriptor
 * @zone_blocks: the namespace's zone size (struct cnv_zoned_info)
 * @expected_start: where this zone must start: reports are in LBA order
 * @out: decoded zone
 *
 * Return: 0, or -EINVAL for a zone type other than sequential write
 * required, an unknown state, a start other than @expected_start or at
 * the very end of the LBA space, a capacity of zero or beyond the zone
 * size, or a write pointer outside the writable part of a zone that has one.
 */
int cnv_zone_decode(const struct cnv_zone_desc *d, u64 zone_blocks, u64 expected_start,
		    struct cnv_zone *out);

#endif

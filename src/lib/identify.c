// SPDX-License-Identifier: GPL-2.0
#include "identify.h"

void cnv_cap_decode(u64 cap, struct cnv_cap *out)
{
	out->max_queue_entries = CNV_CAP_MQES(cap) + 1;
	out->doorbell_stride = 4u << CNV_CAP_DSTRD(cap);
	/* A zero CAP.TO still means "some time": allow one 500 ms unit. */
	out->ready_timeout_ms = (CNV_CAP_TO(cap) ? CNV_CAP_TO(cap) : 1) * 500u;
	out->page_shift_min = 12 + CNV_CAP_MPSMIN(cap);
	out->page_shift_max = 12 + CNV_CAP_MPSMAX(cap);
	out->nvm_command_set = CNV_CAP_CSS(cap) & CNV_CAP_CSS_NVM;
	out->io_command_sets = CNV_CAP_CSS(cap) & CNV_CAP_CSS_IOCS;
	out->contiguous_queues_required = CNV_CAP_CQR(cap);
	out->subsystem_reset = CNV_CAP_NSSRS(cap);
	out->cmb_needs_enable = CNV_CAP_CMBS(cap);
}

int cnv_cmb_decode(u32 cmbloc, u32 cmbsz, u64 bar_len, struct cnv_cmb_location *out)
{
	u32 szu = CNV_CMBSZ_SZU(cmbsz);
	u64 unit;

	if (!CNV_CMBSZ_SZ(cmbsz) || !(cmbsz & CNV_CMBSZ_SQS))
		return -ENODEV;
	/* Units of 4 KiB to 64 GiB; 7h and up are reserved. BARs 0, 2-5 exist. */
	if (szu > 6 || CNV_CMBLOC_BIR(cmbloc) == 1 || CNV_CMBLOC_BIR(cmbloc) > 5)
		return -EINVAL;
	unit = 4096ull << (4 * szu);
	out->bar = CNV_CMBLOC_BIR(cmbloc);
	out->offset = CNV_CMBLOC_OFST(cmbloc) * unit;
	out->size = CNV_CMBSZ_SZ(cmbsz) * unit;
	if (out->offset >= bar_len)
		return -EINVAL;
	if (out->size > bar_len - out->offset)
		out->size = bar_len - out->offset;
	return 0;
}

u32 cnv_pick_page_shift(const struct cnv_cap *cap, u32 host_page_shift)
{
	if (cap->page_shift_min > cap->page_shift_max)
		return 0;
	if (host_page_shift < cap->page_shift_min)
		return cap->page_shift_min;
	if (host_page_shift > cap->page_shift_max)
		return cap->page_shift_max;
	return host_page_shift;
}

u32 cnv_max_transfer_bytes(u8 mdts, u32 page_shift_min, u32 driver_max)
{
	/* Anything at or past 2^32 bytes is past every driver limit. */
	if (mdts == 0 || mdts + page_shift_min >= 32)
		return driver_max;
	if ((1u << (mdts + page_shift_min)) < driver_max)
		return 1u << (mdts + page_shift_min);
	return driver_max;
}

void cnv_dealloc_limits_decode(u16 oncs, const struct cnv_id_ctrl_nvm *nvm,
			       u32 page_shift_min, u32 zeroes_default,
			       struct cnv_dealloc_limits *out)
{
	u32 dmrsl = nvm ? le32_to_cpu(nvm->dmrsl) : 0;
	u64 dmsl = nvm ? le64_to_cpu(nvm->dmsl) : 0;

	out->discard = oncs & CNV_ONCS_DSM;
	out->discard_ranges = nvm && nvm->dmrl ? nvm->dmrl : CNV_DSM_MAX_RANGES;
	/* A command's ranges may not exceed DMSL in all, nor one of them DMRSL. */
	out->discard_blocks = dmsl && (!dmrsl || dmsl < dmrsl) ? dmsl : dmrsl;
	out->write_zeroes = oncs & CNV_ONCS_WRITE_ZEROES;
	out->write_zeroes_bytes = zeroes_default;
	if (nvm && nvm->wzsl && nvm->wzsl + page_shift_min < 32 &&
	    (1u << (nvm->wzsl + page_shift_min)) < zeroes_default)
		out->write_zeroes_bytes = 1u << (nvm->wzsl + page_shift_min);
}

u32 cnv_discard_max_sectors(const struct cnv_dealloc_limits *l, u32 lba_shift)
{
	u32 shift = lba_shift - 9;

	if (!l->discard)
		return 0;
	if (!l->discard_blocks || l->discard_blocks > (0xffffffffull >> shift))
		return 0xffffffffu;
	return (u32)(l->discard_blocks << shift);
}

u32 cnv_write_zeroes_max_sectors(const struct cnv_dealloc_limits *l, u32 lba_shift)
{
	u64 bytes = l->write_zeroes_bytes;

	if (!l->write_zeroes)
		return 0;
	if (bytes > (u64)CNV_WZ_MAX_BLOCKS << lba_shift)
		bytes = (u64)CNV_WZ_MAX_BLOCKS << lba_shift;
	return (u32)(bytes >> 9);
}

u32 cnv_shutdown_timeout_ms(u32 rtd3e_us, u32 min_ms, u32 max_ms)
{
	u32 ms = rtd3e_us / 1000 + (rtd3e_us % 1000 != 0);

	if (ms < min_ms)
		return min_ms;
	return ms > max_ms ? max_ms : ms;
}

u32 cnv_granted_io_queues(u32 result_dw0)
{
	/* NSQA in bits 15:0, NCQA in 31:16, both 0's based (5.27.1.5). */
	u32 sqs = (result_dw0 & 0xffff) + 1;
	u32 cqs = (result_dw0 >> 16) + 1;

	return sqs < cqs ? sqs : cqs;
}

enum cnv_ns_verdict cnv_ns_decode(const struct cnv_id_ns *id, u32 max_lba_shift,
				  struct cnv_ns_format *out)
{
	/* FLBAS bits 3:0 are the low and bits 6:5 the high bits of the index. */
	u8 index = (id->flbas & 0x0f) | ((id->flbas >> 1) & 0x30);
	const struct cnv_lbaf *lbaf;

	out->capacity_blocks = le64_to_cpu(id->nsze);
	if (out->capacity_blocks == 0)
		return CNV_NS_EMPTY;
	if (index > id->nlbaf || index >= CNV_MAX_LBAF)
		return CNV_NS_BAD_FORMAT;
	lbaf = &id->lbaf[index];
	out->format_index = index;
	out->lba_shift = lbaf->lbads;
	out->metadata_bytes = le16_to_cpu(lbaf->ms);
	out->metadata_extended = id->flbas & CNV_FLBAS_EXTENDED;
	if (lbaf->lbads < 9 || lbaf->lbads > max_lba_shift)
		return CNV_NS_BAD_LBA_SIZE;
	/* Sector arithmetic in the block layer must not overflow. */
	if (out->capacity_blocks > (~0ULL >> 9) >> (lbaf->lbads - 9))
		return CNV_NS_BAD_LBA_SIZE;
	out->pi_type = 0;
	if (!out->metadata_bytes)
		return CNV_NS_USABLE;
	/*
	 * Metadata that is nothing but protection information (NVM Command
	 * Set 5.3): with PRACT the controller generates it on writes and
	 * checks and strips it on reads, so no metadata crosses the bus.
	 */
	if (out->metadata_bytes == CNV_PI_BYTES && (id->dps & CNV_DPS_PI_MASK) >= 1 &&
	    (id->dps & CNV_DPS_PI_MASK) <= 3) {
		out->pi_type = id->dps & CNV_DPS_PI_MASK;
		return CNV_NS_USABLE;
	}
	return CNV_NS_METADATA;
}

/* @count 0's based blocks of 2 ^ @lba_shift bytes, capped. */
static u32 cnv_blocks_to_bytes(u32 count, u32 lba_shift)
{
	u64 bytes = ((u64)count + 1) << lba_shift;

	return bytes < CNV_TOPOLOGY_MAX_BYTES ? (u32)bytes : CNV_TOPOLOGY_MAX_BYTES;
}

static u32 cnv_rounddown_pow2(u32 v)
{
	while (v & (v - 1))
		v &= v - 1;
	return v;
}

static bool cnv_is_pow2(u64 v)
{
	return v && !(v & (v - 1));
}

/*
 * The block layer keeps requests within both the I/O boundary (or zone)
 * and the atomic boundary only if the first is a multiple of the second.
 */
static void cnv_topology_fit_chunk(struct cnv_ns_topology *t, u64 chunk_bytes)
{
	u32 whole;

	if (t->atomic_boundary_bytes && chunk_bytes % t->atomic_boundary_bytes) {
		t->atomic_bytes = 0;
		t->atomic_boundary_bytes = 0;
	}
	/* One block is always written whole (NVM Command Set 2.1.4.2). */
	whole = t->atomic_bytes ? t->atomic_bytes : t->block_bytes;
	t->physical_block_bytes = cnv_rounddown_pow2(t->io_min_bytes < whole ?
						     t->io_min_bytes : whole);
}

void cnv_ns_topology_decode(const struct cnv_id_ns *id, u16 ctrl_awupf, u32 lba_shift,
			    struct cnv_ns_topology *out)
{
	u16 nawupf = le16_to_cpu(id->nawupf);
	u64 boundary;

	out->block_bytes = 1u << lba_shift;
	out->io_min_bytes = out->block_bytes;
	out->io_opt_bytes = 0;
	if (id->nsfeat & CNV_NSFEAT_OPTPERF) {
		out->io_min_bytes = cnv_blocks_to_bytes(le16_to_cpu(id->npwg), lba_shift);
		if (id->nows)
			out->io_opt_bytes = cnv_blocks_to_bytes(le16_to_cpu(id->nows), lba_shift);
	}

	/* Crossing NOIOB costs performance only: one not a power of two is ignored. */
	boundary = (u64)le16_to_cpu(id->noiob) << lba_shift;
	out->io_boundary_bytes = cnv_is_pow2(boundary) && boundary <= CNV_TOPOLOGY_MAX_BYTES ?
				 (u32)boundary : 0;

	out->atomic_boundary_bytes = 0;
	if ((id->nsfeat & CNV_NSFEAT_ATOMICS) && nawupf) {
		out->atomic_bytes = cnv_blocks_to_bytes(nawupf, lba_shift);
		if (id->nabspf)
			out->atomic_boundary_bytes =
				cnv_blocks_to_bytes(le16_to_cpu(id->nabspf), lba_shift);
	} else {
		out->atomic_bytes = cnv_blocks_to_bytes(ctrl_awupf, lba_shift);
	}
	if (out->atomic_boundary_bytes && out->atomic_boundary_bytes < out->atomic_bytes)
		out->atomic_bytes = out->atomic_boundary_bytes;
	/* Boundaries that start at an offset (NABO) or are not a power of two: not offered. */
	if (id->nabo || (out->atomic_boundary_bytes && !cnv_is_pow2(out->atomic_boundary_bytes))) {
		out->atomic_bytes = 0;
		out->atomic_boundary_bytes = 0;
	}
	cnv_topology_fit_chunk(out, out->io_boundary_bytes);
}

void cnv_ns_topology_zoned(struct cnv_ns_topology *topo, u64 zone_bytes)
{
	topo->io_boundary_bytes = 0;
	cnv_topology_fit_chunk(topo, zone_bytes);
}

void cnv_ns_topology_stripe(struct cnv_ns_topology *topo, u32 stripe_bytes)
{
	topo->io_boundary_bytes = stripe_bytes;
	cnv_topology_fit_chunk(topo, stripe_bytes);
}

bool cnv_atomic_write_fits(const struct cnv_ns_topology *topo, u64 offset, u32 bytes)
{
	u64 last = offset + bytes - 1;

	if (!bytes || bytes > topo->atomic_bytes)
		return false;
	/* The boundary is a power of two (cnv_ns_topology_decode()): no division. */
	return !topo->atomic_boundary_bytes ||
	       !((offset ^ last) & ~((u64)topo->atomic_boundary_bytes - 1));
}

bool cnv_ns_passthrough_only(enum cnv_ns_verdict verdict, const struct cnv_ns_format *fmt)
{
	switch (verdict) {
	case CNV_NS_METADATA:
		return true;
	case CNV_NS_BAD_LBA_SIZE:
		return fmt->lba_shift >= 9 && fmt->lba_shift <= CNV_PASSTHRU_MAX_LBA_SHIFT;
	default:
		return false;
	}
}

const char *cnv_ns_verdict_str(enum cnv_ns_verdict verdict)
{
	switch (verdict) {
	case CNV_NS_USABLE:
		return "usable";
	case CNV_NS_EMPTY:
		return "zero capacity";
	case CNV_NS_BAD_FORMAT:
		return "current LBA format index out of range";
	case CNV_NS_BAD_LBA_SIZE:
		return "unsupported LBA data size";
	case CNV_NS_METADATA:
		/* cnvme serves only 8-byte PI, which the controller inserts and strips. */
		return "its LBA format carries metadata the host would have to supply";
	case CNV_NS_COMMAND_SET:
		return "its I/O command set is not supported";
	case CNV_NS_ZONE_OPERATIONS:
		return "its zones may change capacity or become inactive on their own";
	case CNV_NS_ZONE_SIZE:
		return "its zone size is not a power of two or does not divide its size";
	}
	return "unknown";
}

u32 cnv_ns_list_valid(const __le32 *list, u32 entries, u32 nn)
{
	u32 prev = 0, i;

	for (i = 0; i < entries; i++) {
		u32 nsid = le32_to_cpu(list[i]);

		if (nsid == 0 || nsid <= prev || nsid > nn)
			break;
		prev = nsid;
	}
	return i;
}

static void cnv_copy_bytes(u8 *dst, const u8 *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[i];
}

int cnv_ns_ids_parse(const u8 *list, size_t len, struct cnv_ns_ids *ids)
{
	size_t pos = 0;

	while (pos + sizeof(struct cnv_ns_id_desc) <= len) {
		const struct cnv_ns_id_desc *desc = (const void *)(list + pos);
		const u8 *data = list + pos + sizeof(*desc);

		if (desc->nidl == 0)
			return 0;	/* end of list */
		if (pos + sizeof(*desc) + desc->nidl > len)
			return -EINVAL;
		switch (desc->nidt) {
		case CNV_NIDT_EUI64:
			if (desc->nidl != sizeof(ids->eui64))
				return -EINVAL;
			cnv_copy_bytes(ids->eui64, data, sizeof(ids->eui64));
			break;
		case CNV_NIDT_NGUID:
			if (desc->nidl != sizeof(ids->nguid))
				return -EINVAL;
			cnv_copy_bytes(ids->nguid, data, sizeof(ids->nguid));
			break;
		case CNV_NIDT_UUID:
			if (desc->nidl != sizeof(ids->uuid))
				return -EINVAL;
			cnv_copy_bytes(ids->uuid, data, sizeof(ids->uuid));
			break;
		case CNV_NIDT_CSI:
			if (desc->nidl != 1)
				return -EINVAL;
			ids->csi = data[0];
			break;
		default:
			break;	/* unknown types are skipped by their length */
		}
		pos += sizeof(*desc) + desc->nidl;
	}
	return 0;
}

void cnv_id_string(char *dst, size_t dst_len, const char *src, size_t src_len)
{
	size_t n = src_len < dst_len - 1 ? src_len : dst_len - 1;
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : ' ';
	while (n && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

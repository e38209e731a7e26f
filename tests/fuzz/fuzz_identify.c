// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what the driver reads from a device it must not
 * trust: CAP, Identify Namespace, the active namespace list, namespace
 * identification descriptors, Identify strings, zoned Identify data and
 * zone descriptors, CMBLOC/CMBSZ and the Host Memory Buffer request.
 * Every decoded value must stay inside the bounds the driver relies on.
 */
#include "../unit/unit.h"
#include "lib/hmb.h"
#include "lib/identify.h"
#include "lib/zns.h"

#define HOST_PAGE_SHIFT 12

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "violated: %s\n", what);
		abort();
	}
}

static void fuzz_cap(const uint8_t *data, size_t size)
{
	struct cnv_cap cap;
	uint64_t raw = 0;
	uint32_t shift;

	memcpy(&raw, data, size < 8 ? size : 8);
	cnv_cap_decode(raw, &cap);
	check(cap.max_queue_entries >= 1 && cap.max_queue_entries <= 65536, "MQES");
	check(cap.doorbell_stride >= 4, "doorbell stride");
	shift = cnv_pick_page_shift(&cap, HOST_PAGE_SHIFT);
	/* The closest size the controller supports; the caller refuses one above the host's. */
	check(!shift || (shift >= cap.page_shift_min && shift <= cap.page_shift_max),
	      "page shift outside MPSMIN..MPSMAX");
	check(shift != 0 || cap.page_shift_min > cap.page_shift_max, "no page shift");
	if (size > 8) {
		uint32_t bytes = cnv_max_transfer_bytes(data[8], cap.page_shift_min, 4u << 20);

		check(bytes <= (4u << 20), "max transfer above the driver's cap");
		check(bytes >= (1u << cap.page_shift_min) || cap.page_shift_min > 22,
		      "max transfer below one page");
	}
}

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* What the block layer is told: whole blocks, powers of two where it needs them. */
static void fuzz_topology(const struct cnv_id_ns *id, uint32_t lba_shift, uint16_t awupf)
{
	uint32_t block = 1u << lba_shift;
	struct cnv_ns_topology t;

	cnv_ns_topology_decode(id, awupf, lba_shift, &t);
	for (int zoned = 0; zoned < 2; zoned++) {
		if (zoned)
			cnv_ns_topology_zoned(&t, (uint64_t)block << (awupf & 31));
		check(t.block_bytes == block, "block size");
		check(pow2(t.physical_block_bytes) && t.physical_block_bytes >= block &&
		      t.physical_block_bytes <= t.io_min_bytes, "physical block");
		check(t.io_min_bytes % block == 0 && t.io_min_bytes <= CNV_TOPOLOGY_MAX_BYTES,
		      "io_min");
		check(t.io_opt_bytes % block == 0 && t.io_opt_bytes <= CNV_TOPOLOGY_MAX_BYTES,
		      "io_opt");
		check(!t.io_boundary_bytes || (pow2(t.io_boundary_bytes) && !zoned), "I/O boundary");
		check(t.atomic_bytes % block == 0 && t.atomic_bytes <= CNV_TOPOLOGY_MAX_BYTES,
		      "atomic unit");
		check(!t.atomic_bytes || t.physical_block_bytes <= t.atomic_bytes,
		      "physical block larger than the atomic unit");
		check(!t.atomic_boundary_bytes ||
		      (t.atomic_bytes && pow2(t.atomic_boundary_bytes) &&
		       t.atomic_bytes <= t.atomic_boundary_bytes &&
		       (zoned || t.io_boundary_bytes % t.atomic_boundary_bytes == 0)),
		      "atomic boundary");
		check(!t.atomic_bytes || cnv_atomic_write_fits(&t, 0, block), "one block not atomic");
	}
}

static void fuzz_id_ns(const uint8_t *data, size_t size)
{
	static struct cnv_id_ns id;
	struct cnv_ns_format fmt;
	enum cnv_ns_verdict verdict;

	memset(&id, 0, sizeof(id));
	memcpy(&id, data, size < sizeof(id) ? size : sizeof(id));
	verdict = cnv_ns_decode(&id, HOST_PAGE_SHIFT, &fmt);
	check(cnv_ns_verdict_str(verdict) != NULL, "verdict string");
	if (cnv_ns_passthrough_only(verdict, &fmt))
		check(fmt.lba_shift >= 9 && fmt.lba_shift <= CNV_PASSTHRU_MAX_LBA_SHIFT,
		      "passthrough LBA size");
	if (verdict != CNV_NS_USABLE)
		return;
	check(fmt.lba_shift >= 9 && fmt.lba_shift <= HOST_PAGE_SHIFT, "LBA size");
	check(fmt.format_index <= id.nlbaf, "format index past NLBAF");
	check(fmt.capacity_blocks == le64toh(id.nsze) && fmt.capacity_blocks, "capacity");
	/* The host moves data only: metadata must be PI the controller strips (PRACT). */
	check(fmt.metadata_bytes == 0 ? fmt.pi_type == 0 :
	      fmt.metadata_bytes == 8 && fmt.pi_type >= 1 && fmt.pi_type <= 3,
	      "metadata format called usable");
	fuzz_topology(&id, fmt.lba_shift, (uint16_t)fmt.capacity_blocks);
}

static void fuzz_ns_list(const uint8_t *data, size_t size)
{
	static __le32 list[1024];
	uint32_t entries = size / 4 > 1024 ? 1024 : size / 4;
	uint32_t nn = size >= 4 ? (uint32_t)data[0] << 8 | data[1] : 0;
	uint32_t valid, prev = 0;

	memcpy(list, data, entries * 4);
	valid = cnv_ns_list_valid(list, entries, nn);
	check(valid <= entries, "valid entries");
	for (uint32_t i = 0; i < valid; i++) {
		uint32_t nsid = le32toh(list[i]);

		check(nsid > prev && nsid <= nn, "NSID order or range");
		prev = nsid;
	}
}

static void fuzz_descriptors(const uint8_t *data, size_t size)
{
	struct cnv_ns_ids ids;
	/* An exact-size copy, so ASan sees any read past the end. */
	uint8_t *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	memset(&ids, 0, sizeof(ids));
	cnv_ns_ids_parse(copy, size, &ids);
	free(copy);
}

static void fuzz_string(const uint8_t *data, size_t size)
{
	char dst[21];
	size_t len;

	cnv_id_string(dst, sizeof(dst), (const char *)data, size);
	len = strlen(dst);
	check(len < sizeof(dst), "string length");
	check(!len || dst[len - 1] != ' ', "trailing space");
	for (size_t i = 0; i < len; i++)
		check(dst[i] >= 0x20 && dst[i] < 0x7f, "unprintable character");
}

static uint64_t take64(const uint8_t **data, size_t *size)
{
	uint64_t v = 0;
	size_t n = *size < 8 ? *size : 8;

	memcpy(&v, *data, n);
	*data += n;
	*size -= n;
	return v;
}

static void fuzz_zoned(const uint8_t *data, size_t size)
{
	static struct cnv_id_ns_zns id;
	struct cnv_zoned_info z = { 0 };
	struct cnv_zone_desc d;
	struct cnv_zone zone;
	uint64_t capacity = take64(&data, &size);
	uint32_t lba_shift = 9 + capacity % 4;
	uint8_t index = (capacity >> 8) % 70;

	memset(&id, 0, sizeof(id));
	memcpy(&id, data, size < sizeof(id) ? size : sizeof(id));
	capacity >>= 16;
	if (cnv_zns_ns_decode(&id, index, capacity, lba_shift, &z) == CNV_NS_USABLE) {
		check(z.zone_blocks && !(z.zone_blocks & (z.zone_blocks - 1)), "zone size a power of two");
		check((z.zone_blocks << (lba_shift - 9)) <= 0xffffffffull, "zone sectors in 32 bits");
		check(capacity % z.zone_blocks == 0, "whole zones");
		check(!z.max_active || (z.max_open && z.max_open <= z.max_active), "open within active");
	}
	if (!z.zone_blocks)
		z.zone_blocks = 1u << 12;
	memset(&d, 0, sizeof(d));
	memcpy(&d, data, size < sizeof(d) ? size : sizeof(d));
	if (!cnv_zone_decode(&d, z.zone_blocks, le64toh(d.zslba), &zone)) {
		check(zone.capacity >= 1 && zone.capacity <= zone.len && zone.len == z.zone_blocks,
		      "zone capacity");
		check(zone.wp >= zone.start && zone.wp - zone.start <= zone.len, "write pointer");
	}
}

static void fuzz_cmb(const uint8_t *data, size_t size)
{
	uint64_t regs = take64(&data, &size);
	uint64_t bar_len = take64(&data, &size);
	struct cnv_cmb_location loc;

	if (cnv_cmb_decode((uint32_t)regs, (uint32_t)(regs >> 32), bar_len, &loc))
		return;
	check(loc.bar == 0 || (loc.bar >= 2 && loc.bar <= 5), "BAR indicator");
	check(loc.size && loc.offset < bar_len && loc.size <= bar_len - loc.offset,
	      "CMB inside its BAR");
}

static void fuzz_hmb(const uint8_t *data, size_t size)
{
	static struct cnv_id_ctrl id;
	uint64_t host = take64(&data, &size);
	uint64_t host_max = (host & 0xfff) << 20;
	uint32_t page_shift = 12 + (host >> 12) % 5;
	uint32_t list_max = 1 + (host >> 16) % 256;
	struct cnv_hmb_request r;
	uint64_t chunk, done = 0, len;
	uint32_t n = 0;

	memset(&id, 0, sizeof(id));
	memcpy(&id.hmpre, data, size < 8 ? size : 8);
	if (size > 8)
		memcpy(&id.hmminds, data + 8, size - 8 < 6 ? size - 8 : 6);
	if (!cnv_hmb_request_decode(&id, host_max, list_max, page_shift, &r))
		return;
	check(r.minimum <= r.preferred && r.preferred <= host_max, "preferred within limits");
	check(r.max_chunks >= 1 && r.max_chunks <= list_max, "descriptor count");
	check(r.min_chunk <= r.preferred, "smallest piece");
	chunk = cnv_hmb_first_chunk(&r, 4u << 20, page_shift);
	check(chunk && !(chunk & (chunk - 1)) && chunk >= (1ull << page_shift), "first chunk");
	while (n < r.max_chunks && (len = cnv_hmb_next_len(&r, chunk, done, page_shift))) {
		check(len <= chunk && len >= r.min_chunk && !(len & ((1ull << page_shift) - 1)),
		      "piece size");
		done += len;
		n++;
	}
	check(n <= r.max_chunks, "pieces");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] % 8) {
	case 0:
		fuzz_cap(data + 1, size - 1);
		break;
	case 1:
		fuzz_id_ns(data + 1, size - 1);
		break;
	case 2:
		fuzz_ns_list(data + 1, size - 1);
		break;
	case 3:
		fuzz_descriptors(data + 1, size - 1);
		break;
	case 4:
		fuzz_string(data + 1, size - 1);
		break;
	case 5:
		fuzz_zoned(data + 1, size - 1);
		break;
	case 6:
		fuzz_cmb(data + 1, size - 1);
		break;
	default:
		fuzz_hmb(data + 1, size - 1);
		break;
	}
	return 0;
}

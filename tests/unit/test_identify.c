// SPDX-License-Identifier: GPL-2.0
/* Decoding and validation of CAP, Identify data and queue grants. */
#include "unit.h"
#include "lib/identify.h"

static uint64_t make_cap(uint32_t mqes, uint32_t to, uint32_t dstrd, uint32_t css,
			 uint32_t mpsmin, uint32_t mpsmax)
{
	return (uint64_t)mqes | ((uint64_t)to << 24) | ((uint64_t)dstrd << 32) |
	       ((uint64_t)css << 37) | ((uint64_t)mpsmin << 48) | ((uint64_t)mpsmax << 52);
}

static void test_cap_in_real_units(void)
{
	struct cnv_cap cap;

	/* QEMU's controller: MQES 2047, TO 15 (7.5 s), DSTRD 0, NVM, 4K..64K. */
	cnv_cap_decode(make_cap(2047, 15, 0, 1, 0, 4) | (1ull << 16), &cap);
	CHECK_EQ(cap.max_queue_entries, 2048, "queue entries");
	CHECK_EQ(cap.ready_timeout_ms, 7500, "CAP.TO in ms");
	CHECK_EQ(cap.doorbell_stride, 4, "doorbell stride");
	CHECK_EQ(cap.page_shift_min, 12, "MPSMIN");
	CHECK_EQ(cap.page_shift_max, 16, "MPSMAX");
	CHECK(cap.nvm_command_set, "NVM command set");
	CHECK(!cap.io_command_sets, "NVM command set alone");
	CHECK(cap.contiguous_queues_required, "CQR");
	CHECK(!cap.subsystem_reset, "NSSRS clear");
	cnv_cap_decode(1ull << 36, &cap);
	CHECK(cap.subsystem_reset, "NSSRS set");
	CHECK(!cap.cmb_needs_enable, "CMBS clear");
	cnv_cap_decode(1ull << 57, &cap);
	CHECK(cap.cmb_needs_enable, "CMBS set");

	cnv_cap_decode(make_cap(0xffff, 0, 3, 0x40, 0, 0), &cap);
	CHECK_EQ(cap.max_queue_entries, 65536, "MQES at its maximum");
	CHECK_EQ(cap.ready_timeout_ms, 500, "CAP.TO of zero still waits");
	CHECK_EQ(cap.doorbell_stride, 32, "DSTRD 3");
	CHECK(!cap.nvm_command_set, "no NVM command set");
	CHECK(cap.io_command_sets, "other I/O command sets");
	/* QEMU's controller since 6.0: NVM and the I/O command set selection. */
	cnv_cap_decode(make_cap(2047, 15, 0, 0x41, 0, 4), &cap);
	CHECK(cap.nvm_command_set && cap.io_command_sets, "CSS 0x41");
}

static void test_controller_memory_buffer(void)
{
	struct cnv_cmb_location loc = { 0 };

	/* QEMU's cmb_size_mb=4: BAR2, offset 0, 4 units of 1 MiB, SQS and more. */
	CHECK_EQ(cnv_cmb_decode(2, (4u << 12) | (2u << 8) | 0x1f, 4u << 20, &loc), 0, "QEMU's CMB");
	CHECK_EQ(loc.bar, 2, "BAR");
	CHECK_EQ(loc.offset, 0, "offset");
	CHECK_EQ(loc.size, 4u << 20, "size");
	/* Offset 3 units of 64 KiB into BAR4; the CMB is cut to the BAR. */
	CHECK_EQ(cnv_cmb_decode((3u << 12) | 4, (16u << 12) | (1u << 8) | 1, 512u << 10, &loc), 0,
		 "offset CMB");
	CHECK_EQ(loc.offset, 3u << 16, "offset in size units");
	CHECK_EQ(loc.size, (512u << 10) - (3u << 16), "cut to the BAR");
	/* 64 GiB units: sizes past 32 bits. */
	CHECK_EQ(cnv_cmb_decode(2, (2u << 12) | (6u << 8) | 1, 1ull << 40, &loc), 0, "64 GiB units");
	CHECK_EQ(loc.size, 2ull << 36, "128 GiB");

	CHECK_EQ(cnv_cmb_decode(2, 0, 4u << 20, &loc), -ENODEV, "no CMB");
	CHECK_EQ(cnv_cmb_decode(2, (4u << 12) | (2u << 8) | 0x1e, 4u << 20, &loc), -ENODEV,
		 "a CMB without submission queues");
	CHECK_EQ(cnv_cmb_decode(2, (4u << 12) | (7u << 8) | 1, 4u << 20, &loc), -EINVAL,
		 "reserved size unit");
	CHECK_EQ(cnv_cmb_decode(1, (4u << 12) | (2u << 8) | 1, 4u << 20, &loc), -EINVAL, "BIR 1");
	CHECK_EQ(cnv_cmb_decode(6, (4u << 12) | (2u << 8) | 1, 4u << 20, &loc), -EINVAL, "BIR 6");
	CHECK_EQ(cnv_cmb_decode((4u << 12) | 2, (4u << 12) | (2u << 8) | 1, 4u << 20, &loc), -EINVAL,
		 "offset past the BAR");
}

static void test_page_size_choice(void)
{
	struct cnv_cap cap = { .page_shift_min = 12, .page_shift_max = 16 };

	CHECK_EQ(cnv_pick_page_shift(&cap, 12), 12, "host 4K in range");
	CHECK_EQ(cnv_pick_page_shift(&cap, 14), 14, "host 16K in range");
	CHECK_EQ(cnv_pick_page_shift(&cap, 17), 16, "host 128K clamps to MPSMAX");
	cap.page_shift_min = 13;
	CHECK_EQ(cnv_pick_page_shift(&cap, 12), 13, "host 4K below MPSMIN");
	cap.page_shift_min = 17;
	CHECK_EQ(cnv_pick_page_shift(&cap, 12), 0, "MPSMIN above MPSMAX");
}

static void test_mdts(void)
{
	uint32_t cap4m = 4u << 20;

	CHECK_EQ(cnv_max_transfer_bytes(0, 12, cap4m), cap4m, "MDTS 0 means no limit");
	CHECK_EQ(cnv_max_transfer_bytes(2, 12, cap4m), 16384, "MDTS 2");
	CHECK_EQ(cnv_max_transfer_bytes(7, 12, cap4m), 512 * 1024, "MDTS 7");
	CHECK_EQ(cnv_max_transfer_bytes(10, 12, cap4m), cap4m, "MDTS 10 = driver cap");
	CHECK_EQ(cnv_max_transfer_bytes(11, 12, cap4m), cap4m, "MDTS above the cap");
	CHECK_EQ(cnv_max_transfer_bytes(255, 12, cap4m), cap4m, "absurd MDTS does not overflow");
	CHECK_EQ(cnv_max_transfer_bytes(1, 13, cap4m), 16384, "MDTS in MPSMIN units");
}

static void test_shutdown_budget(void)
{
	CHECK_EQ(cnv_shutdown_timeout_ms(0, 5000, 60000), 5000, "no RTD3E");
	CHECK_EQ(cnv_shutdown_timeout_ms(8000000, 5000, 60000), 8000, "RTD3E 8 s");
	CHECK_EQ(cnv_shutdown_timeout_ms(8000001, 5000, 60000), 8001, "rounded up");
	CHECK_EQ(cnv_shutdown_timeout_ms(0xffffffff, 5000, 60000), 60000, "clamped");
}

static void test_granted_queues(void)
{
	CHECK_EQ(cnv_granted_io_queues(0x00010001), 2, "2 SQ, 2 CQ");
	CHECK_EQ(cnv_granted_io_queues(0x00030007), 4, "8 SQ but 4 CQ");
	CHECK_EQ(cnv_granted_io_queues(0x00000000), 1, "one of each");
	CHECK_EQ(cnv_granted_io_queues(0xffffffff), 65536, "all ones");
}

static void set_format(struct cnv_id_ns *id, u8 index, u8 lbads, u16 ms)
{
	id->lbaf[index].lbads = lbads;
	id->lbaf[index].ms = cpu_to_le16(ms);
}

static void test_dealloc_limits(void)
{
	struct cnv_id_ctrl_nvm nvm;
	struct cnv_dealloc_limits l;

	/* No optional commands: nothing to advertise. */
	cnv_dealloc_limits_decode(0, NULL, 12, 512 << 10, &l);
	CHECK(!l.discard && !l.write_zeroes, "ONCS 0");
	CHECK_EQ(cnv_discard_max_sectors(&l, 9), 0, "discard sectors without DSM");
	CHECK_EQ(cnv_write_zeroes_max_sectors(&l, 9), 0, "zeroes sectors without Write Zeroes");

	/* Both, no NVM identify data: 256 ranges, no size limit, zeroes up to MDTS. */
	cnv_dealloc_limits_decode(CNV_ONCS_DSM | CNV_ONCS_WRITE_ZEROES, NULL, 12, 512 << 10, &l);
	CHECK_EQ(l.discard_ranges, 256, "default ranges");
	CHECK_EQ(cnv_discard_max_sectors(&l, 9), 0xffffffffu, "unlimited discard");
	CHECK_EQ(cnv_write_zeroes_max_sectors(&l, 9), 1024, "zeroes of 512 KiB");
	/* 16-bit NLB: 65536 blocks of 512 B are 32 MiB, less than a 64 MiB MDTS. */
	cnv_dealloc_limits_decode(CNV_ONCS_WRITE_ZEROES, NULL, 12, 64u << 20, &l);
	CHECK_EQ(cnv_write_zeroes_max_sectors(&l, 9), 65536, "zeroes bounded by NLB, 512 B");
	CHECK_EQ(cnv_write_zeroes_max_sectors(&l, 12), 131072, "64 MiB with 4 KiB blocks");

	memset(&nvm, 0, sizeof(nvm));
	nvm.dmrl = 16;
	nvm.dmrsl = cpu_to_le32(1000);
	nvm.wzsl = 3;		/* 2^3 pages of 4 KiB = 32 KiB */
	cnv_dealloc_limits_decode(CNV_ONCS_DSM | CNV_ONCS_WRITE_ZEROES, &nvm, 12, 512 << 10, &l);
	CHECK_EQ(l.discard_ranges, 16, "DMRL");
	CHECK_EQ(cnv_discard_max_sectors(&l, 9), 1000, "DMRSL in 512 B blocks");
	CHECK_EQ(cnv_discard_max_sectors(&l, 12), 8000, "DMRSL in 4 KiB blocks");
	CHECK_EQ(cnv_write_zeroes_max_sectors(&l, 9), 64, "WZSL 32 KiB");
	nvm.dmsl = cpu_to_le64(500);
	cnv_dealloc_limits_decode(CNV_ONCS_DSM, &nvm, 12, 512 << 10, &l);
	CHECK_EQ(cnv_discard_max_sectors(&l, 9), 500, "DMSL below DMRSL");
	nvm.dmrsl = 0;
	nvm.dmsl = cpu_to_le64(1ull << 40);
	cnv_dealloc_limits_decode(CNV_ONCS_DSM, &nvm, 12, 512 << 10, &l);
	CHECK_EQ(cnv_discard_max_sectors(&l, 12), 0xffffffffu, "huge DMSL saturates");
	/* A WZSL past the transfer limit, or past 32 bits, changes nothing. */
	nvm.wzsl = 30;
	cnv_dealloc_limits_decode(CNV_ONCS_WRITE_ZEROES, &nvm, 12, 512 << 10, &l);
	CHECK_EQ(l.write_zeroes_bytes, 512 << 10, "WZSL beyond 32 bits");
}

static void test_namespace_formats(void)
{
	static struct cnv_id_ns id;
	struct cnv_ns_format fmt;

	memset(&id, 0, sizeof(id));
	id.nsze = cpu_to_le64(1 << 20);
	id.nlbaf = 1;
	set_format(&id, 0, 9, 0);
	set_format(&id, 1, 12, 0);
	id.flbas = 1;
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_USABLE, "4K format");
	CHECK_EQ(fmt.lba_shift, 12, "LBA shift");
	CHECK_EQ(fmt.capacity_blocks, 1 << 20, "capacity");

	id.flbas = 0x10;	/* bit 4 is metadata placement, not the index */
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_USABLE, "FLBAS bit 4 ignored");
	CHECK_EQ(fmt.format_index, 0, "index with bit 4 set");
	CHECK(fmt.metadata_extended, "bit 4: extended LBAs");
	id.flbas = 0;
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_USABLE, "format 0");
	CHECK(!fmt.metadata_extended, "bit 4 clear: separate metadata");

	id.nlbaf = 20;
	set_format(&id, 17, 12, 0);
	id.flbas = 0x21;	/* index 0x11 = 17: high bits in 6:5 */
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_USABLE, "format 17");
	CHECK_EQ(fmt.format_index, 17, "extended index");

	id.nlbaf = 1;
	id.flbas = 2;
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_BAD_FORMAT, "index past NLBAF");

	id.flbas = 0;
	set_format(&id, 0, 8, 0);
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_BAD_LBA_SIZE, "256 B LBA");
	CHECK(!cnv_ns_passthrough_only(CNV_NS_BAD_LBA_SIZE, &fmt), "256 B LBA: hidden");
	set_format(&id, 0, 13, 0);
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_BAD_LBA_SIZE, "8K LBA on a 4K-page host");
	CHECK(cnv_ns_passthrough_only(CNV_NS_BAD_LBA_SIZE, &fmt), "8K LBA: passthrough");
	set_format(&id, 0, 17, 0);
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_BAD_LBA_SIZE, "128K LBA");
	CHECK(!cnv_ns_passthrough_only(CNV_NS_BAD_LBA_SIZE, &fmt), "128K LBA: hidden");
	set_format(&id, 0, 9, 8);
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_METADATA, "512+8 without protection");
	CHECK(cnv_ns_passthrough_only(CNV_NS_METADATA, &fmt), "metadata: passthrough");
	CHECK(!cnv_ns_passthrough_only(CNV_NS_BAD_FORMAT, &fmt), "bad format: hidden");
	CHECK(!cnv_ns_passthrough_only(CNV_NS_COMMAND_SET, &fmt), "command set: hidden");
	CHECK(!cnv_ns_passthrough_only(CNV_NS_USABLE, &fmt), "usable: block I/O");
	for (uint8_t pit = 1; pit <= 3; pit++) {
		id.dps = pit | 8;	/* bit 3, PI placement, does not matter for 8 bytes */
		CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_USABLE, "512+8, PI");
		CHECK_EQ(fmt.pi_type, pit, "PI type");
	}
	id.dps = 4;
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_METADATA, "reserved PI type 4");
	id.dps = 1;
	set_format(&id, 0, 9, 16);
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_METADATA, "512+16 with PI");
	id.dps = 0;
	set_format(&id, 0, 12, 0);
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_USABLE, "no metadata");
	CHECK_EQ(fmt.pi_type, 0, "no PI without metadata");

	set_format(&id, 0, 12, 0);
	id.nsze = cpu_to_le64(~0ull);
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_BAD_LBA_SIZE, "capacity overflowing sectors");
	id.nsze = 0;
	CHECK_EQ(cnv_ns_decode(&id, 12, &fmt), CNV_NS_EMPTY, "zero NSZE");
}

static void test_namespace_topology(void)
{
	struct cnv_id_ns id = { 0 };
	struct cnv_ns_topology t;

	/* QEMU's namespaces: OPTPERF with NPWG and NOWS 0, controller AWUPF 0. */
	id.nsfeat = CNV_NSFEAT_OPTPERF;
	cnv_ns_topology_decode(&id, 0, 9, &t);
	CHECK_EQ(t.physical_block_bytes, 512, "one block");
	CHECK_EQ(t.io_min_bytes, 512, "io_min");
	CHECK_EQ(t.io_opt_bytes, 0, "no NOWS");
	CHECK_EQ(t.io_boundary_bytes, 0, "no NOIOB");
	CHECK_EQ(t.atomic_bytes, 512, "one block is atomic");
	CHECK_EQ(t.atomic_boundary_bytes, 0, "no atomic boundary");

	/* Controller AWUPF 15 (8 KiB at 512 B): atomics, physical block still NPWG's. */
	cnv_ns_topology_decode(&id, 15, 9, &t);
	CHECK_EQ(t.atomic_bytes, 8192, "AWUPF");
	CHECK_EQ(t.physical_block_bytes, 512, "NPWG 0 bounds the physical block");

	/* 16 KiB preferred granularity, 128 KiB optimal, 4 KiB atomic. */
	id.npwg = cpu_to_le16(31);
	id.nows = cpu_to_le16(255);
	cnv_ns_topology_decode(&id, 7, 9, &t);
	CHECK_EQ(t.io_min_bytes, 16384, "NPWG");
	CHECK_EQ(t.io_opt_bytes, 131072, "NOWS");
	CHECK_EQ(t.physical_block_bytes, 4096, "a physical block never tears");
	/* The same fields are meaningless without the OPTPERF claim. */
	id.nsfeat = 0;
	cnv_ns_topology_decode(&id, 7, 9, &t);
	CHECK_EQ(t.io_min_bytes, 512, "NPWG unclaimed");
	CHECK_EQ(t.io_opt_bytes, 0, "NOWS unclaimed");

	/* 3 blocks preferred: io_min keeps it, the physical block is a power of two. */
	id.nsfeat = CNV_NSFEAT_OPTPERF;
	id.npwg = cpu_to_le16(2);
	id.nows = 0;
	cnv_ns_topology_decode(&id, 7, 9, &t);
	CHECK_EQ(t.io_min_bytes, 1536, "three blocks");
	CHECK_EQ(t.physical_block_bytes, 1024, "rounded down to a power of two");

	/* The namespace's own NAWUPF and boundary replace the controller's. */
	id.npwg = 0;
	id.nsfeat = CNV_NSFEAT_OPTPERF | CNV_NSFEAT_ATOMICS;
	id.nawupf = cpu_to_le16(7);
	id.nabspf = cpu_to_le16(15);
	cnv_ns_topology_decode(&id, 63, 12, &t);
	CHECK_EQ(t.atomic_bytes, 32768, "NAWUPF at 4 KiB blocks");
	CHECK_EQ(t.atomic_boundary_bytes, 65536, "NABSPF");
	CHECK(cnv_atomic_write_fits(&t, 0, 32768), "whole unit at 0");
	CHECK(cnv_atomic_write_fits(&t, 32768, 32768), "ends on the boundary");
	CHECK(!cnv_atomic_write_fits(&t, 49152, 32768), "crosses the boundary");
	CHECK(!cnv_atomic_write_fits(&t, 0, 36864), "larger than NAWUPF");
	CHECK(!cnv_atomic_write_fits(&t, 0, 0), "empty");
	/* An I/O boundary the atomic boundary does not divide: not describable. */
	id.noiob = cpu_to_le16(8);
	cnv_ns_topology_decode(&id, 63, 12, &t);
	CHECK_EQ(t.io_boundary_bytes, 32768, "NOIOB");
	CHECK_EQ(t.atomic_bytes, 0, "atomics not offered");
	CHECK_EQ(t.physical_block_bytes, 4096, "one block");
	/* Zones replace NOIOB; 4 MiB zones are a multiple of the boundary. */
	id.noiob = 0;
	cnv_ns_topology_decode(&id, 63, 12, &t);
	cnv_ns_topology_zoned(&t, 4u << 20);
	CHECK_EQ(t.io_boundary_bytes, 0, "no NOIOB on a zoned namespace");
	CHECK_EQ(t.atomic_bytes, 32768, "atomics within zones");
	CHECK_EQ(t.physical_block_bytes, 4096, "NPWG's physical block");
	cnv_ns_topology_zoned(&t, 32768);
	CHECK_EQ(t.atomic_bytes, 0, "zones smaller than the atomic boundary");
	/* A boundary below the unit shrinks the unit. */
	id.nabspf = cpu_to_le16(3);
	cnv_ns_topology_decode(&id, 63, 12, &t);
	CHECK_EQ(t.atomic_bytes, 16384, "unit cut to the boundary");
	/* Boundaries with an offset, or not a power of two: not offered. */
	id.nabspf = cpu_to_le16(2);
	cnv_ns_topology_decode(&id, 63, 12, &t);
	CHECK_EQ(t.atomic_bytes, 0, "boundary of 3 blocks");
	id.nabspf = cpu_to_le16(15);
	id.nabo = cpu_to_le16(1);
	cnv_ns_topology_decode(&id, 63, 12, &t);
	CHECK_EQ(t.atomic_bytes, 0, "NABO");
	CHECK_EQ(t.atomic_boundary_bytes, 0, "NABO: no boundary");

	/* NOIOB not a power of two is ignored; huge values are capped. */
	memset(&id, 0, sizeof(id));
	id.nsfeat = CNV_NSFEAT_OPTPERF;
	id.noiob = cpu_to_le16(24);
	id.npwg = cpu_to_le16(0xffff);
	id.nows = cpu_to_le16(0xffff);
	cnv_ns_topology_decode(&id, 0xffff, 16, &t);
	CHECK_EQ(t.io_boundary_bytes, 0, "NOIOB of 24 blocks");
	CHECK_EQ(t.io_min_bytes, CNV_TOPOLOGY_MAX_BYTES, "NPWG capped");
	CHECK_EQ(t.io_opt_bytes, CNV_TOPOLOGY_MAX_BYTES, "NOWS capped");
	CHECK_EQ(t.atomic_bytes, CNV_TOPOLOGY_MAX_BYTES, "AWUPF capped");
	CHECK_EQ(t.physical_block_bytes, CNV_TOPOLOGY_MAX_BYTES, "a power of two");
}

static void test_active_namespace_list(void)
{
	__le32 list[8] = { 0 };

	list[0] = cpu_to_le32(1);
	list[1] = cpu_to_le32(2);
	list[2] = cpu_to_le32(5);
	CHECK_EQ(cnv_ns_list_valid(list, 8, 8), 3, "ends at the zero");
	list[3] = cpu_to_le32(4);
	CHECK_EQ(cnv_ns_list_valid(list, 8, 8), 3, "stops at a decrease");
	list[3] = cpu_to_le32(9);
	CHECK_EQ(cnv_ns_list_valid(list, 8, 8), 3, "stops past NN");
	list[1] = cpu_to_le32(1);
	CHECK_EQ(cnv_ns_list_valid(list, 8, 8), 1, "stops at a duplicate");
	for (int i = 0; i < 8; i++)
		list[i] = cpu_to_le32(i + 1);
	CHECK_EQ(cnv_ns_list_valid(list, 8, 8), 8, "a full list");
}

static void test_identify_strings(void)
{
	char out[8];
	const char sn[6] = { 'A', 'B', ' ', 'C', ' ', ' ' };
	const char bad[4] = { 'x', '\n', 0x7f, 'y' };

	cnv_id_string(out, sizeof(out), sn, sizeof(sn));
	CHECK(strcmp(out, "AB C") == 0, "trimmed to '%s'", out);
	cnv_id_string(out, sizeof(out), bad, sizeof(bad));
	CHECK(strcmp(out, "x  y") == 0, "control bytes replaced: '%s'", out);
	cnv_id_string(out, 4, "ABCDEFGH", 8);
	CHECK(strcmp(out, "ABC") == 0, "truncated to '%s'", out);
}

static size_t put_desc(u8 *buf, size_t pos, u8 type, u8 len, u8 fill)
{
	buf[pos] = type;
	buf[pos + 1] = len;
	memset(buf + pos + 4, fill, len);
	return pos + 4 + len;
}

static void test_namespace_id_descriptors(void)
{
	static u8 buf[4096];
	struct cnv_ns_ids ids;
	size_t pos = 0;

	memset(buf, 0, sizeof(buf));
	memset(&ids, 0, sizeof(ids));
	pos = put_desc(buf, pos, CNV_NIDT_EUI64, 8, 0x11);
	pos = put_desc(buf, pos, 9, 5, 0xee);		/* unknown type: skipped */
	pos = put_desc(buf, pos, CNV_NIDT_NGUID, 16, 0x22);
	pos = put_desc(buf, pos, CNV_NIDT_UUID, 16, 0x33);
	pos = put_desc(buf, pos, CNV_NIDT_CSI, 1, 0x02);
	CHECK_EQ(cnv_ns_ids_parse(buf, sizeof(buf), &ids), 0, "well-formed list");
	CHECK(ids.eui64[0] == 0x11 && ids.eui64[7] == 0x11, "EUI-64");
	CHECK(ids.nguid[0] == 0x22 && ids.nguid[15] == 0x22, "NGUID");
	CHECK(ids.uuid[0] == 0x33 && ids.uuid[15] == 0x33, "UUID");
	CHECK_EQ(ids.csi, 2, "CSI");

	memset(buf, 0, sizeof(buf));
	memset(&ids, 0, sizeof(ids));
	put_desc(buf, 0, CNV_NIDT_UUID, 8, 0x44);	/* a UUID is 16 bytes */
	CHECK_EQ(cnv_ns_ids_parse(buf, sizeof(buf), &ids), (uint64_t)-EINVAL, "short UUID");
	CHECK(ids.uuid[0] == 0, "the bad UUID was not copied");

	/*
	 * Unknown descriptors fill the page up to 4080, where an NGUID header
	 * claims 16 bytes: its data would end 4 bytes past the buffer.
	 */
	memset(buf, 0, sizeof(buf));
	for (pos = 0; pos + 254 <= 4080 - 4; pos += 254) {
		buf[pos] = 9;
		buf[pos + 1] = 250;
	}
	buf[pos] = 9;
	buf[pos + 1] = (u8)(4080 - pos - 4);
	buf[4080] = CNV_NIDT_NGUID;
	buf[4081] = 16;
	CHECK_EQ(cnv_ns_ids_parse(buf, sizeof(buf), &ids), (uint64_t)-EINVAL, "descriptor past the end");

	memset(buf, 0, sizeof(buf));
	memset(&ids, 0, sizeof(ids));
	ids.eui64[0] = 0x55;	/* from Identify Namespace */
	CHECK_EQ(cnv_ns_ids_parse(buf, sizeof(buf), &ids), 0, "empty list");
	CHECK_EQ(ids.eui64[0], 0x55, "an empty list keeps what Identify reported");
}

int main(void)
{
	RUN(test_cap_in_real_units);
	RUN(test_controller_memory_buffer);
	RUN(test_page_size_choice);
	RUN(test_mdts);
	RUN(test_shutdown_budget);
	RUN(test_granted_queues);
	RUN(test_dealloc_limits);
	RUN(test_namespace_formats);
	RUN(test_namespace_topology);
	RUN(test_active_namespace_list);
	RUN(test_identify_strings);
	RUN(test_namespace_id_descriptors);
	return unit_finish();
}

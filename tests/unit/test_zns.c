// SPDX-License-Identifier: GPL-2.0
/* Zoned namespaces: the zone model from Identify and zone report descriptors. */
#include "unit.h"
#include "lib/zns.h"

static struct cnv_id_ns_zns id;

/* QEMU's zoned namespace: no ZOC, 0's based limits or all ones for none. */
static void zns_id(u64 zsze, u32 mor, u32 mar)
{
	memset(&id, 0, sizeof(id));
	id.lbafe[0].zsze = cpu_to_le64(zsze);
	id.lbafe[3].zsze = cpu_to_le64(zsze / 8);
	id.mor = cpu_to_le32(mor);
	id.mar = cpu_to_le32(mar);
}

static void test_zone_model(void)
{
	struct cnv_zoned_info z;

	zns_id(16384, 15, 31);	/* 8 MiB zones of 512 B blocks */
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 16384 * 16, 9, &z), CNV_NS_USABLE, "usable");
	CHECK_EQ(z.zone_blocks, 16384, "zone blocks");
	CHECK_EQ(z.max_open, 16, "MOR is 0's based");
	CHECK_EQ(z.max_active, 32, "MAR is 0's based");
	/* The format in use picks the zone size: 4 KiB blocks in format 3. */
	CHECK_EQ(cnv_zns_ns_decode(&id, 3, 2048 * 16, 12, &z), CNV_NS_USABLE, "format 3");
	CHECK_EQ(z.zone_blocks, 2048, "zone blocks of format 3");

	zns_id(16384, 0xffffffff, 0xffffffff);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 16384, 9, &z), CNV_NS_USABLE, "no limits");
	CHECK_EQ(z.max_open, 0, "no open limit");
	CHECK_EQ(z.max_active, 0, "no active limit");
	/* An open limit above the active one cannot be reached. */
	zns_id(16384, 0xffffffff, 7);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 16384, 9, &z), CNV_NS_USABLE, "active limit only");
	CHECK_EQ(z.max_open, 8, "open limited by active");
	CHECK_EQ(z.max_active, 8, "active limit");
}

static void test_zone_models_refused(void)
{
	struct cnv_zoned_info z = { 0 };

	zns_id(16384, 15, 15);
	id.zoc = cpu_to_le16(1);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 16384 * 4, 9, &z), CNV_NS_ZONE_OPERATIONS, "variable capacity");
	id.zoc = cpu_to_le16(2);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 16384 * 4, 9, &z), CNV_NS_ZONE_OPERATIONS, "active excursions");
	zns_id(12288, 15, 15);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 12288 * 4, 9, &z), CNV_NS_ZONE_SIZE, "not a power of two");
	zns_id(0, 15, 15);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 16384, 9, &z), CNV_NS_ZONE_SIZE, "zero zone size");
	zns_id(16384, 15, 15);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 16384 * 4 + 1, 9, &z), CNV_NS_ZONE_SIZE, "a partial zone");
	/* 2 TiB zones of 4 KiB blocks: 2^32 sectors, one too many. */
	zns_id(1ull << 29, 15, 15);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 1ull << 29, 12, &z), CNV_NS_ZONE_SIZE, "zone of 2^32 sectors");
	zns_id(1ull << 28, 15, 15);
	CHECK_EQ(cnv_zns_ns_decode(&id, 0, 1ull << 28, 12, &z), CNV_NS_USABLE, "zone of 2^31 sectors");
	CHECK_EQ(cnv_zns_ns_decode(&id, 64, 1ull << 28, 12, &z), CNV_NS_BAD_FORMAT, "format index");
	CHECK_EQ(z.zone_blocks, 1ull << 28, "refusals leave the output alone");
}

static void test_zone_append_limit(void)
{
	CHECK_EQ(cnv_zone_append_max_bytes(0, 12, 1u << 20), 1u << 20, "ZASL 0: the transfer limit");
	CHECK_EQ(cnv_zone_append_max_bytes(5, 12, 1u << 20), 128u << 10, "ZASL 5 of 4 KiB pages");
	CHECK_EQ(cnv_zone_append_max_bytes(9, 12, 1u << 20), 1u << 20, "ZASL above MDTS");
	CHECK_EQ(cnv_zone_append_max_bytes(255, 12, 4u << 20), 4u << 20, "ZASL past 32 bits");
	CHECK_EQ(cnv_zone_append_max_bytes(19, 13, 4u << 20), 4u << 20, "2^32 bytes");
}

static struct cnv_zone_desc desc(u8 state, u64 start, u64 cap, u64 wp)
{
	struct cnv_zone_desc d;

	memset(&d, 0, sizeof(d));
	d.zt = CNV_ZONE_TYPE_SEQ_WRITE;
	d.zs = state << 4;
	d.zslba = cpu_to_le64(start);
	d.zcap = cpu_to_le64(cap);
	d.wp = cpu_to_le64(wp);
	return d;
}

static void test_zone_descriptors(void)
{
	struct cnv_zone z;
	struct cnv_zone_desc d;

	d = desc(CNV_ZS_EMPTY, 32768, 16000, 32768);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 32768, &z), 0, "empty zone");
	CHECK_EQ(z.start, 32768, "start");
	CHECK_EQ(z.len, 16384, "length is the zone size");
	CHECK_EQ(z.capacity, 16000, "capacity");
	CHECK_EQ(z.wp, 32768, "write pointer");
	CHECK_EQ(z.cond, CNV_ZS_EMPTY, "condition");

	d = desc(CNV_ZS_IMPLICIT_OPEN, 0, 16384, 100);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 0, &z), 0, "open zone");
	CHECK_EQ(z.wp, 100, "open zone's write pointer");
	d = desc(CNV_ZS_CLOSED, 0, 16000, 16000);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 0, &z), 0, "closed at its capacity");
	/* The write pointer is not valid when full, read only or offline. */
	for (u8 s = CNV_ZS_READ_ONLY; s <= CNV_ZS_OFFLINE; s++) {
		d = desc(s, 16384, 16384, 0xdeadbeef);
		CHECK(cnv_zone_decode(&d, 16384, 16384, &z) == 0, "state %u", s);
		CHECK(z.wp == 32768 && z.cond == s, "state %u: wp %llu", s, (unsigned long long)z.wp);
	}
}

static void test_zone_descriptors_refused(void)
{
	struct cnv_zone z;
	struct cnv_zone_desc d;

	d = desc(CNV_ZS_EMPTY, 0, 16384, 0);
	d.zt = 1;	/* conventional zones do not exist in zoned namespaces */
	CHECK_EQ(cnv_zone_decode(&d, 16384, 0, &z), -EINVAL, "zone type");
	d = desc(CNV_ZS_EMPTY, 16384, 16384, 16384);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 0, &z), -EINVAL, "out of order");
	d = desc(CNV_ZS_EMPTY, 0, 0, 0);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 0, &z), -EINVAL, "no capacity");
	d = desc(CNV_ZS_EMPTY, 0, 16385, 0);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 0, &z), -EINVAL, "capacity past the zone");
	d = desc(CNV_ZS_IMPLICIT_OPEN, 16384, 8192, 16384 + 8193);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 16384, &z), -EINVAL, "write pointer past the capacity");
	d = desc(CNV_ZS_FULL, ~0ull - 100, 16384, 0);
	CHECK_EQ(cnv_zone_decode(&d, 16384, ~0ull - 100, &z), -EINVAL, "zone past the LBA space");
	d = desc(CNV_ZS_CLOSED, 16384, 8192, 100);
	CHECK_EQ(cnv_zone_decode(&d, 16384, 16384, &z), -EINVAL, "write pointer before the zone");
	for (u8 s = 0; s < 16; s++) {
		bool known = (s >= CNV_ZS_EMPTY && s <= CNV_ZS_CLOSED) || s >= CNV_ZS_READ_ONLY;

		d = desc(s, 0, 16384, 0);
		CHECK(cnv_zone_decode(&d, 16384, 0, &z) == (known ? 0 : -EINVAL), "state %u", s);
	}
}

int main(void)
{
	RUN(test_zone_model);
	RUN(test_zone_models_refused);
	RUN(test_zone_append_limit);
	RUN(test_zone_descriptors);
	RUN(test_zone_descriptors_refused);
	return unit_finish();
}

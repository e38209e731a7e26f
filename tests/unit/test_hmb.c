// SPDX-License-Identifier: GPL-2.0
/* Host Memory Buffer sizing: the request from Identify, the pieces, the descriptors. */
#include "unit.h"
#include "lib/hmb.h"

#define MIB (1ull << 20)

static struct cnv_id_ctrl id;

/* Identify's fields, in 4 KiB units (HMMAXD in descriptors). */
static void hmb_id(u32 hmpre, u32 hmmin, u32 hmminds, u16 hmmaxd)
{
	memset(&id, 0, sizeof(id));
	id.hmpre = cpu_to_le32(hmpre);
	id.hmmin = cpu_to_le32(hmmin);
	id.hmminds = cpu_to_le32(hmminds);
	id.hmmaxd = cpu_to_le16(hmmaxd);
}

static void test_request(void)
{
	struct cnv_hmb_request r;

	/* A DRAM-less controller's shape: 64 MiB preferred, 16 MiB minimum, no piece limits. */
	hmb_id(0x4000, 0x1000, 0, 0);
	CHECK(cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r), "64 MiB request");
	CHECK_EQ(r.preferred, 64 * MIB, "preferred");
	CHECK_EQ(r.minimum, 16 * MIB, "minimum");
	CHECK_EQ(r.min_chunk, 0, "no minimum piece");
	CHECK_EQ(r.max_chunks, 256, "the host's list limit");
	/* The host's cap trims the preferred size, not the minimum. */
	CHECK(cnv_hmb_request_decode(&id, 32 * MIB, 256, 12, &r), "capped request");
	CHECK_EQ(r.preferred, 32 * MIB, "capped preferred");
	CHECK(!cnv_hmb_request_decode(&id, 8 * MIB, 256, 12, &r), "minimum above the cap");
	/* HMMINDS and HMMAXD, TP 4002. */
	hmb_id(0x4000, 0x1000, 0x200, 16);
	CHECK(cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r), "with piece limits");
	CHECK_EQ(r.min_chunk, 2 * MIB, "HMMINDS");
	CHECK_EQ(r.max_chunks, 16, "HMMAXD");
	/* Units are 4 KiB whatever the page: a 64 KiB page rounds up. */
	hmb_id(0x4001, 0x11, 0, 0);
	CHECK(cnv_hmb_request_decode(&id, 128 * MIB, 256, 16, &r), "64 KiB pages");
	CHECK_EQ(r.preferred, 64 * MIB + 64 * 1024, "preferred in whole pages");
	CHECK_EQ(r.minimum, 128 * 1024, "minimum in whole pages");

	hmb_id(0, 0, 0, 0);
	CHECK(!cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r), "nothing asked");
	hmb_id(0x100, 0x200, 0, 0);
	CHECK(!cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r), "minimum above preferred");
	hmb_id(0x100, 0x100, 0, 0);
	CHECK(!cnv_hmb_request_decode(&id, 0, 256, 12, &r), "host gives nothing");
	hmb_id(0x4000, 0x100, 0x8000, 0);
	CHECK(!cnv_hmb_request_decode(&id, 64 * MIB, 256, 12, &r), "one piece above the cap");
}

/* Pieces for @r in chunks of @chunk: they cover the preferred size within the limits. */
static void check_pieces(const struct cnv_hmb_request *r, u64 chunk, const char *what)
{
	u64 done = 0, len;
	u32 n = 0;

	while (n < r->max_chunks && (len = cnv_hmb_next_len(r, chunk, done, 12))) {
		CHECK(len <= chunk && len >= r->min_chunk && !(len & 4095),
		      "%s: piece %u of %llu bytes", what, n, (unsigned long long)len);
		done += len;
		n++;
	}
	CHECK(done >= r->preferred && done < r->preferred + chunk + r->min_chunk,
	      "%s: %llu bytes in %u pieces for %llu", what, (unsigned long long)done, n,
	      (unsigned long long)r->preferred);
}

static void test_pieces(void)
{
	struct cnv_hmb_request r;
	u64 chunk;

	hmb_id(0x4000, 0x1000, 0, 0);
	cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r);
	/* The smallest pieces that cover it in 256 descriptors: easiest to find. */
	chunk = cnv_hmb_first_chunk(&r, 4 * MIB, 12);
	CHECK_EQ(chunk, 256 * 1024, "first chunk");
	check_pieces(&r, chunk, "256 KiB pieces");
	for (; cnv_hmb_chunk_usable(&r, chunk, 12); chunk >>= 1)
		;
	CHECK_EQ(chunk, 2048, "halving stops below a page");

	/* 16 descriptors of at least 2 MiB: 64 MiB needs 4 MiB pieces, never less. */
	hmb_id(0x4000, 0x1000, 0x200, 16);
	cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r);
	chunk = cnv_hmb_first_chunk(&r, 4 * MIB, 12);
	CHECK_EQ(chunk, 4 * MIB, "first chunk covers preferred in HMMAXD pieces");
	check_pieces(&r, chunk, "HMMAXD pieces");
	/* The host's largest piece wins over covering everything, HMMINDS over both. */
	CHECK_EQ(cnv_hmb_first_chunk(&r, 2 * MIB, 12), 2 * MIB, "host cap");
	CHECK_EQ(cnv_hmb_first_chunk(&r, 1 * MIB, 12), 2 * MIB, "HMMINDS above the host cap");
	CHECK(!cnv_hmb_chunk_usable(&r, 1 * MIB, 12), "below HMMINDS");
	/* A preferred size that is not a multiple of the chunk: the last piece is smaller. */
	hmb_id(0x1801, 0x100, 0, 0);
	cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r);
	check_pieces(&r, 4 * MIB, "uneven preferred");
	CHECK_EQ(cnv_hmb_next_len(&r, 4 * MIB, 24 * MIB, 12), 4096, "the last piece is one page");
	/* ... but never below HMMINDS. */
	hmb_id(0x1801, 0x100, 0x100, 0);
	cnv_hmb_request_decode(&id, 128 * MIB, 256, 12, &r);
	CHECK_EQ(cnv_hmb_next_len(&r, 4 * MIB, 24 * MIB, 12), MIB, "the last piece at HMMINDS");
}

static void test_descriptor(void)
{
	struct cnv_hmb_desc d;

	memset(&d, 0xff, sizeof(d));
	cnv_hmb_desc_set(&d, 0x123456000ull, 4 * MIB, 12);
	CHECK_EQ(le64_to_cpu(d.addr), 0x123456000ull, "address");
	CHECK_EQ(le32_to_cpu(d.pages), 1024, "size in pages");
	CHECK(!d.rsvd12, "reserved bytes cleared");
	cnv_hmb_desc_set(&d, 0x10000, 4 * MIB, 16);
	CHECK_EQ(le32_to_cpu(d.pages), 64, "size in 64 KiB pages");
}

int main(void)
{
	RUN(test_request);
	RUN(test_pieces);
	RUN(test_descriptor);
	return unit_finish();
}

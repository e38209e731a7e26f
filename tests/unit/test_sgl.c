// SPDX-License-Identifier: GPL-2.0
/*
 * SGL construction checked against a model controller reading the
 * descriptors as NVMe Base 4.3 defines them: SGL1 is either the one Data
 * Block or a Last Segment pointing at a list of Data Blocks, and the
 * blocks must be exactly the segments, in order.
 */
#include "unit.h"
#include "lib/sgl.h"

#define PS 4096u
#define LIST_DMA 0x7f0000001000ull

struct seg {
	uint64_t addr;
	uint32_t len;
};

static struct cnv_sgl_desc list_mem[PS / sizeof(struct cnv_sgl_desc)];

/* The controller's view: 0 when @sgl1 describes @segs, else why not. */
static const char *model_walk(const struct cnv_sgl_desc *sgl1, const struct seg *segs,
			      uint32_t n)
{
	const struct cnv_sgl_desc *blocks = sgl1;
	uint32_t count = 1;

	if (sgl1->rsvd[0] || sgl1->rsvd[1] || sgl1->rsvd[2])
		return "reserved bytes of SGL1 set";
	if (sgl1->id == CNV_SGL_LAST_SEGMENT << 4) {
		uint32_t len = le32_to_cpu(sgl1->length);

		if (le64_to_cpu(sgl1->addr) != LIST_DMA)
			return "Last Segment points elsewhere";
		if (len % sizeof(*sgl1) || len == 0 || len > PS)
			return "Last Segment length not a whole list";
		blocks = list_mem;
		count = len / sizeof(*sgl1);
	} else if (sgl1->id != CNV_SGL_DATA_BLOCK << 4) {
		return "SGL1 neither Data Block nor Last Segment";
	}
	if (count != n)
		return "descriptor count differs from segment count";
	for (uint32_t i = 0; i < count; i++) {
		if (blocks[i].id != CNV_SGL_DATA_BLOCK << 4)
			return "list entry is not a Data Block";
		if (blocks[i].rsvd[0] || blocks[i].rsvd[1] || blocks[i].rsvd[2])
			return "reserved bytes of a list entry set";
		if (le64_to_cpu(blocks[i].addr) != segs[i].addr ||
		    le32_to_cpu(blocks[i].length) != segs[i].len)
			return "a Data Block differs from its segment";
	}
	return NULL;
}

static const char *build_and_walk(const struct seg *segs, uint32_t n)
{
	struct cnv_sqe cmd;
	struct cnv_sgl_fill fill;

	memset(&cmd, 0xa5, sizeof(cmd));
	memset(list_mem, 0xa5, sizeof(list_mem));
	cnv_sgl_fill_init(&fill, &cmd.sgl1, n, list_mem, LIST_DMA);
	for (uint32_t i = 0; i < n; i++)
		cnv_sgl_fill_seg(&fill, segs[i].addr, segs[i].len);
	return model_walk(&cmd.sgl1, segs, n);
}

static void test_descriptor_encoding(void)
{
	struct cnv_sgl_desc d;
	const uint8_t *b = (const uint8_t *)&d;

	cnv_sgl_set(&d, 0x1122334455667788ull, 0x10000, CNV_SGL_LAST_SEGMENT);
	CHECK_EQ(b[0], 0x88, "address byte 0");
	CHECK_EQ(b[7], 0x11, "address byte 7");
	CHECK_EQ(b[8] | b[9] << 8 | b[10] << 16 | (uint32_t)b[11] << 24, 0x10000, "length");
	CHECK_EQ(b[15], 0x30, "identifier: type 3 (Last Segment), subtype 0 (address)");
	cnv_sgl_set(&d, 0, 512, CNV_SGL_DATA_BLOCK);
	CHECK_EQ(b[15], 0x00, "identifier: type 0 (Data Block)");
}

static void test_one_segment_stays_in_the_command(void)
{
	struct seg s[] = { { 0x100200, 1u << 20 } };

	CHECK(!build_and_walk(s, 1), "%s", build_and_walk(s, 1));
}

static void test_list_of_segments(void)
{
	static struct seg s[PS / sizeof(struct cnv_sgl_desc)];
	uint32_t counts[] = { 2, 3, 17, PS / sizeof(struct cnv_sgl_desc) };

	for (uint32_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		for (uint32_t i = 0; i < counts[c]; i++)
			s[i] = (struct seg){ 0x40000000ull + i * 0x30000 + (i & 1) * 512,
					     65536 - (i % 3) * 512 };
		const char *why = build_and_walk(s, counts[c]);

		CHECK(!why, "%u segments: %s", counts[c], why);
	}
}

static void test_random_transfers(void)
{
	static struct seg s[PS / sizeof(struct cnv_sgl_desc)];

	srand(7);
	for (int round = 0; round < 5000; round++) {
		uint32_t n = 1 + (uint32_t)rand() % cnv_sgl_list_capacity(PS);

		for (uint32_t i = 0; i < n; i++)
			s[i] = (struct seg){ ((uint64_t)rand() << 12) | (uint32_t)(rand() % 8) * 512,
					     512u * (1 + (uint32_t)rand() % 2048) };
		const char *why = build_and_walk(s, n);

		CHECK(!why, "round %d, %u segments: %s", round, n, why);
		if (why)
			break;
	}
}

static void test_preference(void)
{
	uint32_t cap = cnv_sgl_list_capacity(PS);

	CHECK_EQ(cap, 256, "descriptors in a 4 KiB list page");
	CHECK(!cnv_sgl_preferred(4096, 1, 32768, PS), "4 KiB stays on PRPs");
	CHECK(cnv_sgl_preferred(32768, 1, 32768, PS), "one 32 KiB segment takes an SGL");
	CHECK(cnv_sgl_preferred(1u << 20, 32, 32768, PS), "1 MiB in 32 segments");
	CHECK(!cnv_sgl_preferred(1u << 20, 33, 32768, PS), "1 MiB in 33 segments averages below");
	CHECK(!cnv_sgl_preferred(64u << 20, cap + 1, 32768, PS),
	      "more segments than a list page holds");
	CHECK(cnv_sgl_preferred(64u << 20, cap, 32768, PS), "exactly a list page");
	CHECK(!cnv_sgl_preferred(UINT32_MAX - 1, 1, UINT32_MAX, PS), "U32_MAX turns SGLs off");
	CHECK(cnv_sgl_preferred(512, 1, 512, PS), "a low threshold takes small transfers too");
}

int main(void)
{
	RUN(test_descriptor_encoding);
	RUN(test_one_segment_stays_in_the_command);
	RUN(test_list_of_segments);
	RUN(test_random_transfers);
	RUN(test_preference);
	return unit_finish();
}

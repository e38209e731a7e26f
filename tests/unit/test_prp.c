// SPDX-License-Identifier: GPL-2.0
/*
 * PRP construction checked against an independent reading of the spec: a
 * model controller walks PRP1, PRP2 and the list pages (following chain
 * pointers) and must find exactly the bytes the segments described.
 */
#include "prp_model.h"

static void test_single_page_needs_only_prp1(void)
{
	struct seg s[] = { { 0x100000 + 512, 1024 } };
	struct cnv_prp_fill fill;

	check_transfer(s, 1, "one sector");
	cnv_prp_fill_init(&fill, PS, 1, NULL);
	cnv_prp_fill_seg(&fill, s[0].addr, s[0].len);
	CHECK_EQ(fill.prp2, 0, "PRP2 of a one-page transfer");
}

static void test_two_pages_use_prp2_as_data(void)
{
	struct seg s[] = { { 0x200000 + 3072, 4096 } };
	struct cnv_prp_count c;

	cnv_prp_count_init(&c, PS);
	cnv_prp_count_seg(&c, s[0].addr, s[0].len, true);
	CHECK_EQ(c.entries, 2, "entries for 4 KiB at offset 3 KiB");
	CHECK_EQ(cnv_prp_list_pages(c.entries, PS), 0, "list pages for two entries");
	check_transfer(s, 1, "4 KiB across a page boundary");
}

static void test_list_page_counts_at_chain_boundaries(void)
{
	CHECK_EQ(cnv_prp_list_pages(1, PS), 0, "1 entry");
	CHECK_EQ(cnv_prp_list_pages(2, PS), 0, "2 entries");
	CHECK_EQ(cnv_prp_list_pages(3, PS), 1, "3 entries");
	CHECK_EQ(cnv_prp_list_pages(PER_PAGE + 1, PS), 1, "a full list page");
	CHECK_EQ(cnv_prp_list_pages(PER_PAGE + 2, PS), 2, "one past a full page");
	CHECK_EQ(cnv_prp_list_pages(2 * PER_PAGE, PS), 2, "two pages, last full");
	CHECK_EQ(cnv_prp_list_pages(2 * PER_PAGE + 1, PS), 3, "one past two pages");
	/* cnvme's largest transfer: 4 MiB plus an offset. */
	CHECK_EQ(cnv_prp_list_pages(1025, PS), 3, "4 MiB with an offset");
}

static void test_exact_chain_boundaries_walk_correctly(void)
{
	static struct seg s[1];
	/* Entries: 1 (PRP1) + list entries; make the list exactly fill pages. */
	uint32_t list_entries[] = { PER_PAGE, PER_PAGE + 1, 2 * PER_PAGE - 1,
				    2 * PER_PAGE, 1024 };

	for (unsigned int i = 0; i < sizeof(list_entries) / sizeof(list_entries[0]); i++) {
		char what[64];

		s[0] = (struct seg){ 0x40000000, (list_entries[i] + 1) * PS };
		snprintf(what, sizeof(what), "%u list entries", list_entries[i]);
		check_transfer(s, 1, what);
	}
}

static void test_scattered_pages(void)
{
	static struct seg s[300];
	uint64_t page = 0x1000;

	s[0] = (struct seg){ page * PS + 2048, 2048 };
	for (int i = 1; i < 299; i++) {
		page += 3;	/* never contiguous, so nothing merges */
		s[i] = (struct seg){ page * PS, PS };
	}
	s[299] = (struct seg){ (page + 5) * PS, 1536 };
	check_transfer(s, 300, "300 scattered segments");
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_random_transfers(void)
{
	static struct seg s[1100];

	for (int round = 0; round < 2000; round++) {
		int n = 1 + (int)(next_rand() % 40);
		uint64_t page = 0x10000 + next_rand() % 0x100000;
		uint32_t entries = 0;

		if (round % 50 == 0)
			n = 700 + (int)(next_rand() % 300);	/* chained lists */
		for (int i = 0; i < n; i++) {
			uint32_t pages_in = 1 + (uint32_t)(next_rand() % 4);
			uint32_t off = 0, len = pages_in * PS;

			if (i == 0) {
				off = (uint32_t)(next_rand() % (PS / 512)) * 512;
				len -= off;
			}
			if (i == n - 1) {
				uint32_t cut = (uint32_t)(next_rand() % (PS / 512)) * 512;

				if (cut < len)
					len -= cut;
			}
			s[i] = (struct seg){ page * PS + off, len };
			page += pages_in + (next_rand() % 2);
			entries += pages_in;
		}
		if (entries > 1025 + 40)
			continue;
		char what[48];

		snprintf(what, sizeof(what), "random transfer %d", round);
		check_transfer(s, n, what);
	}
}

/* The fast path's shortcut agrees with the two-pass builder. */
static void test_two_page_shortcut_matches_builder(void)
{
	for (int round = 0; round < 20000; round++) {
		uint32_t off = (uint32_t)(next_rand() % (PS / 4)) * 4;
		uint32_t len = 1 + (uint32_t)(next_rand() % (2 * PS - off));
		uint64_t addr = (0x10000 + next_rand() % 0x100000) * PS + off;
		struct cnv_prp_fill fill;
		struct cnv_prp_count c;

		cnv_prp_count_init(&c, PS);
		cnv_prp_count_seg(&c, addr, len, true);
		CHECK(c.entries <= 2, "%u bytes at offset %u need %u entries", len, off, c.entries);
		cnv_prp_fill_init(&fill, PS, c.entries, NULL);
		cnv_prp_fill_seg(&fill, addr, len);
		CHECK_EQ(cnv_prp_two_pages(addr, len, PS), fill.prp2, "PRP2 of the shortcut");
		if (unit_checks_failed)
			return;
	}
}

static void test_misaligned_segments_are_refused(void)
{
	struct cnv_prp_count c;

	cnv_prp_count_init(&c, PS);
	cnv_prp_count_seg(&c, 0x1000, 2048, false);	/* ends mid-page, not last */
	cnv_prp_count_seg(&c, 0x5000, 4096, true);
	CHECK(c.misaligned, "a middle segment ending mid-page");

	cnv_prp_count_init(&c, PS);
	cnv_prp_count_seg(&c, 0x1000, 4096, false);
	cnv_prp_count_seg(&c, 0x5200, 512, true);	/* later segment with an offset */
	CHECK(c.misaligned, "a later segment starting mid-page");

	cnv_prp_count_init(&c, PS);
	cnv_prp_count_seg(&c, 0x1002, 512, true);	/* not dword aligned */
	CHECK(c.misaligned, "PRP1 not dword aligned");

	cnv_prp_count_init(&c, PS);
	cnv_prp_count_seg(&c, 0x1000, 0, true);
	CHECK(c.misaligned, "an empty segment");
}

int main(void)
{
	RUN(test_single_page_needs_only_prp1);
	RUN(test_two_pages_use_prp2_as_data);
	RUN(test_list_page_counts_at_chain_boundaries);
	RUN(test_exact_chain_boundaries_walk_correctly);
	RUN(test_scattered_pages);
	RUN(test_random_transfers);
	RUN(test_two_page_shortcut_matches_builder);
	RUN(test_misaligned_segments_are_refused);
	return unit_finish();
}

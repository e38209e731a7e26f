// SPDX-License-Identifier: GPL-2.0
/*
 * PRP construction checked against an independent reading of the spec: a
 * model controller walks PRP1, PRP2 and the list pages (following chain
 * pointers) and must find exactly the bytes the segments described.
 */
#include "unit.h"
#include "lib/prp.h"

#define PS 4096u
#define PER_PAGE (PS / 8)
#define MAX_PAGES 8
#define LIST_BASE 0x7f0000000000ull

struct seg {
	uint64_t addr;
	uint32_t len;
};

static __le64 list_mem[MAX_PAGES][PER_PAGE];
static struct cnv_prp_page pages[MAX_PAGES];

static void setup_pages(void)
{
	memset(list_mem, 0xa5, sizeof(list_mem));
	for (int i = 0; i < MAX_PAGES; i++) {
		pages[i].entries = list_mem[i];
		pages[i].dma = LIST_BASE + (uint64_t)i * 0x10000;
	}
}

static __le64 *list_at(uint64_t dma)
{
	for (int i = 0; i < MAX_PAGES; i++)
		if (pages[i].dma == dma)
			return list_mem[i];
	return NULL;
}

/* The controller's view (NVMe Base 4.1.1): returns ranges, merged. */
static int model_walk(uint64_t prp1, uint64_t prp2, uint64_t total,
		      struct seg *outv, int max, int *list_pages_used)
{
	int n = 0;
	uint64_t left = total;

	*list_pages_used = 0;
#define EMIT(a, l)                                                            \
	do {                                                                  \
		if (n && outv[n - 1].addr + outv[n - 1].len == (a))          \
			outv[n - 1].len += (l);                               \
		else if (n < max)                                             \
			outv[n++] = (struct seg){ (a), (l) };                 \
	} while (0)
	uint64_t first = PS - (prp1 % PS);

	if (first > left)
		first = left;
	EMIT(prp1, (uint32_t)first);
	left -= first;
	if (!left)
		return n;
	if (left <= PS) {
		if (prp2 % PS)
			return -1;
		EMIT(prp2, (uint32_t)left);
		return n;
	}
	__le64 *list = list_at(prp2);
	unsigned int slot = 0;

	if (!list)
		return -2;
	(*list_pages_used)++;
	while (left) {
		uint64_t e = le64toh(list[slot]);

		if (slot == PER_PAGE - 1 && left > PS) {
			list = list_at(e);
			if (!list)
				return -3;
			(*list_pages_used)++;
			slot = 0;
			continue;
		}
		if (e % PS)
			return -4;
		uint64_t l = left < PS ? left : PS;

		EMIT(e, (uint32_t)l);
		left -= l;
		slot++;
	}
	return n;
#undef EMIT
}

static int merge(const struct seg *in, int n, struct seg *out)
{
	int m = 0;

	for (int i = 0; i < n; i++) {
		if (m && out[m - 1].addr + out[m - 1].len == in[i].addr)
			out[m - 1].len += in[i].len;
		else
			out[m++] = in[i];
	}
	return m;
}

/* Builds PRPs for @segs and checks the model controller reads them back. */
static void check_transfer(const struct seg *segs, int n, const char *what)
{
	struct cnv_prp_count count;
	struct cnv_prp_fill fill;
	uint64_t total = 0;
	static struct seg want[4096], got[4096];
	int used;

	setup_pages();
	cnv_prp_count_init(&count, PS);
	for (int i = 0; i < n; i++) {
		cnv_prp_count_seg(&count, segs[i].addr, segs[i].len, i == n - 1);
		total += segs[i].len;
	}
	CHECK(!count.misaligned, "%s: valid segments reported misaligned", what);
	uint32_t need = cnv_prp_list_pages(count.entries, PS);

	CHECK(need <= MAX_PAGES, "%s: %u list pages", what, need);
	if (need > MAX_PAGES)
		return;
	cnv_prp_fill_init(&fill, PS, count.entries, pages);
	for (int i = 0; i < n; i++)
		cnv_prp_fill_seg(&fill, segs[i].addr, segs[i].len);
	CHECK_EQ(fill.emitted, count.entries, what);

	int w = merge(segs, n, want);
	int g = model_walk(fill.prp1, fill.prp2, total, got, 4096, &used);

	CHECK(g == w, "%s: controller saw %d ranges, expected %d", what, g, w);
	for (int i = 0; i < w && i < g; i++)
		CHECK(got[i].addr == want[i].addr && got[i].len == want[i].len,
		      "%s: range %d is %#" PRIx64 "+%u, expected %#" PRIx64 "+%u", what, i,
		      got[i].addr, got[i].len, want[i].addr, want[i].len);
	CHECK_EQ(used, need, "list pages the controller walked");
}

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
	RUN(test_misaligned_segments_are_refused);
	return unit_finish();
}

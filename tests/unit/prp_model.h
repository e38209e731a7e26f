/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model NVMe controller for PRP tests (NVMe Base 4.1.1): it walks PRP1,
 * PRP2 and the list pages, following chain pointers, and must find exactly
 * the bytes the segments described. Shared by the unit test and the fuzz
 * target; failures are reported through unit.h's CHECK.
 */
#ifndef CNVME_PRP_MODEL_H
#define CNVME_PRP_MODEL_H

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

#endif

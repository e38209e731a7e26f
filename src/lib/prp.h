/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical Region Page (PRP) construction, NVMe Base Specification 4.1.1.
 *
 * A transfer is described by DMA segments. PRP entry 1 may start anywhere
 * (dword aligned); every later entry is a whole controller page, so every
 * segment but the first must start on a page boundary and every segment but
 * the last must end on one. Two entries fit in the command; more go into
 * list pages, whose last slot chains to the next list page when the list
 * does not fit in one.
 *
 * Building is two passes over the same segments: cnv_prp_count() sizes and
 * validates the transfer, the caller provides that many list pages, then
 * cnv_prp_fill() writes the entries.
 */
#ifndef CNVME_LIB_PRP_H
#define CNVME_LIB_PRP_H

#include "types.h"

struct cnv_prp_count {
	u32 page_size;
	u32 entries;
	u32 segments;
	bool misaligned;	/* a segment breaks the PRP alignment rules */
};

/* A list page as the caller allocated it: CPU pointer and bus address. */
struct cnv_prp_page {
	__le64 *entries;
	u64 dma;
};

struct cnv_prp_fill {
	u32 page_size;
	u32 total;		/* entries counted by the first pass */
	u32 emitted;
	const struct cnv_prp_page *pages;
	u32 page_idx;
	u32 slot;
	u64 prp1;
	u64 prp2;
};

void cnv_prp_count_init(struct cnv_prp_count *c, u32 page_size);
void cnv_prp_count_seg(struct cnv_prp_count *c, u64 addr, u32 len, bool last);

/* List pages needed for a transfer of @entries PRP entries. */
u32 cnv_prp_list_pages(u32 entries, u32 page_size);

void cnv_prp_fill_init(struct cnv_prp_fill *f, u32 page_size, u32 total,
		       const struct cnv_prp_page *pages);
void cnv_prp_fill_seg(struct cnv_prp_fill *f, u64 addr, u32 len);

/**
 * cnv_prp_two_pages() - PRP2 of one segment that touches at most two pages
 * @addr: the segment's bus address, which PRP1 holds
 * @len: its length, at least 1, with (@addr % @page_size) + @len <= 2 * @page_size
 * @page_size: controller page size, a power of two
 *
 * The I/O fast path: the same result as the two passes above, without them.
 * Return: the second page's address, or 0 when the segment stays in one page.
 */
static inline u64 cnv_prp_two_pages(u64 addr, u32 len, u32 page_size)
{
	u64 next_page = (addr | (page_size - 1)) + 1;

	return addr + len > next_page ? next_page : 0;
}

#endif

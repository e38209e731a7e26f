// SPDX-License-Identifier: GPL-2.0
#include "prp.h"

void cnv_prp_count_init(struct cnv_prp_count *c, u32 page_size)
{
	c->page_size = page_size;
	c->entries = 0;
	c->segments = 0;
	c->misaligned = false;
}

void cnv_prp_count_seg(struct cnv_prp_count *c, u64 addr, u32 len, bool last)
{
	u64 mask = c->page_size - 1;
	u64 offset = addr & mask;

	/* PRP entries must be dword aligned (4.1.1); later ones page aligned. */
	if (len == 0 || (addr & 3) || (c->segments && offset) ||
	    (!last && ((addr + len) & mask)))
		c->misaligned = true;
	c->entries += (u32)((offset + len + mask) / c->page_size);
	c->segments++;
}

u32 cnv_prp_list_pages(u32 entries, u32 page_size)
{
	u32 per_page = page_size / sizeof(__le64);
	u32 in_lists;

	if (entries <= 2)
		return 0;
	in_lists = entries - 1;
	if (in_lists <= per_page)
		return 1;
	/* Each page but the last gives its final slot to the chain pointer. */
	return (in_lists - 1 + per_page - 2) / (per_page - 1);
}

void cnv_prp_fill_init(struct cnv_prp_fill *f, u32 page_size, u32 total,
		       const struct cnv_prp_page *pages)
{
	f->page_size = page_size;
	f->total = total;
	f->emitted = 0;
	f->pages = pages;
	f->page_idx = 0;
	f->slot = 0;
	f->prp1 = 0;
	f->prp2 = 0;
	if (total > 2)
		f->prp2 = pages[0].dma;
}

static void cnv_prp_emit(struct cnv_prp_fill *f, u64 entry)
{
	u32 per_page = f->page_size / sizeof(__le64);
	u32 index = f->emitted++;

	if (index == 0) {
		f->prp1 = entry;
		return;
	}
	if (f->total == 2) {
		f->prp2 = entry;
		return;
	}
	/* Last slot of a full page, with more than this entry left: chain. */
	if (f->slot == per_page - 1 && index < f->total - 1) {
		f->pages[f->page_idx].entries[f->slot] =
			cpu_to_le64(f->pages[f->page_idx + 1].dma);
		f->page_idx++;
		f->slot = 0;
	}
	f->pages[f->page_idx].entries[f->slot++] = cpu_to_le64(entry);
}

void cnv_prp_fill_seg(struct cnv_prp_fill *f, u64 addr, u32 len)
{
	u64 mask = f->page_size - 1;
	u64 end = addr + len;

	cnv_prp_emit(f, addr);
	for (addr = (addr & ~mask) + f->page_size; addr < end; addr += f->page_size)
		cnv_prp_emit(f, addr);
}

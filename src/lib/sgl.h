/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scatter Gather Lists, NVMe Base Specification 4.3: the alternative to
 * PRPs that an NVM I/O command may use when the controller's SGLS says so.
 *
 * A PRP entry covers at most one controller page, so a 1 MiB contiguous
 * transfer needs a list page of 256 entries; one SGL Data Block descriptor
 * covers any contiguous segment. cnvme therefore prefers SGLs for
 * transfers whose segments are large on average, and keeps PRPs, which
 * the controller walks more cheaply, for small ones. Descriptors for more
 * than one segment go into a single list page pointed to by a Last
 * Segment descriptor in the command; a request with more segments than
 * a page holds uses PRPs instead, so no list ever chains.
 */
#ifndef CNVME_LIB_SGL_H
#define CNVME_LIB_SGL_H

#include "types.h"
#include "../nvme_spec.h"

/* Descriptors one list page holds. */
static inline u32 cnv_sgl_list_capacity(u32 page_size)
{
	return page_size / sizeof(struct cnv_sgl_desc);
}

/**
 * cnv_sgl_preferred() - whether SGLs should describe a transfer
 * @bytes: its length
 * @segments: its physical segments, at least 1
 * @min_avg_segment: average segment length from which SGLs win; U32_MAX
 *	when the controller cannot take SGLs or the user turned them off
 * @page_size: controller page size, which bounds one list page
 *
 * Cheap for the common small transfer: it fails the first comparison.
 */
static inline bool cnv_sgl_preferred(u32 bytes, u32 segments, u32 min_avg_segment,
				     u32 page_size)
{
	/* One segment is its own average: no division for the common case. */
	return bytes >= min_avg_segment &&
	       (segments == 1 || bytes / segments >= min_avg_segment) &&
	       segments <= cnv_sgl_list_capacity(page_size);
}

/* Fills @desc: @len bytes at bus address @addr, or a list of descriptors there. */
static inline void cnv_sgl_set(struct cnv_sgl_desc *desc, u64 addr, u32 len,
			       enum cnv_sgl_type type)
{
	desc->addr = cpu_to_le64(addr);
	desc->length = cpu_to_le32(len);
	desc->rsvd[0] = 0;
	desc->rsvd[1] = 0;
	desc->rsvd[2] = 0;
	desc->id = (u8)(type << 4);
}

/*
 * Describes a transfer of @total segments: one goes straight into SGL1 of
 * the command; more go into @list (a list page at bus address @list_dma,
 * at most cnv_sgl_list_capacity() of them), which SGL1 then points to.
 */
struct cnv_sgl_fill {
	struct cnv_sgl_desc *sgl1;
	struct cnv_sgl_desc *list;
	u32 total;
	u32 emitted;
};

static inline void cnv_sgl_fill_init(struct cnv_sgl_fill *f, struct cnv_sgl_desc *sgl1,
				     u32 total, struct cnv_sgl_desc *list, u64 list_dma)
{
	f->sgl1 = sgl1;
	f->list = list;
	f->total = total;
	f->emitted = 0;
	if (total > 1)
		cnv_sgl_set(sgl1, list_dma, total * (u32)sizeof(*list), CNV_SGL_LAST_SEGMENT);
}

static inline void cnv_sgl_fill_seg(struct cnv_sgl_fill *f, u64 addr, u32 len)
{
	struct cnv_sgl_desc *desc = f->total > 1 ? &f->list[f->emitted] : f->sgl1;

	cnv_sgl_set(desc, addr, len, CNV_SGL_DATA_BLOCK);
	f->emitted++;
}

#endif

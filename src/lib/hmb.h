/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host Memory Buffer sizing (Base Specification 5.27.1.10, 8.9): how much
 * host memory a controller asks for and in what pieces, within what the
 * host is willing to give. The module allocates the pieces (hmb.c); the
 * arithmetic, the limits and the descriptors are here.
 */
#ifndef CNVME_LIB_HMB_H
#define CNVME_LIB_HMB_H

#include "types.h"
#include "../nvme_spec.h"

/* A controller's Host Memory Buffer request, in bytes, clamped to the host's limits. */
struct cnv_hmb_request {
	u64 preferred;		/* what to aim for */
	u64 minimum;		/* less than this is of no use to the controller */
	u64 min_chunk;		/* every descriptor at least this */
	u32 max_chunks;		/* descriptors at most */
};

/**
 * cnv_hmb_request_decode() - what the controller asks for
 * @id: Identify Controller data (HMPRE, HMMIN, HMMINDS, HMMAXD)
 * @host_max: bytes the host gives at most
 * @list_max: descriptors the host's list holds at most
 * @page_shift: the controller memory page size, CC.MPS
 * @out: the request, rounded up to whole pages
 *
 * Return: false when the controller asks for nothing, or when even its
 * minimum (or its smallest descriptor) exceeds @host_max, or the
 * preferred size is below the minimum.
 */
bool cnv_hmb_request_decode(const struct cnv_id_ctrl *id, u64 host_max, u32 list_max,
			    u32 page_shift, struct cnv_hmb_request *out);

/*
 * The first chunk size to try: the smallest power of two that covers the
 * preferred size in max_chunks chunks (small pieces are the easiest to
 * find), at least min_chunk and a page, at most @chunk_max (the largest
 * piece the host can allocate) unless min_chunk demands more. Allocation
 * retries with half the size, covering less, until a chunk would fall
 * below min_chunk or a page.
 */
u64 cnv_hmb_first_chunk(const struct cnv_hmb_request *r, u64 chunk_max, u32 page_shift);

/* Whether @chunk may be tried: not below the controller's minimum or a page. */
bool cnv_hmb_chunk_usable(const struct cnv_hmb_request *r, u64 chunk, u32 page_shift);

/*
 * Bytes of the next piece after @done bytes in pieces of @chunk: the rest
 * of the preferred size rounded up to pages (never below min_chunk), at
 * most @chunk; 0 once the preferred size is reached.
 */
u64 cnv_hmb_next_len(const struct cnv_hmb_request *r, u64 chunk, u64 done, u32 page_shift);

/* One descriptor: @len bytes at @addr (both page aligned). */
void cnv_hmb_desc_set(struct cnv_hmb_desc *d, u64 addr, u64 len, u32 page_shift);

#endif

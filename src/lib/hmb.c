// SPDX-License-Identifier: GPL-2.0
#include "hmb.h"

/* Identify reports Host Memory Buffer sizes in 4 KiB units, whatever CC.MPS is. */
#define CNV_HMB_UNIT_SHIFT 12

static u64 cnv_round_up(u64 n, u32 shift)
{
	return (n + (1ull << shift) - 1) & ~((1ull << shift) - 1);
}

bool cnv_hmb_request_decode(const struct cnv_id_ctrl *id, u64 host_max, u32 list_max,
			    u32 page_shift, struct cnv_hmb_request *out)
{
	u64 preferred = (u64)le32_to_cpu(id->hmpre) << CNV_HMB_UNIT_SHIFT;
	u64 minimum = (u64)le32_to_cpu(id->hmmin) << CNV_HMB_UNIT_SHIFT;
	u32 max_chunks = le16_to_cpu(id->hmmaxd);

	if (!preferred || preferred < minimum)
		return false;
	out->minimum = cnv_round_up(minimum, page_shift);
	out->min_chunk = cnv_round_up((u64)le32_to_cpu(id->hmminds) << CNV_HMB_UNIT_SHIFT,
				      page_shift);
	out->preferred = cnv_round_up(preferred, page_shift);
	if (out->preferred > host_max)
		out->preferred = host_max & ~((1ull << page_shift) - 1);
	out->max_chunks = max_chunks && max_chunks < list_max ? max_chunks : list_max;
	return out->max_chunks && out->preferred && out->minimum <= out->preferred &&
	       out->min_chunk <= out->preferred;
}

bool cnv_hmb_chunk_usable(const struct cnv_hmb_request *r, u64 chunk, u32 page_shift)
{
	return chunk >= r->min_chunk && chunk >= (1ull << page_shift);
}

u64 cnv_hmb_first_chunk(const struct cnv_hmb_request *r, u64 chunk_max, u32 page_shift)
{
	u64 need = (r->preferred + r->max_chunks - 1) / r->max_chunks;
	u64 chunk = 1ull << page_shift;

	while (chunk < need || chunk < r->min_chunk)
		chunk <<= 1;
	while (chunk > chunk_max && cnv_hmb_chunk_usable(r, chunk >> 1, page_shift))
		chunk >>= 1;
	return chunk;
}

u64 cnv_hmb_next_len(const struct cnv_hmb_request *r, u64 chunk, u64 done, u32 page_shift)
{
	u64 len;

	if (done >= r->preferred)
		return 0;
	len = cnv_round_up(r->preferred - done, page_shift);
	if (len < r->min_chunk)
		len = r->min_chunk;
	return len < chunk ? len : chunk;
}

void cnv_hmb_desc_set(struct cnv_hmb_desc *d, u64 addr, u64 len, u32 page_shift)
{
	d->addr = cpu_to_le64(addr);
	d->pages = cpu_to_le32((u32)(len >> page_shift));
	d->rsvd12 = 0;
}

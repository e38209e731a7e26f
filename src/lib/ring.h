/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring arithmetic for submission and completion queues (NVMe Base 3.3.1).
 *
 * A completion queue entry is new when its phase tag equals the phase the
 * host expects; the expected phase flips each time the head wraps. The
 * command identifier carries a small generation count above the tag so a
 * stale or duplicated completion cannot complete a reused request.
 */
#ifndef CNVME_LIB_RING_H
#define CNVME_LIB_RING_H

#include "types.h"

#define CNV_CID_TAG_BITS	12
#define CNV_CID_TAG_MASK	((1u << CNV_CID_TAG_BITS) - 1)
#define CNV_CID_GEN_MASK	0xfu

struct cnv_cq_cursor {
	u16 head;
	u16 depth;
	u8 phase;
};

static inline u16 cnv_ring_next(u16 index, u16 depth)
{
	return index + 1 == depth ? 0 : index + 1;
}

static inline bool cnv_cqe_is_new(const struct cnv_cq_cursor *c, u16 status)
{
	return (status & 1) == c->phase;
}

static inline void cnv_cq_advance(struct cnv_cq_cursor *c)
{
	c->head = cnv_ring_next(c->head, c->depth);
	if (c->head == 0)
		c->phase ^= 1;
}

/*
 * Shadow doorbells (Doorbell Buffer Config): the host stores each new tail
 * or head in memory and writes the MMIO doorbell only when the controller's
 * event index lies in [@old_value, @new_value) on the 16-bit circle: the
 * controller asked to be told once the value moves past it.
 */
static inline bool cnv_shadow_needs_mmio(u16 event_idx, u16 new_value, u16 old_value)
{
	return (u16)(new_value - event_idx - 1) < (u16)(new_value - old_value);
}

/*
 * Generations cycle through the CID's spare bits: @mask is
 * CNV_CID_GEN_MASK, or 0 for a controller that needs CIDs to be tags.
 */
static inline u8 cnv_gen_next(u8 gen, u8 mask)
{
	return (gen + 1) & mask;
}

static inline u16 cnv_cid_make(u32 tag, u8 gen)
{
	return (u16)(((gen & CNV_CID_GEN_MASK) << CNV_CID_TAG_BITS) | tag);
}

static inline u32 cnv_cid_tag(u16 cid)
{
	return cid & CNV_CID_TAG_MASK;
}

static inline u8 cnv_cid_gen(u16 cid)
{
	return (cid >> CNV_CID_TAG_BITS) & CNV_CID_GEN_MASK;
}

#endif

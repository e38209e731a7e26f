// SPDX-License-Identifier: GPL-2.0
/* Ring, phase and command identifier arithmetic. */
#include "unit.h"
#include "lib/ring.h"

static void test_ring_wraps(void)
{
	CHECK_EQ(cnv_ring_next(0, 4), 1, "0 -> 1");
	CHECK_EQ(cnv_ring_next(3, 4), 0, "last -> 0");
	CHECK_EQ(cnv_ring_next(1022, 1024), 1023, "near the end");
}

static void test_phase_flips_on_each_wrap(void)
{
	struct cnv_cq_cursor c = { .head = 0, .depth = 3, .phase = 1 };

	CHECK(cnv_cqe_is_new(&c, 0x0001), "phase 1 entry is new on the first pass");
	CHECK(!cnv_cqe_is_new(&c, 0x0000), "phase 0 entry is old on the first pass");
	for (int i = 0; i < 3; i++)
		cnv_cq_advance(&c);
	CHECK_EQ(c.head, 0, "head after one lap");
	CHECK_EQ(c.phase, 0, "phase after one lap");
	CHECK(cnv_cqe_is_new(&c, 0xfffe), "phase 0 entry is new on the second pass");
	for (int i = 0; i < 3; i++)
		cnv_cq_advance(&c);
	CHECK_EQ(c.phase, 1, "phase after two laps");
}

/* The shortcut agrees with walking from the old value to the new one. */
static void test_shadow_doorbell_event_window(void)
{
	uint64_t x = 0x2545f4914f6cdd1dull;

	CHECK(cnv_shadow_needs_mmio(5, 6, 5), "event index at the old value");
	CHECK(!cnv_shadow_needs_mmio(6, 6, 5), "event index at the new value");
	CHECK(!cnv_shadow_needs_mmio(3, 6, 5), "event index behind");
	CHECK(cnv_shadow_needs_mmio(0xffff, 2, 0xfffe), "window across the wrap");
	CHECK(!cnv_shadow_needs_mmio(7, 7, 7), "no movement");
	for (int i = 0; i < 200000; i++) {
		uint16_t old, moved, ei;
		bool in_window = false;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		old = (uint16_t)x;
		moved = (uint16_t)(x >> 16) % 1100;
		ei = (uint16_t)(old + (uint16_t)((x >> 32) % 2300) - 600);
		for (uint16_t k = 0; k < moved; k++)
			in_window |= (uint16_t)(old + k) == ei;
		CHECK_EQ(cnv_shadow_needs_mmio(ei, (uint16_t)(old + moved), old), in_window,
			 "event index inside [old, new)");
		if (unit_checks_failed)
			return;
	}
}

static void test_cid_round_trip(void)
{
	for (u32 tag = 0; tag <= CNV_CID_TAG_MASK; tag += 97) {
		for (u8 gen = 0; gen <= CNV_CID_GEN_MASK; gen++) {
			u16 cid = cnv_cid_make(tag, gen);

			CHECK_EQ(cnv_cid_tag(cid), tag, "tag");
			CHECK_EQ(cnv_cid_gen(cid), gen, "generation");
		}
	}
}

static void test_generation_stays_within_the_cid_bits(void)
{
	u8 gen = 0;

	for (int i = 0; i < 100; i++) {
		gen = cnv_gen_next(gen, CNV_CID_GEN_MASK);
		CHECK(gen <= CNV_CID_GEN_MASK, "generation %u escaped its bits", gen);
		CHECK_EQ(cnv_cid_gen(cnv_cid_make(5, gen)), gen, "generation survives the CID");
	}
	CHECK_EQ(cnv_gen_next(CNV_CID_GEN_MASK, CNV_CID_GEN_MASK), 0, "wraps to 0");
	CHECK_EQ(cnv_gen_next(0, 0), 0, "skip_cid_gen: the generation stays 0");
	/* The largest tag cnvme uses must fit below the generation bits. */
	CHECK(1024 - 1 <= CNV_CID_TAG_MASK, "I/O depth fits the tag bits");
}

int main(void)
{
	RUN(test_ring_wraps);
	RUN(test_phase_flips_on_each_wrap);
	RUN(test_shadow_doorbell_event_window);
	RUN(test_cid_round_trip);
	RUN(test_generation_stays_within_the_cid_bits);
	return unit_finish();
}

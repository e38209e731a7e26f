// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for PRP construction. Each 8 input bytes make one DMA
 * segment (page, offset, length) of a transfer of at most 4 MiB. The
 * driver's first pass must call the transfer misaligned exactly when an
 * independent reading of the PRP rules says so; otherwise the PRPs it
 * builds must lead the model controller to exactly those bytes.
 */
#include "../unit/prp_model.h"

#define MAX_SEGS 64
#define MAX_TRANSFER (4u << 20)

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* NVMe Base 4.1.1 as the block layer's virt boundary promises it. */
static bool expect_misaligned(const struct seg *s, int n)
{
	for (int i = 0; i < n; i++) {
		if (!s[i].len || (s[i].addr & 3))
			return true;
		if (i > 0 && (s[i].addr % PS))
			return true;
		if (i < n - 1 && ((s[i].addr + s[i].len) % PS))
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seg segs[MAX_SEGS];
	struct cnv_prp_count count;
	uint64_t total = 0;
	int n = 0;

	for (; size >= 8 && n < MAX_SEGS; data += 8, size -= 8) {
		uint32_t a = rd32(data), b = rd32(data + 4);
		uint32_t len = b % (2 * PS * 8) + (b >> 31);

		if (total + len > MAX_TRANSFER)
			break;
		/* Distinct 64 KiB windows, so segments never touch by accident. */
		segs[n].addr = 0x100000000ull + (uint64_t)n * 0x10000 + (a % PS);
		if (a & 0x80000000u)	/* and sometimes page aligned */
			segs[n].addr &= ~(uint64_t)(PS - 1);
		segs[n].len = len;
		total += len;
		n++;
	}
	if (!n)
		return 0;
	cnv_prp_count_init(&count, PS);
	for (int i = 0; i < n; i++)
		cnv_prp_count_seg(&count, segs[i].addr, segs[i].len, i == n - 1);
	if (count.misaligned != expect_misaligned(segs, n)) {
		fprintf(stderr, "misaligned: driver %d, rules %d\n", count.misaligned,
			expect_misaligned(segs, n));
		abort();
	}
	if (!count.misaligned)
		check_transfer(segs, n, "fuzzed transfer");
	if (unit_checks_failed)
		abort();
	return 0;
}

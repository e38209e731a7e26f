// SPDX-License-Identifier: GPL-2.0
/* Completion status decoding (NVMe Base 4.6.1). */
#include "unit.h"
#include "lib/status.h"

static void test_success_is_ok(void)
{
	CHECK_EQ(cnv_status_outcome(0), CNV_OUTCOME_OK, "status 0");
}

static void test_generic_statuses(void)
{
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x01)), CNV_OUTCOME_NOTSUPP, "invalid opcode");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x02)), CNV_OUTCOME_NOTSUPP, "invalid field");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x80)), CNV_OUTCOME_TARGET, "LBA out of range");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x81)), CNV_OUTCOME_NOSPC, "capacity exceeded");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x82)), CNV_OUTCOME_TARGET, "namespace not ready");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x83)), CNV_OUTCOME_RESERVATION, "reservation conflict");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x06)), CNV_OUTCOME_IOERR, "internal error");
}

static void test_media_statuses(void)
{
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(2, 0x81)), CNV_OUTCOME_MEDIUM, "unrecovered read");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(2, 0x80)), CNV_OUTCOME_MEDIUM, "write fault");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(2, 0x82)), CNV_OUTCOME_PROTECTION, "guard check");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(2, 0x84)), CNV_OUTCOME_PROTECTION, "reftag check");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(2, 0x86)), CNV_OUTCOME_IOERR, "access denied");
}

static void test_command_specific_statuses(void)
{
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(1, 0x0a)), CNV_OUTCOME_NOTSUPP, "invalid format");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(1, 0xbd)), CNV_OUTCOME_ZONE_ACTIVE, "too many active zones");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(1, 0xbe)), CNV_OUTCOME_ZONE_OPEN, "too many open zones");
	/* Zone Is Full, Zone Invalid Write, Invalid Zone State Transition: plain failures. */
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(1, 0xb9)), CNV_OUTCOME_IOERR, "zone is full");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(1, 0xbc)), CNV_OUTCOME_IOERR, "zone invalid write");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(1, 0xbf)), CNV_OUTCOME_IOERR, "invalid transition");
}

static void test_dnr_and_more_bits_do_not_change_the_class(void)
{
	u16 dnr = CNV_STATUS_DNR | (1u << 13);

	CHECK_EQ(cnv_status_outcome(CNV_STATUS(0, 0x80) | dnr), CNV_OUTCOME_TARGET, "LBA range + DNR");
	CHECK_EQ(cnv_status_outcome(CNV_STATUS(2, 0x81) | dnr), CNV_OUTCOME_MEDIUM, "media + DNR");
}

static void test_host_aborted_is_an_error_marked_do_not_retry(void)
{
	CHECK_EQ(cnv_status_outcome(CNV_STATUS_HOST_ABORTED), CNV_OUTCOME_IOERR, "host aborted");
	CHECK(CNV_STATUS_HOST_ABORTED & CNV_STATUS_DNR, "host aborted lacks DNR");
}

static void test_retry_follows_do_not_retry(void)
{
	CHECK(!cnv_status_retryable(0), "success retried");
	CHECK(cnv_status_retryable(CNV_STATUS(2, 0x81)), "unrecovered read not retried");
	CHECK(!cnv_status_retryable(CNV_STATUS(2, 0x81) | CNV_STATUS_DNR), "DNR retried");
	CHECK(cnv_status_retryable(CNV_STATUS_HOST_RETRY), "reset requeue not retryable");
	CHECK(!cnv_status_retryable(CNV_STATUS_HOST_ABORTED), "dead controller retried");
	for (u32 s = 1; s < 0x8000; s++)
		CHECK(cnv_status_retryable((u16)s) == !(s & CNV_STATUS_DNR),
		      "status %#x", s);
}

static void test_every_status_maps_to_a_known_outcome(void)
{
	for (u32 s = 0; s < 0x8000; s++) {
		enum cnv_outcome o = cnv_status_outcome((u16)s);

		CHECK(o <= CNV_OUTCOME_ZONE_OPEN, "status %#x gave outcome %d", s, o);
		/* Success is SCT 0, SC 0; the CRD, More and DNR bits do not change it. */
		CHECK((o == CNV_OUTCOME_OK) == ((s & 0x7ff) == 0),
		      "status %#x gave outcome %d", s, o);
	}
}

int main(void)
{
	RUN(test_success_is_ok);
	RUN(test_generic_statuses);
	RUN(test_media_statuses);
	RUN(test_command_specific_statuses);
	RUN(test_dnr_and_more_bits_do_not_change_the_class);
	RUN(test_host_aborted_is_an_error_marked_do_not_retry);
	RUN(test_retry_follows_do_not_retry);
	RUN(test_every_status_maps_to_a_known_outcome);
	return unit_finish();
}

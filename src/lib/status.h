/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Completion status decoding, NVMe Base Specification 4.6.1.
 *
 * cnvme keeps a completion's status as the 15-bit Status Field (the CQE's
 * status word without the phase tag): SC in bits 7:0, SCT in 10:8, CRD in
 * 12:11, More in 13, DNR in 14. The outcome classes below are what the
 * block layer and ioctl callers need to know about it.
 */
#ifndef CNVME_LIB_STATUS_H
#define CNVME_LIB_STATUS_H

#include "types.h"

#define CNV_STATUS_SC(s)	((s) & 0xff)
#define CNV_STATUS_SCT(s)	(((s) >> 8) & 0x7)
#define CNV_STATUS_DNR		BIT(14)
#define CNV_STATUS(sct, sc)	((u16)(((sct) << 8) | (sc)))

enum cnv_sct {
	CNV_SCT_GENERIC = 0,
	CNV_SCT_COMMAND_SPECIFIC = 1,
	CNV_SCT_MEDIA = 2,
	CNV_SCT_PATH = 3,
};

/*
 * Statuses the driver sets itself for a command it completed without the
 * controller (4.6.1.2.4, Path Related: Command Aborted By Host): marked Do
 * Not Retry when the controller died, retryable when it is being reset.
 */
#define CNV_STATUS_HOST_RETRY	CNV_STATUS(CNV_SCT_PATH, 0x71)
#define CNV_STATUS_HOST_ABORTED	(CNV_STATUS_HOST_RETRY | CNV_STATUS_DNR)

enum cnv_outcome {
	CNV_OUTCOME_OK,
	CNV_OUTCOME_IOERR,	/* generic failure */
	CNV_OUTCOME_NOTSUPP,	/* opcode or field not supported */
	CNV_OUTCOME_TARGET,	/* LBA out of range, namespace not ready or gone */
	CNV_OUTCOME_NOSPC,	/* capacity exceeded */
	CNV_OUTCOME_MEDIUM,	/* unrecovered media error */
	CNV_OUTCOME_PROTECTION,	/* end-to-end protection check failed */
	CNV_OUTCOME_RESERVATION,	/* reservation conflict */
	CNV_OUTCOME_ZONE_ACTIVE,	/* a zone would exceed the active zone limit */
	CNV_OUTCOME_ZONE_OPEN,	/* a zone would exceed the open zone limit */
};

enum cnv_outcome cnv_status_outcome(u16 status);

/* A failure the controller allows to be retried: Do Not Retry is clear. */
static inline bool cnv_status_retryable(u16 status)
{
	return status && !(status & CNV_STATUS_DNR);
}

#endif

// SPDX-License-Identifier: GPL-2.0
#include "status.h"

/* Generic Command Status values (4.6.1.2.1) that have a specific outcome. */
static enum cnv_outcome cnv_generic_outcome(u8 sc)
{
	switch (sc) {
	case 0x00:		/* Successful Completion */
		return CNV_OUTCOME_OK;
	case 0x01:		/* Invalid Command Opcode */
	case 0x02:		/* Invalid Field in Command */
		return CNV_OUTCOME_NOTSUPP;
	case 0x0b:		/* Invalid Namespace or Format */
	case 0x80:		/* LBA Out of Range */
	case 0x82:		/* Namespace Not Ready */
		return CNV_OUTCOME_TARGET;
	case 0x81:		/* Capacity Exceeded */
		return CNV_OUTCOME_NOSPC;
	case 0x83:		/* Reservation Conflict */
		return CNV_OUTCOME_RESERVATION;
	default:
		return CNV_OUTCOME_IOERR;
	}
}

/* Media and Data Integrity Errors (4.6.1.2.3). */
static enum cnv_outcome cnv_media_outcome(u8 sc)
{
	switch (sc) {
	case 0x82:		/* End-to-end Guard Check Error */
	case 0x83:		/* End-to-end Application Tag Check Error */
	case 0x84:		/* End-to-end Reference Tag Check Error */
		return CNV_OUTCOME_PROTECTION;
	case 0x81:		/* Unrecovered Read Error */
	case 0x80:		/* Write Fault */
		return CNV_OUTCOME_MEDIUM;
	default:
		return CNV_OUTCOME_IOERR;
	}
}

/*
 * Command Specific statuses: their meaning depends on the command, but the
 * values below are only used by the commands named.
 */
static enum cnv_outcome cnv_command_specific_outcome(u8 sc)
{
	switch (sc) {
	case 0x0a:		/* Format NVM: Invalid Format; never succeeds as sent */
		return CNV_OUTCOME_NOTSUPP;
	case 0xbd:		/* Zoned writes: Too Many Active Zones */
		return CNV_OUTCOME_ZONE_ACTIVE;
	case 0xbe:		/* Zoned writes: Too Many Open Zones */
		return CNV_OUTCOME_ZONE_OPEN;
	default:
		return CNV_OUTCOME_IOERR;
	}
}

enum cnv_outcome cnv_status_outcome(u16 status)
{
	u8 sc = CNV_STATUS_SC(status);

	switch (CNV_STATUS_SCT(status)) {
	case CNV_SCT_GENERIC:
		return cnv_generic_outcome(sc);
	case CNV_SCT_COMMAND_SPECIFIC:
		return cnv_command_specific_outcome(sc);
	case CNV_SCT_MEDIA:
		return cnv_media_outcome(sc);
	default:
		return CNV_OUTCOME_IOERR;
	}
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an admin command from user space may do to the driver's view of
 * the controller, and so what the driver does around it (Base
 * Specification 5.16.1.6, Commands Supported and Effects). Format NVM,
 * Sanitize and namespace management change blocks, formats and the
 * namespace list under the block layer's feet: I/O must not be built for a
 * format that is about to go, and the disks must follow once it is gone.
 *
 * The controller's log is untrusted and may be absent or incomplete: what
 * the specification says of the commands it defines is always added to it,
 * so a log can widen what the driver does, never narrow it.
 */
#ifndef CNVME_LIB_EFFECTS_H
#define CNVME_LIB_EFFECTS_H

#include "types.h"
#include "../nvme_spec.h"

/* What to do around one admin passthrough command. */
struct cnv_passthru_plan {
	u32 effects;		/* the effects dword the plan was made from */
	bool freeze;		/* drain and hold block I/O while it runs */
	bool all_namespaces;	/* ...on every namespace, not only on nsid */
	u32 nsid;		/* the namespace frozen when !all_namespaces */
	bool rescan;		/* namespaces may have changed: scan after it */
	bool write_cache;	/* the volatile write cache may have been switched */
	bool reread_effects;	/* controller capabilities may have changed */
};

/**
 * cnv_admin_effects() - the effects of an admin opcode
 * @log: the controller's Commands Supported and Effects log, or NULL
 * @opcode: admin opcode
 *
 * Return: the log's dword for @opcode when it marks the command supported
 * (CSUPP), with the effects the specification gives the commands it
 * defines added to it.
 */
u32 cnv_admin_effects(const struct cnv_effects_log *log, u8 opcode);

/**
 * cnv_passthru_plan() - decide what an admin passthrough command needs
 * @log: as cnv_admin_effects()
 * @opcode: admin opcode
 * @nsid: the command's NSID
 * @cdw10: the command's CDW10 (the feature of Set Features)
 * @fna: Identify Controller FNA
 * @out: the plan
 *
 * I/O is held (frozen) when logical block contents or namespace
 * capabilities may change, or the command must run alone; on every
 * namespace when the command names none or all of them, runs alone on the
 * controller, has a scope wider than a namespace, or is a format that
 * applies to all namespaces (FNA). A rescan follows any change to blocks,
 * capabilities or the namespace inventory.
 */
void cnv_passthru_plan(const struct cnv_effects_log *log, u8 opcode, u32 nsid, u32 cdw10,
		       u8 fna, struct cnv_passthru_plan *out);

/* Whether the plan needs anything done around the command. */
static inline bool cnv_passthru_plan_acts(const struct cnv_passthru_plan *plan)
{
	return plan->freeze || plan->rescan || plan->write_cache || plan->reread_effects;
}

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who may send which passthrough command: the in-tree driver's rules of
 * the kernel cnvme runs on, so a user's tools work (or are refused) alike
 * under both drivers. Before 6.2 every command needs CAP_SYS_ADMIN. From
 * 6.2 on, anyone who may open a namespace's node may read the Identify
 * structures needed to build I/O commands, and send the I/O commands the
 * Commands Supported and Effects log marks supported and harmless: those
 * that write only with the node open for writing.
 */
#ifndef CNVME_LIB_PERMISSIONS_H
#define CNVME_LIB_PERMISSIONS_H

#include "types.h"
#include "../nvme_spec.h"

enum cnv_passthru_policy {
	CNV_PASSTHRU_PRIVILEGED,	/* Linux before 6.2: CAP_SYS_ADMIN for all */
	CNV_PASSTHRU_BY_EFFECTS,	/* Linux 6.2 and later */
};

/* One user command, as the rules see it. */
struct cnv_passthru_request {
	bool admin;		/* for the controller (admin queue), not a namespace */
	bool partition;		/* through a partition's block device */
	bool open_for_write;	/* the file was opened for writing */
	u8 opcode;
	u8 cns;			/* Identify: CDW10 bits 7:0 */
	/*
	 * I/O commands: the effects log's entry for the opcode (with what
	 * the driver knows of the NVM commands added), 0 without a log.
	 */
	u32 io_effects;
};

/**
 * cnv_passthru_unprivileged() - may a user without CAP_SYS_ADMIN send it?
 * @policy: the rules of the running kernel
 * @r: the command
 *
 * Return: true if the command needs no privilege beyond opening the node.
 */
bool cnv_passthru_unprivileged(enum cnv_passthru_policy policy,
			       const struct cnv_passthru_request *r);

/**
 * cnv_known_io_effects() - the effects the driver knows an NVM command has
 * @opcode: I/O command opcode
 *
 * Write, Write Zeroes and Write Uncorrectable are supported and change
 * blocks, whatever the controller's log says (in-tree does the same).
 *
 * Return: effects bits to add to the log's.
 */
u32 cnv_known_io_effects(u8 opcode);

#endif

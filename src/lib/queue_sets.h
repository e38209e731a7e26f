/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a controller's interrupt-driven I/O queues divide between blk-mq's
 * default map (writes, and all but reads) and its read map, when the user
 * asks for write_queues: the in-tree driver's split, so reads and writes
 * meet on separate queues as they do there.
 */
#ifndef CNVME_LIB_QUEUE_SETS_H
#define CNVME_LIB_QUEUE_SETS_H

#include "types.h"

/**
 * cnv_read_queues() - the interrupt-driven queues that serve reads alone
 * @irq_queues: interrupt-driven I/O queues (vectors) the controller got
 * @write_queues: the user's write_queues
 *
 * Return: 0 (reads share every queue) with one queue or no write_queues;
 * otherwise what @write_queues leaves, at least one.
 */
static inline u32 cnv_read_queues(u32 irq_queues, u32 write_queues)
{
	if (irq_queues <= 1 || !write_queues)
		return 0;
	if (write_queues >= irq_queues)
		return 1;
	return irq_queues - write_queues;
}

#endif

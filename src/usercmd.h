/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands from user space, shared by the ioctls (ioctl.c) and io_uring
 * passthrough (uring.c): the checks every user command passes, its SQE,
 * its data mapped into a request, and its separate metadata bounced
 * through a kernel buffer (usercmd.c).
 */
#ifndef CNVME_USERCMD_H
#define CNVME_USERCMD_H

#include <linux/blk-mq.h>
#include <linux/dma-direction.h>
#include <linux/nvme_ioctl.h>

#include "cnvme.h"

/* Where a user command's data is. */
struct cnv_user_buf {
	u64 addr;			/* the data, or the iovec array when vectored */
	unsigned int len;		/* bytes, or iovecs when vectored */
	bool vectored;
	struct io_uring_cmd *fixed;	/* in this command's registered buffer */
};

/* What the controller will move for a user command, where the driver can tell. */
struct cnv_user_bytes {
	u64 data;	/* through the data pointer */
	u64 metadata;	/* through MPTR */
};

/*
 * A user's separate metadata, bounced through a kernel buffer: zeroed, so
 * a controller that moves less than the buffer returns no stale kernel
 * memory. len 0: the command has none.
 */
struct cnv_user_meta {
	void *buf;
	dma_addr_t dma;
	struct device *dev;	/* set while @dma is mapped */
	u64 user;		/* the user's buffer */
	u32 len;
	enum dma_data_direction dir;
};

int cnv_ctrl_wait_usable(struct cnv_ctrl *ctrl, bool nowait);

/**
 * cnv_ctrl_usable() - whether user commands may go to @ctrl
 * @ctrl: controller
 * @nowait: io_uring's first, non-blocking try: never sleep
 *
 * Hot path: a live controller costs one load; any other state goes to
 * cnv_ctrl_wait_usable(), which waits out a reset under way.
 *
 * Return: 0 when live; -EAGAIN (@nowait), -EBUSY (still resetting after
 * the wait), -ENODEV (no longer usable) or -ERESTARTSYS.
 */
static inline int cnv_ctrl_usable(struct cnv_ctrl *ctrl, bool nowait)
{
	if (likely(READ_ONCE(ctrl->state) == CNV_CTRL_LIVE))
		return 0;
	return cnv_ctrl_wait_usable(ctrl, nowait);
}

int cnv_user_cmd_prepare(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
			 const struct nvme_passthru_cmd64 *c,
			 const struct cnv_user_access *access, bool nowait,
			 struct request_queue **q);
void cnv_user_cmd_bytes(const struct cnv_ns *ns, const struct nvme_passthru_cmd64 *c,
			struct cnv_user_bytes *b);
struct request *cnv_user_rq(struct request_queue *q, const struct nvme_passthru_cmd64 *c,
			    const struct cnv_user_buf *buf, u64 min_bytes, blk_opf_t opf,
			    blk_mq_req_flags_t flags);
int cnv_user_meta_map(struct cnv_ctrl *ctrl, const struct nvme_passthru_cmd64 *c,
		      u64 needed, gfp_t gfp, struct cnv_user_meta *m, struct cnv_sqe *cmd);
void cnv_user_meta_unmap(struct cnv_user_meta *m);
int cnv_user_meta_release(struct cnv_user_meta *m, bool copy_out);
int cnv_user_result(struct request *rq, blk_status_t sts);

#endif

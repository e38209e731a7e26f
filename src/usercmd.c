// SPDX-License-Identifier: GPL-2.0
/*
 * Commands from user space, whichever way they come (ioctl.c, uring.c):
 * who may send which command, the SQE built from the user's fields, the
 * user's data mapped into a request, and separate metadata bounced
 * through a kernel buffer.
 *
 * User commands are untrusted: they need CAP_SYS_ADMIN unless the in-tree
 * rules of this kernel let anyone who may open the node send them
 * (lib/permissions.c), carry no SGL or fused flags, move at most MDTS,
 * give buffers as large as what the command moves, and may not touch what
 * the driver itself manages (I/O queues, asynchronous events, doorbell
 * buffers).
 */
#include <linux/blk-mq.h>
#include <linux/capability.h>
#include <linux/dma-mapping.h>
#include <linux/nvme_ioctl.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "cnvme.h"
#include "compat.h"
#include "usercmd.h"
#include "lib/permissions.h"

/* Admin commands that would pull the driver's own state from under it. */
static bool cnv_admin_opcode_allowed(u8 opcode)
{
	switch (opcode) {
	case CNV_ADMIN_DELETE_SQ:
	case CNV_ADMIN_CREATE_SQ:
	case CNV_ADMIN_DELETE_CQ:
	case CNV_ADMIN_CREATE_CQ:
	case CNV_ADMIN_ASYNC_EVENT:
	case CNV_ADMIN_DBBUF_CONFIG:
		return false;
	default:
		return true;
	}
}

/* How long a user command waits for a reset (or bring-up) under way to end. */
#define CNV_USER_WAIT_LIVE	(30 * HZ)

static bool cnv_ctrl_settled(struct cnv_ctrl *ctrl)
{
	switch (READ_ONCE(ctrl->state)) {
	case CNV_CTRL_NEW:
	case CNV_CTRL_CONNECTING:
	case CNV_CTRL_RESETTING:
		return false;
	default:
		return true;
	}
}

/**
 * cnv_ctrl_wait_usable() - cnv_ctrl_usable()'s path for a controller not live
 * @ctrl: controller
 * @nowait: io_uring's first, non-blocking try: never sleep
 *
 * A reset under way is waited for (bounded, interruptible), as the in-tree
 * driver's held queues make its users wait, instead of failing a command
 * that would work a moment later.
 *
 * Return: as cnv_ctrl_usable().
 */
int cnv_ctrl_wait_usable(struct cnv_ctrl *ctrl, bool nowait)
{
	long left;

	/* io_uring asks again from a context that may sleep. */
	if (nowait && !cnv_ctrl_settled(ctrl))
		return -EAGAIN;
	left = wait_event_interruptible_timeout(ctrl->state_wq, cnv_ctrl_settled(ctrl),
						CNV_USER_WAIT_LIVE);
	if (left < 0)
		return left;
	if (READ_ONCE(ctrl->state) == CNV_CTRL_LIVE)
		return 0;
	return cnv_ctrl_settled(ctrl) ? -ENODEV : -EBUSY;
}

/*
 * The in-tree rules first: capable() is asked (and audited) only when they
 * refuse. A namespace's command (not through a partition) is looked up in
 * the table effects.c keeps; the rest the rules decide here.
 */
static bool cnv_user_cmd_allowed(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
				 const struct nvme_passthru_cmd64 *c,
				 const struct cnv_user_access *access)
{
	struct cnv_passthru_request r = {
		.admin = !ns,
		.partition = access->partition,
		.open_for_write = access->write,
		.opcode = c->opcode,
		.cns = c->cdw10 & CNV_IDENTIFY_CNS_MASK,
	};
	bool allowed;

	if (ns && !access->partition)
		allowed = cnv_io_unprivileged(ctrl, c->opcode, access->write);
	else
		allowed = cnv_passthru_unprivileged(CNV_PASSTHRU_POLICY, &r);
	return allowed || capable(CAP_SYS_ADMIN);
}

/**
 * cnv_user_cmd_prepare() - check a user command
 * @ctrl: controller
 * @ns: namespace of an I/O command, NULL for an admin command
 * @c: the command in its 64-bit form (the other user layouts convert to it)
 * @access: how the user reached it
 * @nowait: never sleep (io_uring's first try)
 * @q: the queue the command goes to
 *
 * Return: 0, or a negative errno saying why the command may not be sent.
 */
int cnv_user_cmd_prepare(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
			 const struct nvme_passthru_cmd64 *c,
			 const struct cnv_user_access *access, bool nowait,
			 struct request_queue **q)
{
	int ret;

	if (!cnv_user_cmd_allowed(ctrl, ns, c, access))
		return -EACCES;
	ret = cnv_ctrl_usable(ctrl, nowait);
	if (ret)
		return ret;
	/* Fused commands and SGLs are not offered. */
	if (c->flags)
		return -EINVAL;
	/* A metadata buffer only where metadata travels through MPTR. */
	if ((c->metadata || c->metadata_len) &&
	    (!ns || !ns->metadata_bytes || ns->metadata_extended ||
	     c->metadata_len > ctrl->max_transfer))
		return -EINVAL;
	if (ns) {
		if (c->nsid != ns->nsid)
			return -EINVAL;
		*q = ns->disk->queue;
	} else {
		if (!cnv_admin_opcode_allowed(c->opcode)) {
			dev_warn_ratelimited(ctrl->dev, "%s: admin opcode %#x refused: the driver manages it\n",
					     dev_name(&ctrl->device), c->opcode);
			return -EINVAL;
		}
		*q = ctrl->admin_q;
	}
	return 0;
}

/* The one bound on a user command's data: MDTS, the queue's limit. */
static bool cnv_user_within_mdts(struct request *rq, const struct iov_iter *iter)
{
	return iov_iter_count(iter) <= (size_t)queue_max_hw_sectors(rq->q) << SECTOR_SHIFT;
}

/*
 * Maps the user's buffer (@len bytes at @ubuf, or @len iovecs there when
 * @vectored) into @rq. A buffer that may span more than UIO_FASTIOV pages
 * is faulted in first, so a bad address fails here with EFAULT: 6.12's
 * bio_map_user_iov() leaks the page array it allocates for such a buffer
 * when pinning fails. Smaller ones, most I/O, use its on-stack array and
 * skip the walk over the page tables.
 */
static int cnv_map_user(struct request *rq, void __user *ubuf, unsigned int len,
			bool vectored)
{
	struct iovec fast_iov[UIO_FASTIOV], *iov = NULL;
	int dir = rq_data_dir(rq) == WRITE ? ITER_SOURCE : ITER_DEST;
	struct iov_iter iter;
	size_t left = 0;
	ssize_t ret;

	if (vectored) {
		iov = fast_iov;
		ret = import_iovec(dir, ubuf, len, UIO_FASTIOV, &iov, &iter);
		if (ret < 0)
			return ret;
	} else {
		/* import_iovec() checks each of its segments; this is the one. */
		if (!access_ok(ubuf, len))
			return -EFAULT;
		cnv_iter_user_buf(&iter, dir, ubuf, len, fast_iov);
	}
	if (!cnv_user_within_mdts(rq, &iter)) {
		ret = -EINVAL;
		goto out;
	}
	/* Eight pages or fewer need at least 7 pages and a byte to span nine. */
	if (iov_iter_count(&iter) > (UIO_FASTIOV - 1) * PAGE_SIZE &&
	    iov_iter_npages(&iter, UIO_FASTIOV + 1) > UIO_FASTIOV) {
		if (dir == ITER_SOURCE)
			left = fault_in_iov_iter_readable(&iter, iov_iter_count(&iter));
		else
			left = fault_in_iov_iter_writeable(&iter, iov_iter_count(&iter));
	}
	ret = left ? -EFAULT : blk_rq_map_user_iov(rq->q, rq, NULL, &iter, GFP_KERNEL);
out:
	/* import_iovec() leaves iov NULL when fast_iov held the vector. */
	if (unlikely(iov))
		kfree(iov);
	return ret;
}

/*
 * Maps @len bytes at @addr inside the buffer the user registered with the
 * io_uring of @ioucmd (IORING_URING_CMD_FIXED). The ring pinned its pages
 * once, at registration: none is looked up or pinned per command, and an
 * address outside the registered buffer fails with EFAULT.
 */
static int cnv_map_fixed(struct request *rq, u64 addr, unsigned int len,
			 struct io_uring_cmd *ioucmd)
{
	int dir = rq_data_dir(rq) == WRITE ? ITER_SOURCE : ITER_DEST;
	struct iov_iter iter;
	int ret;

	ret = cnv_uring_import_fixed(addr, len, dir, &iter, ioucmd);
	if (ret < 0)
		return ret;
	if (!cnv_user_within_mdts(rq, &iter))
		return -EINVAL;
	return blk_rq_map_user_iov(rq->q, rq, NULL, &iter, GFP_KERNEL);
}

/*
 * The SQE of a checked user command, written straight into the request:
 * no flags (fused and SGL were refused), the CID and data pointers left
 * for the request's mapping and submission.
 */
static void cnv_user_sqe(const struct nvme_passthru_cmd64 *c, struct cnv_sqe *cmd)
{
	*cmd = (struct cnv_sqe) {
		.opcode = c->opcode,
		.nsid = cpu_to_le32(c->nsid),
		.cdw2 = cpu_to_le32(c->cdw2),
		.cdw3 = cpu_to_le32(c->cdw3),
		.cdw10 = cpu_to_le32(c->cdw10),
		.cdw11 = cpu_to_le32(c->cdw11),
		.cdw12 = cpu_to_le32(c->cdw12),
		.cdw13 = cpu_to_le32(c->cdw13),
		.cdw14 = cpu_to_le32(c->cdw14),
		.cdw15 = cpu_to_le32(c->cdw15),
	};
}

/**
 * cnv_user_rq() - a request for a user command, with its SQE and data
 * @q: queue the command goes to
 * @c: the command, checked by cnv_user_cmd_prepare(); its timeout_ms, if
 *	not 0, replaces the queue's
 * @buf: the user's data buffer
 * @min_bytes: what the controller will move (cnv_user_cmd_bytes()); a
 *	shorter buffer is refused
 * @opf: request flags beyond the direction (REQ_POLLED for io_uring IOPOLL)
 * @flags: allocation flags (BLK_MQ_REQ_NOWAIT)
 *
 * Return: the request, or an ERR_PTR.
 */
struct request *cnv_user_rq(struct request_queue *q, const struct nvme_passthru_cmd64 *c,
			    const struct cnv_user_buf *buf, u64 min_bytes, blk_opf_t opf,
			    blk_mq_req_flags_t flags)
{
	/* Opcode bits 1:0 give the data direction; bit 0 is host to controller. */
	blk_opf_t op = (c->opcode & 1) ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN;
	struct cnv_request *req;
	struct request *rq;
	int ret;

	rq = blk_mq_alloc_request(q, op | opf, flags);
	if (IS_ERR(rq))
		return rq;
	if (c->timeout_ms)
		rq->timeout = msecs_to_jiffies(c->timeout_ms);
	req = cnv_req(rq);
	cnv_user_sqe(c, &req->cmd);
	req->status = 0;
	req->result = 0;
	req->fault_lost = false;
	if (buf->len) {
		/* Vectored: len counts iovecs, and their lengths add up to the data. */
		if (buf->fixed)
			ret = cnv_map_fixed(rq, buf->addr, buf->len, buf->fixed);
		else
			ret = cnv_map_user(rq, u64_to_user_ptr(buf->addr), buf->len, buf->vectored);
		if (ret)
			goto free;
	}
	/*
	 * The controller moves what the command says, not what was mapped:
	 * a buffer shorter than that would let it DMA past the user's pages.
	 */
	if (blk_rq_bytes(rq) < min_bytes) {
		ret = -EINVAL;
		goto unmap;
	}
	return rq;

unmap:
	if (rq->bio)
		blk_rq_unmap_user(rq->bio);
free:
	blk_mq_free_request(rq);
	return ERR_PTR(ret);
}

/**
 * cnv_user_cmd_bytes() - what the controller will move for a user command
 * @ns: namespace of an I/O command, NULL for an admin command
 * @c: the command
 * @b: data and metadata bytes
 *
 * Reads, writes, compares and Zone Appends move their blocks, and on a
 * format with metadata that too: inline with extended LBAs, else through
 * MPTR, unless PRACT on protection information alone keeps it on the
 * controller (NVM Command Set 5.3). Identify and Get Log Page move what
 * they say; other commands count as 0 and are not checked.
 */
void cnv_user_cmd_bytes(const struct cnv_ns *ns, const struct nvme_passthru_cmd64 *c,
			struct cnv_user_bytes *b)
{
	u64 blocks = (u64)(c->cdw12 & 0xffff) + 1;
	u32 ms;

	b->data = 0;
	b->metadata = 0;
	if (!ns) {
		if (c->opcode == CNV_ADMIN_IDENTIFY)
			b->data = 4096;
		/* NUMDL in CDW10 31:16, NUMDU in CDW11 15:0: dwords, 0's based. */
		else if (c->opcode == CNV_ADMIN_GET_LOG_PAGE)
			b->data = (((u64)(c->cdw11 & 0xffff) << 16 | c->cdw10 >> 16) + 1) * 4;
		return;
	}
	switch (c->opcode) {
	case CNV_IO_READ:
	case CNV_IO_WRITE:
	case CNV_IO_COMPARE:
	case CNV_IO_ZONE_APPEND:
		break;
	default:
		return;
	}
	ms = ns->metadata_bytes;
	if ((c->cdw12 & CNV_RW_PRACT) && ms == CNV_PI_BYTES)
		ms = 0;
	b->data = blocks << ns->lba_shift;
	if (ns->metadata_extended)
		b->data += blocks * ms;
	else
		b->metadata = blocks * ms;
}

/**
 * cnv_user_meta_map() - bounce a user's separate metadata for one command
 * @ctrl: controller
 * @c: the command, with its metadata buffer and length
 * @needed: what the controller will move through MPTR; a shorter buffer is
 *	refused
 * @gfp: GFP_KERNEL, or GFP_NOWAIT where the caller may not sleep
 * @m: filled; len stays 0 when the command has no metadata
 * @cmd: the request's SQE, whose MPTR is set
 *
 * Return: 0, -EINVAL, -EFAULT, or -ENOMEM (-EAGAIN with GFP_NOWAIT).
 */
int cnv_user_meta_map(struct cnv_ctrl *ctrl, const struct nvme_passthru_cmd64 *c,
		      u64 needed, gfp_t gfp, struct cnv_user_meta *m, struct cnv_sqe *cmd)
{
	*m = (struct cnv_user_meta) { };
	if (c->metadata_len < needed)
		return -EINVAL;
	if (!c->metadata_len)
		return 0;
	m->len = c->metadata_len;
	m->user = c->metadata;
	m->dir = (c->opcode & 1) ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	m->buf = kzalloc(m->len, gfp);
	if (!m->buf)
		goto nomem;
	if (m->dir == DMA_TO_DEVICE &&
	    copy_from_user(m->buf, u64_to_user_ptr(m->user), m->len)) {
		kfree(m->buf);
		m->len = 0;
		return -EFAULT;
	}
	m->dma = dma_map_single(ctrl->dev, m->buf, m->len, m->dir);
	if (dma_mapping_error(ctrl->dev, m->dma)) {
		kfree(m->buf);
		goto nomem;
	}
	m->dev = ctrl->dev;
	cmd->mptr = cpu_to_le64(m->dma);
	return 0;

nomem:
	m->len = 0;
	return (gfp & __GFP_DIRECT_RECLAIM) ? -ENOMEM : -EAGAIN;
}

/**
 * cnv_user_meta_unmap() - end the device's access to the bounce buffer
 * @m: from cnv_user_meta_map()
 *
 * Any context (io_uring calls it from the completion); idempotent.
 */
void cnv_user_meta_unmap(struct cnv_user_meta *m)
{
	if (!m->dev)
		return;
	dma_unmap_single(m->dev, m->dma, m->len, m->dir);
	m->dev = NULL;
}

/**
 * cnv_user_meta_release() - hand read metadata back and free the buffer
 * @m: from cnv_user_meta_map(), unmapped
 * @copy_out: the command succeeded: a read's metadata goes to the user
 *
 * In the user's task: it copies to the user's memory.
 *
 * Return: 0, or -EFAULT when the copy failed.
 */
int cnv_user_meta_release(struct cnv_user_meta *m, bool copy_out)
{
	int ret = 0;

	if (!m->len)
		return 0;
	if (WARN_ON_ONCE(m->dev))
		cnv_user_meta_unmap(m);
	if (copy_out && m->dir == DMA_FROM_DEVICE &&
	    copy_to_user(u64_to_user_ptr(m->user), m->buf, m->len))
		ret = -EFAULT;
	kfree(m->buf);
	m->len = 0;
	return ret;
}

/**
 * cnv_user_result() - the outcome of a user command
 * @rq: the request, completed
 * @sts: the block layer's status for it
 *
 * Return: the command's NVMe status field when nonzero, else an errno.
 */
int cnv_user_result(struct request *rq, blk_status_t sts)
{
	struct cnv_request *req = cnv_req(rq);

	return req->status ? req->status : blk_status_to_errno(sts);
}

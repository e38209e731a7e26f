// SPDX-License-Identifier: GPL-2.0
/*
 * Passthrough ioctls (<linux/nvme_ioctl.h>): NVMe commands from user space
 * sent through the admin queue or a namespace's I/O queues, for nvme-cli,
 * libnvme and anything else that speaks the in-tree driver's interface.
 *
 * User commands are untrusted: they need CAP_SYS_ADMIN unless the in-tree
 * rules of this kernel let anyone who may open the node send them
 * (lib/permissions.c), carry no metadata or SGL/fused flags, move at most
 * MDTS, and may not touch what the driver itself manages (I/O queues,
 * asynchronous events, doorbell buffers).
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

/*
 * Whether user commands may go to @ctrl: a reset under way is waited for
 * (bounded, interruptible), as the in-tree driver's held queues make its
 * users wait, instead of failing a command that would work a moment later.
 */
static int cnv_ctrl_usable(struct cnv_ctrl *ctrl, bool nowait)
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

/* The in-tree rules first: capable() is asked (and audited) only when they refuse. */
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

	if (ns)
		r.io_effects = cnv_io_effects(ctrl, c->opcode);
	return cnv_passthru_unprivileged(CNV_PASSTHRU_POLICY, &r) || capable(CAP_SYS_ADMIN);
}

/*
 * Checks a user command and builds its SQE; admin when @ns is NULL. @c is
 * the 64-bit form; the other user layouts are converted to it.
 */
static int cnv_user_cmd_prepare(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
				const struct nvme_passthru_cmd64 *c,
				const struct cnv_user_access *access, bool nowait,
				struct cnv_sqe *cmd, struct request_queue **q)
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
	return 0;
}

/* The one bound on a user command's data: MDTS, the queue's limit. */
static bool cnv_user_within_mdts(struct request *rq, const struct iov_iter *iter)
{
	return iov_iter_count(iter) <= (size_t)queue_max_hw_sectors(rq->q) << SECTOR_SHIFT;
}

/* Where a user command's data is. */
struct cnv_user_buf {
	u64 addr;			/* the data, or the iovec array when vectored */
	unsigned int len;		/* bytes, or iovecs when vectored */
	bool vectored;
	struct io_uring_cmd *fixed;	/* in this command's registered buffer */
};

/*
 * Maps the user's buffer (@len bytes at @ubuf, or @len iovecs there when
 * @vectored) into @rq. Every page is faulted in first, so a bad address
 * fails here with EFAULT: 6.12's bio_map_user_iov() leaks its page array
 * when pinning fails, as it does for an unmapped buffer of more than eight
 * pages.
 */
static int cnv_map_user(struct request *rq, void __user *ubuf, unsigned int len,
			bool vectored)
{
	struct iovec fast_iov[UIO_FASTIOV], *iov = fast_iov;
	int dir = rq_data_dir(rq) == WRITE ? ITER_SOURCE : ITER_DEST;
	struct iov_iter iter;
	size_t left;
	ssize_t ret;

	if (vectored) {
		ret = import_iovec(dir, ubuf, len, UIO_FASTIOV, &iov, &iter);
		if (ret < 0)
			return ret;
	} else {
		fast_iov[0].iov_base = ubuf;
		fast_iov[0].iov_len = len;
		iov_iter_init(&iter, dir, fast_iov, 1, len);
		iov = NULL;
	}
	if (!cnv_user_within_mdts(rq, &iter)) {
		ret = -EINVAL;
		goto out;
	}
	/* import_iovec() checked each of its segments. */
	if (!vectored && !access_ok(ubuf, len)) {
		ret = -EFAULT;
		goto out;
	}
	if (dir == ITER_SOURCE)
		left = fault_in_iov_iter_readable(&iter, iov_iter_count(&iter));
	else
		left = fault_in_iov_iter_writeable(&iter, iov_iter_count(&iter));
	ret = left ? -EFAULT : blk_rq_map_user_iov(rq->q, rq, NULL, &iter, GFP_KERNEL);
out:
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
 * Allocates a request for @cmd on @q and maps the user's data into it.
 * @opf: request flags beyond the direction (REQ_POLLED for io_uring IOPOLL).
 */
static struct request *cnv_user_rq(struct request_queue *q, const struct cnv_sqe *cmd,
				   const struct cnv_user_buf *buf, u64 min_bytes, u32 timeout_ms,
				   blk_opf_t opf, blk_mq_req_flags_t flags)
{
	blk_opf_t op = (cmd->opcode & 1) ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN;
	struct cnv_request *req;
	struct request *rq;
	int ret;

	rq = blk_mq_alloc_request(q, op | opf, flags);
	if (IS_ERR(rq))
		return rq;
	if (timeout_ms)
		rq->timeout = msecs_to_jiffies(timeout_ms);
	req = cnv_req(rq);
	req->cmd = *cmd;
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

/* What the controller will move for a user command, where the driver can tell. */
struct cnv_user_bytes {
	u64 data;	/* through the data pointer */
	u64 metadata;	/* through MPTR */
};

/*
 * Reads, writes, compares and Zone Appends move their blocks, and on a
 * format with metadata that too: inline with extended LBAs, else through
 * MPTR, unless PRACT on protection information alone keeps it on the
 * controller (NVM Command Set 5.3). Identify and Get Log Page move what
 * they say; other commands count as 0 and are not checked.
 */
static void cnv_user_cmd_bytes(const struct cnv_ns *ns, const struct nvme_passthru_cmd64 *c,
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

/*
 * A user's separate metadata, bounced through a kernel buffer for one
 * synchronous command: zeroed, so a controller that moves less than the
 * buffer returns no stale kernel memory.
 */
struct cnv_user_meta {
	void *buf;
	dma_addr_t dma;
	u32 len;
	enum dma_data_direction dir;
};

static int cnv_user_meta_map(struct cnv_ctrl *ctrl, const struct nvme_passthru_cmd64 *c,
			     u64 needed, struct cnv_user_meta *m, struct cnv_sqe *cmd)
{
	m->len = c->metadata_len;
	if (m->len < needed)
		return -EINVAL;
	if (!m->len)
		return 0;
	m->dir = (c->opcode & 1) ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	m->buf = kzalloc(m->len, GFP_KERNEL);
	if (!m->buf)
		return -ENOMEM;
	if (m->dir == DMA_TO_DEVICE &&
	    copy_from_user(m->buf, u64_to_user_ptr(c->metadata), m->len)) {
		kfree(m->buf);
		return -EFAULT;
	}
	m->dma = dma_map_single(ctrl->dev, m->buf, m->len, m->dir);
	if (dma_mapping_error(ctrl->dev, m->dma)) {
		kfree(m->buf);
		return -ENOMEM;
	}
	cmd->mptr = cpu_to_le64(m->dma);
	return 0;
}

/* Releases the bounce buffer; @copy_out hands read metadata to the user first. */
static int cnv_user_meta_unmap(struct cnv_ctrl *ctrl, const struct nvme_passthru_cmd64 *c,
			       struct cnv_user_meta *m, bool copy_out)
{
	int ret = 0;

	if (!m->len)
		return 0;
	dma_unmap_single(ctrl->dev, m->dma, m->len, m->dir);
	if (copy_out && m->dir == DMA_FROM_DEVICE &&
	    copy_to_user(u64_to_user_ptr(c->metadata), m->buf, m->len))
		ret = -EFAULT;
	kfree(m->buf);
	return ret;
}

/*
 * drop_passthrough_command: this admin command, one of those the driver
 * freezes or rescans around (@plan), never completes.
 */
static void cnv_user_cmd_fault(struct cnv_ctrl *ctrl, struct request *rq,
			       const struct cnv_passthru_plan *plan)
{
	struct cnv_request *req = cnv_req(rq);

	req->fault_lost = cnv_passthru_plan_acts(plan) &&
			  cnv_fault_hit(&ctrl->faults.drop_passthrough_command);
	if (req->fault_lost)
		dev_warn(ctrl->dev, "fault injection: passthrough command opcode %#x will not complete\n",
			 req->cmd.opcode);
}

/* The outcome of a user command: its NVMe status, else an errno. */
static int cnv_user_result(struct request *rq, blk_status_t sts)
{
	struct cnv_request *req = cnv_req(rq);

	return req->status ? req->status : blk_status_to_errno(sts);
}

/*
 * One synchronous passthrough command.
 *
 * Return: 0, a negative errno, or the positive NVMe status field.
 */
static int cnv_passthru(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
			struct nvme_passthru_cmd64 *c, bool vectored,
			const struct cnv_user_access *access)
{
	struct cnv_passthru_plan plan = { };
	struct cnv_user_meta meta = { };
	struct cnv_user_bytes bytes;
	struct cnv_user_buf buf;
	struct request_queue *q;
	struct cnv_sqe cmd;
	struct request *rq;
	struct bio *bio;
	int ret, meta_ret;

	ret = cnv_user_cmd_prepare(ctrl, ns, c, access, false, &cmd, &q);
	if (ret)
		return ret;
	/* Formats and the like: I/O held before, disks rescanned after (effects.c). */
	if (!ns) {
		ret = cnv_passthru_begin(ctrl, c->opcode, c->nsid, c->cdw10, &plan);
		if (ret)
			return ret;
	}
	cnv_user_cmd_bytes(ns, c, &bytes);
	buf = (struct cnv_user_buf) { .addr = c->addr, .len = c->data_len, .vectored = vectored };
	rq = cnv_user_rq(q, &cmd, &buf, bytes.data, c->timeout_ms, 0, 0);
	if (IS_ERR(rq)) {
		ret = PTR_ERR(rq);
		goto end;
	}
	if (!ns)
		cnv_user_cmd_fault(ctrl, rq, &plan);
	bio = rq->bio;
	ret = cnv_user_meta_map(ctrl, c, bytes.metadata, &meta, &cnv_req(rq)->cmd);
	if (!ret) {
		ret = cnv_user_result(rq, blk_execute_rq(rq, false));
		c->result = cnv_req(rq)->result;
		meta_ret = cnv_user_meta_unmap(ctrl, c, &meta, !ret);
		if (!ret)
			ret = meta_ret;
	}
	if (bio)
		blk_rq_unmap_user(bio);
	/* Cancelled rather than completed: the tag's next user must not inherit it. */
	cnv_req(rq)->fault_lost = false;
	blk_mq_free_request(rq);
end:
	if (!ns)
		cnv_passthru_end(ctrl, &plan);
	return ret;
}

static int cnv_passthru32(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
			  struct nvme_passthru_cmd __user *ucmd,
			  const struct cnv_user_access *access)
{
	struct nvme_passthru_cmd c32;
	struct nvme_passthru_cmd64 c;
	int ret;

	if (copy_from_user(&c32, ucmd, sizeof(c32)))
		return -EFAULT;
	/* The two layouts agree up to the result field. */
	memset(&c, 0, sizeof(c));
	memcpy(&c, &c32, offsetof(struct nvme_passthru_cmd, result));
	ret = cnv_passthru(ctrl, ns, &c, false, access);
	if (ret >= 0 && put_user(lower_32_bits(c.result), &ucmd->result))
		return -EFAULT;
	return ret;
}

static int cnv_passthru64(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
			  struct nvme_passthru_cmd64 __user *ucmd, bool vectored,
			  const struct cnv_user_access *access)
{
	struct nvme_passthru_cmd64 c;
	int ret;

	if (copy_from_user(&c, ucmd, sizeof(c)))
		return -EFAULT;
	ret = cnv_passthru(ctrl, ns, &c, vectored, access);
	if (ret >= 0 && put_user(c.result, &ucmd->result))
		return -EFAULT;
	return ret;
}

/* The I/O passthrough on the controller node names its namespace by NSID. */
static int cnv_ctrl_io_passthru(struct cnv_ctrl *ctrl, unsigned int cmd, void __user *argp,
				const struct cnv_user_access *access)
{
	struct cnv_ns *ns;
	__u32 nsid;
	int ret;

	/* nsid sits at the same offset in both layouts. */
	if (get_user(nsid, &((struct nvme_passthru_cmd __user *)argp)->nsid))
		return -EFAULT;
	ns = cnv_ns_get_by_nsid(ctrl, nsid);
	if (!ns)
		return -EINVAL;
	if (cmd == NVME_IOCTL_IO_CMD)
		ret = cnv_passthru32(ctrl, ns, argp, access);
	else
		ret = cnv_passthru64(ctrl, ns, argp, cmd == NVME_IOCTL_IO64_CMD_VEC, access);
	cnv_ns_put(ns);
	return ret;
}

/* NVME_IOCTL_SUBMIT_IO: the old read/write/compare interface. */
static int cnv_submit_io(struct cnv_ns *ns, struct nvme_user_io __user *uio,
			 const struct cnv_user_access *access)
{
	struct nvme_user_io io;
	struct nvme_passthru_cmd64 c = { };
	struct cnv_user_bytes bytes;

	if (copy_from_user(&io, uio, sizeof(io)))
		return -EFAULT;
	if (io.opcode != CNV_IO_WRITE && io.opcode != CNV_IO_READ &&
	    io.opcode != CNV_IO_COMPARE)
		return -EINVAL;
	c.opcode = io.opcode;
	c.flags = io.flags;
	c.nsid = ns->nsid;
	c.addr = io.addr;
	c.cdw10 = lower_32_bits(io.slba);
	c.cdw11 = upper_32_bits(io.slba);
	c.cdw12 = io.nblocks | ((u32)io.control << 16);
	c.cdw13 = io.dsmgmt;
	c.cdw14 = io.reftag;
	c.cdw15 = io.apptag | ((u32)io.appmask << 16);
	/* The lengths follow from the block count and the format. */
	cnv_user_cmd_bytes(ns, &c, &bytes);
	if (bytes.data > ns->ctrl->max_transfer)
		return -EINVAL;
	c.data_len = bytes.data;
	if (bytes.metadata) {
		c.metadata = io.metadata;
		c.metadata_len = bytes.metadata;
	}
	return cnv_passthru(ns->ctrl, ns, &c, false, access);
}

/*
 * io_uring passthrough (NVME_URING_CMD_*): the same commands as the ioctls,
 * completed asynchronously. The command sits in the submission ring, which
 * user space may still change, so it is read once into kernel memory.
 */
struct cnv_uring_pdu {
	struct bio *bio;
	/*
	 * The poll queue the command went to (io_uring IOPOLL), or NULL.
	 * Cleared when it completes, before the request lets go of the queue,
	 * so cnv_uring_iopoll() never follows it into a queue map that a
	 * reset has since rebuilt.
	 */
	struct blk_mq_hw_ctx *poll_hctx;
	u64 result;
	int status;
};

static_assert(sizeof(struct cnv_uring_pdu) <= sizeof_field(struct io_uring_cmd, pdu));

static struct cnv_uring_pdu *cnv_uring_pdu(struct io_uring_cmd *ioucmd)
{
	return (struct cnv_uring_pdu *)ioucmd->pdu;
}

/* In the submitter's task: copy data back, release user pages, post the CQE. */
static void cnv_uring_task_done(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct cnv_uring_pdu *pdu = cnv_uring_pdu(ioucmd);

	if (pdu->bio)
		blk_rq_unmap_user(pdu->bio);
	io_uring_cmd_done(ioucmd, pdu->status, pdu->result, issue_flags);
}

/* Completion context: note the outcome and hand over to the task. */
static enum rq_end_io_ret cnv_uring_end_io(struct request *rq, blk_status_t sts)
{
	struct io_uring_cmd *ioucmd = rq->end_io_data;
	struct cnv_uring_pdu *pdu = cnv_uring_pdu(ioucmd);

	pdu->status = cnv_user_result(rq, sts);
	pdu->result = cnv_req(rq)->result;
	WRITE_ONCE(pdu->poll_hctx, NULL);
	/*
	 * Even when polled: the poller may serve another ring than the one
	 * this command belongs to, and only its own task may post to it.
	 */
	io_uring_cmd_complete_in_task(ioucmd, cnv_uring_task_done);
	return RQ_END_IO_FREE;
}

/**
 * cnv_uring_iopoll() - look for completions of a polled passthrough command
 * @ns: namespace of the generic node the command was sent through
 * @ioucmd: the command, started by cnv_uring_cmd() on an IOPOLL ring
 * @iob: io_uring's batch
 *
 * Hot path of polled passthrough, from the ring's task. Polls the queue
 * the command went to; a command on an interrupt-driven queue (no poll
 * queues, or an admin command) is left to its interrupt.
 *
 * Return: the number of completions found.
 */
int cnv_uring_iopoll(struct cnv_ns *ns, struct io_uring_cmd *ioucmd, struct io_comp_batch *iob)
{
	struct request_queue *q = ns->disk->queue;
	struct blk_mq_hw_ctx *hctx;
	int found = 0;

	/*
	 * Not tryget_live: a queue being frozen still waits for this command,
	 * which only polling completes. The reference keeps the hardware
	 * queues in place until the poll is done.
	 */
	if (!percpu_ref_tryget(&q->q_usage_counter))
		return 0;
	hctx = READ_ONCE(cnv_uring_pdu(ioucmd)->poll_hctx);
	if (hctx)
		found = cnv_queue_poll(hctx->driver_data, iob);
	percpu_ref_put(&q->q_usage_counter);
	return found;
}

/**
 * cnv_uring_cmd() - start one io_uring passthrough command
 * @ctrl: controller
 * @ns: namespace for I/O commands, NULL on the controller node
 * @ioucmd: the io_uring command
 * @issue_flags: io_uring's issue flags
 *
 * Return: -EIOCBQUEUED once started, or a negative errno.
 */
int cnv_uring_cmd(struct cnv_ctrl *ctrl, struct cnv_ns *ns, struct io_uring_cmd *ioucmd,
		  unsigned int issue_flags)
{
	const struct nvme_uring_cmd *ucmd = cnv_uring_cmd_payload(ioucmd);
	struct cnv_uring_pdu *pdu = cnv_uring_pdu(ioucmd);
	struct nvme_passthru_cmd64 c = { };
	struct cnv_user_bytes bytes;
	struct cnv_user_buf buf;
	struct request_queue *q;
	struct cnv_user_access access = { .write = ioucmd->file->f_mode & FMODE_WRITE };
	struct cnv_sqe cmd;
	struct request *rq;
	bool vectored, admin;
	int ret;

	/* The NVMe command needs the 128-byte SQE, its result the 32-byte CQE. */
	if ((issue_flags & (IO_URING_F_SQE128 | IO_URING_F_CQE32)) !=
	    (IO_URING_F_SQE128 | IO_URING_F_CQE32))
		return -EOPNOTSUPP;
	switch (ioucmd->cmd_op) {
	case NVME_URING_CMD_IO:
	case NVME_URING_CMD_IO_VEC:
		admin = false;
		break;
	case NVME_URING_CMD_ADMIN:
	case NVME_URING_CMD_ADMIN_VEC:
		admin = true;
		break;
	default:
		return -ENOTTY;
	}
	if (!admin && !ns)
		return -EINVAL;
	vectored = ioucmd->cmd_op == NVME_URING_CMD_IO_VEC ||
		   ioucmd->cmd_op == NVME_URING_CMD_ADMIN_VEC;

	c.opcode = READ_ONCE(ucmd->opcode);
	c.flags = READ_ONCE(ucmd->flags);
	c.nsid = READ_ONCE(ucmd->nsid);
	c.cdw2 = READ_ONCE(ucmd->cdw2);
	c.cdw3 = READ_ONCE(ucmd->cdw3);
	c.metadata = READ_ONCE(ucmd->metadata);
	c.addr = READ_ONCE(ucmd->addr);
	c.metadata_len = READ_ONCE(ucmd->metadata_len);
	c.data_len = READ_ONCE(ucmd->data_len);
	c.cdw10 = READ_ONCE(ucmd->cdw10);
	c.cdw11 = READ_ONCE(ucmd->cdw11);
	c.cdw12 = READ_ONCE(ucmd->cdw12);
	c.cdw13 = READ_ONCE(ucmd->cdw13);
	c.cdw14 = READ_ONCE(ucmd->cdw14);
	c.cdw15 = READ_ONCE(ucmd->cdw15);
	c.timeout_ms = READ_ONCE(ucmd->timeout_ms);

	/*
	 * Commands that change formats or the namespace layout (which the
	 * driver must hold I/O and rescan around), and metadata buffers, go
	 * through the synchronous ioctls.
	 */
	if (admin) {
		struct cnv_passthru_plan plan;

		cnv_passthru_plan_for(ctrl, c.opcode, c.nsid, c.cdw10, &plan);
		if (cnv_passthru_plan_acts(&plan))
			return -EINVAL;
	}
	if (c.metadata || c.metadata_len)
		return -EINVAL;
	ret = cnv_user_cmd_prepare(ctrl, admin ? NULL : ns, &c, &access,
				   issue_flags & IO_URING_F_NONBLOCK, &cmd, &q);
	if (ret)
		return ret;
	cnv_user_cmd_bytes(admin ? NULL : ns, &c, &bytes);
	/* Metadata through MPTR needs a buffer, which this path does not take. */
	if (bytes.metadata)
		return -EINVAL;
	buf = (struct cnv_user_buf) { .addr = c.addr, .len = c.data_len, .vectored = vectored };
	if (ioucmd->flags & IORING_URING_CMD_FIXED) {
		/* A registered buffer is one range: there is no vectored form. */
		if (vectored)
			return -EINVAL;
		buf.fixed = ioucmd;
	}
	rq = cnv_user_rq(q, &cmd, &buf, bytes.data, c.timeout_ms,
			 (issue_flags & IO_URING_F_IOPOLL) ? REQ_POLLED : 0,
			 (issue_flags & IO_URING_F_NONBLOCK) ? BLK_MQ_REQ_NOWAIT : 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	pdu->bio = rq->bio;
	pdu->poll_hctx = NULL;
	if (rq->cmd_flags & REQ_POLLED) {
		/*
		 * Without poll queues (and always on the admin queue) blk-mq
		 * gives an interrupt-driven one: its interrupt completes the
		 * command as any other's.
		 */
		if (rq->mq_hctx->type == HCTX_TYPE_POLL)
			pdu->poll_hctx = rq->mq_hctx;
		else
			rq->cmd_flags &= ~REQ_POLLED;
	}
	rq->end_io = cnv_uring_end_io;
	rq->end_io_data = ioucmd;
	blk_execute_rq_nowait(rq, false);
	return -EIOCBQUEUED;
}

/**
 * cnv_ctrl_ioctl() - ioctls on the controller node /dev/nvmeN
 * @ctrl: controller (a reference held by the open file)
 * @cmd: ioctl number
 * @argp: user argument
 * @access: how the node was opened
 *
 * Return: 0, a negative errno, or the positive NVMe status of the command.
 */
long cnv_ctrl_ioctl(struct cnv_ctrl *ctrl, unsigned int cmd, void __user *argp,
		    const struct cnv_user_access *access)
{
	switch (cmd) {
	case NVME_IOCTL_ADMIN_CMD:
		return cnv_passthru32(ctrl, NULL, argp, access);
	case NVME_IOCTL_ADMIN64_CMD:
		return cnv_passthru64(ctrl, NULL, argp, false, access);
	case NVME_IOCTL_IO_CMD:
	case NVME_IOCTL_IO64_CMD:
	case NVME_IOCTL_IO64_CMD_VEC:
		return cnv_ctrl_io_passthru(ctrl, cmd, argp, access);
	case NVME_IOCTL_RESET:
		if (!capable(CAP_SYS_ADMIN))
			return -EACCES;
		return cnv_ctrl_reset(ctrl);
	case NVME_IOCTL_SUBSYS_RESET:
		if (!capable(CAP_SYS_ADMIN))
			return -EACCES;
		return cnv_ctrl_subsystem_reset(ctrl);
	case NVME_IOCTL_RESCAN:
		if (!capable(CAP_SYS_ADMIN))
			return -EACCES;
		if (cnv_ctrl_usable(ctrl, false))
			return -ENODEV;
		cnv_ns_scan(ctrl);
		return 0;
	default:
		return -ENOTTY;
	}
}

/**
 * cnv_ns_ioctl() - ioctls on a namespace block device
 * @ns: namespace (pinned by the open block device)
 * @cmd: ioctl number
 * @argp: user argument
 * @access: how the device was opened, and whether it is a partition
 *
 * Return: as cnv_ctrl_ioctl().
 */
int cnv_ns_ioctl(struct cnv_ns *ns, unsigned int cmd, void __user *argp,
		 const struct cnv_user_access *access)
{
	switch (cmd) {
	case NVME_IOCTL_ID:
		return ns->nsid;
	case NVME_IOCTL_ADMIN_CMD:
		return cnv_passthru32(ns->ctrl, NULL, argp, access);
	case NVME_IOCTL_ADMIN64_CMD:
		return cnv_passthru64(ns->ctrl, NULL, argp, false, access);
	case NVME_IOCTL_IO_CMD:
		return cnv_passthru32(ns->ctrl, ns, argp, access);
	case NVME_IOCTL_IO64_CMD:
		return cnv_passthru64(ns->ctrl, ns, argp, false, access);
	case NVME_IOCTL_IO64_CMD_VEC:
		return cnv_passthru64(ns->ctrl, ns, argp, true, access);
	case NVME_IOCTL_SUBMIT_IO:
		return cnv_submit_io(ns, argp, access);
	default:
		return -ENOTTY;
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring passthrough (NVME_URING_CMD_*) on the controller and generic
 * nodes: the commands of the ioctls (usercmd.c checks them the same way),
 * completed asynchronously, with registered buffers and IOPOLL rings.
 */
#include <linux/blk-mq.h>
#include <linux/nvme_ioctl.h>
#include <linux/slab.h>

#include "cnvme.h"
#include "compat.h"
#include "usercmd.h"

/*
 * A command with separate metadata: the bounce buffer, which outlives the
 * request (the copy to the user happens in the task, after the request is
 * freed), and the data's bio, which the pdu has no room left to hold.
 */
struct cnv_uring_meta {
	struct cnv_user_meta meta;
	struct bio *bio;
};

/*
 * io_uring passthrough (NVME_URING_CMD_*): the same commands as the ioctls,
 * completed asynchronously. The command sits in the submission ring, which
 * user space may still change, so it is read once into kernel memory.
 */
struct cnv_uring_pdu {
	union {
		struct bio *bio;		/* without metadata */
		struct cnv_uring_meta *meta;	/* with metadata (has_meta) */
	};
	/*
	 * The poll queue the command went to (io_uring IOPOLL), or NULL.
	 * Cleared when it completes, before the request lets go of the queue,
	 * so cnv_uring_iopoll() never follows it into a queue map that a
	 * reset has since rebuilt.
	 */
	struct blk_mq_hw_ctx *poll_hctx;
	u64 result;
	int status;
	bool has_meta;
};

static_assert(sizeof(struct cnv_uring_pdu) <= sizeof_field(struct io_uring_cmd, pdu));

/*
 * cnv_uring_cmd() copies the io_uring layout over the ioctl's in one go:
 * the same fields in the same places, up to the ioctl's result.
 */
#define CNV_UCMD_AT(f) offsetof(struct nvme_uring_cmd, f)
#define CNV_CMD64_AT(f) offsetof(struct nvme_passthru_cmd64, f)
static_assert(CNV_UCMD_AT(flags) == CNV_CMD64_AT(flags) &&
	      CNV_UCMD_AT(nsid) == CNV_CMD64_AT(nsid) &&
	      CNV_UCMD_AT(cdw2) == CNV_CMD64_AT(cdw2) &&
	      CNV_UCMD_AT(cdw3) == CNV_CMD64_AT(cdw3) &&
	      CNV_UCMD_AT(metadata) == CNV_CMD64_AT(metadata) &&
	      CNV_UCMD_AT(addr) == CNV_CMD64_AT(addr) &&
	      CNV_UCMD_AT(metadata_len) == CNV_CMD64_AT(metadata_len) &&
	      CNV_UCMD_AT(data_len) == CNV_CMD64_AT(data_len) &&
	      CNV_UCMD_AT(cdw10) == CNV_CMD64_AT(cdw10) &&
	      CNV_UCMD_AT(cdw11) == CNV_CMD64_AT(cdw11) &&
	      CNV_UCMD_AT(cdw12) == CNV_CMD64_AT(cdw12) &&
	      CNV_UCMD_AT(cdw13) == CNV_CMD64_AT(cdw13) &&
	      CNV_UCMD_AT(cdw14) == CNV_CMD64_AT(cdw14) &&
	      CNV_UCMD_AT(cdw15) == CNV_CMD64_AT(cdw15) &&
	      CNV_UCMD_AT(timeout_ms) == CNV_CMD64_AT(timeout_ms));
#undef CNV_UCMD_AT
#undef CNV_CMD64_AT
static_assert(sizeof(struct nvme_uring_cmd) == offsetof(struct nvme_passthru_cmd64, result));

static struct cnv_uring_pdu *cnv_uring_pdu(struct io_uring_cmd *ioucmd)
{
	return (struct cnv_uring_pdu *)ioucmd->pdu;
}

/*
 * In the submitter's task: hand read metadata over, release user pages,
 * post the CQE. Metadata that cannot be copied fails a command that
 * otherwise succeeded, as the ioctl does.
 */
static void cnv_uring_task_done(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct cnv_uring_pdu *pdu = cnv_uring_pdu(ioucmd);
	struct bio *bio = pdu->bio;

	if (pdu->has_meta) {
		int ret = cnv_user_meta_release(&pdu->meta->meta, pdu->status == 0);

		if (!pdu->status)
			pdu->status = ret;
		bio = pdu->meta->bio;
		kfree(pdu->meta);
	}
	if (bio)
		blk_rq_unmap_user(bio);
	io_uring_cmd_done(ioucmd, pdu->status, pdu->result, issue_flags);
}

/*
 * Completion context: note the outcome and finish in the ring's task.
 * A poll from that task, ending its batch where it may sleep, finishes it
 * at once: io_uring_cmd_done() only marks a command on an IOPOLL ring
 * done, and the copies to user memory (which may sleep) reach the right
 * address space. Any other context (an interrupt, a poll for another
 * ring, a completion under the CQ lock, a reset's cancellation) hands
 * over to task work.
 */
static enum rq_end_io_ret cnv_uring_end_io(struct request *rq, blk_status_t sts)
{
	struct io_uring_cmd *ioucmd = rq->end_io_data;
	struct cnv_uring_pdu *pdu = cnv_uring_pdu(ioucmd);

	pdu->status = cnv_user_result(rq, sts);
	pdu->result = cnv_req(rq)->result;
	/* The controller is done with the buffer: no DMA reaches it after this. */
	if (pdu->has_meta)
		cnv_user_meta_unmap(&pdu->meta->meta);
	WRITE_ONCE(pdu->poll_hctx, NULL);
	if ((rq->cmd_flags & REQ_POLLED) && preemptible() && cnv_uring_cmd_in_owner(ioucmd))
		cnv_uring_task_done(ioucmd, 0);
	else
		cnv_uring_cmd_to_task(ioucmd, cnv_uring_task_done);
	return RQ_END_IO_FREE;
}

/*
 * Bounces the command's separate metadata (@needed bytes at least) and
 * points @rq's MPTR at it; nothing to do for a command without.
 */
static int cnv_uring_map_meta(struct cnv_ctrl *ctrl, const struct nvme_passthru_cmd64 *c,
			      u64 needed, bool nowait, struct request *rq,
			      struct cnv_uring_pdu *pdu)
{
	gfp_t gfp = nowait ? GFP_NOWAIT : GFP_KERNEL;
	struct cnv_uring_meta *um;
	int ret;

	pdu->has_meta = false;
	if (!c->metadata_len && !needed)
		return 0;
	um = kmalloc(sizeof(*um), gfp);
	if (!um)
		return nowait ? -EAGAIN : -ENOMEM;
	ret = cnv_user_meta_map(ctrl, c, needed, gfp, &um->meta, &cnv_req(rq)->cmd);
	if (ret) {
		kfree(um);
		return ret;
	}
	um->bio = rq->bio;
	pdu->meta = um;
	pdu->has_meta = true;
	return 0;
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
	struct nvme_passthru_cmd64 c;
	struct cnv_user_bytes bytes;
	struct cnv_user_buf buf;
	struct request_queue *q;
	struct cnv_user_access access = { .write = ioucmd->file->f_mode & FMODE_WRITE };
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

	/*
	 * One copy of the command out of the ring, which user space may still
	 * be writing: every check and the SQE use this copy only. The ioctl
	 * layout has the same fields at the same offsets, then its result.
	 */
	memcpy(&c, ucmd, sizeof(*ucmd));
	c.result = 0;

	/*
	 * Commands that change formats or the namespace layout (which the
	 * driver must hold I/O and rescan around) go through the synchronous
	 * ioctls.
	 */
	if (admin) {
		struct cnv_passthru_plan plan;

		cnv_passthru_plan_for(ctrl, c.opcode, c.nsid, c.cdw10, &plan);
		if (cnv_passthru_plan_acts(&plan))
			return -EINVAL;
	}
	ret = cnv_user_cmd_prepare(ctrl, admin ? NULL : ns, &c, &access,
				   issue_flags & IO_URING_F_NONBLOCK, &q);
	if (ret)
		return ret;
	cnv_user_cmd_bytes(admin ? NULL : ns, &c, &bytes);
	buf = (struct cnv_user_buf) { .addr = c.addr, .len = c.data_len, .vectored = vectored };
	if (ioucmd->flags & IORING_URING_CMD_FIXED) {
		/* A registered buffer is one range: there is no vectored form. */
		if (vectored)
			return -EINVAL;
		buf.fixed = ioucmd;
	}
	/*
	 * Bios from the per-CPU cache, as the in-tree driver takes them: they
	 * go back in the ring's task (cnv_uring_task_done()), never from an
	 * interrupt, which 6.1's cache could not take.
	 */
	rq = cnv_user_rq(q, &c, &buf, bytes.data,
			 REQ_ALLOC_CACHE | ((issue_flags & IO_URING_F_IOPOLL) ? REQ_POLLED : 0),
			 (issue_flags & IO_URING_F_NONBLOCK) ? BLK_MQ_REQ_NOWAIT : 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	ret = cnv_uring_map_meta(ctrl, &c, bytes.metadata, issue_flags & IO_URING_F_NONBLOCK,
				 rq, pdu);
	if (ret) {
		if (rq->bio)
			blk_rq_unmap_user(rq->bio);
		blk_mq_free_request(rq);
		return ret;
	}
	if (!pdu->has_meta)
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

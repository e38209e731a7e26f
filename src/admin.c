// SPDX-License-Identifier: GPL-2.0
/*
 * Admin command builders (NVMe Base Specification 5) and synchronous
 * execution through the admin request queue.
 */
#include <linux/blk-mq.h>

#include "cnvme.h"

/* drop_scan_command, drop_reset_command: whether the scan's or reset's command is lost. */
static bool cnv_fault_lose_command(struct cnv_ctrl *ctrl, u8 opcode)
{
	struct cnv_faults *f = &ctrl->faults;
	bool scan = f->scan_task == current;

	if (!scan && f->reset_task != current)
		return false;
	if (!cnv_fault_hit(scan ? &f->drop_scan_command : &f->drop_reset_command))
		return false;
	dev_warn(ctrl->dev, "fault injection: %s command opcode %#x will not complete\n",
		 scan ? "scan" : "reset", opcode);
	return true;
}

/**
 * cnv_exec_sync() - run a command through @q and wait for it
 * @q: the admin queue, or a namespace's queue for its I/O commands
 * @cmd: command without CID or data pointers
 * @buf: kernel buffer for the data phase, or NULL
 * @len: bytes in @buf
 * @result: CQE DW0 on success, or NULL
 *
 * The data direction follows the opcode's low bits (5, Figure "Opcodes for
 * Admin Commands"; the I/O opcodes follow the same rule): bit 0 host to
 * controller, bit 1 controller to host. Bounded by the queue's timeout; the
 * timeout handler resets the controller if the command is lost, and the
 * command then fails.
 *
 * Return: 0, a negative errno if the command could not be run, or the
 * positive NVMe status field it completed with.
 */
int cnv_exec_sync(struct request_queue *q, struct cnv_sqe *cmd, void *buf,
		  unsigned int len, u32 *result)
{
	blk_opf_t op = (cmd->opcode & 1) ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN;
	struct cnv_ctrl *ctrl = q->tag_set->driver_data;
	struct cnv_request *req;
	struct request *rq;
	blk_status_t sts;
	int ret;

	rq = blk_mq_alloc_request(q, op, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	req = cnv_req(rq);
	req->cmd = *cmd;
	req->status = 0;
	/*
	 * A (re)initialisation command that is late gives up on this attempt
	 * (cnv_timeout()) well before admin_timeout: a reset that meets a
	 * controller not ready to do DMA yet tries again within seconds.
	 */
	if (q == ctrl->admin_q && READ_ONCE(ctrl->state) == CNV_CTRL_CONNECTING)
		rq->timeout = CNV_CONNECT_CMD_TIMEOUT;
	req->fault_lost = cnv_fault_lose_command(ctrl, cmd->opcode);
	if (buf && len) {
		ret = blk_rq_map_kern(q, rq, buf, len, GFP_KERNEL);
		if (ret)
			goto out;
	}
	sts = blk_execute_rq(rq, false);
	if (req->status)
		ret = req->status;
	else
		ret = blk_status_to_errno(sts);
	if (!ret && result)
		*result = lower_32_bits(req->result);
out:
	/* Cancelled rather than completed: the tag's next user must not inherit it. */
	req->fault_lost = false;
	blk_mq_free_request(rq);
	return ret;
}

/**
 * cnv_admin_identify_csi() - Identify (5.17) into a 4 KiB buffer
 * @ctrl: controller
 * @cns: which structure
 * @csi: the I/O command set of a command set specific structure (CNS 05h, 06h)
 * @nsid: namespace, or the NSID to list from for the active list
 * @buf: 4096 bytes, DMA-able
 *
 * Return: as cnv_admin_exec(), or -EOPNOTSUPP for a CNS the controller
 * is not asked for (cnv_quirks_cns_ok()).
 */
int cnv_admin_identify_csi(struct cnv_ctrl *ctrl, u8 cns, u8 csi, u32 nsid, void *buf)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_IDENTIFY,
		.nsid = cpu_to_le32(nsid),
		.cdw10 = cpu_to_le32(cns),
		.cdw11 = cpu_to_le32(CNV_IDENTIFY_CSI(csi)),
	};

	/* Older controllers, and some that claim to be newer, misread wider CNS values. */
	if (!cnv_quirks_cns_ok(ctrl->quirks, ctrl->vs, ctrl->cap.io_command_sets, cns))
		return -EOPNOTSUPP;
	return cnv_admin_exec(ctrl, &cmd, buf, 4096, NULL);
}

/**
 * cnv_admin_set_num_queues() - ask for @wanted I/O queue pairs (5.27.1.5)
 * @ctrl: controller
 * @wanted: pairs requested, at least 1
 * @granted: pairs the controller allocated
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_set_num_queues(struct cnv_ctrl *ctrl, u32 wanted, u32 *granted)
{
	u32 zero_based = wanted - 1;
	u32 result;
	int ret;

	ret = cnv_admin_set_feature(ctrl, CNV_FEAT_NUM_QUEUES, (zero_based << 16) | zero_based,
				    &result);
	if (!ret)
		*granted = cnv_granted_io_queues(result);
	return ret;
}

/**
 * cnv_admin_get_log() - Get Log Page (5.16) for the whole controller
 * @ctrl: controller
 * @lid: log page identifier
 * @buf: DMA-able buffer
 * @len: bytes to read, a multiple of 4, at most 256 KiB (NUMDL alone)
 *
 * Retain Asynchronous Event is clear: reading retires an event that named
 * this page, so the controller may report the next one.
 * Return: as cnv_admin_exec().
 */
int cnv_admin_get_log(struct cnv_ctrl *ctrl, u8 lid, void *buf, u32 len)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_GET_LOG_PAGE,
		.nsid = cpu_to_le32(CNV_NSID_ALL),
		/* NUMDL: dwords to read, 0's based. */
		.cdw10 = cpu_to_le32(lid | ((len / 4 - 1) << 16)),
	};

	return cnv_admin_exec(ctrl, &cmd, buf, len, NULL);
}

/**
 * cnv_admin_get_feature() - current value of a feature (5.15), no data
 * @ctrl: controller
 * @fid: feature identifier
 * @value: its Completion Queue Entry DW0
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_get_feature(struct cnv_ctrl *ctrl, u8 fid, u32 *value)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_GET_FEATURES,
		.cdw10 = cpu_to_le32(fid),
	};

	return cnv_admin_exec(ctrl, &cmd, NULL, 0, value);
}

/**
 * cnv_admin_set_feature() - set a feature (5.27) whose value fits in CDW11
 * @ctrl: controller
 * @fid: feature identifier
 * @value: CDW11
 * @result: Completion Queue Entry DW0, or NULL
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_set_feature(struct cnv_ctrl *ctrl, u8 fid, u32 value, u32 *result)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_SET_FEATURES,
		.cdw10 = cpu_to_le32(fid),
		.cdw11 = cpu_to_le32(value),
	};

	return cnv_admin_exec(ctrl, &cmd, NULL, 0, result);
}

/**
 * cnv_admin_set_feature_data() - Set Features with a data structure
 * @ctrl: controller
 * @fid: feature identifier
 * @value: CDW11
 * @buf: the feature's data, DMA-able (kmalloc)
 * @len: its size
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_set_feature_data(struct cnv_ctrl *ctrl, u8 fid, u32 value, void *buf,
			       unsigned int len)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_SET_FEATURES,
		.cdw10 = cpu_to_le32(fid),
		.cdw11 = cpu_to_le32(value),
	};

	return cnv_admin_exec(ctrl, &cmd, buf, len, NULL);
}

/**
 * cnv_admin_create_cq() - Create I/O Completion Queue (5.4) for @q
 * @ctrl: controller
 * @q: queue pair with allocated rings
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_create_cq(struct cnv_ctrl *ctrl, struct cnv_queue *q)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_CREATE_CQ,
		.prp1 = cpu_to_le64(q->cq_dma),
		.cdw10 = cpu_to_le32(((u32)(q->depth - 1) << 16) | q->qid),
		.cdw11 = cpu_to_le32(((u32)q->vector << 16) |
				     (q->polled ? 0 : CNV_CQ_IRQ_ENABLED) |
				     CNV_QUEUE_PHYS_CONTIG),
	};

	return cnv_admin_exec(ctrl, &cmd, NULL, 0, NULL);
}

/**
 * cnv_admin_create_sq() - Create I/O Submission Queue (5.5) for @q
 * @ctrl: controller
 * @q: queue pair whose CQ already exists; each SQ completes to its own CQ
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_create_sq(struct cnv_ctrl *ctrl, struct cnv_queue *q)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_CREATE_SQ,
		.prp1 = cpu_to_le64(q->sq_dma),
		.cdw10 = cpu_to_le32(((u32)(q->depth - 1) << 16) | q->qid),
		.cdw11 = cpu_to_le32(((u32)q->qid << 16) | CNV_QUEUE_PHYS_CONTIG |
				     ctrl->io_shape.sq_priority),
	};

	return cnv_admin_exec(ctrl, &cmd, NULL, 0, NULL);
}

/**
 * cnv_admin_delete_queue() - Delete I/O SQ (5.7) or CQ (5.6)
 * @ctrl: controller
 * @opcode: CNV_ADMIN_DELETE_SQ or CNV_ADMIN_DELETE_CQ
 * @qid: queue identifier
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_delete_queue(struct cnv_ctrl *ctrl, u8 opcode, u16 qid)
{
	struct cnv_sqe cmd = {
		.opcode = opcode,
		.cdw10 = cpu_to_le32(qid),
	};

	if (cnv_fault_hit(&ctrl->faults.fail_queue_deletion)) {
		dev_warn(ctrl->dev, "fault injection: deleting I/O queue %u refused\n", qid);
		return -EIO;
	}
	return cnv_admin_exec(ctrl, &cmd, NULL, 0, NULL);
}

/**
 * cnv_admin_dbbuf_config() - Doorbell Buffer Config (5.8)
 * @ctrl: controller with its I/O queues created
 * @shadow: bus address of the shadow doorbell buffer, page aligned
 * @eventidx: bus address of the event index buffer, page aligned
 *
 * Return: as cnv_admin_exec().
 */
int cnv_admin_dbbuf_config(struct cnv_ctrl *ctrl, dma_addr_t shadow, dma_addr_t eventidx)
{
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_DBBUF_CONFIG,
		.prp1 = cpu_to_le64(shadow),
		.prp2 = cpu_to_le64(eventidx),
	};

	return cnv_admin_exec(ctrl, &cmd, NULL, 0, NULL);
}

/* Abort (5.1): DW0 bit 0 set means the command was not aborted. */
static enum rq_end_io_ret cnv_abort_end_io(struct request *rq, blk_status_t sts)
{
	struct cnv_ctrl *ctrl = rq->end_io_data;
	struct cnv_request *req = cnv_req(rq);
	u32 target = le32_to_cpu(req->cmd.cdw10);
	const char *outcome = "aborted";

	if (sts || req->status)
		outcome = "abort failed";
	else if (req->result & 1)
		outcome = "not aborted";
	dev_warn_ratelimited(ctrl->dev, "queue %u: command %#x %s\n",
			     target & 0xffff, target >> 16, outcome);
	atomic_dec(&ctrl->aborts_in_flight);
	return RQ_END_IO_FREE;
}

/**
 * cnv_admin_abort() - ask the controller to abort a command, without waiting
 * @ctrl: live controller
 * @sqid: submission queue the command was sent on
 * @cid: its command identifier
 * @opcode: its opcode, for the log
 *
 * Called from the timeout handler, so it neither sleeps for a tag nor
 * exceeds the controller's Abort Command Limit. If the abort succeeds,
 * the command completes with Command Abort Requested.
 *
 * Return: 0 if the Abort was sent, -EBUSY if the limit or the admin queue
 * is full.
 */
int cnv_admin_abort(struct cnv_ctrl *ctrl, u16 sqid, u16 cid, u8 opcode)
{
	struct cnv_request *req;
	struct request *rq;

	if (atomic_inc_return(&ctrl->aborts_in_flight) > ctrl->abort_limit)
		goto busy;
	rq = blk_mq_alloc_request(ctrl->admin_q, REQ_OP_DRV_OUT, BLK_MQ_REQ_NOWAIT);
	if (IS_ERR(rq))
		goto busy;
	req = cnv_req(rq);
	memset(&req->cmd, 0, sizeof(req->cmd));
	req->cmd.opcode = CNV_ADMIN_ABORT;
	req->cmd.cdw10 = cpu_to_le32(sqid | (u32)cid << 16);
	req->status = 0;
	rq->end_io = cnv_abort_end_io;
	rq->end_io_data = ctrl;
	dev_warn(ctrl->dev, "queue %u: command %#x opcode %#x timed out, aborting\n",
		 sqid, cid, opcode);
	blk_execute_rq_nowait(rq, false);
	return 0;

busy:
	atomic_dec(&ctrl->aborts_in_flight);
	return -EBUSY;
}

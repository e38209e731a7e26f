// SPDX-License-Identifier: GPL-2.0
/*
 * Asynchronous events (NVMe Base 5.2): one Asynchronous Event Request is
 * kept outstanding while the controller is live. When the controller
 * completes it, the work below reads the log page the event names (which
 * clears the event so the controller may report the next one), acts on it
 * - a changed namespace list rescans, health and firmware events are
 * logged - and sends a new request.
 *
 * A reset, suspend or removal cancels the outstanding request with the
 * rest of the admin queue; it is sent again once the controller is live.
 */
#include <linux/blk-mq.h>
#include <linux/slab.h>

#include "cnvme.h"
#include "lib/status.h"

/*
 * The request lives until the controller has something to say, which may
 * be never: cnv_timeout() re-arms its timer instead of treating it as lost.
 */
static enum rq_end_io_ret cnv_aer_end_io(struct request *rq, blk_status_t sts)
{
	struct cnv_ctrl *ctrl = rq->end_io_data;
	struct cnv_request *req = cnv_req(rq);

	if (!sts && !req->status) {
		WRITE_ONCE(ctrl->aer_result, lower_32_bits(req->result));
		queue_work(cnv_wq, &ctrl->aer_work);
	} else if (req->status != CNV_STATUS_HOST_ABORTED) {
		/* e.g. Asynchronous Event Request Limit Exceeded: do not insist. */
		dev_warn_ratelimited(ctrl->dev, "%s: asynchronous event request failed, status %#x\n",
				     dev_name(&ctrl->device), req->status);
	}
	return RQ_END_IO_FREE;
}

static void cnv_aer_submit(struct cnv_ctrl *ctrl)
{
	struct request *rq;

	if (READ_ONCE(ctrl->state) != CNV_CTRL_LIVE)
		return;
	rq = blk_mq_alloc_request(ctrl->admin_q, REQ_OP_DRV_IN, BLK_MQ_REQ_NOWAIT);
	if (IS_ERR(rq)) {
		dev_warn(ctrl->dev, "%s: no admin tag for an asynchronous event request\n",
			 dev_name(&ctrl->device));
		return;
	}
	memset(&cnv_req(rq)->cmd, 0, sizeof(cnv_req(rq)->cmd));
	cnv_req(rq)->cmd.opcode = CNV_ADMIN_ASYNC_EVENT;
	cnv_req(rq)->status = 0;
	rq->end_io = cnv_aer_end_io;
	rq->end_io_data = ctrl;
	blk_execute_rq_nowait(rq, false);
}

static void cnv_aer_work(struct work_struct *work)
{
	struct cnv_ctrl *ctrl = container_of(work, struct cnv_ctrl, aer_work);
	u32 result = READ_ONCE(ctrl->aer_result);
	u8 type = CNV_AER_TYPE(result), info = CNV_AER_INFO(result);
	u8 lid = CNV_AER_LOG(result);
	void *buf;
	int ret;

	ctrl->aer_events++;
	buf = kzalloc(4096, GFP_KERNEL);
	ret = buf ? cnv_admin_get_log(ctrl, lid, buf, 4096) : -ENOMEM;
	if (ret)
		dev_warn_ratelimited(ctrl->dev, "%s: reading log page %#x for event %#x failed (%d)\n",
				     dev_name(&ctrl->device), lid, result, ret);
	switch (type) {
	case CNV_AER_NOTICE:
		if (info == CNV_AER_NOTICE_NS_CHANGED) {
			dev_info(ctrl->dev, "%s: namespace attributes changed, rescanning\n",
				 dev_name(&ctrl->device));
			cnv_ctrl_queue_scan(ctrl);
		} else if (info == CNV_AER_NOTICE_FW_ACTIVATION) {
			dev_info(ctrl->dev, "%s: firmware activation starting\n",
				 dev_name(&ctrl->device));
		} else {
			dev_info(ctrl->dev, "%s: notice %#x (log page %#x)\n",
				 dev_name(&ctrl->device), info, lid);
		}
		break;
	case CNV_AER_SMART:
		dev_warn_ratelimited(ctrl->dev, "%s: health event %#x: critical warning %#x\n",
				     dev_name(&ctrl->device), info,
				     !ret && lid == CNV_LOG_SMART ?
				     ((struct cnv_smart_log *)buf)->critical_warning : 0);
		break;
	default:
		dev_warn_ratelimited(ctrl->dev, "%s: asynchronous event type %u, info %#x, log page %#x\n",
				     dev_name(&ctrl->device), type, info, lid);
		break;
	}
	kfree(buf);
	cnv_aer_submit(ctrl);
}

/**
 * cnv_aer_start() - ask for events and keep one request outstanding
 * @ctrl: controller that just became live (probe, reset, resume)
 *
 * A controller that refuses the configuration still reports what it
 * reports by default (errors); that is only logged.
 */
void cnv_aer_start(struct cnv_ctrl *ctrl)
{
	u32 config = CNV_AEC_SMART_ALL;
	int ret;

	if (ctrl->oaes & CNV_OAES_NS_ATTR)
		config |= CNV_AEC_NS_ATTR;
	if (ctrl->oaes & CNV_OAES_FW_ACTIVATION)
		config |= CNV_AEC_FW_ACTIVATION;
	ret = cnv_admin_set_feature(ctrl, CNV_FEAT_ASYNC_EVENT, config, NULL);
	if (ret)
		dev_warn(ctrl->dev, "%s: asynchronous event configuration refused (%d)\n",
			 dev_name(&ctrl->device), ret);
	cnv_aer_submit(ctrl);
}

void cnv_aer_init(struct cnv_ctrl *ctrl)
{
	INIT_WORK(&ctrl->aer_work, cnv_aer_work);
}

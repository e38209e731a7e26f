// SPDX-License-Identifier: GPL-2.0
/*
 * Passthrough ioctls (<linux/nvme_ioctl.h>): NVMe commands from user space
 * sent through the admin queue or a namespace's I/O queues, for nvme-cli,
 * libnvme and anything else that speaks the in-tree driver's interface,
 * and the controller node's reset and rescan. Synchronous: the caller
 * waits for its command. What every user command passes is in usercmd.c.
 */
#include <linux/blk-mq.h>
#include <linux/capability.h>
#include <linux/nvme_ioctl.h>
#include <linux/uaccess.h>

#include "cnvme.h"
#include "usercmd.h"

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
	struct request *rq;
	struct bio *bio;
	int ret, meta_ret;

	ret = cnv_user_cmd_prepare(ctrl, ns, c, access, false, &q);
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
	rq = cnv_user_rq(q, c, &buf, bytes.data, 0, 0);
	if (IS_ERR(rq)) {
		ret = PTR_ERR(rq);
		goto end;
	}
	if (!ns)
		cnv_user_cmd_fault(ctrl, rq, &plan);
	bio = rq->bio;
	ret = cnv_user_meta_map(ctrl, c, bytes.metadata, GFP_KERNEL, &meta, &cnv_req(rq)->cmd);
	if (!ret) {
		ret = cnv_user_result(rq, blk_execute_rq(rq, false));
		c->result = cnv_req(rq)->result;
		cnv_user_meta_unmap(&meta);
		meta_ret = cnv_user_meta_release(&meta, !ret);
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

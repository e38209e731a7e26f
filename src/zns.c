// SPDX-License-Identifier: GPL-2.0
/*
 * Zoned namespaces (NVMe Zoned Namespace Command Set) as host-managed zoned
 * disks: the zone model from Identify, zone reports for the block layer,
 * and Zone Management Send behind its zone operations. Zone Append is a
 * write (blk.c) whose completion carries the LBA the data went to.
 */
#include <linux/blkdev.h>
#include <linux/mm.h>

#include "cnvme.h"

/* A zone report buffer: at most this (1,023 zones), one transfer, or what is asked. */
#define CNV_ZONE_REPORT_MAX	(64u << 10)

/**
 * cnv_zns_identify_ctrl() - read the controller's Zone Append limit
 * @ctrl: controller being identified
 * @buf: 4 KiB DMA-able scratch buffer
 *
 * Leaves zone_append_bytes 0 when the controller offers no zoned command
 * set; its zoned namespaces, if it reports any, are then not exposed.
 */
void cnv_zns_identify_ctrl(struct cnv_ctrl *ctrl, void *buf)
{
	struct cnv_id_ctrl_zns *id = buf;

	ctrl->zone_append_bytes = 0;
	if (!ctrl->cap.io_command_sets ||
	    cnv_admin_identify_csi(ctrl, CNV_CNS_CTRL_CSI, CNV_CSI_ZNS, 0, id))
		return;
	ctrl->zone_append_bytes = cnv_zone_append_max_bytes(id->zasl, ctrl->cap.page_shift_min,
							    ctrl->max_transfer);
}

/**
 * cnv_zns_identify_ns() - the zone model of a zoned namespace
 * @ctrl: controller
 * @nsid: namespace whose CSI is the zoned command set
 * @fmt: its decoded current format
 * @buf: 4 KiB DMA-able scratch buffer
 * @out: zone geometry
 *
 * Return: CNV_NS_USABLE, or why the namespace cannot be a zoned disk.
 */
enum cnv_ns_verdict cnv_zns_identify_ns(struct cnv_ctrl *ctrl, u32 nsid,
					const struct cnv_ns_format *fmt, void *buf,
					struct cnv_zoned_info *out)
{
	if (!IS_ENABLED(CONFIG_BLK_DEV_ZONED)) {
		dev_warn_once(ctrl->dev, "zoned namespaces need a kernel with CONFIG_BLK_DEV_ZONED\n");
		return CNV_NS_COMMAND_SET;
	}
	if (!ctrl->zone_append_bytes)
		return CNV_NS_COMMAND_SET;
	if (cnv_admin_identify_csi(ctrl, CNV_CNS_NS_CSI, CNV_CSI_ZNS, nsid, buf))
		return CNV_NS_EMPTY;
	return cnv_zns_ns_decode(buf, fmt->format_index, fmt->capacity_blocks,
				 fmt->lba_shift, out);
}

static size_t cnv_zns_report_len(const struct cnv_ns *ns, u64 zones)
{
	size_t most = min(CNV_ZONE_REPORT_MAX, ns->ctrl->max_transfer);

	zones = min_t(u64, zones, most / sizeof(struct cnv_zone_desc));
	return min(most, PAGE_ALIGN(sizeof(struct cnv_zone_report_hdr) +
				   zones * sizeof(struct cnv_zone_desc)));
}

/**
 * cnv_zns_report_zones() - the block layer's report_zones
 * @disk: a zoned namespace's disk
 * @sector: report from the zone holding this sector
 * @nr_zones: at most this many zones
 * @cb: called for each zone, in order
 * @data: for @cb
 *
 * Zone Management Receive (Report Zones, all zones, partial report) into a
 * buffer of whole pages, as many times as needed. Every descriptor is
 * checked before the block layer sees it.
 *
 * Return: the number of zones reported, or a negative errno.
 */
int cnv_zns_report_zones(struct gendisk *disk, sector_t sector, unsigned int nr_zones,
			 report_zones_cb cb, void *data)
{
	struct cnv_ns *ns = disk->private_data;
	u32 shift = ns->lba_shift - SECTOR_SHIFT;
	u64 zone_blocks = ns->zoned.zone_blocks;
	u64 slba = (sector >> shift) & ~(zone_blocks - 1);
	struct cnv_zone_report_hdr *report;
	unsigned int done = 0, fit, n, i;
	size_t len;
	int ret = 0;

	if (slba >= ns->capacity_blocks)
		return 0;
	len = cnv_zns_report_len(ns, min_t(u64, nr_zones,
					   (ns->capacity_blocks - slba) / zone_blocks));
	report = kvmalloc(len, GFP_KERNEL);
	if (!report)
		return -ENOMEM;
	fit = (len - sizeof(*report)) / sizeof(struct cnv_zone_desc);
	while (done < nr_zones && slba < ns->capacity_blocks) {
		const struct cnv_zone_desc *desc = (const void *)(report + 1);
		struct cnv_sqe cmd = {
			.opcode = CNV_IO_ZONE_MGMT_RECV,
			.nsid = cpu_to_le32(ns->nsid),
			.cdw10 = cpu_to_le32(lower_32_bits(slba)),
			.cdw11 = cpu_to_le32(upper_32_bits(slba)),
			.cdw12 = cpu_to_le32(len / 4 - 1),	/* dwords, 0's based */
			.cdw13 = cpu_to_le32(CNV_ZRA_REPORT_ALL_PARTIAL),
		};

		ret = cnv_exec_sync(disk->queue, &cmd, report, len, NULL);
		if (ret) {
			ret = ret > 0 ? -EIO : ret;
			break;
		}
		n = min_t(u64, le64_to_cpu(report->nr_zones), min(fit, nr_zones - done));
		if (!n)
			break;
		for (i = 0; i < n; i++, done++, slba += zone_blocks) {
			struct blk_zone zone = { .type = BLK_ZONE_TYPE_SEQWRITE_REQ };
			struct cnv_zone z;

			if (cnv_zone_decode(&desc[i], zone_blocks, slba, &z)) {
				dev_warn_ratelimited(ns->ctrl->dev, "%s: malformed zone descriptor at LBA %llu\n",
						     disk->disk_name, slba);
				ret = -EIO;
				goto out;
			}
			zone.start = z.start << shift;
			zone.len = z.len << shift;
			zone.capacity = z.capacity << shift;
			zone.wp = z.wp << shift;
			zone.cond = z.cond;
			ret = cb(&zone, done, data);
			if (ret)
				goto out;
		}
	}
out:
	kvfree(report);
	return ret ? ret : done;
}

/**
 * cnv_zns_setup_send() - a zone operation as Zone Management Send
 * @ns: zoned namespace
 * @rq: REQ_OP_ZONE_RESET, _RESET_ALL, _OPEN, _CLOSE or _FINISH
 * @cmd: zeroed command with the NSID set
 *
 * Return: BLK_STS_OK, or BLK_STS_NOTSUPP for another operation.
 */
blk_status_t cnv_zns_setup_send(struct cnv_ns *ns, struct request *rq, struct cnv_sqe *cmd)
{
	u64 slba = blk_rq_pos(rq) >> (ns->lba_shift - SECTOR_SHIFT);
	u32 action;

	switch (req_op(rq)) {
	case REQ_OP_ZONE_RESET:
		action = CNV_ZSA_RESET;
		break;
	case REQ_OP_ZONE_RESET_ALL:
		action = CNV_ZSA_RESET | CNV_ZSA_SELECT_ALL;
		slba = 0;
		break;
	case REQ_OP_ZONE_OPEN:
		action = CNV_ZSA_OPEN;
		break;
	case REQ_OP_ZONE_CLOSE:
		action = CNV_ZSA_CLOSE;
		break;
	case REQ_OP_ZONE_FINISH:
		action = CNV_ZSA_FINISH;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	cmd->opcode = CNV_IO_ZONE_MGMT_SEND;
	cmd->cdw10 = cpu_to_le32(lower_32_bits(slba));
	cmd->cdw11 = cpu_to_le32(upper_32_bits(slba));
	cmd->cdw13 = cpu_to_le32(action);
	this_cpu_inc(ns->ctrl->cmd_stats->zone_mgmt_send);
	return BLK_STS_OK;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces: the scan that finds them and the gendisk that serves each,
 * named nvme<controller>n<instance> like the in-tree driver.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>

#include "cnvme.h"
#include "compat.h"

static const struct block_device_operations cnv_bdev_ops = {
	.owner = THIS_MODULE,
};

static void cnv_ns_limits(struct cnv_ctrl *ctrl, struct cnv_ns *ns,
			  struct cnv_disk_limits *lim)
{
	u32 page_size = cnv_ctrl_page_size(ctrl);

	lim->logical_block_size = 1u << ns->lba_shift;
	lim->max_hw_sectors = ctrl->max_transfer >> SECTOR_SHIFT;
	/* Every page of the largest transfer in its own segment, plus an offset. */
	lim->max_segments = min_t(u32, ctrl->max_transfer / page_size + 1, USHRT_MAX);
	/* PRPs describe whole controller pages after the first (4.1.1). */
	lim->virt_boundary_mask = page_size - 1;
	lim->write_cache = ctrl->volatile_cache;
	lim->fua = ctrl->volatile_cache;
}

static void cnv_ns_add(struct cnv_ctrl *ctrl, u32 nsid, struct cnv_id_ns *id)
{
	struct cnv_disk_limits lim;
	struct cnv_ns_format fmt;
	enum cnv_ns_verdict verdict;
	struct cnv_ns *ns;
	int ret;

	ret = cnv_admin_identify(ctrl, CNV_CNS_NAMESPACE, nsid, id);
	if (ret) {
		dev_warn(ctrl->dev, "nvme%d: identify namespace %u failed: %d\n",
			 ctrl->instance, nsid, ret);
		return;
	}
	verdict = cnv_ns_decode(id, PAGE_SHIFT, &fmt);
	if (verdict != CNV_NS_USABLE) {
		if (verdict != CNV_NS_EMPTY)
			dev_warn(ctrl->dev, "nvme%d: namespace %u not exposed: %s\n",
				 ctrl->instance, nsid, cnv_ns_verdict_str(verdict));
		return;
	}

	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return;
	ns->ctrl = ctrl;
	ns->nsid = nsid;
	ns->lba_shift = fmt.lba_shift;
	ns->capacity_blocks = fmt.capacity_blocks;
	ns->instance = ida_alloc_min(&ctrl->ns_ida, 1, GFP_KERNEL);
	if (ns->instance < 0)
		goto free_ns;

	cnv_ns_limits(ctrl, ns, &lim);
	ns->disk = cnv_alloc_disk(&ctrl->io_set, &lim, ns);
	if (IS_ERR(ns->disk))
		goto free_instance;
	ns->disk->fops = &cnv_bdev_ops;
	ns->disk->private_data = ns;
	snprintf(ns->disk->disk_name, DISK_NAME_LEN, "nvme%dn%d",
		 ctrl->instance, ns->instance);
	set_capacity(ns->disk, fmt.capacity_blocks << (fmt.lba_shift - SECTOR_SHIFT));

	ret = device_add_disk(ctrl->dev, ns->disk, NULL);
	if (ret)
		goto put_disk;
	mutex_lock(&ctrl->ns_lock);
	list_add_tail(&ns->entry, &ctrl->namespaces);
	mutex_unlock(&ctrl->ns_lock);
	return;

put_disk:
	put_disk(ns->disk);
free_instance:
	ida_free(&ctrl->ns_ida, ns->instance);
free_ns:
	kfree(ns);
	dev_warn(ctrl->dev, "nvme%d: cannot add namespace %u\n", ctrl->instance, nsid);
}

/*
 * Walks the Active Namespace ID list (5.17.2.2), 1024 entries a page, each
 * page starting after the last NSID of the previous one.
 */
static int cnv_ns_scan_list(struct cnv_ctrl *ctrl, __le32 *list, struct cnv_id_ns *id)
{
	u32 next = 0, valid, i;
	int ret;

	do {
		ret = cnv_admin_identify(ctrl, CNV_CNS_ACTIVE_NS_LIST, next, list);
		if (ret)
			return ret;
		valid = cnv_ns_list_valid(list, CNV_NS_LIST_ENTRIES, ctrl->nn);
		for (i = 0; i < valid; i++) {
			u32 nsid = le32_to_cpu(list[i]);

			if (nsid <= next)
				return 0;
			cnv_ns_add(ctrl, nsid, id);
		}
		if (valid)
			next = le32_to_cpu(list[valid - 1]);
	} while (valid == CNV_NS_LIST_ENTRIES);
	return 0;
}

/**
 * cnv_ns_scan() - add a disk for every usable active namespace
 * @ctrl: live controller
 *
 * Controllers before NVMe 1.1 have no active list; then every NSID up to
 * NN is identified and those with zero size are skipped.
 */
void cnv_ns_scan(struct cnv_ctrl *ctrl)
{
	struct cnv_id_ns *id;
	__le32 *list;
	u32 nsid;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	list = kzalloc(CNV_NS_LIST_ENTRIES * sizeof(*list), GFP_KERNEL);
	if (!id || !list)
		goto out;
	if (cnv_ns_scan_list(ctrl, list, id) == 0)
		goto out;
	for (nsid = 1; nsid <= ctrl->nn && cnv_ctrl_accepts(ctrl, true); nsid++)
		cnv_ns_add(ctrl, nsid, id);
out:
	kfree(list);
	kfree(id);
}

/**
 * cnv_ns_remove_all() - delete every disk of @ctrl
 * @ctrl: controller being removed
 *
 * del_gendisk() writes back and waits for I/O, so the I/O queues must still
 * work (or fail fast, for a dead controller) while this runs.
 */
void cnv_ns_remove_all(struct cnv_ctrl *ctrl)
{
	struct cnv_ns *ns, *next;
	LIST_HEAD(gone);

	mutex_lock(&ctrl->ns_lock);
	list_splice_init(&ctrl->namespaces, &gone);
	mutex_unlock(&ctrl->ns_lock);

	list_for_each_entry_safe(ns, next, &gone, entry) {
		del_gendisk(ns->disk);
		put_disk(ns->disk);
		ida_free(&ctrl->ns_ida, ns->instance);
		kfree(ns);
	}
}

/**
 * cnv_ns_quiesce_all() - stop or restart dispatch to every namespace queue
 * @ctrl: controller
 * @quiesce: true to stop and wait for running queue_rq calls, false to restart
 */
void cnv_ns_quiesce_all(struct cnv_ctrl *ctrl, bool quiesce)
{
	struct cnv_ns *ns;

	mutex_lock(&ctrl->ns_lock);
	list_for_each_entry(ns, &ctrl->namespaces, entry) {
		if (quiesce)
			blk_mq_quiesce_queue(ns->disk->queue);
		else
			blk_mq_unquiesce_queue(ns->disk->queue);
	}
	mutex_unlock(&ctrl->ns_lock);
}

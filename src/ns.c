// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces: the scan that finds, updates and removes them, and the
 * gendisk that serves each, named nvme<controller>n<instance> like the
 * in-tree driver and placed under the controller's class device where
 * libnvme looks for it.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>

#include "cnvme.h"
#include "compat.h"

static int cnv_bdev_ioctl(struct block_device *bdev, cnv_blk_mode_t mode,
			  unsigned int cmd, unsigned long arg)
{
	struct cnv_user_access access = {
		.write = mode & CNV_BLK_OPEN_WRITE,
		.partition = bdev_is_partition(bdev),
	};

	return cnv_ns_ioctl(bdev->bd_disk->private_data, cmd, (void __user *)arg, &access);
}

/* The disk's last reference is gone: nothing can reach the namespace. */
static void cnv_ns_free_disk(struct gendisk *disk)
{
	struct cnv_ns *ns = disk->private_data;

	cnv_ctrl_put(ns->ctrl);
	kfree(ns);
}

static const struct block_device_operations cnv_bdev_ops = {
	.owner = THIS_MODULE,
	.ioctl = cnv_bdev_ioctl,
	.compat_ioctl = blkdev_compat_ptr_ioctl,
	.free_disk = cnv_ns_free_disk,
	.report_zones = cnv_zns_report_zones,
};

/* What Identify says about one namespace, checked. */
struct cnv_ns_info {
	struct cnv_ns_format fmt;
	struct cnv_ns_ids ids;
	struct cnv_zoned_info zoned;
	struct cnv_ns_topology topo;
	u64 nuse;
	bool zeroes_deallocate;
	bool shared;		/* NMIC: may be attached to more controllers */
	/* The format keeps block I/O out (format_verdict says why): passthrough only. */
	bool passthrough_only;
	enum cnv_ns_verdict format_verdict;
};

static void cnv_ns_limits(struct cnv_ctrl *ctrl, const struct cnv_ns_info *info,
			  struct cnv_disk_limits *lim)
{
	u32 lba_shift = info->fmt.lba_shift;
	u32 page_size = cnv_ctrl_page_size(ctrl);
	bool write_cache = READ_ONCE(ctrl->volatile_cache);

	/* Zeroed padding too: cnv_ns_update() compares limits with memcmp(). */
	memset(lim, 0, sizeof(*lim));
	lim->max_hw_sectors = ctrl->max_transfer >> SECTOR_SHIFT;
	/* Every page of the largest transfer in its own segment, plus an offset. */
	lim->max_segments = min_t(u32, ctrl->max_transfer / page_size + 1, USHRT_MAX);
	/* PRPs describe whole controller pages after the first (4.1.1). */
	lim->virt_boundary_mask = page_size - 1;
	/* Passthrough only: a disk of no capacity, with a block size the block layer takes. */
	if (info->passthrough_only) {
		lim->logical_block_size = lba_shift > PAGE_SHIFT ? SECTOR_SIZE : 1u << lba_shift;
		lim->physical_block_size = lim->logical_block_size;
		lim->io_min = lim->logical_block_size;
		return;
	}
	lim->logical_block_size = 1u << lba_shift;
	lim->physical_block_size = info->topo.physical_block_bytes;
	lim->io_min = info->topo.io_min_bytes;
	lim->io_opt = info->topo.io_opt_bytes;
	lim->chunk_sectors = info->topo.io_boundary_bytes >> SECTOR_SHIFT;
	lim->atomic_bytes = info->topo.atomic_bytes;
	lim->atomic_boundary_bytes = info->topo.atomic_boundary_bytes;
	lim->write_cache = write_cache;
	lim->fua = write_cache;
	lim->max_discard_sectors = cnv_discard_max_sectors(&ctrl->dealloc, lba_shift);
	lim->max_discard_segments = ctrl->dealloc.discard_ranges;
	lim->max_write_zeroes_sectors = cnv_ns_zeroes_by_deallocate(ctrl) ?
					cnv_discard_max_sectors(&ctrl->dealloc, lba_shift) :
					cnv_write_zeroes_max_sectors(&ctrl->dealloc, lba_shift);
	if (info->zoned.zone_blocks) {
		lim->zone_sectors = info->zoned.zone_blocks << (lba_shift - SECTOR_SHIFT);
		lim->chunk_sectors = lim->zone_sectors;
		lim->max_open_zones = info->zoned.max_open;
		lim->max_active_zones = info->zoned.max_active;
		/* Whole blocks: the block layer splits nothing for Zone Append. */
		lim->max_zone_append_sectors = (ctrl->zone_append_bytes >> lba_shift) <<
					       (lba_shift - SECTOR_SHIFT);
	}
}

/*
 * Fills @info for one NSID. CNV_NS_USABLE also for a namespace offered to
 * passthrough only (info->passthrough_only); @info is valid only then.
 */
static enum cnv_ns_verdict cnv_ns_identify(struct cnv_ctrl *ctrl, u32 nsid,
					   void *buf, struct cnv_ns_info *info)
{
	struct cnv_id_ns *id = buf;
	enum cnv_ns_verdict verdict;
	u32 stripe;

	if (cnv_admin_identify(ctrl, CNV_CNS_NAMESPACE, nsid, id))
		return CNV_NS_EMPTY;
	memset(info, 0, sizeof(*info));
	verdict = cnv_ns_decode(id, PAGE_SHIFT, &info->fmt);
	info->format_verdict = verdict;
	info->passthrough_only = cnv_ns_passthrough_only(verdict, &info->fmt);
	if (verdict != CNV_NS_USABLE && !info->passthrough_only)
		return verdict;
	info->nuse = le64_to_cpu(id->nuse);
	info->shared = id->nmic & CNV_NMIC_SHARED;
	if (!info->passthrough_only) {
		cnv_ns_topology_decode(id, ctrl->awupf, info->fmt.lba_shift, &info->topo);
		stripe = cnv_quirks_stripe_bytes(ctrl->quirks, ctrl->max_transfer);
		if (stripe)
			cnv_ns_topology_stripe(&info->topo, stripe);
	}
	/* Deallocating in Write Zeroes is safe only where deallocated blocks read as zeroes. */
	info->zeroes_deallocate = (id->dlfeat & CNV_DLFEAT_READ_MASK) == CNV_DLFEAT_READS_ZEROES &&
				  (id->dlfeat & CNV_DLFEAT_WZ_DEALLOCATE);
	memcpy(info->ids.eui64, id->eui64, sizeof(info->ids.eui64));
	memcpy(info->ids.nguid, id->nguid, sizeof(info->ids.nguid));
	/*
	 * Optional before NVMe 1.3, and not asked of controllers that
	 * mishandle it (cnv_quirks_cns_ok()): the IDs above then stand alone.
	 */
	if (!cnv_admin_identify(ctrl, CNV_CNS_NS_ID_DESCRIPTORS, nsid, buf) &&
	    cnv_ns_ids_parse(buf, 4096, &info->ids))
		dev_warn_ratelimited(ctrl->dev, "%s: namespace %u: malformed identification descriptors\n",
				     dev_name(&ctrl->device), nsid);
	/* Garbage in place of identifiers: the command set stands, the IDs go. */
	if (READ_ONCE(ctrl->quirks) & CNV_QUIRK_BOGUS_NID) {
		memset(info->ids.eui64, 0, sizeof(info->ids.eui64));
		memset(info->ids.nguid, 0, sizeof(info->ids.nguid));
		memset(info->ids.uuid, 0, sizeof(info->ids.uuid));
	}
	switch (info->ids.csi) {
	case CNV_CSI_NVM:
		break;
	case CNV_CSI_ZNS:
		/* Zones matter to block I/O only. */
		if (info->passthrough_only)
			break;
		verdict = cnv_zns_identify_ns(ctrl, nsid, &info->fmt, buf, &info->zoned);
		if (verdict != CNV_NS_USABLE)
			return verdict;
		cnv_ns_topology_zoned(&info->topo, info->zoned.zone_blocks << info->fmt.lba_shift);
		break;
	default:
		return CNV_NS_COMMAND_SET;
	}
	return CNV_NS_USABLE;
}

static void cnv_ns_set_info(struct cnv_ns *ns, const struct cnv_ns_info *info)
{
	ns->lba_shift = info->fmt.lba_shift;
	ns->metadata_bytes = info->fmt.metadata_bytes;
	ns->metadata_extended = info->fmt.metadata_extended;
	ns->capacity_blocks = info->fmt.capacity_blocks;
	ns->nuse = info->nuse;
	ns->zeroes_deallocate = info->zeroes_deallocate;
	ns->zoned = info->zoned;
	ns->topo = info->topo;
	ns->pi_type = info->fmt.pi_type;
	ns->pi_ref_tag = ns->pi_type == 1 || ns->pi_type == 2;
	ns->pi_cdw12 = !ns->pi_type ? 0 :
		       CNV_RW_PRACT | CNV_RW_PRCHK_GUARD | (ns->pi_ref_tag ? CNV_RW_PRCHK_REF : 0);
	ns->passthrough_only = info->passthrough_only;
}

static sector_t cnv_ns_sectors(const struct cnv_ns *ns)
{
	if (ns->passthrough_only)
		return 0;
	return ns->capacity_blocks << (ns->lba_shift - SECTOR_SHIFT);
}

/*
 * Releases the freeze an admin passthrough command holds on @ns. Only the
 * scan that follows the command sees a held namespace (the command holds
 * scan_lock from the freeze on), and it calls this once the namespace has
 * its new format, or before del_gendisk().
 */
static void cnv_ns_thaw(struct cnv_ns *ns)
{
	struct cnv_ctrl *ctrl = ns->ctrl;

	lockdep_assert_held(&ctrl->scan_lock);
	mutex_lock(&ctrl->ns_lock);
	if (ns->cmd_frozen) {
		ns->cmd_frozen = false;
		blk_mq_unfreeze_queue(ns->disk->queue);
	}
	mutex_unlock(&ctrl->ns_lock);
}

/* Lists @ns; its queue joins the others in being quiesced or not. */
static void cnv_ns_link(struct cnv_ns *ns)
{
	struct cnv_ctrl *ctrl = ns->ctrl;

	mutex_lock(&ctrl->ns_lock);
	list_add_tail(&ns->entry, &ctrl->namespaces);
	if (ctrl->io_quiesced)
		blk_mq_quiesce_queue(ns->disk->queue);
	mutex_unlock(&ctrl->ns_lock);
}

/* Unlists @ns, leaving its queue unquiesced: what recovery stopped, it restarts. */
static void cnv_ns_unlink(struct cnv_ns *ns)
{
	struct cnv_ctrl *ctrl = ns->ctrl;

	mutex_lock(&ctrl->ns_lock);
	list_del(&ns->entry);
	if (ctrl->io_quiesced)
		blk_mq_unquiesce_queue(ns->disk->queue);
	mutex_unlock(&ctrl->ns_lock);
}

static void cnv_ns_add(struct cnv_ctrl *ctrl, u32 nsid, const struct cnv_ns_info *info)
{
	struct cnv_ns *ns;
	int ret;

	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return;
	ns->ctrl = ctrl;
	ns->nsid = nsid;
	ratelimit_state_init(&ns->nuse_refresh, 5 * HZ, 1);
	cnv_ns_set_info(ns, info);
	ns->ids = info->ids;
	if (!cnv_subsys_claim_ids(ns, info->shared)) {
		kfree(ns);
		return;
	}
	ns->instance = ida_alloc_min(&ctrl->ns_ida, 1, GFP_KERNEL);
	if (ns->instance < 0)
		goto release_ids;

	cnv_ns_limits(ctrl, info, &ns->limits);
	ns->disk = cnv_alloc_disk(&ctrl->io_set, &ns->limits, ns);
	if (IS_ERR(ns->disk))
		goto free_instance;
	ns->disk->fops = &cnv_bdev_ops;
	ns->disk->private_data = ns;
	snprintf(ns->disk->disk_name, DISK_NAME_LEN, "%s%dn%d",
		 cnv_names.prefix, ctrl->instance, ns->instance);
	set_capacity(ns->disk, cnv_ns_sectors(ns));
	if (ns->zoned.zone_blocks && cnv_revalidate_zones(ns->disk)) {
		put_disk(ns->disk);
		goto free_instance;
	}

	/*
	 * Listed before the disk is added: device_add_disk() reads the
	 * partition table, and a reset meanwhile must stop and restart this
	 * queue like the others.
	 */
	cnv_ns_link(ns);
	/* Released by free_disk, whenever the last opener lets go. */
	get_device(&ctrl->device);
	ret = device_add_disk(&ctrl->device, ns->disk, cnv_ns_attr_groups);
	if (ret) {
		cnv_ns_unlink(ns);
		/* free_disk only runs for disks that were added. */
		put_disk(ns->disk);
		cnv_ctrl_put(ctrl);
		goto free_instance;
	}
	if (cnv_ns_generic_add(ns))
		dev_warn(ctrl->dev, "%s: no generic node for namespace %u\n",
			 dev_name(&ctrl->device), nsid);
	mutex_lock(&ctrl->ns_lock);
	ns->disk_live = true;
	mutex_unlock(&ctrl->ns_lock);
	return;

free_instance:
	ida_free(&ctrl->ns_ida, ns->instance);
release_ids:
	cnv_subsys_release_ids(ns);
	kfree(ns);
	dev_warn(ctrl->dev, "%s: cannot add namespace %u\n", dev_name(&ctrl->device), nsid);
}

/*
 * Deleted while still listed: del_gendisk() waits for the disk's I/O, which
 * a reset under way holds back until it restarts the listed queues.
 */
static void cnv_ns_delete(struct cnv_ns *ns)
{
	struct cnv_ctrl *ctrl = ns->ctrl;

	mutex_lock(&ctrl->ns_lock);
	ns->disk_live = false;
	mutex_unlock(&ctrl->ns_lock);
	/* I/O held for a passthrough command fails with the disk instead of waiting. */
	cnv_ns_thaw(ns);
	cnv_ns_generic_del(ns);
	del_gendisk(ns->disk);
	cnv_ns_unlink(ns);
	cnv_subsys_release_ids(ns);
	ida_free(&ctrl->ns_ida, ns->instance);
	put_disk(ns->disk);
}

/*
 * A namespace seen again: a new format (after Format NVM) changes the
 * logical block size in place, a new size the capacity; the controller's
 * write cache being turned on or off, or its limits changing across a
 * reset, changes the queue limits.
 */
static void cnv_ns_update(struct cnv_ns *ns, const struct cnv_ns_info *info)
{
	struct request_queue *q = ns->disk->queue;
	struct cnv_disk_limits lim;

	cnv_ns_limits(ns->ctrl, info, &lim);
	if (!memcmp(&lim, &ns->limits, sizeof(lim)) && info->fmt.pi_type == ns->pi_type) {
		cnv_ns_set_info(ns, info);
		set_capacity_and_notify(ns->disk, cnv_ns_sectors(ns));
		goto zones;
	}
	/* Block size, protection and capacity change together, with no I/O in between. */
	blk_mq_freeze_queue(q);
	cnv_ns_set_info(ns, info);
	if (cnv_update_limits(q, &lim))
		dev_warn(ns->ctrl->dev, "%s: cannot apply the new limits\n",
			 ns->disk->disk_name);
	else
		ns->limits = lim;
	set_capacity_and_notify(ns->disk, cnv_ns_sectors(ns));
	blk_mq_unfreeze_queue(q);
zones:
	/* The new format is in place: I/O held for the command may go on. */
	cnv_ns_thaw(ns);
	/*
	 * The zone count follows the capacity, and the write pointers the
	 * block layer keeps (6.10 on) may be stale after a format or reset.
	 */
	if (ns->zoned.zone_blocks && cnv_revalidate_zones(ns->disk))
		dev_warn(ns->ctrl->dev, "%s: cannot read its zones again\n", ns->disk->disk_name);
}

static struct cnv_ns *cnv_ns_find(struct cnv_ctrl *ctrl, u32 nsid)
{
	struct cnv_ns *ns;

	lockdep_assert_held(&ctrl->scan_lock);
	list_for_each_entry(ns, &ctrl->namespaces, entry)
		if (ns->nsid == nsid)
			return ns;
	return NULL;
}

/*
 * Whether the controller stayed live since @epoch: otherwise a command may
 * have been cancelled by recovery, and its failure says nothing about the
 * namespace (the scan queued once the controller is live again decides).
 */
static bool cnv_ns_answer_stands(struct cnv_ctrl *ctrl, u32 epoch)
{
	return READ_ONCE(ctrl->state) == CNV_CTRL_LIVE && READ_ONCE(ctrl->live_epoch) == epoch;
}

/*
 * Identifiers a rescan reads differ from those the disk was made with.
 * Cleared ones (bogus_nid raised since) are not a change.
 */
static bool cnv_ns_ids_changed(const struct cnv_ns_ids *had, const struct cnv_ns_ids *now)
{
	static const struct cnv_ns_ids none;

	if (!memcmp(had->eui64, none.eui64, sizeof(none.eui64)) &&
	    !memcmp(had->nguid, none.nguid, sizeof(none.nguid)) &&
	    !memcmp(had->uuid, none.uuid, sizeof(none.uuid)))
		return false;
	return memcmp(had, now, sizeof(*had));
}

/* Brings one NSID in line with what the controller reports now. */
static void cnv_ns_validate(struct cnv_ctrl *ctrl, u32 nsid, void *buf)
{
	struct cnv_ns *ns = cnv_ns_find(ctrl, nsid);
	u32 epoch = READ_ONCE(ctrl->live_epoch);
	enum cnv_ns_verdict verdict;
	struct cnv_ns_info info;

	verdict = cnv_ns_identify(ctrl, nsid, buf, &info);
	if (!cnv_ns_answer_stands(ctrl, epoch))
		return;
	if (verdict != CNV_NS_USABLE) {
		if (verdict != CNV_NS_EMPTY)
			dev_warn(ctrl->dev, "%s: namespace %u not exposed: %s\n",
				 dev_name(&ctrl->device), nsid, cnv_ns_verdict_str(verdict));
		if (ns)
			cnv_ns_delete(ns);
		return;
	}
	if (info.passthrough_only && (!ns || !ns->passthrough_only))
		dev_warn(ctrl->dev, "%s: namespace %u: no block I/O, %s; passthrough commands only, zero capacity\n",
			 dev_name(&ctrl->device), nsid, cnv_ns_verdict_str(info.format_verdict));
	/*
	 * A disk is zoned or not for life, and names one namespace: a new
	 * zone model, or new identifiers (another namespace under the same
	 * NSID), need a new disk.
	 */
	if (ns && (ns->zoned.zone_blocks != info.zoned.zone_blocks ||
		   cnv_ns_ids_changed(&ns->ids, &info.ids))) {
		cnv_ns_delete(ns);
		ns = NULL;
	}
	if (ns)
		cnv_ns_update(ns, &info);
	else
		cnv_ns_add(ctrl, nsid, &info);
}

/* Deletes namespaces the controller no longer lists (@seen: sorted NSIDs). */
static void cnv_ns_prune(struct cnv_ctrl *ctrl, const u32 *seen, u32 nr_seen)
{
	struct cnv_ns *ns, *next;
	u32 i;

	list_for_each_entry_safe(ns, next, &ctrl->namespaces, entry) {
		for (i = 0; i < nr_seen && seen[i] != ns->nsid; i++)
			;
		if (i == nr_seen)
			cnv_ns_delete(ns);
	}
}

/*
 * Walks the Active Namespace ID list (5.17.2.2), 1024 entries a page, each
 * page starting after the last NSID of the previous one. Controllers before
 * NVMe 1.1 have no list; then every NSID up to NN is tried.
 */
static u32 cnv_ns_active_list(struct cnv_ctrl *ctrl, __le32 *page, u32 *out, u32 max)
{
	u32 next = 0, count = 0, valid, i;

	do {
		if (cnv_admin_identify(ctrl, CNV_CNS_ACTIVE_NS_LIST, next, page)) {
			if (next)
				break;
			for (i = 1; i <= ctrl->nn && count < max; i++)
				out[count++] = i;
			return count;
		}
		valid = cnv_ns_list_valid(page, CNV_NS_LIST_ENTRIES, ctrl->nn);
		for (i = 0; i < valid && count < max; i++) {
			if (le32_to_cpu(page[i]) <= next)
				return count;
			out[count++] = le32_to_cpu(page[i]);
		}
		if (valid)
			next = le32_to_cpu(page[valid - 1]);
	} while (valid == CNV_NS_LIST_ENTRIES && count < max);
	return count;
}

/* More namespaces than this on one controller are ignored (with a warning). */
#define CNV_MAX_NAMESPACES 4096

/**
 * cnv_ns_scan_locked() - make the disks match the controller's active namespaces
 * @ctrl: live controller
 *
 * Adds new namespaces, updates format and size of known ones (releasing
 * any an admin passthrough command holds), deletes those gone.
 * Context: scan_lock held.
 *
 * Return: true if every answer stood: the controller stayed live
 * throughout, and the disks match what it reported.
 */
bool cnv_ns_scan_locked(struct cnv_ctrl *ctrl)
{
	u32 *nsids, count, epoch, i;
	bool complete = false;
	void *buf;

	lockdep_assert_held(&ctrl->scan_lock);
	buf = kzalloc(4096, GFP_KERNEL);
	nsids = kvcalloc(CNV_MAX_NAMESPACES, sizeof(*nsids), GFP_KERNEL);
	if (!buf || !nsids)
		goto out;
	ctrl->faults.scan_task = current;
	epoch = READ_ONCE(ctrl->live_epoch);
	count = cnv_ns_active_list(ctrl, buf, nsids, CNV_MAX_NAMESPACES);
	if (count == CNV_MAX_NAMESPACES)
		dev_warn(ctrl->dev, "%s: only the first %u namespaces are scanned\n",
			 dev_name(&ctrl->device), count);
	for (i = 0; i < count && cnv_ns_answer_stands(ctrl, epoch); i++)
		cnv_ns_validate(ctrl, nsids[i], buf);
	if (cnv_ns_answer_stands(ctrl, epoch)) {
		cnv_ns_prune(ctrl, nsids, count);
		complete = cnv_ns_answer_stands(ctrl, epoch);
	}
	ctrl->faults.scan_task = NULL;
out:
	kvfree(nsids);
	kfree(buf);
	return complete;
}

/**
 * cnv_ns_scan() - cnv_ns_scan_locked(), one scan at a time
 * @ctrl: live controller
 *
 * Return: as cnv_ns_scan_locked().
 */
bool cnv_ns_scan(struct cnv_ctrl *ctrl)
{
	bool complete;

	mutex_lock(&ctrl->scan_lock);
	complete = cnv_ns_scan_locked(ctrl);
	mutex_unlock(&ctrl->scan_lock);
	return complete;
}

/**
 * cnv_ns_remove_all() - delete every disk of @ctrl
 * @ctrl: controller being removed; no scan runs any more
 *
 * del_gendisk() writes back and waits for I/O, so the I/O queues must still
 * work (or fail fast, for a dead controller) while this runs.
 */
void cnv_ns_remove_all(struct cnv_ctrl *ctrl)
{
	struct cnv_ns *ns, *next;

	mutex_lock(&ctrl->scan_lock);
	list_for_each_entry_safe(ns, next, &ctrl->namespaces, entry)
		cnv_ns_delete(ns);
	mutex_unlock(&ctrl->scan_lock);
}

/**
 * cnv_ns_get_by_nsid() - find a namespace and pin its disk
 * @ctrl: controller
 * @nsid: namespace identifier
 *
 * Return: the namespace, to release with cnv_ns_put(), or NULL.
 */
struct cnv_ns *cnv_ns_get_by_nsid(struct cnv_ctrl *ctrl, u32 nsid)
{
	struct cnv_ns *ns, *found = NULL;

	mutex_lock(&ctrl->ns_lock);
	list_for_each_entry(ns, &ctrl->namespaces, entry) {
		if (ns->nsid == nsid && ns->disk_live && get_device(disk_to_dev(ns->disk))) {
			found = ns;
			break;
		}
	}
	mutex_unlock(&ctrl->ns_lock);
	return found;
}

void cnv_ns_put(struct cnv_ns *ns)
{
	put_device(disk_to_dev(ns->disk));
}

/**
 * cnv_ns_quiesce_all() - stop or restart dispatch to every namespace queue
 * @ctrl: controller
 * @quiesce: true to stop and wait for running queue_rq calls, false to restart
 *
 * Idempotent: recovery paths that overlap (a failure during a reset, a
 * removal during a suspend) each ask for the state they need, and every
 * queue is quiesced and unquiesced at most once per stop.
 */
void cnv_ns_quiesce_all(struct cnv_ctrl *ctrl, bool quiesce)
{
	struct cnv_ns *ns;

	mutex_lock(&ctrl->ns_lock);
	if (ctrl->io_quiesced != quiesce) {
		list_for_each_entry(ns, &ctrl->namespaces, entry) {
			if (quiesce)
				blk_mq_quiesce_queue(ns->disk->queue);
			else
				blk_mq_unquiesce_queue(ns->disk->queue);
		}
		ctrl->io_quiesced = quiesce;
	}
	mutex_unlock(&ctrl->ns_lock);
}

/**
 * cnv_ns_freeze_for_command() - drain and hold block I/O before a command
 * @ctrl: controller
 * @nsid: the namespace to hold, or CNV_NSID_ALL for every one
 * @timeout: jiffies the I/O under way may take to drain
 *
 * For an admin passthrough command that changes formats or blocks (Format
 * NVM, Sanitize, namespace deletion): I/O built for the old format must
 * not reach the controller after it. The caller holds scan_lock from
 * here until the scan after the command (cnv_ns_scan_locked()) and
 * cnv_ns_thaw_all() released every namespace: no other scan sees a held
 * one, and no namespace leaves the list while this waits.
 *
 * Return: 0, or -EBUSY when I/O did not drain in time (nothing is held).
 */
int cnv_ns_freeze_for_command(struct cnv_ctrl *ctrl, u32 nsid, unsigned long timeout)
{
	unsigned long deadline = jiffies + timeout;
	struct cnv_ns *ns;

	lockdep_assert_held(&ctrl->scan_lock);
	mutex_lock(&ctrl->ns_lock);
	list_for_each_entry(ns, &ctrl->namespaces, entry) {
		if (ns->cmd_frozen || (nsid != CNV_NSID_ALL && ns->nsid != nsid))
			continue;
		blk_freeze_queue_start(ns->disk->queue);
		ns->cmd_frozen = true;
	}
	mutex_unlock(&ctrl->ns_lock);
	list_for_each_entry(ns, &ctrl->namespaces, entry) {
		long left = time_after(jiffies, deadline) ? 1 : (long)(deadline - jiffies) + 1;

		if (!ns->cmd_frozen)
			continue;
		if (blk_mq_freeze_queue_wait_timeout(ns->disk->queue, left) <= 0) {
			dev_warn(ctrl->dev, "%s: I/O did not drain within %u s\n",
				 ns->disk->disk_name, jiffies_to_msecs(timeout) / 1000);
			cnv_ns_thaw_all(ctrl);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * cnv_ns_thaw_all() - release every namespace still held for a command
 * @ctrl: controller
 *
 * Context: scan_lock held, as since cnv_ns_freeze_for_command().
 */
void cnv_ns_thaw_all(struct cnv_ctrl *ctrl)
{
	struct cnv_ns *ns;

	lockdep_assert_held(&ctrl->scan_lock);
	list_for_each_entry(ns, &ctrl->namespaces, entry)
		cnv_ns_thaw(ns);
}

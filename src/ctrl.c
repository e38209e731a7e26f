// SPDX-License-Identifier: GPL-2.0
/*
 * Controller lifecycle: the state machine, enabling and disabling the
 * controller (NVMe Base 3.5), identify, queue setup, failure and teardown.
 */
#include <linux/delay.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "cnvme.h"
#include "lib/queue_sets.h"
#include "compat.h"
#include "lib/status.h"

static DEFINE_IDA(cnv_ctrl_ida);

/* Read when a controller's queues are set up; the disks' io_timeout overrides. */
static unsigned int admin_timeout = 60;
module_param(admin_timeout, uint, 0644);
MODULE_PARM_DESC(admin_timeout, "seconds before an admin command times out (default 60)");
static unsigned int io_timeout = 30;
module_param(io_timeout, uint, 0644);
MODULE_PARM_DESC(io_timeout, "seconds before an I/O command times out (default 30)");

/* Read when a controller is probed. */
static unsigned int io_queue_depth = CNV_MAX_IO_DEPTH;

static int cnv_io_queue_depth_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret = kstrtouint(val, 10, &n);

	/* One entry always stays empty: two is the least that holds a command. */
	if (ret || n < 2 || n > CNV_MAX_IO_DEPTH)
		return -EINVAL;
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops cnv_io_queue_depth_ops = {
	.set = cnv_io_queue_depth_set,
	.get = param_get_uint,
};

module_param_cb(io_queue_depth, &cnv_io_queue_depth_ops, &io_queue_depth, 0644);
MODULE_PARM_DESC(io_queue_depth, "entries per I/O queue (2-1024, default 1024; the controller's CAP.MQES may allow fewer)");

/**
 * cnv_io_queue_depth() - entries the user allows an I/O queue
 *
 * Return: io_queue_depth, 2 to CNV_MAX_IO_DEPTH.
 */
u32 cnv_io_queue_depth(void)
{
	return READ_ONCE(io_queue_depth);
}

static unsigned int write_queues;
module_param(write_queues, uint, 0444);
MODULE_PARM_DESC(write_queues, "I/O queues per controller for writes, beside one per CPU then left to reads (default 0: reads and writes share them)");

static unsigned int poll_queues;
module_param(poll_queues, uint, 0444);
MODULE_PARM_DESC(poll_queues, "I/O queues per controller without interrupts, for polled I/O such as io_uring IOPOLL (default 0, at most one per CPU)");

/* Read when a controller is identified (probe and reset). */
static unsigned int sgl_threshold = SZ_32K;
module_param(sgl_threshold, uint, 0644);
MODULE_PARM_DESC(sgl_threshold, "average segment bytes from which block I/O uses SGLs instead of PRPs, where the controller offers them (default 32768, 0 = never)");

static bool shadow_doorbells = true;
module_param(shadow_doorbells, bool, 0444);
MODULE_PARM_DESC(shadow_doorbells, "use the controller's shadow doorbells (Doorbell Buffer Config) where offered, to save MMIO writes (default on)");

static unsigned int cnv_timeout_jiffies(unsigned int seconds)
{
	return max(seconds, 1u) * HZ;
}

/* Shadow doorbells are skipped when a huge doorbell stride would make them this big. */
#define CNV_DBBUF_MAX_BYTES	(64 * 1024)

/*
 * The shutdown budget: RTD3E, bounded by shutdown_timeout below (also the
 * budget without RTD3E) and a minute above, as in-tree.
 */
static unsigned char shutdown_timeout = 5;
module_param(shutdown_timeout, byte, 0644);
MODULE_PARM_DESC(shutdown_timeout, "seconds a controller shutdown may take at least (default 5; RTD3E may ask for more, up to 60)");
#define CNV_SHUTDOWN_MAX_MS	60000

static u32 cnv_shutdown_min_ms(void)
{
	return min_t(u32, max_t(u32, READ_ONCE(shutdown_timeout), 1) * 1000, CNV_SHUTDOWN_MAX_MS);
}

/*
 * Allowed transitions, one bit per target state. DEAD is final; DELETING
 * may only die.
 */
static const u8 cnv_transitions[] = {
	[CNV_CTRL_NEW] = BIT(CNV_CTRL_CONNECTING) | BIT(CNV_CTRL_DELETING) |
			 BIT(CNV_CTRL_DEAD),
	[CNV_CTRL_CONNECTING] = BIT(CNV_CTRL_LIVE) | BIT(CNV_CTRL_DELETING) |
				BIT(CNV_CTRL_DEAD),
	[CNV_CTRL_LIVE] = BIT(CNV_CTRL_RESETTING) | BIT(CNV_CTRL_DELETING) |
			  BIT(CNV_CTRL_DEAD),
	[CNV_CTRL_RESETTING] = BIT(CNV_CTRL_CONNECTING) | BIT(CNV_CTRL_DELETING) |
			       BIT(CNV_CTRL_DEAD),
	[CNV_CTRL_DELETING] = BIT(CNV_CTRL_DEAD),
	[CNV_CTRL_DEAD] = 0,
};

/*
 * cnv_ctrl_set_state() - move @ctrl to @new_state if the table allows it
 * @ctrl: controller
 * @new_state: target
 *
 * Return: true if the state changed.
 */
static bool cnv_ctrl_set_state(struct cnv_ctrl *ctrl, enum cnv_ctrl_state new_state)
{
	bool allowed;

	spin_lock(&ctrl->state_lock);
	allowed = cnv_transitions[ctrl->state] & BIT(new_state);
	if (allowed) {
		if (ctrl->state == CNV_CTRL_LIVE)
			WRITE_ONCE(ctrl->live_epoch, ctrl->live_epoch + 1);
		WRITE_ONCE(ctrl->state, new_state);
	}
	spin_unlock(&ctrl->state_lock);
	if (allowed)
		wake_up_all(&ctrl->state_wq);
	return allowed;
}

static u32 cnv_read32(struct cnv_ctrl *ctrl, enum cnv_reg reg)
{
	if (cnv_fault_on(&ctrl->faults.registers_read_all_ones))
		return ~0u;
	return readl(ctrl->bar + reg);
}

static u64 cnv_read64(struct cnv_ctrl *ctrl, enum cnv_reg reg)
{
	if (cnv_fault_on(&ctrl->faults.registers_read_all_ones))
		return ~0ULL;
	return lo_hi_readq(ctrl->bar + reg);
}

static void cnv_write32(struct cnv_ctrl *ctrl, enum cnv_reg reg, u32 value)
{
	writel(value, ctrl->bar + reg);
}

/*
 * Polls CSTS until (CSTS & mask) == value. Bounded by @timeout_ms; a read
 * of all ones means the device is gone, and CFS means it failed.
 */
static int cnv_ctrl_wait_csts(struct cnv_ctrl *ctrl, u32 mask, u32 value,
			      u32 timeout_ms, const char *what)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms) + 1;
	u32 csts;

	for (;;) {
		csts = cnv_read32(ctrl, CNV_REG_CSTS);
		if (csts == ~0u)
			return -ENODEV;
		if ((csts & mask) == value)
			return 0;
		if ((csts & CNV_CSTS_CFS) && value) {
			dev_err(ctrl->dev, "controller fatal status while waiting for %s\n", what);
			return -EIO;
		}
		if (time_after(jiffies, deadline))
			break;
		if (fatal_signal_pending(current))
			return -EINTR;
		usleep_range(1000, 2000);
	}
	dev_err(ctrl->dev, "timed out after %u ms waiting for %s (CSTS %#x)\n",
		timeout_ms, what, csts);
	return -ETIMEDOUT;
}

/**
 * cnv_ctrl_check_health() - what CSTS says about a controller that is late
 * @ctrl: controller
 *
 * Return: 0 if it looks healthy, -EIO on Controller Fatal Status, -ENODEV
 * if its registers read as all ones (removed, or cut off from the bus).
 */
int cnv_ctrl_check_health(struct cnv_ctrl *ctrl)
{
	u32 csts = cnv_read32(ctrl, CNV_REG_CSTS);

	if (csts == ~0u)
		return -ENODEV;
	return (csts & CNV_CSTS_CFS) ? -EIO : 0;
}

/* 3.5.2: clear CC.EN and wait for CSTS.RDY to follow, within CAP.TO. */
static int cnv_ctrl_disable(struct cnv_ctrl *ctrl)
{
	u32 cc = cnv_read32(ctrl, CNV_REG_CC);

	if (cc == ~0u)
		return -ENODEV;
	cnv_write32(ctrl, CNV_REG_CC, cc & ~(CNV_CC_EN | CNV_CC_SHN_MASK));
	/* Some drives fail if CSTS is read too soon after CC.EN clears. */
	if (ctrl->quirks & CNV_QUIRK_DELAY_BEFORE_CHK_RDY)
		msleep(CNV_QUIRK_READY_DELAY_MS);
	if (cnv_ctrl_wait_csts(ctrl, CNV_CSTS_RDY, 0, ctrl->cap.ready_timeout_ms,
			       "controller disable"))
		return -ETIMEDOUT;
	WRITE_ONCE(ctrl->dma_live, false);
	return 0;
}

static int cnv_ctrl_enable(struct cnv_ctrl *ctrl)
{
	/*
	 * With more than one I/O command set on offer, all are enabled and each
	 * namespace's CSI says which one it speaks; else only NVM exists.
	 */
	u32 css = ctrl->cap.io_command_sets ? CNV_CC_CSS_IOCS : CNV_CC_CSS_NVM;
	u32 cc = css | CNV_CC_MPS(ctrl->page_shift) | CNV_CC_AMS_RR |
		 CNV_CC_IOSQES(CNV_SQES_SHIFT) | CNV_CC_IOCQES(CNV_CQES_SHIFT);

	cnv_write32(ctrl, CNV_REG_CC, cc);
	WRITE_ONCE(ctrl->dma_live, true);
	cnv_write32(ctrl, CNV_REG_CC, cc | CNV_CC_EN);
	return cnv_ctrl_wait_csts(ctrl, CNV_CSTS_RDY, CNV_CSTS_RDY,
				  ctrl->cap.ready_timeout_ms, "controller ready");
}

/* 3.6.2 Normal shutdown: CC.SHN, then CSTS.SHST reports completion. */
static int cnv_ctrl_shutdown_notify(struct cnv_ctrl *ctrl)
{
	u32 cc = cnv_read32(ctrl, CNV_REG_CC);

	if (cc == ~0u)
		return -ENODEV;
	if (!(cc & CNV_CC_EN))
		return 0;
	cnv_write32(ctrl, CNV_REG_CC, (cc & ~CNV_CC_SHN_MASK) | CNV_CC_SHN_NORMAL);
	return cnv_ctrl_wait_csts(ctrl, CNV_CSTS_SHST_MASK, CNV_CSTS_SHST_DONE,
				  ctrl->shutdown_timeout_ms, "shutdown");
}

/*
 * Stops all DMA: a clean shutdown if possible, then a disable (which a
 * controller that completed its shutdown also takes at once).
 */
static void cnv_ctrl_stop(struct cnv_ctrl *ctrl, bool notify)
{
	if (notify)
		cnv_ctrl_shutdown_notify(ctrl);
	cnv_ctrl_disable(ctrl);
}

/*
 * Before memory the controller may DMA into is freed: a controller that
 * could not be stopped (CC.EN stuck, gone from the bus) loses bus
 * mastering instead, so it can no longer write into what is freed next.
 */
static void cnv_ctrl_cut_dma(struct cnv_ctrl *ctrl)
{
	if (!READ_ONCE(ctrl->dma_live))
		return;
	dev_warn(ctrl->dev, "%s: controller not stopped; bus mastering turned off before freeing its memory\n",
		 dev_name(&ctrl->device));
	pci_clear_master(ctrl->pdev);
	WRITE_ONCE(ctrl->dma_live, false);
}

/* Interrupt types to try: not MSI on controllers whose MSI never fires. */
static unsigned int cnv_ctrl_irq_types(const struct cnv_ctrl *ctrl)
{
	return cnv_quirks_msi_ok(ctrl->quirks) ? PCI_IRQ_ALL_TYPES :
						 PCI_IRQ_ALL_TYPES & ~PCI_IRQ_MSI;
}

/*
 * Frees queue pair @q's rings, unless the controller may still DMA into
 * them: it knows the queue (created, not deleted) and was not stopped.
 * Those are leaked rather than handed back while in use.
 */
static void cnv_ctrl_free_queue(struct cnv_ctrl *ctrl, struct cnv_queue *q)
{
	if (WARN_ONCE(q->created && READ_ONCE(ctrl->dma_live),
		      "%s: queue %u freed while the controller may still use it\n",
		      dev_name(&ctrl->device), q->qid))
		return;
	cnv_queue_free(q);
}

static int cnv_ctrl_setup_admin_queue(struct cnv_ctrl *ctrl)
{
	struct blk_mq_tag_set *set = &ctrl->admin_set;
	/* Until Identify reports MDTS, passthrough data is one page at most. */
	struct cnv_disk_limits lim = {
		.max_hw_sectors = PAGE_SIZE >> SECTOR_SHIFT,
		.max_segments = 2,
		.virt_boundary_mask = PAGE_SIZE - 1,
	};
	int ret;

	ret = cnv_queue_alloc(ctrl, 0, CNV_ADMIN_DEPTH, 0, false);
	if (ret)
		return ret;
	ret = pci_alloc_irq_vectors(ctrl->pdev, 1, 1, cnv_ctrl_irq_types(ctrl));
	if (ret < 0)
		goto free_queue;
	ctrl->nr_vectors = ret;
	ret = cnv_queue_request_irq(&ctrl->queues[0]);
	if (ret)
		goto free_vectors;

	set->ops = &cnv_admin_mq_ops;
	set->nr_hw_queues = 1;
	set->queue_depth = CNV_ADMIN_DEPTH - 1;
	set->numa_node = dev_to_node(ctrl->dev);
	set->cmd_size = sizeof(struct cnv_request);
	set->flags = BLK_MQ_F_NO_SCHED;
	set->timeout = cnv_timeout_jiffies(READ_ONCE(admin_timeout));
	set->driver_data = ctrl;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		goto free_irq;
	ctrl->admin_q = cnv_alloc_queue(set, &lim);
	if (IS_ERR(ctrl->admin_q)) {
		ret = PTR_ERR(ctrl->admin_q);
		ctrl->admin_q = NULL;
		goto free_set;
	}
	return 0;

free_set:
	blk_mq_free_tag_set(set);
free_irq:
	cnv_queue_free_irq(&ctrl->queues[0]);
free_vectors:
	pci_free_irq_vectors(ctrl->pdev);
	ctrl->nr_vectors = 0;
free_queue:
	cnv_queue_free(&ctrl->queues[0]);
	return ret;
}

/*
 * The admin queue is destroyed here, so user commands still arriving fail
 * at allocation; the reference to it goes with the controller.
 */
static void cnv_ctrl_free_admin_queue(struct cnv_ctrl *ctrl)
{
	if (!ctrl->admin_q || ctrl->admin_destroyed)
		return;
	/* Destroying waits for its requests: none may be held back. */
	cnv_ctrl_quiesce_admin(ctrl, false);
	blk_mq_destroy_queue(ctrl->admin_q);
	ctrl->admin_destroyed = true;
	blk_mq_free_tag_set(&ctrl->admin_set);
	cnv_queue_free_irq(&ctrl->queues[0]);
	pci_free_irq_vectors(ctrl->pdev);
	ctrl->nr_vectors = 0;
	cnv_ctrl_free_queue(ctrl, &ctrl->queues[0]);
}

/* 3.5.1 steps 5-7: point the disabled controller at the admin rings, enable. */
static int cnv_ctrl_enable_admin(struct cnv_ctrl *ctrl)
{
	struct cnv_queue *admin = &ctrl->queues[0];

	admin->created = true;
	cnv_write32(ctrl, CNV_REG_AQA, CNV_AQA(admin->depth, admin->depth));
	lo_hi_writeq(admin->sq_dma, ctrl->bar + CNV_REG_ASQ);
	lo_hi_writeq(admin->cq_dma, ctrl->bar + CNV_REG_ACQ);
	return cnv_ctrl_enable(ctrl);
}

/* 3.5.1 steps 1-7: from reset to an enabled controller with an admin queue. */
static int cnv_ctrl_bring_up(struct cnv_ctrl *ctrl)
{
	u64 cap = cnv_read64(ctrl, CNV_REG_CAP);
	int ret;

	if (cap == ~0ULL)
		return -ENODEV;
	cnv_cap_decode(cap, &ctrl->cap);
	ctrl->vs = cnv_read32(ctrl, CNV_REG_VS);
	cnv_quirks_shape_queues(ctrl);
	if (!ctrl->cap.nvm_command_set) {
		dev_err(ctrl->dev, "controller lacks the NVM command set\n");
		return -ENODEV;
	}
	/* Host pages smaller than the controller's would break PRP rules. */
	ctrl->page_shift = cnv_pick_page_shift(&ctrl->cap, PAGE_SHIFT);
	if (!ctrl->page_shift || ctrl->page_shift > PAGE_SHIFT) {
		dev_err(ctrl->dev, "no usable memory page size (MPSMIN %u)\n",
			ctrl->cap.page_shift_min);
		return -ENODEV;
	}
	/*
	 * A bounce buffer (swiotlb: encrypted guests, Xen, iommu=soft) must
	 * keep each segment's offset within the controller page, as PRPs
	 * describe it.
	 */
	dma_set_min_align_mask(ctrl->dev, cnv_ctrl_page_size(ctrl) - 1);
	ctrl->shutdown_timeout_ms = cnv_shutdown_min_ms();

	ret = cnv_ctrl_disable(ctrl);
	if (ret)
		return ret;
	cnv_cmb_setup(ctrl);
	ret = cnv_ctrl_setup_admin_queue(ctrl);
	if (ret)
		return ret;
	return cnv_ctrl_enable_admin(ctrl);
}

/*
 * Passthrough admin commands may move up to MDTS, like I/O. Freezing
 * waits for every admin request, so it happens only when MDTS changed (in
 * practice at probe): a reset may find an event request already queued
 * again, which the controller holds indefinitely.
 */
static int cnv_ctrl_limit_admin_queue(struct cnv_ctrl *ctrl)
{
	u32 page_size = cnv_ctrl_page_size(ctrl);
	struct cnv_disk_limits lim = {
		.max_hw_sectors = ctrl->max_transfer >> SECTOR_SHIFT,
		.max_segments = min_t(u32, ctrl->max_transfer / page_size + 1, USHRT_MAX),
		.virt_boundary_mask = page_size - 1,
		/* admin_page_align: user buffers that do not start a page are bounced. */
		.dma_alignment = ctrl->quirks & CNV_QUIRK_ADMIN_PAGE_ALIGN ? page_size - 1 : 0,
	};
	int ret;

	if (queue_max_hw_sectors(ctrl->admin_q) == lim.max_hw_sectors &&
	    (!lim.dma_alignment || queue_dma_alignment(ctrl->admin_q) == lim.dma_alignment))
		return 0;
	blk_mq_freeze_queue(ctrl->admin_q);
	ret = cnv_update_limits(ctrl->admin_q, &lim);
	blk_mq_unfreeze_queue(ctrl->admin_q);
	return ret;
}

/**
 * cnv_ctrl_refresh_write_cache() - learn whether the write cache is on
 * @ctrl: controller whose Identify data was read
 *
 * When the feature cannot be read, the cache is assumed on: flushes to a
 * write-through device cost time, missing ones to a write-back device
 * cost data. cnv_ns_scan() then brings the disks in line.
 */
void cnv_ctrl_refresh_write_cache(struct cnv_ctrl *ctrl)
{
	u32 value = CNV_VWC_ENABLED;

	if (ctrl->write_cache_present)
		cnv_admin_get_feature(ctrl, CNV_FEAT_VOLATILE_WC, &value);
	WRITE_ONCE(ctrl->volatile_cache, ctrl->write_cache_present && (value & CNV_VWC_ENABLED));
}

/*
 * Discard and write zeroes limits. The NVM command set's Identify
 * Controller data (CNS 06h) is optional before NVMe 2.0: without it the
 * defaults stand: Write Zeroes then covers what one transfer could
 * under MDTS (it moves no data, so cnvme's own transfer cap does not
 * apply), at most CNV_MAX_ZEROES. The reserve DSM page is allocated once, at the first
 * identify that finds Dataset Management.
 */
static void cnv_ctrl_identify_dealloc(struct cnv_ctrl *ctrl, u16 oncs, u32 zeroes_default,
				      void *buf)
{
	struct cnv_id_ctrl_nvm *nvm = buf;

	if (cnv_admin_identify(ctrl, CNV_CNS_CTRL_CSI, 0, nvm))
		nvm = NULL;
	if (ctrl->quirks & CNV_QUIRK_DISABLE_WRITE_ZEROES)
		oncs &= ~CNV_ONCS_WRITE_ZEROES;
	cnv_dealloc_limits_decode(oncs, nvm, ctrl->cap.page_shift_min, zeroes_default,
				  &ctrl->dealloc);
	if (ctrl->dealloc.discard && !ctrl->discard_page) {
		ctrl->discard_page = alloc_page(GFP_KERNEL);
		if (!ctrl->discard_page) {
			dev_warn(ctrl->dev, "%s: no memory for discard, not offered\n",
				 dev_name(&ctrl->device));
			ctrl->dealloc.discard = false;
		}
	}
}

/*
 * The largest transfer the platform maps in one piece: a bounce buffer
 * (swiotlb) holds at most 256 KiB less the alignment kept, and a larger
 * request would fail to map on every attempt. Whole controller pages, at
 * most CNV_MAX_TRANSFER.
 */
static u32 cnv_ctrl_dma_max_transfer(struct cnv_ctrl *ctrl)
{
	size_t bytes = min_t(size_t, dma_max_mapping_size(ctrl->dev), CNV_MAX_TRANSFER);

	return max_t(u32, round_down(bytes, cnv_ctrl_page_size(ctrl)), cnv_ctrl_page_size(ctrl));
}

static int cnv_ctrl_identify(struct cnv_ctrl *ctrl)
{
	u32 sgls, threshold, zeroes_default;
	struct cnv_id_ctrl *id;
	u16 oncs;
	int ret;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	ret = cnv_admin_identify(ctrl, CNV_CNS_CONTROLLER, 0, id);
	if (ret) {
		dev_err(ctrl->dev, "identify controller failed: %d\n", ret);
		goto out;
	}
	/* The first Identify: its model and firmware may add quirks. */
	if (!ctrl->subsys) {
		cnv_quirks_identified(ctrl, id);
		cnv_quirks_report(ctrl);
	}
	ctrl->max_transfer = cnv_max_transfer_bytes(id->mdts, ctrl->cap.page_shift_min,
						    cnv_ctrl_dma_max_transfer(ctrl));
	ctrl->shutdown_timeout_ms = cnv_shutdown_timeout_ms(le32_to_cpu(id->rtd3e),
							    cnv_shutdown_min_ms(),
							    CNV_SHUTDOWN_MAX_MS);
	ctrl->write_cache_present = id->vwc & 1;
	ctrl->awupf = le16_to_cpu(id->awupf);
	ctrl->oaes = le32_to_cpu(id->oaes);
	ctrl->cmic = id->cmic;
	ctrl->lpa = id->lpa;
	WRITE_ONCE(ctrl->fna, id->fna);
	cnv_ctrl_refresh_write_cache(ctrl);
	cnv_effects_read(ctrl);
	sgls = le32_to_cpu(id->sgls) & CNV_SGLS_SUPPORT_MASK;
	threshold = READ_ONCE(sgl_threshold);
	/* 01b: any alignment; 10b: dword, which block I/O always has; 11b reserved. */
	ctrl->sgl_min_avg_segment = (sgls == 1 || sgls == 2) && threshold ? threshold : U32_MAX;
	ctrl->dbbuf_supported = le16_to_cpu(id->oacs) & CNV_OACS_DBBUF_CONFIG;
	ctrl->abort_limit = id->acl + 1u;
	ctrl->nn = le32_to_cpu(id->nn);
	ctrl->vid = le16_to_cpu(id->vid);
	ctrl->cntlid = le16_to_cpu(id->cntlid);
	ctrl->cntrltype = id->cntrltype;
	ctrl->dctype = id->dctype;
	cnv_id_string(ctrl->model, sizeof(ctrl->model), id->mn, sizeof(id->mn));
	cnv_id_string(ctrl->serial, sizeof(ctrl->serial), id->sn, sizeof(id->sn));
	cnv_id_string(ctrl->firmware, sizeof(ctrl->firmware), id->fr, sizeof(id->fr));
	oncs = le16_to_cpu(id->oncs);
	zeroes_default = cnv_max_transfer_bytes(id->mdts, ctrl->cap.page_shift_min, CNV_MAX_ZEROES);
	ret = cnv_subsys_join(ctrl, id);
	if (ret)
		goto out;
	ret = cnv_ctrl_limit_admin_queue(ctrl);
	if (ret)
		goto out;
	cnv_hwmon_add(ctrl, id);
	cnv_power_identify(ctrl, id);
	cnv_hmb_setup(ctrl, id);
	/* Last: they reuse the buffer. */
	cnv_ctrl_identify_dealloc(ctrl, oncs, zeroes_default, id);
	cnv_zns_identify_ctrl(ctrl, id);
	/* A controller that refuses its table works on without APST. */
	ret = cnv_power_configure_apst(ctrl);
	if (ret > 0)
		ret = 0;
out:
	kfree(id);
	return ret;
}

/*
 * Trades the single vector used during bring-up for one per interrupt-driven
 * I/O queue plus the admin vector, spread over the CPUs. Falls back to one
 * shared vector (and one such queue) when MSI-X and multi-vector MSI are
 * unavailable, or the single_vector quirk asks for it. Sets nr_irq_queues.
 */
/*
 * The vectors' affinity comes in two sets where reads have queues of their
 * own (write_queues): each set spreads over every CPU, so a CPU has a
 * write queue and a read queue near it.
 */
static void cnv_ctrl_calc_irq_sets(struct irq_affinity *affd, unsigned int nvecs)
{
	struct cnv_ctrl *ctrl = affd->priv;
	u32 reads = cnv_read_queues(nvecs, ctrl->wanted_write_queues);

	affd->nr_sets = reads ? 2 : 1;
	affd->set_size[HCTX_TYPE_DEFAULT] = max(nvecs - reads, 1u);
	affd->set_size[HCTX_TYPE_READ] = reads;
}

static int cnv_ctrl_setup_vectors(struct cnv_ctrl *ctrl, u32 nr_io)
{
	struct irq_affinity affd = {
		.pre_vectors = 1,
		.calc_sets = cnv_ctrl_calc_irq_sets,
		.priv = ctrl,
	};
	unsigned int wanted = ctrl->quirks & CNV_QUIRK_SINGLE_VECTOR ? 1 : nr_io + 1;
	int got;

	cnv_queue_free_irq(&ctrl->queues[0]);
	pci_free_irq_vectors(ctrl->pdev);
	got = pci_alloc_irq_vectors_affinity(ctrl->pdev, 1, wanted,
					     cnv_ctrl_irq_types(ctrl) | PCI_IRQ_AFFINITY, &affd);
	if (got < 0) {
		ctrl->nr_vectors = 0;
		return got;
	}
	ctrl->nr_vectors = got;
	ctrl->io_vectors_per_queue = got > 1;
	ctrl->nr_irq_queues = got > 1 ? got - 1 : 1;
	ctrl->nr_read_queues = ctrl->io_vectors_per_queue ?
			       cnv_read_queues(ctrl->nr_irq_queues, ctrl->wanted_write_queues) : 0;
	return cnv_queue_request_irq(&ctrl->queues[0]);
}

/*
 * Deletes queue pair @q on the controller, SQ first (5.6, 5.7). One the
 * controller does not delete stays created: its rings are freed only once
 * the controller is stopped.
 */
static void cnv_ctrl_delete_io_queue(struct cnv_ctrl *ctrl, struct cnv_queue *q)
{
	int ret;

	if (!q->created)
		return;
	ret = cnv_admin_delete_queue(ctrl, CNV_ADMIN_DELETE_SQ, q->qid);
	if (!ret)
		ret = cnv_admin_delete_queue(ctrl, CNV_ADMIN_DELETE_CQ, q->qid);
	if (ret) {
		dev_warn(ctrl->dev, "%s: queue %u not deleted (%d); freed once the controller is stopped\n",
			 dev_name(&ctrl->device), q->qid, ret);
		return;
	}
	q->created = false;
}

/* Makes the controller know queue pair @q: its CQ first, then its SQ (5.4, 5.5). */
static int cnv_ctrl_connect_io_queue(struct cnv_ctrl *ctrl, struct cnv_queue *q)
{
	int ret;

	if (cnv_fault_take(&ctrl->faults.fail_queue_creation)) {
		dev_warn(ctrl->dev, "fault injection: creating I/O queue %u fails\n", q->qid);
		return -EIO;
	}
	ret = cnv_admin_create_cq(ctrl, q);
	if (ret)
		return ret < 0 ? ret : -EIO;
	/* From here the controller may write into the CQ. */
	q->created = true;
	ret = cnv_admin_create_sq(ctrl, q);
	if (ret) {
		if (!cnv_admin_delete_queue(ctrl, CNV_ADMIN_DELETE_CQ, q->qid))
			q->created = false;
		return ret < 0 ? ret : -EIO;
	}
	return 0;
}

/* Queues nr_irq_queues + 1 and up are polled: no vector, no interrupt. */
static int cnv_ctrl_create_io_queue(struct cnv_ctrl *ctrl, u16 qid)
{
	bool polled = qid > ctrl->nr_irq_queues;
	u16 vector = ctrl->io_vectors_per_queue && !polled ? qid : 0;
	struct cnv_queue *q = &ctrl->queues[qid];
	int ret;

	ret = cnv_queue_alloc(ctrl, qid, ctrl->io_depth, vector, polled);
	if (ret)
		goto free_queue;
	ret = cnv_ctrl_connect_io_queue(ctrl, q);
	if (ret)
		goto free_queue;
	if (!polled) {
		ret = cnv_queue_request_irq(q);
		if (ret)
			goto delete_queues;
	}
	return 0;

delete_queues:
	cnv_ctrl_delete_io_queue(ctrl, q);
free_queue:
	/* A queue the controller would not delete waits for it to be stopped. */
	cnv_ctrl_free_queue(ctrl, q);
	return ret;
}

/* Queue pairs a controller may have: the size of ctrl->queues. */
static u32 cnv_ctrl_queue_slots(const struct cnv_ctrl *ctrl)
{
	return num_possible_cpus() + ctrl->wanted_write_queues + ctrl->wanted_poll_queues + 1;
}

/*
 * Deletes I/O queues from the highest, so the controller forgets them;
 * the rings stay until cnv_ctrl_free_io_queues(), after the controller
 * is stopped.
 */
static void cnv_ctrl_delete_io_queues(struct cnv_ctrl *ctrl)
{
	u32 qid;

	for (qid = ctrl->nr_io_queues; qid >= 1; qid--)
		cnv_ctrl_delete_io_queue(ctrl, &ctrl->queues[qid]);
	ctrl->nr_io_queues = 0;
	ctrl->nr_irq_queues = 0;
}

/*
 * Releases every I/O queue's interrupt and rings, including one left
 * behind by a failed creation: only once the controller is stopped
 * (cnv_ctrl_free_queue() checks).
 */
static void cnv_ctrl_free_io_queues(struct cnv_ctrl *ctrl)
{
	u32 qid;

	for (qid = 1; qid < cnv_ctrl_queue_slots(ctrl); qid++) {
		cnv_queue_free_irq(&ctrl->queues[qid]);
		cnv_ctrl_free_queue(ctrl, &ctrl->queues[qid]);
	}
}

static int cnv_ctrl_alloc_io_set(struct cnv_ctrl *ctrl)
{
	struct blk_mq_tag_set *set = &ctrl->io_set;
	int ret;

	ctrl->prp_pool = dma_pool_create("cnvme-prp", ctrl->dev,
					 cnv_ctrl_page_size(ctrl),
					 cnv_ctrl_page_size(ctrl), 0);
	if (!ctrl->prp_pool)
		return -ENOMEM;
	set->ops = &cnv_io_mq_ops;
	set->nr_hw_queues = ctrl->nr_io_queues;
	/* Default and poll maps (cnv_io_map_queues); the read map stays empty. */
	set->nr_maps = cnv_ctrl_poll_queues(ctrl) ? HCTX_MAX_TYPES : ctrl->nr_read_queues ? 2 : 1;
	/* One SQ slot stays empty: a full ring would look empty (3.3.1.5). */
	set->queue_depth = ctrl->io_depth - 1;
	/* shared_tags: I/O CIDs stay clear of the admin queue's. */
	set->reserved_tags = ctrl->io_shape.reserved_tags;
	set->numa_node = dev_to_node(ctrl->dev);
	set->cmd_size = sizeof(struct cnv_request);
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	set->timeout = cnv_timeout_jiffies(READ_ONCE(io_timeout));
	set->driver_data = ctrl;
	ret = blk_mq_alloc_tag_set(set);
	if (ret) {
		dma_pool_destroy(ctrl->prp_pool);
		ctrl->prp_pool = NULL;
		return ret;
	}
	ctrl->io_set_ready = true;
	return 0;
}

static void cnv_ctrl_free_io_set(struct cnv_ctrl *ctrl)
{
	if (!ctrl->io_set_ready)
		return;
	blk_mq_free_tag_set(&ctrl->io_set);
	ctrl->io_set_ready = false;
	dma_pool_destroy(ctrl->prp_pool);
	ctrl->prp_pool = NULL;
}

/* Bytes of each shadow buffer: every queue the controller may get, page aligned. */
static size_t cnv_dbbuf_bytes(struct cnv_ctrl *ctrl)
{
	size_t queues = cnv_ctrl_queue_slots(ctrl);

	return PAGE_ALIGN(queues * 2 * ctrl->cap.doorbell_stride);
}

static void cnv_ctrl_free_shadow_doorbells(struct cnv_ctrl *ctrl)
{
	size_t bytes = cnv_dbbuf_bytes(ctrl);

	if (ctrl->dbbuf_shadow)
		dma_free_coherent(ctrl->dev, bytes, ctrl->dbbuf_shadow, ctrl->dbbuf_shadow_dma);
	if (ctrl->dbbuf_eventidx)
		dma_free_coherent(ctrl->dev, bytes, ctrl->dbbuf_eventidx,
				  ctrl->dbbuf_eventidx_dma);
	ctrl->dbbuf_shadow = NULL;
	ctrl->dbbuf_eventidx = NULL;
}

/*
 * With the I/O queues just created and no I/O flowing: hands the
 * controller zeroed shadow doorbell and event index buffers (matching the
 * fresh rings) and points every I/O queue at its slots. Without them (not
 * offered, shadow_doorbells=0, no memory, refused) the queues ring MMIO
 * doorbells only.
 */
static void cnv_ctrl_setup_shadow_doorbells(struct cnv_ctrl *ctrl)
{
	size_t bytes = cnv_dbbuf_bytes(ctrl);
	__le32 *shadow = NULL;
	u32 qid;
	int ret;

	if (!ctrl->dbbuf_supported || !shadow_doorbells || bytes > CNV_DBBUF_MAX_BYTES)
		goto set_queues;
	if (!ctrl->dbbuf_shadow) {
		ctrl->dbbuf_shadow = dma_alloc_coherent(ctrl->dev, bytes, &ctrl->dbbuf_shadow_dma,
							GFP_KERNEL);
		ctrl->dbbuf_eventidx = dma_alloc_coherent(ctrl->dev, bytes,
							  &ctrl->dbbuf_eventidx_dma, GFP_KERNEL);
		if (!ctrl->dbbuf_shadow || !ctrl->dbbuf_eventidx) {
			cnv_ctrl_free_shadow_doorbells(ctrl);
			goto set_queues;
		}
	}
	memset(ctrl->dbbuf_shadow, 0, bytes);
	memset(ctrl->dbbuf_eventidx, 0, bytes);
	ret = cnv_admin_dbbuf_config(ctrl, ctrl->dbbuf_shadow_dma, ctrl->dbbuf_eventidx_dma);
	if (ret)
		dev_warn(ctrl->dev, "%s: shadow doorbells refused (%d), using MMIO doorbells\n",
			 dev_name(&ctrl->device), ret);
	else
		shadow = ctrl->dbbuf_shadow;
set_queues:
	for (qid = 1; qid <= ctrl->nr_io_queues; qid++)
		cnv_queue_set_shadow(&ctrl->queues[qid], shadow, ctrl->dbbuf_eventidx);
}

static int cnv_ctrl_setup_io_queues(struct cnv_ctrl *ctrl)
{
	u32 cpus = min_t(u32, num_possible_cpus(), U16_MAX);
	u32 irq_wanted = cpus + ctrl->wanted_write_queues;
	u32 wanted = min(irq_wanted + ctrl->wanted_poll_queues, ctrl->io_shape.max_queues);
	u32 granted, polled, qid;
	int ret;

	ret = cnv_admin_set_num_queues(ctrl, wanted, &granted);
	if (ret) {
		dev_err(ctrl->dev, "set number of queues failed: %d\n", ret);
		return ret < 0 ? ret : -EIO;
	}
	granted = min(wanted, granted);
	/* At least one queue keeps interrupts: block I/O that is not polled needs it. */
	polled = min(ctrl->wanted_poll_queues, granted - 1);
	ret = cnv_ctrl_setup_vectors(ctrl, min(irq_wanted, granted - polled));
	if (ret)
		return ret;
	ctrl->nr_io_queues = ctrl->nr_irq_queues + polled;
	ctrl->io_depth = ctrl->io_shape.depth;

	for (qid = 1; qid <= ctrl->nr_io_queues; qid++) {
		ret = cnv_ctrl_create_io_queue(ctrl, qid);
		if (ret)
			break;
	}
	if (qid == 1) {
		dev_err(ctrl->dev, "cannot create any I/O queue: %d\n", ret);
		return ret;
	}
	/* Fewer queues than vectors still serve every CPU. */
	ctrl->nr_io_queues = qid - 1;
	ctrl->nr_irq_queues = min(ctrl->nr_irq_queues, ctrl->nr_io_queues);
	/* Reads then share what there is: the vectors' sets no longer match. */
	ctrl->vectors_match_queues = ctrl->io_vectors_per_queue &&
				     ctrl->nr_irq_queues == ctrl->nr_vectors - 1;
	if (!ctrl->vectors_match_queues)
		ctrl->nr_read_queues = 0;
	cnv_ctrl_setup_shadow_doorbells(ctrl);
	ret = cnv_ctrl_alloc_io_set(ctrl);
	/* The rings go at removal, after the failed controller is stopped. */
	if (ret)
		cnv_ctrl_delete_io_queues(ctrl);
	return ret;
}

/*
 * With the controller disabled: consumes the completions it posted, then
 * cancels what it never completed. Admin and passthrough commands always
 * fail; block I/O is requeued when @io_status is CNV_STATUS_HOST_RETRY.
 */
static void cnv_ctrl_cancel_inflight(struct cnv_ctrl *ctrl, u16 io_status)
{
	u32 qid;

	lockdep_assert_held(&ctrl->teardown_lock);
	for (qid = 0; qid <= ctrl->nr_io_queues; qid++)
		cnv_queue_reap(&ctrl->queues[qid]);
	if (ctrl->io_set_ready)
		cnv_cancel_all(&ctrl->io_set, io_status);
	if (ctrl->admin_q)
		cnv_cancel_all(&ctrl->admin_set, CNV_STATUS_HOST_ABORTED);
}

enum cnv_stop_mode {
	CNV_STOP_DISABLE,	/* CC.EN cleared: a reset */
	CNV_STOP_SHUTDOWN,	/* shutdown notification first: power may go */
};

/*
 * Stops the controller's DMA, then completes every command it held. The
 * only path that cancels commands: teardown_lock keeps a reset, a timeout
 * and a failure from completing the same request twice.
 *
 * Return: 0, or the error that left the controller's state unknown.
 */
static int cnv_ctrl_stop_and_cancel(struct cnv_ctrl *ctrl, enum cnv_stop_mode mode,
				    u16 io_status)
{
	int ret = 0;

	mutex_lock(&ctrl->teardown_lock);
	if (mode == CNV_STOP_SHUTDOWN)
		cnv_ctrl_stop(ctrl, true);
	else
		ret = cnv_ctrl_disable(ctrl);
	cnv_ctrl_cancel_inflight(ctrl, io_status);
	mutex_unlock(&ctrl->teardown_lock);
	return ret;
}

/**
 * cnv_ctrl_abort_connect() - stop a (re)initialisation whose command was lost
 * @ctrl: controller in CONNECTING or RESETTING
 *
 * Called by the timeout handler: disables the controller and fails the
 * commands the init or reset work waits on, so it sees the error and gives
 * up on the controller.
 */
void cnv_ctrl_abort_connect(struct cnv_ctrl *ctrl)
{
	cnv_ctrl_stop_and_cancel(ctrl, CNV_STOP_DISABLE, CNV_STATUS_HOST_RETRY);
}

/**
 * cnv_ctrl_quiesce_admin() - stop or restart dispatch on the admin queue
 * @ctrl: controller
 * @quiesce: true to stop (waiting for running queue_rq calls), false to restart
 *
 * Idempotent, as cnv_ns_quiesce_all(): the admin queue's state is known
 * exactly, whichever recovery paths overlapped, so it is never left
 * quiesced (admin passthrough and blk_mq_destroy_queue() would wait for
 * ever) nor unquiesced twice.
 */
void cnv_ctrl_quiesce_admin(struct cnv_ctrl *ctrl, bool quiesce)
{
	mutex_lock(&ctrl->ns_lock);
	if (ctrl->admin_q && !ctrl->admin_destroyed && ctrl->admin_quiesced != quiesce) {
		if (quiesce)
			blk_mq_quiesce_queue(ctrl->admin_q);
		else
			blk_mq_unquiesce_queue(ctrl->admin_q);
		ctrl->admin_quiesced = quiesce;
	}
	mutex_unlock(&ctrl->ns_lock);
}

static void cnv_ctrl_quiesce(struct cnv_ctrl *ctrl)
{
	cnv_ctrl_quiesce_admin(ctrl, true);
	cnv_ns_quiesce_all(ctrl, true);
}

/*
 * Re-initialises a controller that was disabled for a reset: same admin
 * rings, same interrupts, same number of I/O queues, recreated. A retry
 * finds the controller CONNECTING already. @ready tells whether it got as
 * far as reporting ready (a later failure is worth another attempt).
 */
static int cnv_ctrl_reconnect(struct cnv_ctrl *ctrl, bool *ready)
{
	u32 granted, qid;
	int ret;

	/* Bus mastering may have been lost (a glitch, a user's setpci): DMA needs it. */
	pci_set_master(ctrl->pdev);
	cnv_queue_reset_rings(&ctrl->queues[0]);
	*ready = false;
	ret = cnv_ctrl_enable_admin(ctrl);
	if (ret)
		return ret;
	*ready = true;
	if (!cnv_ctrl_set_state(ctrl, CNV_CTRL_CONNECTING) &&
	    READ_ONCE(ctrl->state) != CNV_CTRL_CONNECTING)
		return -ENODEV;
	cnv_ctrl_quiesce_admin(ctrl, false);
	ret = cnv_ctrl_identify(ctrl);
	if (ret)
		return ret;
	ret = cnv_admin_set_num_queues(ctrl, ctrl->nr_io_queues, &granted);
	if (ret)
		return ret < 0 ? ret : -EIO;
	if (granted < ctrl->nr_io_queues) {
		dev_err(ctrl->dev, "%s: controller now grants %u I/O queues, not %u\n",
			dev_name(&ctrl->device), granted, ctrl->nr_io_queues);
		return -EIO;
	}
	for (qid = 1; qid <= ctrl->nr_io_queues; qid++) {
		struct cnv_queue *q = &ctrl->queues[qid];

		q->created = false;
		cnv_queue_reset_rings(q);
		ret = cnv_ctrl_connect_io_queue(ctrl, q);
		if (ret)
			return ret;
	}
	cnv_ctrl_setup_shadow_doorbells(ctrl);
	return 0;
}

/*
 * Second half of a reset, suspend or error recovery, with dispatch
 * quiesced and the controller's commands taken back: re-enables the
 * controller, recreates its queues and lets the requeued I/O run again.
 * A controller that does not come back is failed.
 */
static void cnv_ctrl_restart(struct cnv_ctrl *ctrl, const char *done)
{
	bool ready = false;
	int attempt, ret;

	ctrl->faults.reset_task = current;
	for (attempt = 1; ; attempt++) {
		ret = cnv_ctrl_disable(ctrl);
		if (!ret)
			ret = cnv_ctrl_reconnect(ctrl, &ready);
		if (!ret || !ready || attempt == CNV_RESET_ATTEMPTS ||
		    READ_ONCE(ctrl->state) != CNV_CTRL_CONNECTING)
			break;
		/*
		 * A controller that became ready but failed a command (one lost
		 * while it could not yet do DMA) often takes the next attempt:
		 * take back what this one sent, block I/O still waiting, and
		 * start over. One that never became ready is not tried again.
		 */
		dev_warn(ctrl->dev, "%s: reset attempt %d of %d failed (%d), retrying\n",
			 dev_name(&ctrl->device), attempt, CNV_RESET_ATTEMPTS, ret);
		cnv_ctrl_quiesce_admin(ctrl, true);
		cnv_ctrl_stop_and_cancel(ctrl, CNV_STOP_DISABLE, CNV_STATUS_HOST_RETRY);
	}
	ctrl->faults.reset_task = NULL;
	if (!ret && !cnv_ctrl_set_state(ctrl, CNV_CTRL_LIVE))
		ret = -ENODEV;
	cnv_ctrl_quiesce_admin(ctrl, false);
	cnv_ns_quiesce_all(ctrl, false);
	if (ret) {
		dev_err(ctrl->dev, "%s: reset failed (%d)\n", dev_name(&ctrl->device), ret);
		cnv_ctrl_fail(ctrl, "reset failed");
		return;
	}
	dev_info(ctrl->dev, "%s: %s\n", dev_name(&ctrl->device), done);
	cnv_aer_start(ctrl);
	/*
	 * Queued, never run here: a scan does I/O, and an I/O timeout during
	 * it must be able to reset the controller again.
	 */
	cnv_ctrl_queue_scan(ctrl);
}

/*
 * Controller reset (NVMe Base 3.7.2): stop dispatch, disable, requeue the
 * block I/O the controller held, then restart.
 */
static void cnv_ctrl_reset_work(struct work_struct *work)
{
	struct cnv_ctrl *ctrl = container_of(work, struct cnv_ctrl, reset_work);

	cnv_ctrl_quiesce(ctrl);
	cnv_ctrl_stop_and_cancel(ctrl, CNV_STOP_DISABLE, CNV_STATUS_HOST_RETRY);
	cnv_ctrl_restart(ctrl, "controller reset");
}

/**
 * cnv_ctrl_suspend() - take a live controller down until cnv_ctrl_resume()
 * @ctrl: controller
 * @shutdown: send the shutdown notification (system sleep: power may go);
 *	false just disables it (PCI error recovery: the link is down)
 *
 * Block I/O waits meanwhile; what the controller held is requeued.
 * A controller that is dead, or being removed, is left alone.
 */
void cnv_ctrl_suspend(struct cnv_ctrl *ctrl, bool shutdown)
{
	flush_work(&ctrl->init_work);
	flush_work(&ctrl->reset_work);
	if (!cnv_ctrl_set_state(ctrl, CNV_CTRL_RESETTING))
		return;
	ctrl->suspended = true;
	cnv_ctrl_quiesce(ctrl);
	cnv_ctrl_stop_and_cancel(ctrl, shutdown ? CNV_STOP_SHUTDOWN : CNV_STOP_DISABLE,
				 CNV_STATUS_HOST_RETRY);
}

/* How long PCI error recovery may take before its I/O fails instead of waiting. */
#define CNV_RECOVERY_TIMEOUT	(30 * HZ)

/*
 * Fail a controller cnv_ctrl_suspend() took down and nothing will resume:
 * its waiting I/O ends with an error instead of waiting for ever.
 */
static void cnv_ctrl_fail_suspended(struct cnv_ctrl *ctrl, const char *why)
{
	if (!ctrl->suspended)
		return;
	ctrl->suspended = false;
	cnv_ctrl_quiesce_admin(ctrl, false);
	cnv_ns_quiesce_all(ctrl, false);
	cnv_ctrl_fail(ctrl, why);
}

/*
 * PCI error recovery that fails (the link does not come back) never calls
 * the driver again.
 */
static void cnv_ctrl_recovery_timeout_work(struct work_struct *work)
{
	struct cnv_ctrl *ctrl = container_of(to_delayed_work(work), struct cnv_ctrl,
					     recovery_timeout_work);

	if (ctrl->suspended)
		dev_err(ctrl->dev, "%s: PCI error recovery did not finish in %u s\n",
			dev_name(&ctrl->device), CNV_RECOVERY_TIMEOUT / HZ);
	cnv_ctrl_fail_suspended(ctrl, "PCI error recovery failed");
}

/**
 * cnv_ctrl_expect_resume() - fail the suspended @ctrl unless it resumes soon
 * @ctrl: controller taken down by cnv_ctrl_suspend() for PCI error recovery
 */
void cnv_ctrl_expect_resume(struct cnv_ctrl *ctrl)
{
	if (ctrl->suspended)
		queue_delayed_work(ctrl->reset_wq, &ctrl->recovery_timeout_work,
				   CNV_RECOVERY_TIMEOUT);
}

/**
 * cnv_ctrl_resume() - bring back a controller cnv_ctrl_suspend() took down
 * @ctrl: controller
 *
 * Return: 0 if it is live again (or was not suspended), -ENODEV if it
 * failed to come back and is now dead.
 */
int cnv_ctrl_resume(struct cnv_ctrl *ctrl)
{
	cancel_delayed_work_sync(&ctrl->recovery_timeout_work);
	if (!ctrl->suspended)
		return 0;
	ctrl->suspended = false;
	cnv_ctrl_restart(ctrl, "controller resumed");
	return READ_ONCE(ctrl->state) == CNV_CTRL_LIVE ? 0 : -ENODEV;
}

/**
 * cnv_ctrl_schedule_reset() - start resetting a live controller
 * @ctrl: controller
 *
 * Return: true if a reset was started, false if the controller was not
 * live (already resetting, initialising, being removed or dead).
 */
bool cnv_ctrl_schedule_reset(struct cnv_ctrl *ctrl)
{
	if (!cnv_ctrl_set_state(ctrl, CNV_CTRL_RESETTING))
		return false;
	queue_work(ctrl->reset_wq, &ctrl->reset_work);
	return true;
}

/**
 * cnv_ctrl_reset() - reset a live controller and wait for the outcome
 * @ctrl: controller
 *
 * Return: 0 when it is live again, -EBUSY if it was not live, -ENODEV if
 * the reset failed (the controller is then dead).
 */
int cnv_ctrl_reset(struct cnv_ctrl *ctrl)
{
	if (!cnv_ctrl_schedule_reset(ctrl))
		return -EBUSY;
	flush_work(&ctrl->reset_work);
	return READ_ONCE(ctrl->state) == CNV_CTRL_LIVE ? 0 : -ENODEV;
}

/* "NVMe" in ASCII: the value that triggers an NVM Subsystem Reset (3.1.4.8). */
#define CNV_NSSR_MAGIC 0x4e564d65

/**
 * cnv_ctrl_subsystem_reset() - reset the NVM subsystem, then this controller
 * @ctrl: controller
 *
 * Return: as cnv_ctrl_reset(), or -ENOTTY if CAP.NSSRS says it is not offered.
 */
int cnv_ctrl_subsystem_reset(struct cnv_ctrl *ctrl)
{
	if (!ctrl->cap.subsystem_reset)
		return -ENOTTY;
	if (!cnv_ctrl_set_state(ctrl, CNV_CTRL_RESETTING))
		return -EBUSY;
	cnv_write32(ctrl, CNV_REG_NSSR, CNV_NSSR_MAGIC);
	queue_work(ctrl->reset_wq, &ctrl->reset_work);
	flush_work(&ctrl->reset_work);
	return READ_ONCE(ctrl->state) == CNV_CTRL_LIVE ? 0 : -ENODEV;
}

static void cnv_ctrl_scan_work(struct work_struct *work)
{
	cnv_ns_scan(container_of(work, struct cnv_ctrl, scan_work));
}

/**
 * cnv_ctrl_queue_scan() - rescan namespaces in the background
 * @ctrl: controller
 */
void cnv_ctrl_queue_scan(struct cnv_ctrl *ctrl)
{
	if (READ_ONCE(ctrl->state) == CNV_CTRL_LIVE)
		queue_work(cnv_wq, &ctrl->scan_work);
}

static void cnv_ctrl_init_work(struct work_struct *work)
{
	struct cnv_ctrl *ctrl = container_of(work, struct cnv_ctrl, init_work);
	int ret;

	if (!cnv_ctrl_set_state(ctrl, CNV_CTRL_CONNECTING))
		return;
	ret = cnv_ctrl_bring_up(ctrl);
	if (ret)
		goto fail;
	ret = cnv_ctrl_identify(ctrl);
	if (ret)
		goto fail;
	ret = cnv_ctrl_setup_io_queues(ctrl);
	if (ret)
		goto fail;
	/* Removal may have begun meanwhile; it then tears all of this down. */
	if (!cnv_ctrl_set_state(ctrl, CNV_CTRL_LIVE))
		return;
	dev_info(ctrl->dev, "%s: %s (%s, firmware %s), I/O queues: %u x %u entries%s, max transfer %u KiB\n",
		 dev_name(&ctrl->device), ctrl->model, ctrl->serial, ctrl->firmware,
		 ctrl->nr_io_queues, ctrl->io_depth,
		 ctrl->nr_io_queues && ctrl->queues[1].sq_in_cmb ? " (SQs in the CMB)" : "",
		 ctrl->max_transfer >> 10);
	cnv_aer_start(ctrl);
	cnv_ctrl_queue_scan(ctrl);
	return;

fail:
	dev_err(ctrl->dev, "%s: initialisation failed (%d); controller disabled\n",
		dev_name(&ctrl->device), ret);
	cnv_ctrl_fail(ctrl, "initialisation failed");
}

/*
 * Gives up on the controller: stops dispatch, disables it so it does no
 * more DMA, consumes what it already completed and fails everything else.
 * Dispatch then resumes so new requests fail at once in queue_rq.
 */
static void cnv_ctrl_die(struct cnv_ctrl *ctrl)
{
	if (!cnv_ctrl_set_state(ctrl, CNV_CTRL_DEAD))
		return;
	dev_err(ctrl->dev, "%s: controller failed (%s); failing its I/O\n",
		dev_name(&ctrl->device), ctrl->dead_reason);
	cnv_ctrl_quiesce(ctrl);
	cnv_ctrl_stop_and_cancel(ctrl, CNV_STOP_DISABLE, CNV_STATUS_HOST_ABORTED);
	cnv_ns_quiesce_all(ctrl, false);
	cnv_ctrl_quiesce_admin(ctrl, false);
}

static void cnv_ctrl_dead_work(struct work_struct *work)
{
	cnv_ctrl_die(container_of(work, struct cnv_ctrl, dead_work));
}

/**
 * cnv_ctrl_fail() - declare @ctrl dead and fail its I/O, asynchronously
 * @ctrl: controller
 * @why: reason for the log, a string constant
 */
void cnv_ctrl_fail(struct cnv_ctrl *ctrl, const char *why)
{
	if (READ_ONCE(ctrl->state) == CNV_CTRL_DEAD)
		return;
	ctrl->dead_reason = why;
	queue_work(ctrl->reset_wq, &ctrl->dead_work);
}

/**
 * cnv_ctrl_fail_now() - stop @ctrl in the caller's context, then fail it
 * @ctrl: controller nothing will reset (being removed)
 * @why: reason for the log, a string constant
 *
 * For the timeout handler: does what dead_work does, at once, so whoever
 * waits on the late command (a reset, the removal) goes on. Failing it
 * through dead_work alone could wait for ever, queued behind a reset that
 * is itself waiting on this command. Dispatch is stopped before the
 * controller is disabled, as for a reset: a controller disabled while
 * doorbells still ring may be fetching commands as it tears its queues
 * down (QEMU 10.0's frees a queue whose reads are still in flight).
 */
void cnv_ctrl_fail_now(struct cnv_ctrl *ctrl, const char *why)
{
	ctrl->dead_reason = why;
	cnv_ctrl_die(ctrl);
}

/**
 * cnv_ctrl_wait_dead() - wait until a pending cnv_ctrl_fail() has finished
 * @ctrl: controller
 */
void cnv_ctrl_wait_dead(struct cnv_ctrl *ctrl)
{
	flush_work(&ctrl->dead_work);
}

/**
 * cnv_ctrl_state_name() - the state as the in-tree driver names it in sysfs
 * @ctrl: controller
 *
 * Return: a constant string.
 */
const char *cnv_ctrl_state_name(struct cnv_ctrl *ctrl)
{
	static const char *const name[] = {
		[CNV_CTRL_NEW] = "new",
		[CNV_CTRL_CONNECTING] = "connecting",
		[CNV_CTRL_LIVE] = "live",
		[CNV_CTRL_RESETTING] = "resetting",
		[CNV_CTRL_DELETING] = "deleting",
		[CNV_CTRL_DEAD] = "dead",
	};

	return name[READ_ONCE(ctrl->state)];
}

void cnv_ctrl_instance_free(int instance)
{
	ida_free(&cnv_ctrl_ida, instance);
}

/* Last reference gone: no file, namespace or subsystem link uses @ctrl. */
static void cnv_ctrl_release(struct device *dev)
{
	struct cnv_ctrl *ctrl = container_of(dev, struct cnv_ctrl, device);

	/* Every user of the queue is gone: removal flushed what it ran. */
	destroy_workqueue(ctrl->reset_wq);
	if (ctrl->admin_q)
		blk_put_queue(ctrl->admin_q);
	ida_destroy(&ctrl->ns_ida);
	if (!cnv_subsys_owns_instance(ctrl))
		cnv_ctrl_instance_free(ctrl->instance);
	if (ctrl->subsys)
		put_device(&ctrl->subsys->dev);
	if (ctrl->discard_page)
		__free_page(ctrl->discard_page);
	free_percpu(ctrl->cmd_stats);
	cnv_effects_free(ctrl);
	kfree(ctrl->queues);
	kfree(ctrl);
}

/**
 * cnv_ctrl_put() - drop a reference to @ctrl
 * @ctrl: controller
 */
void cnv_ctrl_put(struct cnv_ctrl *ctrl)
{
	put_device(&ctrl->device);
}

/**
 * cnv_ctrl_create() - allocate the controller and register /dev/nvmeN
 * @pdev: PCI device
 * @bar: BAR0 mapping
 * @bar_len: its length
 * @quirks: CNV_QUIRK_* flags from cnv_quirks_for_pci()
 *
 * Return: the controller, or an ERR_PTR.
 */
struct cnv_ctrl *cnv_ctrl_create(struct pci_dev *pdev, void __iomem *bar, size_t bar_len,
				 u32 quirks)
{
	struct cnv_ctrl *ctrl;
	int ret = -ENOMEM;

	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return ERR_PTR(-ENOMEM);
	ctrl->quirks = quirks;
	/* Admin queue, and per CPU at most one I/O queue of each kind. */
	ctrl->wanted_poll_queues = min(poll_queues, num_possible_cpus());
	ctrl->wanted_write_queues = min(write_queues, num_possible_cpus());
	ctrl->queues = kcalloc(cnv_ctrl_queue_slots(ctrl), sizeof(*ctrl->queues), GFP_KERNEL);
	if (!ctrl->queues)
		goto free_ctrl;
	ctrl->cmd_stats = alloc_percpu(struct cnv_cmd_stats);
	if (!ctrl->cmd_stats)
		goto free_queues;
	ctrl->instance = ida_alloc_max(&cnv_ctrl_ida, MINORMASK, GFP_KERNEL);
	if (ctrl->instance < 0) {
		ret = ctrl->instance;
		goto free_stats;
	}
	/* Memory may be written back through this controller while it recovers. */
	ctrl->reset_wq = alloc_ordered_workqueue("cnvme%d-reset", WQ_MEM_RECLAIM, ctrl->instance);
	if (!ctrl->reset_wq) {
		cnv_ctrl_instance_free(ctrl->instance);
		goto free_stats;
	}
	ctrl->pdev = pdev;
	ctrl->dev = &pdev->dev;
	ctrl->bar = bar;
	ctrl->bar_len = bar_len;
	ctrl->state = CNV_CTRL_NEW;
	spin_lock_init(&ctrl->state_lock);
	init_waitqueue_head(&ctrl->state_wq);
	mutex_init(&ctrl->ns_lock);
	mutex_init(&ctrl->scan_lock);
	mutex_init(&ctrl->passthru_lock);
	mutex_init(&ctrl->teardown_lock);
	INIT_LIST_HEAD(&ctrl->namespaces);
	ida_init(&ctrl->ns_ida);
	INIT_WORK(&ctrl->init_work, cnv_ctrl_init_work);
	INIT_WORK(&ctrl->reset_work, cnv_ctrl_reset_work);
	INIT_WORK(&ctrl->scan_work, cnv_ctrl_scan_work);
	INIT_WORK(&ctrl->dead_work, cnv_ctrl_dead_work);
	cnv_aer_init(ctrl);
	INIT_DELAYED_WORK(&ctrl->recovery_timeout_work, cnv_ctrl_recovery_timeout_work);

	/* From here the device's refcount owns the controller. */
	ret = cnv_ctrl_device_init(ctrl, cnv_ctrl_release);
	if (!ret)
		ret = cnv_ctrl_device_add(ctrl);
	if (ret) {
		cnv_ctrl_put(ctrl);
		return ERR_PTR(ret);
	}
	cnv_debugfs_ctrl_add(ctrl);
	cnv_power_init(ctrl);
	return ctrl;

free_stats:
	free_percpu(ctrl->cmd_stats);
free_queues:
	kfree(ctrl->queues);
free_ctrl:
	kfree(ctrl);
	return ERR_PTR(ret);
}

/**
 * cnv_ctrl_start() - begin initialisation in the background
 * @ctrl: new controller
 *
 * Probe returns at once; disks appear when the work completes.
 */
void cnv_ctrl_start(struct cnv_ctrl *ctrl)
{
	queue_work(cnv_wq, &ctrl->init_work);
}

/*
 * Removal while suspended (system sleep, or error recovery): nothing will
 * resume the controller, so its waiting I/O fails now rather than block
 * del_gendisk.
 */
static void cnv_ctrl_resume_for_removal(struct cnv_ctrl *ctrl)
{
	cancel_delayed_work_sync(&ctrl->recovery_timeout_work);
	cnv_ctrl_fail_suspended(ctrl, "removed while suspended");
}

/**
 * cnv_ctrl_remove() - tear down everything initialisation built
 * @ctrl: controller being unbound
 *
 * Works from any state: a device that is gone is failed first so nothing
 * waits on it; a live one gets its queues deleted and a shutdown
 * notification. Open files keep the (dead) controller object until closed.
 */
void cnv_ctrl_remove(struct cnv_ctrl *ctrl)
{
	bool alive;

	if (!pci_device_is_present(ctrl->pdev)) {
		cnv_ctrl_fail(ctrl, "device removed");
		cnv_ctrl_wait_dead(ctrl);
	}
	cnv_ctrl_resume_for_removal(ctrl);
	cnv_ctrl_set_state(ctrl, CNV_CTRL_DELETING);
	cancel_work_sync(&ctrl->init_work);
	flush_work(&ctrl->reset_work);
	cancel_work_sync(&ctrl->scan_work);
	cnv_ctrl_wait_dead(ctrl);

	cnv_ns_remove_all(ctrl);
	cnv_hwmon_remove(ctrl);

	alive = READ_ONCE(ctrl->state) != CNV_CTRL_DEAD;
	if (alive)
		cnv_ctrl_delete_io_queues(ctrl);
	cnv_ctrl_set_state(ctrl, CNV_CTRL_DEAD);
	/*
	 * The controller is stopped before anything it may DMA into is freed.
	 * This also cancels the event request, which it never answered.
	 */
	if (ctrl->admin_q)
		cnv_ctrl_stop_and_cancel(ctrl, alive ? CNV_STOP_SHUTDOWN : CNV_STOP_DISABLE,
					 CNV_STATUS_HOST_ABORTED);
	cnv_ctrl_cut_dma(ctrl);
	/* Not LIVE any more: the event work sends no new request. */
	cancel_work_sync(&ctrl->aer_work);
	cnv_ctrl_free_io_queues(ctrl);
	cnv_ctrl_free_io_set(ctrl);
	cnv_ctrl_free_shadow_doorbells(ctrl);
	cnv_hmb_free(ctrl);
	cnv_cmb_unmap(ctrl);
	cnv_ctrl_free_admin_queue(ctrl);
	cnv_subsys_leave(ctrl);
	cnv_debugfs_ctrl_del(ctrl);
	cnv_power_remove(ctrl);
	cnv_ctrl_device_del(ctrl);
}

/**
 * cnv_ctrl_shutdown() - quiesce the controller for reboot or power-off
 * @ctrl: controller
 *
 * Leaves memory allocated (the system is going down) but makes sure the
 * controller is not left enabled and has flushed its cache.
 */
void cnv_ctrl_shutdown(struct cnv_ctrl *ctrl)
{
	bool alive;

	cnv_ctrl_set_state(ctrl, CNV_CTRL_DELETING);
	cancel_work_sync(&ctrl->init_work);
	flush_work(&ctrl->reset_work);
	cancel_work_sync(&ctrl->scan_work);
	cnv_ctrl_wait_dead(ctrl);
	alive = READ_ONCE(ctrl->state) != CNV_CTRL_DEAD;
	if (ctrl->admin_q)
		cnv_ctrl_stop_and_cancel(ctrl, alive ? CNV_STOP_SHUTDOWN : CNV_STOP_DISABLE,
					 CNV_STATUS_HOST_ABORTED);
	cancel_work_sync(&ctrl->aer_work);
	cnv_ctrl_set_state(ctrl, CNV_CTRL_DEAD);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cnvme's objects and how they fit together:
 *
 *   cnv_ctrl   one PCI NVMe controller (ctrl.c owns its lifecycle, pci.c
 *              binds it to the PCI device, chardev.c is its /dev/nvmeN)
 *   cnv_subsys the NVM subsystem a controller belongs to (subsys.c)
 *   cnv_queue  one submission/completion queue pair and its doorbells and
 *              interrupt (queue.c); queue 0 is the admin queue
 *   cnv_ns     one namespace and its gendisk (ns.c)
 *   user command an NVMe command from user space (usercmd.c checks and
 *              maps it; ioctl.c and uring.c are the two ways it comes)
 *   effects    what an admin passthrough command may change, and the
 *              freeze and rescan around it (effects.c, lib/effects.c)
 *   cnv_request the per-request descriptor that blk-mq allocates with every
 *              request (blk.c maps data into it, queue.c submits it)
 */
#ifndef CNVME_H
#define CNVME_H

#include <linux/blk-mq.h>
#include <linux/cdev.h>
#include <linux/dmapool.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/ratelimit.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "fault.h"
#include "nvme_spec.h"
#include "lib/effects.h"
#include "lib/identify.h"
#include "lib/prp.h"
#include "lib/quirks.h"
#include "lib/ring.h"
#include "lib/zns.h"

#define CNV_ADMIN_DEPTH		32
#define CNV_MAX_IO_DEPTH	1024
/* Largest transfer cnvme issues, whatever MDTS allows. */
#define CNV_MAX_TRANSFER	(4u << 20)
/* Largest Write Zeroes when the controller states no limit (WZSL). */
#define CNV_MAX_ZEROES		(8u << 20)
/* List pages for the largest transfer: one entry per 4 KiB page, plus PRP1's offset. */
#define CNV_MAX_PRP_PAGES	3
/*
 * Times a block request is sent again: after a reset took it back, or
 * after the controller failed it with a status that allows a retry.
 */
#define CNV_MAX_RETRIES		5
/*
 * Bound on each admin command of a (re)initialisation, far below
 * admin_timeout: a healthy controller answers Identify and queue creation
 * in milliseconds, and a reset that meets one still unable to do DMA
 * should try again, not wait a minute.
 */
#define CNV_CONNECT_CMD_TIMEOUT	(5 * HZ)
/* Attempts of one reset (disable, enable, recreate) before the controller is failed. */
#define CNV_RESET_ATTEMPTS	3

/*
 * Controller lifecycle. The allowed transitions are in one table in
 * ctrl.c (cnv_ctrl_set_state); timeout handling, removal and submission
 * all read the state rather than keeping flags of their own.
 */
enum cnv_ctrl_state {
	CNV_CTRL_NEW,		/* probed; initialisation queued */
	CNV_CTRL_CONNECTING,	/* enabling, identifying, creating queues */
	CNV_CTRL_LIVE,		/* serving I/O */
	CNV_CTRL_RESETTING,	/* disabled for a reset; I/O waits, queues quiesced */
	CNV_CTRL_DELETING,	/* being removed; admin commands still allowed */
	CNV_CTRL_DEAD,		/* disabled or gone; every command fails at once */
};

struct cnv_ctrl;

/* Names of the user-visible objects: the in-tree ones, or cnvme's own. */
struct cnv_names {
	const char *ctrl_class;		/* "nvme" */
	const char *subsys_class;	/* "nvme-subsystem" */
	const char *generic_class;	/* "nvme-generic" */
	const char *prefix;		/* "nvme": nvme0, nvme0n1, nvme-subsys0 */
	const char *generic_prefix;	/* "ng": ng0n1 */
};

extern struct cnv_names cnv_names;
extern struct class *cnv_ctrl_class;
extern struct class *cnv_subsys_class;
extern struct class *cnv_generic_class;

#define CNV_NQN_SIZE 224

/*
 * An NVM subsystem: controllers reporting the same SUBNQN share one. Its
 * struct device is refcounted; each member controller holds a reference.
 */
struct cnv_subsys {
	struct device dev;
	struct list_head entry;		/* in the global list, cnv_subsys_lock */
	struct list_head ctrls;		/* members, cnv_subsys_lock */
	int instance;			/* owned: released with the subsystem */
	u16 vid;
	char subnqn[CNV_NQN_SIZE];
	char model[40];			/* as Identify reports them, space padded */
	char serial[20];
	char firmware_rev[8];
};

/* Doorbell updates for debugfs: by MMIO, or to the shadow doorbell only. */
struct cnv_doorbell_stats {
	u64 mmio;
	u64 shadow_only;
};

/*
 * Per CPU, for debugfs: block requests sent with SGLs (one descriptor, or a
 * list), Dataset Management commands with their ranges, Write Zeroes
 * commands with deallocate and without, Zone Appends and zone operations.
 * Counted off the small-I/O path only.
 */
struct cnv_cmd_stats {
	u64 sgl_single;
	u64 sgl_list;
	u64 dsm;
	u64 dsm_ranges;
	u64 write_zeroes;
	u64 write_zeroes_deallocate;
	u64 zone_append;
	u64 zone_mgmt_send;
};

struct cnv_queue {
	struct cnv_ctrl *ctrl;
	struct cnv_sqe *sq;
	struct cnv_cqe *cq;
	dma_addr_t sq_dma;
	dma_addr_t cq_dma;
	u32 __iomem *sq_doorbell;
	u32 __iomem *cq_doorbell;
	/* Set by init_hctx; completions before it have no request to find. */
	struct blk_mq_tags *tags;
	u16 qid;
	u16 depth;
	u16 vector;		/* index into the PCI IRQ vectors */
	bool irq_requested;
	bool polled;		/* no interrupt: completions found by cnv_queue_poll() */
	bool created;		/* known to the controller (I/O queues) */
	u8 sqe_shift;		/* log2 of an SQ entry's bytes: 6, or 7 (128_bytes_sqes) */
	u8 cid_gen_mask;	/* CID generation bits; 0 with skip_cid_gen */

	/*
	 * Submission side. sq_lock serialises the CPUs that blk-mq maps to this
	 * hardware queue; it is never taken for another queue, so it is not
	 * shared with CPUs that submit elsewhere.
	 */
	spinlock_t sq_lock ____cacheline_aligned_in_smp;
	u16 sq_tail;		/* protected by sq_lock */
	u16 sq_doorbell_tail;	/* last tail written to the doorbell; sq_lock */
	/*
	 * sq lies in the Controller Memory Buffer (cmb.c): write-combined, so
	 * the doorbell write needs a barrier after the entries; not freed.
	 */
	bool sq_in_cmb;
	/*
	 * Shadow doorbell and event index of the SQ tail, or NULL: set while
	 * no I/O flows (queue setup, reset), read under sq_lock.
	 */
	__le32 *sq_shadow;
	const __le32 *sq_eventidx;
	struct cnv_doorbell_stats sq_doorbells;	/* sq_lock */

	/*
	 * Completion side: touched only by this queue's interrupt handler, or
	 * by a caller that disabled that interrupt and holds cq_poll_lock
	 * (timeout and teardown polling). A polled queue has no interrupt: its
	 * pollers (the CPUs blk-mq maps to it) all take cq_poll_lock.
	 */
	struct cnv_cq_cursor cq_cursor ____cacheline_aligned_in_smp;
	spinlock_t cq_poll_lock;	/* see above */
	__le32 *cq_shadow;		/* as sq_shadow, for the CQ head */
	const __le32 *cq_eventidx;	/* NULL on a pin interrupt: always MMIO */
	struct cnv_doorbell_stats cq_doorbells;
};

/*
 * Host Memory Buffer (hmb.c): nr pieces, their descriptors (one page,
 * DMA-coherent) and the allocations behind them. Set up by the first
 * identify that asks, freed at removal; identify is serialised, so no lock.
 */
struct cnv_hmb {
	struct cnv_hmb_desc *descs;
	dma_addr_t descs_dma;
	void **pieces;
	u32 nr;
	u64 bytes;
	bool returned;		/* enabled before: re-enable with Memory Return */
};

struct cnv_ctrl {
	/*
	 * The class device nvmeN. Its refcount is the controller's: open
	 * files, namespaces and the subsystem link hold it, and its release
	 * frees the controller.
	 */
	struct device device;
	struct cdev cdev;
	struct pci_dev *pdev;
	struct device *dev;	/* the PCI device, for DMA and logging */
	void __iomem *bar;
	int instance;		/* N in nvmeN */
	/*
	 * CNV_QUIRK_* (quirks.c): set at probe, widened once at the first
	 * Identify, before anything reads them; fixed afterwards, except
	 * CNV_QUIRK_BOGUS_NID, which a scan may add (under scan_lock).
	 */
	u32 quirks;
	struct cnv_subsys *subsys;	/* set by the first identify */
	struct device *hwmon;		/* temperature sensors, or NULL */
	struct list_head subsys_entry;	/* in subsys->ctrls, cnv_subsys_lock */

	spinlock_t state_lock;		/* protects state changes */
	enum cnv_ctrl_state state;	/* written under state_lock, read with READ_ONCE */
	wait_queue_head_t state_wq;	/* woken at every state change */
	/*
	 * Bumped (under state_lock) each time the controller leaves LIVE. A
	 * scan trusts an answer only if it is unchanged across the command:
	 * a reset may have cancelled it, and the scan the reset queues decides.
	 */
	u32 live_epoch;

	struct work_struct init_work;
	/*
	 * Recovery runs on reset_wq, the controller's own ordered workqueue:
	 * a reset and a failure never overlap, and neither waits behind a
	 * scan, whose I/O may itself be waiting for the reset to finish. A
	 * reset never scans inline; it queues scan_work on cnv_wq.
	 */
	struct workqueue_struct *reset_wq;
	struct work_struct reset_work;
	struct work_struct scan_work;
	struct mutex scan_lock;		/* one namespace scan at a time */
	/*
	 * Every path that gives up on the controller queues dead_work, so
	 * failing it runs once and in one place; waiters flush it.
	 */
	struct work_struct dead_work;
	const char *dead_reason;
	/* Held while stopping the controller and cancelling what it held. */
	struct mutex teardown_lock;
	bool suspended;		/* by cnv_ctrl_suspend(); PM and error callbacks */
	struct delayed_work recovery_timeout_work;
	size_t bar_len;

	/* Abort commands outstanding, at most abort_limit (Identify ACL + 1). */
	atomic_t aborts_in_flight;
	u32 abort_limit;
	struct cnv_faults faults;
	struct dentry *debugfs;

	/* Fixed once the admin queue is enabled. */
	struct cnv_cap cap;
	u32 vs;			/* Version register */
	/* I/O queue size, entry size, priority and CIDs, from CAP and the quirks. */
	struct cnv_io_queue_shape io_shape;
	u32 page_shift;		/* controller memory page size, CC.MPS */
	u32 max_transfer;	/* bytes, from MDTS and CNV_MAX_TRANSFER */
	u32 shutdown_timeout_ms;
	/*
	 * A volatile write cache is present and enabled (Identify VWC, then
	 * the Volatile Write Cache feature): the disks then take flushes and
	 * FUA. Rewritten by identify and after a user's Set Features 06h.
	 */
	bool volatile_cache;
	bool write_cache_present;	/* Identify VWC */
	u16 awupf;			/* Identify AWUPF: atomic writes without NAWUPF */
	u32 oaes;			/* Identify OAES */
	u8 cmic;			/* Identify CMIC */
	/*
	 * Power states (power.c), from each identify. ps_max_latency_us is
	 * the PM QoS latency tolerance, written by its sysfs callback.
	 */
	u8 npss;			/* index of the last power state */
	bool apsta;			/* the controller offers APST */
	bool apst_enabled;		/* ... and the quirks let cnvme use it */
	u64 ps_max_latency_us;
	struct cnv_power_state psd[32];
	/* The power state to return to on resume; CNV_PS_NONE after a shutdown. */
	u32 suspend_ps;
	u8 lpa;				/* Identify LPA */
	u8 fna;				/* Identify FNA */
	/*
	 * The Commands Supported and Effects log, or NULL without one:
	 * replaced whole (RCU) when a reset or a capability change reads it
	 * again, so a passthrough command's plan never sees half of each.
	 */
	struct cnv_effects __rcu *effects;
	/*
	 * One admin passthrough command with effects at a time (effects.c),
	 * held from before the freeze until after the rescan. Recovery and
	 * removal never take it. Lock order: passthru_lock, scan_lock, a
	 * namespace queue's freeze, ns_lock.
	 */
	struct mutex passthru_lock;
	/* memalloc_noio_save() while namespaces are held frozen. passthru_lock */
	unsigned int passthru_noio_flags;
	/*
	 * Asynchronous events (aer.c): the last completion's DW0, handed from
	 * its end_io to aer_work, which also counts the events for debugfs.
	 */
	u32 aer_result;
	u64 aer_events;
	struct work_struct aer_work;
	/*
	 * Block reads and writes whose segments average at least this many
	 * bytes use SGLs (lib/sgl.h); U32_MAX when the controller has no SGLs
	 * for I/O commands or sgl_threshold is 0.
	 */
	u32 sgl_min_avg_segment;
	struct cnv_cmd_stats __percpu *cmd_stats;
	/*
	 * Largest Zone Append in bytes (ZASL), or 0 when the controller has no
	 * zoned command set; read at every identify.
	 */
	u32 zone_append_bytes;
	/* Discard and write zeroes, from Identify; fixed once the controller is live. */
	struct cnv_dealloc_limits dealloc;
	/*
	 * DSM range buffer for when GFP_ATOMIC fails, one request at a time:
	 * bit 0 of discard_page_busy owns it.
	 */
	struct page *discard_page;
	unsigned long discard_page_busy;
	u32 nn;
	u16 vid;
	u16 cntlid;
	u8 cntrltype;
	u8 dctype;
	char model[41];		/* trimmed, for logs */
	char serial[21];
	char firmware[9];

	/*
	 * Queues: [0] is admin, [1..nr_io_queues] I/O: first nr_irq_queues
	 * with interrupts (of which the last nr_read_queues serve reads
	 * alone, blk-mq's read map), then the polled ones
	 * (cnv_ctrl_poll_queues()).
	 */
	struct cnv_queue *queues;
	u32 nr_io_queues;
	u32 nr_irq_queues;
	u32 nr_read_queues;
	/*
	 * The vectors' affinity matches the queues (one vector per queue, in
	 * the sets the maps have): blk-mq may then map CPUs by vector.
	 */
	bool vectors_match_queues;
	u32 wanted_poll_queues;		/* poll_queues when probed, at most one per CPU */
	u32 wanted_write_queues;	/* write_queues when probed, at most one per CPU */
	/*
	 * Controller Memory Buffer holding the I/O SQs (cmb.c), or NULL:
	 * mapped at the first bring-up that finds one, kept until removal.
	 */
	void *cmb;
	u64 cmb_bus;
	u64 cmb_size;
	struct cnv_hmb hmb;
	/*
	 * Shadow doorbell and event index buffers (Doorbell Buffer Config), one
	 * __le32 per doorbell laid out like the registers; allocated at the
	 * first queue setup when the controller offers them, kept until
	 * removal, handed to the controller again after every reset.
	 */
	bool dbbuf_supported;
	__le32 *dbbuf_shadow;
	__le32 *dbbuf_eventidx;
	dma_addr_t dbbuf_shadow_dma;
	dma_addr_t dbbuf_eventidx_dma;
	u32 nr_vectors;
	bool io_vectors_per_queue;	/* MSI-X with one vector per I/O queue */
	u32 io_depth;

	struct blk_mq_tag_set admin_set;
	struct request_queue *admin_q;	/* referenced until the controller is freed */
	bool admin_destroyed;
	/*
	 * Rings the controller may still DMA into: set when one of its queues
	 * is created, cleared once CC.EN is seen clear (or bus mastering is
	 * off). Queue rings are freed only while the controller does not know
	 * them or this is clear. Under teardown_lock.
	 */
	bool dma_live;
	struct blk_mq_tag_set io_set;
	bool io_set_ready;
	struct dma_pool *prp_pool;

	/*
	 * The namespace list: changed by scans under scan_lock and ns_lock,
	 * read under either. A namespace is listed for its disk's whole
	 * life, from before device_add_disk() until after del_gendisk(), so
	 * recovery's quiesce and unquiesce reach every queue that can hold I/O.
	 */
	struct mutex ns_lock;
	struct list_head namespaces;
	struct ida ns_ida;
	/*
	 * Dispatch stopped by recovery (reset, suspend, failure), under
	 * ns_lock: each queue is quiesced exactly once and unquiesced exactly
	 * once, however the paths that stop and restart it overlap.
	 */
	bool admin_quiesced;
	bool io_quiesced;
};

/*
 * A namespace. Lives as long as its gendisk (freed by free_disk), so an
 * open block device never sees it freed; holds a controller reference.
 */
struct cnv_ns {
	struct list_head entry;		/* in ctrl->namespaces, ns_lock */
	struct cnv_ctrl *ctrl;
	struct gendisk *disk;
	u32 nsid;
	int instance;			/* M in nvmeNnM */
	/* Updated by rescans under ctrl->scan_lock; sysfs reads may race. */
	u32 lba_shift;
	u16 metadata_bytes;
	bool metadata_extended;		/* see struct cnv_ns_format */
	bool zeroes_deallocate;		/* Write Zeroes may deallocate (DLFEAT) */
	/*
	 * Protection information the controller inserts and strips: PRINFO
	 * bits for CDW12 of every read, write and write zeroes, and whether
	 * CDW14 carries the reference tag (types 1 and 2). 0 / false without.
	 */
	u32 pi_cdw12;
	bool pi_ref_tag;
	u8 pi_type;
	u64 capacity_blocks;
	/*
	 * The format keeps block I/O out (metadata, a block larger than a
	 * page): the disk has no capacity, passthrough commands still work.
	 */
	bool passthrough_only;
	/* Zone geometry; zone_blocks is 0 unless the namespace is zoned (zns.c). */
	struct cnv_zoned_info zoned;
	/* Sizes and boundaries; the atomic guarantee is checked at submission. */
	struct cnv_ns_topology topo;
	u64 nuse;
	struct ratelimit_state nuse_refresh;	/* sysfs re-reads NUSE this often */
	/* Fixed for the namespace's life: new identifiers make a new disk (ns.c). */
	struct cnv_ns_ids ids;
	struct list_head ids_entry;	/* among identified namespaces, subsys.c */
	struct cnv_disk_limits limits;	/* as last applied to the disk */
	/* The generic char device ngNnM; it holds a reference to the disk. */
	struct device generic_device;
	struct cdev generic_cdev;
	bool generic_added;
	/* The disk was added and not yet deleted: lookups by NSID may pin it. ns_lock */
	bool disk_live;
	/*
	 * Frozen for an admin passthrough command (effects.c), once; the
	 * scan after the command releases it as soon as the namespace has
	 * its new format, and deletion before del_gendisk(). Set and cleared
	 * under scan_lock and ns_lock.
	 */
	bool cmd_frozen;
};

/* deallocate_zeroes: Write Zeroes is sent as Dataset Management, deallocating. */
static inline bool cnv_ns_zeroes_by_deallocate(const struct cnv_ctrl *ctrl)
{
	return (ctrl->quirks & CNV_QUIRK_DEALLOCATE_ZEROES) && ctrl->dealloc.discard;
}

/* How a request's data is mapped for the controller. */
enum cnv_mapping {
	CNV_MAPPED_NONE,	/* no data, or not mapped yet */
	CNV_MAPPED_SINGLE,	/* one segment, no scatterlist (cnv_map_single()) */
	CNV_MAPPED_SG,		/* a scatterlist, PRP or SGL list pages */
};

/*
 * Per-request descriptor, allocated by blk-mq with the request: a
 * controller has thousands, so every byte counts (blk-mq rounds request
 * plus descriptor up to a cache line; 152 bytes keep 6.1's in a 448-byte
 * slot, as the in-tree driver's, and 6.12's in 448 against its 512). The
 * scatterlist comes from the sg pool when a request needs one, as the
 * in-tree driver's does; the one-segment fast path needs none.
 */
struct cnv_request {
	struct cnv_sqe cmd;
	u16 status;		/* 15-bit status field, see lib/status.h */
	u8 generation;		/* upper CID bits, bumped per submission */
	u8 retries;		/* times sent again, since the request was prepared */
	bool aborted;		/* an Abort was sent for this submission */
	bool fault_lost;	/* fault injection: its completion is ignored */
	u8 mapping;		/* enum cnv_mapping: how the data was mapped */
	u8 nr_prp_pages;	/* CNV_MAPPED_SG: list pages in prp_pages */
	u64 result;		/* CQE DW0 and DW1 */
	union {
		/* CNV_MAPPED_SINGLE: the one mapping. */
		struct {
			dma_addr_t single_dma;
			u32 single_len;
		};
		/* CNV_MAPPED_SG: the scatterlist and the list pages. */
		struct {
			struct sg_table sgt;
			u16 sg_count;	/* entries blk_rq_map_sg filled */
			struct cnv_prp_page prp_pages[CNV_MAX_PRP_PAGES];
		};
	};
};

/* The size the comment above counts on; growing it costs a slot size on 6.1. */
static_assert(sizeof(struct cnv_request) <= 152, "request descriptor grew");

/**
 * cnv_ctrl_accepts() - whether a command may be sent now
 * @ctrl: controller
 * @admin: the command is for the admin queue
 *
 * Admin commands flow while connecting and deleting (to set up and tear
 * down queues); I/O flows while live and deleting (del_gendisk writes back)
 * and waits while the controller is reset. Hot path: one read of the state.
 *
 * Return: BLK_STS_OK, BLK_STS_RESOURCE to try again later, or BLK_STS_IOERR.
 */
static inline blk_status_t cnv_ctrl_accepts(struct cnv_ctrl *ctrl, bool admin)
{
	switch (READ_ONCE(ctrl->state)) {
	case CNV_CTRL_LIVE:
	case CNV_CTRL_DELETING:
		return BLK_STS_OK;
	case CNV_CTRL_CONNECTING:
		return admin ? BLK_STS_OK : BLK_STS_RESOURCE;
	case CNV_CTRL_RESETTING:
		return BLK_STS_RESOURCE;
	default:
		return BLK_STS_IOERR;
	}
}

static inline u32 cnv_ctrl_poll_queues(const struct cnv_ctrl *ctrl)
{
	return ctrl->nr_io_queues - ctrl->nr_irq_queues;
}

static inline struct cnv_request *cnv_req(struct request *rq)
{
	return blk_mq_rq_to_pdu(rq);
}

static inline u32 cnv_ctrl_page_size(const struct cnv_ctrl *ctrl)
{
	return 1u << ctrl->page_shift;
}

/* ctrl.c */
struct cnv_ctrl *cnv_ctrl_create(struct pci_dev *pdev, void __iomem *bar, size_t bar_len,
				 u32 quirks);
void cnv_ctrl_put(struct cnv_ctrl *ctrl);
void cnv_ctrl_instance_free(int instance);
const char *cnv_ctrl_state_name(struct cnv_ctrl *ctrl);
void cnv_ctrl_queue_scan(struct cnv_ctrl *ctrl);
void cnv_ctrl_refresh_write_cache(struct cnv_ctrl *ctrl);
void cnv_ctrl_start(struct cnv_ctrl *ctrl);
void cnv_ctrl_remove(struct cnv_ctrl *ctrl);
void cnv_ctrl_shutdown(struct cnv_ctrl *ctrl);
void cnv_ctrl_fail(struct cnv_ctrl *ctrl, const char *why);
void cnv_ctrl_fail_now(struct cnv_ctrl *ctrl, const char *why);
int cnv_ctrl_reset(struct cnv_ctrl *ctrl);
int cnv_ctrl_subsystem_reset(struct cnv_ctrl *ctrl);
void cnv_ctrl_abort_connect(struct cnv_ctrl *ctrl);
void cnv_ctrl_wait_dead(struct cnv_ctrl *ctrl);
bool cnv_ctrl_schedule_reset(struct cnv_ctrl *ctrl);
void cnv_ctrl_suspend(struct cnv_ctrl *ctrl, bool shutdown);
int cnv_ctrl_resume(struct cnv_ctrl *ctrl);
void cnv_ctrl_expect_resume(struct cnv_ctrl *ctrl);
int cnv_ctrl_check_health(struct cnv_ctrl *ctrl);

/* queue.c */
int cnv_queue_alloc(struct cnv_ctrl *ctrl, u16 qid, u16 depth, u16 vector, bool polled);
void cnv_queue_free(struct cnv_queue *q);
void cnv_queue_reset_rings(struct cnv_queue *q);
int cnv_queue_request_irq(struct cnv_queue *q);
void cnv_queue_free_irq(struct cnv_queue *q);
void cnv_queue_submit(struct cnv_queue *q, const struct cnv_sqe *cmd, bool ring);
void cnv_queue_ring_doorbell(struct cnv_queue *q);
bool cnv_queue_poll_for(struct cnv_queue *q, struct request *rq);
int cnv_queue_poll(struct cnv_queue *q, struct io_comp_batch *iob);
void cnv_queue_submit_list(struct cnv_queue *q, struct request *first);
void cnv_queue_set_shadow(struct cnv_queue *q, __le32 *shadow, __le32 *eventidx);
void cnv_queue_reap(struct cnv_queue *q);

/* admin.c */
int cnv_exec_sync(struct request_queue *q, struct cnv_sqe *cmd, void *buf,
		  unsigned int len, u32 *result);
/* Returns as cnv_exec_sync(). */
static inline int cnv_admin_exec(struct cnv_ctrl *ctrl, struct cnv_sqe *cmd, void *buf,
				 unsigned int len, u32 *result)
{
	return cnv_exec_sync(ctrl->admin_q, cmd, buf, len, result);
}

int cnv_admin_identify_csi(struct cnv_ctrl *ctrl, u8 cns, u8 csi, u32 nsid, void *buf);
static inline int cnv_admin_identify(struct cnv_ctrl *ctrl, u8 cns, u32 nsid, void *buf)
{
	return cnv_admin_identify_csi(ctrl, cns, CNV_CSI_NVM, nsid, buf);
}

int cnv_admin_set_num_queues(struct cnv_ctrl *ctrl, u32 wanted, u32 *granted);
int cnv_admin_create_cq(struct cnv_ctrl *ctrl, struct cnv_queue *q);
int cnv_admin_create_sq(struct cnv_ctrl *ctrl, struct cnv_queue *q);
int cnv_admin_delete_queue(struct cnv_ctrl *ctrl, u8 opcode, u16 qid);
int cnv_admin_abort(struct cnv_ctrl *ctrl, u16 sqid, u16 cid, u8 opcode);
int cnv_admin_get_log(struct cnv_ctrl *ctrl, u8 lid, void *buf, u32 len);
int cnv_admin_get_feature(struct cnv_ctrl *ctrl, u8 fid, u32 *value);
int cnv_admin_set_feature(struct cnv_ctrl *ctrl, u8 fid, u32 value, u32 *result);
int cnv_admin_set_feature_data(struct cnv_ctrl *ctrl, u8 fid, u32 value, void *buf,
			       unsigned int len);
int cnv_admin_dbbuf_config(struct cnv_ctrl *ctrl, dma_addr_t shadow, dma_addr_t eventidx);

/* blk.c */
extern const struct blk_mq_ops cnv_admin_mq_ops;
extern const struct blk_mq_ops cnv_io_mq_ops;
void cnv_complete(struct request *rq, struct io_comp_batch *iob);
void cnv_cancel_all(struct blk_mq_tag_set *set, u16 status);

/* ns.c */
bool cnv_ns_scan(struct cnv_ctrl *ctrl);
bool cnv_ns_scan_locked(struct cnv_ctrl *ctrl);
int cnv_ns_freeze_for_command(struct cnv_ctrl *ctrl, u32 nsid, unsigned long timeout);
void cnv_ns_thaw_all(struct cnv_ctrl *ctrl);
void cnv_ns_remove_all(struct cnv_ctrl *ctrl);
struct cnv_ns *cnv_ns_get_by_nsid(struct cnv_ctrl *ctrl, u32 nsid);
void cnv_ns_put(struct cnv_ns *ns);
void cnv_ns_quiesce_all(struct cnv_ctrl *ctrl, bool quiesce);
void cnv_ctrl_quiesce_admin(struct cnv_ctrl *ctrl, bool quiesce);

/* quirks.c */
u32 cnv_quirks_for_pci(struct pci_dev *pdev);
void cnv_quirks_identified(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id);
void cnv_quirks_report(struct cnv_ctrl *ctrl);
void cnv_quirks_shape_queues(struct cnv_ctrl *ctrl);
u32 cnv_io_queue_depth(void);

/* effects.c */
/*
 * What the controller said of its commands' effects, replaced as a whole
 * (RCU) when read again. The two tables cache the unprivileged I/O rules
 * (lib/permissions.c) for each opcode, so that the passthrough hot path
 * tests a bit rather than evaluating them: the log, when the controller
 * has one, is read before them, and without one only the header is
 * allocated.
 */
struct cnv_effects {
	struct rcu_head rcu;
	bool has_log;
	DECLARE_BITMAP(io_unprivileged_read, 256);	/* file open read-only */
	DECLARE_BITMAP(io_unprivileged_write, 256);	/* file open for writing */
	struct cnv_effects_log log;			/* only if has_log */
};

void cnv_effects_read(struct cnv_ctrl *ctrl);
void cnv_effects_free(struct cnv_ctrl *ctrl);
bool cnv_io_unprivileged(struct cnv_ctrl *ctrl, u8 opcode, bool open_for_write);
int cnv_passthru_begin(struct cnv_ctrl *ctrl, u8 opcode, u32 nsid, u32 cdw10,
		       struct cnv_passthru_plan *plan);
void cnv_passthru_end(struct cnv_ctrl *ctrl, const struct cnv_passthru_plan *plan);
void cnv_passthru_plan_for(struct cnv_ctrl *ctrl, u8 opcode, u32 nsid, u32 cdw10,
			   struct cnv_passthru_plan *plan);

/* cmb.c */
void cnv_cmb_setup(struct cnv_ctrl *ctrl);
struct cnv_sqe *cnv_cmb_sq(struct cnv_ctrl *ctrl, u16 qid, size_t bytes, dma_addr_t *bus);
void cnv_cmb_unmap(struct cnv_ctrl *ctrl);

/* hmb.c */
void cnv_hmb_setup(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id);
int cnv_hmb_suspend(struct cnv_ctrl *ctrl);
int cnv_hmb_resume(struct cnv_ctrl *ctrl);
void cnv_hmb_free(struct cnv_ctrl *ctrl);

/* zns.c */
void cnv_zns_identify_ctrl(struct cnv_ctrl *ctrl, void *buf);
enum cnv_ns_verdict cnv_zns_identify_ns(struct cnv_ctrl *ctrl, u32 nsid,
					const struct cnv_ns_format *fmt, void *buf,
					struct cnv_zoned_info *out);
int cnv_zns_report_zones(struct gendisk *disk, sector_t sector, unsigned int nr_zones,
			 report_zones_cb cb, void *data);
blk_status_t cnv_zns_setup_send(struct cnv_ns *ns, struct request *rq, struct cnv_sqe *cmd);

/* power.c */
void cnv_power_init(struct cnv_ctrl *ctrl);
void cnv_power_identify(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id);
int cnv_power_configure_apst(struct cnv_ctrl *ctrl);
int cnv_power_suspend(struct cnv_ctrl *ctrl);
void cnv_power_resume(struct cnv_ctrl *ctrl);
void cnv_power_remove(struct cnv_ctrl *ctrl);

/* subsys.c */
int cnv_subsys_join(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id);
void cnv_subsys_leave(struct cnv_ctrl *ctrl);
bool cnv_subsys_owns_instance(struct cnv_ctrl *ctrl);
bool cnv_subsys_claim_ids(struct cnv_ns *ns, bool shared);
void cnv_subsys_release_ids(struct cnv_ns *ns);

/* aer.c */
void cnv_aer_init(struct cnv_ctrl *ctrl);
void cnv_aer_start(struct cnv_ctrl *ctrl);

/* hwmon.c */
void cnv_hwmon_add(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id);
void cnv_hwmon_remove(struct cnv_ctrl *ctrl);

/* chardev.c */
int cnv_chardev_init(void);
void cnv_chardev_exit(void);
int cnv_ctrl_device_init(struct cnv_ctrl *ctrl, void (*release)(struct device *dev));
int cnv_ctrl_device_add(struct cnv_ctrl *ctrl);
void cnv_ctrl_device_del(struct cnv_ctrl *ctrl);
int cnv_ns_generic_add(struct cnv_ns *ns);
void cnv_ns_generic_del(struct cnv_ns *ns);

/* usercmd.c, ioctl.c, uring.c */
/* How a user reached a passthrough command: for the permission rules. */
struct cnv_user_access {
	bool write;		/* the file (or block device) was opened for writing */
	bool partition;		/* through a partition's block device */
};

long cnv_ctrl_ioctl(struct cnv_ctrl *ctrl, unsigned int cmd, void __user *argp,
		    const struct cnv_user_access *access);
int cnv_ns_ioctl(struct cnv_ns *ns, unsigned int cmd, void __user *argp,
		 const struct cnv_user_access *access);
struct io_uring_cmd;
int cnv_uring_cmd(struct cnv_ctrl *ctrl, struct cnv_ns *ns, struct io_uring_cmd *ioucmd,
		  unsigned int issue_flags);
struct io_comp_batch;
int cnv_uring_iopoll(struct cnv_ns *ns, struct io_uring_cmd *ioucmd, struct io_comp_batch *iob);

/* sysfs.c */
extern const struct attribute_group *cnv_ctrl_attr_groups[];
extern const struct attribute_group *cnv_subsys_attr_groups[];
extern const struct attribute_group *cnv_ns_attr_groups[];

/* debugfs.c */
void cnv_debugfs_init(void);
void cnv_debugfs_exit(void);
void cnv_debugfs_ctrl_add(struct cnv_ctrl *ctrl);
void cnv_debugfs_ctrl_del(struct cnv_ctrl *ctrl);

/* pci.c */
extern struct workqueue_struct *cnv_wq;

#endif

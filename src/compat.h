/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows which kernel cnvme is built for: Debian 12's
 * 6.1 and bookworm-backports' 6.12 differ in how queue limits are set
 * (per call before 6.9, atomically at allocation and update since), in how
 * a bare request queue and a device class are created, in the block
 * device open mode type, and in some status names.
 */
#ifndef CNVME_COMPAT_H
#define CNVME_COMPAT_H

#include <linux/version.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/device.h>

/* Queue limits cnvme derives from the controller and namespace. */
struct cnv_disk_limits {
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	unsigned int io_min;
	unsigned int io_opt;
	unsigned int chunk_sectors;		/* zone size, or an I/O boundary */
	/* Writes the device keeps whole across power loss; 0: none offered. */
	unsigned int atomic_bytes;
	unsigned int atomic_boundary_bytes;
	unsigned int max_hw_sectors;
	unsigned short max_segments;
	unsigned long virt_boundary_mask;
	bool write_cache;
	bool fua;
	unsigned int max_discard_sectors;	/* 0: no discard */
	unsigned short max_discard_segments;
	unsigned int max_write_zeroes_sectors;	/* 0: no write zeroes */
	/* Host-managed zoned: zone size (0: not zoned), limits of 0 meaning none. */
	unsigned int zone_sectors;
	unsigned int max_open_zones;
	unsigned int max_active_zones;
	unsigned int max_zone_append_sectors;
	/* Buffers whose address or length is off this mask get bounced; 0: the default. */
	unsigned int dma_alignment;
};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)

static inline void cnv_fill_limits(struct queue_limits *lim,
				   const struct cnv_disk_limits *l)
{
	if (l->logical_block_size) {
		lim->logical_block_size = l->logical_block_size;
		lim->physical_block_size = l->physical_block_size;
		lim->io_min = l->io_min;
		lim->io_opt = l->io_opt;
	}
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
	lim->atomic_write_hw_max = l->atomic_bytes;
	lim->atomic_write_hw_boundary = l->atomic_boundary_bytes;
	lim->atomic_write_hw_unit_min = l->atomic_bytes ? l->logical_block_size : 0;
	lim->atomic_write_hw_unit_max = l->atomic_bytes ? rounddown_pow_of_two(l->atomic_bytes) : 0;
#endif
	lim->max_hw_sectors = l->max_hw_sectors;
	lim->max_segments = l->max_segments;
	lim->virt_boundary_mask = l->virt_boundary_mask;
	lim->max_hw_discard_sectors = l->max_discard_sectors;
	lim->max_discard_segments = l->max_discard_segments;
	lim->discard_granularity = l->max_discard_sectors ? l->logical_block_size : 0;
	lim->max_write_zeroes_sectors = l->max_write_zeroes_sectors;
	lim->features &= ~(BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA | BLK_FEAT_ZONED);
	if (l->write_cache)
		lim->features |= BLK_FEAT_WRITE_CACHE;
	if (l->fua)
		lim->features |= BLK_FEAT_FUA;
	if (l->zone_sectors)
		lim->features |= BLK_FEAT_ZONED;
	lim->chunk_sectors = l->chunk_sectors;
	lim->max_open_zones = l->max_open_zones;
	lim->max_active_zones = l->max_active_zones;
	lim->max_zone_append_sectors = l->max_zone_append_sectors;
	if (l->dma_alignment)
		lim->dma_alignment = l->dma_alignment;
}

static inline struct gendisk *cnv_alloc_disk(struct blk_mq_tag_set *set,
					     const struct cnv_disk_limits *l,
					     void *queuedata)
{
	struct queue_limits lim = { };

	cnv_fill_limits(&lim, l);
	return blk_mq_alloc_disk(set, &lim, queuedata);
}

static inline struct request_queue *cnv_alloc_queue(struct blk_mq_tag_set *set,
						    const struct cnv_disk_limits *l)
{
	struct queue_limits lim = { };

	cnv_fill_limits(&lim, l);
	return blk_mq_alloc_queue(set, &lim, NULL);
}

/* Caller has frozen the queue. */
static inline int cnv_update_limits(struct request_queue *q,
				    const struct cnv_disk_limits *l)
{
	struct queue_limits lim = queue_limits_start_update(q);

	cnv_fill_limits(&lim, l);
	return queue_limits_commit_update(q, &lim);
}

#else

static inline int cnv_update_limits(struct request_queue *q,
				    const struct cnv_disk_limits *l)
{
	if (l->logical_block_size) {
		blk_queue_logical_block_size(q, l->logical_block_size);
		blk_queue_physical_block_size(q, l->physical_block_size);
		blk_queue_io_min(q, l->io_min);
		blk_queue_io_opt(q, l->io_opt);
	}
	blk_queue_chunk_sectors(q, l->chunk_sectors);
	blk_queue_max_hw_sectors(q, l->max_hw_sectors);
	blk_queue_max_segments(q, l->max_segments);
	blk_queue_virt_boundary(q, l->virt_boundary_mask);
	blk_queue_write_cache(q, l->write_cache, l->fua);
	blk_queue_max_discard_sectors(q, l->max_discard_sectors);
	blk_queue_max_discard_segments(q, max_t(unsigned short, l->max_discard_segments, 1));
	q->limits.discard_granularity = l->max_discard_sectors ? l->logical_block_size : 0;
	blk_queue_max_write_zeroes_sectors(q, l->max_write_zeroes_sectors);
	if (l->dma_alignment)
		blk_queue_dma_alignment(q, l->dma_alignment);
	/*
	 * A disk is created zoned or not and never changes (ns.c adds it
	 * anew). Zoned writes must reach the device in order: mq-deadline's
	 * zone write locking does that here (6.10 moved it into the block layer).
	 */
#ifdef CONFIG_BLK_DEV_ZONED
	if (l->zone_sectors) {
		disk_set_zoned(q->disk, BLK_ZONED_HM);
		blk_queue_flag_set(QUEUE_FLAG_ZONE_RESETALL, q);
		blk_queue_required_elevator_features(q, ELEVATOR_F_ZBD_SEQ_WRITE);
		blk_queue_max_zone_append_sectors(q, l->max_zone_append_sectors);
		disk_set_max_open_zones(q->disk, l->max_open_zones);
		disk_set_max_active_zones(q->disk, l->max_active_zones);
	}
#endif
	return 0;
}

static inline struct gendisk *cnv_alloc_disk(struct blk_mq_tag_set *set,
					     const struct cnv_disk_limits *l,
					     void *queuedata)
{
	struct gendisk *disk = blk_mq_alloc_disk(set, queuedata);

	if (IS_ERR(disk))
		return disk;
	cnv_update_limits(disk->queue, l);
	/* Since 6.9 a queue is non-rotational unless a driver says otherwise. */
	blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);
	blk_queue_flag_clear(QUEUE_FLAG_ADD_RANDOM, disk->queue);
	return disk;
}

static inline struct request_queue *cnv_alloc_queue(struct blk_mq_tag_set *set,
						    const struct cnv_disk_limits *l)
{
	struct request_queue *q = blk_mq_init_queue(set);

	if (!IS_ERR(q))
		cnv_update_limits(q, l);
	return q;
}

#endif

/*
 * Reads every zone of a zoned disk through its report_zones; called once
 * its limits are set, before it is added and after any change. Kernels
 * without zoned block devices get no zoned disks (zns.c refuses them).
 */
static inline int cnv_revalidate_zones(struct gendisk *disk)
{
#if !IS_ENABLED(CONFIG_BLK_DEV_ZONED)
	return -EOPNOTSUPP;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	return blk_revalidate_disk_zones(disk);
#else
	return blk_revalidate_disk_zones(disk, NULL);
#endif
}

/* A write the submitter asked to reach the media whole (RWF_ATOMIC, 6.11 on). */
static inline bool cnv_rq_atomic(const struct request *rq)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
	return rq->cmd_flags & REQ_ATOMIC;
#else
	return false;
#endif
}

/* What refuses a write that cannot be atomic; 6.1 has neither the flag nor the status. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define CNV_STS_NOT_ATOMIC BLK_STS_INVAL
#else
#define CNV_STS_NOT_ATOMIC BLK_STS_IOERR
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define cnv_blk_mode_t blk_mode_t
#define CNV_BLK_OPEN_WRITE BLK_OPEN_WRITE
#else
#define cnv_blk_mode_t fmode_t
#define CNV_BLK_OPEN_WRITE FMODE_WRITE
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define cnv_class_create(name) class_create(name)
#else
#define cnv_class_create(name) class_create(THIS_MODULE, name)
#endif

/* io_uring's command interface moved to its own header in 6.6. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <linux/io_uring/cmd.h>
static inline const void *cnv_uring_cmd_payload(struct io_uring_cmd *ioucmd)
{
	return io_uring_sqe_cmd(ioucmd->sqe);
}
#else
#include <linux/io_uring.h>
static inline const void *cnv_uring_cmd_payload(struct io_uring_cmd *ioucmd)
{
	return ioucmd->cmd;
}
#endif

/*
 * Finishing a passthrough command in the task that owns its ring: right
 * away when the completion runs there (a poll from that task), else
 * through task work, lazily woken where io_uring can batch it (6.5).
 * Only 6.12 of the supported kernels tells who owns the command.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
static inline bool cnv_uring_cmd_in_owner(struct io_uring_cmd *ioucmd)
{
	return in_task() && io_uring_cmd_get_task(ioucmd) == current;
}

#define cnv_uring_cmd_to_task(ioucmd, cb) io_uring_cmd_do_in_task_lazy(ioucmd, cb)
#else
static inline bool cnv_uring_cmd_in_owner(struct io_uring_cmd *ioucmd)
{
	return false;
}

#define cnv_uring_cmd_to_task(ioucmd, cb) io_uring_cmd_complete_in_task(ioucmd, cb)
#endif

/*
 * An iterator over one user buffer: ITER_UBUF where blk_rq_map_user_iov()
 * takes it (6.5; cheaper to walk than a one-entry iovec), else over @iov.
 */
static inline void cnv_iter_user_buf(struct iov_iter *iter, int dir, void __user *buf,
				     size_t len, struct iovec *iov)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	iov_iter_ubuf(iter, dir, buf, len);
#else
	iov->iov_base = buf;
	iov->iov_len = len;
	iov_iter_init(iter, dir, iov, 1, len);
#endif
}

/* The pages of a buffer registered with the command's ring (IORING_URING_CMD_FIXED). */
static inline int cnv_uring_import_fixed(u64 addr, unsigned long len, int dir,
					 struct iov_iter *iter, struct io_uring_cmd *ioucmd)
{
	return io_uring_cmd_import_fixed(addr, len, dir, iter, ioucmd);
}

/*
 * The in-tree driver shows a namespace's csi, nuse and metadata_bytes in
 * sysfs only since 6.8; cnvme shows what it shows on the same kernel.
 */
#define CNV_NS_SYSFS_CSI_NUSE_MS (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0))

/*
 * The list queue_rqs hands over: its first request (linked through
 * rq_next) before struct rq_list, which Debian's 6.12 has backported from
 * 6.13. The old list helpers are macros, which tells the two apart.
 */
#ifdef rq_list_empty
#define cnv_rq_list_ptr struct request **
static inline void cnv_rq_list_set(cnv_rq_list_ptr list, struct request *head,
				   struct request *tail)
{
	*list = head;
}
#else
#define cnv_rq_list_ptr struct rq_list *
static inline void cnv_rq_list_set(cnv_rq_list_ptr list, struct request *head,
				   struct request *tail)
{
	list->head = head;
	list->tail = tail;
}
#endif

/* Renamed in 6.5. */
#ifdef BLK_STS_RESV_CONFLICT
#define CNV_BLK_STS_RESERVATION BLK_STS_RESV_CONFLICT
#else
#define CNV_BLK_STS_RESERVATION BLK_STS_NEXUS
#endif

/* The in-tree passthrough rules of this kernel (lib/permissions.h). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define CNV_PASSTHRU_POLICY CNV_PASSTHRU_BY_EFFECTS
#else
#define CNV_PASSTHRU_POLICY CNV_PASSTHRU_PRIVILEGED
#endif

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows which kernel cnvme is built for: Debian 12's
 * 6.1 and bookworm-backports' 6.12 differ in how queue limits are set
 * (per call before 6.9, atomically at allocation since), in how a bare
 * request queue is allocated, and in some status names.
 */
#ifndef CNVME_COMPAT_H
#define CNVME_COMPAT_H

#include <linux/version.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>

/* Queue limits cnvme derives from the controller and namespace. */
struct cnv_disk_limits {
	unsigned int logical_block_size;
	unsigned int max_hw_sectors;
	unsigned short max_segments;
	unsigned long virt_boundary_mask;
	bool write_cache;
	bool fua;
};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)

static inline struct gendisk *cnv_alloc_disk(struct blk_mq_tag_set *set,
					     const struct cnv_disk_limits *l,
					     void *queuedata)
{
	struct queue_limits lim = {
		.logical_block_size = l->logical_block_size,
		.physical_block_size = l->logical_block_size,
		.io_min = l->logical_block_size,
		.max_hw_sectors = l->max_hw_sectors,
		.max_segments = l->max_segments,
		.virt_boundary_mask = l->virt_boundary_mask,
	};

	if (l->write_cache)
		lim.features |= BLK_FEAT_WRITE_CACHE;
	if (l->fua)
		lim.features |= BLK_FEAT_FUA;
	return blk_mq_alloc_disk(set, &lim, queuedata);
}

static inline struct request_queue *cnv_alloc_queue(struct blk_mq_tag_set *set)
{
	return blk_mq_alloc_queue(set, NULL, NULL);
}

#else

static inline struct gendisk *cnv_alloc_disk(struct blk_mq_tag_set *set,
					     const struct cnv_disk_limits *l,
					     void *queuedata)
{
	struct gendisk *disk = blk_mq_alloc_disk(set, queuedata);
	struct request_queue *q;

	if (IS_ERR(disk))
		return disk;
	q = disk->queue;
	blk_queue_logical_block_size(q, l->logical_block_size);
	blk_queue_physical_block_size(q, l->logical_block_size);
	blk_queue_io_min(q, l->logical_block_size);
	blk_queue_max_hw_sectors(q, l->max_hw_sectors);
	blk_queue_max_segments(q, l->max_segments);
	blk_queue_virt_boundary(q, l->virt_boundary_mask);
	blk_queue_write_cache(q, l->write_cache, l->fua);
	/* Since 6.9 a queue is non-rotational unless a driver says otherwise. */
	blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	blk_queue_flag_clear(QUEUE_FLAG_ADD_RANDOM, q);
	return disk;
}

static inline struct request_queue *cnv_alloc_queue(struct blk_mq_tag_set *set)
{
	return blk_mq_init_queue(set);
}

#endif

/* Renamed in 6.5. */
#ifdef BLK_STS_RESV_CONFLICT
#define CNV_BLK_STS_RESERVATION BLK_STS_RESV_CONFLICT
#else
#define CNV_BLK_STS_RESERVATION BLK_STS_NEXUS
#endif

#endif

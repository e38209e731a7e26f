// SPDX-License-Identifier: GPL-2.0
/*
 * blk-mq glue: turning requests into NVMe commands, mapping their data
 * into PRPs, completing them, and the timeout handler.
 *
 * Hot path (queue_rq, complete): no lock but the queue's own sq_lock, and
 * no allocation for a single-segment request. Multi-segment requests take
 * their scatterlist from the kernel's sg mempools and PRP list pages from
 * the controller's DMA pool.
 */
#include <linux/blk-mq.h>
#include <linux/blk-mq-pci.h>
#include <linux/dma-mapping.h>

#include "cnvme.h"
#include "compat.h"
#include "lib/sgl.h"
#include "lib/status.h"

static const blk_status_t cnv_outcome_to_blk[] = {
	[CNV_OUTCOME_OK] = BLK_STS_OK,
	[CNV_OUTCOME_IOERR] = BLK_STS_IOERR,
	[CNV_OUTCOME_NOTSUPP] = BLK_STS_NOTSUPP,
	[CNV_OUTCOME_TARGET] = BLK_STS_TARGET,
	[CNV_OUTCOME_NOSPC] = BLK_STS_NOSPC,
	[CNV_OUTCOME_MEDIUM] = BLK_STS_MEDIUM,
	[CNV_OUTCOME_PROTECTION] = BLK_STS_PROTECTION,
	[CNV_OUTCOME_RESERVATION] = CNV_BLK_STS_RESERVATION,
	[CNV_OUTCOME_ZONE_ACTIVE] = BLK_STS_ZONE_ACTIVE_RESOURCE,
	[CNV_OUTCOME_ZONE_OPEN] = BLK_STS_ZONE_OPEN_RESOURCE,
};

static blk_status_t cnv_blk_status(u16 status)
{
	if (likely(!status))
		return BLK_STS_OK;
	return cnv_outcome_to_blk[cnv_status_outcome(status)];
}

static blk_status_t cnv_setup_rw(struct cnv_ns *ns, struct request *rq,
				 struct cnv_sqe *cmd, u8 opcode)
{
	u64 slba = blk_rq_pos(rq) >> (ns->lba_shift - SECTOR_SHIFT);
	u32 nlb = (blk_rq_bytes(rq) >> ns->lba_shift) - 1;

	cmd->opcode = opcode;
	cmd->cdw10 = cpu_to_le32(lower_32_bits(slba));
	cmd->cdw11 = cpu_to_le32(upper_32_bits(slba));
	cmd->cdw12 = cpu_to_le32(nlb | ((rq->cmd_flags & REQ_FUA) ? CNV_RW_FUA : 0) |
				 ns->pi_cdw12);
	/* Types 1 and 2: the first block's reference tag is its LBA's low bits. */
	if (unlikely(ns->pi_ref_tag))
		cmd->cdw14 = cpu_to_le32(lower_32_bits(slba));
	return BLK_STS_OK;
}

/* Releases a discard's range buffer (cnv_setup_discard()), if @rq has one. */
static void cnv_free_ranges(struct cnv_ctrl *ctrl, struct request *rq)
{
	void *ranges;

	if (likely(!(rq->rq_flags & RQF_SPECIAL_PAYLOAD)))
		return;
	ranges = bvec_virt(&rq->special_vec);
	if (ranges == page_address(ctrl->discard_page))
		clear_bit_unlock(0, &ctrl->discard_page_busy);
	else
		kfree(ranges);
	rq->rq_flags &= ~RQF_SPECIAL_PAYLOAD;
}

static void cnv_dsm_range_set(struct cnv_dsm_range *range, u64 slba, u32 nlb)
{
	range->cattr = 0;
	range->nlb = cpu_to_le32(nlb);
	range->slba = cpu_to_le64(slba);
}

/*
 * Discard as Dataset Management with deallocate: one range per bio the
 * block layer merged into @rq (at most max_discard_segments), in a buffer
 * @rq carries as its special payload until cnv_free_ranges(). When
 * GFP_ATOMIC fails, the controller's reserve page serves one request at a
 * time and the others wait for it.
 */
static blk_status_t cnv_setup_discard(struct cnv_ns *ns, struct request *rq,
				      struct cnv_sqe *cmd)
{
	struct cnv_ctrl *ctrl = ns->ctrl;
	u32 shift = ns->lba_shift - SECTOR_SHIFT;
	u32 segments = blk_rq_nr_discard_segments(rq);
	struct cnv_dsm_range *ranges;
	struct bio *bio;
	u32 n = 0;

	if (WARN_ON_ONCE(segments > ctrl->dealloc.discard_ranges))
		return BLK_STS_IOERR;
	ranges = kmalloc_array(segments, sizeof(*ranges), GFP_ATOMIC | __GFP_NOWARN);
	if (!ranges) {
		if (test_and_set_bit_lock(0, &ctrl->discard_page_busy))
			return BLK_STS_RESOURCE;
		ranges = page_address(ctrl->discard_page);
	}
	if (segments == 1) {
		/* Bios merged back to back form one range. */
		cnv_dsm_range_set(&ranges[n++], blk_rq_pos(rq) >> shift,
				  blk_rq_bytes(rq) >> ns->lba_shift);
	} else {
		__rq_for_each_bio(bio, rq) {
			if (n < segments)
				cnv_dsm_range_set(&ranges[n], bio->bi_iter.bi_sector >> shift,
						  bio->bi_iter.bi_size >> ns->lba_shift);
			n++;
		}
	}
	rq->special_vec.bv_page = virt_to_page(ranges);
	rq->special_vec.bv_offset = offset_in_page(ranges);
	rq->special_vec.bv_len = min(n, segments) * sizeof(*ranges);
	rq->rq_flags |= RQF_SPECIAL_PAYLOAD;
	if (WARN_ON_ONCE(n != segments)) {
		cnv_free_ranges(ctrl, rq);
		return BLK_STS_IOERR;
	}
	cmd->opcode = CNV_IO_DSM;
	cmd->cdw10 = cpu_to_le32(n - 1);
	cmd->cdw11 = cpu_to_le32(CNV_DSM_DEALLOCATE);
	this_cpu_inc(ctrl->cmd_stats->dsm);
	this_cpu_add(ctrl->cmd_stats->dsm_ranges, n);
	return BLK_STS_OK;
}

/* Everything but reads and writes, out of the hot path's way. */
static noinline blk_status_t cnv_setup_other_cmd(struct cnv_ns *ns, struct request *rq,
						 struct cnv_sqe *cmd)
{
	switch (req_op(rq)) {
	case REQ_OP_ZONE_APPEND:
		/* The zone's first block; the controller picks where the data goes. */
		this_cpu_inc(ns->ctrl->cmd_stats->zone_append);
		return cnv_setup_rw(ns, rq, cmd, CNV_IO_ZONE_APPEND);
	case REQ_OP_ZONE_RESET:
	case REQ_OP_ZONE_RESET_ALL:
	case REQ_OP_ZONE_OPEN:
	case REQ_OP_ZONE_CLOSE:
	case REQ_OP_ZONE_FINISH:
		return cnv_zns_setup_send(ns, rq, cmd);
	case REQ_OP_FLUSH:
		cmd->opcode = CNV_IO_FLUSH;
		return BLK_STS_OK;
	case REQ_OP_DISCARD:
		return cnv_setup_discard(ns, rq, cmd);
	case REQ_OP_WRITE_ZEROES:
		/* deallocate_zeroes: deallocated blocks read as zeroes, whatever DLFEAT says. */
		if (cnv_ns_zeroes_by_deallocate(ns->ctrl))
			return cnv_setup_discard(ns, rq, cmd);
		cnv_setup_rw(ns, rq, cmd, CNV_IO_WRITE_ZEROES);
		/* Nothing to check in blocks being zeroed: PRACT alone generates their PI. */
		cmd->cdw12 &= ~cpu_to_le32(CNV_RW_PRCHK_GUARD | CNV_RW_PRCHK_REF);
		if (ns->zeroes_deallocate && !(rq->cmd_flags & REQ_NOUNMAP)) {
			cmd->cdw12 |= cpu_to_le32(CNV_WZ_DEALLOCATE);
			this_cpu_inc(ns->ctrl->cmd_stats->write_zeroes_deallocate);
		}
		this_cpu_inc(ns->ctrl->cmd_stats->write_zeroes);
		return BLK_STS_OK;
	default:
		return BLK_STS_NOTSUPP;
	}
}

static blk_status_t cnv_setup_cmd(struct cnv_ns *ns, struct request *rq,
				  struct cnv_sqe *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->nsid = cpu_to_le32(ns->nsid);
	if (likely(req_op(rq) == REQ_OP_READ))
		return cnv_setup_rw(ns, rq, cmd, CNV_IO_READ);
	if (likely(req_op(rq) == REQ_OP_WRITE)) {
		/*
		 * NVMe has no atomic write command: a write is whole across a
		 * power failure only within the namespace's limits, which the
		 * block layer was told; one that is not must not pass as atomic.
		 */
		if (unlikely(cnv_rq_atomic(rq)) &&
		    !cnv_atomic_write_fits(&ns->topo, (u64)blk_rq_pos(rq) << SECTOR_SHIFT,
					   blk_rq_bytes(rq)))
			return CNV_STS_NOT_ATOMIC;
		return cnv_setup_rw(ns, rq, cmd, CNV_IO_WRITE);
	}
	return cnv_setup_other_cmd(ns, rq, cmd);
}

static void cnv_set_prps(struct cnv_request *req, const struct cnv_prp_fill *fill)
{
	req->cmd.prp1 = cpu_to_le64(fill->prp1);
	req->cmd.prp2 = cpu_to_le64(fill->prp2);
}

/*
 * One physically contiguous segment, without a scatterlist: one SGL Data
 * Block, or PRP1 and PRP2 when it spans at most two controller pages.
 */
static blk_status_t cnv_map_single(struct cnv_ctrl *ctrl, struct request *rq,
				   struct cnv_request *req, struct bio_vec *bv, bool sgl)
{
	dma_addr_t dma;

	dma = dma_map_bvec(ctrl->dev, bv, rq_dma_dir(rq), 0);
	if (dma_mapping_error(ctrl->dev, dma))
		return BLK_STS_RESOURCE;
	req->single_dma = dma;
	req->single_len = bv->bv_len;
	req->mapping = CNV_MAPPED_SINGLE;
	if (sgl) {
		cnv_sgl_set(&req->cmd.sgl1, dma, bv->bv_len, CNV_SGL_DATA_BLOCK);
		req->cmd.flags |= CNV_CMD_PSDT_SGL;
		this_cpu_inc(ctrl->cmd_stats->sgl_single);
		return BLK_STS_OK;
	}
	req->cmd.prp1 = cpu_to_le64(dma);
	req->cmd.prp2 = cpu_to_le64(cnv_prp_two_pages(dma, bv->bv_len,
						      cnv_ctrl_page_size(ctrl)));
	return BLK_STS_OK;
}

static void cnv_free_prp_pages(struct cnv_ctrl *ctrl, struct cnv_request *req)
{
	while (req->nr_prp_pages) {
		struct cnv_prp_page *page = &req->prp_pages[--req->nr_prp_pages];

		dma_pool_free(ctrl->prp_pool, page->entries, page->dma);
	}
}

/*
 * Builds PRPs for the DMA-mapped scatterlist. The table was allocated for
 * nr_phys_segments entries (orig_nents, needed to free it); blk_rq_map_sg
 * filled sg_count of them and the DMA mapping produced sgt.nents.
 */
static blk_status_t cnv_build_prp_list(struct cnv_ctrl *ctrl, struct cnv_request *req)
{
	u32 page_size = cnv_ctrl_page_size(ctrl);
	struct cnv_prp_count count;
	struct cnv_prp_fill fill;
	struct scatterlist *sg;
	u32 pages;
	int i;

	cnv_prp_count_init(&count, page_size);
	for_each_sg(req->sgt.sgl, sg, req->sgt.nents, i)
		cnv_prp_count_seg(&count, sg_dma_address(sg), sg_dma_len(sg),
				  i == req->sgt.nents - 1);
	pages = cnv_prp_list_pages(count.entries, page_size);
	/* The virt boundary and max_hw_sectors rule both out; never send it. */
	if (WARN_ON_ONCE(count.misaligned || pages > CNV_MAX_PRP_PAGES))
		return BLK_STS_IOERR;

	while (req->nr_prp_pages < pages) {
		struct cnv_prp_page *page = &req->prp_pages[req->nr_prp_pages];

		page->entries = dma_pool_alloc(ctrl->prp_pool, GFP_ATOMIC, &page->dma);
		if (!page->entries) {
			cnv_free_prp_pages(ctrl, req);
			return BLK_STS_RESOURCE;
		}
		req->nr_prp_pages++;
	}

	cnv_prp_fill_init(&fill, page_size, count.entries, req->prp_pages);
	for_each_sg(req->sgt.sgl, sg, req->sgt.nents, i)
		cnv_prp_fill_seg(&fill, sg_dma_address(sg), sg_dma_len(sg));
	cnv_set_prps(req, &fill);
	return BLK_STS_OK;
}

/*
 * SGL for the DMA-mapped scatterlist: one Data Block in the command, or a
 * list page of them (cnv_sgl_preferred() bounded the count to one page).
 */
static blk_status_t cnv_build_sgl(struct cnv_ctrl *ctrl, struct cnv_request *req)
{
	struct cnv_prp_page *page = &req->prp_pages[0];
	struct cnv_sgl_fill fill;
	struct scatterlist *sg;
	int i;

	if (req->sgt.nents > 1) {
		page->entries = dma_pool_alloc(ctrl->prp_pool, GFP_ATOMIC, &page->dma);
		if (!page->entries)
			return BLK_STS_RESOURCE;
		req->nr_prp_pages = 1;
	}
	/* A list page from the PRP pool: the same size, holding descriptors. */
	cnv_sgl_fill_init(&fill, &req->cmd.sgl1, req->sgt.nents,
			  (struct cnv_sgl_desc *)page->entries, page->dma);
	for_each_sg(req->sgt.sgl, sg, req->sgt.nents, i)
		cnv_sgl_fill_seg(&fill, sg_dma_address(sg), sg_dma_len(sg));
	req->cmd.flags |= CNV_CMD_PSDT_SGL;
	if (req->sgt.nents > 1)
		this_cpu_inc(ctrl->cmd_stats->sgl_list);
	else
		this_cpu_inc(ctrl->cmd_stats->sgl_single);
	return BLK_STS_OK;
}

/*
 * Several segments (or one the fast path cannot take): through a
 * scatterlist. Out of line, so the single-segment path keeps its registers
 * and stack frame small.
 */
static noinline blk_status_t cnv_map_sg(struct cnv_ctrl *ctrl, struct request *rq,
					struct cnv_request *req, bool sgl)
{
	enum dma_data_direction dir = rq_dma_dir(rq);
	blk_status_t sts = BLK_STS_RESOURCE;
	int mapped;

	req->nr_prp_pages = 0;
	if (sg_alloc_table_chained(&req->sgt, blk_rq_nr_phys_segments(rq), NULL, 0))
		return BLK_STS_RESOURCE;
	req->sg_count = blk_rq_map_sg(rq->q, rq, req->sgt.sgl);
	if (!req->sg_count) {
		sts = BLK_STS_IOERR;
		goto free_sg;
	}
	mapped = dma_map_sg_attrs(ctrl->dev, req->sgt.sgl, req->sg_count, dir,
				  DMA_ATTR_NO_WARN);
	if (!mapped)
		goto free_sg;
	req->sgt.nents = mapped;
	sts = sgl ? cnv_build_sgl(ctrl, req) : cnv_build_prp_list(ctrl, req);
	if (sts)
		goto unmap;
	req->mapping = CNV_MAPPED_SG;
	return BLK_STS_OK;

unmap:
	dma_unmap_sg(ctrl->dev, req->sgt.sgl, req->sg_count, dir);
free_sg:
	sg_free_table_chained(&req->sgt, 0);
	return sts;
}

/*
 * SGLs only for the block layer's reads and writes: admin commands on PCIe
 * take PRPs only, and a user's passthrough command may not accept SGLs.
 */
static bool cnv_use_sgl(struct cnv_ctrl *ctrl, struct request *rq, u32 segments)
{
	return cnv_sgl_preferred(blk_rq_payload_bytes(rq), segments,
				 ctrl->sgl_min_avg_segment, cnv_ctrl_page_size(ctrl)) &&
	       !blk_rq_is_passthrough(rq);
}

static blk_status_t cnv_map_data(struct cnv_ctrl *ctrl, struct request *rq,
				 struct cnv_request *req)
{
	u32 segments = blk_rq_nr_phys_segments(rq);
	bool sgl = cnv_use_sgl(ctrl, rq, segments);

	if (segments == 1) {
		struct bio_vec bv = req_bvec(rq);
		u32 page_mask = cnv_ctrl_page_size(ctrl) - 1;

		/*
		 * One physical segment may still span several bvecs; the fast
		 * path needs the first bvec to be the whole payload.
		 */
		if (bv.bv_len == blk_rq_payload_bytes(rq) &&
		    (sgl || (bv.bv_offset & page_mask) + bv.bv_len <= 2 * (page_mask + 1)))
			return cnv_map_single(ctrl, rq, req, &bv, sgl);
	}
	return cnv_map_sg(ctrl, rq, req, sgl);
}

static void cnv_unmap_data(struct cnv_ctrl *ctrl, struct request *rq)
{
	struct cnv_request *req = cnv_req(rq);

	if (likely(req->mapping == CNV_MAPPED_SINGLE)) {
		dma_unmap_page(ctrl->dev, req->single_dma, req->single_len,
			       rq_dma_dir(rq));
		cnv_free_ranges(ctrl, rq);
		return;
	}
	if (req->mapping != CNV_MAPPED_SG)
		return;
	cnv_free_prp_pages(ctrl, req);
	dma_unmap_sg(ctrl->dev, req->sgt.sgl, req->sg_count, rq_dma_dir(rq));
	sg_free_table_chained(&req->sgt, 0);
	cnv_free_ranges(ctrl, rq);
}

/*
 * Everything but the SQ: the command built (block requests) or taken as
 * built (passthrough), the data mapped, a fresh CID, the request started.
 * Hot path; on failure nothing is left mapped or started.
 */
static blk_status_t cnv_prep_rq(struct cnv_queue *q, struct request *rq)
{
	struct cnv_ctrl *ctrl = q->ctrl;
	struct cnv_request *req = cnv_req(rq);
	blk_status_t sts;

	if (unlikely(READ_ONCE(ctrl->state) != CNV_CTRL_LIVE)) {
		sts = cnv_ctrl_accepts(ctrl, q->qid == 0);
		if (sts)
			return sts;
	}
	if (!(rq->rq_flags & RQF_DONTPREP)) {
		req->retries = 0;
		rq->rq_flags |= RQF_DONTPREP;
	}
	req->aborted = false;
	if (!blk_rq_is_passthrough(rq)) {
		sts = cnv_setup_cmd(rq->q->queuedata, rq, &req->cmd);
		if (unlikely(sts))
			return sts;
	}
	req->mapping = CNV_MAPPED_NONE;
	if (blk_rq_nr_phys_segments(rq)) {
		sts = cnv_map_data(ctrl, rq, req);
		if (unlikely(sts)) {
			cnv_free_ranges(ctrl, rq);
			return sts;
		}
	}
	req->generation = cnv_gen_next(req->generation, q->cid_gen_mask);
	req->cmd.cid = cpu_to_le16(cnv_cid_make(rq->tag, req->generation));
	blk_mq_start_request(rq);
	return BLK_STS_OK;
}

/* Prepares @rq and puts it in @q's SQ, ringing the doorbell if @ring. Hot path. */
static __always_inline blk_status_t cnv_send_rq(struct cnv_queue *q, struct request *rq,
						bool ring)
{
	blk_status_t sts = cnv_prep_rq(q, rq);

	if (likely(!sts))
		cnv_queue_submit(q, &cnv_req(rq)->cmd, ring);
	return sts;
}

/*
 * Shared by the admin and I/O queues. May run on any CPU blk-mq maps to
 * this hardware queue; preemption is disabled.
 */
static blk_status_t cnv_queue_rq(struct blk_mq_hw_ctx *hctx,
				 const struct blk_mq_queue_data *bd)
{
	return cnv_send_rq(hctx->driver_data, bd->rq, bd->last);
}

/*
 * A plug's requests, in one call (no I/O scheduler, tags not shared): each
 * run of requests for one hardware queue is prepared, then goes into the
 * SQ under one sq_lock hold and one doorbell write. A request that cannot
 * be prepared stays in @rqlist; blk-mq then sends it through
 * cnv_queue_rq(), which reports why. Hot path.
 */
static void cnv_queue_rqs(cnv_rq_list_ptr rqlist)
{
	struct request *batch = NULL, *batch_tail = NULL;
	struct request *left = NULL, *left_tail = NULL;
	struct cnv_queue *batch_q = NULL;
	struct request *rq;

	/*
	 * A list of one (QD1, or a plug that gathered one request): nothing
	 * to batch, so none of the list building below.
	 */
	rq = rq_list_peek(rqlist);
	if (rq && !rq->rq_next) {
		struct cnv_queue *q = rq->mq_hctx->driver_data;

		rq->mq_hctx->tags->rqs[rq->tag] = rq;
		/* One that cannot be prepared stays in the list, as below. */
		if (likely(!cnv_send_rq(q, rq, true)))
			cnv_rq_list_set(rqlist, NULL, NULL);
		return;
	}

	while ((rq = rq_list_pop(rqlist))) {
		struct cnv_queue *q = rq->mq_hctx->driver_data;

		if (q != batch_q && batch) {
			cnv_queue_submit_list(batch_q, batch);
			batch = NULL;
		}
		batch_q = q;
		rq->rq_next = NULL;
		/* The completion finds the request by tag; queue_rq's path sets this. */
		rq->mq_hctx->tags->rqs[rq->tag] = rq;
		if (unlikely(cnv_prep_rq(q, rq))) {
			if (left)
				left_tail->rq_next = rq;
			else
				left = rq;
			left_tail = rq;
			continue;
		}
		if (batch)
			batch_tail->rq_next = rq;
		else
			batch = rq;
		batch_tail = rq;
	}
	if (batch)
		cnv_queue_submit_list(batch_q, batch);
	cnv_rq_list_set(rqlist, left, left_tail);
}

static void cnv_commit_rqs(struct blk_mq_hw_ctx *hctx)
{
	cnv_queue_ring_doorbell(hctx->driver_data);
}

static unsigned char max_retries = CNV_MAX_RETRIES;
module_param(max_retries, byte, 0644);
MODULE_PARM_DESC(max_retries, "times a failed block request is sent again (default 5)");

/*
 * Block requests are sent again, a bounded number of times, when a reset
 * took them back or the controller failed them without Do Not Retry
 * (unless the submitter asked for fail-fast). Passthrough commands report
 * their status to the user instead.
 */
static bool cnv_should_retry(struct request *rq, struct cnv_request *req)
{
	if (blk_rq_is_passthrough(rq) || req->retries >= READ_ONCE(max_retries) ||
	    !cnv_status_retryable(req->status))
		return false;
	return req->status == CNV_STATUS_HOST_RETRY || !blk_noretry_request(rq);
}

static void cnv_complete_rq(struct request *rq)
{
	struct cnv_queue *q = rq->mq_hctx->driver_data;
	struct cnv_request *req = cnv_req(rq);
	blk_status_t sts = cnv_blk_status(req->status);

	cnv_unmap_data(q->ctrl, rq);
	if (unlikely(req->status) && cnv_should_retry(rq, req)) {
		req->retries++;
		blk_mq_requeue_request(rq, true);
		return;
	}
	if (unlikely(sts) && !blk_rq_is_passthrough(rq) &&
	    (req->status & ~CNV_STATUS_DNR) != CNV_STATUS_HOST_RETRY)
		dev_err_ratelimited(q->ctrl->dev,
				    "%s: %s of sector %llu failed, status %#x after %u retries\n",
				    rq->q->disk ? rq->q->disk->disk_name : "?",
				    blk_op_str(req_op(rq)),
				    (unsigned long long)blk_rq_pos(rq), req->status,
				    req->retries);
	blk_mq_end_request(rq, sts);
}

static void cnv_complete_batch(struct io_comp_batch *iob)
{
	struct request *rq;

	rq_list_for_each(&iob->req_list, rq)
		cnv_unmap_data(((struct cnv_queue *)rq->mq_hctx->driver_data)->ctrl, rq);
	blk_mq_end_request_batch(iob);
}

/**
 * cnv_complete() - hand blk-mq a request the controller completed
 * @rq: request, its status and result stored
 * @iob: batch of the interrupt or poll that found it, or NULL
 *
 * Hot path. A successful request joins @iob, whose requests end together
 * once the completion queue is drained and its lock dropped (one pass
 * through blk-mq for the batch; a passthrough request's end_io runs there,
 * with status 0); anything else goes through cnv_complete_rq().
 */
void cnv_complete(struct request *rq, struct io_comp_batch *iob)
{
	struct cnv_request *req = cnv_req(rq);

	/* Zone Append: the block layer reports where the data went. */
	if (unlikely(req_op(rq) == REQ_OP_ZONE_APPEND) && !req->status) {
		struct cnv_ns *ns = rq->q->queuedata;

		rq->__sector = req->result << (ns->lba_shift - SECTOR_SHIFT);
	}
	if (!req->status && blk_mq_add_to_batch(rq, iob, 0, cnv_complete_batch))
		return;
	blk_mq_complete_request(rq);
}

/*
 * cnv_cancel_request() - complete @rq without the controller
 * @rq: request in flight on a controller that will not answer it
 * @status: CNV_STATUS_HOST_ABORTED, or CNV_STATUS_HOST_RETRY to requeue it
 *
 * Only once nothing else can complete @rq: the controller is disabled and
 * its queues reaped.
 */
static void cnv_cancel_request(struct request *rq, u16 status)
{
	cnv_req(rq)->status = status;
	blk_mq_complete_request(rq);
}

static bool cnv_cancel_iter(struct request *rq, void *data)
{
	if (blk_mq_rq_state(rq) == MQ_RQ_IN_FLIGHT)
		cnv_cancel_request(rq, *(u16 *)data);
	return true;
}

/**
 * cnv_cancel_all() - cancel every request in flight in @set
 * @set: admin or I/O tag set of a disabled controller
 * @status: as for cnv_cancel_request()
 */
void cnv_cancel_all(struct blk_mq_tag_set *set, u16 status)
{
	blk_mq_tagset_busy_iter(set, cnv_cancel_iter, &status);
}

/*
 * Escalates step by step, each step re-arming the timer: a completion
 * whose interrupt was lost is found by polling; a device whose registers
 * read all ones is gone and failed; an I/O command a healthy controller
 * sits on is aborted; if that fails or the command times out again, or an
 * admin command is late, or the controller reports a fatal status, it is
 * reset (its block I/O is sent again afterwards); if it cannot be reset,
 * it is failed.
 */
static enum blk_eh_timer_return cnv_timeout(struct request *rq)
{
	struct cnv_queue *q = rq->mq_hctx->driver_data;
	struct cnv_request *req = cnv_req(rq);
	struct cnv_ctrl *ctrl = q->ctrl;
	u16 cid = le16_to_cpu(req->cmd.cid);
	int health;

	switch (READ_ONCE(ctrl->state)) {
	case CNV_CTRL_DEAD:
		cnv_ctrl_wait_dead(ctrl);
		if (blk_mq_rq_state(rq) == MQ_RQ_IN_FLIGHT)
			cnv_cancel_request(rq, CNV_STATUS_HOST_ABORTED);
		return BLK_EH_DONE;
	case CNV_CTRL_CONNECTING:
	case CNV_CTRL_RESETTING:
		/* The reset under way takes I/O back and sends it again. */
		if (q->qid)
			return BLK_EH_RESET_TIMER;
		/*
		 * An admin command lost while (re)initialising: the waiting
		 * init or reset work gets the error and gives up.
		 */
		dev_err(ctrl->dev, "admin command opcode %#x timed out during initialisation\n",
			req->cmd.opcode);
		cnv_ctrl_abort_connect(ctrl);
		return BLK_EH_DONE;
	default:
		break;
	}
	/* An event request waits for an event, however long (aer.c). */
	if (!q->qid && req->cmd.opcode == CNV_ADMIN_ASYNC_EVENT)
		return BLK_EH_RESET_TIMER;
	if (cnv_queue_poll_for(q, rq)) {
		dev_warn_ratelimited(ctrl->dev,
				     "queue %u: completion found without interrupt\n",
				     q->qid);
		return BLK_EH_DONE;
	}
	health = cnv_ctrl_check_health(ctrl);
	if (health == -ENODEV) {
		/* Logged once, by the failing, not by each late command. */
		cnv_ctrl_fail(ctrl, "device gone: registers read all ones");
		return BLK_EH_RESET_TIMER;
	}
	if (q->qid && !req->aborted && !health) {
		req->aborted = true;
		if (cnv_admin_abort(ctrl, q->qid, cid, req->cmd.opcode) == 0)
			return BLK_EH_RESET_TIMER;
	}
	dev_err(ctrl->dev, "queue %u: command %#x opcode %#x timed out%s, resetting controller\n",
		q->qid, cid, req->cmd.opcode, health ? " with fatal status" : "");
	if (!cnv_ctrl_schedule_reset(ctrl)) {
		/*
		 * Nothing will reset it (it is being removed): stop it here.
		 * Failing it through dead_work alone could wait for ever, queued
		 * behind a reset that is itself waiting on this command.
		 */
		cnv_ctrl_fail_now(ctrl, "command timeout");
		return BLK_EH_DONE;
	}
	return BLK_EH_RESET_TIMER;
}

static int cnv_admin_init_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			       unsigned int hctx_idx)
{
	struct cnv_ctrl *ctrl = data;
	struct cnv_queue *q = &ctrl->queues[0];

	WRITE_ONCE(q->tags, hctx->tags);
	hctx->driver_data = q;
	return 0;
}

static int cnv_io_init_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			    unsigned int hctx_idx)
{
	struct cnv_ctrl *ctrl = data;
	struct cnv_queue *q = &ctrl->queues[hctx_idx + 1];

	WRITE_ONCE(q->tags, hctx->tags);
	hctx->driver_data = q;
	return 0;
}

/*
 * Hardware queues in qid order: the interrupt-driven ones form the default
 * map, the polled ones the poll map; reads share the default map.
 */
static void cnv_io_map_queues(struct blk_mq_tag_set *set)
{
	struct cnv_ctrl *ctrl = set->driver_data;
	unsigned int offset = 0, type;

	for (type = 0; type < set->nr_maps; type++) {
		struct blk_mq_queue_map *map = &set->map[type];

		switch (type) {
		case HCTX_TYPE_DEFAULT:
			map->nr_queues = ctrl->nr_irq_queues - ctrl->nr_read_queues;
			break;
		case HCTX_TYPE_READ:
			map->nr_queues = ctrl->nr_read_queues;
			break;
		default:
			map->nr_queues = cnv_ctrl_poll_queues(ctrl);
		}
		map->queue_offset = offset;
		if (!map->nr_queues)
			continue;
		/*
		 * Queue N's interrupt is vector N: a CPU goes to the queue whose
		 * vector it owns. Where fewer queues than vectors were made,
		 * blk-mq spreads the CPUs itself, so no queue is left without one.
		 */
		if (type != HCTX_TYPE_POLL && ctrl->vectors_match_queues)
			blk_mq_pci_map_queues(map, ctrl->pdev, offset + 1);
		else
			blk_mq_map_queues(map);
		offset += map->nr_queues;
	}
}

static int cnv_poll(struct blk_mq_hw_ctx *hctx, struct io_comp_batch *iob)
{
	return cnv_queue_poll(hctx->driver_data, iob);
}

const struct blk_mq_ops cnv_admin_mq_ops = {
	.queue_rq = cnv_queue_rq,
	.complete = cnv_complete_rq,
	.timeout = cnv_timeout,
	.init_hctx = cnv_admin_init_hctx,
};

const struct blk_mq_ops cnv_io_mq_ops = {
	.queue_rq = cnv_queue_rq,
	.queue_rqs = cnv_queue_rqs,
	.commit_rqs = cnv_commit_rqs,
	.complete = cnv_complete_rq,
	.timeout = cnv_timeout,
	.init_hctx = cnv_io_init_hctx,
	.map_queues = cnv_io_map_queues,
	.poll = cnv_poll,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * Queue pairs: ring memory, doorbells, submission, completion processing
 * and the interrupt handler. The only file that writes a doorbell.
 */
#include <linux/interrupt.h>
#include <linux/io.h>

#include "cnvme.h"

static size_t cnv_sq_bytes(u16 depth)
{
	return (size_t)depth << CNV_SQES_SHIFT;
}

static size_t cnv_cq_bytes(u16 depth)
{
	return (size_t)depth << CNV_CQES_SHIFT;
}

/* Doorbell of queue @qid (3.1.4.20): SQ tail, then CQ head, every stride. */
static u32 __iomem *cnv_doorbell(struct cnv_ctrl *ctrl, u16 qid, bool cq)
{
	size_t offset = CNV_REG_DOORBELLS +
			(2 * (size_t)qid + cq) * ctrl->cap.doorbell_stride;

	if (offset + sizeof(u32) > ctrl->bar_len)
		return NULL;
	return ctrl->bar + offset;
}

void cnv_queue_reset_rings(struct cnv_queue *q)
{
	q->sq_tail = 0;
	q->sq_doorbell_tail = 0;
	q->cq_cursor.head = 0;
	q->cq_cursor.depth = q->depth;
	q->cq_cursor.phase = 1;
	memset(q->cq, 0, cnv_cq_bytes(q->depth));
}

/**
 * cnv_queue_alloc() - allocate the rings of queue pair @qid
 * @ctrl: owning controller
 * @qid: queue identifier, 0 for the admin queue
 * @depth: entries per ring
 * @vector: PCI interrupt vector its completions raise
 *
 * Return: 0, -ENXIO if the doorbells lie outside BAR0, or -ENOMEM.
 */
int cnv_queue_alloc(struct cnv_ctrl *ctrl, u16 qid, u16 depth, u16 vector)
{
	struct cnv_queue *q = &ctrl->queues[qid];

	q->ctrl = ctrl;
	q->qid = qid;
	q->depth = depth;
	q->vector = vector;
	q->sq_doorbell = cnv_doorbell(ctrl, qid, false);
	q->cq_doorbell = cnv_doorbell(ctrl, qid, true);
	if (!q->sq_doorbell || !q->cq_doorbell)
		return -ENXIO;
	spin_lock_init(&q->sq_lock);
	spin_lock_init(&q->cq_poll_lock);

	q->cq = dma_alloc_coherent(ctrl->dev, cnv_cq_bytes(depth), &q->cq_dma,
				   GFP_KERNEL);
	if (!q->cq)
		return -ENOMEM;
	q->sq = dma_alloc_coherent(ctrl->dev, cnv_sq_bytes(depth), &q->sq_dma,
				   GFP_KERNEL);
	if (!q->sq)
		goto free_cq;
	cnv_queue_reset_rings(q);
	return 0;

free_cq:
	dma_free_coherent(ctrl->dev, cnv_cq_bytes(depth), q->cq, q->cq_dma);
	q->cq = NULL;
	return -ENOMEM;
}

/**
 * cnv_queue_free() - free the rings of a queue the controller no longer uses
 * @q: queue; its interrupt must already be released
 */
void cnv_queue_free(struct cnv_queue *q)
{
	struct device *dev = q->ctrl->dev;

	if (q->sq)
		dma_free_coherent(dev, cnv_sq_bytes(q->depth), q->sq, q->sq_dma);
	if (q->cq)
		dma_free_coherent(dev, cnv_cq_bytes(q->depth), q->cq, q->cq_dma);
	q->sq = NULL;
	q->cq = NULL;
}

static void cnv_queue_write_sq_doorbell(struct cnv_queue *q)
{
	lockdep_assert_held(&q->sq_lock);
	if (q->sq_tail == q->sq_doorbell_tail)
		return;
	/*
	 * writel() orders the SQ entry's memory writes before the MMIO write,
	 * so the controller never fetches a half-written command.
	 */
	writel(q->sq_tail, q->sq_doorbell);
	q->sq_doorbell_tail = q->sq_tail;
}

/**
 * cnv_queue_submit() - copy a command into the SQ
 * @q: queue pair
 * @cmd: fully built command, CID included
 * @ring: write the doorbell now; false when blk-mq says more commands follow
 *
 * Hot path. The SQ cannot overflow: blk-mq hands out at most depth - 1
 * tags per queue, one fewer than the ring holds.
 */
void cnv_queue_submit(struct cnv_queue *q, const struct cnv_sqe *cmd, bool ring)
{
	spin_lock(&q->sq_lock);
	memcpy(&q->sq[q->sq_tail], cmd, sizeof(*cmd));
	q->sq_tail = cnv_ring_next(q->sq_tail, q->depth);
	if (ring)
		cnv_queue_write_sq_doorbell(q);
	spin_unlock(&q->sq_lock);
}

/**
 * cnv_queue_ring_doorbell() - publish commands queued with @ring false
 * @q: queue pair
 */
void cnv_queue_ring_doorbell(struct cnv_queue *q)
{
	spin_lock(&q->sq_lock);
	cnv_queue_write_sq_doorbell(q);
	spin_unlock(&q->sq_lock);
}

/*
 * Finds the request a CQE names. The CID comes from the device and is
 * checked before use: its tag must be in range, its request in flight and
 * its generation the one last submitted under that tag.
 */
static struct request *cnv_queue_find_request(struct cnv_queue *q, u16 cid)
{
	struct blk_mq_tags *tags = READ_ONCE(q->tags);
	u32 tag = cnv_cid_tag(cid);
	struct request *rq;

	if (!tags || tag >= q->depth)
		return NULL;
	rq = blk_mq_tag_to_rq(tags, tag);
	if (!rq || blk_mq_rq_state(rq) != MQ_RQ_IN_FLIGHT ||
	    cnv_req(rq)->generation != cnv_cid_gen(cid))
		return NULL;
	return rq;
}

static void cnv_queue_complete_cqe(struct cnv_queue *q, const struct cnv_cqe *cqe,
				   u16 status)
{
	u16 cid = le16_to_cpu(cqe->cid);
	struct request *rq = cnv_queue_find_request(q, cid);
	struct cnv_request *req;

	if (unlikely(!rq)) {
		dev_warn_ratelimited(q->ctrl->dev,
				     "queue %u: completion with unknown command id %#x ignored\n",
				     q->qid, cid);
		return;
	}
	req = cnv_req(rq);
	req->status = status >> 1;
	req->result = le32_to_cpu(cqe->result) | (u64)le32_to_cpu(cqe->dw1) << 32;
	blk_mq_complete_request(rq);
}

/*
 * Consumes every new CQE and returns whether there was one. Caller is the
 * queue's interrupt handler or holds cq_poll_lock with that interrupt off.
 */
static bool cnv_queue_process_cq(struct cnv_queue *q)
{
	bool found = false;

	for (;;) {
		struct cnv_cqe *cqe = &q->cq[q->cq_cursor.head];
		u16 status = le16_to_cpu(READ_ONCE(cqe->status));

		if (!cnv_cqe_is_new(&q->cq_cursor, status))
			break;
		/* The phase tag lands last: read the rest of the entry after it. */
		dma_rmb();
		if (unlikely(q->qid && cnv_fault_hit(&q->ctrl->faults.drop_completion)))
			dev_warn(q->ctrl->dev, "fault injection: completion of command %#x on queue %u dropped\n",
				 le16_to_cpu(cqe->cid), q->qid);
		else
			cnv_queue_complete_cqe(q, cqe, status);
		cnv_cq_advance(&q->cq_cursor);
		found = true;
	}
	if (found)
		writel(q->cq_cursor.head, q->cq_doorbell);
	return found;
}

static irqreturn_t cnv_queue_irq(int irq, void *data)
{
	struct cnv_queue *q = data;

	if (unlikely(q->qid && cnv_fault_hit(&q->ctrl->faults.lose_interrupt)))
		return IRQ_HANDLED;
	return cnv_queue_process_cq(q) ? IRQ_HANDLED : IRQ_NONE;
}

static int cnv_queue_irq_number(struct cnv_queue *q)
{
	return pci_irq_vector(q->ctrl->pdev, q->vector);
}

/**
 * cnv_queue_request_irq() - attach the queue to its interrupt vector
 * @q: queue pair
 *
 * Vectors may be shared (admin and I/O queue on one MSI or INTx line), so
 * the handler reports IRQ_NONE when its own CQ had nothing new.
 */
int cnv_queue_request_irq(struct cnv_queue *q)
{
	int ret = pci_request_irq(q->ctrl->pdev, q->vector, cnv_queue_irq, NULL,
				  q, "cnvme%dq%u", q->ctrl->instance, q->qid);

	if (!ret)
		q->irq_requested = true;
	return ret;
}

void cnv_queue_free_irq(struct cnv_queue *q)
{
	if (!q->irq_requested)
		return;
	pci_free_irq(q->ctrl->pdev, q->vector, q);
	q->irq_requested = false;
}

/**
 * cnv_queue_reap() - consume completions outside the interrupt handler
 * @q: queue pair
 *
 * For timeout handling and teardown; excludes the handler by disabling the
 * vector and other pollers with cq_poll_lock.
 */
void cnv_queue_reap(struct cnv_queue *q)
{
	int irq;

	if (!q->cq || !q->irq_requested)
		return;
	irq = cnv_queue_irq_number(q);
	disable_irq(irq);
	spin_lock(&q->cq_poll_lock);
	cnv_queue_process_cq(q);
	spin_unlock(&q->cq_poll_lock);
	enable_irq(irq);
}

/**
 * cnv_queue_poll_for() - look for a lost completion of @rq
 * @q: queue pair @rq was submitted on
 * @rq: request that timed out
 *
 * Return: true if @rq is no longer in flight afterwards.
 */
bool cnv_queue_poll_for(struct cnv_queue *q, struct request *rq)
{
	cnv_queue_reap(q);
	return blk_mq_rq_state(rq) != MQ_RQ_IN_FLIGHT;
}

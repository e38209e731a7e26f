// SPDX-License-Identifier: GPL-2.0
/*
 * Queue pairs: ring memory, doorbells, submission, completion processing
 * and the interrupt handler. The only file that writes a doorbell.
 */
#include <linux/interrupt.h>
#include <linux/io.h>

#include "cnvme.h"

static size_t cnv_sq_bytes(const struct cnv_queue *q)
{
	return (size_t)q->depth << q->sqe_shift;
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

/**
 * cnv_queue_set_shadow() - point I/O queue @q at its shadow doorbells
 * @q: queue pair; no I/O flows on it
 * @shadow: the controller's shadow doorbell buffer, or NULL for none
 * @eventidx: its event index buffer
 *
 * The buffers mirror the doorbell registers: the slots sit at the same
 * offsets from their start as @q's doorbells from the first one.
 *
 * On a pin interrupt (INTx) the CQ head is also written by MMIO every time,
 * event index or not: the line is level-triggered and a controller may
 * lower it only on that write (QEMU's does), so a skipped write once the
 * CQ is drained leaves it raised and the handler, finding nothing, storms
 * until the kernel disables the line ("nobody cared").
 */
void cnv_queue_set_shadow(struct cnv_queue *q, __le32 *shadow, __le32 *eventidx)
{
	struct pci_dev *pdev = q->ctrl->pdev;
	size_t stride = q->ctrl->cap.doorbell_stride / sizeof(__le32);
	size_t sq = 2 * (size_t)q->qid * stride, cq = sq + stride;
	bool pin_irq = !q->polled && !pdev->msix_enabled && !pdev->msi_enabled;

	q->sq_shadow = shadow ? shadow + sq : NULL;
	q->sq_eventidx = shadow ? eventidx + sq : NULL;
	q->cq_shadow = shadow ? shadow + cq : NULL;
	q->cq_eventidx = shadow && !pin_irq ? eventidx + cq : NULL;
}

void cnv_queue_reset_rings(struct cnv_queue *q)
{
	/* Quirks are final before a ring carries a command with a generation. */
	q->cid_gen_mask = q->ctrl->io_shape.cid_gen_mask;
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
 * @polled: its completions raise no interrupt (@vector unused)
 *
 * Return: 0, -ENXIO if the doorbells lie outside BAR0, or -ENOMEM.
 */
int cnv_queue_alloc(struct cnv_ctrl *ctrl, u16 qid, u16 depth, u16 vector, bool polled)
{
	struct cnv_queue *q = &ctrl->queues[qid];

	q->ctrl = ctrl;
	q->qid = qid;
	q->depth = depth;
	/* The admin queue's entries are always 64 bytes (CC.IOSQES is for I/O queues). */
	q->sqe_shift = qid ? ctrl->io_shape.sqe_shift : CNV_SQES_SHIFT;
	q->vector = vector;
	q->polled = polled;
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
	q->sq = cnv_cmb_sq(ctrl, qid, cnv_sq_bytes(q), &q->sq_dma);
	q->sq_in_cmb = q->sq;
	if (!q->sq) {
		q->sq = dma_alloc_coherent(ctrl->dev, cnv_sq_bytes(q), &q->sq_dma,
					   GFP_KERNEL);
		if (!q->sq)
			goto free_cq;
	}
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
	if (q->sq && !q->sq_in_cmb)
		dma_free_coherent(q->ctrl->dev, cnv_sq_bytes(q), q->sq, q->sq_dma);
	if (q->cq)
		dma_free_coherent(q->ctrl->dev, cnv_cq_bytes(q->depth), q->cq, q->cq_dma);
	q->sq = NULL;
	q->sq_in_cmb = false;
	q->cq = NULL;
}

/*
 * Tells the controller a new SQ tail or CQ head: through the shadow
 * doorbell when it has one, and by MMIO only if the controller's event
 * index asks for it (or there is no shadow, or no event index to heed).
 * writel() and the barriers order the SQ entries, or the consumed CQ
 * entries, before the update.
 */
static void cnv_queue_ring(u32 __iomem *doorbell, __le32 *shadow, const __le32 *eventidx,
			   u16 value, struct cnv_doorbell_stats *stats)
{
	if (shadow) {
		u16 old = le32_to_cpu(*shadow);

		/* The entries before the shadow value that announces them. */
		wmb();
		WRITE_ONCE(*shadow, cpu_to_le32(value));
		/*
		 * The shadow before the event index: the controller writes the
		 * event index, then reads the shadow.
		 */
		mb();
		if (eventidx &&
		    !cnv_shadow_needs_mmio(le32_to_cpu(READ_ONCE(*eventidx)), value, old)) {
			stats->shadow_only++;
			return;
		}
	}
	writel(value, doorbell);
	stats->mmio++;
}

static void cnv_queue_write_sq_doorbell(struct cnv_queue *q)
{
	lockdep_assert_held(&q->sq_lock);
	if (q->sq_tail == q->sq_doorbell_tail)
		return;
	if (q->sq_in_cmb)
		wmb();	/* write-combined SQ entries are not ordered before an uncached write */
	cnv_queue_ring(q->sq_doorbell, q->sq_shadow, q->sq_eventidx, q->sq_tail,
		       &q->sq_doorbells);
	q->sq_doorbell_tail = q->sq_tail;
}

/*
 * The SQ cannot overflow: blk-mq hands out at most depth - 1 tags per
 * queue, one fewer than the ring holds.
 */
static __always_inline void cnv_queue_push(struct cnv_queue *q, const struct cnv_sqe *cmd)
{
	lockdep_assert_held(&q->sq_lock);
	/* Of a 128-byte entry (128_bytes_sqes) the command fills the first half. */
	memcpy((u8 *)q->sq + ((size_t)q->sq_tail << q->sqe_shift), cmd, sizeof(*cmd));
	q->sq_tail = cnv_ring_next(q->sq_tail, q->depth);
}

/**
 * cnv_queue_submit() - copy a command into the SQ
 * @q: queue pair
 * @cmd: fully built command, CID included
 * @ring: write the doorbell now; false when blk-mq says more commands follow
 *
 * Hot path.
 */
void cnv_queue_submit(struct cnv_queue *q, const struct cnv_sqe *cmd, bool ring)
{
	spin_lock(&q->sq_lock);
	cnv_queue_push(q, cmd);
	if (ring)
		cnv_queue_write_sq_doorbell(q);
	spin_unlock(&q->sq_lock);
}

/**
 * cnv_queue_submit_list() - copy the commands of prepared requests into the SQ
 * @q: queue pair they all go to
 * @first: the first request, the rest linked through rq_next, NULL-ended
 *
 * Hot path (queue_rqs): one sq_lock hold and one doorbell write for all.
 * At most depth - 1 requests are in flight, as for cnv_queue_submit().
 */
void cnv_queue_submit_list(struct cnv_queue *q, struct request *first)
{
	struct request *rq;

	spin_lock(&q->sq_lock);
	for (rq = first; rq; rq = rq->rq_next)
		cnv_queue_push(q, &cnv_req(rq)->cmd);
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
				   u16 status, struct io_comp_batch *iob)
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
	if (static_branch_unlikely(&cnv_faults_armed) && req->fault_lost) {
		dev_warn(q->ctrl->dev, "fault injection: completion of lost command %#x on queue %u ignored\n",
			 cid, q->qid);
		return;
	}
	req->status = status >> 1;
	req->result = le32_to_cpu(cqe->result) | (u64)le32_to_cpu(cqe->dw1) << 32;
	cnv_complete(rq, iob);
}

static bool cnv_queue_cqe_pending(struct cnv_queue *q)
{
	const struct cnv_cqe *cqe = &q->cq[q->cq_cursor.head];

	return cnv_cqe_is_new(&q->cq_cursor, le16_to_cpu(READ_ONCE(cqe->status)));
}

/*
 * Consumes every new CQE and returns how many there were; successful
 * block requests are left in @iob (if not NULL) for the caller to end
 * after the CQ head doorbell. Caller is the queue's interrupt handler, or
 * holds cq_poll_lock with that interrupt off (or the queue polled).
 */
static int cnv_queue_process_cq(struct cnv_queue *q, struct io_comp_batch *iob)
{
	int found = 0;

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
			cnv_queue_complete_cqe(q, cqe, status, iob);
		cnv_cq_advance(&q->cq_cursor);
		found++;
	}
	if (found)
		cnv_queue_ring(q->cq_doorbell, q->cq_shadow, q->cq_eventidx, q->cq_cursor.head,
			       &q->cq_doorbells);
	return found;
}

static irqreturn_t cnv_queue_irq(int irq, void *data)
{
	struct cnv_queue *q = data;
	DEFINE_IO_COMP_BATCH(iob);
	int found;

	if (unlikely(q->qid && cnv_fault_hit(&q->ctrl->faults.lose_interrupt)))
		return IRQ_HANDLED;
	found = cnv_queue_process_cq(q, &iob);
	/* Set once a request joins the batch (the list type differs by kernel). */
	if (iob.complete)
		iob.complete(&iob);
	return found ? IRQ_HANDLED : IRQ_NONE;
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

	if (!q->cq)
		return;
	if (q->polled) {
		cnv_queue_poll(q, NULL);
		return;
	}
	if (!q->irq_requested)
		return;
	irq = cnv_queue_irq_number(q);
	disable_irq(irq);
	spin_lock(&q->cq_poll_lock);
	cnv_queue_process_cq(q, NULL);
	spin_unlock(&q->cq_poll_lock);
	enable_irq(irq);
}

/**
 * cnv_queue_poll() - find the completions of a polled queue
 * @q: queue pair created without an interrupt
 * @iob: batch the caller ends (blk-mq's poll), or NULL to complete each
 *	request at once (timeout and teardown, through cnv_queue_reap())
 *
 * Hot path of polled I/O, from the task that waits for it. Nothing new is
 * seen without the lock; the CPUs blk-mq maps to @q share cq_poll_lock
 * (one CPU each when poll_queues is the number of CPUs).
 *
 * Return: the number of completions consumed.
 */
int cnv_queue_poll(struct cnv_queue *q, struct io_comp_batch *iob)
{
	int found;

	if (!cnv_queue_cqe_pending(q))
		return 0;
	spin_lock(&q->cq_poll_lock);
	found = cnv_queue_process_cq(q, iob);
	spin_unlock(&q->cq_poll_lock);
	return found;
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

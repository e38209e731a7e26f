/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few raw io_uring system calls the test tools need (no liburing in
 * the guest): a ring with 128-byte SQEs and 32-byte CQEs for NVMe
 * passthrough commands, or a plain one (which such commands must refuse).
 */
#ifndef CNVME_TOOLS_URING_H
#define CNVME_TOOLS_URING_H

#include <linux/io_uring.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

struct ring {
	int fd;
	unsigned int sqe_size, cqe_size;
	unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	unsigned char *sqes, *cqes;
};

/*
 * @big: 128-byte SQEs and 32-byte CQEs, as NVMe passthrough needs;
 * @flags: more IORING_SETUP_* flags (IOPOLL).
 */
static inline int ring_init_flags(struct ring *r, unsigned int entries, int big, unsigned int flags)
{
	struct io_uring_params p = {
		.flags = flags | (big ? IORING_SETUP_SQE128 | IORING_SETUP_CQE32 : 0),
	};
	unsigned char *sq, *cq;

	r->sqe_size = big ? 128 : 64;
	r->cqe_size = big ? 32 : 16;
	r->fd = syscall(__NR_io_uring_setup, entries, &p);
	if (r->fd < 0)
		return -1;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * 4, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * r->cqe_size, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * r->sqe_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -1;
	r->sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned int *)(sq + p.sq_off.array);
	r->cq_head = (unsigned int *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	r->cqes = cq + p.cq_off.cqes;
	return 0;
}

static inline int ring_init(struct ring *r, unsigned int entries, int big)
{
	return ring_init_flags(r, entries, big, 0);
}

/* Registers @count buffers for IORING_URING_CMD_FIXED (by index). */
static inline int ring_register_buffers(struct ring *r, const struct iovec *iov, unsigned int count)
{
	return syscall(__NR_io_uring_register, r->fd, IORING_REGISTER_BUFFERS, iov, count);
}

/* The next free SQE, zeroed, and its index (pass both to ring_queue()). */
static inline struct io_uring_sqe *ring_sqe(struct ring *r, unsigned int nth, unsigned int *idx)
{
	struct io_uring_sqe *sqe;

	*idx = (*r->sq_tail + nth) & *r->sq_mask;
	sqe = (void *)(r->sqes + *idx * r->sqe_size);
	memset(sqe, 0, r->sqe_size);
	return sqe;
}

/* Makes @count SQEs taken with ring_sqe() visible to the kernel. */
static inline void ring_queue(struct ring *r, const unsigned int *idx, unsigned int count)
{
	unsigned int tail = *r->sq_tail, i;

	for (i = 0; i < count; i++)
		r->sq_array[(tail + i) & *r->sq_mask] = idx[i];
	__atomic_store_n(r->sq_tail, tail + count, __ATOMIC_RELEASE);
}

/* Submits what was queued and waits for @wait completions. */
static inline int ring_enter(struct ring *r, unsigned int submit, unsigned int wait)
{
	return syscall(__NR_io_uring_enter, r->fd, submit, wait,
		       wait ? IORING_ENTER_GETEVENTS : 0, NULL, 0);
}

/* The oldest unconsumed CQE, or NULL; ring_cqe_seen() consumes it. */
static inline struct io_uring_cqe *ring_cqe(struct ring *r)
{
	unsigned int head = *r->cq_head;

	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return NULL;
	return (void *)(r->cqes + (head & *r->cq_mask) * r->cqe_size);
}

static inline void ring_cqe_seen(struct ring *r)
{
	__atomic_store_n(r->cq_head, *r->cq_head + 1, __ATOMIC_RELEASE);
}

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Randomised malformed passthrough ioctls against a controller node and a
 * namespace node: bad lengths, lengths past MDTS, unaligned, unmapped and
 * read-only user buffers, wrong NSIDs, metadata without a buffer, reserved
 * opcodes, huge timeouts, flags the driver does not offer, and vectored
 * commands with bad iovecs. Commands that would destroy data or the
 * namespace layout (format, sanitize, namespace management) are not sent;
 * writes go only to the target namespace, which the caller re-verifies.
 *
 *   ioctl-fuzz CTRL_NODE NS_NODE ITERATIONS SEED [uring]
 *
 * With "uring" the same commands go through io_uring (NS_NODE must then be
 * a generic node ngXnY): NVME_URING_CMD_ADMIN, _IO and their vectored
 * forms, now and then an unknown cmd_op, and one in 16 on a ring without
 * the 128-byte SQEs and 32-byte CQEs the driver needs; a quarter of the
 * rest on an IOPOLL ring, and a quarter flagged as in the registered
 * buffer (the first 8 MiB of the fuzzer's buffer) or in one that does not
 * exist.
 *
 * Every call must return an errno or an NVMe status (>= 0); the program
 * prints a histogram of results and exits non-zero on anything else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/nvme_ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "uring.h"

static uint64_t state;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static uint32_t pick(const uint32_t *v, size_t n)
{
	return v[rnd() % n];
}

/* Admin opcodes that only read, and reserved ones. */
static const uint32_t admin_ops[] = {
	0x02, 0x06, 0x0a,			/* get log, identify, get features */
	0x03, 0x07, 0x0b, 0x0e, 0x0f, 0x13,	/* reserved */
	0x17, 0x1b, 0x1f, 0x21, 0x3f, 0x7b,
	0x00, 0x01, 0x04, 0x05, 0x0c, 0x7c,	/* driver-managed: refused */
};
/* I/O opcodes: flush, write, read, compare, write zeroes, and reserved. */
static const uint32_t io_ops[] = { 0x00, 0x01, 0x02, 0x05, 0x08, 0x03, 0x07, 0x0b, 0x7b };

/*
 * Data goes only to buf (followed by an inaccessible guard as long as the
 * longest transfer) or to addresses the kernel must refuse, never to this
 * program's own stack or heap.
 */
static char *buf, *ro_page;
static const size_t buf_len = 8 << 20;
static struct iovec iov[8];

static uint64_t random_addr(void)
{
	switch (rnd() % 8) {
	case 0:
		return 0;				/* NULL */
	case 1:
		return 0xdead000000000000ull;		/* non-canonical */
	case 2:
		return (uint64_t)(uintptr_t)ro_page;	/* read-only for reads into it */
	case 3:
		return (uint64_t)(uintptr_t)(buf + 1 + rnd() % 4095);	/* unaligned */
	case 4:
		return (uint64_t)(uintptr_t)(buf + buf_len - 512);	/* runs off the end */
	default:
		return (uint64_t)(uintptr_t)(buf + (rnd() % 16) * 4096);
	}
}

static uint32_t random_len(void)
{
	static const uint32_t lens[] = { 0, 1, 3, 511, 512, 4096, 4097, 16384, 65536,
					 1 << 20, 4 << 20, 0xffffffffu };
	return pick(lens, sizeof(lens) / sizeof(lens[0]));
}

static void fill(struct nvme_passthru_cmd64 *c, int admin, uint32_t nsid, uint64_t nsze)
{
	memset(c, 0, sizeof(*c));
	c->opcode = admin ? pick(admin_ops, sizeof(admin_ops) / 4) : pick(io_ops, sizeof(io_ops) / 4);
	c->nsid = rnd() % 4 ? nsid : (uint32_t)rnd();
	c->addr = random_addr();
	c->data_len = random_len();
	c->cdw10 = (uint32_t)rnd();
	c->cdw11 = (uint32_t)rnd();
	c->cdw12 = (uint32_t)rnd() & 0xff;	/* few blocks, so lengths sometimes match */
	c->cdw13 = (uint32_t)rnd();
	if (!admin && rnd() % 2) {
		uint64_t slba = rnd() % (nsze + 64);	/* sometimes past the end */

		c->cdw10 = (uint32_t)slba;
		c->cdw11 = (uint32_t)(slba >> 32);
	}
	if (rnd() % 10 == 0)
		c->metadata = random_addr();
	if (rnd() % 10 == 0)
		c->metadata_len = random_len();
	if (rnd() % 20 == 0)
		c->flags = (uint8_t)rnd();
	c->timeout_ms = rnd() % 5 ? 0 : (uint32_t)rnd();
}

static struct ring big_ring, poll_ring, plain_ring;

/* One command through io_uring: its CQE res (a negative errno or the status). */
static long uring_call(int fd, int kind, const struct nvme_passthru_cmd64 *c)
{
	static const __u32 ops[] = { NVME_URING_CMD_ADMIN, NVME_URING_CMD_ADMIN_VEC,
				     NVME_URING_CMD_IO, NVME_URING_CMD_IO_VEC };
	struct ring *r = rnd() % 16 ? (rnd() % 4 ? &big_ring : &poll_ring) : &plain_ring;
	struct nvme_uring_cmd u = {
		.opcode = c->opcode, .flags = c->flags, .nsid = c->nsid,
		.cdw2 = c->cdw2, .cdw3 = c->cdw3, .metadata = c->metadata, .addr = c->addr,
		.metadata_len = c->metadata_len, .data_len = c->data_len,
		.cdw10 = c->cdw10, .cdw11 = c->cdw11, .cdw12 = c->cdw12, .cdw13 = c->cdw13,
		.cdw14 = c->cdw14, .cdw15 = c->cdw15, .timeout_ms = c->timeout_ms,
	};
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned int idx;
	int tries;
	long res;

	sqe = ring_sqe(r, 0, &idx);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	/* kind 0, 1: admin; 4: vectored I/O; else I/O; now and then nothing known. */
	sqe->cmd_op = rnd() % 32 ? ops[(kind <= 1 ? 0 : 2) + (kind == 4)] : (__u32)rnd();
	if (r != &plain_ring)
		memcpy(sqe->cmd, &u, sizeof(u));
	/* In the registered buffer, or said to be: index 0 exists, others not. */
	if (rnd() % 4 == 0) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = rnd() % 8 ? 0 : (__u16)rnd();
	}
	ring_queue(r, &idx, 1);
	if (ring_enter(r, 1, 1) < 0)
		return -errno;
	/* An IOPOLL ring may return before the completion is in. */
	for (tries = 0; !(cqe = ring_cqe(r)) && tries < 100000; tries++)
		ring_enter(r, 0, 1);
	if (!cqe)
		return -EPROTO;
	res = cqe->res;
	ring_cqe_seen(r);
	return res;
}

int main(int argc, char **argv)
{
	long iterations, errno_count[256] = { 0 }, status = 0, ok = 0, bad = 0;
	struct nvme_passthru_cmd64 c;
	struct nvme_passthru_cmd c32;
	int ctrl, ns, i;
	uint32_t nsid;
	uint64_t nsze = 1 << 18;

	int uring = argc == 6 && !strcmp(argv[5], "uring");

	if (argc != 5 && !uring) {
		fprintf(stderr, "usage: ioctl-fuzz CTRL_NODE NS_NODE ITERATIONS SEED [uring]\n");
		return 2;
	}
	if (uring && (ring_init(&big_ring, 4, 1) || ring_init(&plain_ring, 4, 0) ||
		      ring_init_flags(&poll_ring, 4, 1, IORING_SETUP_IOPOLL))) {
		perror("io_uring_setup");
		return 2;
	}
	ctrl = open(argv[1], O_RDWR);
	ns = open(argv[2], O_RDWR);
	if (ctrl < 0 || ns < 0) {
		perror("open");
		return 2;
	}
	iterations = atol(argv[3]);
	state = strtoull(argv[4], NULL, 0) | 1;
	buf = mmap(NULL, 2 * buf_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || ro_page == MAP_FAILED || mprotect(buf + buf_len, buf_len, PROT_NONE))
		return 2;
	nsid = ioctl(ns, NVME_IOCTL_ID);
	if (uring) {
		/* The readable, writable half of buf is buffer 0 of both big rings. */
		struct iovec reg = { buf, buf_len };

		if (ring_register_buffers(&big_ring, &reg, 1) ||
		    ring_register_buffers(&poll_ring, &reg, 1)) {
			perror("IORING_REGISTER_BUFFERS");
			return 2;
		}
	}

	for (i = 0; i < iterations; i++) {
		int fd = rnd() % 2 ? ctrl : ns;
		int kind = rnd() % 5;
		unsigned long req;
		void *arg = &c;
		long ret;

		fill(&c, kind <= 1, nsid, nsze);
		switch (kind) {
		case 0:
			req = NVME_IOCTL_ADMIN_CMD;
			memcpy(&c32, &c, sizeof(c32) - sizeof(c32.result));
			arg = &c32;
			break;
		case 1:
			req = NVME_IOCTL_ADMIN64_CMD;
			break;
		case 2:
			req = NVME_IOCTL_IO_CMD;
			memcpy(&c32, &c, sizeof(c32) - sizeof(c32.result));
			arg = &c32;
			break;
		case 3:
			req = NVME_IOCTL_IO64_CMD;
			break;
		default:
			/*
			 * Vectored: data_len counts iovecs, some of them bad;
			 * the array itself is sometimes unreadable or zeroes.
			 */
			req = NVME_IOCTL_IO64_CMD_VEC;
			for (int v = 0; v < 8; v++) {
				iov[v].iov_base = (void *)(uintptr_t)random_addr();
				iov[v].iov_len = random_len() & 0xfffff;
			}
			switch (rnd() % 4) {
			case 0:
				c.addr = 0xdead000000000000ull;
				break;
			case 1:
				c.addr = (uint64_t)(uintptr_t)ro_page;
				break;
			default:
				c.addr = (uint64_t)(uintptr_t)iov;
			}
			c.data_len = rnd() % 9;
			break;
		}
		if (uring) {
			ret = uring_call(fd, kind, &c);
			if (ret < 0) {
				errno = -ret;
				ret = -1;
			}
		} else {
			ret = ioctl(fd, req, arg);
		}
		if (ret < 0) {
			if (errno <= 0 || errno >= 256) {
				bad++;
				fprintf(stderr, "call %d: impossible errno %d\n", i, errno);
			} else {
				errno_count[errno]++;
			}
		} else if (ret == 0) {
			ok++;
		} else {
			status++;
		}
	}
	printf("%ld calls: %ld succeeded, %ld NVMe status, errors:", iterations, ok, status);
	for (i = 0; i < 256; i++)
		if (errno_count[i])
			printf(" %s=%ld", strerrorname_np(i) ? strerrorname_np(i) : "?", errno_count[i]);
	printf("\n");
	return bad ? 1 : 0;
}

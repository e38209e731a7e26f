// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring passthrough commands fio does not send, with raw io_uring system
 * calls (no liburing needed): NVME_URING_CMD_ADMIN (Identify Controller) on
 * the generic and the controller node, NVME_URING_CMD_ADMIN_VEC, and
 * NVME_URING_CMD_IO_VEC writes and reads of two iovecs, checked against
 * each other and against what the block device reads.
 *
 *   uring-passthru CTRL_NODE GENERIC_NODE BLOCK_NODE SERIAL
 *
 * Exits 0 when every command completed with status 0 and the data match.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/io_uring.h>
#include <linux/nvme_ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static int last_res;	/* res of the last CQE, for the report */

struct ring {
	int fd;
	unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	unsigned char *sqes;		/* 128-byte entries */
	unsigned char *cqes;		/* 32-byte entries */
};

static int ring_init(struct ring *r)
{
	struct io_uring_params p = { .flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32 };
	unsigned char *sq, *cq;

	r->fd = syscall(__NR_io_uring_setup, 4, &p);
	if (r->fd < 0)
		return -1;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * 4, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * 32, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * 128, PROT_READ | PROT_WRITE,
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

/* Submits one NVMe command and waits; returns the CQE's res, result in *result. */
static int submit(struct ring *r, int fd, __u32 op, const struct nvme_uring_cmd *cmd,
		  __u64 *result)
{
	unsigned int tail = *r->sq_tail, idx = tail & *r->sq_mask, head;
	struct io_uring_sqe *sqe = (void *)(r->sqes + idx * 128);
	struct io_uring_cqe *cqe;
	int res;

	memset(sqe, 0, 128);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = op;
	memcpy(sqe->cmd, cmd, sizeof(*cmd));
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -1000;
	head = *r->cq_head;
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return -1001;
	cqe = (void *)(r->cqes + (head & *r->cq_mask) * 32);
	res = cqe->res;
	last_res = res;
	*result = cqe->big_cqe[0];
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s %s (res %d)\n", ok ? "ok  " : "FAIL", what, last_res);
	failures += !ok;
}

int main(int argc, char **argv)
{
	static char id[4096] __attribute__((aligned(4096)));
	static char a[8192] __attribute__((aligned(4096))), b[8192] __attribute__((aligned(4096)));
	static char back[16384] __attribute__((aligned(4096)));
	struct nvme_uring_cmd cmd;
	struct iovec iov[2];
	struct ring r;
	int ctrl, ng, blk, res;
	__u32 nsid;
	__u64 result;

	if (argc != 5) {
		fprintf(stderr, "usage: uring-passthru CTRL GENERIC BLOCK SERIAL\n");
		return 2;
	}
	ctrl = open(argv[1], O_RDONLY);
	ng = open(argv[2], O_RDONLY);
	blk = open(argv[3], O_RDONLY | O_DIRECT);
	if (ctrl < 0 || ng < 0 || blk < 0 || ring_init(&r)) {
		perror("setup");
		return 2;
	}
	nsid = ioctl(ng, NVME_IOCTL_ID);

	/* Identify Controller through each node; the serial is at byte 4. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.opcode = 0x06;
	cmd.cdw10 = 1;
	cmd.addr = (__u64)(uintptr_t)id;
	cmd.data_len = sizeof(id);
	res = submit(&r, ng, NVME_URING_CMD_ADMIN, &cmd, &result);
	expect(res == 0 && !strncmp(id + 4, argv[4], strlen(argv[4])), "ADMIN identify through the generic node");
	memset(id, 0, sizeof(id));
	res = submit(&r, ctrl, NVME_URING_CMD_ADMIN, &cmd, &result);
	expect(res == 0 && !strncmp(id + 4, argv[4], strlen(argv[4])), "ADMIN identify through the controller node");

	memset(id, 0, sizeof(id));
	iov[0] = (struct iovec){ id, sizeof(id) };
	cmd.addr = (__u64)(uintptr_t)iov;
	cmd.data_len = 1;
	res = submit(&r, ng, NVME_URING_CMD_ADMIN_VEC, &cmd, &result);
	expect(res == 0 && !strncmp(id + 4, argv[4], strlen(argv[4])), "ADMIN_VEC identify");

	/* Get Features Number of Queues: the result comes back in the big CQE. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.opcode = 0x0a;
	cmd.cdw10 = 0x07;
	result = 0;
	res = submit(&r, ng, NVME_URING_CMD_ADMIN, &cmd, &result);
	expect(res == 0 && result != 0, "ADMIN get-features result in the CQE");

	/* Write 16 KiB at LBA 8192 (512 B LBAs) from two iovecs, read it back into one. */
	memset(a, 0xa5, sizeof(a));
	memset(b, 0x5a, sizeof(b));
	iov[0] = (struct iovec){ a, sizeof(a) };
	iov[1] = (struct iovec){ b, sizeof(b) };
	memset(&cmd, 0, sizeof(cmd));
	cmd.opcode = 0x01;
	cmd.nsid = nsid;
	cmd.cdw10 = 8192;
	cmd.cdw12 = 16384 / 512 - 1;
	cmd.addr = (__u64)(uintptr_t)iov;
	cmd.data_len = 2;
	res = submit(&r, ng, NVME_URING_CMD_IO_VEC, &cmd, &result);
	expect(res == 0, "IO_VEC write of two iovecs");
	iov[0] = (struct iovec){ back, sizeof(back) };
	cmd.opcode = 0x02;
	cmd.data_len = 1;
	res = submit(&r, ng, NVME_URING_CMD_IO_VEC, &cmd, &result);
	expect(res == 0 && !memcmp(back, a, sizeof(a)) && !memcmp(back + sizeof(a), b, sizeof(b)),
	       "IO_VEC read returns what was written");
	memset(back, 0, sizeof(back));
	expect(pread(blk, back, sizeof(back), 8192 * 512) == sizeof(back) &&
	       !memcmp(back, a, sizeof(a)) && !memcmp(back + sizeof(a), b, sizeof(b)),
	       "the block device reads the same data");

	/* An I/O command on the controller node has no namespace to go to. */
	res = submit(&r, ctrl, NVME_URING_CMD_IO, &cmd, &result);
	expect(res < 0, "IO on the controller node is refused");
	return failures ? 1 : 0;
}

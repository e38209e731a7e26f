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
#include <linux/nvme_ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "uring.h"

static int last_res;	/* res of the last CQE, for the report */

/* Submits one NVMe command and waits; returns the CQE's res, result in *result. */
static int submit(struct ring *r, int fd, __u32 op, const struct nvme_uring_cmd *cmd,
		  __u64 *result)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned int idx;
	int res;

	sqe = ring_sqe(r, 0, &idx);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = op;
	memcpy(sqe->cmd, cmd, sizeof(*cmd));
	ring_queue(r, &idx, 1);
	if (ring_enter(r, 1, 1) < 0)
		return -1000;
	cqe = ring_cqe(r);
	if (!cqe)
		return -1001;
	res = cqe->res;
	last_res = res;
	*result = cqe->big_cqe[0];
	ring_cqe_seen(r);
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
	if (ctrl < 0 || ng < 0 || blk < 0 || ring_init(&r, 4, 1)) {
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

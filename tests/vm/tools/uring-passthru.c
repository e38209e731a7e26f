// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring passthrough commands fio does not send, with raw io_uring system
 * calls (no liburing needed): NVME_URING_CMD_ADMIN (Identify Controller) on
 * the generic and the controller node, NVME_URING_CMD_ADMIN_VEC, and
 * NVME_URING_CMD_IO_VEC writes and reads of two iovecs, checked against
 * each other and against what the block device reads; registered buffers
 * (IORING_URING_CMD_FIXED) and an IOPOLL ring.
 *
 *   uring-passthru CTRL_NODE GENERIC_NODE BLOCK_NODE SERIAL
 *
 * With --metadata, on a namespace of 512 B blocks whose metadata travels
 * separately (MPTR): writes and reads of eight blocks with their metadata,
 * on an ordinary and an IOPOLL ring, a metadata buffer too short for the
 * blocks (EINVAL) and one that is not mapped (EFAULT); the metadata last
 * written goes to OUT_FILE for a cross-check through the ioctl:
 *
 *   uring-passthru --metadata GENERIC_NODE METADATA_BYTES_PER_BLOCK OUT_FILE
 *
 * With --metadata-loop, the same writes and reads (each read checked
 * against its write) for SECONDS, alternating the two rings, with a 3 s
 * command timeout, while the caller resets the controller, loses
 * completions or removes it. An NVMe status is a clean failure; an errno
 * fails the run, except with "until-gone", where the first ends it (the
 * controller went away). A mismatch, or a command not answered within
 * 60 s, always fails it:
 *
 *   uring-passthru --metadata-loop GENERIC_NODE METADATA_BYTES_PER_BLOCK SECONDS [until-gone]
 *
 * Exits 0 when every command completed as expected and the data match.
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
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "uring.h"

static int last_res;	/* res of the last CQE, for the report */

/*
 * Submits one NVMe command and waits; returns the CQE's res, result in
 * *result. @fixed: the index of the registered buffer the data is in, + 1
 * (0: an ordinary user buffer).
 */
static int submit_in(struct ring *r, int fd, __u32 op, const struct nvme_uring_cmd *cmd,
		     unsigned int fixed, __u64 *result)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned int idx;
	int res, tries;

	sqe = ring_sqe(r, 0, &idx);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = op;
	if (fixed) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = fixed - 1;
	}
	memcpy(sqe->cmd, cmd, sizeof(*cmd));
	ring_queue(r, &idx, 1);
	if (ring_enter(r, 1, 1) < 0)
		return -1000;
	/* An IOPOLL ring may return before the completion is in (need_resched). */
	for (tries = 0; !(cqe = ring_cqe(r)) && tries < 100000; tries++)
		ring_enter(r, 0, 1);
	if (!cqe)
		return -1001;
	res = cqe->res;
	last_res = res;
	*result = cqe->big_cqe[0];
	ring_cqe_seen(r);
	return res;
}

static int submit(struct ring *r, int fd, __u32 op, const struct nvme_uring_cmd *cmd,
		  __u64 *result)
{
	return submit_in(r, fd, op, cmd, 0, result);
}

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s %s (res %d)\n", ok ? "ok  " : "FAIL", what, last_res);
	failures += !ok;
}

/* A read or write of @bytes at LBA 8192 (512 B LBAs) from @buf. */
static void rw_cmd(struct nvme_uring_cmd *cmd, __u8 opcode, __u32 nsid, void *buf,
		   unsigned int bytes)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->nsid = nsid;
	cmd->cdw10 = 8192;
	cmd->cdw12 = bytes / 512 - 1;
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = bytes;
}

/*
 * IORING_URING_CMD_FIXED: the data lies in a buffer registered with the
 * ring, found by index. A write from one part of it reads back into
 * another; an address outside it fails with EFAULT even though it is
 * mapped (proof that the registered buffer, not the address, is used); and
 * there is no vectored form.
 */
static void fixed_buffers(struct ring *r, int ng, __u32 nsid)
{
	static char reg[65536] __attribute__((aligned(4096)));
	static char other[4096] __attribute__((aligned(4096)));
	struct iovec iov = { reg, sizeof(reg) };
	struct nvme_uring_cmd cmd;
	__u64 result;
	int res, i;

	last_res = ring_register_buffers(r, &iov, 1);
	expect(last_res == 0, "register a 64 KiB buffer");
	for (i = 0; i < 16384; i++)
		reg[i] = (char)(i * 7 + 3);
	rw_cmd(&cmd, 0x01, nsid, reg, 16384);
	res = submit_in(r, ng, NVME_URING_CMD_IO, &cmd, 1, &result);
	expect(res == 0, "write from a registered buffer");
	memset(reg + 32768, 0, 16384);
	rw_cmd(&cmd, 0x02, nsid, reg + 32768, 16384);
	res = submit_in(r, ng, NVME_URING_CMD_IO, &cmd, 1, &result);
	expect(res == 0 && !memcmp(reg, reg + 32768, 16384),
	       "read into another part of it returns what was written");
	rw_cmd(&cmd, 0x02, nsid, other, sizeof(other));
	res = submit_in(r, ng, NVME_URING_CMD_IO, &cmd, 1, &result);
	expect(res == -EFAULT, "an address outside the registered buffer fails with EFAULT");
	rw_cmd(&cmd, 0x02, nsid, reg + 65536 - 2048, 4096);
	res = submit_in(r, ng, NVME_URING_CMD_IO, &cmd, 1, &result);
	expect(res == -EFAULT, "a range running past the registered buffer fails with EFAULT");
	iov = (struct iovec){ reg, 4096 };
	rw_cmd(&cmd, 0x02, nsid, &iov, 1);
	res = submit_in(r, ng, NVME_URING_CMD_IO_VEC, &cmd, 1, &result);
	expect(res == -EINVAL, "IO_VEC with a registered buffer is refused");
}

/*
 * An IOPOLL ring (fio's --hipri): the ring polls for its completions, on
 * a poll queue when the driver has one, else its interrupt completes it.
 */
static void polled(int ng, __u32 nsid)
{
	static char w[8192] __attribute__((aligned(4096))), rd[8192] __attribute__((aligned(4096)));
	struct nvme_uring_cmd cmd;
	struct ring pr;
	__u64 result;
	int res;

	last_res = ring_init_flags(&pr, 4, 1, IORING_SETUP_IOPOLL);
	expect(last_res == 0, "an IOPOLL ring with big SQEs");
	if (last_res)
		return;
	memset(w, 0x3c, sizeof(w));
	rw_cmd(&cmd, 0x01, nsid, w, sizeof(w));
	res = submit(&pr, ng, NVME_URING_CMD_IO, &cmd, &result);
	expect(res == 0, "polled write");
	rw_cmd(&cmd, 0x02, nsid, rd, sizeof(rd));
	res = submit(&pr, ng, NVME_URING_CMD_IO, &cmd, &result);
	expect(res == 0 && !memcmp(w, rd, sizeof(w)), "polled read returns what was written");
	close(pr.fd);
}

/* Eight 512 B blocks at @slba with @meta through MPTR. */
static void meta_cmd(struct nvme_uring_cmd *cmd, __u8 opcode, __u32 nsid, __u64 slba,
		     void *data, void *meta, unsigned int meta_len)
{
	rw_cmd(cmd, opcode, nsid, data, 4096);
	cmd->cdw10 = (__u32)slba;
	cmd->metadata = (__u64)(uintptr_t)meta;
	cmd->metadata_len = meta_len;
}

static int metadata(const char *node, unsigned int ms, const char *out)
{
	static char data[4096] __attribute__((aligned(4096))), back[4096] __attribute__((aligned(4096)));
	unsigned int len = 8 * ms, i, round;
	unsigned char *meta = malloc(len), *meta_back = malloc(len);
	struct nvme_uring_cmd cmd;
	struct ring r, pr;
	__u64 result;
	__u32 nsid;
	int ng, res;
	FILE *f;

	ng = open(node, O_RDONLY);
	if (ng < 0 || !meta || !meta_back || ring_init(&r, 4, 1) ||
	    ring_init_flags(&pr, 4, 1, IORING_SETUP_IOPOLL)) {
		perror("setup");
		return 2;
	}
	nsid = ioctl(ng, NVME_IOCTL_ID);
	for (round = 0; round < 2; round++) {
		struct ring *ring = round ? &pr : &r;
		const char *how = round ? "IOPOLL ring" : "ring";
		__u64 slba = 256 + 64 * round;
		char what[128];

		for (i = 0; i < sizeof(data); i++)
			data[i] = (char)(i * 3 + round);
		for (i = 0; i < len; i++)
			meta[i] = (unsigned char)(i * 13 + 5 + round);
		meta_cmd(&cmd, 0x01, nsid, slba, data, meta, len);
		res = submit(ring, ng, NVME_URING_CMD_IO, &cmd, &result);
		snprintf(what, sizeof(what), "%s: write of 8 blocks with %u bytes of metadata", how, len);
		expect(res == 0, what);
		memset(back, 0, sizeof(back));
		memset(meta_back, 0, len);
		meta_cmd(&cmd, 0x02, nsid, slba, back, meta_back, len);
		res = submit(ring, ng, NVME_URING_CMD_IO, &cmd, &result);
		snprintf(what, sizeof(what), "%s: read returns the data and metadata written", how);
		expect(res == 0 && !memcmp(data, back, sizeof(data)) && !memcmp(meta, meta_back, len),
		       what);
	}
	meta_cmd(&cmd, 0x02, nsid, 256, back, meta_back, len - 1);
	res = submit(&r, ng, NVME_URING_CMD_IO, &cmd, &result);
	expect(res == -EINVAL, "a metadata buffer shorter than the blocks' metadata is refused");
	meta_cmd(&cmd, 0x01, nsid, 256, data, (void *)(uintptr_t)4096, len);
	res = submit(&r, ng, NVME_URING_CMD_IO, &cmd, &result);
	expect(res == -EFAULT, "a write from unmapped metadata fails with EFAULT");
	meta_cmd(&cmd, 0x02, nsid, 256, back, (void *)(uintptr_t)4096, len);
	res = submit(&r, ng, NVME_URING_CMD_IO, &cmd, &result);
	expect(res == -EFAULT, "a read into unmapped metadata fails with EFAULT");
	f = fopen(out, "w");
	if (!f || fwrite(meta, 1, len, f) != len || fclose(f)) {
		perror(out);
		return 2;
	}
	return failures ? 1 : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Like submit(), with the wait bounded in time rather than in tries. */
static int submit_bounded(struct ring *r, int fd, const struct nvme_uring_cmd *cmd)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned int idx;
	double give_up = now() + 60;
	int res;

	sqe = ring_sqe(r, 0, &idx);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = NVME_URING_CMD_IO;
	memcpy(sqe->cmd, cmd, sizeof(*cmd));
	ring_queue(r, &idx, 1);
	if (ring_enter(r, 1, 0) < 0)
		return -errno;
	while (!(cqe = ring_cqe(r))) {
		if (now() > give_up) {
			fprintf(stderr, "a command got no completion within 60 s\n");
			exit(1);
		}
		ring_enter(r, 0, 1);
	}
	res = cqe->res;
	ring_cqe_seen(r);
	return res;
}

static int metadata_loop(const char *node, unsigned int ms, int seconds, int until_gone)
{
	enum { SLOTS = 32 };
	static char data[4096] __attribute__((aligned(4096))), back[4096] __attribute__((aligned(4096)));
	unsigned int len = 8 * ms, i, n = 0, ok = 0, status = 0, errnos = 0, mismatches = 0;
	unsigned char *meta = malloc(len), *meta_back = malloc(len);
	double end = now() + seconds;
	struct nvme_uring_cmd cmd;
	struct ring rings[2];
	int ng, res, last_errno = 0;
	__u32 nsid;

	ng = open(node, O_RDONLY);
	if (ng < 0 || !meta || !meta_back || ring_init(&rings[0], 4, 1) ||
	    ring_init_flags(&rings[1], 4, 1, IORING_SETUP_IOPOLL)) {
		perror("setup");
		return 2;
	}
	nsid = ioctl(ng, NVME_IOCTL_ID);
	while (now() < end) {
		struct ring *r = &rings[n & 1];
		__u64 slba = 1024 + 8 * (n % SLOTS);

		for (i = 0; i < sizeof(data); i++)
			data[i] = (char)(i * 5 + n);
		for (i = 0; i < len; i++)
			meta[i] = (unsigned char)(i * 11 + n);
		memset(back, 0, sizeof(back));
		memset(meta_back, 0, len);
		meta_cmd(&cmd, 0x01, nsid, slba, data, meta, len);
		cmd.timeout_ms = 3000;
		res = submit_bounded(r, ng, &cmd);
		if (!res) {
			meta_cmd(&cmd, 0x02, nsid, slba, back, meta_back, len);
			cmd.timeout_ms = 3000;
			res = submit_bounded(r, ng, &cmd);
			if (!res && (memcmp(data, back, sizeof(data)) || memcmp(meta, meta_back, len))) {
				mismatches++;
				fprintf(stderr, "command %u: read of LBA %llu differs from its write\n",
					n, (unsigned long long)slba);
			}
		}
		n++;
		if (!res) {
			ok++;
		} else if (res > 0) {
			status++;
		} else {
			errnos++;
			last_errno = -res;
			if (until_gone)
				break;
		}
	}
	printf("%u write-read pairs: %u ok, %u with an NVMe status, %u with an errno (last %s), %u mismatches\n",
	       n, ok, status, errnos, last_errno ? strerror(last_errno) : "none", mismatches);
	return mismatches || (errnos && !until_gone) || !n ? 1 : 0;
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

	if (argc == 5 && !strcmp(argv[1], "--metadata"))
		return metadata(argv[2], atoi(argv[3]), argv[4]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "--metadata-loop"))
		return metadata_loop(argv[2], atoi(argv[3]), atoi(argv[4]),
				     argc == 6 && !strcmp(argv[5], "until-gone"));
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

	fixed_buffers(&r, ng, nsid);
	polled(ng, nsid);
	return failures ? 1 : 0;
}

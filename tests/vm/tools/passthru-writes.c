// SPDX-License-Identifier: GPL-2.0
/*
 * Passthrough writes that may meet a controller reset, and the check that
 * every write the driver acknowledged is on the disk.
 *
 *   passthru-writes write ioctl|uring GENERIC_NODE LBA_BYTES COUNT SEED ACKS
 *   passthru-writes verify BLOCK_NODE COUNT SEED ACKS
 *
 * write: COUNT writes of 4 KiB, slot i at byte i * 4 KiB, each filled with
 * a pattern of (SEED, i), sent as NVMe Write commands through
 * NVME_IOCTL_IO64_CMD or io_uring NVME_URING_CMD_IO (8 in flight). A write
 * that completes with status 0 is acknowledged: its slot goes to ACKS. One
 * that fails must fail cleanly: an NVMe status or an errno, in bounded time
 * (the caller bounds the run). Prints the counts.
 * verify: reads each acknowledged slot through the block device (O_DIRECT)
 * and exits 1 if any differs from its pattern.
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
#include <unistd.h>

#include "uring.h"

#define SLOT		4096
#define DEPTH		8
#define NVME_WRITE	0x01

static void fill(unsigned char *buf, unsigned int seed, unsigned int slot)
{
	uint32_t x = seed * 2654435761u ^ (slot + 1) * 40503u;
	unsigned int i;

	for (i = 0; i < SLOT; i += 4) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		memcpy(buf + i, &x, 4);
	}
	memcpy(buf, &slot, sizeof(slot));
}

static unsigned int acked, nvme_failed, errno_failed;
static FILE *acks;

static void outcome(unsigned int slot, int res)
{
	if (res == 0) {
		acked++;
		fprintf(acks, "%u\n", slot);
	} else if (res > 0) {
		nvme_failed++;
	} else {
		errno_failed++;
	}
}

static void write_cmd(void *cmd, unsigned int nsid, unsigned int lba_bytes, unsigned int slot,
		      void *buf, int uring)
{
	uint64_t slba = (uint64_t)slot * SLOT / lba_bytes;

	if (uring) {
		struct nvme_uring_cmd *c = cmd;

		memset(c, 0, sizeof(*c));
		c->opcode = NVME_WRITE;
		c->nsid = nsid;
		c->addr = (uintptr_t)buf;
		c->data_len = SLOT;
		c->cdw10 = (uint32_t)slba;
		c->cdw11 = slba >> 32;
		c->cdw12 = SLOT / lba_bytes - 1;
	} else {
		struct nvme_passthru_cmd64 *c = cmd;

		memset(c, 0, sizeof(*c));
		c->opcode = NVME_WRITE;
		c->nsid = nsid;
		c->addr = (uintptr_t)buf;
		c->data_len = SLOT;
		c->cdw10 = (uint32_t)slba;
		c->cdw11 = slba >> 32;
		c->cdw12 = SLOT / lba_bytes - 1;
	}
}

static int do_write(int uring, const char *node, unsigned int lba_bytes, unsigned int count,
		    unsigned int seed)
{
	static unsigned char bufs[DEPTH][SLOT] __attribute__((aligned(4096)));
	unsigned int slot = 0, inflight = 0, nsid;
	struct ring r;
	int fd;

	fd = open(node, O_RDONLY);
	if (fd < 0 || (uring && ring_init(&r, DEPTH, 1))) {
		perror(node);
		return 2;
	}
	nsid = ioctl(fd, NVME_IOCTL_ID);
	if (!uring) {
		struct nvme_passthru_cmd64 c;
		int res;

		for (slot = 0; slot < count; slot++) {
			fill(bufs[0], seed, slot);
			write_cmd(&c, nsid, lba_bytes, slot, bufs[0], 0);
			res = ioctl(fd, NVME_IOCTL_IO64_CMD, &c);
			outcome(slot, res < 0 ? -errno : res);
		}
		return 0;
	}
	while (slot < count || inflight) {
		unsigned int idx[DEPTH], submitted = 0;
		struct io_uring_cqe *cqe;

		while (slot < count && inflight + submitted < DEPTH) {
			struct io_uring_sqe *sqe = ring_sqe(&r, submitted, &idx[submitted]);
			unsigned int b = slot % DEPTH;

			/* Buffer b is free: every write in flight completed below. */
			fill(bufs[b], seed, slot);
			sqe->opcode = IORING_OP_URING_CMD;
			sqe->fd = fd;
			sqe->cmd_op = NVME_URING_CMD_IO;
			sqe->user_data = slot;
			write_cmd(sqe->cmd, nsid, lba_bytes, slot, bufs[b], 1);
			submitted++;
			slot++;
		}
		ring_queue(&r, idx, submitted);
		inflight += submitted;
		/* Wait for all in flight: buffers are reused only once every write is done. */
		if (ring_enter(&r, submitted, inflight) < 0 && errno != EINTR) {
			perror("io_uring_enter");
			return 2;
		}
		while ((cqe = ring_cqe(&r))) {
			outcome(cqe->user_data, cqe->res);
			inflight--;
			ring_cqe_seen(&r);
		}
	}
	return 0;
}

static int do_verify(const char *node, unsigned int count, unsigned int seed, FILE *list)
{
	static unsigned char want[SLOT] __attribute__((aligned(4096)));
	static unsigned char got[SLOT] __attribute__((aligned(4096)));
	unsigned int slot, checked = 0, bad = 0;
	int fd = open(node, O_RDONLY | O_DIRECT);

	if (fd < 0) {
		perror(node);
		return 2;
	}
	while (fscanf(list, "%u", &slot) == 1) {
		if (slot >= count)
			continue;
		fill(want, seed, slot);
		if (pread(fd, got, SLOT, (off_t)slot * SLOT) != SLOT || memcmp(got, want, SLOT)) {
			if (bad++ < 5)
				fprintf(stderr, "slot %u: acknowledged write not on the disk\n", slot);
		}
		checked++;
	}
	printf("verified %u acknowledged writes, %u bad\n", checked, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	int ret;

	if (argc == 8 && !strcmp(argv[1], "write")) {
		acks = fopen(argv[7], "w");
		if (!acks)
			return 2;
		ret = do_write(!strcmp(argv[2], "uring"), argv[3], atoi(argv[4]),
			       strtoul(argv[5], NULL, 0), strtoul(argv[6], NULL, 0));
		fclose(acks);
		printf("%u acknowledged, %u failed with an NVMe status, %u with an errno\n",
		       acked, nvme_failed, errno_failed);
		return ret;
	}
	if (argc == 6 && !strcmp(argv[1], "verify")) {
		FILE *list = fopen(argv[5], "r");

		if (!list)
			return 2;
		return do_verify(argv[2], strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0), list);
	}
	fprintf(stderr, "usage: passthru-writes write ioctl|uring NODE LBA_BYTES COUNT SEED ACKS\n"
		"       passthru-writes verify BLOCK_NODE COUNT SEED ACKS\n");
	return 2;
}

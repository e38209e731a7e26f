// SPDX-License-Identifier: GPL-2.0
/*
 * NVME_IOCTL_SUBMIT_IO, the old read/write interface no nvme-cli command
 * uses any more: writes 8 blocks at LBA 4096 of a namespace block device,
 * reads them back through the same ioctl, and compares.
 *   submit-io BLOCK_NODE      (512 B LBAs)
 */
#include <fcntl.h>
#include <linux/nvme_ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char out[4096] __attribute__((aligned(4096))), in[4096] __attribute__((aligned(4096)));
	struct nvme_user_io io = { .nblocks = 7, .slba = 4096 };
	int fd, ret;

	if (argc != 2 || (fd = open(argv[1], O_RDWR)) < 0) {
		fprintf(stderr, "usage: submit-io BLOCK_NODE\n");
		return 2;
	}
	for (unsigned int i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 7 + 3);
	io.opcode = 0x01;
	io.addr = (uintptr_t)out;
	ret = ioctl(fd, NVME_IOCTL_SUBMIT_IO, &io);
	if (ret) {
		fprintf(stderr, "SUBMIT_IO write: %d\n", ret);
		return 1;
	}
	io.opcode = 0x02;
	io.addr = (uintptr_t)in;
	ret = ioctl(fd, NVME_IOCTL_SUBMIT_IO, &io);
	if (ret || memcmp(in, out, sizeof(in))) {
		fprintf(stderr, "SUBMIT_IO read: %d, data %s\n", ret, memcmp(in, out, sizeof(in)) ? "differs" : "same");
		return 1;
	}
	io.opcode = 0x09;	/* Dataset Management is not a SUBMIT_IO opcode */
	if (ioctl(fd, NVME_IOCTL_SUBMIT_IO, &io) != -1) {
		fprintf(stderr, "SUBMIT_IO accepted opcode 0x09\n");
		return 1;
	}
	return 0;
}

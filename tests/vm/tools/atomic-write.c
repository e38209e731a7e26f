// SPDX-License-Identifier: GPL-2.0
/*
 * One O_DIRECT write with RWF_ATOMIC (Linux 6.11 on), then a read back.
 *
 *   atomic-write BLOCK_NODE OFFSET BYTES
 *
 * Exit status: 0 written and read back equal, 2 refused with EINVAL (the
 * write breaks the disk's atomic limits), 1 anything else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef RWF_ATOMIC
#define RWF_ATOMIC 0x00000040
#endif

int main(int argc, char **argv)
{
	struct iovec iov;
	void *out, *in;
	size_t bytes;
	off_t offset;
	ssize_t done;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: %s BLOCK_NODE OFFSET BYTES\n", argv[0]);
		return 1;
	}
	offset = strtoll(argv[2], NULL, 0);
	bytes = strtoull(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0 || posix_memalign(&out, 4096, bytes) || posix_memalign(&in, 4096, bytes)) {
		perror(argv[1]);
		return 1;
	}
	for (size_t i = 0; i < bytes; i++)
		((unsigned char *)out)[i] = (unsigned char)(i * 7 + offset / 512 + bytes);
	iov.iov_base = out;
	iov.iov_len = bytes;
	done = pwritev2(fd, &iov, 1, offset, RWF_ATOMIC);
	if (done < 0 && errno == EINVAL) {
		printf("refused: %s\n", strerror(errno));
		return 2;
	}
	if (done != (ssize_t)bytes) {
		printf("atomic write of %zu at %lld: %zd (%s)\n", bytes, (long long)offset, done,
		       done < 0 ? strerror(errno) : "short");
		return 1;
	}
	if (pread(fd, in, bytes, offset) != (ssize_t)bytes || memcmp(in, out, bytes)) {
		printf("read back of %zu at %lld differs\n", bytes, (long long)offset);
		return 1;
	}
	printf("written and read back: %zu at %lld\n", bytes, (long long)offset);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * O_DIRECT vectored I/O whose pieces are physically contiguous but never
 * adjacent: each piece is its own segment of one request, so the driver
 * must describe a multi-segment transfer. The pieces sit in a 2 MiB huge
 * page, written from the even 64 KiB-aligned slots in reverse order and
 * read back into the odd ones, then compared.
 *
 *   scatter-io BLOCK_NODE PIECES PIECE_BYTES ROUNDS
 *
 * PIECES * PIECE_BYTES must not exceed the disk's max_sectors_kb; 2 *
 * PIECES slots of PIECE_BYTES must fit in 2 MiB.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#define HUGE_BYTES (2u << 20)
#define MAX_PIECES 64

int main(int argc, char **argv)
{
	struct iovec out[MAX_PIECES], in[MAX_PIECES];
	unsigned int pieces, piece, rounds;
	unsigned char *mem;
	int fd;

	if (argc != 5) {
		fprintf(stderr, "usage: scatter-io BLOCK_NODE PIECES PIECE_BYTES ROUNDS\n");
		return 2;
	}
	pieces = atoi(argv[2]);
	piece = atoi(argv[3]);
	rounds = atoi(argv[4]);
	if (!pieces || pieces > MAX_PIECES || !piece || piece % 4096 ||
	    2ull * pieces * piece > HUGE_BYTES) {
		fprintf(stderr, "scatter-io: bad geometry\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	mem = mmap(NULL, HUGE_BYTES, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap huge page");
		return 1;
	}
	for (unsigned int i = 0; i < pieces; i++) {
		out[i] = (struct iovec){ mem + 2ull * (pieces - 1 - i) * piece, piece };
		in[i] = (struct iovec){ mem + (2ull * i + 1) * piece, piece };
	}
	for (unsigned int r = 0; r < rounds; r++) {
		off_t where = (off_t)r * pieces * piece;

		for (unsigned int i = 0; i < pieces; i++)
			for (unsigned int b = 0; b < piece; b++)
				((unsigned char *)out[i].iov_base)[b] = (unsigned char)(r * 131 + i * 17 + b * 7 + (b >> 9));
		for (unsigned int i = 0; i < pieces; i++)
			memset(in[i].iov_base, 0xee, piece);
		if (pwritev(fd, out, pieces, where) != (ssize_t)pieces * piece) {
			perror("pwritev");
			return 1;
		}
		if (preadv(fd, in, pieces, where) != (ssize_t)pieces * piece) {
			perror("preadv");
			return 1;
		}
		for (unsigned int i = 0; i < pieces; i++)
			if (memcmp(in[i].iov_base, out[i].iov_base, piece)) {
				fprintf(stderr, "round %u piece %u: data differs\n", r, i);
				return 1;
			}
	}
	printf("%u rounds of %u x %u bytes verified\n", rounds, pieces, piece);
	return 0;
}

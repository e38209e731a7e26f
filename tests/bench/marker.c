// SPDX-License-Identifier: GPL-2.0
/*
 * marker start|stop: executes the instruction tests/bench/icount.c watches
 * for, so the plugin starts or stops counting. Without the plugin it is a
 * NOP and the tool does nothing.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "start"))
		asm volatile("nopl 0x4e564d01(%%rax)" ::: "memory");
	else if (argc == 2 && !strcmp(argv[1], "stop"))
		asm volatile("nopl 0x4e564d02(%%rax)" ::: "memory");
	else {
		fprintf(stderr, "usage: marker start|stop\n");
		return 2;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* The split of interrupt-driven queues into write (default) and read sets. */
#include "unit.h"
#include "lib/queue_sets.h"

static void test_split(void)
{
	CHECK_EQ(cnv_read_queues(4, 0), 0, "no write_queues: one shared set");
	CHECK_EQ(cnv_read_queues(1, 2), 0, "a single queue serves both");
	CHECK_EQ(cnv_read_queues(0, 2), 0, "no queue at all");
	CHECK_EQ(cnv_read_queues(3, 1), 2, "2 CPUs + 1 write queue: two read queues");
	CHECK_EQ(cnv_read_queues(5, 4), 1, "the rest reads");
	CHECK_EQ(cnv_read_queues(4, 4), 1, "write_queues as many as queues: one still reads");
	CHECK_EQ(cnv_read_queues(4, 9), 1, "more write_queues than queues");
}

int main(void)
{
	RUN(test_split);
	return unit_finish();
}

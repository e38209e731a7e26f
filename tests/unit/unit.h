/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test harness for the pure-logic files: each test file is one
 * program; CHECK records a failure with what was expected and what was
 * seen, and main() ends with the counts the runner adds up.
 */
#ifndef CNVME_UNIT_H
#define CNVME_UNIT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_checks_failed;
static int unit_tests_passed, unit_tests_failed;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			unit_checks_failed++;                                 \
			fprintf(stderr, "  %s:%d: check failed: %s: ", __FILE__, \
				__LINE__, #cond);                             \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
		}                                                             \
	} while (0)

#define CHECK_EQ(actual, expected, what)                                      \
	CHECK((uint64_t)(actual) == (uint64_t)(expected),                     \
	      "%s: expected %" PRIu64 ", got %" PRIu64, what,                 \
	      (uint64_t)(expected), (uint64_t)(actual))

static inline void unit_run(const char *name, void (*fn)(void))
{
	int before = unit_checks_failed;

	fn();
	if (unit_checks_failed == before) {
		unit_tests_passed++;
		printf("ok   %s\n", name);
	} else {
		unit_tests_failed++;
		printf("FAIL %s\n", name);
	}
}

#define RUN(fn) unit_run(#fn, fn)

static inline int unit_finish(void)
{
	printf("%d passed, %d failed\n", unit_tests_passed, unit_tests_failed);
	return unit_tests_failed ? 1 : 0;
}

#endif

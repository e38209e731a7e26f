# SPDX-License-Identifier: GPL-2.0
#
#   make            build cnvme.ko for the running kernel (or KDIR=...)
#   make demo       set up the host, boot the VM, show cnvme serving disks
#   make check      lint, host unit tests, a short fuzz pass, then the VM
#                   suite on 6.1 and 6.12
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS each (default 300)
#   make check-debug  the same on a 6.12 kernel built with KASAN, lockdep,
#                   kmemleak and more (make debug-kernel builds it, once);
#                   resumable: a rerun on the same tree skips passed cases
#   make stress     1,000 resets, 50 surprise removals, 100,000 malformed
#                   commands and a CPU-hour of fuzzing; resumable, results
#                   in results/stress (scripts/stress)
#   make bench      cnvme against the in-tree driver: IOPS with confidence
#                   intervals (wall clock and on a fixed-speed CPU) and
#                   instructions per I/O (tests/bench/bench)
#
# See README.md for the rest.

KERNELS      ?= 6.1 6.12
KDIR         ?= /lib/modules/$(shell uname -r)/build
TOP          := $(CURDIR)
BUILD        := $(TOP)/build
CFLAGS_HOST  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(TOP)/src

LIB_SRCS     := $(wildcard src/lib/*.c)
UNIT_SRCS    := $(wildcard tests/unit/test_*.c)
UNIT_BINS    := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 300

.PHONY: all module modules deps demo check check-debug debug-kernel bench stress unit fuzz vm lint clean

all: module

# The module for one kernel tree, built in place.
module:
	$(MAKE) -C $(KDIR) M=$(TOP)/src W=1 modules

# The module for each cached Debian kernel, each in its own copy of src/.
modules:
	@for k in $(KERNELS); do scripts/build-module $$k || exit 1; done

deps:
	scripts/setup-host

$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.h tests/unit/prp_model.h $(LIB_SRCS) $(wildcard src/lib/*.h) src/nvme_spec.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) -fsanitize=address,undefined -o $@ $< $(LIB_SRCS)

unit: $(UNIT_BINS)
	@tests/unit/run $(UNIT_BINS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/unit/unit.h tests/unit/prp_model.h $(LIB_SRCS) $(wildcard src/lib/*.h) src/nvme_spec.h
	@mkdir -p $(dir $@)
	clang -std=gnu11 -O1 -g -Wall -Wextra -Werror -I$(TOP)/src \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o $@ $< $(LIB_SRCS)

fuzz: $(FUZZ_BINS)
	@tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_BINS)

vm: modules
	@tests/vm/run-all $(KERNELS)

lint:
	@scripts/lint

check:
	@scripts/check

# Debian's 6.12 source with KASAN, lockdep, kmemleak & co., built once per machine.
debug-kernel:
	@scripts/build-debug-kernel >/dev/null

# The VM suite (with its in-tree reference boot) on the debug kernel.
# Longer than a working session: cases that passed on the same tree are
# kept in a ledger in results/ (commit it), and a later run does the rest.
check-debug: debug-kernel
	@KERNELS=6.12-debug CHECK_FUZZ_SECONDS=10 CNVME_VM_TIMEOUT=$${CNVME_VM_TIMEOUT:-10800} \
		CHECK_LEDGER=$${CHECK_LEDGER:-$(TOP)/results/check-debug} scripts/check

bench:
	@tests/bench/bench

# Faults at scale, about 75 minutes (at most 2 h): scripts/stress.
stress:
	@scripts/stress

demo:
	@scripts/demo

clean:
	rm -rf $(BUILD)
	$(MAKE) -C $(KDIR) M=$(TOP)/src clean 2>/dev/null || true

# Helpers for VM cases (sourced; cases run with set -e). The job file gives
# $ko (the module to test), $top (the repository) and $expected_disks.
# shellcheck shell=bash

# A case run without its job would pass vacuously: refuse.
: "${ko:?job file not loaded}" "${expected_disks:?job file not loaded}"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "--- $*"; }

expect_eq() { # ACTUAL EXPECTED WHAT
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

cnvme_loaded() { grep -q '^cnvme ' /proc/modules; }

# Whether controller $1 offers shadow doorbells (OACS bit 8, Doorbell
# Buffer Config).
offers_shadow_doorbells() { # CTRL
	local oacs
	oacs=$(nvme id-ctrl "/dev/$1" | awk '$1 == "oacs" { print $3 }')
	[ $((oacs & 0x100)) != 0 ]
}

# One of controller $1's doorbell counters (sq_mmio, sq_shadow_only, cq_mmio,
# cq_shadow_only) from debugfs.
doorbell_count() { # CTRL COUNTER
	awk -v k="$2" '$1 == k { print $2 }' "/sys/kernel/debug/cnvme/$1/doorbells"
}
intree_loaded() { grep -qE '^nvme(_core)? ' /proc/modules; }

# Lines of the kernel log that no case may produce; prints the first, after
# the line that says why when it is a bare "Call Trace:" (e.g. "irq 20:
# nobody cared"), skipping the CPU, taint and hardware lines between.
kernel_complaints() {
	awk '/WARNING:|BUG:|Oops|general protection|Call Trace|KASAN|UBSAN|KFENCE|kernel BUG|INFO: task .* blocked|possible recursive locking|circular locking|inconsistent lock state|lock inversion|DMA-API|list_add corruption|list_del corruption|refcount_t:|double free|use-after-free|DMAR: \[DMA (Read|Write)|DMAR: DRHD: handling fault|swiotlb buffer is full/ {
		print (/Call Trace/ && why != "" ? why " ... " : "") $0
		found = 1
		exit
	}
	!/CPU: |Tainted: |Hardware name: / { why = $0 }
	END { exit !found }'
}

# Waits (bounded) until every named disk exists with its device node.
wait_disks() {
	local deadline=$(($(date +%s) + ${DISK_WAIT:-120})) d missing
	while :; do
		missing=
		for d in "$@"; do
			[ -e "/sys/block/$d" ] && [ -b "/dev/$d" ] || missing="$missing $d"
		done
		[ -z "$missing" ] && return 0
		[ "$(date +%s)" -lt "$deadline" ] || fail "disks did not appear:$missing"
		sleep 0.2
	done
}

wait_gone() {
	local deadline=$(($(date +%s) + 60)) d
	for d in "$@"; do
		while [ -e "/sys/block/$d" ]; do
			[ "$(date +%s)" -lt "$deadline" ] || fail "disk $d did not go away"
			sleep 0.2
		done
	done
}

# shellcheck disable=SC2086
cnvme_load() {
	insmod "$ko" || fail "insmod $ko"
	wait_disks $expected_disks
}

cnvme_unload() {
	rmmod cnvme || fail "rmmod cnvme"
	! ls /sys/block | grep -q '^nvme' || fail "disks left after rmmod: $(ls /sys/block | grep nvme | tr '\n' ' ')"
}

lbaf_of() { # DISK BYTES -> index of the LBA format with that size and no metadata
	nvme id-ns "/dev/$1" | sed -nE "s/^lbaf +([0-9]+) *: *ms:0 +lbads:$(($2 == 512 ? 9 : 12)) .*/\1/p" | head -1
}
disk_bytes() { echo $(($(cat "/sys/block/$1/size") * 512)); }
lba_size() { cat "/sys/block/$1/queue/logical_block_size"; }
queue_attr() { cat "/sys/block/$1/queue/$2"; }

# The PCI address of a disk's controller, from its sysfs path.
disk_bdf() { readlink -f "/sys/block/$1" | grep -oE "[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]" | tail -1; }

# MemAvailable plus the pages parked on the per-CPU free lists, which it
# leaves out: those lists hold several MiB that come and go with whatever
# freed last, and would read as a leak.
mem_available_kb() {
	local pcp
	pcp=$(awk '$1 == "count:" { s += $2 } END { print s * 4 }' /proc/zoneinfo)
	awk -v pcp="$pcp" '/^MemAvailable:/ { print $2 + pcp }' /proc/meminfo
}

# fio with the options every data case shares; extra options follow.
fio_run() {
	fio --output-format=terse --terse-version=3 --minimal --direct=1 \
		--ioengine=libaio --group_reporting --thread "$@" >/tmp/fio.out 2>/tmp/fio.err || {
		cat /tmp/fio.err >&2
		fail "fio $*"
	}
	if grep -qiE 'verify|bad magic|crc' /tmp/fio.err; then
		cat /tmp/fio.err >&2
		fail "fio reported a verification problem: $*"
	fi
}

# Runs an HMP command in QEMU's monitor (through tests/vm/monitor-relay on
# the host) and prints its output.
qemu_monitor() {
	local dir=$out/monitor id=req.$$.$RANDOM i
	mkdir -p "$dir"
	printf '%s\n' "$*" >"$dir/$id.tmp"
	mv "$dir/$id.tmp" "$dir/$id.req"
	for i in $(seq 300); do
		if [ -e "$dir/$id.resp" ]; then
			cat "$dir/$id.resp"
			rm -f "$dir/$id.resp"
			return 0
		fi
		sleep 0.1
	done
	fail "QEMU monitor did not answer '$*'"
}

# Waits up to SECONDS for background PID (a child of this shell) to end and
# leaves its exit status in /tmp/rc.PID; false if it is still running.
timeout_wait() {
	local pid=$1 seconds=$2 i
	for ((i = 0; i < seconds * 2; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid"
			echo $? >/tmp/rc.$pid
			return 0
		fi
		sleep 0.5
	done
	return 1
}

# Waits until background job PID's I/O reaches DISK (the disk's count of
# completed reads and writes grows), so a fault injected next hits running
# I/O. A fixed sleep is not enough on a slow debug kernel: fio that starts
# after a removal took the node away creates a regular file of that name
# and runs on it.
io_flowing() { # DISK PID
	local disk=$1 pid=$2 before i
	before=$(awk '{print $1 + $5}' "/sys/block/$disk/stat")
	for ((i = 0; i < 240; i++)); do
		[ "$(awk '{print $1 + $5}' "/sys/block/$disk/stat")" -gt "$before" ] && return 0
		kill -0 "$pid" 2>/dev/null || fail "the job on $disk ended before its I/O began"
		sleep 0.25
	done
	fail "no I/O reached $disk within 60 s"
}

# Fails if a task stays in uninterruptible sleep (D) across 3 samples over
# 2 s, once the case's own I/O has ended: a wait on the device that never
# finishes, found long before the kernel's 120 s hung-task report.
no_stuck_tasks() {
	local a b c
	a=$(ps -eo pid=,stat=,comm= | awk '$2 ~ /^D/ {print $1 ":" $3}' | sort)
	sleep 1
	b=$(ps -eo pid=,stat=,comm= | awk '$2 ~ /^D/ {print $1 ":" $3}' | sort)
	sleep 1
	c=$(ps -eo pid=,stat=,comm= | awk '$2 ~ /^D/ {print $1 ":" $3}' | sort)
	a=$(comm -12 <(echo "$a") <(echo "$b") | comm -12 - <(echo "$c") | grep . || true)
	[ -z "$a" ] || fail "tasks stuck in D state: $(echo $a)"
}

# Waits up to SECONDS until COMMAND succeeds (run by eval), else fails with WHAT.
wait_until() { # SECONDS WHAT COMMAND...
	local seconds=$1 what=$2 deadline=$(($(date +%s) + $1))
	shift 2
	until eval "$@"; do
		[ "$(date +%s)" -lt "$deadline" ] || fail "$what: not within $seconds s"
		sleep 0.25
	done
}

# Count of kernel log lines matching an extended regex.
log_count() { dmesg | grep -cE "$1" || true; }

# Rebinds the controller at PCI address $1 to cnvme and waits for the disks named after it.
rebind() { # BDF DISK...
	local bdf=$1
	shift
	echo "$bdf" >/sys/bus/pci/drivers/cnvme/unbind
	wait_gone "$@"
	echo "$bdf" >/sys/bus/pci/drivers/cnvme/bind
	wait_disks "$@"
}

# Starts a reset of controller $1 whose first admin command is lost
# (drop_reset_command), and returns once it is: the reset is then under
# way, and stays so until that command's timeout (5 s, the bound on each
# command of a reset), whatever lands meanwhile.
reset_under_way() { # CTRL
	local lost
	lost=$(log_count 'reset command opcode .* will not complete')
	echo 1 >/sys/kernel/debug/cnvme/$1/drop_reset_command
	echo 1 >/sys/class/nvme/$1/reset_controller 2>/dev/null &
	wait_until 10 "$1's reset under way" \
		'[ "$(log_count "reset command opcode .* will not complete")" -gt '"$lost"' ]'
}

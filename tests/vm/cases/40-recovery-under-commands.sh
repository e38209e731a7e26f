# Recovery that overlaps what user space has under way:
# - controller resets (sysfs, every 0.3 s) while passthrough writes are in
#   flight on nvme0's generic node, through the ioctl and the io_uring
#   paths: a command that meets a reset waits for it (none fails with an
#   errno; an NVMe status is a clean failure), the run ends within 180 s,
#   and every acknowledged write reads back through the block device;
# - on 6.12 (see case 23 for why not 6.1), suspend-to-idle with
#   pm_test=devices while a reset is under way (its first admin command
#   is lost, so it lasts 5 s): the suspend waits for the reset, every
#   controller resumes live, and verified I/O runs on across both.
ctrl=nvme0
gcc -O2 -Wall -o /tmp/passthru-writes "$top/tests/vm/tools/passthru-writes.c"
lbs=$(lba_size nvme0n1)

# Enough 4 KiB writes for several seconds under TCG (io_uring keeps 8 in flight).
for path in ioctl:20000 uring:60000; do
	count=${path#*:}
	path=${path%:*}
	note "resets during $path passthrough writes"
	seed=$((RANDOM + 1))
	resets=$(log_count 'nvme0: controller reset$')
	/tmp/passthru-writes write $path /dev/ng0n1 "$lbs" $count $seed /tmp/acks.$path \
		>/tmp/pw.$path.out 2>&1 &
	writer=$!
	(while kill -0 $writer 2>/dev/null; do
		echo 1 >/sys/class/nvme/$ctrl/reset_controller 2>/dev/null
		sleep 0.3
	done) &
	resetter=$!
	timeout_wait $writer 180 || fail "$path passthrough writes still running after 180 s"
	[ "$(cat /tmp/rc.$writer)" = 0 ] || { cat /tmp/pw.$path.out; fail "$path writer failed"; }
	timeout_wait $resetter 30 || fail "reset loop did not stop"
	n=$(($(log_count 'nvme0: controller reset$') - resets))
	note "$(cat /tmp/pw.$path.out); $n resets"
	[ "$n" -ge 3 ] || fail "only $n resets overlapped the $path writes"
	# A command that meets a reset waits for it (as the in-tree driver's
	# held queues make it wait) rather than failing with EBUSY.
	grep -q ' 0 with an errno$' /tmp/pw.$path.out || fail "$path commands failed with an errno across resets"
	wait_until 30 "nvme0 live" '[ "$(cat /sys/class/nvme/$ctrl/state)" = live ]'
	/tmp/passthru-writes verify /dev/nvme0n1 $count $seed /tmp/acks.$path ||
		fail "an acknowledged $path write is not on the disk"
done
no_stuck_tasks

case $(uname -r) in 6.[0-9].* | 6.1[01].*) note "suspend part skipped: virtio-9p root would not survive suspend on $(uname -r)"; exit 0 ;; esac
[ -w /sys/power/pm_test ] || skip "no /sys/power/pm_test"
grep -qw freeze /sys/power/state || skip "no suspend-to-idle"
note "suspend while a reset is under way"
ctrls=$(ls /sys/bus/pci/drivers/cnvme | grep -c '^0000:')
fio --name=sleep-io --filename=/dev/nvme0n1 --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=16 --size=32M --loops=2 --verify=crc32c --verify_fatal=1 \
	--verify_backlog=256 --randseed=40 >/tmp/sleep-fio.out 2>&1 &
load=$!
io_flowing nvme0n1 $load
echo devices >/sys/power/pm_test
trap 'echo none >/sys/power/pm_test; echo 0 >/sys/kernel/debug/cnvme/nvme0/drop_reset_command' EXIT
resumed=$(log_count 'controller resumed$')
reset_under_way nvme0
start=$(date +%s)
timeout 120 sh -c 'echo freeze >/sys/power/state' || fail "suspend failed or hung: $(dmesg | tail -3)"
note "suspended and resumed in $(($(date +%s) - start)) s"
expect_eq "$(($(log_count 'controller resumed$') - resumed))" "$ctrls" "controllers resumed"
for c in /sys/class/nvme/nvme*; do
	expect_eq "$(cat "$c/state")" live "$(basename "$c") state after resume"
done
timeout_wait $load 240 || fail "verified I/O did not finish after resume"
[ "$(cat /tmp/rc.$load)" = 0 ] || { tail -5 /tmp/sleep-fio.out; fail "verified I/O failed across the reset and suspend"; }
no_stuck_tasks
fio_run --name=sleep-io --filename=/dev/nvme0n1 --rw=randwrite --bs=4k --iodepth=16 \
	--size=32M --verify=crc32c --verify_fatal=1 --randseed=40 --verify_only

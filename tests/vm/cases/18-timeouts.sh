# Timeouts and their recovery, driven by cnvme's fault injection knobs
# (src/fault.h): a lost interrupt is found by polling; a lost completion
# is aborted, then the controller is reset and the command sent again
# with nothing lost; a reset whose first attempt fails tries again; a
# controller whose queues cannot be recreated in any attempt is dead: its
# I/O fails at once, and it can still be unbound and bound again.
knobs=/sys/kernel/debug/cnvme/nvme0
[ -d $knobs ] || fail "no fault injection knobs at $knobs"
disk=nvme0n1
bdf=$(disk_bdf $disk)
timeout_ms=2000
echo $timeout_ms >/sys/block/$disk/queue/io_timeout
rw=(--name=timeouts --filename=/dev/$disk --rw=randwrite --bs=4k --size=8M
	--verify=crc32c --verify_fatal=1 --randseed=18)
log_count() { dmesg | grep -c "$1" || true; }

note "lost interrupt: the timeout handler polls the completion"
echo 1 >$knobs/lose_interrupt
start=$(date +%s%N)
fio_run "${rw[@]}" --iodepth=1 --io_size=512k --do_verify=1
ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "$(cat $knobs/lose_interrupt)" 0 "lose_interrupt consumed"
expect_eq "$(log_count 'completion found without interrupt')" 1 "polled completions"
[ "$ms" -ge $timeout_ms ] || fail "recovered in $ms ms, before the ${timeout_ms} ms timeout"
expect_eq "$(log_count 'resetting controller')" 0 "resets for a lost interrupt"

note "lost completion under load: abort, then reset, then retry"
echo 50 >$knobs/drop_completion
fio_run "${rw[@]}" --iodepth=8 --io_size=4M --do_verify=1
expect_eq "$(cat $knobs/drop_completion)" 0 "drop_completion consumed"
expect_eq "$(log_count 'completion of command .* dropped')" 1 "dropped completions"
expect_eq "$(log_count 'timed out, aborting')" 1 "aborts sent"
dmesg | grep -qE 'command 0x[0-9a-f]+ (not aborted|aborted)' || fail "no abort outcome logged"
expect_eq "$(log_count 'timed out, resetting controller')" 1 "resets after the abort"
expect_eq "$(log_count 'controller reset$')" 1 "completed resets"
expect_eq "$(cat /sys/class/nvme/nvme0/state)" live "state after recovery"
fio_run "${rw[@]}" --iodepth=8 --io_size=4M --verify_only

note "a reset whose first attempt cannot recreate the queues tries again"
echo 1 >$knobs/fail_queue_creation
nvme reset /dev/nvme0 || fail "reset failed although only its first attempt could not create a queue"
expect_eq "$(cat /sys/class/nvme/nvme0/state)" live "state after the retried reset"
expect_eq "$(log_count 'reset attempt 1 of 3 failed')" 1 "attempts retried"
fio_run "${rw[@]}" --iodepth=8 --io_size=4M --verify_only

note "reset that cannot recreate the queues in any attempt: the controller is dead"
echo 3 >$knobs/fail_queue_creation
if nvme reset /dev/nvme0 2>/tmp/reset.err; then
	fail "reset succeeded although queue creation failed"
fi
expect_eq "$(cat /sys/class/nvme/nvme0/state)" dead "state after failed reset"
expect_eq "$(log_count 'reset attempt [12] of 3 failed')" 3 "attempts before giving up"
start=$(date +%s)
if timeout 20 dd if=/dev/$disk of=/dev/null bs=4k count=1 iflag=direct 2>/tmp/dd.err; then
	fail "read from a dead controller succeeded"
fi
[ $(($(date +%s) - start)) -le 5 ] || fail "I/O to a dead controller took $(($(date +%s) - start)) s to fail"
grep -q 'Input/output error' /tmp/dd.err || fail "dead controller read: $(cat /tmp/dd.err)"

note "unbind and bind the dead controller"
echo "$bdf" >/sys/bus/pci/drivers/cnvme/unbind
wait_gone $disk
echo "$bdf" >/sys/bus/pci/drivers/cnvme/bind
wait_disks $disk
expect_eq "$(cat /sys/class/nvme/nvme0/state)" live "state after rebinding"
expect_eq "$(cat $knobs/fail_queue_creation)" 0 "knob of the new controller"
fio_run "${rw[@]}" --iodepth=8 --io_size=4M --verify_only

# Format NVM through passthrough while I/O runs, and a reset while a Format
# is outstanding (nvme2: namespace 2 is formatted, namespace 1 carries a
# verified load throughout and is never held, as FNA does not extend a
# format to it):
# - I/O issued between the Format and the rescan that follows it waits
#   and is then built for the new format (a fault knob widens that window
#   to 3 s): what it wrote reads back where it was written, and a reader
#   running across the Format sees no error;
# - a Format that the controller never answers holds the namespace's I/O
#   until a reset cancels it; then the namespace follows what the
#   controller did (the Format took effect), and held I/O goes on, within
#   30 s of the reset.
ctrl=nvme2
bdf=$(disk_bdf nvme2n1)
knobs=/sys/kernel/debug/cnvme/$ctrl
f4k=$(lbaf_of nvme2n2 4096)
f512=$(lbaf_of nvme2n2 512)
[ -n "$f4k" ] && [ -n "$f512" ] || fail "no 4 KiB or 512 B format on nvme2n2"
restore() {
	echo 0 >$knobs/delay_passthrough_rescan_ms
	echo 0 >$knobs/drop_passthrough_command
	[ "$(lba_size nvme2n2 2>/dev/null)" = 512 ] ||
		timeout 60 nvme format /dev/nvme2n2 --lbaf="$f512" --force >/dev/null 2>&1 || true
}
trap restore EXIT
fna=$(nvme id-ctrl /dev/$ctrl | sed -nE 's/^fna +: +//p')
[ $((fna & 1)) = 0 ] || skip "FNA bit 0: a format here would format namespace 1 too"
[ "$(lba_size nvme2n2)" = 512 ] || nvme format /dev/nvme2n2 --lbaf="$f512" --force >/dev/null

verified_load() { # DISK SEED: crc32c-verified random writes, verified as they go
	fio --name=load --filename=/dev/$1 --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
		--iodepth=16 --size=16M --loops=3 --verify=crc32c --verify_fatal=1 \
		--verify_backlog=128 --randseed=$2 >/tmp/load-$1.out 2>&1
}
reader() { # DISK: 4 KiB reads until stopped; fails on any I/O error
	# exec: the job's PID is fio's, so stopping the job stops fio, which
	# otherwise keeps the disk (and its controller's number) for 600 s.
	exec fio --name=reader --filename=/dev/$1 --direct=1 --ioengine=libaio --rw=randread --bs=4k \
		--iodepth=8 --size=64M --time_based --runtime=600 >/tmp/reader-$1.out 2>&1
}
job_ok() { # PID WHAT BOUND
	timeout_wait $1 $3 || fail "$2 still running after $3 s"
	[ "$(cat /tmp/rc.$1)" = 0 ] || fail "$2 failed"
}

note "format nvme2n2 to 4 KiB under I/O; I/O issued before the rescan waits for it"
verified_load nvme2n1 39 &
load=$!
io_flowing nvme2n1 $load
reader nvme2n2 &
rd=$!
io_flowing nvme2n2 $rd
echo 3000 >$knobs/delay_passthrough_rescan_ms
start=$(date +%s)
timeout 60 nvme format /dev/nvme2n2 --lbaf="$f4k" --force >/tmp/format.out 2>&1 &
fmt=$!
sleep 1
# Written (and verified) in the window between the Format and its rescan.
fio --name=window --filename=/dev/nvme2n2 --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=8 --size=4M --verify=crc32c --verify_fatal=1 --do_verify=1 \
	--randseed=391 >/tmp/window.out 2>&1 &
window=$!
job_ok $fmt "nvme format" 60
note "format and rescan took $(($(date +%s) - start)) s"
echo 0 >$knobs/delay_passthrough_rescan_ms
job_ok $window "I/O issued before the rescan" 60
expect_eq "$(lba_size nvme2n2)" 4096 "nvme2n2 block size after the format"
kill $rd
timeout_wait $rd 30 || fail "reader did not stop"
grep -q '^reader: (groupid' /tmp/reader-nvme2n2.out || fail "the reader left no summary"
grep -qE 'err= *[1-9]|error=' /tmp/reader-nvme2n2.out && {
	grep -E 'err= *[1-9]|error=' /tmp/reader-nvme2n2.out | head -5
	fail "reads across the format saw errors"
}
# Where the window's writes landed: read back through the new format.
fio_run --name=window --filename=/dev/nvme2n2 --rw=randwrite --bs=4k --size=4M \
	--verify=crc32c --verify_fatal=1 --randseed=391 --verify_only

note "a reset while a Format is outstanding"
echo 1 >$knobs/drop_passthrough_command
timeout 120 nvme format /dev/nvme2n2 --lbaf="$f512" --force --timeout=90000 >/tmp/format.out 2>&1 &
fmt=$!
wait_until 30 "the Format was sent" \
	'[ "$(log_count "passthrough command opcode 0x80 will not complete")" = 1 ]'
dd if=/dev/nvme2n2 of=/dev/null bs=4k count=4 iflag=direct status=none &
held=$!
sleep 2
kill -0 $held 2>/dev/null || fail "a read went through while the Format was outstanding"
start=$(date +%s)
echo 1 >/sys/class/nvme/$ctrl/reset_controller
timeout_wait $fmt 30 || fail "nvme format still waiting 30 s after the reset"
note "format ended $(($(date +%s) - start)) s after the reset: $(head -c 200 /tmp/format.out)"
timeout_wait $held 30 || fail "the held read still waiting 30 s after the reset"
[ "$(cat /tmp/rc.$held)" = 0 ] || fail "the held read failed"
# The controller carried the Format out; the disk follows it.
wait_until 30 "nvme2n2 back at 512 B" '[ "$(lba_size nvme2n2)" = 512 ]'
fio_run --name=after --filename=/dev/nvme2n2 --rw=randwrite --bs=512 --size=4M \
	--iodepth=8 --verify=crc32c --verify_fatal=1 --do_verify=1
job_ok $load "verified I/O on nvme2n1" 240
no_stuck_tasks
fio_run --name=load --filename=/dev/nvme2n1 --rw=randwrite --bs=4k --size=16M \
	--verify=crc32c --verify_fatal=1 --randseed=39 --verify_only

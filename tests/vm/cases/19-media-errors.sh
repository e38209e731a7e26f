# Media errors from the backing store (QEMU blkdebug under nvme5 fails
# reads of sector 4096 and writes of sector 8192 with EIO): the controller
# reports Unrecovered Read Error / Write Fault, which allows retries; block
# I/O is retried a bounded number of times and then fails with the status
# the in-tree driver gives (BLK_STS_MEDIUM, ENODATA to the application);
# passthrough is not retried; the log is rate-limited; no reset happens and
# the rest of the disk keeps working.
disk=nvme5n1
trace=$out/qemu-trace.log
max_retries=5
aio_errors() { grep -c pci_nvme_err_aio "$trace" || true; }
driver_lines() { dmesg | grep -c "cnvme .*$disk: $1 of sector" || true; }
[ "$(lba_size $disk)" = 512 ] || fail "expected 512 B blocks on $disk"

fio_run --name=good --filename=/dev/$disk --offset=8M --size=16M --bs=4k --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --randseed=19 --do_verify=1

note "read of a failing block"
before=$(aio_errors)
if dd if=/dev/$disk of=/dev/null bs=512 skip=4096 count=1 iflag=direct 2>/tmp/dd.err; then
	fail "read of a failing block succeeded"
fi
grep -q 'No data available' /tmp/dd.err || fail "read error: $(cat /tmp/dd.err)"
expect_eq $(($(aio_errors) - before)) $((max_retries + 1)) "attempts of the failing read"
expect_eq "$(driver_lines READ)" 1 "driver log lines for the read"
dmesg | grep -q "$disk: READ of sector 4096 failed, status 0x281 after $max_retries retries" ||
	fail "read error log: $(dmesg | grep "$disk" | tail -1)"

note "write of a failing block"
before=$(aio_errors)
if dd if=/dev/zero of=/dev/$disk bs=512 seek=8192 count=1 oflag=direct 2>/tmp/dd.err; then
	fail "write of a failing block succeeded"
fi
grep -q 'No data available' /tmp/dd.err || fail "write error: $(cat /tmp/dd.err)"
expect_eq $(($(aio_errors) - before)) $((max_retries + 1)) "attempts of the failing write"
dmesg | grep -q "$disk: WRITE of sector 8192 failed, status 0x280 after $max_retries retries" ||
	fail "write error log: $(dmesg | grep "$disk" | tail -1)"

note "passthrough read: one attempt, status to the caller"
before=$(aio_errors)
if nvme read /dev/$disk --start-block=4096 --block-count=0 --data-size=512 --data=/tmp/pt.bin \
	>/tmp/pt.out 2>&1; then
	fail "passthrough read of a failing block succeeded"
fi
grep -qi 'unrecovered read' /tmp/pt.out || fail "passthrough status: $(cat /tmp/pt.out)"
expect_eq $(($(aio_errors) - before)) 1 "attempts of the passthrough read"

note "many failures: the log stays rate-limited"
dmesg -C
start=$(date +%s)
for _ in $(seq 100); do
	dd if=/dev/$disk of=/dev/null bs=512 skip=4096 count=1 iflag=direct 2>/dev/null && fail "read succeeded"
done
# dev_err_ratelimited: at most 10 lines per 5 s window. A window opens with
# the first line after the previous one closed, which may be the single
# read's line above, so L seconds meet at most ceil(L / 5) + 1 windows;
# whole seconds from date make L less than the difference plus 1.
elapsed=$(($(date +%s) - start))
allowed=$((10 * ((elapsed + 1 + 4) / 5 + 1)))
lines=$(driver_lines READ)
note "$lines log lines for 100 failed reads in $elapsed s"
# Only reads faster than the limit test it (the debug kernel is too slow).
[ "$allowed" -lt 100 ] || note "the reads were too slow for the rate limit to bind"
[ "$lines" -le "$allowed" ] || fail "$lines log lines for 100 failed reads ($allowed allowed)"

note "the disk stays healthy"
expect_eq "$(cat /sys/class/nvme/nvme5/state)" live "controller state"
dmesg | grep -q 'resetting controller' && fail "a media error reset the controller"
fio_run --name=good --filename=/dev/$disk --offset=8M --size=16M --bs=4k --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --randseed=19 --verify_only
dd if=/dev/$disk of=/dev/null bs=512 skip=4095 count=1 iflag=direct status=none ||
	fail "the block before the failing one is unreadable"

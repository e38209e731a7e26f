# io_uring passthrough on the generic nodes: fio's io_uring_cmd engine
# writes and verifies through /dev/ngNnM (512 B and 4 KiB namespaces, queue
# depth 1 and 32), and a block-device read sees the same data; fio's
# hipri, fixedbufs and registerfiles alone and together, with registered
# buffers pinned once rather than per command.
fio --enghelp 2>/dev/null | grep -qw io_uring_cmd || skip "this fio has no io_uring_cmd engine"
for ng in ng0n1 ng1n1; do
	for qd in 1 32; do
		common=(--name="$ng-qd$qd" --filename="/dev/$ng" --ioengine=io_uring_cmd --cmd_type=nvme
			--size=16M --bsrange=4k-64k --iodepth=$qd --verify=crc32c --verify_fatal=1 --randseed=$qd)
		note "$ng qd$qd: write and verify through io_uring passthrough"
		fio --output-format=terse --minimal --thread "${common[@]}" --rw=randwrite --do_verify=1 \
			>/tmp/uring.out 2>&1 || { cat /tmp/uring.out; fail "fio io_uring_cmd on $ng qd$qd"; }
		fio --output-format=terse --minimal --thread "${common[@]}" --rw=randwrite --verify_only \
			>/tmp/uring.out 2>&1 || { cat /tmp/uring.out; fail "verify-only on $ng qd$qd"; }
	done
done
# fio's fast-path options, alone and together: polled completion (hipri,
# an IOPOLL ring; no poll queues here, so interrupts complete it, case 26
# has poll queues), registered buffers and registered files.
for opts in "--hipri" "--fixedbufs" "--registerfiles" "--hipri --fixedbufs --registerfiles"; do
	# shellcheck disable=SC2086
	fio_pass=(--name=fast --filename=/dev/ng1n1 --ioengine=io_uring_cmd --cmd_type=nvme --size=8M
		--bs=4k --iodepth=16 --verify=crc32c --verify_fatal=1 --randseed=15 $opts)
	fio --output-format=terse --minimal --thread "${fio_pass[@]}" --rw=randwrite --do_verify=1 \
		>/tmp/uring.out 2>&1 || { cat /tmp/uring.out; fail "fio io_uring_cmd $opts"; }
	note "io_uring_cmd $opts: 2048 writes verified"
done

# Registered buffers are used as such: an ordinary buffer's pages are
# pinned for each command (where the kernel pins, and counts it, as 6.12
# does; 6.1 takes plain references), a registered one's once, when fio
# registers it.
pins() { awk '$1 == "nr_foll_pin_acquired" {print $2}' /proc/vmstat; }
pinned_by() { # fio options...: pages pinned during 2048 4 KiB reads
	local before
	before=$(pins)
	fio --output-format=terse --minimal --thread --name=pins --filename=/dev/ng1n1 \
		--ioengine=io_uring_cmd --cmd_type=nvme --size=8M --bs=4k --iodepth=16 --rw=randread \
		"$@" >/tmp/uring.out 2>&1 || { cat /tmp/uring.out; fail "fio io_uring_cmd reads $*"; }
	echo $(($(pins) - before))
}
if [ -n "$(pins)" ]; then
	plain=$(pinned_by)
	fixed=$(pinned_by --fixedbufs)
	note "pages pinned for 2048 reads: $plain with ordinary buffers, $fixed with registered ones"
	if [ "$plain" -ge 2048 ]; then
		[ "$fixed" -lt 512 ] || fail "registered buffers pinned $fixed pages for 2048 reads"
	fi
fi

# The same data, read back through the block device with libaio.
fio_run --name=ng0n1-qd32 --filename=/dev/nvme0n1 --size=16M --bsrange=4k-64k --iodepth=32 \
	--verify=crc32c --verify_fatal=1 --randseed=32 --rw=randwrite --verify_only

# What fio does not send: admin commands (also through the controller node),
# the vectored variants, and the command result in the big CQE.
gcc -O2 -Wall -o /tmp/uring-passthru "$top/tests/vm/tools/uring-passthru.c"
/tmp/uring-passthru /dev/nvme0 /dev/ng0n1 /dev/nvme0n1 cnvme-lba512 || fail "raw io_uring passthrough"

# io_uring passthrough on the generic nodes: fio's io_uring_cmd engine
# writes and verifies through /dev/ngNnM (512 B and 4 KiB namespaces, queue
# depth 1 and 32), and a block-device read sees the same data.
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
# The same data, read back through the block device with libaio.
fio_run --name=ng0n1-qd32 --filename=/dev/nvme0n1 --size=16M --bsrange=4k-64k --iodepth=32 \
	--verify=crc32c --verify_fatal=1 --randseed=32 --rw=randwrite --verify_only

# What fio does not send: admin commands (also through the controller node),
# the vectored variants, and the command result in the big CQE.
gcc -O2 -Wall -o /tmp/uring-passthru "$top/tests/vm/tools/uring-passthru.c"
/tmp/uring-passthru /dev/nvme0 /dev/ng0n1 /dev/nvme0n1 cnvme-lba512 || fail "raw io_uring passthrough"

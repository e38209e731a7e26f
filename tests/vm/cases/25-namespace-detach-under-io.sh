# The device changes under the driver: namespace 2 of nvme2 is detached
# while I/O runs on it (as any admin tool may do). cnvme rescans, the disk
# goes away, its I/O ends with errors within 30 s, the sibling namespace
# keeps serving verified I/O throughout, and attaching the namespace again
# brings the disk back with the data written before.
cntlid=$(cat /sys/class/nvme/nvme2/cntlid)
keep=(--name=keep --filename=/dev/nvme2n2 --size=8M --bs=16k --iodepth=8 --rw=randwrite
	--verify=crc32c --verify_fatal=1 --randseed=25)
fio_run "${keep[@]}" --do_verify=1
trap '[ -e /sys/block/nvme2n2 ] || nvme attach-ns /dev/nvme2 --namespace-id=2 --controllers="$cntlid" >/dev/null 2>&1' EXIT

fio --name=sibling --filename=/dev/nvme2n1 --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=16 --size=16M --loops=3 --verify=crc32c --verify_fatal=1 \
	--verify_backlog=128 --randseed=26 >/tmp/sibling.out 2>&1 &
sibling=$!
fio --name=busy --filename=/dev/nvme2n2 --offset=32M --size=32M --direct=1 --ioengine=libaio \
	--rw=randrw --bs=4k --iodepth=16 --time_based --runtime=120 >/tmp/busy.out 2>&1 &
busy=$!
io_flowing nvme2n2 $busy
nvme detach-ns /dev/nvme2 --namespace-id=2 --controllers="$cntlid" >/dev/null ||
	fail "detach-ns failed"
wait_gone nvme2n2
timeout_wait $busy 30 || fail "I/O on the detached namespace still running 30 s later"
[ "$(cat /tmp/rc.$busy)" != 0 ] || fail "I/O on the detached namespace saw no error"
timeout_wait $sibling 120 || fail "sibling I/O did not finish"
[ "$(cat /tmp/rc.$sibling)" = 0 ] || { tail -5 /tmp/sibling.out; fail "sibling namespace I/O failed"; }

nvme attach-ns /dev/nvme2 --namespace-id=2 --controllers="$cntlid" >/dev/null ||
	fail "attach-ns failed"
wait_disks nvme2n2
fio_run "${keep[@]}" --verify_only

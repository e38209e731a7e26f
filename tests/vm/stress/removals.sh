# make stress: STRESS_REMOVALS surprise removals (default 50) of nvme7
# (behind a PCIe root port) with device_del through QEMU's monitor while
# reads and writes run, each followed by device_add and a verify of the
# 8 MiB written and acknowledged (fio --do_verify) just before it, with a
# new seed each time. Each removal ends the load within 30 s and the disk
# returns within 60 s. Ends with "stress-count removals N".
want=${STRESS_REMOVALS:-50}
disk=nvme7n1
bdf=$(disk_bdf $disk)
[ -n "$bdf" ] || fail "no PCI address for $disk"
trap '[ -e /sys/bus/pci/devices/$bdf ] || qemu_monitor "device_add $hotplug_device" >/dev/null' EXIT
n=0
start=$(date +%s)
while [ $n -lt "$want" ]; do
	keep=(--name=keep --filename=/dev/$disk --size=8M --bs=16k --iodepth=8 --rw=randwrite
		--verify=crc32c --verify_fatal=1 --randseed=$((n + 100)))
	fio_run "${keep[@]}" --do_verify=1
	fio --name=busy --filename=/dev/$disk --offset=32M --size=16M --direct=1 --ioengine=libaio \
		--rw=randrw --bs=4k --iodepth=16 --time_based --runtime=120 >/tmp/busy.out 2>&1 &
	busy=$!
	io_flowing $disk $busy
	qemu_monitor "device_del c6" >/dev/null
	wait_gone $disk
	timeout_wait $busy 30 || fail "load still running 30 s after removal $((n + 1))"
	for _ in $(seq 120); do [ -e "/sys/bus/pci/devices/$bdf" ] || break; sleep 0.5; done
	[ ! -e "/sys/bus/pci/devices/$bdf" ] || fail "$bdf still present after device_del $((n + 1))"
	qemu_monitor "device_add $hotplug_device" >/dev/null
	wait_disks $disk
	fio_run "${keep[@]}" --verify_only
	n=$((n + 1))
	[ $((n % 10)) != 0 ] || note "$n removals in $(($(date +%s) - start)) s"
done
no_stuck_tasks
echo "stress-count removals $n"

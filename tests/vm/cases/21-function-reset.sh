# A PCI function level reset requested through sysfs while verified I/O
# runs: cnvme's reset_prepare takes the controller down and takes back
# the I/O it held, reset_done brings it back and sends that I/O again.
disk=nvme0n1
bdf=$(disk_bdf $disk)
[ -e "/sys/bus/pci/devices/$bdf/reset" ] || skip "no reset method for $bdf"
note "reset methods: $(cat /sys/bus/pci/devices/$bdf/reset_method 2>/dev/null || echo '?')"
fio --name=flr-io --filename=/dev/$disk --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=16 --size=32M --loops=3 --verify=crc32c --verify_fatal=1 \
	--verify_backlog=256 --randseed=21 >/tmp/flr-fio.out 2>&1 &
fio_pid=$!
io_flowing $disk $fio_pid
for i in 1 2 3; do
	echo 1 >"/sys/bus/pci/devices/$bdf/reset" || fail "function reset $i failed"
	expect_eq "$(cat /sys/class/nvme/nvme0/state)" live "state after function reset $i"
	sleep 1
done
expect_eq "$(dmesg | grep -c 'nvme0: controller resumed$')" 3 "controller re-initialisations"
wait $fio_pid || { cat /tmp/flr-fio.out; fail "fio failed across function resets"; }
fio_run --name=flr-io --filename=/dev/$disk --rw=randwrite --bs=4k --iodepth=16 \
	--size=32M --verify=crc32c --verify_fatal=1 --randseed=21 --verify_only

# Controller resets (nvme reset, the sysfs reset_controller, NVM subsystem
# reset) in the middle of verified I/O and of a filesystem copy: requests
# the controller held are requeued and nothing is lost.
resets_before=$(dmesg | grep -c 'controller reset$' || true)
fio --name=reset-io --filename=/dev/nvme0n1 --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=16 --size=32M --loops=4 --verify=crc32c --verify_fatal=1 \
	--verify_backlog=256 --randseed=42 >/tmp/reset-fio.out 2>&1 &
fio_pid=$!
io_flowing nvme0n1 $fio_pid
for i in 1 2 3 4 5; do
	nvme reset /dev/nvme0 || fail "nvme reset $i failed"
	expect_eq "$(cat /sys/class/nvme/nvme0/state)" live "state after reset $i"
	sleep 0.5
done
echo 1 >/sys/class/nvme/nvme0/reset_controller
echo 1 >/sys/class/nvme/nvme0/reset_controller
wait $fio_pid || { cat /tmp/reset-fio.out; fail "fio saw an error or a verify failure across resets"; }
resets=$(($(dmesg | grep -c 'controller reset$') - resets_before))
expect_eq "$resets" 7 "resets logged"
fio_run --name=reset-io --filename=/dev/nvme0n1 --rw=randwrite --bs=4k --iodepth=16 \
	--size=32M --verify=crc32c --verify_fatal=1 --randseed=42 --verify_only

note "resets during a filesystem copy"
modprobe ext4
mkfs.ext4 -q -F /dev/nvme1n1
mkdir -p /tmp/mnt-reset
mount /dev/nvme1n1 /tmp/mnt-reset
cp -a /usr/include/linux /tmp/mnt-reset/ &
cp_pid=$!
nvme reset /dev/nvme1
sleep 1
nvme reset /dev/nvme1
wait $cp_pid || fail "copy failed across resets"
umount /tmp/mnt-reset
e2fsck -fn /dev/nvme1n1 || fail "filesystem damaged across resets"

note "NVM subsystem reset"
if nvme subsystem-reset /dev/nvme3 >/tmp/nssr.out 2>&1; then
	expect_eq "$(cat /sys/class/nvme/nvme3/state)" live "state after subsystem reset"
	fio_run --name=nssr --filename=/dev/nvme3n1 --size=4M --bs=16k --iodepth=8 \
		--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1
else
	note "not offered by this controller: $(cat /tmp/nssr.out)"
fi

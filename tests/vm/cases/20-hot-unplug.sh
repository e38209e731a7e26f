# Losing a controller under load (nvme7, behind a PCIe root port):
# - the device ignoring the host (memory decoding switched off: doorbell
#   writes are dropped, and QEMU reads its registers as 0, not as the all
#   ones a removed device reads as): commands time out, the abort and the
#   reset fail within CAP.TO, and the controller is failed;
# - the device gone from the bus (the same, and register reads return all
#   ones): the first timeout fails the controller, without abort or reset;
# - hot-unplug through QEMU's monitor (device_del): the disk goes away, the
#   module unloads, and device_add brings the controller back;
# - rmmod while a disk is mounted is refused; unbinding under a mounted,
#   busy filesystem fails its I/O but loses nothing that was synced.
# Each time the writer must stop with an error within $bound seconds, and
# data written before must read back intact.
disk=nvme7n1
bdf=$(disk_bdf $disk)
[ -n "$bdf" ] || fail "no PCI address for $disk"
bound=30
# Whatever happens, leave the controller plugged in for later cases.
trap '[ -e /sys/bus/pci/devices/$bdf ] || qemu_monitor "device_add $hotplug_device" >/dev/null' EXIT

keep=(--name=keep --filename=/dev/$disk --size=8M --bs=16k --iodepth=8 --rw=randwrite
	--verify=crc32c --verify_fatal=1 --randseed=20)
fio_run "${keep[@]}" --do_verify=1

busy_start() {
	fio --name=busy --filename=/dev/$disk --offset=32M --size=16M --direct=1 --ioengine=libaio \
		--rw=randrw --bs=4k --iodepth=16 --time_based --runtime=120 >/tmp/busy.out 2>&1 &
	busy=$!
	io_flowing $disk $busy
}
# The writer must end, with an error, within $bound seconds.
busy_stops() {
	local i
	for i in $(seq $bound); do kill -0 $busy 2>/dev/null || break; sleep 1; done
	kill -0 $busy 2>/dev/null && fail "fio still running $bound s after $1"
	if wait $busy; then fail "fio saw no error after $1"; fi
	note "fio stopped $i s after $1"
}

note "device stops responding"
echo 2000 >/sys/block/$disk/queue/io_timeout
busy_start
setpci -s "$bdf" COMMAND=0:2
busy_stops "memory decoding was switched off"
expect_eq "$(cat /sys/class/nvme/nvme7/state)" dead "state"
dmesg | grep -q 'nvme7: reset failed' || fail "failed reset not logged"
echo "$bdf" >/sys/bus/pci/drivers/cnvme/unbind
wait_gone $disk
echo "$bdf" >/sys/bus/pci/drivers/cnvme/bind
wait_disks $disk
fio_run "${keep[@]}" --verify_only

# What a device that has left the bus looks like: writes go nowhere and
# reads return all ones (cnvme's fault knob, since QEMU reads 0 here).
note "device gone: registers read all ones"
resets=$(dmesg | grep -c 'resetting controller\|aborting' || true)
echo 2000 >/sys/block/$disk/queue/io_timeout
busy_start
echo 1 >/sys/kernel/debug/cnvme/nvme7/registers_read_all_ones
setpci -s "$bdf" COMMAND=0:2
busy_stops "the registers began to read all ones"
expect_eq "$(cat /sys/class/nvme/nvme7/state)" dead "state"
expect_eq "$(dmesg | grep -c 'device gone: registers read all ones')" 1 "gone device logged once"
expect_eq "$(dmesg | grep -c 'resetting controller\|aborting' || true)" "$resets" \
	"aborts and resets logged (a gone device gets neither)"
echo "$bdf" >/sys/bus/pci/drivers/cnvme/unbind
wait_gone $disk
echo "$bdf" >/sys/bus/pci/drivers/cnvme/bind
wait_disks $disk
fio_run "${keep[@]}" --verify_only

note "hot-unplug with device_del"
busy_start
qemu_monitor "device_del c6"
wait_gone $disk
busy_stops "device_del"
for _ in $(seq 60); do [ -e "/sys/bus/pci/devices/$bdf" ] || break; sleep 0.5; done
[ ! -e "/sys/bus/pci/devices/$bdf" ] || fail "$bdf still present after device_del"
cnvme_unload
insmod "$ko"
# shellcheck disable=SC2086
wait_disks $(echo $expected_disks | sed "s/$disk//")
qemu_monitor "device_add $hotplug_device"
wait_disks $disk
expect_eq "$(disk_bdf $disk)" "$bdf" "address of the returned controller"
fio_run "${keep[@]}" --verify_only

note "rmmod with a mounted disk"
modprobe ext4
mkfs.ext4 -q -F /dev/$disk
mnt=/tmp/mnt-unplug
mkdir -p $mnt
mount /dev/$disk $mnt
if rmmod cnvme 2>/tmp/rmmod.err; then fail "rmmod succeeded with $disk mounted"; fi
grep -q 'in use' /tmp/rmmod.err || fail "rmmod: $(cat /tmp/rmmod.err)"
[ -e /sys/block/$disk ] || fail "refused rmmod removed $disk"

note "unbind under a busy mounted filesystem"
head -c 4M /dev/urandom >$mnt/synced
sync
sum=$(md5sum <$mnt/synced)
(while :; do dd if=/dev/zero of=$mnt/scratch bs=64k count=64 conv=fsync status=none || exit 0; done) &
writer=$!
io_flowing $disk $writer
echo "$bdf" >/sys/bus/pci/drivers/cnvme/unbind
wait_gone $disk
for i in $(seq $bound); do kill -0 $writer 2>/dev/null || break; sleep 1; done
kill -0 $writer 2>/dev/null && fail "writer still running $bound s after unbind"
wait $writer || true
umount $mnt || umount -l $mnt || fail "cannot unmount after unbind"
echo "$bdf" >/sys/bus/pci/drivers/cnvme/bind
wait_disks $disk
e2fsck -fp /dev/$disk >/tmp/fsck.out 2>&1 || [ $? -le 1 ] || fail "fsck: $(cat /tmp/fsck.out)"
mount /dev/$disk $mnt
expect_eq "$(md5sum <$mnt/synced)" "$sum" "synced file after unbind"
umount $mnt

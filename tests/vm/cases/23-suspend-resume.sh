# System sleep with verified I/O running: suspend-to-idle with
# /sys/power/pm_test=devices suspends every device (cnvme sends each
# controller the shutdown notification and takes back the I/O it held),
# waits, and resumes (cnvme re-initialises the controllers and sends the
# I/O again). fio must finish without an error or a verify failure.
# The guest's root is on virtio-9p, which has no freeze/restore: only
# kernels whose virtio-pci skips the freeze for a No_Soft_Reset device
# (6.12, not 6.1) keep their root across the suspend.
case $(uname -r) in 6.[0-9].* | 6.1[01].*) skip "virtio-9p root would not survive suspend on $(uname -r)" ;; esac
[ -w /sys/power/pm_test ] || skip "no /sys/power/pm_test"
grep -qw freeze /sys/power/state || skip "no suspend-to-idle"
ctrls=$(ls /sys/bus/pci/drivers/cnvme | grep -c '^0000:')
fio --name=sleep-io --filename=/dev/nvme0n1 --direct=1 --ioengine=libaio --rw=randwrite \
	--bs=4k --iodepth=16 --size=32M --loops=3 --verify=crc32c --verify_fatal=1 \
	--verify_backlog=256 --randseed=21 >/tmp/sleep-fio.out 2>&1 &
fio_pid=$!
io_flowing nvme0n1 $fio_pid
echo devices >/sys/power/pm_test
trap 'echo none >/sys/power/pm_test' EXIT
shn_before=$(grep -c pci_nvme_mmio_shutdown_set "$out/qemu-trace.log" || true)
echo freeze >/sys/power/state || fail "suspend failed: $(dmesg | tail -3)"
shn=$(($(grep -c pci_nvme_mmio_shutdown_set "$out/qemu-trace.log" || true) - shn_before))
expect_eq "$shn" "$ctrls" "shutdown notifications during suspend"
expect_eq "$(dmesg | grep -c 'controller resumed$')" "$ctrls" "controllers resumed"
for c in /sys/class/nvme/nvme*; do
	expect_eq "$(cat "$c/state")" live "$(basename "$c") state after resume"
done
wait $fio_pid || { cat /tmp/sleep-fio.out; fail "fio failed across suspend"; }
fio_run --name=sleep-io --filename=/dev/nvme0n1 --rw=randwrite --bs=4k --iodepth=16 \
	--size=32M --verify=crc32c --verify_fatal=1 --randseed=21 --verify_only

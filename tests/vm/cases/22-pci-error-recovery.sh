# PCI error recovery: QEMU's pcie_aer_inject_error raises errors at the
# root port above nvme7 (QEMU's NVMe device has no AER capability of its
# own) while verified I/O runs; the kernel's AER driver calls cnvme's
# error handlers.
# - A non-fatal error: the I/O continues, nothing fails.
# - A fatal error: the link is frozen; cnvme takes the controller down and
#   takes back its I/O. If the kernel's link reset works, the controller is
#   re-initialised and the I/O completes; if the reset fails (as it does on
#   QEMU's root port, whose link never reports active again), no callback
#   ever comes, and cnvme fails the controller after 30 s instead of
#   letting I/O wait for ever. Removing and rescanning the device brings it
#   back.
disk=nvme7n1
bdf=$(disk_bdf $disk)
keep=(--name=aer --filename=/dev/$disk --size=16M --bs=4k --iodepth=16 --rw=randwrite
	--verify=crc32c --verify_fatal=1 --randseed=22)
fio_start() {
	fio --direct=1 --ioengine=libaio "${keep[@]}" --loops=4 --verify_backlog=256 \
		>/tmp/aer-fio.out 2>&1 &
	fio_pid=$!
	io_flowing $disk $fio_pid
}

note "non-fatal error"
fio_start
out_inj=$(qemu_monitor "pcie_aer_inject_error rp0 COMP_TIME")
case $out_inj in *error*) fail "inject: $out_inj" ;; esac
for _ in $(seq 20); do dmesg | grep -q 'AER: .*Non-Fatal' && break; sleep 0.5; done
dmesg | grep -q 'AER: .*Non-Fatal' || fail "the kernel saw no non-fatal error"
sleep 2
kill -0 $fio_pid || { cat /tmp/aer-fio.out; fail "fio stopped after a non-fatal error"; }
expect_eq "$(cat /sys/class/nvme/nvme7/state)" live "state after a non-fatal error"
wait $fio_pid || { cat /tmp/aer-fio.out; fail "fio failed after a non-fatal error"; }

note "fatal error"
log_base=$(dmesg | wc -l)
since() { dmesg | tail -n +$((log_base + 1)); }
fio_start
qemu_monitor "pcie_aer_inject_error rp0 MALF_TLP" >/dev/null
for _ in $(seq 20); do since | grep -q 'PCI link frozen' && break; sleep 0.5; done
since | grep -q 'PCI link frozen' || fail "error_detected(frozen) was not called"
for i in $(seq 60); do kill -0 $fio_pid 2>/dev/null || break; sleep 1; done
if since | grep -q 'PCI error recovery done'; then
	note "recovered: the controller was re-initialised"
	expect_eq "$(cat /sys/class/nvme/nvme7/state)" live "state after recovery"
	wait $fio_pid || { cat /tmp/aer-fio.out; fail "fio failed across recovery"; }
else
	note "link reset failed: $(since | grep -m1 -oE 'AER: (device recovery failed|subordinate device reset failed)')"
	kill -0 $fio_pid 2>/dev/null && fail "fio still waiting $i s after a failed recovery"
	if wait $fio_pid; then fail "fio succeeded on a failed controller"; fi
	since | grep -q 'PCI error recovery did not finish' || fail "no recovery timeout logged"
	expect_eq "$(cat /sys/class/nvme/nvme7/state)" dead "state after failed recovery"
	# The kernel restores no configuration after a failed recovery (the
	# BARs read back unassigned): only a new enumeration brings it back.
	# nvme7 is the last NVMe function, so this keeps the numbering.
	echo 1 >"/sys/bus/pci/devices/$bdf/remove"
	wait_gone $disk
	echo 1 >/sys/bus/pci/rescan
	wait_disks $disk
	expect_eq "$(cat /sys/class/nvme/nvme7/state)" live "state after re-enumeration"
fi
fio_run "${keep[@]}" --do_verify=1 --loops=1

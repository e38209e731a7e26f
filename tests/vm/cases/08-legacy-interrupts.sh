# Without MSI (the VM booted with pci=nomsi) every controller falls back to
# one INTx line, shared by its admin and single I/O queue and possibly with
# other devices, and data still verifies. Skipped when MSI is available.
grep -qw 'pci=nomsi' /proc/cmdline || skip "MSI enabled; run with CNVME_VM_APPEND=pci=nomsi"
for d in $data_disks; do
	expect_eq "$(ls "/sys/block/$d/mq" | wc -l)" 1 "hardware queues on $d without MSI"
done
grep cnvme0q /proc/interrupts | grep -q IO-APIC || fail "nvme0 not on an IO-APIC line: $(grep cnvme0q /proc/interrupts)"
for d in $data_disks; do
	note "$d: verified writes on INTx"
	fio_run --name="intx-$d" --filename="/dev/$d" --size=8M --bs=4k --iodepth=32 \
		--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1
done

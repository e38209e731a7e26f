# nvme format switches a namespace between 512 B and 4 KiB and the disk
# follows at once; namespace attach and detach add and remove disks;
# ns-rescan and the sysfs rescan keep what is there.
lbaf_of() { # DISK BYTES -> index of the LBA format with that size and no metadata
	nvme id-ns "/dev/$1" | sed -nE "s/^lbaf +([0-9]+) *: *ms:0 +lbads:$(($2 == 512 ? 9 : 12)) .*/\1/p" | head -1
}
f4k=$(lbaf_of nvme2n2 4096)
f512=$(lbaf_of nvme2n2 512)
[ -n "$f4k" ] && [ -n "$f512" ] || fail "no 4 KiB or 512 B format on nvme2n2: $(nvme id-ns /dev/nvme2n2 | grep lbaf)"

note "format nvme2n2 to LBA format $f4k (4 KiB)"
nvme format /dev/nvme2n2 --lbaf="$f4k" --force
expect_eq "$(lba_size nvme2n2)" 4096 "nvme2n2 block size after format"
expect_eq "$(disk_bytes nvme2n2)" $((128 << 20)) "nvme2n2 capacity after format"
fio_run --name=fmt4k --filename=/dev/nvme2n2 --size=8M --bs=4k --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1
if dd if=/dev/zero of=/dev/nvme2n2 bs=512 count=1 oflag=direct status=none 2>/dev/null; then
	fail "a 512 B direct write was accepted on a 4 KiB namespace"
fi

note "format back to LBA format $f512 (512 B)"
nvme format /dev/nvme2n2 --lbaf="$f512" --force
expect_eq "$(lba_size nvme2n2)" 512 "nvme2n2 block size after the second format"
fio_run --name=fmt512 --filename=/dev/nvme2n2 --size=8M --bs=512 --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1

note "attach and detach namespace 3 (created detached)"
cntlid=$(cat /sys/class/nvme/nvme2/cntlid)
nvme attach-ns /dev/nvme2 --namespace-id=3 --controllers="$cntlid"
wait_disks nvme2n3
expect_eq "$(cat /sys/block/nvme2n3/nsid)" 3 "nsid of the attached namespace"
[ -c /dev/ng2n3 ] || fail "no generic node for the attached namespace"
dd if=/dev/nvme2n3 of=/dev/null bs=4k count=8 iflag=direct status=none
nvme detach-ns /dev/nvme2 --namespace-id=3 --controllers="$cntlid"
wait_gone nvme2n3
[ ! -e /dev/ng2n3 ] || fail "generic node left after detach"

note "rescans keep the namespaces"
nvme ns-rescan /dev/nvme2
echo 1 >/sys/class/nvme/nvme2/rescan_controller
sleep 1
wait_disks nvme2n1 nvme2n2
[ ! -e /sys/block/nvme2n3 ] || fail "a rescan brought back a detached namespace"

if nvme create-ns /dev/nvme2 --nsze=1024 --ncap=1024 --flbas=0 >/tmp/create.out 2>&1; then
	note "namespace management: $(cat /tmp/create.out)"
else
	note "QEMU does not offer namespace management: $(head -1 /tmp/create.out)"
fi

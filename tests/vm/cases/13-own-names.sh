# With names=cnvme (what names=auto picks when nvme_core holds the in-tree
# names) cnvme serves the same hardware as cnvme-subsystem, /dev/cnvmeN,
# cnvmeNnM and cngNnM, and the ioctls work on those nodes.
cnvme_unload
insmod "$ko" names=cnvme
wait_disks cnvme0n1 cnvme1n1 cnvme2n1 cnvme2n2 cnvme3n1 cnvme4n1
[ -c /dev/cnvme0 ] && [ -c /dev/cng0n1 ] || fail "no /dev/cnvme0 or /dev/cng0n1"
[ -d /sys/class/cnvme/cnvme0 ] || fail "no /sys/class/cnvme/cnvme0"
[ -e /sys/class/cnvme-subsystem/cnvme-subsys2/cnvme2 ] || fail "subsystem link missing"
[ ! -e /sys/class/nvme ] || fail "the in-tree class name is taken in names=cnvme mode"
expect_eq "$(cat /sys/class/cnvme/cnvme0/serial | tr -d ' ')" cnvme-lba512 "serial through the own class"
nvme admin-passthru /dev/cnvme0 --opcode=6 --cdw10=1 --data-len=4096 --read -b >/tmp/idctrl.bin ||
	fail "identify through /dev/cnvme0"
expect_eq "$(dd if=/tmp/idctrl.bin bs=1 skip=4 count=12 status=none)" cnvme-lba512 "serial from identify"
fio_run --name=own --filename=/dev/cnvme1n1 --size=4M --bs=4k --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1
rmmod cnvme
cnvme_load

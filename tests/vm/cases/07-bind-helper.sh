# scripts/cnvme-bind unbinds a controller (its disks go), refuses while a
# disk is mounted, and binds it back to cnvme (its disks return).
bind=$top/scripts/cnvme-bind
bdf=$(disk_bdf nvme2n1)
"$bind" "$bdf" none
wait_gone nvme2n1 nvme2n2
[ ! -e "/sys/bus/pci/devices/$bdf/driver" ] || fail "$bdf still bound"
"$bind" "$bdf" cnvme
wait_disks nvme2n1 nvme2n2

modprobe ext4
mkfs.ext4 -q -F /dev/nvme2n1
mkdir -p /tmp/mnt-bind
mount /dev/nvme2n1 /tmp/mnt-bind
if "$bind" "$bdf" none 2>/tmp/bind.err; then
	fail "cnvme-bind unbound a controller with a mounted disk"
fi
grep -q 'mounted or held' /tmp/bind.err || fail "unexpected refusal: $(cat /tmp/bind.err)"
umount /tmp/mnt-bind
[ -e /sys/block/nvme2n1 ] || fail "refused unbind still removed the disk"

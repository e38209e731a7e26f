# ext4 on the 512 B namespace and xfs on the 4 KiB one: copy a tree, fsck
# clean, and after a module reload every file has the same checksum.
modprobe ext4
modprobe xfs
src=/usr/include
(cd "$src" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >/tmp/sums
note "$(wc -l </tmp/sums) files from $src"

mkfs.ext4 -q -F /dev/nvme0n1
mkfs.xfs -q -f /dev/nvme1n1
for fs in ext4:nvme0n1 xfs:nvme1n1; do
	mnt=/tmp/mnt-${fs%%:*}
	mkdir -p "$mnt"
	mount "/dev/${fs#*:}" "$mnt"
	cp -a "$src/." "$mnt/"
	umount "$mnt"
done
note "fsck"
e2fsck -fn /dev/nvme0n1 || fail "e2fsck found problems"
xfs_repair -n /dev/nvme1n1 || fail "xfs_repair found problems"

note "reload cnvme"
cnvme_unload
cnvme_load
for fs in ext4:nvme0n1 xfs:nvme1n1; do
	mnt=/tmp/mnt-${fs%%:*}
	mount -o ro "/dev/${fs#*:}" "$mnt"
	(cd "$mnt" && sha256sum -c --quiet /tmp/sums) || fail "checksums differ on ${fs%%:*}"
	umount "$mnt"
done

# ext4 on the 512 B namespace and xfs on the 4 KiB one: copy a tree, fsck
# clean, and after a module reload every file has the same checksum, mode
# and link target.
modprobe ext4
modprobe xfs

# The tree is generated, not taken from the host, so its size does not
# depend on what the host has installed: about 1,500 files in nested
# directories (mostly under 16 KiB, some up to 128 KiB, six of 1-3 MiB,
# some empty), about 40 MB in all, with varied modes, symlinks and a hard link.
src=/tmp/tree
python3 - "$src" <<'PY'
import os, random, sys
root, rng = sys.argv[1], random.Random(20261128)
dirs = [root]
for i in range(60):
    d = os.path.join(rng.choice(dirs), f"d{i}")
    os.makedirs(d)
    dirs.append(d)
for i in range(1500):
    roll = rng.random()
    size = (rng.randrange(16 << 10) if roll < 0.8 else
            rng.randrange(16 << 10, 128 << 10) if roll < 0.99 else 0)
    if i % 250 == 0:
        size = rng.randrange(1 << 20, 3 << 20)
    path = os.path.join(rng.choice(dirs), f"f{i}")
    with open(path, "wb") as f:
        f.write(rng.randbytes(size))
    os.chmod(path, rng.choice((0o644, 0o600, 0o755, 0o444)))
    if i % 100 == 0:
        os.symlink(os.path.relpath(path, root), os.path.join(root, f"link{i}"))
os.link(path, os.path.join(root, "hardlink"))
PY
listing() { # DIR: every file's checksum, and every entry's mode and link target
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum &&
		find . -printf '%p %m %y %l\n' | sort)
}
listing "$src" >/tmp/listing
note "$(find "$src" -type f | wc -l) files, $(du -sm "$src" | cut -f1) MB"

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
	listing "$mnt" | grep -v '^\. \|lost+found' >/tmp/listing-${fs%%:*}
	diff <(grep -v '^\. ' /tmp/listing) /tmp/listing-${fs%%:*} >/dev/null ||
		fail "files differ on ${fs%%:*}"
	[ "$(stat -c %h "$mnt/hardlink")" = 2 ] || fail "hard link not kept on ${fs%%:*}"
	umount "$mnt"
done

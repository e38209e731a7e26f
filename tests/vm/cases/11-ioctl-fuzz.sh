# 12,000 malformed passthrough ioctls and 4,000 io_uring commands (see
# tools/ioctl-fuzz.c) end with every call returning an errno or an NVMe
# status, no kernel complaint, no leaked memory, and the namespace still
# verifying data.
gcc -O2 -Wall -o /tmp/ioctl-fuzz "$top/tests/vm/tools/ioctl-fuzz.c"
# Kernel memory the ioctl path could leak: unreclaimable slab (descriptors,
# bios), pages (bounce copies of unaligned buffers: a leak there is many
# MiB) and user page pins: those outstanding must come back to where they
# were. /proc/vmstat leaves each CPU's recent changes out until they are
# folded in (a pin taken on one CPU and released on the other reads as
# outstanding for a while), so stat_refresh folds them first; a pin still
# in flight elsewhere gets a few seconds to be released.
mem() { awk '/^(MemAvailable|SUnreclaim):/ {printf "%s ", $2} END {print ""}' /proc/meminfo; }
pins_outstanding() {
	echo 1 >/proc/sys/vm/stat_refresh
	awk '/^nr_foll_pin_acquired/ {a = $2} /^nr_foll_pin_released/ {r = $2} END {print a - r}' /proc/vmstat
}
# A warm-up run first: mempools, DMA pool pages and caches fill once.
/tmp/ioctl-fuzz /dev/nvme3 /dev/nvme3n1 1000 0x1 >/dev/null || fail "warm-up fuzz"
echo 3 >/proc/sys/vm/drop_caches
read -r avail_before slab_before < <(mem)
pins_before=$(pins_outstanding)
/tmp/ioctl-fuzz /dev/nvme3 /dev/nvme3n1 6000 0x5eed || fail "fuzz on nvme3 (MDTS 16 KiB)"
/tmp/ioctl-fuzz /dev/nvme0 /dev/ng0n1 6000 0xfade || fail "fuzz on nvme0 through its generic node"
/tmp/ioctl-fuzz /dev/nvme0 /dev/ng0n1 4000 0xbeef uring || fail "io_uring fuzz on nvme0"
echo 3 >/proc/sys/vm/drop_caches
read -r avail_after slab_after < <(mem)
for _ in 1 2 3 4 5; do
	pins_after=$(pins_outstanding)
	[ "$pins_after" -gt "$pins_before" ] || break
	sleep 1
done
note "SUnreclaim ${slab_before} -> ${slab_after} KiB, MemAvailable ${avail_before} -> ${avail_after} KiB, pinned pages outstanding ${pins_before} -> ${pins_after}"
[ $((slab_after - slab_before)) -lt 1024 ] || fail "unreclaimable slab grew by $((slab_after - slab_before)) KiB"
[ $((avail_before - avail_after)) -lt 32768 ] || fail "MemAvailable fell by $((avail_before - avail_after)) KiB"
[ "$pins_after" -le "$pins_before" ] || fail "user page pins outstanding grew from $pins_before to $pins_after"

expect_eq "$(cat /sys/class/nvme/nvme3/state)" live "nvme3 state after the fuzz"
for d in nvme3n1 nvme0n1; do
	fio_run --name="after-fuzz-$d" --filename="/dev/$d" --size=8M --bs=4k --iodepth=16 \
		--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1
done

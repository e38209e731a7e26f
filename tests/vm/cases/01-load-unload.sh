# Loading and unloading five times brings every disk back under the same
# name each time (controller and namespace numbers are released) and
# returns the memory it took.
echo 3 >/proc/sys/vm/drop_caches
before=$(mem_available_kb)
for i in 1 2 3 4 5; do
	note "cycle $i"
	cnvme_unload
	cnvme_load
	# The disks are usable right after they appear.
	dd if=/dev/nvme2n2 of=/dev/null bs=4k count=16 iflag=direct status=none
done
cnvme_unload
# Holding the in-tree names is announced, with the way out.
dmesg | grep -q 'nvme_core cannot load until cnvme is unloaded (load cnvme with names=cnvme' ||
	fail "no warning that nvme_core cannot load beside cnvme"
echo 3 >/proc/sys/vm/drop_caches
after=$(mem_available_kb)
lost=$((before - after))
note "MemAvailable before ${before} KiB, after ${after} KiB"
# One cycle allocates several MiB of tags and rings; a leak of any of it
# over five cycles exceeds this.
[ "$lost" -lt 8192 ] || fail "MemAvailable fell by ${lost} KiB over 5 load/unload cycles"
cnvme_load

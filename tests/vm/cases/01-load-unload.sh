# Loading and unloading five times brings every disk back under the same
# name each time (controller and namespace numbers are released) and
# returns the memory it took.
sunreclaim_kb() { awk '/^SUnreclaim:/ {print $2}' /proc/meminfo; }
# Measured unloaded both times, after a first cycle has paid what the
# kernel keeps once it has seen a disk (caches, bdi and minor numbers).
cnvme_unload
cnvme_load
cnvme_unload
echo 3 >/proc/sys/vm/drop_caches
before=$(mem_available_kb)
slab_before=$(sunreclaim_kb)
for i in 1 2 3 4 5; do
	note "cycle $i"
	cnvme_load
	# The disks are usable right after they appear.
	dd if=/dev/nvme2n2 of=/dev/null bs=4k count=16 iflag=direct status=none
	cnvme_unload
done
# Holding the in-tree names is announced, with the way out.
dmesg | grep -q 'nvme_core cannot load until cnvme is unloaded (load cnvme with names=cnvme' ||
	fail "no warning that nvme_core cannot load beside cnvme"
echo 3 >/proc/sys/vm/drop_caches
after=$(mem_available_kb)
lost=$((before - after))
slab=$(($(sunreclaim_kb) - slab_before))
note "MemAvailable before ${before} KiB, after ${after} KiB; unreclaimable slab +${slab} KiB"
# One cycle allocates several MiB of tags and rings and a few hundred KiB
# of slab objects (queues, disks, sysfs nodes); losing either over five
# cycles exceeds these bounds.
[ "$lost" -lt 8192 ] || fail "MemAvailable fell by ${lost} KiB over 5 load/unload cycles"
[ "$slab" -lt 512 ] || fail "unreclaimable slab grew by ${slab} KiB over 5 load/unload cycles"
cnvme_load

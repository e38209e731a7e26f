# Queue limits follow the controller (MDTS, LBA size, write cache, atomic
# write unit), one hardware queue and one interrupt per CPU, a transfer
# larger than MDTS is split and still verifies, and atomic writes (6.11 on)
# stay within what the controller keeps whole.
cpus=$(nproc)
expect_eq "$(queue_attr nvme3n1 max_hw_sectors_kb)" 16 "nvme3n1 (MDTS 2) max_hw_sectors_kb"
expect_eq "$(queue_attr nvme0n1 max_hw_sectors_kb)" 512 "nvme0n1 (MDTS 7) max_hw_sectors_kb"
expect_eq "$(queue_attr nvme1n1 max_hw_sectors_kb)" 4096 "nvme1n1 (no MDTS) max_hw_sectors_kb"
expect_eq "$(lba_size nvme0n1)" 512 "nvme0n1 logical block size"
expect_eq "$(lba_size nvme1n1)" 4096 "nvme1n1 logical block size"
expect_eq "$(queue_attr nvme1n1 physical_block_size)" 4096 "nvme1n1 physical block size"
# NPWG 0 and AWUPF 15 (8 KiB): the physical block stays one logical block.
expect_eq "$(queue_attr nvme3n1 physical_block_size)" 512 "nvme3n1 physical block size"
expect_eq "$(queue_attr nvme3n1 minimum_io_size)" 512 "nvme3n1 minimum I/O size"
expect_eq "$(queue_attr nvme3n1 optimal_io_size)" 0 "nvme3n1 optimal I/O size (no NOWS)"
expect_eq "$(queue_attr nvme0n1 rotational)" 0 "nvme0n1 rotational"
expect_eq "$(queue_attr nvme0n1 write_cache)" "write back" "nvme0n1 write cache (VWC set)"
expect_eq "$(queue_attr nvme0n1 fua)" 1 "nvme0n1 FUA"
expect_eq "$(disk_bytes nvme0n1)" $((512 << 20)) "nvme0n1 capacity"
expect_eq "$(disk_bytes nvme2n2)" $((128 << 20)) "nvme2n2 capacity"
expect_eq "$(ls /sys/block/nvme0n1/mq | wc -l)" "$cpus" "hardware queues on nvme0n1"
expect_eq "$(grep -c 'cnvme0q' /proc/interrupts)" $((cpus + 1)) "cnvme0 interrupt vectors"
# With one vector the admin and the only I/O queue share an interrupt line.
expect_eq "$(ls /sys/block/nvme4n1/mq | wc -l)" 1 "hardware queues on the one-vector controller"
expect_eq "$(grep -E 'cnvme4q[01]' /proc/interrupts | wc -l)" 1 "interrupt lines of the one-vector controller"
grep -E 'cnvme4q0.*cnvme4q1|cnvme4q1.*cnvme4q0' /proc/interrupts >/dev/null ||
	fail "admin and I/O queue of nvme4 do not share their vector: $(grep cnvme4 /proc/interrupts)"

note "1 MiB writes on the MDTS-limited controller"
fio_run --name=split --filename=/dev/nvme3n1 --size=16M --bs=1m --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1

note "one job per CPU: every I/O queue takes interrupts"
irqs() { grep "cnvme0q$1\$" /proc/interrupts | awk '{s=0; for (i=2; i<=NF-3; i++) if ($i ~ /^[0-9]+$/) s+=$i; print s}'; }
declare -A before
for q in $(seq 1 "$cpus"); do before[$q]=$(irqs "$q"); done
fio_run --name=percpu --filename=/dev/nvme0n1 --size=8M --bs=4k --iodepth=4 \
	--rw=randread --numjobs="$cpus" --cpus_allowed="0-$((cpus - 1))" --cpus_allowed_policy=split
for q in $(seq 1 "$cpus"); do
	after=$(irqs "$q")
	[ "$after" -gt "${before[$q]}" ] || fail "queue $q took no interrupts (${before[$q]} -> $after)"
done

# O_DSYNC direct writes travel as FUA writes on a device with a volatile cache.
note "O_SYNC writes (FUA) verify"
fio_run --name=fua --filename=/dev/nvme0n1 --offset=128M --size=4M --bs=4k --iodepth=1 \
	--rw=randwrite --sync=1 --verify=crc32c --verify_fatal=1 --do_verify=1

# The block layer takes RWF_ATOMIC writes up to AWUPF + 1 blocks, naturally
# aligned, and refuses the rest before they reach the driver.
if [ -e /sys/block/nvme3n1/queue/atomic_write_max_bytes ]; then
	note "atomic writes within AWUPF (nvme3: 16 blocks of 512 B)"
	expect_eq "$(queue_attr nvme3n1 atomic_write_max_bytes)" 8192 "nvme3n1 atomic_write_max_bytes"
	expect_eq "$(queue_attr nvme3n1 atomic_write_unit_min_bytes)" 512 "nvme3n1 atomic unit min"
	expect_eq "$(queue_attr nvme3n1 atomic_write_unit_max_bytes)" 8192 "nvme3n1 atomic unit max"
	expect_eq "$(queue_attr nvme3n1 atomic_write_boundary_bytes)" 0 "nvme3n1 atomic boundary"
	expect_eq "$(queue_attr nvme0n1 atomic_write_unit_max_bytes)" 512 "nvme0n1 (AWUPF 0): one block"
	gcc -O2 -Wall -o /tmp/atomic-write "$top/tests/vm/tools/atomic-write.c" ||
		fail "building atomic-write"
	for w in "65536 8192" "73728 4096" "90112 512"; do
		/tmp/atomic-write /dev/nvme3n1 $w || fail "atomic write (offset, bytes) $w on nvme3n1"
	done
	for w in "131072 16384" "135168 8192" "139264 3072"; do
		rc=0
		/tmp/atomic-write /dev/nvme3n1 $w || rc=$?
		expect_eq $rc 2 "atomic write (offset, bytes) $w refused on nvme3n1"
	done
	rc=0
	/tmp/atomic-write /dev/nvme0n1 $((256 << 20)) 1024 || rc=$?
	expect_eq $rc 2 "a two-block atomic write refused on nvme0n1"
else
	note "no atomic writes on $(uname -r)"
fi

# Soak: mixed verified writes (with flushes), reads and discards on every
# data disk, one writer and one reader per CPU per disk and a trimmer
# beside the readers, for SOAK_SECONDS (default 60),
# with a controller reset a third of the way in and the unbinding (and
# rebinding) of another controller under load two thirds in. The unbound
# disk's writer runs on with no end of its own, so only the removal can end
# it, and it must see it fail. Afterwards every writer that was
# not on the unbound controller has verified its data, the rebound
# controller serves verified I/O, and unloading the module returns the
# memory the soak took.
seconds=${SOAK_SECONDS:-60}
cpus=$(nproc)
reset_ctrl=nvme0
unbind_disk=nvme4n1
unbind_bdf=$(disk_bdf $unbind_disk)
sunreclaim_kb() { awk '/^SUnreclaim:/ {print $2}' /proc/meminfo; }
echo 3 >/proc/sys/vm/drop_caches
mem_before=$(mem_available_kb)
slab_before=$(sunreclaim_kb)

pids=() names=()
for d in $data_disks; do
	writer_runtime=$seconds
	[ $d = $unbind_disk ] && writer_runtime=$((seconds + 600))
	# Writers take the first half of the disk (or 64 MiB), readers the rest.
	half=$(($(disk_bytes $d) / 2))
	[ $half -gt $((64 << 20)) ] && half=$((64 << 20))
	bs=$(lba_size $d)
	[ "$bs" -lt 4096 ] && bs=4096
	fio --name=soak-w-$d --filename=/dev/$d --direct=1 --ioengine=libaio --thread \
		--numjobs=$cpus --offset_increment=$((half / cpus / bs * bs)) --size=$((half / cpus / bs * bs)) \
		--rw=randwrite --bs=$bs --iodepth=8 --fsync=16 --verify=crc32c --verify_fatal=1 \
		--verify_backlog=128 --time_based --runtime=$writer_runtime --randseed=24 \
		>/tmp/soak-w-$d.out 2>&1 &
	pids+=($!) names+=("writer $d")
	fio --name=soak-r-$d --filename=/dev/$d --direct=1 --ioengine=libaio --thread \
		--numjobs=$cpus --offset=$half --size=$half --rw=randread --bs=$bs --iodepth=16 \
		--time_based --runtime=$seconds >/tmp/soak-r-$d.out 2>&1 &
	pids+=($!) names+=("reader $d")
	fio --name=soak-t-$d --filename=/dev/$d --ioengine=psync --offset=$half --size=$half \
		--rw=randtrim --bs=64k --time_based --runtime=$seconds >/tmp/soak-t-$d.out 2>&1 &
	pids+=($!) names+=("trimmer $d")
done
sleep $((seconds / 3))
note "reset $reset_ctrl under load"
nvme reset /dev/$reset_ctrl || fail "reset under load failed"
sleep $((seconds / 3))
for i in "${!pids[@]}"; do
	[ "${names[$i]}" = "writer $unbind_disk" ] && { kill -0 "${pids[$i]}" 2>/dev/null ||
		fail "writer $unbind_disk ended before the unbind"; }
done
note "unbind $unbind_bdf ($unbind_disk) under load"
echo "$unbind_bdf" >/sys/bus/pci/drivers/cnvme/unbind
wait_gone $unbind_disk

deadline=$((seconds + 120))
for i in "${!pids[@]}"; do
	name=${names[$i]}
	if ! timeout_wait "${pids[$i]}" $deadline; then
		fail "$name still running $deadline s after the start"
	fi
	rc=$(cat /tmp/rc.${pids[$i]})
	output=/tmp/soak-${name:0:1}-${name#* }.out
	case $name in
	# A removed disk's capacity drops to 0: its writer fails (ENOSPC or
	# EIO, or a verify read finds no data); its reader only reads
	# end-of-device until its time is up, and may end without error.
	"writer $unbind_disk")
		[ "$rc" != 0 ] || { tail -15 "$output"; fail "$name saw no error although its disk was unbound"; } ;;
	"reader $unbind_disk" | "trimmer $unbind_disk") ;;
	*) [ "$rc" = 0 ] || { tail -5 "$output"; fail "$name failed (exit $rc)"; } ;;
	esac
done
echo "$unbind_bdf" >/sys/bus/pci/drivers/cnvme/bind
wait_disks $unbind_disk
fio_run --name=rebound --filename=/dev/$unbind_disk --size=16M --bs=16k --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1
for d in $data_disks; do
	[ $d = $unbind_disk ] && continue
	if grep -qiE 'verify:|bad magic|verify failed' /tmp/soak-w-$d.out; then
		grep -iE 'verify:|bad magic|verify failed' /tmp/soak-w-$d.out | head -3
		fail "verify problem on $d"
	fi
	# /sys/block/X/stat field 12: discard requests completed.
	discards=$(awk '{print $12}' /sys/block/$d/stat)
	[ "$discards" -gt 0 ] || { tail -5 /tmp/soak-t-$d.out; fail "no discard completed on $d"; }
done
cnvme_unload
echo 3 >/proc/sys/vm/drop_caches
lost=$((mem_before - $(mem_available_kb)))
slab=$(($(sunreclaim_kb) - slab_before))
note "over the soak: MemAvailable $((-lost)) KiB, unreclaimable slab +$slab KiB"
# MemAvailable moves by tens of MiB between runs with nothing leaking; a
# page lost per I/O would be over a GiB. The slab moves
# by a few hundred KiB; a lost descriptor per I/O would be far more.
[ "$lost" -lt 65536 ] || fail "MemAvailable fell by $lost KiB over the soak"
[ "$slab" -lt 4096 ] || fail "unreclaimable slab grew by $slab KiB over the soak"
cnvme_load

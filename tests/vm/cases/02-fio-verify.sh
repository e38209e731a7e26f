# Random writes of mixed sizes from one LBA up to 1 MiB, at queue depth 1
# and 32, verified with crc32c as written and again by a separate
# verify-only pass, on every namespace.
sizes_for() { # LBA size -> fio bssplit
	if [ "$1" = 512 ]; then
		echo "512/20:4k/30:16k/20:128k/20:1m/10"
	else
		echo "4k/40:16k/20:128k/30:1m/10"
	fi
}

for d in $data_disks; do
	split=$(sizes_for "$(lba_size "$d")")
	for qd in 1 32; do
		# Separate regions per depth, so the second run does not overwrite the first.
		offset=$([ $qd = 1 ] && echo 0 || echo 32M)
		common=(--name="$d-qd$qd" --filename="/dev/$d" --offset="$offset" --size=24M
			--bssplit="$split" --iodepth=$qd --verify=crc32c --verify_fatal=1
			--randseed=$qd)
		note "$d: randwrite+verify qd$qd bssplit $split"
		fio_run "${common[@]}" --rw=randwrite --do_verify=1
		note "$d: verify-only qd$qd"
		fio_run "${common[@]}" --rw=randwrite --verify_only
	done
done

# Transfers past 2 MiB need chained PRP list pages: nvme1n1 has no MDTS
# limit, so cnvme accepts 4 MiB once the block layer is allowed to send it,
# unless the platform maps less in one piece (swiotlb: 256 KiB less the
# 4 KiB alignment it keeps).
max=4096
grep -qw 'swiotlb=force' /proc/cmdline && max=252
echo 4096 >/sys/block/nvme1n1/queue/max_sectors_kb 2>/dev/null || true
expect_eq "$(queue_attr nvme1n1 max_hw_sectors_kb)" $max "nvme1n1 max_hw_sectors_kb"
echo $max >/sys/block/nvme1n1/queue/max_sectors_kb
expect_eq "$(queue_attr nvme1n1 max_sectors_kb)" $max "nvme1n1 max_sectors_kb"
note "nvme1n1: 4 MiB writes with chained PRP lists"
fio_run --name=chain --filename=/dev/nvme1n1 --offset=64M --size=64M --bs=4m \
	--iodepth=4 --rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1

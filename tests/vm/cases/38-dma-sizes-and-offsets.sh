# The DMA path across transfer sizes and buffer placements, the cases a
# bounce buffer (swiotlb) or an IOMMU changes: verified random writes of
# 512 B (one LBA) to 4 MiB, from buffers that start 512 bytes into a page
# (O_DIRECT allows any 512-byte alignment), at queue depth 1 and 16, on a
# 512 B disk, a 4 KiB disk with no MDTS limit, and one whose 16 KiB MDTS
# splits them. make check also runs this in the swiotlb=force and
# intel-iommu boots, where the largest transfer is capped by what the
# platform maps in one piece.
# In the IOMMU boot, prove the controllers' DMA goes through translation.
if grep -qw 'intel_iommu=on' /proc/cmdline; then
	group=$(readlink -f /sys/bus/pci/devices/$(disk_bdf nvme0n1)/iommu_group) ||
		fail "nvme0 is in no IOMMU group"
	type=$(cat "$group/type")
	case $type in DMA | DMA-FQ) note "nvme0: IOMMU domain $type" ;; *) fail "nvme0: IOMMU domain $type, not translated" ;; esac
fi
for d in nvme0n1:512 nvme1n1:4k nvme3n1:512; do
	disk=${d%:*} small=${d#*:}
	bs="$small/20:4k/20:24k/15:128k/15:1m/15:4m/15"
	[ "$small" = 4k ] && bs="4k/40:24k/15:128k/15:1m/15:4m/15"
	for qd in 1 16; do
		fio_run --name=sizes --filename=/dev/$disk --rw=randwrite --bssplit="$bs" \
			--iomem_align=512 --iodepth=$qd --size=96M --io_size=24M \
			--verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=$((38 + qd))
	done
	note "$disk: max transfer $(queue_attr $disk max_hw_sectors_kb) KiB"
done

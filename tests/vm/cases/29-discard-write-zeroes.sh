# Discard (Dataset Management with deallocate) and Write Zeroes, advertised
# as ONCS offers them: queue limits set; blkdiscard and fstrim on mounted
# ext4 and XFS work, and discards the block layer merged go as one command
# of several ranges; deallocated blocks read back as zeroes where DLFEAT
# says so; blkdiscard -z and fallocate -z/-p zero through Write Zeroes
# (deallocating only when allowed), leaving the blocks around them alone.
oncs=$(nvme id-ctrl /dev/nvme0 | awk '$1 == "oncs" {print $3}')
[ $((oncs & 0xc)) = $((0xc)) ] || skip "controller without DSM and Write Zeroes (oncs $oncs)"
disk=nvme0n1
counters=/sys/kernel/debug/cnvme/nvme0/commands
counter() { awk -v k="$1" '$1 == k {print $2}' $counters; }
mib() { echo $(($1 << 20)); }

lba=$(lba_size $disk)
expect_eq "$(queue_attr $disk discard_granularity)" "$lba" "discard_granularity"
# DMRL, the ranges one command may carry, from the NVM Identify Controller data (else 256).
dmrl=$(nvme nvm-id-ctrl /dev/nvme0 2>/dev/null | awk '$1 == "dmrl" {print $3}')
[ "${dmrl:-0}" != 0 ] || dmrl=256
expect_eq "$(queue_attr $disk max_discard_segments)" "$dmrl" "max_discard_segments"
[ "$(queue_attr $disk discard_max_hw_bytes)" -ge "$(mib 1)" ] ||
	fail "discard_max_hw_bytes $(queue_attr $disk discard_max_hw_bytes)"
[ "$(queue_attr $disk write_zeroes_max_bytes)" -gt 0 ] || fail "write_zeroes_max_bytes 0"

# 16 MiB of random data at 8 MiB; later steps clear parts of it.
head -c "$(mib 16)" /dev/urandom >/tmp/pattern
dd if=/tmp/pattern of=/dev/$disk bs=1M seek=8 oflag=direct status=none || fail "writing the pattern"
same() { # OFFSET_MIB LEN_MIB: the device holds the pattern there
	cmp -s <(dd if=/dev/$disk bs=1M skip="$1" count="$2" iflag=direct status=none) \
		<(dd if=/tmp/pattern bs=1M skip=$(($1 - 8)) count="$2" status=none)
}
zeroes() { # OFFSET_MIB LEN_MIB: the device reads zeroes there
	cmp -s <(dd if=/dev/$disk bs=1M skip="$1" count="$2" iflag=direct status=none) \
		<(head -c "$(mib "$2")" /dev/zero)
}
same 8 16 || fail "pattern did not read back"

dlfeat=$(nvme id-ns /dev/$disk | awk '$1 == "dlfeat" {print $3}')
dsm=$(counter dsm)
blkdiscard -o "$(mib 8)" -l "$(mib 2)" /dev/$disk || fail "blkdiscard"
[ "$(counter dsm)" -gt "$dsm" ] || fail "blkdiscard sent no Dataset Management"
if [ $((dlfeat & 7)) = 1 ]; then
	zeroes 8 2 || fail "discarded blocks do not read as zeroes (dlfeat $dlfeat)"
fi
same 10 14 || fail "blkdiscard touched blocks after its range"

wz=$(counter write_zeroes) wzd=$(counter write_zeroes_deallocate)
blkdiscard -z -o "$(mib 10)" -l "$(mib 2)" /dev/$disk || fail "blkdiscard -z"
zeroes 10 2 || fail "blkdiscard -z left data"
fallocate -z -o "$(mib 12)" -l "$(mib 2)" /dev/$disk || fail "fallocate -z"
zeroes 12 2 || fail "fallocate -z left data"
[ "$(counter write_zeroes)" -gt "$wz" ] || fail "zeroing sent no Write Zeroes"
expect_eq "$(counter write_zeroes_deallocate)" "$wzd" "Write Zeroes with deallocate for NOUNMAP zeroing"
fallocate -p -o "$(mib 14)" -l "$(mib 2)" /dev/$disk || fail "fallocate -p"
zeroes 14 2 || fail "fallocate -p (punch hole) left data"
if [ $((dlfeat & 0xf)) = 9 ]; then
	[ "$(counter write_zeroes_deallocate)" -gt "$wzd" ] || fail "punching a hole did not deallocate"
fi
same 16 8 || fail "zeroing touched blocks after its range"
note "dlfeat $dlfeat: $(tr '\n' ' ' <$counters)"

# ext4 trims with fstrim; XFS also discards online (-o discard), which
# issues the freed extents under one plug, so the block layer merges them
# into multi-range commands on 6.1 too (its fstrim sends them one by one).
modprobe ext4
modprobe xfs
for fs in ext4 xfs; do
	mnt=/tmp/mnt-$fs
	mkfs.$fs -q $([ $fs = xfs ] && echo -f || echo -F) /dev/$disk >/dev/null || fail "mkfs.$fs"
	mkdir -p $mnt
	mount $([ $fs = xfs ] && echo -o discard) /dev/$disk $mnt || fail "mount $fs"
	for i in $(seq 200); do head -c 65536 /dev/urandom >$mnt/f$i; done
	sync
	dsm=$(counter dsm) ranges=$(counter dsm_ranges)
	rm -f $mnt/f*[02468]
	sync
	trimmed=$(fstrim -v $mnt) || fail "fstrim on $fs"
	umount $mnt
	cmds=$(($(counter dsm) - dsm)) ranges=$(($(counter dsm_ranges) - ranges))
	note "$fs: $trimmed; $cmds DSM commands, $ranges ranges"
	[ "$cmds" -gt 0 ] || fail "$fs sent no Dataset Management"
done
# shellcheck disable=SC2154
[ "$ranges" -gt "$cmds" ] || fail "no DSM command from XFS carried more than one range"

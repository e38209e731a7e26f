# Volatile write cache: with the controller's cache present and enabled the
# disks are "write back" with FUA and take flushes; turning the cache off
# with nvme set-feature -f 6 makes them write through (the block layer then
# completes flushes without sending them) and on again write back; after a
# reset the disks follow what the controller reports.
disk=nvme0n1
vwc=$(nvme id-ctrl /dev/nvme0 | awk '$1 == "vwc" {print $3}')
[ $((vwc & 1)) = 1 ] || skip "controller without a volatile write cache (vwc $vwc)"
flushes() { awk '{print $16}' /sys/block/$disk/stat; } # stat field 16: flushes completed
cache_on() { # the controller's Volatile Write Cache feature, 0 or 1
	local v
	v=$(nvme get-feature /dev/nvme0 -f 6 2>&1 | sed -nE 's/.*[Cc]urrent value: *(0x)?([0-9a-fA-F]+).*/\2/p')
	[ -n "$v" ] || fail "cannot read the Volatile Write Cache feature: $(nvme get-feature /dev/nvme0 -f 6 2>&1)"
	echo $((16#$v & 1))
}
synced_write() { dd if=/dev/urandom of=/dev/$disk bs=4k count=64 seek="$1" conv=fsync status=none || fail "synced write"; }
expect_mode() { # WRITE_CACHE FUA: what the disk shows
	expect_eq "$(queue_attr $disk write_cache)" "$1" "$disk write_cache"
	expect_eq "$(queue_attr $disk fua)" "$2" "$disk fua"
}

expect_eq "$(cache_on)" 1 "write cache at start"
expect_mode "write back" 1
before=$(flushes)
synced_write 0
[ "$(flushes)" -gt "$before" ] || fail "fsync on a write-back disk sent no flush"

nvme set-feature /dev/nvme0 -f 6 -v 0 >/dev/null || fail "turning the write cache off"
expect_eq "$(cache_on)" 0 "write cache after turning it off"
expect_mode "write through" 0
before=$(flushes)
synced_write 64
expect_eq "$(flushes)" "$before" "flushes sent to a write-through disk"

nvme reset /dev/nvme0 || fail "reset"
wait_disks $disk
if [ "$(cache_on)" = 1 ]; then expect_mode "write back" 1; else expect_mode "write through" 0; fi
note "after a reset the controller reports the cache $([ "$(cache_on)" = 1 ] && echo on || echo off)"

nvme set-feature /dev/nvme0 -f 6 -v 1 >/dev/null || fail "turning the write cache on"
expect_mode "write back" 1
before=$(flushes)
synced_write 128
[ "$(flushes)" -gt "$before" ] || fail "fsync after turning the cache on sent no flush"
fio_run --name=after-toggling --filename=/dev/$disk --rw=randwrite --bs=4k --iodepth=16 \
	--size=16M --fsync=8 --verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=30

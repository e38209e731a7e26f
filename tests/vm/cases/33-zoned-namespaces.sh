# Zoned namespaces: nvme6n1 (4 KiB blocks, 64 zones of 4 MiB of which 3 MiB
# are writable, 12 open and 16 active zones at most, ZASL 128 KiB) is a
# host-managed zoned disk with the controller's geometry and limits;
# blkzone reports every zone as the controller does, and open, close,
# finish, reset and reset-all move zones as the Zoned Namespace command
# set says; writes away from the write pointer fail, zone limits are
# enforced; fio in zbd mode verifies its data; btrfs writes its data with
# Zone Append and reads it back after a remount; a controller reset keeps
# zones and data; nvme-cli's zns commands work through passthrough.
disk=nvme6n1
ctrl=nvme6
dev=/dev/$disk
counters=/sys/kernel/debug/cnvme/$ctrl/commands
counter() { awk -v k="$1" '$1 == k {print $2}' $counters; }
zone_sectors=8192 nr_zones=64 max_open=12 max_active=16

expect_eq "$(queue_attr $disk zoned)" host-managed "zoned model"
expect_eq "$(queue_attr $disk logical_block_size)" 4096 "logical block size"
expect_eq "$(queue_attr $disk chunk_sectors)" $zone_sectors "zone size (sectors)"
expect_eq "$(queue_attr $disk nr_zones)" $nr_zones "zones"
expect_eq "$(queue_attr $disk max_open_zones)" $max_open "max_open_zones"
expect_eq "$(queue_attr $disk max_active_zones)" $max_active "max_active_zones"
expect_eq "$(queue_attr $disk zone_append_max_bytes)" 131072 "zone_append_max_bytes (ZASL)"
if [ "$series" = 6.1 ]; then
	# Before 6.10 zoned writes keep their order through mq-deadline's zone locks.
	grep -q '\[mq-deadline\]' /sys/block/$disk/queue/scheduler ||
		fail "scheduler $(cat /sys/block/$disk/queue/scheduler), not mq-deadline"
fi

# ZONE FIELD: one zone's write pointer (sectors into the zone) or condition.
zone() {
	local line
	line=$(blkzone report -o $(($1 * zone_sectors)) -c 1 $dev) || fail "blkzone report zone $1"
	case $2 in
	wp) echo $(($(sed -n 's/.*wptr 0x\([0-9a-f]*\).*/0x\1/p' <<<"$line"))) ;;
	cond) sed -n 's/.*zcond: *[0-9]*(\([a-z]*\)).*/\1/p' <<<"$line" ;;
	esac
}
zone_op() { # OP ZONE [COUNT]
	blkzone "$1" -o $(($2 * zone_sectors)) -c "${3:-1}" $dev
}
expect_zone() { # ZONE COND [WP]
	expect_eq "$(zone "$1" cond)" "$2" "zone $1 condition"
	[ -z "${3:-}" ] || expect_eq "$(zone "$1" wp)" "$3" "zone $1 write pointer"
}

note "geometry: $(blkzone report -c 1 $dev)"
report=$(blkzone report $dev)
expect_eq "$(grep -c 'len 0x002000, cap 0x001800' <<<"$report")" $nr_zones "zones of 4 MiB with 3 MiB writable"
expect_eq "$(grep -c 'zcond: *1(em)' <<<"$report")" $nr_zones "empty zones"

note "writes at the write pointer, and one away from it"
head -c 65536 /dev/urandom >/tmp/zone-data
dd if=/tmp/zone-data of=$dev bs=64k oflag=direct status=none || fail "write at the write pointer"
expect_zone 0 oi 128
cmp <(dd if=$dev bs=64k count=1 iflag=direct status=none) /tmp/zone-data || fail "zone 0 data"
if dd if=/tmp/zone-data of=$dev bs=64k seek=4 oflag=direct status=none 2>/dev/null; then
	fail "a write away from the write pointer succeeded"
fi
expect_zone 0 oi 128

note "zone operations"
sends=$(counter zone_mgmt_send)
zone_op close 0 || fail "close zone 0"
expect_zone 0 cl 128
zone_op open 1 || fail "open zone 1"
expect_zone 1 oe 0
zone_op finish 2 || fail "finish zone 2"
expect_zone 2 fu
zone_op reset 0 || fail "reset zone 0"
expect_zone 0 em 0
[ "$(counter zone_mgmt_send)" -ge $((sends + 4)) ] || fail "zone operations sent no Zone Management Send"

note "open and active zone limits"
# Zone 1 is open: zones 3 on reach the open limit.
last_open=$((3 + max_open - 2))
zone_op open 3 $((max_open - 1)) || fail "opening zones 3-$last_open"
if zone_op open $((last_open + 1)) 2>/tmp/zone-err; then fail "one open zone too many was allowed"; fi
note "open zone $((max_open + 1)): $(cat /tmp/zone-err)"
# Closed zones stay active: those closed and more open reach the active limit.
zone_op close 1 || fail "close zone 1"
zone_op close 3 $((max_open - 1)) || fail "close zones 3-$last_open"
zone_op open $((last_open + 1)) $((max_active - max_open)) || fail "opening zones up to the active limit"
if zone_op open $((last_open + 1 + max_active - max_open)) 2>/tmp/zone-err; then
	fail "one active zone too many was allowed"
fi
note "active zone $((max_active + 1)): $(cat /tmp/zone-err)"
blkzone reset $dev || fail "reset all zones"
expect_eq "$(blkzone report $dev | grep -c 'zcond: *1(em)')" $nr_zones "empty zones after reset all"

note "fio --zonemode=zbd with verify"
written() { awk '{print $7 * 512}' /sys/block/$disk/stat; }
before=$(written)
fio_run --name=zbd --filename=$dev --zonemode=zbd --max_open_zones=4 --rw=randwrite \
	--bs=16k --iodepth=8 --size=64M --verify=crc32c --verify_fatal=1 --do_verify=1
fio_run --name=zbd-seq --filename=$dev --zonemode=zbd --offset=64M --size=32M --rw=write \
	--bs=128k --iodepth=4 --verify=md5 --verify_fatal=1 --do_verify=1
note "fio wrote $((($(written) - before) >> 20)) MiB"
[ $(($(written) - before)) -ge $((64 << 20)) ] || fail "fio wrote less than 64 MiB"

note "controller reset keeps zones and data"
blkzone reset $dev
dd if=/tmp/zone-data of=$dev bs=64k seek=$((zone_sectors * 512 * 5 / 65536)) oflag=direct status=none ||
	fail "write to zone 5"
nvme reset /dev/$ctrl || fail "controller reset"
expect_eq "$(cat /sys/class/nvme/$ctrl/state)" live "state after the reset"
expect_zone 5 oi 128
cmp <(dd if=$dev bs=64k skip=$((zone_sectors * 512 * 5 / 65536)) count=1 iflag=direct status=none) \
	/tmp/zone-data || fail "zone 5 data after the reset"

note "nvme-cli zns through passthrough"
nvme zns id-ns $dev >/tmp/zns-id-ns || fail "nvme zns id-ns"
grep -qE "^mor *: *0x$(printf %x $((max_open - 1)))$" /tmp/zns-id-ns || { cat /tmp/zns-id-ns; fail "zns id-ns MOR"; }
nvme zns report-zones $dev -d 6 >/tmp/zns-report || fail "nvme zns report-zones"
grep -qE 'SLBA: 0x1400 +WP: 0x1410 +Cap: 0x300 +State: 0x20' /tmp/zns-report || { cat /tmp/zns-report; fail "zns report of zone 5"; }

note "btrfs writes with Zone Append"
blkzone reset $dev
modprobe btrfs || fail "modprobe btrfs"
# One copy of everything: a small zoned disk has little room for DUP.
mkfs.btrfs -q -f -m single -d single $dev >/tmp/mkfs.out 2>&1 || { cat /tmp/mkfs.out; fail "mkfs.btrfs"; }
appends=$(counter zone_append)
mkdir -p /tmp/zoned
mount -t btrfs $dev /tmp/zoned || fail "mount btrfs"
head -c $((8 << 20)) /dev/urandom >/tmp/zone-file
cp /tmp/zone-file /tmp/zoned/file
sync
umount /tmp/zoned
echo 3 >/proc/sys/vm/drop_caches
mount -t btrfs $dev /tmp/zoned || fail "remount btrfs"
cmp /tmp/zoned/file /tmp/zone-file || fail "btrfs file differs after remount"
btrfs scrub start -B /tmp/zoned >/tmp/scrub.out 2>&1 || { cat /tmp/scrub.out; fail "btrfs scrub"; }
umount /tmp/zoned
used=$(($(counter zone_append) - appends))
note "btrfs: $used Zone Append commands"
[ "$used" -gt 0 ] || fail "btrfs sent no Zone Append"
blkzone reset $dev

# Quirks that change the commands and queues cnvme builds, set on QEMU's
# 1b36:0010 through cnvme.quirks=; QEMU's own trace events show what the
# controller received (every controller's, in one log):
# - skip_cid_gen: every I/O command's CID is its tag (below 4096), where
#   without it the generation count shows in the upper bits;
# - shared_tags: one I/O queue per controller whose first 32 tags (the
#   admin queue's CIDs) are reserved, so no I/O command uses them; medium_prio_sq: every SQ is created with QPRIO 10b;
# - qdepth_one: two-entry I/O queues, fio verify at QD16 still passes;
# - deallocate_zeroes: Write Zeroes goes out as a deallocating Dataset
#   Management and the range reads back as zeroes;
# - stripe_size: requests stay within stripes of the largest transfer;
# - admin_page_align: an admin command's buffer that does not start a page
#   reaches the controller through one that does;
# - namespaces that report another's identifiers (nvme3n1 and nvme4n1 one
#   EUI-64, nvme2's namespace 3 nvme1n1's UUID), seen once bogus_nid is
#   cleared: the later one of nvme3n1/nvme4n1 loses its identifiers and
#   its controller gets bogus_nid; namespace 3, shareable in a
#   multi-controller subsystem, gets no disk.
trace=$out/qemu-trace.log
restore() {
	qemu_monitor "trace-event pci_nvme_io_cmd off" >/dev/null
	qemu_monitor "trace-event pci_nvme_create_sq off" >/dev/null
	qemu_monitor "trace-event pci_nvme_map_prp off" >/dev/null
	cnvme_loaded && rmmod cnvme
	cnvme_load
}
trap restore EXIT

load_with() { # QUIRKS ("" for none)
	cnvme_unload
	if [ -n "$1" ]; then
		insmod "$ko" "quirks=1b36:0010:$1" || fail "load with quirks=1b36:0010:$1"
	else
		insmod "$ko" || fail "load"
	fi
	# shellcheck disable=SC2086
	wait_disks $expected_disks
}

# Traces EVENT around the rest of the arguments (a command) and leaves
# the lines it traced in /tmp/traced.
traced() { # EVENT COMMAND...
	local event=$1 mark
	shift
	mark=$(wc -l <"$trace")
	qemu_monitor "trace-event $event on" >/dev/null
	"$@"
	qemu_monitor "trace-event $event off" >/dev/null
	tail -n +$((mark + 1)) "$trace" | grep "$event" >/tmp/traced || true
}

# CIDs of the traced I/O commands, one per line, decimal.
cids() { sed -n 's/.*pci_nvme_io_cmd cid \([0-9]*\) .*/\1/p' /tmp/traced; }

verified_writes() { # DISK IODEPTH
	fio_run --name=quirk --filename=/dev/$1 --rw=randwrite --bs=4k --size=8M \
		--iodepth="$2" --verify=crc32c --verify_fatal=1 --do_verify=1
}

# Tags blk-mq keeps from I/O on nvme0n1's first hardware queue.
reserved_tags() { sed -n 's/^nr_reserved_tags=//p' /sys/kernel/debug/block/nvme0n1/hctx0/tags; }

note "no quirk but bogus_nid: CIDs carry a generation, no tag reserved"
traced pci_nvme_io_cmd verified_writes nvme0n1 32
n=$(cids | wc -l)
[ "$n" -ge 2048 ] || fail "only $n I/O commands traced"
[ "$(cids | awk '$1 >= 4096' | wc -l)" -gt 0 ] || fail "no CID carries a generation"
expect_eq "$(reserved_tags)" 0 "reserved I/O tags without shared_tags"

note "skip_cid_gen: the CID is the tag"
load_with skip_cid_gen
traced pci_nvme_io_cmd verified_writes nvme0n1 32
n=$(cids | wc -l)
[ "$n" -ge 2048 ] || fail "only $n I/O commands traced"
big=$(cids | awk '$1 >= 4096' | wc -l)
expect_eq "$big" 0 "CIDs above the tag bits with skip_cid_gen"

note "shared_tags, medium_prio_sq: one I/O queue created at medium priority, I/O tags from 32"
traced pci_nvme_create_sq load_with shared_tags,medium_prio_sq
cp /tmp/traced /tmp/create_sq
queues=$(wc -l </tmp/create_sq)
[ "$queues" -ge 8 ] || fail "only $queues I/O SQs created: $(cat /tmp/create_sq)"
grep -v 'sqid=1,' /tmp/create_sq && fail "an SQ other than 1 was created with shared_tags"
grep -v 'qflags=5$' /tmp/create_sq && fail "an SQ created without medium priority (QPRIO 10b, PC)"
expect_eq "$(ls /sys/block/nvme0n1/mq | wc -l)" 1 "nvme0n1's hardware queues with shared_tags"
expect_eq "$(reserved_tags)" 32 "reserved I/O tags with shared_tags"
traced pci_nvme_io_cmd verified_writes nvme0n1 32
[ "$(cids | wc -l)" -ge 2048 ] || fail "too few I/O commands traced"
low=$(cids | awk '$1 % 4096 < 32' | wc -l)
expect_eq "$low" 0 "I/O commands with a tag the admin queue uses"

note "qdepth_one: two-entry I/O queues"
traced pci_nvme_create_sq load_with qdepth_one
grep -v 'qsize=1,' /tmp/traced && fail "an SQ of more than two entries with qdepth_one"
[ -s /tmp/traced ] || fail "no SQ creation traced"
verified_writes nvme1n1 16
[ "$(cat /sys/class/nvme/nvme1/sqsize)" = 1 ] || fail "nvme1 sqsize $(cat /sys/class/nvme/nvme1/sqsize)"

note "deallocate_zeroes: Write Zeroes as Dataset Management"
counters=/sys/kernel/debug/cnvme/nvme0/commands
counter() { awk -v k="$1" '$1 == k { print $2 }' $counters; }
load_with ""
plain=$(queue_attr nvme0n1 write_zeroes_max_bytes)
load_with deallocate_zeroes
wz=$(queue_attr nvme0n1 write_zeroes_max_bytes)
[ "$wz" -gt "$plain" ] || fail "Write Zeroes limit $wz not above the plain $plain"
dd if=/dev/urandom of=/dev/nvme0n1 bs=1M seek=3 count=2 oflag=direct status=none
dsm=$(counter dsm) zeroes=$(counter write_zeroes)
blkdiscard -z -o 3M -l 2M /dev/nvme0n1 || fail "blkdiscard -z"
[ "$(counter dsm)" -gt "$dsm" ] || fail "no Dataset Management for the zeroing"
expect_eq "$(counter write_zeroes)" "$zeroes" "Write Zeroes commands with deallocate_zeroes"
cmp -n 2097152 <(dd if=/dev/nvme0n1 bs=1M skip=3 count=2 iflag=direct status=none) /dev/zero ||
	fail "the zeroed range does not read back as zeroes"

note "stripe_size: requests within the largest transfer"
expect_eq "$(queue_attr nvme3n1 chunk_sectors)" 0 "nvme3n1 stripe without the quirk"
load_with stripe_size
expect_eq "$(queue_attr nvme3n1 chunk_sectors)" $(($(queue_attr nvme3n1 max_hw_sectors_kb) * 2)) \
	"nvme3n1 stripe with stripe_size"
verified_writes nvme3n1 8

note "admin_page_align: an admin buffer 512 bytes into a page"
identify_at_512() {
	/usr/bin/python3 - <<'EOF' || fail "identify through /dev/nvme1 failed"
import ctypes, fcntl, mmap, os, struct
buf = mmap.mmap(-1, 8192)
addr = ctypes.addressof(ctypes.c_char.from_buffer(buf)) + 512
cmd = bytearray(72)
struct.pack_into("<BBHIII", cmd, 0, 0x06, 0, 0, 0, 0, 0)
struct.pack_into("<Q", cmd, 24, addr)
struct.pack_into("<I", cmd, 36, 4096)
struct.pack_into("<I", cmd, 40, 1)
fd = os.open("/dev/nvme1", os.O_RDONLY)
fcntl.ioctl(fd, 0xC0484E41, cmd)
assert buf[512 + 4:512 + 24].strip(b" \0"), "no serial number in the data"
EOF
}
prp1_offsets() { sed -n 's/.*prp1 0x\([0-9a-f]*\) .*/\1/p' /tmp/traced | while read -r p; do
	echo $((0x$p % 4096)); done | sort -u | tr '\n' ' '; }
traced pci_nvme_map_prp identify_at_512
[ -s /tmp/traced ] || fail "no PRP mapping traced"
case " $(prp1_offsets)" in *" 512 "*) ;; *) fail "without the quirk the buffer was not used in place: $(prp1_offsets)" ;; esac
load_with admin_page_align
traced pci_nvme_map_prp identify_at_512
[ -s /tmp/traced ] || fail "no PRP mapping traced"
expect_eq "$(prp1_offsets)" "0 " "offsets of the buffers the controller saw with admin_page_align"

note "namespaces reporting another's identifiers"
mark=$(dmesg | wc -l)
new_log() { dmesg | tail -n +$((mark + 1)) | grep -q "$1"; }
load_with ^bogus_nid
eui=$(cat /sys/block/nvme1n1/eui)
kept= cleared=
for c in nvme3 nvme4; do
	if [ -e /sys/block/${c}n1/eui ]; then
		kept="$kept $c"
		expect_eq "$(cat /sys/block/${c}n1/eui)" "12 34 56 78 9a bc de f0" "${c}n1 eui"
	else
		cleared="$cleared $c"
		grep -qx bogus_nid /sys/class/nvme/$c/quirks || fail "$c lost its identifiers without bogus_nid"
		new_log "$c: namespace 1: identifiers cleared" || fail "$c's clearing not logged"
	fi
done
[ "$(echo $kept)" != "" ] && [ "$(echo $cleared)" != "" ] ||
	fail "of nvme3n1 and nvme4n1 kept:${kept:- none}, cleared:${cleared:- none}"
[ -n "$eui" ] || fail "nvme1n1 shows no eui"
cntlid=$(cat /sys/class/nvme/nvme2/cntlid)
nvme attach-ns /dev/nvme2 --namespace-id=3 --controllers="$cntlid" >/dev/null || fail "attach-ns"
wait_until 30 "namespace 3 turned down" 'new_log "nvme2: namespace 3 ignored"'
[ ! -e /sys/block/nvme2n3 ] || fail "nvme2n3 has a disk with nvme1n1's UUID"
nvme detach-ns /dev/nvme2 --namespace-id=3 --controllers="$cntlid" >/dev/null || fail "detach-ns"
expect_eq "$(cat /sys/block/nvme1n1/uuid)" 6b4e0f9a-2c3d-4e5f-8a9b-0c1d2e3f4a5b "nvme1n1 uuid"

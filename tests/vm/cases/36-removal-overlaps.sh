# Removal that lands in the middle of recovery or of a scan, under load
# (fault knobs hold the reset or the scan at a lost admin command):
# - unbind during a controller reset (nvme0);
# - unbind during a namespace scan whose admin command is lost (nvme2);
# - unbind while a Format through passthrough that the controller never
#   answers holds a namespace's I/O (nvme2): the removal waits for the
#   Format's own timeout (5 s), not for ever;
# - surprise removal (device_del through QMP) during a reset (nvme7).
# Each removal completes within 60 s, the load ends within 30 s of it, no
# task is left stuck, and once the controller is back everything written
# (and acknowledged) before the removal reads back intact.
bound=60
param=/sys/module/cnvme/parameters/admin_timeout
old_timeout=$(cat $param)
bdf0=$(disk_bdf nvme0n1)
bdf2=$(disk_bdf nvme2n1)
bdf7=$(disk_bdf nvme7n1)
restore() {
	echo "$old_timeout" >$param
	[ -e /sys/bus/pci/devices/$bdf7 ] || qemu_monitor "device_add $hotplug_device" >/dev/null
	for b in $bdf0 $bdf2 $bdf7; do
		[ -e /sys/bus/pci/drivers/cnvme/$b ] || echo "$b" >/sys/bus/pci/drivers/cnvme/bind 2>/dev/null
	done
}
trap restore EXIT

keep() { # DISK SEED [fio options]: 8 MiB of verified data, written or checked
	local disk=$1 seed=$2
	shift 2
	fio_run --name=keep --filename=/dev/$disk --size=8M --bs=16k --iodepth=8 --rw=randwrite \
		--verify=crc32c --verify_fatal=1 --randseed=$seed "$@"
}
busy_start() { # DISK: reads and writes beyond the kept data, until stopped
	fio --name=busy --filename=/dev/$1 --offset=16M --size=16M --direct=1 --ioengine=libaio \
		--rw=randrw --bs=4k --iodepth=16 --time_based --runtime=120 >/tmp/busy.out 2>&1 &
	busy=$!
	io_flowing "$1" $busy
}
# Runs "$@" in the background and requires it to end within $bound s.
bounded() { # WHAT COMMAND...
	local what=$1 pid start=$(date +%s)
	shift
	"$@" &
	pid=$!
	timeout_wait $pid $bound || fail "$what did not finish within $bound s"
	note "$what took $(($(date +%s) - start)) s"
}
busy_ends() { # WHAT
	timeout_wait $busy 30 || fail "I/O still running 30 s after $1"
}
unbind() { echo "$1" >/sys/bus/pci/drivers/cnvme/unbind; }
note "unbind during a reset"
keep nvme0n1 36 --do_verify=1
busy_start nvme0n1
reset_under_way nvme0
bounded "unbind during a reset" unbind "$bdf0"
busy_ends "the unbind"
wait_gone nvme0n1
no_stuck_tasks
echo "$bdf0" >/sys/bus/pci/drivers/cnvme/bind
wait_disks nvme0n1
keep nvme0n1 36 --verify_only

note "unbind during a scan whose admin command is lost"
echo 3 >$param
rebind "$bdf2" nvme2n1 nvme2n2
keep nvme2n1 37 --do_verify=1
busy_start nvme2n2
echo 1 >/sys/kernel/debug/cnvme/nvme2/drop_scan_command
timeout 60 nvme ns-rescan /dev/nvme2 >/dev/null 2>&1 &
rescan=$!
wait_until 30 "the scan's command lost" '[ "$(log_count "scan command opcode .* will not complete")" -ge 1 ]'
bounded "unbind during a scan" unbind "$bdf2"
busy_ends "the unbind"
timeout_wait $rescan 30 || fail "the rescan did not end within 30 s of the unbind"
wait_gone nvme2n1 nvme2n2
no_stuck_tasks
echo "$old_timeout" >$param
echo "$bdf2" >/sys/bus/pci/drivers/cnvme/bind
wait_disks nvme2n1 nvme2n2
keep nvme2n1 37 --verify_only

note "unbind while a lost Format holds nvme2n2"
f512=$(lbaf_of nvme2n2 512)
[ -n "$f512" ] || fail "no 512 B format on nvme2n2"
keep nvme2n1 39 --do_verify=1
busy_start nvme2n1
lost=$(log_count "passthrough command opcode 0x80 will not complete")
echo 1 >/sys/kernel/debug/cnvme/nvme2/drop_passthrough_command
# (nvme format leaves the timeout to the driver's default; admin-passthru passes it.)
timeout 60 nvme admin-passthru /dev/nvme2 --opcode=0x80 --namespace-id=2 --cdw10="$f512" \
	--timeout=5000 >/dev/null 2>&1 &
fmt=$!
wait_until 30 "the Format was sent" \
	'[ "$(log_count "passthrough command opcode 0x80 will not complete")" -gt '"$lost"' ]'
dd if=/dev/nvme2n2 of=/dev/null bs=4k count=4 iflag=direct status=none 2>/dev/null &
held=$!
bound=30 bounded "unbind during a Format" unbind "$bdf2"
busy_ends "the unbind"
timeout_wait $fmt 30 || fail "nvme format did not end within 30 s of the unbind"
timeout_wait $held 30 || fail "the held read did not end within 30 s of the unbind"
wait_gone nvme2n1 nvme2n2
no_stuck_tasks
echo "$bdf2" >/sys/bus/pci/drivers/cnvme/bind
wait_disks nvme2n1 nvme2n2
keep nvme2n1 39 --verify_only

note "surprise removal (device_del) during a reset"
keep nvme7n1 38 --do_verify=1
busy_start nvme7n1
reset_under_way nvme7
qemu_monitor "device_del c6" >/dev/null
wait_until $bound "device_del during a reset" '[ ! -e /sys/bus/pci/devices/$bdf7 ]'
busy_ends "device_del"
wait_gone nvme7n1
no_stuck_tasks
qemu_monitor "device_add $hotplug_device" >/dev/null
wait_disks nvme7n1
keep nvme7n1 38 --verify_only

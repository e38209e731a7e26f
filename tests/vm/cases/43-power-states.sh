# Power states. APST (Set Features 0Ch), seen in QEMU's trace:
# - QEMU's controllers offer no APST: none is sent, and no latency
#   tolerance knob appears, as in-tree;
# - one that offers it (the assume_apst knob, then a reset) gets its table
#   at each reset with APSTE set, and sysfs power/pm_qos_latency_tolerance_us
#   (default_ps_max_latency_us, 100000) turns it off (0) and on again; QEMU
#   refuses the feature, which is logged and leaves the controller live;
# - no_apst: APSTE cleared, no knob; force_apst overrules it.
trace=$out/qemu-trace.log
knob=/sys/class/nvme/nvme0/power/pm_qos_latency_tolerance_us
restore() {
	qemu_monitor "trace-event pci_nvme_setfeat off" >/dev/null
	cnvme_loaded && rmmod cnvme
	cnvme_load
}
trap restore EXIT

# APST commands QEMU received while COMMAND... ran: their CDW11, one a line.
apst_sent() {
	local mark
	mark=$(wc -l <"$trace")
	qemu_monitor "trace-event pci_nvme_setfeat on" >/dev/null
	"$@"
	qemu_monitor "trace-event pci_nvme_setfeat off" >/dev/null
	tail -n +$((mark + 1)) "$trace" | sed -n 's/.*pci_nvme_setfeat .* fid 0xc .*cdw11 \(0x[0-9a-f]*\).*/\1/p' \
		>/tmp/apst
}

reset_nvme0() {
	echo 1 >/sys/class/nvme/nvme0/reset_controller
	wait_until 60 "nvme0 live after a reset" '[ "$(cat /sys/class/nvme/nvme0/state)" = live ]'
}

load_with() { # PARAMETERS...
	cnvme_unload
	insmod "$ko" "$@" || fail "load with $*"
	# shellcheck disable=SC2086
	wait_disks $expected_disks
}

note "QEMU's controllers: no APST"
expect_eq "$(cat /sys/module/cnvme/parameters/default_ps_max_latency_us)" 100000 \
	"default_ps_max_latency_us"
apst_sent load_with
[ ! -s /tmp/apst ] || fail "APST sent to a controller without it: $(cat /tmp/apst)"
[ ! -e $knob ] || fail "latency tolerance knob on a controller without APST"

note "a controller offering APST"
echo 1 >/sys/kernel/debug/cnvme/nvme0/assume_apst
mark=$(dmesg | wc -l)
apst_sent reset_nvme0
expect_eq "$(cat /tmp/apst)" 0x1 "APST commands at the reset"
[ -e $knob ] || fail "no latency tolerance knob with APST"
expect_eq "$(cat $knob)" 100000 "latency tolerance"
dmesg | tail -n +$((mark + 1)) | grep -q "nvme0: failed to set APST feature" ||
	fail "QEMU's refusal of APST is not logged"
apst_sent sh -c "echo 0 >$knob"
expect_eq "$(cat /tmp/apst)" 0x0 "APST commands with a tolerance of 0"
apst_sent sh -c "echo 25000 >$knob"
expect_eq "$(cat /tmp/apst)" 0x1 "APST commands with a tolerance of 25000 us"
apst_sent sh -c "echo 25000 >$knob"
[ ! -s /tmp/apst ] || fail "an unchanged tolerance sent APST again"
expect_eq "$(cat /sys/class/nvme/nvme0/state)" live "nvme0 after APST was refused"
fio_run --name=apst --filename=/dev/nvme0n1 --rw=randwrite --bs=4k --size=8M --iodepth=8 \
	--verify=crc32c --verify_fatal=1 --do_verify=1

note "no_apst: APST off, no knob; force_apst overrules it"
load_with quirks=1b36:0010:no_apst
echo 1 >/sys/kernel/debug/cnvme/nvme0/assume_apst
apst_sent reset_nvme0
expect_eq "$(cat /tmp/apst)" 0x0 "APST commands at a reset with no_apst"
[ ! -e $knob ] || fail "latency tolerance knob with no_apst"
load_with quirks=1b36:0010:no_apst force_apst=1
echo 1 >/sys/kernel/debug/cnvme/nvme0/assume_apst
apst_sent reset_nvme0
expect_eq "$(cat /tmp/apst)" 0x1 "APST commands at a reset with no_apst and force_apst"
[ -e $knob ] || fail "no latency tolerance knob with force_apst"

# Suspend-to-idle (6.12: the 9p root does not survive a suspend on 6.1,
# see case 23), with /sys/power/pm_test=devices and verified I/O running.
case $(uname -r) in 6.[0-9].* | 6.1[01].*)
	note "suspend-to-idle not tried on $(uname -r)"
	exit 0 ;;
esac
[ -w /sys/power/pm_test ] && grep -qw freeze /sys/power/state || fail "no suspend-to-idle to test"
ctrls=$(ls /sys/bus/pci/drivers/cnvme | grep -c '^0000:')
# Suspends with fio writing to nvme0n1; leaves QEMU's Get/Set Features
# 02h lines of the suspend in /tmp/pm, its shutdown count in $shn.
suspend_under_io() {
	local mark fio_pid
	fio --name=s2idle --filename=/dev/nvme0n1 --direct=1 --ioengine=libaio --rw=randwrite \
		--bs=4k --iodepth=16 --size=32M --loops=2 --verify=crc32c --verify_fatal=1 \
		--verify_backlog=256 --randseed=43 >/tmp/s2idle-fio.out 2>&1 &
	fio_pid=$!
	io_flowing nvme0n1 $fio_pid
	mark=$(wc -l <"$trace")
	qemu_monitor "trace-event pci_nvme_setfeat on" >/dev/null
	qemu_monitor "trace-event pci_nvme_getfeat on" >/dev/null
	echo devices >/sys/power/pm_test
	echo freeze >/sys/power/state || fail "suspend failed: $(dmesg | tail -3)"
	echo none >/sys/power/pm_test
	qemu_monitor "trace-event pci_nvme_setfeat off" >/dev/null
	qemu_monitor "trace-event pci_nvme_getfeat off" >/dev/null
	tail -n +$((mark + 1)) "$trace" >/tmp/pm-trace
	grep -E 'pci_nvme_(set|get)feat .* fid 0x2 ' /tmp/pm-trace >/tmp/pm || true
	shn=$(grep -c pci_nvme_mmio_shutdown_set /tmp/pm-trace || true)
	for c in /sys/class/nvme/nvme*; do
		wait_until 60 "$(basename "$c") live after resume" "[ \"\$(cat $c/state)\" = live ]"
	done
	wait $fio_pid || { cat /tmp/s2idle-fio.out; fail "fio failed across suspend"; }
}

note "suspend-to-idle, QEMU's controllers (one power state, no ASPM): shutdown"
load_with
mark=$(dmesg | wc -l)
suspend_under_io
[ ! -s /tmp/pm ] || fail "power state commands for controllers without power states: $(cat /tmp/pm)"
expect_eq "$shn" "$ctrls" "shutdown notifications"

note "suspend-to-idle, host managed (force_host_managed_suspend): no shutdown"
# QEMU's controllers have one power state: each is in its lowest already,
# so none gets a Set Features (QEMU would refuse it: not changeable).
echo 1 >/sys/module/cnvme/parameters/force_host_managed_suspend
mark=$(dmesg | wc -l)
suspend_under_io
expect_eq "$shn" 0 "shutdown notifications in a host-managed suspend"
expect_eq "$(grep -c 'getfeat .* fid 0x2 ' /tmp/pm)" "$ctrls" "power states read at suspend"
expect_eq "$(grep -c 'setfeat .* fid 0x2 ' /tmp/pm)" 0 "power states set on controllers already in their lowest"
expect_eq "$(dmesg | tail -n +$((mark + 1)) | grep -c 'suspended in power state 0$')" "$ctrls" \
	"controllers suspended in a power state"
expect_eq "$(dmesg | tail -n +$((mark + 1)) | grep -c 'resumed in power state 0$')" "$ctrls" \
	"controllers resumed in their power state"

note "suspend-to-idle, host managed, nvme0 refusing its power state: nvme0 alone shut down"
echo 1 >/sys/kernel/debug/cnvme/nvme0/refuse_power_state
mark=$(dmesg | wc -l)
suspend_under_io
echo 0 >/sys/module/cnvme/parameters/force_host_managed_suspend
expect_eq "$shn" 1 "shutdown notifications"
dmesg | tail -n +$((mark + 1)) | grep -q "nvme0: no low power state for suspend" ||
	fail "nvme0's fallback to a shutdown is not logged"
expect_eq "$(dmesg | tail -n +$((mark + 1)) | grep -c 'resumed in power state 0$')" $((ctrls - 1)) \
	"controllers resumed in their power state"
dmesg | tail -n +$((mark + 1)) | grep -q "nvme0: controller resumed$" || fail "nvme0 not re-initialised"
fio_run --name=s2idle --filename=/dev/nvme0n1 --rw=randwrite --bs=4k --iodepth=16 \
	--size=32M --verify=crc32c --verify_fatal=1 --randseed=43 --verify_only

note "suspend-to-idle, simple_suspend: shut down even where host management is forced"
load_with quirks=1b36:0010:simple_suspend force_host_managed_suspend=1
suspend_under_io
expect_eq "$shn" "$ctrls" "shutdown notifications with simple_suspend"
[ ! -s /tmp/pm ] || fail "power state commands with simple_suspend: $(cat /tmp/pm)"

# make stress: STRESS_RESETS controller resets (default 1,000) of nvme0
# under crc32c-verified writes that run throughout, spread over three
# triggers: sysfs reset_controller, the NVME_IOCTL_RESET ioctl (nvme
# reset), and one in ten an injected timeout (a completion dropped: the
# I/O times out after 1 s, its abort finds nothing, the controller is
# reset). Each reset must end with the controller live within 60 s, every
# verified run must pass, and all that was written reads back at the end.
# Ends with "stress-count resets N".
want=${STRESS_RESETS:-1000}
ctrl=nvme0
disk=nvme0n1
knobs=/sys/kernel/debug/cnvme/$ctrl
echo 1000 >/sys/block/$disk/queue/io_timeout
trap 'echo 0 >$knobs/drop_completion' EXIT
resets_logged() { log_count "$ctrl: controller reset\$"; }

run=0
load_start() {
	run=$((run + 1))
	fio --name=load --filename=/dev/$disk --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
		--iodepth=16 --size=32M --verify=crc32c --verify_fatal=1 --verify_backlog=256 \
		--randseed=$run >/tmp/load.out 2>&1 &
	load=$!
}
load_check() { # the run that ended passed; a new one starts
	wait $load || { tail -5 /tmp/load.out; fail "verified writes failed in run $run"; }
	load_start
}

base=$(resets_logged)
load_start
io_flowing $disk $load
done_resets=0 sysfs=0 ioctl=0 timeouts=0
start=$(date +%s)
while [ $done_resets -lt "$want" ]; do
	kill -0 $load 2>/dev/null || load_check
	before=$(resets_logged)
	case $((done_resets % 10)) in
	9)
		echo 1 >$knobs/drop_completion
		timeouts=$((timeouts + 1))
		;;
	1 | 3 | 5 | 7)
		timeout 60 nvme reset /dev/$ctrl >/dev/null 2>&1 || fail "nvme reset $ioctl failed or hung"
		ioctl=$((ioctl + 1))
		;;
	*)
		timeout 60 sh -c "echo 1 >/sys/class/nvme/$ctrl/reset_controller" || fail "sysfs reset failed or hung"
		sysfs=$((sysfs + 1))
		;;
	esac
	# An injected timeout needs I/O: a verified run that ends meanwhile is followed by the next.
	wait_until 60 "reset $((done_resets + 1)) done" \
		'[ "$(resets_logged)" -gt '"$before"' ] || { kill -0 $load 2>/dev/null || load_check; false; }'
	wait_until 60 "$ctrl live after reset $((done_resets + 1))" \
		'[ "$(cat /sys/class/nvme/$ctrl/state)" = live ]'
	done_resets=$((done_resets + 1))
	[ $((done_resets % 100)) != 0 ] || note "$done_resets resets in $(($(date +%s) - start)) s"
done
timeout_wait $load 300 || fail "the last verified run did not finish"
[ "$(cat /tmp/rc.$load)" = 0 ] || { tail -5 /tmp/load.out; fail "verified writes failed in run $run"; }
no_stuck_tasks
fio_run --name=load --filename=/dev/$disk --rw=randwrite --bs=4k --iodepth=16 --size=32M \
	--verify=crc32c --verify_fatal=1 --randseed=$run --verify_only
note "$sysfs through sysfs, $ioctl through the ioctl, $timeouts after injected timeouts; $run verified runs"
echo "stress-count resets $(($(resets_logged) - base))"

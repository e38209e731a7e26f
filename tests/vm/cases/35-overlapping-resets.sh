# Resets that overlap other events on one controller (nvme2: two
# namespaces and a third one to attach), under crc32c-verified I/O. Each
# part resolves within a stated bound, loses no acknowledged write, leaves
# no task stuck and no complaint in the kernel log:
# - the scan that follows a reset loses an admin command: its timeout
#   resets the controller again (the reset must not wait on its own scan),
#   and no disk is deleted for an answer the reset cancelled (60 s);
# - namespace rescans and attach/detach of namespace 3 race a loop of
#   resets: quiesce and unquiesce stay balanced for disks that come and go
#   meanwhile (180 s).
ctrl=nvme2
bdf=$(disk_bdf nvme2n1)
knobs=/sys/kernel/debug/cnvme/$ctrl
cntlid=$(cat /sys/class/nvme/$ctrl/cntlid)
param=/sys/module/cnvme/parameters/admin_timeout
old_timeout=$(cat $param)
# Admin commands time out after 3 s on this controller (read when its queues are set up).
echo 3 >$param
# Whether namespace 3 is attached, asked until a reset lets the answer
# through. QEMU 10.0.2 aborts on a Detach of a namespace that is not
# attached (fixed in 10.0.4), so detach only what this says is attached.
ns3_attached() {
	local i list
	for i in $(seq 120); do
		list=$(nvme list-ns /dev/$ctrl 2>/dev/null) && break
		sleep 0.5
	done
	[ -n "$list" ] || fail "list-ns did not answer within 60 s"
	echo "$list" | grep -q ':0x3$'
}
detach3() { ! ns3_attached || timeout 60 nvme detach-ns /dev/$ctrl --namespace-id=3 --controllers="$cntlid" >/dev/null 2>&1; }
attach3() { ns3_attached || timeout 60 nvme attach-ns /dev/$ctrl --namespace-id=3 --controllers="$cntlid" >/dev/null 2>&1; }
restore() {
	echo "$old_timeout" >$param
	detach3 || true
	rebind "$bdf" nvme2n1 nvme2n2
}
trap restore EXIT
rebind "$bdf" nvme2n1 nvme2n2

verified_load() { # DISK SEED: crc32c-verified random writes, verified as they go
	fio --name=load --filename=/dev/$1 --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
		--iodepth=16 --size=16M --loops=4 --verify=crc32c --verify_fatal=1 \
		--verify_backlog=128 --randseed=$2 >/tmp/load-$1.out 2>&1
}

note "a lost admin command in the scan after a reset"
verified_load nvme2n1 35 &
load=$!
io_flowing nvme2n1 $load
resets=$(log_count 'controller reset$')
echo 1 >$knobs/drop_scan_command
start=$(date +%s)
timeout 60 nvme reset /dev/$ctrl || fail "nvme reset failed or hung"
# The scan the reset queued loses its first command; its timeout resets
# the controller again, and the next scan completes.
wait_until 60 "second reset after the lost scan command" \
	'[ "$(log_count "controller reset$")" -ge $((resets + 2)) ]'
expect_eq "$(log_count 'scan command opcode .* will not complete')" 1 "scan commands lost"
wait_until 60 "controller live again" '[ "$(cat /sys/class/nvme/$ctrl/state)" = live ]'
timeout 30 nvme ns-rescan /dev/$ctrl || fail "rescan after recovery failed or hung"
note "recovered in $(($(date +%s) - start)) s"
for d in nvme2n1 nvme2n2; do
	[ -b /dev/$d ] || fail "$d deleted by a scan whose command the reset cancelled"
done
timeout_wait $load 240 || fail "verified I/O did not finish"
[ "$(cat /tmp/rc.$load)" = 0 ] || { tail -5 /tmp/load-nvme2n1.out; fail "verified I/O failed across the resets"; }
expect_eq "$(cat $knobs/drop_scan_command)" 0 "drop_scan_command consumed"

note "rescans and namespace attach/detach racing resets"
verified_load nvme2n1 36 &
load1=$!
verified_load nvme2n2 37 &
load2=$!
io_flowing nvme2n1 $load1
start=$(date +%s)
(for _ in $(seq 12); do timeout 60 nvme reset /dev/$ctrl >/dev/null 2>&1; sleep 0.2; done) &
resetter=$!
(for _ in $(seq 25); do timeout 60 nvme ns-rescan /dev/$ctrl >/dev/null 2>&1; done) &
rescanner=$!
(for _ in $(seq 8); do attach3 || true; detach3 || true; done) &
attacher=$!
for job in $resetter $rescanner $attacher; do
	timeout_wait $job 180 || fail "reset, rescan or attach loop still running after 180 s"
done
note "loops done in $(($(date +%s) - start)) s, $(($(log_count 'controller reset$') - resets)) resets in all"
for job in $load1 $load2; do
	timeout_wait $job 240 || fail "verified I/O did not finish"
	[ "$(cat /tmp/rc.$job)" = 0 ] || { tail -5 /tmp/load-*.out; fail "verified I/O failed while resets raced scans"; }
done
wait_until 30 "controller live" '[ "$(cat /sys/class/nvme/$ctrl/state)" = live ]'
# Namespace 3 ends detached; its disk follows the controller's list.
detach3 || true
timeout 30 nvme ns-rescan /dev/$ctrl || fail "rescan after the race failed"
wait_gone nvme2n3
wait_disks nvme2n1 nvme2n2
no_stuck_tasks
# What was acknowledged is still there.
for d in nvme2n1:36 nvme2n2:37; do
	fio_run --name=load --filename=/dev/${d%:*} --rw=randwrite --bs=4k --size=16M \
		--verify=crc32c --verify_fatal=1 --randseed=${d#*:} --verify_only
done

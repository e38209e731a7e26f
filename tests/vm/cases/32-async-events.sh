# Asynchronous events: cnvme enables the health and namespace notices the
# controller offers and keeps an event request outstanding. A temperature
# threshold set below the current temperature makes QEMU's controller
# report a health event: it is logged with the critical warning, the log
# page is read (which re-arms the event) and the request sent again - so a
# second event, also after a reset, arrives too. Attaching a namespace
# raises a Namespace Attribute Changed notice that starts a rescan.
counters=/sys/kernel/debug/cnvme/nvme2/commands
events() { awk '$1 == "async_events" {print $2}' $counters; }
feature() { # FID: current value, as a number
	local v
	v=$(nvme get-feature /dev/nvme2 -f "$1" 2>&1 | sed -nE 's/.*[Cc]urrent value: *(0x)?([0-9a-fA-F]+).*/\2/p')
	[ -n "$v" ] || fail "cannot read feature $1: $(nvme get-feature /dev/nvme2 -f "$1" 2>&1)"
	echo $((16#$v))
}
wait_event() { # COUNT WHAT: until async_events reaches COUNT (20 s)
	local i
	for i in $(seq 40); do
		[ "$(events)" -ge "$1" ] && return 0
		sleep 0.5
	done
	fail "no asynchronous event for $2 (async_events $(events))"
}
oaes=$(nvme id-ctrl /dev/nvme2 | awk '$1 == "oaes" {print $3}')
aec=$(feature 0xb)
[ $((aec & 0x2)) != 0 ] || fail "temperature events not enabled: config $aec"
if [ $((oaes & 0x100)) != 0 ]; then
	[ $((aec & 0x100)) != 0 ] || fail "namespace notices offered (oaes $oaes) but not enabled: $aec"
fi
temp_k=$(($(cat /sys/class/nvme/nvme2/hwmon*/temp1_input) / 1000 + 273))
thresh=$(feature 4)
note "event configuration $aec, temperature ${temp_k} K, over-temperature threshold $thresh K"

for round in 1 2; do
	n=$(events)
	nvme set-feature /dev/nvme2 -f 4 -v $((temp_k - 20)) >/dev/null || fail "lowering the threshold"
	wait_event $((n + 1)) "a crossed temperature threshold (round $round)"
	dmesg | tail -20 | grep -q "nvme2: health event .*critical warning 0x2" ||
		fail "no log line for the health event (round $round)"
	nvme set-feature /dev/nvme2 -f 4 -v "$thresh" >/dev/null || fail "restoring the threshold"
	[ $round = 1 ] && { nvme reset /dev/nvme2 || fail "reset between the rounds"; }
done

cntlid=$(cat /sys/class/nvme/nvme2/cntlid)
if [ $((oaes & 0x100)) != 0 ]; then
	n=$(events)
	nvme attach-ns /dev/nvme2 --namespace-id=3 --controllers="$cntlid" >/dev/null || fail "attach-ns"
	wait_event $((n + 1)) "an attached namespace"
	dmesg | tail -20 | grep -q "nvme2: namespace attributes changed, rescanning" ||
		fail "no rescan logged for the namespace notice"
	wait_disks nvme2n3
	nvme detach-ns /dev/nvme2 --namespace-id=3 --controllers="$cntlid" >/dev/null || fail "detach-ns"
	wait_gone nvme2n3
fi
note "$(events) asynchronous events on nvme2"

# The controller is stopped before the memory it may DMA into is freed,
# and a controller that briefly loses bus mastering is reset, not failed.
# - Unbind while the controller refuses to delete an I/O queue
#   (fail_queue_deletion): the queue stays known to it, so its rings are
#   freed only after the shutdown; cnvme checks this itself and warns
#   (a kernel complaint, failing the case) if a ring it may still use is
#   freed.
# - Bus mastering switched off and on under verified I/O (a PCIe glitch, or
#   a user's setpci): the controller reports a fatal status, the reset
#   turns bus mastering back on and the disk serves the I/O again within
#   $bound seconds, with no PCI removal and nothing lost.
disk=nvme0n1
bdf=$(disk_bdf $disk)
knobs=/sys/kernel/debug/cnvme/nvme0
bound=30
trap '[ -e /sys/bus/pci/drivers/cnvme/$bdf ] || echo $bdf >/sys/bus/pci/drivers/cnvme/bind; setpci -s $bdf COMMAND=4:4' EXIT
rw=(--name=glitch --filename=/dev/$disk --rw=randwrite --bs=4k --size=16M
	--verify=crc32c --verify_fatal=1 --randseed=37)

note "unbind while the controller refuses to delete a queue"
fio_run "${rw[@]}" --iodepth=16 --do_verify=1
echo 1 >$knobs/fail_queue_deletion
echo "$bdf" >/sys/bus/pci/drivers/cnvme/unbind
wait_gone $disk
expect_eq "$(log_count 'deleting I/O queue [0-9]+ refused')" 1 "deletions refused"
expect_eq "$(log_count 'queue [0-9]+ not deleted')" 1 "queues left to the shutdown"
echo "$bdf" >/sys/bus/pci/drivers/cnvme/bind
wait_disks $disk
fio_run "${rw[@]}" --iodepth=16 --verify_only

note "bus mastering lost for 2 s under verified I/O"
echo 2000 >/sys/block/$disk/queue/io_timeout
resets=$(log_count 'controller reset$')
fio --output-format=terse --minimal --direct=1 --ioengine=libaio "${rw[@]}" --iodepth=16 \
	--loops=6 --verify_backlog=128 >/tmp/glitch.out 2>&1 &
load=$!
io_flowing $disk $load
start=$(date +%s)
setpci -s "$bdf" COMMAND=0:4
sleep 2
setpci -s "$bdf" COMMAND=4:4
wait_until $bound "reset after the bus mastering glitch" \
	'[ "$(log_count "controller reset$")" -gt $resets ]'
wait_until $bound "disk serving I/O again" '[ "$(cat /sys/class/nvme/nvme0/state)" = live ]'
note "recovered $(($(date +%s) - start)) s after bus mastering went off"
timeout_wait $load 240 || fail "verified I/O did not finish after the glitch"
[ "$(cat /tmp/rc.$load)" = 0 ] || { tail -5 /tmp/glitch.out; fail "verified I/O failed across the glitch"; }
expect_eq "$(log_count 'controller failed')" 0 "controllers failed"
expect_eq "$(cat /sys/class/nvme/nvme0/state)" live "state"
fio_run "${rw[@]}" --iodepth=16 --verify_only

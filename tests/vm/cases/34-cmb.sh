# Controller Memory Buffer (nvme1: QEMU's cmb_size_mb, submission queues
# allowed): every I/O submission queue sits in the CMB and commands
# written there run, with verified data, also after resets (CMBMSC given to
# the controller again); use_cmb_sqes=0 keeps the queues in host memory.
ctrl=nvme1
counters=/sys/kernel/debug/cnvme/$ctrl/doorbells
counter() { awk -v k="$1" '$1 == k {print $2}' $counters; }
io_queues() { echo $(($(cat /sys/class/nvme/$ctrl/queue_count) - 1)); }
io() { # NAME: verified I/O of mixed sizes at QD1 and QD32 on nvme1n1
	fio_run --name="$1" --filename=/dev/${ctrl}n1 --rw=randrw --bssplit=4k/50:64k/40:1m/10 \
		--iodepth=32 --size=48M --verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=34
	fio_run --name="$1-qd1" --filename=/dev/${ctrl}n1 --rw=randwrite --bs=4k \
		--iodepth=1 --size=4M --offset=64M --verify=md5 --verify_fatal=1 --do_verify=1
}

note "$(io_queues) I/O queues; $(dmesg | grep -m1 -o "$ctrl: .*I/O queues.*")"
expect_eq "$(counter sq_in_cmb)" "$(io_queues)" "submission queues in the CMB"
io cmb
for i in 1 2; do
	nvme reset /dev/$ctrl || fail "reset $i"
	expect_eq "$(counter sq_in_cmb)" "$(io_queues)" "submission queues in the CMB after reset $i"
	io cmb-after-reset-$i
done

cnvme_unload
insmod "$ko" use_cmb_sqes=0 || fail "insmod use_cmb_sqes=0"
# shellcheck disable=SC2086
wait_disks $expected_disks
expect_eq "$(counter sq_in_cmb)" 0 "submission queues in the CMB with use_cmb_sqes=0"
io host-memory
cnvme_unload
cnvme_load

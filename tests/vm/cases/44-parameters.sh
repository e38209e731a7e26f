# Module parameters under the in-tree driver's names (nvme. and
# nvme_core.), with its defaults, and doing what they do there:
# max_retries bounds the attempts of a failing read (nvme5's backing store
# fails sector 4096); io_queue_depth sizes the I/O queues; out-of-range
# values are refused.
restore() {
	echo 5 >/sys/module/cnvme/parameters/max_retries
	cnvme_loaded && rmmod cnvme
	cnvme_load
}
trap restore EXIT
params=/sys/module/cnvme/parameters

note "in-tree names and defaults"
for pv in io_timeout=30 admin_timeout=60 max_retries=5 shutdown_timeout=5 \
	default_ps_max_latency_us=100000 force_apst=N apst_primary_timeout_ms=100 \
	apst_secondary_timeout_ms=2000 apst_primary_latency_tol_us=15000 \
	apst_secondary_latency_tol_us=100000 io_queue_depth=1024 poll_queues=0 \
	sgl_threshold=32768 max_host_mem_size_mb=128 use_cmb_sqes=Y noacpi=N; do
	expect_eq "$(cat $params/${pv%%=*} 2>&1)" "${pv#*=}" "${pv%%=*}"
done
[ -e $params/quirks ] || fail "no quirks parameter"

note "max_retries"
trace=$out/qemu-trace.log
attempts() { # DISK: attempts of one failing read
	local before
	before=$(grep -c pci_nvme_err_aio "$trace" || true)
	dd if=/dev/$1 of=/dev/null bs=512 skip=4096 count=1 iflag=direct status=none 2>/dev/null &&
		fail "the failing read succeeded"
	echo $(($(grep -c pci_nvme_err_aio "$trace" || true) - before))
}
expect_eq "$(attempts nvme5n1)" 6 "attempts with max_retries=5"
echo 2 >$params/max_retries
expect_eq "$(attempts nvme5n1)" 3 "attempts with max_retries=2"
echo 0 >$params/max_retries
expect_eq "$(attempts nvme5n1)" 1 "attempts with max_retries=0"
echo 5 >$params/max_retries

note "io_queue_depth"
! echo 1 >$params/io_queue_depth 2>/dev/null || fail "io_queue_depth=1 accepted"
! echo 4096 >$params/io_queue_depth 2>/dev/null || fail "io_queue_depth=4096 accepted"
cnvme_unload
insmod "$ko" io_queue_depth=64 || fail "load with io_queue_depth=64"
# shellcheck disable=SC2086
wait_disks $expected_disks
for c in /sys/class/nvme/nvme*; do
	expect_eq "$(cat "$c/sqsize")" 63 "$(basename "$c") sqsize with io_queue_depth=64"
done
fio_run --name=depth --filename=/dev/nvme0n1 --rw=randwrite --bs=4k --size=8M --iodepth=128 \
	--verify=crc32c --verify_fatal=1 --do_verify=1

note "write_queues: reads and writes on queues of their own"
cnvme_unload
insmod "$ko" write_queues=1 || fail "load with write_queues=1"
# shellcheck disable=SC2086
wait_disks $expected_disks
cpus=$(nproc)
expect_eq "$(ls /sys/block/nvme0n1/mq | wc -l)" $((cpus + 1)) "nvme0n1's hardware queues"
expect_eq "$(ls /sys/bus/pci/devices/$(disk_bdf nvme0n1)/msi_irqs | wc -l)" $((cpus + 2)) \
	"nvme0's vectors (admin, one write queue, one read queue per CPU)"
trace=$out/qemu-trace.log
mark=$(wc -l <"$trace")
qemu_monitor "trace-event pci_nvme_io_cmd on" >/dev/null
fio_run --name=split --filename=/dev/nvme0n1 --rw=randrw --bs=4k --size=8M --iodepth=16 \
	--verify=crc32c --verify_fatal=1 --do_verify=1
qemu_monitor "trace-event pci_nvme_io_cmd off" >/dev/null
tail -n +$((mark + 1)) "$trace" | grep 'pci_nvme_io_cmd .* nsid 0x1 ' >/tmp/split || true
sqids() { # OPCODE -> the SQs that carried it, as "1 2 "
	sed -n "s/.* sqid \([0-9]*\) opc $1 .*/\1/p" /tmp/split | sort -un | tr '\n' ' '
}
echo "writes on SQ $(sqids 0x1), reads on SQ $(sqids 0x2)"
expect_eq "$(sqids 0x1)" "1 " "SQs that carried writes"
case " $(sqids 0x2)" in *" 1 "*) fail "reads on the write queue" ;; esac
[ -n "$(sqids 0x2)" ] || fail "no read traced"

# Polled queues (poll_queues=2): each controller gets two I/O queues
# without interrupts in blk-mq's poll map; io_uring with IOPOLL (fio
# --hipri) completes through them without raising a single interrupt, with
# data verified, also across a controller reset, and on the controller with
# only one MSI-X vector; so does io_uring passthrough on the generic node
# (fio's io_uring_cmd --hipri, with and without registered buffers). (Synchronous RWF_HIPRI I/O is not polled by the
# block layer since 5.17, whatever the driver.)
cnvme_unload
insmod "$ko" poll_queues=2 || fail "insmod poll_queues=2"
# shellcheck disable=SC2086
wait_disks $expected_disks

# Interrupts the I/O queues of controller $1 have raised so far.
io_irqs() { awk -v q="cnvme${1#nvme}q" '$NF ~ "^" q "[1-9]" {for (i = 2; i < NF - 2; i++) s += $i} END {print s + 0}' /proc/interrupts; }

for disk in nvme0n1 nvme4n1; do
	ctrl=${disk%n1}
	expect_eq "$(queue_attr $disk io_poll)" 1 "$disk io_poll"
	types=$(cat /sys/kernel/debug/block/$disk/hctx*/type | sort | uniq -c | tr -s ' ' | tr '\n' ';')
	case $types in *"2 poll;"*) ;; *) fail "$disk hardware queue types: $types" ;; esac
	expect_eq "$(cat /sys/class/nvme/$ctrl/queue_count)" \
		$(($(ls -d /sys/kernel/debug/block/$disk/hctx* | wc -l) + 1)) "$ctrl queue_count"

	for qd in 1 16; do
		before=$(io_irqs $ctrl)
		fio_run --name=polled-qd$qd --filename=/dev/$disk --ioengine=io_uring --hipri \
			--rw=randwrite --bs=4k --iodepth=$qd --size=8M --verify=crc32c \
			--verify_fatal=1 --do_verify=1 --randseed=26
		irqs=$(($(io_irqs $ctrl) - before))
		[ "$irqs" -le 2 ] || fail "$disk: polled I/O at QD$qd raised $irqs interrupts"
		note "$disk: 2048 polled writes and reads at QD$qd, $irqs interrupts"
	done
done

note "io_uring passthrough on the poll queues"
for opts in "--hipri" "--hipri --fixedbufs --registerfiles"; do
	before=$(io_irqs nvme0)
	# shellcheck disable=SC2086
	fio --output-format=terse --minimal --thread --name=polled-passthru --filename=/dev/ng0n1 \
		--ioengine=io_uring_cmd --cmd_type=nvme --rw=randwrite --bs=4k --iodepth=16 --size=8M \
		--verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=29 $opts \
		>/tmp/polled-passthru.out 2>&1 || { cat /tmp/polled-passthru.out; fail "fio io_uring_cmd $opts"; }
	irqs=$(($(io_irqs nvme0) - before))
	[ "$irqs" -le 2 ] || fail "polled passthrough ($opts) raised $irqs interrupts"
	note "ng0n1 $opts: 2048 polled passthrough writes and reads, $irqs interrupts"
done

note "reset under polled passthrough"
fio --output-format=terse --minimal --thread --name=polled-passthru-reset --filename=/dev/ng0n1 \
	--ioengine=io_uring_cmd --cmd_type=nvme --hipri --fixedbufs --rw=randwrite --bs=4k --iodepth=16 \
	--size=16M --loops=16 --verify=crc32c --verify_fatal=1 --verify_backlog=256 --randseed=30 \
	>/tmp/polled-passthru-reset.out 2>&1 &
fio_pid=$!
# Passthrough I/O is not counted in the disk's stat (io_flowing): give fio
# its start, and require it still running when the resets come.
sleep 3
kill -0 $fio_pid 2>/dev/null || { cat /tmp/polled-passthru-reset.out; fail "polled passthrough ended before the resets"; }
nvme reset /dev/nvme0 || fail "reset under polled passthrough"
sleep 1
nvme reset /dev/nvme0 || fail "second reset under polled passthrough"
timeout_wait $fio_pid 300 || fail "polled passthrough did not end within 300 s of the resets"
wait $fio_pid || { cat /tmp/polled-passthru-reset.out; fail "polled passthrough across resets"; }

note "reset under polled I/O"
fio --name=polled-reset --filename=/dev/nvme0n1 --direct=1 --ioengine=io_uring --hipri \
	--rw=randwrite --bs=4k --iodepth=16 --size=16M --loops=4 --verify=crc32c \
	--verify_fatal=1 --verify_backlog=256 --randseed=27 >/tmp/polled-reset.out 2>&1 &
fio_pid=$!
io_flowing nvme0n1 $fio_pid
nvme reset /dev/nvme0 || fail "reset under polled I/O"
sleep 1
nvme reset /dev/nvme0 || fail "second reset under polled I/O"
wait $fio_pid || { cat /tmp/polled-reset.out; fail "polled fio across resets"; }

note "interrupt-driven I/O beside the poll queues"
fio_run --name=irq-io --filename=/dev/nvme0n1 --rw=randrw --bs=16k --iodepth=8 --size=16M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=28
cnvme_unload
cnvme_load

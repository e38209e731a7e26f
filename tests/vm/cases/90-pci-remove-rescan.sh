# Removing a controller through sysfs deletes its disks, also with I/O
# running; a rescan probes it again and the data written before is intact.
# Runs last: a rescanned device goes to the end of the PCI device list, so
# a later module load would number the controllers differently.
verify=(--name=keep --filename=/dev/nvme2n2 --size=16M --bs=64k --iodepth=8
	--rw=randwrite --verify=crc32c --verify_fatal=1 --randseed=7)
fio_run "${verify[@]}" --do_verify=1

bdf=$(disk_bdf nvme2n1)
[ -n "$bdf" ] || fail "no PCI address for nvme2n1"
note "remove idle controller $bdf"
echo 1 >"/sys/bus/pci/devices/$bdf/remove"
wait_gone nvme2n1 nvme2n2
echo 1 >/sys/bus/pci/rescan
wait_disks nvme2n1 nvme2n2
fio_run "${verify[@]}" --verify_only

bdf=$(disk_bdf nvme3n1)
note "remove controller $bdf during I/O"
fio --name=busy --filename=/dev/nvme3n1 --direct=1 --ioengine=libaio --rw=randrw \
	--bs=16k --iodepth=16 --time_based --runtime=60 >/tmp/busy.out 2>&1 &
fio_pid=$!
io_flowing nvme3n1 $fio_pid
start=$(date +%s)
echo 1 >"/sys/bus/pci/devices/$bdf/remove"
wait_gone nvme3n1
for _ in $(seq 60); do kill -0 $fio_pid 2>/dev/null || break; sleep 1; done
kill -0 $fio_pid 2>/dev/null && fail "fio still running 60 s after removal"
wait $fio_pid || true
note "removal under load took $(($(date +%s) - start)) s"
echo 1 >/sys/bus/pci/rescan
wait_disks nvme3n1
dd if=/dev/nvme3n1 of=/dev/null bs=1M count=4 iflag=direct status=none

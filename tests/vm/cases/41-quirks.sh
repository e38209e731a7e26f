# Quirks: the in-tree driver's tables and the cnvme.quirks= parameter.
# - Every QEMU controller (1b36:0010) runs with bogus_nid, as in-tree:
#   sysfs lists it, and the identifiers QEMU reports (nvme1n1 carries a
#   UUID, an NGUID and an EUI-64) are ignored: no uuid, nguid or eui
#   attribute, and the wwid falls back to nvme.VID-serial-model-NSID.
# - quirks=1b36:0010:^bogus_nid,dma_address_bits_48,single_vector (at load) clears one
#   and sets the others: the identifiers show, the wwid is the UUID, the
#   PCI device's DMA mask is 48 bits, one interrupt vector serves the
#   admin queue and a single I/O queue, with verified I/O on them.
# - no_ns_desc_list: the UUID, which only the descriptor list carries, is
#   gone, the NGUID from Identify Namespace stays; disable_write_zeroes:
#   no Write Zeroes limit; delay_before_chk_rdy: a reset takes 2.3 s more;
#   ignore_dev_subnqn: nvme2's subsystem gets the NQN made of its IDs,
#   serial and model, not the one QEMU reports; no_temp_thresh_change:
#   the hwmon threshold is read-only.
# - A malformed line, or an unknown name, refuses the load.
uuid=6b4e0f9a-2c3d-4e5f-8a9b-0c1d2e3f4a5b
ctrl1=/sys/class/nvme/nvme1
bdf1=$(disk_bdf nvme1n1)
restore() {
	cnvme_loaded && rmmod cnvme
	cnvme_load
}
trap restore EXIT

note "default: bogus_nid on QEMU's controller, its identifiers ignored"
expect_eq "$(cat /sys/class/nvme/nvme2/subsysnqn)" nqn.2019-08.org.qemu:cnvme-test-subsystem \
	"nvme2's subsystem NQN, as QEMU reports it"
for c in /sys/class/nvme/nvme*; do
	expect_eq "$(cat "$c/quirks")" bogus_nid "$(basename "$c") quirks"
done
for a in uuid nguid eui; do
	[ ! -e /sys/block/nvme1n1/$a ] || fail "nvme1n1 shows $a ($(cat /sys/block/nvme1n1/$a)) under bogus_nid"
done
case $(cat /sys/block/nvme1n1/wwid) in
nvme.1b36-*-00000001) ;;
*) fail "nvme1n1 wwid $(cat /sys/block/nvme1n1/wwid) is not the fallback" ;;
esac
# The identifiers are there to be ignored: the controller does report them.
nvme ns-descs /dev/nvme1n1 | grep -qi "$uuid" || fail "QEMU does not report nvme1n1's UUID"
expect_eq "$(cat /sys/bus/pci/devices/$bdf1/dma_mask_bits)" 64 "DMA mask without the quirk"
expect_eq "$(stat -c %a /sys/class/nvme/nvme1/hwmon*/temp1_max)" 644 "nvme1's temperature threshold"
vectors() { ls "/sys/bus/pci/devices/$1/msi_irqs" | wc -l; }
expect_eq "$(ls /sys/block/nvme1n1/mq | wc -l)" "$(nproc)" "nvme1's I/O queues without single_vector"
expect_eq "$(vectors $bdf1)" $(($(nproc) + 1)) "nvme1's vectors without single_vector"

note "quirks=1b36:0010:^bogus_nid,dma_address_bits_48,single_vector"
cnvme_unload
insmod "$ko" quirks=1b36:0010:^bogus_nid,dma_address_bits_48,single_vector || fail "load with quirks="
wait_disks $expected_disks
expect_eq "$(cat /sys/module/cnvme/parameters/quirks)" 1b36:0010:^bogus_nid,dma_address_bits_48,single_vector \
	"the parameter as given"
expect_eq "$(cat $ctrl1/quirks | tr '\n' ' ')" "single_vector dma_address_bits_48 " "nvme1 quirks"
expect_eq "$(ls /sys/block/nvme1n1/mq | wc -l)" 1 "nvme1's I/O queues with single_vector"
expect_eq "$(vectors $bdf1)" 1 "nvme1's vectors with single_vector"
expect_eq "$(cat /sys/bus/pci/devices/$bdf1/dma_mask_bits)" 48 "DMA mask with the quirk"
expect_eq "$(cat /sys/block/nvme1n1/uuid)" $uuid "nvme1n1 uuid"
expect_eq "$(cat /sys/block/nvme1n1/wwid)" uuid.$uuid "nvme1n1 wwid"
expect_eq "$(cat /sys/block/nvme1n1/nguid)" 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 "nvme1n1 nguid"
[ -e /sys/block/nvme1n1/eui ] || fail "no eui on nvme1n1"
dmesg | grep -q "nvme1: quirks: single_vector dma_address_bits_48" || fail "the quirks are not logged"
reset_time() { # CTRL -> seconds (to 0.1) from a sysfs reset until live again
	local start=$(date +%s%N)
	echo 1 >/sys/class/nvme/$1/reset_controller
	wait_until 60 "$1 live after a reset" '[ "$(cat /sys/class/nvme/'"$1"'/state)" = live ]'
	echo $((($(date +%s%N) - start) / 100000000))
}
[ "$(cat /sys/block/nvme1n1/queue/write_zeroes_max_bytes)" -gt 0 ] ||
	fail "nvme1n1 has no Write Zeroes limit without disable_write_zeroes"
fio_run --name=dma48 --filename=/dev/nvme1n1 --rw=randwrite --bs=64k --size=32M --iodepth=16 \
	--verify=crc32c --verify_fatal=1 --do_verify=1

note "quirks=1b36:0010:^bogus_nid,no_ns_desc_list,disable_write_zeroes,delay_before_chk_rdy,ignore_dev_subnqn,no_temp_thresh_change"
cnvme_unload
insmod "$ko" quirks=1b36:0010:^bogus_nid,no_ns_desc_list,disable_write_zeroes,delay_before_chk_rdy,ignore_dev_subnqn,no_temp_thresh_change ||
	fail "load with quirks="
wait_disks $expected_disks
expect_eq "$(cat $ctrl1/quirks | tr '\n' ' ')" \
	"delay_before_chk_rdy ignore_dev_subnqn disable_write_zeroes no_temp_thresh_change no_ns_desc_list " \
	"nvme1 quirks"
expect_eq "$(stat -c %a /sys/class/nvme/nvme1/hwmon*/temp1_max)" 444 \
	"nvme1's temperature threshold with no_temp_thresh_change"
case $(cat /sys/class/nvme/nvme2/subsysnqn) in
nqn.2014.08.org.nvmexpress:1b36????cnvme-subsys*QEMU\ NVMe\ Ctrl*) ;;
*) fail "nvme2's subsystem NQN $(cat /sys/class/nvme/nvme2/subsysnqn) is not made of its IDs" ;;
esac
[ ! -e /sys/block/nvme1n1/uuid ] || [ "$(cat /sys/block/nvme1n1/uuid)" != $uuid ] ||
	fail "nvme1n1 has the UUID of the descriptor list it should not have read"
expect_eq "$(cat /sys/block/nvme1n1/nguid)" 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 "nvme1n1 nguid"
expect_eq "$(cat /sys/block/nvme1n1/queue/write_zeroes_max_bytes)" 0 \
	"nvme1n1 Write Zeroes limit with disable_write_zeroes"
t=$(reset_time nvme1)
note "a reset with delay_before_chk_rdy took $((t / 10)).$((t % 10)) s"
[ "$t" -ge 23 ] || fail "a reset with delay_before_chk_rdy took under 2.3 s"
fio_run --name=after-reset --filename=/dev/nvme1n1 --rw=randwrite --bs=4k --size=8M --iodepth=8 \
	--verify=crc32c --verify_fatal=1 --do_verify=1

note "a malformed quirks= line refuses the load"
cnvme_unload
for bad in 1b36:0010:no_such_quirk 1b36:0010 1b36g:0010:no_apst 1b36:0010:no_apst-; do
	if insmod "$ko" "quirks=$bad" 2>/dev/null; then
		fail "loaded with quirks=$bad"
	fi
	cnvme_loaded && fail "module left loaded after quirks=$bad"
done
dmesg | grep -q "cnvme: quirks=1b36:0010:no_such_quirk" || fail "the refusal is not logged"

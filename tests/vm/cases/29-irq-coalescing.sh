# Interrupt coalescing (Set Features 08h): off unless both coalesce_entries
# and coalesce_time_us are set, then sent at probe and again after every
# reset (the controller forgets features on a reset); I/O still verifies.
# QEMU's controller stores the setting (it does not delay interrupts), so
# the case checks what the controller was told, read back with nvme-cli.
coalescing() { nvme get-feature /dev/nvme0 -f 8 -H 2>&1 | awk '/Current value/ {print $NF}'; }
cur=$(coalescing)
[ -n "$cur" ] || skip "controller does not report Interrupt Coalescing: $(nvme get-feature /dev/nvme0 -f 8 2>&1)"
expect_eq "$((cur))" 0 "coalescing by default"

cnvme_unload
insmod "$ko" coalesce_entries=8 coalesce_time_us=250 || fail "insmod with coalescing"
# shellcheck disable=SC2086
wait_disks $expected_disks
# Threshold 8 (0's based 7), time 2 x 100 us.
expect_eq "$(($(coalescing)))" $((0x0207)) "coalescing after probe"
nvme set-feature /dev/nvme0 -f 8 -v 0 >/dev/null || fail "clearing coalescing by hand"
nvme reset /dev/nvme0 || fail "reset"
expect_eq "$(($(coalescing)))" $((0x0207)) "coalescing after a reset"
fio_run --name=coalesced --filename=/dev/nvme0n1 --rw=randrw --bs=4k --iodepth=32 --size=16M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=29

echo 1 >/sys/module/cnvme/parameters/coalesce_entries
nvme set-feature /dev/nvme0 -f 8 -v 0 >/dev/null || fail "clearing coalescing by hand"
nvme reset /dev/nvme0 || fail "reset with coalescing off"
expect_eq "$(($(coalescing)))" 0 "coalescing after a reset with coalesce_entries=1"
cnvme_unload
cnvme_load

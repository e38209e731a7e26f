# Shadow doorbells (Doorbell Buffer Config, offered by QEMU's controller):
# doorbell updates go to memory and by MMIO only when the controller's event
# index asks, so under queue depth some MMIO writes are saved; data
# verifies, also after resets (the controller forgets the buffers and cnvme
# hands them over again, or skipped updates would never reach it and I/O
# would time out); shadow_doorbells=0 turns them off.
offers_shadow_doorbells nvme0 || skip "controller without Doorbell Buffer Config"
counters=/sys/kernel/debug/cnvme/nvme0/doorbells
counter() { doorbell_count nvme0 "$1"; }
io() { # NAME: verified QD32 I/O on nvme0n1
	fio_run --name="$1" --filename=/dev/nvme0n1 --ioengine=io_uring --rw=randrw --bs=4k \
		--iodepth=32 --size=32M --verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=29
}

io dbbuf
mmio=$(($(counter sq_mmio) + $(counter cq_mmio)))
saved=$(($(counter sq_shadow_only) + $(counter cq_shadow_only)))
note "QD32: $mmio MMIO doorbell writes, $saved updates in memory only"
[ "$saved" -gt 0 ] || fail "no doorbell update was saved: $(tr '\n' ' ' <$counters)"

for i in 1 2; do
	nvme reset /dev/nvme0 || fail "reset $i"
	io dbbuf-after-reset-$i
done
after=$(($(counter sq_shadow_only) + $(counter cq_shadow_only)))
[ "$after" -gt "$saved" ] || fail "no update saved after the resets: $(tr '\n' ' ' <$counters)"

cnvme_unload
insmod "$ko" shadow_doorbells=0 || fail "insmod shadow_doorbells=0"
# shellcheck disable=SC2086
wait_disks $expected_disks
io mmio-only
expect_eq "$(($(counter sq_shadow_only) + $(counter cq_shadow_only)))" 0 "updates saved with shadow_doorbells=0"
[ "$(counter sq_mmio)" -gt 0 ] || fail "no MMIO doorbell writes counted"
cnvme_unload
cnvme_load

# Data written through the passthrough interfaces (nvme io-passthru, nvme
# write) is what the block device reads, and the reverse; a command past
# the end of the namespace fails with the NVMe status, not an errno.
head -c 16384 /dev/urandom >/tmp/pattern
lba=2048	# 1 MiB into nvme0n1 (512 B LBAs)
nvme io-passthru /dev/nvme0n1 --opcode=1 --namespace-id=1 --data-len=16384 --write \
	--cdw10=$lba --cdw12=31 --input-file=/tmp/pattern >/dev/null || fail "io-passthru write"
dd if=/dev/nvme0n1 of=/tmp/back bs=512 skip=$lba count=32 iflag=direct status=none
cmp /tmp/pattern /tmp/back || fail "block read differs from the passthrough write"

head -c 8192 /dev/urandom >/tmp/pattern2
dd if=/tmp/pattern2 of=/dev/nvme0n1 bs=512 seek=$((lba + 64)) oflag=direct status=none
nvme io-passthru /dev/ng0n1 --opcode=2 --namespace-id=1 --data-len=8192 --read \
	--cdw10=$((lba + 64)) --cdw12=15 -b >/tmp/back2 || fail "io-passthru read through ng0n1"
cmp /tmp/pattern2 /tmp/back2 || fail "passthrough read differs from the block write"

nvme write /dev/nvme1n1 --start-block=100 --block-count=1 --data-size=8192 --data=/tmp/pattern >/dev/null ||
	fail "nvme write"
nvme read /dev/nvme1n1 --start-block=100 --block-count=1 --data-size=8192 --data=/tmp/back3 >/dev/null ||
	fail "nvme read"
cmp <(head -c 8192 /tmp/pattern) /tmp/back3 || fail "nvme read differs from nvme write"

blocks=$(( $(disk_bytes nvme0n1) / 512 ))
if nvme io-passthru /dev/nvme0n1 --opcode=2 --namespace-id=1 --data-len=512 --read \
	--cdw10=$blocks >/tmp/oob.out 2>&1; then
	fail "a read past the last LBA succeeded"
fi
grep -qi 'LBA Out of Range' /tmp/oob.out || fail "expected LBA Out of Range, got: $(cat /tmp/oob.out)"

gcc -O2 -Wall -o /tmp/submit-io "$top/tests/vm/tools/submit-io.c"
/tmp/submit-io /dev/nvme0n1 || fail "NVME_IOCTL_SUBMIT_IO write/read"
dd if=/dev/nvme0n1 bs=512 skip=4096 count=8 iflag=direct status=none | od -An -tx1 | head -1 | grep -q '^ 03 0a 11 18' ||
	fail "the block device does not read what SUBMIT_IO wrote"

# A buffer shorter than the transfer the command implies is refused before
# the controller could DMA past it.
if nvme io-passthru /dev/nvme0n1 --opcode=2 --namespace-id=1 --data-len=512 --read \
	--cdw10=0 --cdw12=7 >/tmp/short.out 2>&1; then
	fail "a 4 KiB read into a 512 B buffer was sent"
fi
grep -qi 'invalid argument' /tmp/short.out || fail "short buffer: expected EINVAL, got: $(cat /tmp/short.out)"
if nvme admin-passthru /dev/nvme0 --opcode=6 --cdw10=1 --data-len=512 --read >/tmp/short.out 2>&1; then
	fail "an Identify into a 512 B buffer was sent"
fi

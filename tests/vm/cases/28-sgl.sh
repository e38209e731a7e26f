# SGLs (Identify SGLS; QEMU's controller offers them): block reads and
# writes whose segments average sgl_threshold bytes (32 KiB by default) or
# more are described by SGLs - one Data Block in the command for a single
# segment, a list page of them otherwise - and smaller ones keep PRPs.
# Data verifies on both paths; the threshold is read again at a reset, and
# 0 turns SGLs off.
sgls=$(nvme id-ctrl /dev/nvme0 | awk '$1 == "sgls" {print $3}')
case $((sgls & 3)) in 1 | 2) ;; *) skip "controller without SGLs (sgls $sgls)" ;; esac
counters=/sys/kernel/debug/cnvme/nvme0/commands
param=/sys/module/cnvme/parameters/sgl_threshold
counter() { awk -v k="$1" '$1 == k {print $2}' $counters; }
sgl_total() { echo $(($(counter sgl_single) + $(counter sgl_list))); }
io() { # NAME BS [FIO OPTION...]: 64 verified writes and reads at QD8 on nvme0n1
	local name=$1 bs=$2
	shift 2
	fio_run --name="$name" --filename=/dev/nvme0n1 --rw=randwrite --bs="$bs" --iodepth=8 \
		--size=$((64 * ${bs%k}))k --verify=crc32c --verify_fatal=1 --do_verify=1 \
		--randseed=28 "$@"
}
# fio's buffers from 2 MiB pages: each 256 KiB transfer is physically contiguous.
echo 32 >/proc/sys/vm/nr_hugepages
[ "$(cat /proc/sys/vm/nr_hugepages)" -ge 8 ] || skip "no huge pages for fio's buffers"

expect_eq "$(cat $param)" 32768 "default sgl_threshold"
# Counted since the controller was bound: earlier cases of the boot add to them.
before=$(sgl_total)
io prp-4k 4k
expect_eq "$(($(sgl_total) - before))" 0 "SGL requests for 4 KiB I/O"

before=$(counter sgl_single)
io sgl-single 256k --iomem=shmhuge
single=$(($(counter sgl_single) - before))
note "256 KiB in huge pages: $single single-descriptor SGLs, $(counter sgl_list) lists"
[ "$single" -ge 100 ] || fail "128 transfers of 256 KiB, $single as one SGL Data Block"

echo 4096 >$param
nvme reset /dev/nvme0 || fail "reset to apply sgl_threshold=4096"
# Eight 64 KiB pieces that are not adjacent in memory: eight segments of
# one request, an SGL list at the default threshold.
gcc -O2 -Wall -o /tmp/scatter-io "$top/tests/vm/tools/scatter-io.c" || fail "building scatter-io"
before=$(counter sgl_list)
before_single=$(counter sgl_single)
/tmp/scatter-io /dev/nvme0n1 8 65536 32 || fail "scattered 512 KiB transfers"
list=$(($(counter sgl_list) - before))
single=$(($(counter sgl_single) - before_single))
note "32 writes and 32 reads of 8 x 64 KiB pieces: $list SGL lists, $single single descriptors"
# An IOMMU maps the pieces to adjacent bus addresses: one segment, one descriptor.
if grep -qw 'intel_iommu=on' /proc/cmdline; then
	[ $((list + single)) -ge 64 ] || fail "64 transfers of 8 segments, $((list + single)) as SGLs"
else
	[ "$list" -ge 64 ] || fail "64 transfers of 8 segments, $list as SGL lists"
fi

echo 4096 >$param
nvme reset /dev/nvme0 || fail "reset to apply sgl_threshold=4096"
before=$(sgl_total)
io sgl-4k 4k
expect_eq "$(($(sgl_total) - before))" 128 "SGLs for 4 KiB I/O at sgl_threshold=4096"

echo 0 >$param
nvme reset /dev/nvme0 || fail "reset to apply sgl_threshold=0"
before=$(sgl_total)
io prp-huge 256k --iomem=shmhuge
expect_eq "$(sgl_total)" "$before" "SGL requests with sgl_threshold=0"
echo 32768 >$param
nvme reset /dev/nvme0 || fail "reset to restore sgl_threshold"
echo 0 >/proc/sys/vm/nr_hugepages

# LBA formats with metadata (nvme format on namespace 2 of nvme2): 512+8
# with protection information of type 1, 2 or 3 is served, the controller
# inserting and checking the PI (PRACT, guard and reference tag checked)
# while the host moves data only, and verified I/O of mixed sizes passes;
# formats whose metadata the host would have to supply (512+16, or 512+8
# without PI) keep a disk of no capacity, say why in the log, and serve
# passthrough with metadata through ng2n2; formatting back brings the
# capacity back. Passthrough on a PI
# format: a read or write without PRACT needs a metadata buffer (refused
# without one, so the controller never moves metadata through a null MPTR),
# and data and metadata written through one read back the same; with
# PRACT no buffer is needed. io_uring passthrough carries metadata too
# (ordinary and IOPOLL rings, short and unmapped buffers refused), and the
# ioctl reads back what it wrote.
lbaf_of() { # METADATA_BYTES -> index of the 512 B format with that much metadata
	nvme id-ns /dev/nvme2n2 | sed -nE "s/^lbaf +([0-9]+) *: *ms:$1 +lbads:9 .*/\1/p" | head -1
}
f512=$(lbaf_of 0) f8=$(lbaf_of 8) f16=$(lbaf_of 16)
[ -n "$f8" ] && [ -n "$f16" ] || skip "no 512+8 or 512+16 format: $(nvme id-ns /dev/nvme2n2 | grep lbaf)"
format() { # LBAF PI
	nvme format /dev/nvme2 --namespace-id=2 --lbaf="$1" --pi="$2" --force >/dev/null ||
		fail "format namespace 2 to LBA format $1 with PI type $2"
}
gcc -O2 -Wall -o /tmp/uring-passthru "$top/tests/vm/tools/uring-passthru.c"
uring_metadata() { # WHY METADATA_BYTES
	# nvme-cli writes into an existing file without truncating it.
	rm -f /tmp/um-meta /tmp/um-meta-ioctl
	/tmp/uring-passthru --metadata /dev/ng2n2 "$2" /tmp/um-meta ||
		fail "io_uring passthrough with metadata ($1)"
	# The tool last wrote eight blocks at LBA 320 with this metadata.
	nvme read /dev/ng2n2 --start-block=320 --block-count=7 --data-size=4096 --data=/tmp/um-data \
		--metadata-size=$((8 * $2)) --metadata=/tmp/um-meta-ioctl >/dev/null ||
		fail "ioctl read of io_uring's metadata ($1)"
	cmp /tmp/um-meta /tmp/um-meta-ioctl || fail "io_uring's metadata reads back otherwise through the ioctl ($1)"
	note "$1: io_uring passthrough with metadata"
}

# A format whose metadata the host would have to supply keeps block I/O out:
# the disk stays, with no capacity, and passthrough reaches the namespace
# through its generic node with a metadata buffer.
passthrough_only() { # WHY METADATA_BYTES
	sleep 1
	expect_eq "$(cat /sys/block/nvme2n2/size 2>&1)" 0 "capacity of nvme2n2 with $1"
	dmesg | tail -20 | grep -q "namespace 2: no block I/O, .*metadata the host would have to supply; passthrough" ||
		fail "no log line saying why namespace 2 ($1) has no block I/O"
	[ -c /dev/ng2n2 ] || fail "no generic node ng2n2 with $1"
	[ -z "$(dd if=/dev/nvme2n2 bs=4k count=1 iflag=direct status=none | head -c 1)" ] ||
		fail "a block read of nvme2n2 with $1 returned data"
	head -c 4096 /dev/urandom >/tmp/po-data
	head -c $((8 * $2)) /dev/urandom >/tmp/po-meta
	nvme write /dev/ng2n2 --start-block=64 --block-count=7 --data-size=4096 --data=/tmp/po-data \
		--metadata-size=$((8 * $2)) --metadata=/tmp/po-meta >/dev/null ||
		fail "passthrough write with metadata ($1)"
	nvme read /dev/ng2n2 --start-block=64 --block-count=7 --data-size=4096 --data=/tmp/po-data-back \
		--metadata-size=$((8 * $2)) --metadata=/tmp/po-meta-back >/dev/null ||
		fail "passthrough read with metadata ($1)"
	cmp /tmp/po-data /tmp/po-data-back || fail "passthrough data differs ($1)"
	cmp /tmp/po-meta /tmp/po-meta-back || fail "passthrough metadata differs ($1)"
	rm -f /tmp/po-data-back /tmp/po-meta-back
	note "$1: zero capacity, passthrough with metadata through ng2n2"
	uring_metadata "$1" "$2"
}

for pi in 1 2 3; do
	format "$f8" $pi
	wait_disks nvme2n2
	# QEMU's format leaves the PI of the last few blocks unset (their data is
	# not a hole, so it does not mask the tags): udev's probe of the end of
	# the disk reads them and gets Reference Tag Check Error, as it would
	# through the in-tree driver. Write Zeroes with PRACT gives every block PI.
	blkdiscard -f -z /dev/nvme2n2 || fail "write zeroes over the new PI type $pi namespace"
	dd if=/dev/nvme2n2 of=/dev/null bs=1M iflag=direct status=none || fail "reading all of PI type $pi"
	expect_eq "$(lba_size nvme2n2)" 512 "block size of 512+8 PI type $pi"
	expect_eq "$(cat /sys/block/nvme2n2/metadata_bytes 2>/dev/null || echo 8)" 8 "metadata_bytes"
	expect_eq "$(($(nvme id-ns /dev/nvme2n2 | awk '$1 == "dps" {print $3}') & 7))" "$pi" "protection type (DPS) after format"
	fio_run --name=pi$pi --filename=/dev/nvme2n2 --size=16M --bsrange=512-64k --iodepth=8 \
		--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1 --randseed=31
	blkdiscard -f -z -o 1M -l 1M /dev/nvme2n2 || fail "write zeroes on PI type $pi"
	cmp -s <(dd if=/dev/nvme2n2 bs=1M skip=1 count=1 iflag=direct status=none) \
		<(head -c 1M /dev/zero) || fail "write zeroes on PI type $pi left data"
	note "512+8 with PI type $pi: verified I/O and write zeroes"
done

# Still PI type 3, separate metadata: eight blocks through passthrough.
note "passthrough with separate metadata"
head -c 4096 /dev/urandom >/tmp/pt-data
head -c 64 /dev/urandom >/tmp/pt-meta
rw() { # read|write PRINFO [METADATA_FILE]
	nvme "$1" /dev/nvme2n2 --start-block=4096 --block-count=7 --data-size=4096 \
		--data="/tmp/pt-data${4:-}" --prinfo="$2" ${3:+--metadata-size=64 --metadata="$3"}
}
if rw write 0 2>/dev/null; then fail "a write without PRACT and without metadata was sent"; fi
if rw read 0 2>/dev/null; then fail "a read without PRACT and without metadata was sent"; fi
rw write 0 /tmp/pt-meta >/dev/null || fail "passthrough write with metadata"
rw read 0 /tmp/pt-meta-back -back >/dev/null || fail "passthrough read with metadata"
cmp /tmp/pt-data /tmp/pt-data-back || fail "passthrough data differs"
cmp /tmp/pt-meta /tmp/pt-meta-back || fail "passthrough metadata differs"
# PRACT alone: the controller strips the PI, checks nothing, needs no buffer.
rm -f /tmp/pt-data-back
rw read 8 "" -back >/dev/null || fail "passthrough read with PRACT"
cmp /tmp/pt-data /tmp/pt-data-back || fail "passthrough data with PRACT differs"
uring_metadata "512+8 PI type 3" 8

format "$f16" 1
passthrough_only "512+16 and PI" 16
format "$f8" 0
passthrough_only "512+8 without PI" 8
format "$f512" 0
wait_disks nvme2n2
fio_run --name=back-to-512 --filename=/dev/nvme2n2 --size=8M --bs=4k --iodepth=8 \
	--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1

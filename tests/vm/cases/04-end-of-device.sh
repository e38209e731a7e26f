# I/O at and past the last LBA: the last block reads, a read that straddles
# the end is cut short, reads past it return nothing, writes past it fail.
for d in nvme0n1 nvme1n1; do
	bytes=$(disk_bytes "$d")
	lbs=$(lba_size "$d")
	note "$d: $bytes bytes, LBA $lbs"
	xfs_io -d -c "pread $((bytes - lbs)) $lbs" "/dev/$d" | grep -q "read $lbs/$lbs bytes" ||
		fail "$d: last LBA not readable"
	xfs_io -d -c "pread $((bytes - lbs)) $((4 * lbs))" "/dev/$d" | grep -q "read $lbs/$((4 * lbs)) bytes" ||
		fail "$d: read across the end was not cut at the end"
	got=$(xfs_io -d -c "pread $bytes $lbs" "/dev/$d" 2>&1)
	echo "$got" | grep -q "read 0/$lbs bytes" || fail "$d: read past the end returned: $got"
	if dd if=/dev/zero of="/dev/$d" bs="$lbs" seek=$((bytes / lbs)) count=1 oflag=direct status=none 2>/tmp/dd.err; then
		fail "$d: write past the end succeeded"
	fi
	grep -q 'No space left' /tmp/dd.err || fail "$d: write past the end: $(cat /tmp/dd.err)"
done

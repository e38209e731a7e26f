# make stress: STRESS_BAD_COMMANDS malformed passthrough commands (default
# 100,000), half through the ioctls and half through io_uring, on a
# controller with a 16 KiB MDTS (nvme3) and one without (nvme0), with the
# checks of case 11: every call returns an errno or an NVMe status, the
# controllers stay live, and data written afterwards verifies. Ends with
# "stress-count bad-commands N".
want=${STRESS_BAD_COMMANDS:-100000}
gcc -O2 -Wall -o /tmp/ioctl-fuzz "$top/tests/vm/tools/ioctl-fuzz.c"
quarter=$(((want + 3) / 4))
sent=0
for run in "nvme3 nvme3n1 ioctl" "nvme0 ng0n1 ioctl" "nvme3 ng3n1 uring" "nvme0 ng0n1 uring"; do
	set -- $run
	mode=$3
	[ "$mode" = uring ] || mode=
	seed=$((RANDOM << 16 | RANDOM))
	note "$quarter on /dev/$1 and /dev/$2 through ${3}, seed $seed"
	/tmp/ioctl-fuzz /dev/$1 /dev/$2 $quarter $seed $mode || fail "fuzz on $1 ($3), seed $seed"
	sent=$((sent + quarter))
done
for c in nvme3 nvme0; do
	expect_eq "$(cat /sys/class/nvme/$c/state)" live "$c state after the commands"
done
no_stuck_tasks
for d in nvme3n1 nvme0n1; do
	fio_run --name="after-$d" --filename="/dev/$d" --size=8M --bs=4k --iodepth=16 \
		--rw=randwrite --verify=crc32c --verify_fatal=1 --do_verify=1
done
echo "stress-count bad-commands $sent"

# Passthrough without CAP_SYS_ADMIN follows the in-tree rules of the
# running kernel (case 09 compares every command of passthru-probe with
# the in-tree driver's answers in the reference boot):
# - 6.1: every command needs CAP_SYS_ADMIN, even through a readable node;
# - 6.2 and later: anyone who may open a namespace's node may read the
#   Identify structures that build I/O commands (CNS 00h, 01h, 05h, 06h,
#   08h, not the lists) and send the I/O commands the effects log marks
#   supported, writes and block changes only with the node open for
#   writing; no other admin command, nothing vendor specific, nothing
#   through a partition.
# NVME_IOCTL_ID needs nothing; root can do all.
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
probe() { as_nobody "$top/tests/vm/passthru-probe" "$@"; }
chmod 0666 /dev/nvme0 /dev/nvme0n1 /dev/ng0n1
trap 'chmod 0600 /dev/nvme0 /dev/ng0n1; chmod 0660 /dev/nvme0n1' EXIT

expect() { # FILE LABEL RESULT
	local got
	got=$(sed -n "s/^$2: //p" "$1")
	[ "$got" = "$3" ] || fail "$(basename "$1" .out) '$2': expected $3, got ${got:-nothing}"
}

probe /dev/ng0n1 r >/tmp/ng-r.out
probe /dev/ng0n1 rw >/tmp/ng-rw.out
probe /dev/nvme0 rw >/tmp/ctrl-rw.out
case $(uname -r) in
6.[01].*)
	for f in /tmp/ng-r.out /tmp/ng-rw.out /tmp/ctrl-rw.out; do
		grep -v ': EACCES$' "$f" && fail "$(basename "$f"): allowed without CAP_SYS_ADMIN on 6.1"
	done
	;;
*)
	for f in /tmp/ng-r.out /tmp/ng-rw.out /tmp/ctrl-rw.out; do
		for cns in 0x00 0x01 0x05 0x06 0x08; do expect "$f" "identify cns $cns" ok; done
		for cns in 0x02 0x03; do expect "$f" "identify cns $cns" EACCES; done
		expect "$f" "get log smart" EACCES
		expect "$f" "get features 07h" EACCES
		expect "$f" "admin vendor c0h" EACCES
	done
	for f in /tmp/ng-r.out /tmp/ng-rw.out; do
		expect "$f" read ok
		expect "$f" "submit io read" ok
		expect "$f" "io vendor 80h" EACCES
	done
	# QEMU's effects log says a flush may change blocks (LBCC).
	for op in write flush "write zeroes" deallocate "submit io write"; do
		expect /tmp/ng-r.out "$op" EACCES
		expect /tmp/ng-rw.out "$op" ok
	done
	# Nothing through a partition, not even Identify: root without
	# CAP_SYS_ADMIN (the partition's node is the kernel's, root's alone).
	printf 'label: dos\n,64M\n' | sfdisk -q /dev/nvme4n1 || fail "sfdisk"
	trap 'chmod 0600 /dev/nvme0 /dev/ng0n1; chmod 0660 /dev/nvme0n1; wipefs -qa /dev/nvme4n1; blockdev --rereadpt /dev/nvme4n1' EXIT
	wait_until 30 "nvme4n1p1 appears" "[ -b /dev/nvme4n1p1 ]"
	setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin \
		"$top/tests/vm/passthru-probe" /dev/nvme4n1p1 rw 1000 >/tmp/part.out
	[ -s /tmp/part.out ] || fail "no answer through the partition"
	setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin \
		"$top/tests/vm/passthru-probe" /dev/nvme4n1 rw 1000 >/tmp/whole.out
	expect /tmp/whole.out read ok
	grep -v ': EACCES$' /tmp/part.out && fail "allowed through a partition without CAP_SYS_ADMIN"
	;;
esac
expect_eq "$(as_nobody nvme get-ns-id /dev/nvme0n1 2>&1 | grep -o 'namespace-id:[0-9]*')" "namespace-id:1" "NVME_IOCTL_ID as nobody"
# Root can.
"$top/tests/vm/passthru-probe" /dev/ng0n1 r >/tmp/root.out
grep ': EACCES$' /tmp/root.out && fail "root refused"
true

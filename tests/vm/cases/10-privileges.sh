# Admin and I/O passthrough need CAP_SYS_ADMIN even when the node is
# readable: an unprivileged user gets EACCES from the ioctl itself.
# NVME_IOCTL_ID needs nothing.
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
chmod 0666 /dev/nvme0 /dev/nvme0n1 /dev/ng0n1
trap 'chmod 0600 /dev/nvme0 /dev/ng0n1; chmod 0660 /dev/nvme0n1' EXIT

for node in /dev/nvme0 /dev/nvme0n1 /dev/ng0n1; do
	if as_nobody nvme id-ctrl "$node" >/tmp/priv.out 2>&1; then
		fail "identify through $node succeeded without CAP_SYS_ADMIN"
	fi
	grep -qi 'permission denied' /tmp/priv.out || fail "$node: expected EACCES, got: $(cat /tmp/priv.out)"
done
if as_nobody nvme io-passthru /dev/nvme0n1 --opcode=2 --namespace-id=1 --data-len=512 \
	--read --cdw10=0 >/tmp/priv.out 2>&1; then
	fail "I/O passthrough succeeded without CAP_SYS_ADMIN"
fi
grep -qi 'permission denied' /tmp/priv.out || fail "io-passthru: expected EACCES, got: $(cat /tmp/priv.out)"
expect_eq "$(as_nobody nvme get-ns-id /dev/nvme0n1 2>&1 | grep -o 'namespace-id:[0-9]*')" "namespace-id:1" "NVME_IOCTL_ID as nobody"
# And root still can.
nvme id-ctrl /dev/nvme0 >/dev/null || fail "root identify failed"

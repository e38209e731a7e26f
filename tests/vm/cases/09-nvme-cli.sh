# nvme-cli sees through cnvme what it sees through the in-tree driver on
# the same emulated hardware (recorded by the reference boot, see
# tests/vm/vm): each output is compared after device names are rewritten
# to serial-number labels and after the masks below.
ref=$work/intree-reference
[ -f "$ref/list.txt" ] || skip "no in-tree reference; run: tests/vm/vm $series reference (same CNVME_VM_NAME)"
mine=/tmp/nvme-cli-cnvme
rm -rf "$mine"
"$top/tests/vm/nvme-cli-capture" "$mine"
[ ! -e "$mine/error.txt" ] || fail "$(cat "$mine/error.txt")"

# What legitimately differs between two boots or two drivers, per output.
mask() { # FILE
	case $(basename "$1") in
	smart-log-*)
		# I/O and power counters depend on what each driver did since boot.
		grep -vE '^(Data Units|host_(read|write)_commands|controller_busy_time|power_cycles|power_on_hours|unsafe_shutdowns|num_err_log_entries)' ;;
	error-log.txt)
		# Entries record the commands each driver happened to have refused.
		grep -vE '^(error_count|sqid|cmdid|status_field|parm_err_loc|lba|nsid|vs|trtype|cs|trtype_spec_info)' ;;
	queue-*)
		# The in-tree disks are multipath heads, which do not take over
		# their path's zone resource limits or Zone Append limit (they show
		# none, and emulate Zone Append up to the transfer size), nor its
		# atomic write limits (6.12 heads offer no atomic writes); cnvme
		# shows the controller's (cases 33 and 06 check them).
		# 6.1's in-tree driver differs from 6.12's in two limits, where cnvme
		# does what 6.12 does on both: it takes NOWS 0 as an optimal I/O
		# size of one block (6.12: not reported), and it caps Write Zeroes
		# at its 4 MiB transfer cap (6.12: 8 MiB).
		grep -vE '^(max_open_zones|max_active_zones|zone_append_max_bytes|atomic_write_[a-z_]+):' |
			if [ "${series%%-*}" = 6.1 ]; then
				awk 'NR == 1 {$3 = "-"} !/^(optimal_io_size|write_zeroes_max_bytes):/'
			else
				cat
			fi ;;
	udev-links.txt)
		# Both namespaces of cnvme-subsys claim the link named by model and
		# serial alone; udev gives it to whichever event it handles last.
		grep -v '^/dev/disk/by-id/nvme-QEMU_NVMe_Ctrl_cnvme-subsys -> ' ;;
	unprivileged-passthru.txt)
		# The old NVME_IOCTL_SUBMIT_IO gets the passthrough rules only in
		# later stable kernels (6.12.118's source has them; in 6.1.192 and
		# 6.12.95 anyone who may open the node may read and write through
		# it, even read-only); cnvme applies them on every kernel (case 10).
		grep -v '^submit io ' ;;
	list.txt)
		sort ;;
	list-subsys.txt)
		# In-tree's multipath paths add an (empty) ANA state column.
		sed 's/ *$//' | sort ;;
	list-json.txt)
		# The same devices, listed in probe order.
		python3 -c 'import json, sys
d = json.loads(sys.stdin.read().rsplit("exit", 1)[0])
d["Devices"].sort(key=lambda x: (x["SerialNumber"], x["NameSpace"]))
print(json.dumps(d, indent=1, sort_keys=True))' ;;
	*) cat ;;
	esac
}

diffs=0
for f in "$ref"/*.txt; do
	name=$(basename "$f")
	if [ ! -e "$mine/$name" ]; then
		echo "missing output: $name"
		diffs=$((diffs + 1))
		continue
	fi
	if ! diff -u <(sed -f "$ref/names.sed" "$f" | mask "$f") \
		<(sed -f "$mine/names.sed" "$mine/$name" | mask "$f") >"/tmp/diff-$name"; then
		echo "=== $name differs (in-tree -, cnvme +):"
		cat "/tmp/diff-$name"
		diffs=$((diffs + 1))
	fi
done
note "$(ls "$ref"/*.txt | wc -l) outputs compared, $diffs differ"
[ "$diffs" = 0 ] || fail "$diffs nvme-cli outputs differ from the in-tree driver's"

# The hwmon threshold is writable and reaches the controller (Set Features).
hw=$(ls -d /sys/class/nvme/nvme0/hwmon*)
old=$(cat "$hw/temp1_max")
echo 80000 >"$hw/temp1_max"
expect_eq "$(cat "$hw/temp1_max")" 79850 "temp1_max after writing 80 C (kept in whole kelvins)"
echo "$old" >"$hw/temp1_max"
expect_eq "$(nvme get-feature /dev/nvme0 -f 4 | grep -o '0x[0-9a-f]*$')" "$(printf '0x%08x' $(((old + 273150) / 1000)))" "threshold as the controller reports it"

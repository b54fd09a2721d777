# SPDX-License-Identifier: GPL-2.0-only
# Boot the test kernel in QEMU. Sourced by scripts/vxe.

VXE_GUEST_MEM=${VXE_GUEST_MEM:-4G}
VXE_GUEST_CPUS=${VXE_GUEST_CPUS:-2}
VXE_KUNIT_GLOB='vxe*'

vxe_qemu_base() {
	local accel=$1

	VXE_QEMU=(qemu-system-x86_64 -machine q35 -m "$VXE_GUEST_MEM" -smp "$VXE_GUEST_CPUS"
		  -nodefaults -display none -no-reboot
		  -device isa-debug-exit,iobase=0xf4,iosize=0x04
		  -kernel "$VXE_BUILD/arch/x86/boot/bzImage")
	if [ "$accel" = kvm ]; then
		VXE_QEMU+=(-accel kvm -cpu host)
	else
		# Without ERMS and FSRM the kernel copies and clears with
		# plain moves, which TCG runs faster than REP MOVSB/STOSB:
		# the copy engine moved 339 against 246 MiB/s, and the guest
		# ran KUnit, selftests and benchmarks in 69 s against 91 s
		VXE_QEMU+=(-accel tcg,thread=multi -cpu max,-erms,-fsrm)
	fi
}

# KVM where it really works, else multi-threaded TCG. /dev/kvm may exist on
# a machine where KVM cannot run a guest (nested virtualization), so boot
# the kernel once with a short timeout and remember the answer.
vxe_accel() {
	local cache=$VXE_WORK/accel rc

	if [ -n "${VXE_ACCEL:-}" ]; then
		echo "$VXE_ACCEL"
		return
	fi
	if [ -f "$cache" ]; then
		cat "$cache"
		return
	fi
	if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
		vxe_qemu_base kvm
		set +e
		timeout 30 "${VXE_QEMU[@]}" -initrd "$VXE_INITRAMFS" -serial none \
			-append "console=ttyS0 panic=-1 VXE_MODE=probe" </dev/null >/dev/null 2>&1
		rc=$?
		set -e
		# isa-debug-exit with status 0 makes QEMU exit 1
		if [ "$rc" = 1 ]; then
			echo kvm >"$cache"
		else
			echo tcg >"$cache"
		fi
	else
		echo tcg >"$cache"
	fi
	vxe_log "accelerator: $(cat "$cache")"
	cat "$cache"
}

# vxe_run MODE TIMEOUT: boot, run MODE in the guest, collect results.
# Returns the guest's own status (0 when it ran to its end).
vxe_run() {
	local mode=$1 timeout=$2 accel append rc img=$VXE_RESULTS/results.img
	local console=$VXE_RESULTS/console.log

	accel=$(vxe_accel)
	rm -rf "$VXE_RESULTS"
	mkdir -p "$VXE_RESULTS"
	truncate -s 512M "$img"

	append="console=ttyS0 panic=-1 loglevel=6 VXE_MODE=$mode VXE_GUEST_TIMEOUT=$timeout"
	append="$append kunit.filter_glob=$VXE_KUNIT_GLOB kunit.stats_enabled=1"
	[ "${VXE_IGT:-1}" = 1 ] || append="$append VXE_IGT=0"
	[ -z "${VXE_CMDLINE:-}" ] || append="$append $VXE_CMDLINE"

	vxe_qemu_base "$accel"
	VXE_QEMU+=(-initrd "$VXE_INITRAMFS" -append "$append"
		   -drive "file=$img,format=raw,if=virtio"
		   -serial stdio)

	vxe_log "booting ($accel, $VXE_GUEST_CPUS CPUs, $VXE_GUEST_MEM, mode $mode, timeout ${timeout}s)"
	local start=$SECONDS
	set +e
	if [ "$mode" = shell ]; then
		"${VXE_QEMU[@]}" | tee "$console"
		rc=${PIPESTATUS[0]}
	elif [ "$mode" = demo ]; then
		timeout -k 10 "$timeout" "${VXE_QEMU[@]}" </dev/null | tee "$console" |
			sed -u 's/\r$//' | sed -n '/^\[vxe\] demo/,/^\[vxe\] guest done/p'
		rc=${PIPESTATUS[0]}
	else
		timeout -k 10 "$timeout" "${VXE_QEMU[@]}" </dev/null | tee "$console" |
			sed -u 's/\r$//' | grep --line-buffered -E '^\[vxe\]|Kernel panic|BUG:|WARNING:'
		rc=${PIPESTATUS[0]}
	fi
	set -e
	VXE_RUN_SECONDS=$((SECONDS - start))

	case "$rc" in
	1) rc=0 ;;				# guest status 0
	124|137) vxe_log "guest timed out after ${timeout}s"; rc=124 ;;
	0) vxe_log "guest rebooted without reporting a status (panic?)"; rc=125 ;;
	*) rc=$(((rc - 1) / 2)) ;;		# guest status
	esac

	tar -xf "$img" -C "$VXE_RESULTS" 2>/dev/null || true
	rm -f "$img"
	vxe_log "guest finished in ${VXE_RUN_SECONDS}s with status $rc"
	return "$rc"
}

vxe_parse_run_opts() {
	VXE_TIMEOUT=4600
	VXE_IGT=1
	while [ $# -gt 0 ]; do
		case "$1" in
		--timeout) VXE_TIMEOUT=$2; shift ;;
		--mode) VXE_MODE=$2; shift ;;
		--no-igt) VXE_IGT=0 ;;
		--igt) vxe_igt_list_opt "$2"; shift ;;
		*) vxe_die "unknown option $1" ;;
		esac
		shift
	done
}

# --igt takes a file of igt@test@subtest lines or a comma-separated list
vxe_igt_list_opt() {
	mkdir -p "$VXE_WORK"
	if [ -f "$1" ]; then
		VXE_IGT_LIST=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	else
		VXE_IGT_LIST=$VXE_WORK/igt-cmdline.testlist
		tr ',' '\n' <<<"$1" | sed -e '/^$/d' -e 's/^igt@//' -e 's/^/igt@/' >"$VXE_IGT_LIST"
	fi
}

vxe_prepare() {
	vxe_deps
	vxe_fetch
	vxe_overlay
	vxe_build
	vxe_initramfs
}

vxe_run_cmd() {
	VXE_MODE=shell
	vxe_parse_run_opts "$@"
	vxe_prepare
	vxe_run "$VXE_MODE" "$VXE_TIMEOUT"
}

vxe_demo_cmd() {
	vxe_parse_run_opts "$@"
	# Keep the last test run's results
	VXE_RESULTS=$VXE_WORK/demo-results
	vxe_prepare
	vxe_run demo "$VXE_TIMEOUT"
}

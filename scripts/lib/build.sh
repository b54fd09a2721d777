# SPDX-License-Identifier: GPL-2.0-only
# Kernel configuration and build, user-space tools. Sourced by scripts/vxe.

# ccache keys on paths; relative to the work directory they are the same
# in every clone, so a new clone on the same machine hits the cache.
vxe_make() {
	CCACHE_BASEDIR=$VXE_WORK make -C "$VXE_SRC" O="$VXE_BUILD" ARCH=x86_64 \
		CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# tinyconfig + kvm_guest.config + Kconfig.svm, redone only when one of the
# inputs changes (a new .config would rewrite autoconf.h).
vxe_config() {
	local hash cfg=$VXE_BUILD/.config line sym want missing=""

	hash=$(vxe_hash "$VXE_REPO/Kconfig.svm" "$VXE_SRC/kernel/configs/kvm_guest.config" \
		"$VXE_REPO/drivers/gpu/drm/vxe/Kconfig" "$VXE_SRC/Makefile")
	if [ -f "$cfg" ] && [ "$(cat "$VXE_BUILD/.vxe-config-hash" 2>/dev/null)" = "$hash" ]; then
		return
	fi

	vxe_log "configuring: tinyconfig + kvm_guest.config + Kconfig.svm"
	mkdir -p "$VXE_BUILD"
	vxe_make -s tinyconfig >/dev/null
	KCONFIG_CONFIG=$cfg "$VXE_SRC/scripts/kconfig/merge_config.sh" -m -O "$VXE_BUILD" \
		"$cfg" "$VXE_SRC/kernel/configs/kvm_guest.config" "$VXE_REPO/Kconfig.svm" >/dev/null
	vxe_make -s olddefconfig >/dev/null

	# Every symbol we ask for must have survived olddefconfig
	while read -r line; do
		case "$line" in
		CONFIG_*=*) ;;
		*) continue ;;
		esac
		sym=${line%%=*}
		want=${line#*=}
		grep -qx "$sym=$want" "$cfg" || missing="$missing $sym=$want"
	done <"$VXE_REPO/Kconfig.svm"
	[ -z "$missing" ] || vxe_die "config symbols not set as requested (missing dependency?):$missing"

	echo "$hash" >"$VXE_BUILD/.vxe-config-hash"
}

# Build the kernel, printing progress: the number of objects compiled
vxe_build_kernel() {
	local log=$VXE_WORK/logs/build.log start=$SECONDS status

	mkdir -p "$VXE_WORK/logs"
	vxe_log "building the kernel (-j$(nproc), log in $log)"
	set +e
	vxe_make -j"$(nproc)" bzImage 2>&1 | tee "$log" | awk '
		/^  (CC|AS|LD|AR)/ { n++; if (n % 250 == 0) printf "[vxe] %d objects built\n", n > "/dev/stderr" }
		/warning:|error:/ { print > "/dev/stderr" }'
	status=${PIPESTATUS[0]}
	set -e
	[ "$status" = 0 ] || vxe_die "kernel build failed, see $log"

	# W=1 is on for drivers/gpu/drm; any warning in our files is an error
	if grep -E '(drivers/gpu/drm/vxe|vxe/).*warning:' "$log"; then
		vxe_die "warnings in vxe files"
	fi
	vxe_log "kernel built in $((SECONDS - start)) s: $VXE_BUILD/arch/x86/boot/bzImage"
}

# User-space programs for the guest, built statically against the tree's
# sanitized uAPI headers
VXE_TOOLS_DIR=tools/testing/selftests/drivers/gpu/vxe

vxe_build_tools() {
	local out=$VXE_WORK/tools inc=$VXE_BUILD/usr/include

	vxe_make -s headers >/dev/null
	mkdir -p "$out"
	make -s -C "$VXE_REPO/$VXE_TOOLS_DIR" OUTPUT="$out" \
		KHDR_INCLUDES="-isystem $inc" \
		SELFTESTS_DIR="$VXE_SRC/tools/testing/selftests" vxe-all
}

vxe_build() {
	vxe_config
	vxe_build_kernel
	vxe_build_tools
}

# checkpatch --strict and kernel-doc on our kernel files: prints one
# "name: ok|FAIL" line per check, returns non-zero on any finding
vxe_check() {
	local files rc=0 out

	files=$(cd "$VXE_REPO" && git ls-files --cached --others --exclude-standard -- drivers/gpu/drm/vxe |
		grep -E '\.(c|h)$')
	out=$(cd "$VXE_SRC" && ./scripts/checkpatch.pl --strict --no-tree --quiet \
		--ignore FILE_PATH_CHANGES -f $files 2>&1) || true
	if [ -n "$out" ]; then
		echo "$out"
		echo "check-checkpatch: FAIL"
		rc=1
	else
		echo "check-checkpatch: ok"
	fi

	out=$(cd "$VXE_SRC" && ./scripts/kernel-doc -none -Wall $files 2>&1) || true
	if [ -n "$out" ]; then
		echo "$out"
		echo "check-kernel-doc: FAIL"
		rc=1
	else
		echo "check-kernel-doc: ok"
	fi
	return $rc
}

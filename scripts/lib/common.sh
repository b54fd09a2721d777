# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for scripts/vxe. Sourced, not run.

vxe_log() {
	printf '[vxe %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

vxe_die() {
	printf '[vxe] error: %s\n' "$*" >&2
	exit 1
}

# Host packages: "command-or-file package" pairs
VXE_DEPS="
gcc gcc
make make
flex flex
bison bison
bc bc
perl perl
python3 python3
xz xz-utils
cpio cpio
ccache ccache
sha256sum coreutils
dpkg-deb dpkg
patch patch
qemu-system-x86_64 qemu-system-x86
/bin/busybox busybox-static
/usr/include/gelf.h libelf-dev
/usr/include/openssl/ssl.h libssl-dev
/usr/include/stdio.h libc6-dev
"

vxe_deps() {
	local missing="" what pkg

	while read -r what pkg; do
		[ -n "$what" ] || continue
		case "$what" in
		/*) [ -e "$what" ] && continue ;;
		*) command -v "$what" >/dev/null 2>&1 && continue ;;
		esac
		missing="$missing $pkg"
	done <<<"$VXE_DEPS"

	[ -n "$missing" ] || return 0
	vxe_log "installing host packages:$missing"
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null || vxe_die "need root or sudo to install:$missing"
		SUDO=sudo
	fi
	# shellcheck disable=SC2086
	${SUDO:-} apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq \
			--no-install-recommends $missing >&2 ||
		vxe_die "apt-get install failed for:$missing"
}

# Content hash of files and strings, to know when a step must be redone
vxe_hash() {
	local f

	for f in "$@"; do
		if [ -f "$f" ]; then
			sha256sum "$f"
		else
			printf '%s\n' "$f"
		fi
	done | sha256sum | cut -d' ' -f1
}

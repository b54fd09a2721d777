# SPDX-License-Identifier: GPL-2.0-only
# The test command: build, boot, run everything, judge. Sourced by
# scripts/vxe.

# KUnit suites our tests define; each must have run
vxe_kunit_suites() {
	grep -rhoE '^\s*\.name = "[a-z0-9_]+"' "$VXE_REPO/drivers/gpu/drm/vxe/tests" |
		sed -E 's/.*"(.*)"/\1/' | paste -sd, -
}

vxe_test_cmd() {
	local start=$SECONDS status=0 checks=() line igt_list

	vxe_parse_run_opts "$@"
	vxe_prepare

	while read -r line; do
		case "$line" in
		check-*:\ ok) checks+=(--check "${line%%:*}=ok") ;;
		check-*:\ FAIL) checks+=(--check "${line%%:*}=FAIL") ;;
		*) echo "$line" ;;
		esac
	done < <(vxe_check || true)

	vxe_run test "$VXE_TIMEOUT" || status=$?

	igt_list=${VXE_IGT_LIST:-$VXE_REPO/$VXE_TOOLS_DIR/igt/vxe.testlist}
	[ "$VXE_IGT" = 1 ] || igt_list=
	vxe_log "results in $VXE_RESULTS (total $((SECONDS - start))s, guest ${VXE_RUN_SECONDS}s)"
	python3 "$VXE_SCRIPTS/lib/report.py" "$VXE_RESULTS" \
		--kunit-suites "$(vxe_kunit_suites)" \
		--igt-list "$igt_list" --guest-status "$status" "${checks[@]}"
}

# SPDX-License-Identifier: GPL-2.0-only
# cli-cases.sh - run the built tool against userspace/tests/rootfs/VERB/CASE/
#
# Sourced by the CLI tests (show.test, load.test, exec-unload.test,
# status.test, dispatch.test, upgrade.test); not a test itself. A case is a directory:
#
#   args            the command line after "kexec-handoff", one argument a
#                   line (an empty file: no arguments)
#   env             optional: VAR=value lines for this run only
#   stdin           optional: standard input (default: /dev/null)
#   files/          optional: copied into the working directory; args name
#                   them by relative path, so messages are the same on
#                   every machine
#   pad             optional: "FILE SIZE" lines; FILE (from files/) is
#                   extended with NUL bytes to SIZE bytes before the run,
#                   for inputs too large to be worth committing
#   fixtures        optional: names of trees under userspace/tests/fixtures/,
#                   one a line, copied over the fake root before root/ (a
#                   pmem device and its sysfs entries: pmem-root; a Debian
#                   /boot with initrds, running 6.12.8-kh1: debian-boot;
#                   systemd as init: systemd-booted)
#   root/           optional: copied over the fake root
#   bzimages        optional: "PATH [PROTOCOL]" lines; PATH, below the fake
#                   root, is made a tiny file with an x86 boot header
#                   (make-bzimage), for kernels in root/boot
#   setup           optional: a command line (like args) run first, with
#                   the default environment, that must exit 0; an earlier
#                   --load, say
#   after-setup/    optional: copied over the fake root after setup, for
#                   what changes between a --load and what follows it
#   user            optional: "nobody" runs the command as uid/gid 65534,
#                   in a working directory that nobody owns
#   expected.exit, expected.stdout, expected.stderr
#                   the exit status and the output, byte for byte
#   expected.kexec  optional: what the kexec stub recorded, one line per
#                   call (kexec-stub); without it the stub must not run
#   expected.systemctl
#                   optional: the same for the systemctl stub
#                   (systemctl-stub)
#   expected.state  optional: the files in root/run/kexec-handoff after
#                   the run, one name a line
#   failure-reports optional, empty: the command fails and still writes
#                   its report under root/run (restore records each failed
#                   group); expected.state and expected-state/ say what
#   expected-state/ optional: some of those files, byte for byte
#
# The working directory holds "root", the fake root (KEXEC_HANDOFF_ROOT):
# sys is a copy of the sysfs fixture qemu-mix, proc the fixture proc-root
# (kernel release and boot id), run is empty. kexec is the recording stub,
# found through PATH as "kexec-stub" (and as "kexec", the default);
# systemctl is "systemctl-stub", likewise.
# SOURCE_DATE_EPOCH is fixed. Every command runs under a timeout.
#
# Whatever a case says, a command that fails must leave the files under
# root/run as they were (a failed load keeps the earlier one).
#
# The test script sets: top (the source tree, current directory), tool,
# and defines ok() and not_ok(); then calls cli_init once.

cli_fixture_sysfs=userspace/tests/fixtures/sysfs/qemu-mix
cli_fixture_proc=userspace/tests/fixtures/proc-root/proc
cli_epoch=1700000000
cli_timeout=30
cli_skipped=""

cli_init() {
	tmp=$(mktemp -d "${TMPDIR:-/dev/shm}/kh-cli.XXXXXX" 2>/dev/null) ||
		tmp=$(mktemp -d) || fail "mktemp"
	trap 'rm -rf "$tmp"' EXIT
	# Traversable, so that the tool can be started as nobody.
	chmod 711 "$tmp"
	mkdir -m 755 "$tmp/bin"
	ln -s "$top/userspace/tests/kexec-stub" "$tmp/bin/kexec-stub"
	ln -s "$top/userspace/tests/kexec-stub" "$tmp/bin/kexec"
	ln -s "$top/userspace/tests/systemctl-stub" "$tmp/bin/systemctl-stub"
	cli_nobody_tool=$tool
}

# cli_as_nobody CMD...: run CMD as uid and gid 65534, or return 77.
cli_as_nobody() {
	if command -v setpriv >/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	elif command -v su >/dev/null; then
		su -p -s /bin/sh -c 'exec "$0" "$@"' -- nobody "$@"
	else
		return 77
	fi
}

# The build directory may not be open to nobody; a copy in $tmp is.
cli_nobody_prepare_() {
	[ "$cli_nobody_tool" != "$tool" ] && return 0
	cli_as_nobody test -x "$tool" && return 0
	[ $? -eq 77 ] && return 77
	cp "$tool" "$tmp/bin/kexec-handoff" && chmod 755 "$tmp/bin/kexec-handoff"
	cli_nobody_tool=$tmp/bin/kexec-handoff
}

# cli_files_ DIR: "sha256  path" of every file below DIR, sorted.
cli_files_() {
	[ -d "$1" ] || return 0
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0r sha256sum)
}

# cli_state_names_ WORK: the names in the state directory.
cli_state_names_() {
	local dir=$1/root/run/kexec-handoff

	[ -d "$dir" ] || return 0
	(cd "$dir" && ls -A | LC_ALL=C sort)
}

# cli_exec_ WORK ARGSFILE STDIN USER [ENVFILE] - run the tool in WORK.
cli_exec_() {
	local work=$1 argsfile=$2 in=$3 user=$4 envfile=${5:-}
	local args=() vars=() prefix=() bin=$tool

	mapfile -t args <"$argsfile"
	[ -n "$envfile" ] && mapfile -t vars <"$envfile"
	if [ "$user" = nobody ]; then
		prefix=(cli_as_nobody)
		bin=$cli_nobody_tool
	fi
	(
		cd "$work" || exit 125
		export KEXEC_HANDOFF_ROOT=root KEXEC_HANDOFF_KEXEC=kexec-stub
		export KEXEC_HANDOFF_SYSTEMCTL=systemctl-stub
		export PATH="$tmp/bin:$PATH" KH_STUB_LOG="$work/kexec.log"
		export KH_SYSTEMCTL_LOG="$work/systemctl.log"
		export SOURCE_DATE_EPOCH=$cli_epoch
		unset KH_STUB_EXIT KH_STUB_SIGNAL KH_SYSTEMCTL_EXIT
		[ ${#vars[@]} -gt 0 ] && export "${vars[@]}"
		"${prefix[@]}" timeout "$cli_timeout" "$bin" "${args[@]}" <"$in"
	)
}

# cli_name CASEDIR: VERB/CASE, as reports and $tmp/work name it.
cli_name() {
	echo "$(basename "$(dirname "$1")")/$(basename "$1")"
}

# cli_run CASEDIR: prepare $tmp/work/VERB/CASE and run the case there.
# Sets work; leaves out.exit, out.stdout, out.stderr, kexec.log (if the
# stub ran), kexec.log.initrd (what it was given), systemctl.log (if
# that stub ran) and state.before.
# returns: 0, or 1 when the case cannot be run (not_ok already said why),
# or 77 when it needs something missing here (cli_skipped says what)
cli_run() {
	local case=$1 name user="" in=/dev/null f size proto rc

	name=$(cli_name "$case")
	work=$tmp/work/$name
	rm -rf "$work"
	mkdir -p "$work/root/proc" "$work/root/run"
	cp -a "$cli_fixture_proc/." "$work/root/proc/" &&
		cp -a "$cli_fixture_sysfs" "$work/root/sys" ||
		{ not_ok "$name: cannot build the fake root"; return 1; }
	if [ -f "$case/fixtures" ]; then
		while read -r f; do
			cp -a "userspace/tests/fixtures/$f/." "$work/root/" ||
				{ not_ok "$name: no fixture $f"; return 1; }
		done <"$case/fixtures"
	fi
	[ -d "$case/root" ] && cp -a "$case/root/." "$work/root/"
	if [ -f "$case/bzimages" ]; then
		while read -r f proto; do
			"$top/userspace/tests/make-bzimage" "$work/root/$f" $proto ||
				{ not_ok "$name: cannot make $f"; return 1; }
		done <"$case/bzimages"
	fi
	[ -d "$case/files" ] && cp -a "$case/files/." "$work/"
	if [ -f "$case/pad" ]; then
		while read -r f size; do
			truncate -s "$size" "$work/$f"
		done <"$case/pad"
	fi
	if [ -f "$case/user" ]; then
		user=$(cat "$case/user")
		cli_nobody_prepare_
		if [ $? -eq 77 ]; then
			cli_skipped="neither setpriv nor su to run $name as nobody"
			echo "ok - $name # SKIP $cli_skipped"
			return 77
		fi
		# Theirs, as their home would be: what refuses them is the tool.
		chmod 755 "$tmp/work" "${work%/*}"
		chown -R 65534:65534 "$work"
	fi
	if [ -f "$case/setup" ]; then
		cli_exec_ "$work" "$case/setup" /dev/null "" \
			>"$work/setup.out" 2>&1
		rc=$?
		if [ $rc -ne 0 ]; then
			not_ok "$name: setup exited $rc: $(cat "$work/setup.out")"
			return 1
		fi
		rm -f "$work/kexec.log" "$work/kexec.log.initrd" "$work/systemctl.log"
	fi
	[ -d "$case/after-setup" ] && cp -a "$case/after-setup/." "$work/root/"
	cli_files_ "$work/root/run" >"$work/state.before"
	[ -f "$case/stdin" ] && in=$(cd "$case" && pwd)/stdin
	cli_exec_ "$work" "$case/args" "$in" "$user" \
		"$([ -f "$case/env" ] && echo "$case/env")" \
		>"$work/out.stdout" 2>"$work/out.stderr"
	echo $? >"$work/out.exit"
	# A plan names files by absolute path: make them the same everywhere.
	[ -f "$work/kexec.log" ] && sed -i "s|$work/|./|g" "$work/kexec.log"
	return 0
}

# cli_diff_ WHAT WANT GOT: report a difference, indented.
cli_diff_() {
	not_ok "$1"
	diff "$2" "$3" | head -n 20 | sed 's/^/    /'
}

# cli_check_calls_ NAME CASEDIR STUB: what the stub for STUB (kexec or
# systemctl) recorded in $work/STUB.log is the case's expected.STUB; with
# no such file, the stub did not run.
# returns: 0, or 1 after saying what differs
cli_check_calls_() {
	local name=$1 want=$2/expected.$3 log=$work/$3.log

	if [ ! -f "$want" ]; then
		[ -e "$log" ] || return 0
		not_ok "$name: $3 was run: $(cat "$log")"
		return 1
	fi
	if [ ! -f "$log" ]; then
		not_ok "$name: $3 was not run"
		return 1
	fi
	cmp -s "$log" "$want" && return 0
	cli_diff_ "$name: $3 calls differ from expected.$3" "$want" "$log"
	return 1
}

# cli_check CASEDIR: compare the run in $work with the case's expectations.
cli_check() {
	local case=$1 name bad=0 f

	name=$(cli_name "$case")
	for f in exit stdout stderr; do
		[ -f "$case/expected.$f" ] && continue
		not_ok "$name: no expected.$f (make it with --update)"
		return
	done
	cmp -s "$work/out.exit" "$case/expected.exit" || {
		cli_diff_ "$name: exit status" "$case/expected.exit" "$work/out.exit"
		bad=1
	}
	for f in stdout stderr; do
		cmp -s "$work/out.$f" "$case/expected.$f" && continue
		cli_diff_ "$name: $f differs from expected.$f" \
			"$case/expected.$f" "$work/out.$f"
		bad=1
	done
	for f in kexec systemctl; do
		cli_check_calls_ "$name" "$case" $f || bad=1
	done
	if [ -f "$case/expected.state" ] &&
		! cli_state_names_ "$work" | cmp -s - "$case/expected.state"; then
		cli_diff_ "$name: state files differ from expected.state" \
			"$case/expected.state" <(cli_state_names_ "$work")
		bad=1
	fi
	for f in "$case"/expected-state/*; do
		[ -f "$f" ] || continue
		cmp -s "$f" "$work/root/run/kexec-handoff/${f##*/}" && continue
		not_ok "$name: root/run/kexec-handoff/${f##*/} differs from $f"
		bad=1
	done
	if [ "$(cat "$work/out.exit")" != 0 ] && [ ! -f "$case/failure-reports" ] &&
		! cli_files_ "$work/root/run" | cmp -s - "$work/state.before"; then
		cli_diff_ "$name: failed, yet changed files under root/run" \
			"$work/state.before" <(cli_files_ "$work/root/run")
		bad=1
	fi
	[ $bad -eq 0 ] && ok "$name: exit $(cat "$work/out.exit"), outputs as expected"
}

# cli_update CASEDIR: rewrite the case's expected files from the run in
# $work. expected.state and expected-state/ files are rewritten only where
# they exist, so which files a case checks stays a reviewer's choice.
cli_update() {
	local case=$1 f

	cp "$work/out.exit" "$case/expected.exit"
	cp "$work/out.stdout" "$case/expected.stdout"
	cp "$work/out.stderr" "$case/expected.stderr"
	for f in kexec systemctl; do
		if [ -f "$work/$f.log" ]; then
			cp "$work/$f.log" "$case/expected.$f"
		else
			rm -f "$case/expected.$f"
		fi
	done
	[ -f "$case/expected.state" ] &&
		cli_state_names_ "$work" >"$case/expected.state"
	for f in "$case"/expected-state/*; do
		[ -f "$f" ] && cp "$work/root/run/kexec-handoff/${f##*/}" "$f"
	done
	echo "updated $case; review it: git diff $case"
}

# cli_arg CASEDIR N: argument N (from 1) of the case, empty if none.
cli_arg() {
	sed -n "${2}p" "$1/args"
}

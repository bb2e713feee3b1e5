# kexec-handoff: one entry point for build, tests, demo and benchmarks.
#
#   make                 build the tool and the blob library
#   make check           every test the project has (installs what it needs)
#   make check-unit      unit and CLI tests, plain and under ASan+UBSan
#   make fuzz-smoke      every fuzzer briefly (FUZZ_SECONDS, 30: about 3 min)
#   make fuzz-long FUZZ_SECONDS=N  each fuzzer N s, new finds merged into
#                        its committed corpus (review, then commit them)
#   make demo            boot a QEMU guest, kexec-handoff into a second kernel
#   make demo-processes  the same, with a batch job and a TCP connection carried
#   make demo-local      capture this machine's storage and show the blob
#   make check-qemu      real kernels under QEMU: kexec scenarios
#   make bench           QEMU boot-time benchmark: every configuration, 5 rounds
#   make bench-quick     the same for the mixed configuration, 3 rounds (minutes)
#   make bench-blackout  a checkpointed workload's blackout across a kexec
#   make bench-upgrade   the Debian guest: upgrade command to multi-user.target,
#                        systemctl kexec vs kexec-handoff upgrade vs reboot,
#                        with redis-server holding 256 MiB
#   make install         honours DESTDIR, PREFIX, SYSTEMDUNITDIR, SYSTEMDGENERATORDIR,
#                        INITRAMFSDIR
#   make deb             the Debian package, in build/deb/

PREFIX ?= /usr/local
DESTDIR ?=
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
# Beside the units: /lib/systemd/system-generators for /lib/systemd/system.
SYSTEMDGENERATORDIR ?= $(patsubst %/,%,$(dir $(SYSTEMDUNITDIR)))/system-generators
# initramfs-tools takes packages' hooks and scripts from /usr/share and
# the administrator's own from /etc, where a local install belongs.
INITRAMFSDIR ?= /etc/initramfs-tools
BUILD ?= build
CC ?= cc
CLANG ?= clang
CFLAGS ?= -O2 -g
FUZZ_SECONDS ?= 30
BENCH_OUT ?= $(BUILD)/bench

WARN := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
ifeq ($(SANITIZE),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
endif
# libkh is grouped by concern (capture, store, process, boot, view,
# base); cli/ holds only the verbs, thin front ends over it.
USER_DIRS := base boot capture process store view
USER_INC := $(addprefix -Iuserspace/,$(USER_DIRS) cli)
USER_HDRS = $(wildcard $(addsuffix /*.h,$(addprefix userspace/,$(USER_DIRS) cli)))
ALL_CFLAGS := $(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -Ihandoff $(USER_INC)
LDLIBS_TOOL := -lfdt -lcriu

HANDOFF_SRC := $(sort $(wildcard handoff/handoff_*.c))
USER_SRC := $(sort $(wildcard $(addsuffix /*.c,$(addprefix userspace/,$(USER_DIRS)))))
CLI_SRC := $(sort $(wildcard userspace/cli/*.c))
HANDOFF_TESTS := $(patsubst handoff/tests/%.c,$(BUILD)/tests/handoff/%,\
	$(sort $(wildcard handoff/tests/test_*.c)))
USER_TESTS := $(patsubst userspace/tests/%.c,$(BUILD)/tests/userspace/%,\
	$(sort $(wildcard userspace/tests/test_*.c)))
FUZZERS := $(patsubst handoff/fuzz/%.c,$(BUILD)/fuzz/%,\
	$(sort $(wildcard handoff/fuzz/fuzz_*.c))) \
	$(patsubst userspace/fuzz/%.c,$(BUILD)/fuzz/%,\
	$(sort $(wildcard userspace/fuzz/fuzz_*.c)))

TOOL := $(BUILD)/kexec-handoff
# Loaded into CRIU for a lazy restore (userspace/lazy/page_check.c), with
# the two libc-only files it needs. Never sanitized, even in build-san:
# the sanitizers' runtime would have to be in CRIU first. Its parser is
# tested and fuzzed under them with the rest of libkh.
PAGE_CHECK := $(BUILD)/page-check.so
PAGE_CHECK_SRC := userspace/lazy/page_check.c userspace/store/page_ranges.c \
	userspace/base/crc32c_bulk.c
LIBHANDOFF := $(BUILD)/libhandoff.a
LIBKH := $(BUILD)/libkh.a

.PHONY: all deps FORCE check check-unit check-unit-plain check-unit-san \
	check-qemu check-distro check-kernel-patches fuzz-smoke fuzz-long demo demo-processes demo-local install \
	deb clean bench-capture bench bench-quick bench-blackout bench-upgrade workloads

all: $(TOOL) $(LIBHANDOFF) $(PAGE_CHECK)

deps:
	tests/install-deps

$(BUILD)/%.o: %.c $(wildcard handoff/*.h) $(USER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBHANDOFF): $(HANDOFF_SRC:%.c=$(BUILD)/%.o)
	rm -f $@ && $(AR) rcs $@ $^

$(LIBKH): $(USER_SRC:%.c=$(BUILD)/%.o)
	rm -f $@ && $(AR) rcs $@ $^

$(TOOL): $(CLI_SRC:%.c=$(BUILD)/%.o) $(LIBKH) $(LIBHANDOFF)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS_TOOL)

$(PAGE_CHECK): $(PAGE_CHECK_SRC) userspace/store/page_ranges.h \
		userspace/base/crc32c_bulk.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(USER_INC) -fPIC -shared $(LDFLAGS) \
		-o $@ $(PAGE_CHECK_SRC) -ldl

$(BUILD)/tests/handoff/%: handoff/tests/%.c $(LIBHANDOFF) $(wildcard handoff/tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ihandoff/tests -o $@ $< $(LIBHANDOFF) -lcmocka -lfdt

$(BUILD)/tests/userspace/%: userspace/tests/%.c $(LIBKH) $(LIBHANDOFF) $(wildcard userspace/tests/*.h) $(USER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iuserspace/tests -o $@ $< $(LIBKH) $(LIBHANDOFF) -lcmocka $(LDLIBS_TOOL)

# The fuzzers build the reader exactly as the kernel does: handoff_ro.c
# with only the environment header swapped, over the kernel's own libfdt
# (extracted from linux-source-6.12 by tests/fuzz-libfdt), all of it
# instrumented. The stamp changes only with the package version.
FUZZ_LIBFDT := $(BUILD)/fuzz/libfdt.version
FUZZ_FLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -I$(BUILD)/fuzz/libfdt -Ihandoff \
	$(USER_INC) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_LIBS = $(BUILD)/fuzz/libfdt.a $(BUILD)/fuzz/libfdt-oracle.a

$(FUZZ_LIBFDT): FORCE
	CLANG=$(CLANG) tests/fuzz-libfdt $(BUILD)

FORCE:

$(BUILD)/fuzz/%: handoff/fuzz/%.c $(HANDOFF_SRC) $(wildcard handoff/*.h) \
		$(FUZZ_LIBFDT)
	$(CLANG) $(FUZZ_FLAGS) -o $@ $< $(HANDOFF_SRC) $(FUZZ_LIBS)

# The tool's own parsers of store, state and /proc data, each with the few
# files it needs.
FUZZ_BASE := userspace/base/kh_ctx.c userspace/base/kh_file.c \
	userspace/fuzz/kh_fuzz.c
FUZZ_SRC_netlock := userspace/process/netlock.c userspace/base/spawn.c \
	userspace/base/state.c
FUZZ_SRC_exec_plan := userspace/boot/exec_plan.c
# proc_group.c asks sock_diag about unix sockets (never under a fuzzer's
# fake root, but it links).
FUZZ_PROC_GROUP := userspace/process/proc_group.c \
	userspace/process/journal_stream.c userspace/process/unix_sockets.c \
	userspace/process/namespaces.c
FUZZ_SRC_carry := userspace/process/carry.c $(FUZZ_PROC_GROUP) \
	userspace/store/image_set.c \
	userspace/base/crc32c_bulk.c $(HANDOFF_SRC)
FUZZ_SRC_cpio := userspace/base/cpio_newc.c
FUZZ_SRC_sysfs := $(wildcard userspace/capture/*.c) $(HANDOFF_SRC)
FUZZ_SRC_proc := $(FUZZ_PROC_GROUP)
FUZZ_SRC_restore_deferred := userspace/process/restore_deferred.c \
	userspace/base/state.c
FUZZ_SRC_unit_show := userspace/process/service_unit.c \
	$(FUZZ_PROC_GROUP) userspace/base/spawn.c
FUZZ_SRC_tcp_window := userspace/process/tcp_window.c
FUZZ_SRC_page_ranges := userspace/store/page_ranges.c
USER_FUZZ := netlock exec_plan carry cpio sysfs proc restore_deferred unit_show \
	tcp_window page_ranges

define user_fuzzer
$$(BUILD)/fuzz/fuzz_$(1): userspace/fuzz/fuzz_$(1).c $$(FUZZ_SRC_$(1)) \
		$$(FUZZ_BASE) $$(USER_HDRS) $$(wildcard handoff/*.h) $$(FUZZ_LIBFDT)
	$$(CLANG) $$(FUZZ_FLAGS) -o $$@ $$< $$(FUZZ_SRC_$(1)) $$(FUZZ_BASE) \
		$$(FUZZ_LIBS)
endef
$(foreach f,$(USER_FUZZ),$(eval $(call user_fuzzer,$(f))))

test-binaries: $(TOOL) $(PAGE_CHECK) $(HANDOFF_TESTS) $(USER_TESTS)

check-unit-plain:
	$(MAKE) BUILD=build test-binaries
	tests/run-suite build

check-unit-san:
	$(MAKE) BUILD=build-san SANITIZE=1 test-binaries
	tests/run-suite build-san

check-unit: check-unit-plain check-unit-san

fuzz-smoke: $(FUZZERS)
	tests/run-fuzzers $(BUILD) $(FUZZ_SECONDS)

fuzz-long: $(FUZZERS)
	tests/run-fuzzers --long $(BUILD) $(FUZZ_SECONDS)

check-kernel-patches:
	kernel-patches/check-patches

# Programs the QEMU scenarios run as workloads across a kexec.
WORKLOADS := $(BUILD)/workloads/batch-job $(BUILD)/workloads/cold-memory \
	$(BUILD)/workloads/echo-server

$(BUILD)/workloads/%: qemu-tests/workloads/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $<

workloads: $(WORKLOADS)

check-qemu: $(TOOL) $(PAGE_CHECK) $(WORKLOADS)
	KH_BUILD=$(CURDIR)/$(BUILD) qemu-tests/run-scenarios

check: deps
	tests/check-all "$(MAKE)" $(BUILD)

# Not in check (the distro-* scenarios of check-qemu boot the same image
# with the project's kernels): the Debian guest image with Debian's own
# kernel boots to a running system, kexecs with systemctl kexec into its
# newest kernel, and comes up running again.
check-distro: deps
	mkdir -p $(BUILD)
	qemu-tests/distro/boot-smoke --kexec --log $(BUILD)/distro-smoke.log

# A storage mix (virtio-scsi, AHCI, PIIX IDE) in QEMU: the first kernel
# captures and loads, the second reports what the handoff saved.
demo: deps $(TOOL)
	qemu-tests/cycle --log $(BUILD)/demo-console.log -- \
		$$(qemu-tests/storage-mix mix)

# The same kexec carrying a 64 MiB batch job and a TCP echo server whose
# connection streams 1 MiB from the host across the jump.
demo-processes: deps $(TOOL) $(WORKLOADS)
	qemu-tests/cycle --log $(BUILD)/demo-processes-console.log \
		--add $(BUILD)/workloads/batch-job --add $(BUILD)/workloads/echo-server \
		--checkpoint-cmd '/opt/batch-job 64 600' \
		--checkpoint-cmd '/opt/echo-server 7007' --tcp-stream 1048576 \
		--wait-exit 300 -- $$(qemu-tests/storage-mix mix)

demo-local: $(TOOL)
	$(TOOL) capture -o $(BUILD)/demo.dtb
	$(TOOL) show $(BUILD)/demo.dtb

install: $(TOOL) $(PAGE_CHECK)
	install -D -m 0755 $(TOOL) $(DESTDIR)$(PREFIX)/sbin/kexec-handoff
	install -D -m 0644 $(PAGE_CHECK) \
		$(DESTDIR)$(PREFIX)/lib/kexec-handoff/page-check.so
	install -D -m 0644 userspace/kexec-handoff.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/kexec-handoff.8
	for u in kexec-handoff-restore kexec-handoff-restore-tcp kexec-handoff-adopted; do \
		install -D -m 0644 userspace/$$u.service \
			$(DESTDIR)$(SYSTEMDUNITDIR)/$$u.service && \
		sed -i 's|/usr/local/sbin/|$(PREFIX)/sbin/|' \
			$(DESTDIR)$(SYSTEMDUNITDIR)/$$u.service || exit 1; \
	done
	install -D -m 0755 userspace/kexec-handoff-generator \
		$(DESTDIR)$(SYSTEMDGENERATORDIR)/kexec-handoff-generator
	sed -i 's|/usr/local/sbin/|$(PREFIX)/sbin/|' \
		$(DESTDIR)$(SYSTEMDGENERATORDIR)/kexec-handoff-generator
	install -D -m 0755 userspace/initramfs/hook \
		$(DESTDIR)$(INITRAMFSDIR)/hooks/kexec-handoff
	install -D -m 0755 userspace/initramfs/init-bottom \
		$(DESTDIR)$(INITRAMFSDIR)/scripts/init-bottom/kexec-handoff
	install -D -m 0755 userspace/initramfs/init-top \
		$(DESTDIR)$(INITRAMFSDIR)/scripts/init-top/kexec-handoff

# The package is built in a copy of the tree, build/deb/src/, so that
# nothing lands outside the clone (dpkg-buildpackage writes the .deb and
# .changes to the parent directory, build/deb/) and its clean step does
# not wipe build/. Then lintian, which must find nothing beyond the
# overrides in debian/.
DEB_DIR := $(BUILD)/deb
deb:
	tests/install-deps --deb
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	tar -c --exclude=./.git --exclude=./build --exclude=./build-san \
		--exclude='./$(BUILD)' . | tar -x -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && dpkg-buildpackage -us -uc -b
	lintian --fail-on error,warning $(DEB_DIR)/*.changes
	@ls -1 $(DEB_DIR)/*.deb

# Not a test: time of capture + initrd assembly and blob bytes per device
# for a generated 1,000-device sysfs tree.
bench-capture: $(TOOL)
	userspace/tests/bench-capture $(BUILD)

# Not a test: the Debian guest's upgrade, from the command to
# multi-user.target in the new system, three ways, 5 interleaved rounds.
bench-upgrade: deps
	KH_BUILD=$(CURDIR)/$(BUILD) qemu-tests/bench-upgrade

# Not a test: how long a checkpointed batch job (64 and 512 MiB, initrd
# and pmem store) is gone across a kexec, beside the plain kexec boot.
bench-blackout: deps $(TOOL) $(WORKLOADS)
	KH_BUILD=$(CURDIR)/$(BUILD) qemu-tests/bench-blackout

# Boot-time figures, not tests: cold boot, plain kexec and kexec-handoff
# booted in turn; results.md, runs.csv and plots in $(BENCH_OUT).
bench: deps $(TOOL)
	KH_BUILD=$(CURDIR)/$(BUILD) qemu-tests/bench --config all --runs 5 \
		--out $(BENCH_OUT)

bench-quick: deps $(TOOL)
	KH_BUILD=$(CURDIR)/$(BUILD) qemu-tests/bench --config mixed --runs 3 \
		--out $(BENCH_OUT)-quick

clean:
	rm -rf build build-san

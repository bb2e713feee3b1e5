# kexec-handoff: one entry point for build, tests, demo and benchmarks.
#
#   make                 build the tool and the blob library
#   make check           every test the project has (installs what it needs)
#   make check-unit      unit and CLI tests, plain and under ASan+UBSan
#   make fuzz-smoke      run each fuzzer for FUZZ_SECONDS
#   make demo            boot a QEMU guest, kexec-handoff into a second kernel
#   make demo-local      capture this machine's storage and show the blob
#   make check-qemu      real kernels under QEMU: kexec scenarios
#   make bench           QEMU boot-time benchmark: every configuration, 5 rounds
#   make bench-quick     the same for the mixed configuration, 3 rounds (minutes)
#   make install         honours DESTDIR and PREFIX

PREFIX ?= /usr/local
DESTDIR ?=
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
ALL_CFLAGS := $(WARN) $(CFLAGS) $(SANFLAGS) -Ihandoff -Iuserspace
LDLIBS_TOOL := -lfdt

HANDOFF_SRC := $(sort $(wildcard handoff/handoff_*.c))
USER_SRC := $(filter-out userspace/kexec-handoff.c,$(sort $(wildcard userspace/*.c)))
HANDOFF_TESTS := $(patsubst handoff/tests/%.c,$(BUILD)/tests/handoff/%,\
	$(sort $(wildcard handoff/tests/test_*.c)))
USER_TESTS := $(patsubst userspace/tests/%.c,$(BUILD)/tests/userspace/%,\
	$(sort $(wildcard userspace/tests/test_*.c)))
FUZZERS := $(patsubst handoff/fuzz/%.c,$(BUILD)/fuzz/%,\
	$(sort $(wildcard handoff/fuzz/fuzz_*.c)))

TOOL := $(BUILD)/kexec-handoff
LIBHANDOFF := $(BUILD)/libhandoff.a
LIBKH := $(BUILD)/libkh.a

.PHONY: all deps check check-unit check-unit-plain check-unit-san \
	check-qemu check-kernel-patches fuzz-smoke demo demo-local install \
	clean bench-capture bench bench-quick

all: $(TOOL) $(LIBHANDOFF)

deps:
	tests/install-deps

$(BUILD)/%.o: %.c $(wildcard handoff/*.h userspace/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBHANDOFF): $(HANDOFF_SRC:%.c=$(BUILD)/%.o)
	$(AR) rcs $@ $^

$(LIBKH): $(USER_SRC:%.c=$(BUILD)/%.o)
	$(AR) rcs $@ $^

$(TOOL): $(BUILD)/userspace/kexec-handoff.o $(LIBKH) $(LIBHANDOFF)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_TOOL)

$(BUILD)/tests/handoff/%: handoff/tests/%.c $(LIBHANDOFF) $(wildcard handoff/tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ihandoff/tests -o $@ $< $(LIBHANDOFF) -lcmocka -lfdt

$(BUILD)/tests/userspace/%: userspace/tests/%.c $(LIBKH) $(LIBHANDOFF) $(wildcard userspace/tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iuserspace/tests -o $@ $< $(LIBKH) $(LIBHANDOFF) -lcmocka $(LDLIBS_TOOL)

# The fuzzers build the reader exactly as the kernel does: handoff_ro.c
# with only the environment header swapped.
$(BUILD)/fuzz/%: handoff/fuzz/%.c $(HANDOFF_SRC) $(wildcard handoff/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) -std=c11 -g -O1 -Ihandoff -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(HANDOFF_SRC) -lfdt

test-binaries: $(TOOL) $(HANDOFF_TESTS) $(USER_TESTS)

check-unit-plain:
	$(MAKE) BUILD=build test-binaries
	tests/run-suite build

check-unit-san:
	$(MAKE) BUILD=build-san SANITIZE=1 test-binaries
	tests/run-suite build-san

check-unit: check-unit-plain check-unit-san

fuzz-smoke: $(FUZZERS)
	tests/run-fuzzers $(BUILD) $(FUZZ_SECONDS)

check-kernel-patches:
	kernel-patches/check-patches

check-qemu: $(TOOL)
	KH_BUILD=$(CURDIR)/$(BUILD) qemu-tests/run-scenarios

check: deps
	$(MAKE) check-unit
	$(MAKE) fuzz-smoke
	$(MAKE) check-kernel-patches
	$(MAKE) check-qemu

# A storage mix (virtio-scsi, AHCI, PIIX IDE) in QEMU: the first kernel
# captures and loads, the second reports what the handoff saved.
demo: deps $(TOOL)
	qemu-tests/cycle --log $(BUILD)/demo-console.log -- \
		$$(qemu-tests/storage-mix mix)

demo-local: $(TOOL)
	$(TOOL) capture -o $(BUILD)/demo.dtb
	$(TOOL) show $(BUILD)/demo.dtb

install: $(TOOL)
	install -D -m 0755 $(TOOL) $(DESTDIR)$(PREFIX)/sbin/kexec-handoff
	install -D -m 0644 userspace/kexec-handoff.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/kexec-handoff.8

# Not a test: time of capture + initrd assembly and blob bytes per device
# for a generated 1,000-device sysfs tree.
bench-capture: $(TOOL)
	userspace/tests/bench-capture $(BUILD)

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

# kith — the two commands a new checkout needs are `make run` and `make test`.
# Both install what is missing (Debian packages) first.

SWIFT   ?= swift
PREFIX  ?= /usr/local
DEMO    := .kith-demo/network.plist
BIN     := .build/debug/kith
APT_PACKAGES := libncurses-dev tmux python3 python3-venv abook
# Third-party readers and sync tools the interop tests run kith's files through (from PyPI).
INTEROP := .build/interop-venv
INTEROP_TOOLS := vobject icalendar khard vdirsyncer radicale

.PHONY: all deps interop-tools build release run test snapshots torture fuzz bench install uninstall clean

all: build

# Installs the Debian packages kith builds and tests with, when any is missing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# A virtualenv under .build with the PyPI tools of the interop tests, made when missing.
interop-tools:
	@if ! { [ -x $(INTEROP)/bin/vdirsyncer ] && [ -x $(INTEROP)/bin/radicale ] && [ -x $(INTEROP)/bin/khard ] \
	    && $(INTEROP)/bin/python -c "import vobject, icalendar" 2>/dev/null; }; then \
	  echo "Installing the interop tools into $(INTEROP): $(INTEROP_TOOLS)"; \
	  python3 -m venv $(INTEROP) && $(INTEROP)/bin/pip install --quiet --disable-pip-version-check $(INTEROP_TOOLS); \
	fi

build: deps
	$(SWIFT) build

# One fully static executable: the Swift runtime, Foundation, ncursesw and the C library are
# linked in, so it needs no Swift toolchain where it is installed, and no dynamic loader work at
# start: `kith --version` takes 2.1 ms instead of 5.0 with only the Swift libraries static, and
# 8 with none (hyperfine, 200 runs). Terminfo and locales are still read from the system. The
# link warns that getpwuid and the like need the system's C library at run time: kith reaches
# them only through Foundation's home-folder lookup when $HOME is unset.
# kith's own code reaches generic types' metadata (a Dictionary keyed by a role, a Set of ids)
# through accessors that are handed the key's Hashable conformance, instead of by mangled name:
# from a name, the runtime checks the conformance by scanning every conformance record of the
# static binary, once per type (about 350,000 instructions each, 2.8 million of a launch's
# first frame; launches 0.2–0.4 ms faster, median of 40 in a pty, four kinds alike).
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -static-executable \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# Opens the dashboard on a sample network, created on first run.
run: build
	@[ -f $(DEMO) ] || $(BIN) demo --file $(DEMO)
	$(BIN) --file $(DEMO)

# Every test: unit, screen (cell grid as text), CLI and tmux end-to-end. A build warning in
# kith's own code fails it too.
test: deps interop-tools
	@mkdir -p .build
	$(SWIFT) build --build-tests 2>&1 | tee .build/build.log
	@if grep -E "warning:" .build/build.log | grep -v "/.build/checkouts/"; then \
	  echo "make test: the build has warnings (above)"; exit 1; fi
	KITH_INTEROP_BIN=$(CURDIR)/$(INTEROP)/bin SWIFT_BACKTRACE=interactive=no $(SWIFT) test --skip-build

# Re-records the screen snapshots on purpose; review the diff before committing.
snapshots: deps
	KITH_RECORD_SNAPSHOTS=1 $(SWIFT) test --filter KithUITests

# The crash-consistency test at full length: 10,000 writers killed at random moments.
torture: deps
	KITH_TORTURE_KILLS=10000 SWIFT_BACKTRACE=interactive=no $(SWIFT) test --filter killedWritersNeverLoseAnAcknowledgedChange

# A libFuzzer run over the network-file loader (FUZZ_SECONDS, default 600), seeded with demo files.
FUZZ_SECONDS ?= 600
fuzz: build
	@mkdir -p .build/fuzz/corpus
	swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name KithFuzz \
	  Fuzz/FuzzNetworkCodec.swift $$(find Sources/KithCore -name '*.swift') -o .build/fuzz/fuzz-codec 2>&1 \
	  | grep -v "Cannot export local symbol '__asan" || true
	@for s in 1 2 3; do KITH_NOW=2026-11-30 $(BIN) demo --contacts 3 --seed $$s --force --file .build/fuzz/seeds/demo-$$s.plist >/dev/null; \
	  cp .build/fuzz/seeds/demo-$$s.plist .build/fuzz/corpus/; done
	cp Tests/KithCoreTests/Fixtures/network-v1.plist .build/fuzz/corpus/
	.build/fuzz/fuzz-codec .build/fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=5 -print_final_stats=1

# The benchmark table of docs/performance.md: release build, 1k/10k/100k contacts, and launch
# to first screen in tmux against abook (installed here when missing).
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS)
	.build/release/kith-bench

# Installs the binary, the man page and shell completions.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/kith $(DESTDIR)$(PREFIX)/bin/kith
	$(SWIFT) package --allow-writing-to-package-directory generate-manual
	install -m 644 .build/plugins/GenerateManual/outputs/kith/kith.1 $(DESTDIR)$(PREFIX)/share/man/man1/kith.1
	.build/release/kith --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/kith
	.build/release/kith --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_kith
	.build/release/kith --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kith.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kith $(DESTDIR)$(PREFIX)/share/man/man1/kith.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/kith \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_kith $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kith.fish

clean:
	rm -rf .build .kith-demo

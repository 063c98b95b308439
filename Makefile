# Top-level convenience targets; the build itself is meson + ninja in build/.
BUILD ?= build

.PHONY: all check check-unit check-qtest check-functional clean deps run

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD)

deps:
	scripts/install-deps --with-guests

# Every test suite; prints "N passed, N failed, N skipped" at the end.
check: all
	scripts/run-tests $(BUILD)

check-unit: all
	scripts/run-tests $(BUILD) unit

check-qtest: all
	scripts/run-tests $(BUILD) qtest

check-functional: all
	scripts/run-tests $(BUILD) functional

# Boots the default guest (Debian's kernel + a busybox initramfs).
run: all
	scripts/run-default-guest $(BUILD)

clean:
	rm -rf $(BUILD)

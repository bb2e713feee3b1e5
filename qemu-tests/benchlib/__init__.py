"""qemu-tests/bench: the QEMU boot-time benchmark (see qemu-tests/README.md)."""

// SPDX-License-Identifier: GPL-2.0-only
/*
 * corrupt-blob.c - damage a handoff blob in one well-defined way
 *
 *   kh-corrupt-blob MODE IN OUT
 *
 * The QEMU scenarios hand these to a real kernel, which must boot, probe
 * everything and name the reason. MODE is one of:
 *   truncate   keep the first half of the blob
 *   checksum   flip one bit inside a property value, leave the CRC alone
 *   version    claim format <2 0> and reseal, so only the version is wrong
 *   oversize   grow totalsize past 256 KiB (zero filled) and reseal
 *   bitflip    flip 12 bits at random places (seed from KH_SEED or time)
 *   ata-serial change the serial of the first device recorded on a link-up
 *              ATA port and reseal: to the new kernel the disk on that port
 *              looks replaced by another one (QEMU cannot swap a disk on an
 *              AHCI or IDE bus while the guest runs)
 *   pata-master
 *              on the first port with a slave recorded, change the master's
 *              serial and drop the slave's record, and reseal: the whole
 *              channel looks replaced, by a master that differs and a slave
 *              the record does not show
 *   scsi-channel
 *              move the first device recorded on a SCSI host to channel 7
 *              and reseal; virtio-scsi has channel 0 only and ignores the
 *              channel, so a kernel that sent it there would find the disk
 *              under an address it does not have
 *   pata-empty
 *              record the first PIIX channel with a device as empty (its
 *              device records dropped, its link down) and reseal: to the
 *              new kernel a disk appeared on a channel recorded empty
 *   scsi-serial
 *              change the serial of the first device recorded on a SCSI
 *              host and reseal: the disk at that address looks replaced
 *              (QEMU cannot swap a disk on a parallel SCSI bus while the
 *              guest runs)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handoff.h"

#define OVERSIZE (HANDOFF_MAX_SIZE + 64 * 1024)

static int set_version_2(void *blob, size_t len)
{
	fdt32_t v[2] = { cpu_to_fdt32(2), cpu_to_fdt32(0) };

	if (fdt_setprop_inplace(blob, 0, "version", v, sizeof(v)))
		return -1;
	return handoff_seal(blob, len);
}

static int grow(void *blob, size_t *len)
{
	memset((char *)blob + *len, 0, OVERSIZE - *len);
	fdt_set_totalsize(blob, OVERSIZE);
	*len = OVERSIZE;
	/*
	 * Not resealed: handoff_seal() refuses a blob over the bound, and the
	 * reader rejects the size before it looks at the CRC.
	 */
	return 0;
}

/* Change the first letter of the serial of @dev; 1 if it has none. */
static int flip_serial(void *blob, int dev)
{
	char serial[64];
	const char *p;
	int n;

	p = dev >= 0 ? fdt_getprop(blob, dev, "serial", &n) : NULL;
	if (!p || n < 2 || (size_t)n > sizeof(serial))
		return 1;
	memcpy(serial, p, (size_t)n);
	serial[0] = serial[0] == 'X' ? 'Y' : 'X';
	printf("kh-corrupt-blob: serial %s now %s\n", p, serial);
	return fdt_setprop_inplace(blob, dev, "serial", serial, n) ? -1 : 0;
}

static int change_ata_serial(void *blob, size_t len)
{
	struct handoff_ata_port port;
	int node, err;

	for (node = handoff_ata_port_first(blob); node >= 0;
	     node = handoff_ata_port_next(blob, node)) {
		if (handoff_get_ata_port(blob, node, &port) ||
		    port.link != HANDOFF_LINK_UP)
			continue;
		err = flip_serial(blob, handoff_ata_dev_first(blob, node));
		if (err > 0)
			continue;
		return err ? err : handoff_seal(blob, len);
	}
	return -1;
}

/* The ATA device @devno recorded on the port at @port, or < 0. */
static int ata_dev(const void *blob, int port, unsigned int devno)
{
	struct handoff_ata_dev d;
	int dev;

	for (dev = handoff_ata_dev_first(blob, port); dev >= 0;
	     dev = handoff_ata_dev_next(blob, dev))
		if (!handoff_get_ata_dev(blob, dev, &d) && d.devno == devno)
			return dev;
	return -1;
}

static int replace_pata_channel(void *blob, size_t len)
{
	int node, slave;

	for (node = handoff_ata_port_first(blob); node >= 0;
	     node = handoff_ata_port_next(blob, node)) {
		if (ata_dev(blob, node, 1) < 0)
			continue;
		if (flip_serial(blob, ata_dev(blob, node, 0)))
			return -1;
		/* Deleting a node moves those after it: look it up again. */
		slave = ata_dev(blob, node, 1);
		if (slave < 0 || fdt_del_node(blob, slave))
			return -1;
		printf("kh-corrupt-blob: slave record dropped\n");
		return handoff_seal(blob, len);
	}
	return -1;
}

static int empty_pata_channel(void *blob, size_t len)
{
	struct handoff_ata_port port;
	int node, dev;

	for (node = handoff_ata_port_first(blob); node >= 0;
	     node = handoff_ata_port_next(blob, node)) {
		if (handoff_get_ata_port(blob, node, &port) ||
		    strcmp(port.driver, "ata_piix") ||
		    handoff_ata_dev_first(blob, node) < 0)
			continue;
		/* Deleting a node moves those after it: look it up again. */
		while ((dev = handoff_ata_dev_first(blob, node)) >= 0)
			if (fdt_del_node(blob, dev))
				return -1;
		if (fdt_setprop_string(blob, node, "link", "down"))
			return -1;
		printf("kh-corrupt-blob: ata_piix port %u recorded empty\n",
		       port.port);
		return handoff_seal(blob, len);
	}
	return -1;
}

static int move_scsi_channel(void *blob, size_t len)
{
	int host = handoff_scsi_host_first(blob);
	int dev = host >= 0 ? handoff_scsi_dev_first(blob, host) : -1;
	const fdt32_t *reg;
	fdt32_t v[4];
	int n;

	reg = dev >= 0 ? fdt_getprop(blob, dev, "reg", &n) : NULL;
	if (!reg || n != sizeof(v))
		return -1;
	memcpy(v, reg, sizeof(v));
	printf("kh-corrupt-blob: %u:%u:%u now on channel 7\n",
	       fdt32_to_cpu(v[0]), fdt32_to_cpu(v[1]), fdt32_to_cpu(v[3]));
	v[0] = cpu_to_fdt32(7);
	if (fdt_setprop_inplace(blob, dev, "reg", v, sizeof(v)))
		return -1;
	return handoff_seal(blob, len);
}

static int change_scsi_serial(void *blob, size_t len)
{
	int host = handoff_scsi_host_first(blob);
	int dev = host >= 0 ? handoff_scsi_dev_first(blob, host) : -1;

	return flip_serial(blob, dev) ? -1 : handoff_seal(blob, len);
}

static void flip_bits(unsigned char *b, size_t len, int n, unsigned int seed)
{
	srand(seed);
	printf("kh-corrupt-blob: seed %u\n", seed);
	while (n--) {
		size_t at = (size_t)rand() % len;

		b[at] ^= 1u << (rand() % 8);
		printf("kh-corrupt-blob: flipped a bit of byte %zu\n", at);
	}
}

static int corrupt(const char *mode, unsigned char *b, size_t *len)
{
	const char *seed = getenv("KH_SEED");

	if (!strcmp(mode, "truncate"))
		*len /= 2;
	else if (!strcmp(mode, "checksum"))
		b[fdt_off_dt_struct(b) + 44] ^= 0x01;
	else if (!strcmp(mode, "version"))
		return set_version_2(b, *len);
	else if (!strcmp(mode, "oversize"))
		return grow(b, len);
	else if (!strcmp(mode, "ata-serial"))
		return change_ata_serial(b, *len);
	else if (!strcmp(mode, "pata-master"))
		return replace_pata_channel(b, *len);
	else if (!strcmp(mode, "scsi-channel"))
		return move_scsi_channel(b, *len);
	else if (!strcmp(mode, "pata-empty"))
		return empty_pata_channel(b, *len);
	else if (!strcmp(mode, "scsi-serial"))
		return change_scsi_serial(b, *len);
	else if (!strcmp(mode, "bitflip"))
		flip_bits(b, *len, 12, seed ? (unsigned int)atoi(seed) :
			  (unsigned int)time(NULL));
	else
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *b = calloc(1, OVERSIZE);
	size_t len;
	FILE *f;

	if (argc != 4 || !b) {
		fputs("usage: kh-corrupt-blob truncate|checksum|version|oversize|bitflip|ata-serial|pata-master|pata-empty|scsi-channel|scsi-serial IN OUT\n",
		      stderr);
		return 2;
	}
	f = fopen(argv[2], "rb");
	if (!f)
		return perror(argv[2]), 1;
	len = fread(b, 1, HANDOFF_MAX_SIZE, f);
	fclose(f);
	if (handoff_check_full(b, len) < 0 || corrupt(argv[1], b, &len)) {
		fprintf(stderr, "kh-corrupt-blob: cannot apply %s to %s\n",
			argv[1], argv[2]);
		return 1;
	}
	f = fopen(argv[3], "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f))
		return perror(argv[3]), 1;
	printf("kh-corrupt-blob: %s: wrote %zu bytes to %s\n", argv[1], len,
	       argv[3]);
	return 0;
}

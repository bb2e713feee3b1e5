/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * blob_fixture.h - a handoff blob with every kind of node, as plain data
 *
 * The unit tests compare what they read back against this data, and the
 * seed generator under handoff/fuzz/ writes it out, so it has no test
 * framework in it. The Makefile compiles each test on its own against
 * libhandoff.a, hence everything is static inline.
 *
 * Every optional field is set somewhere and left unset somewhere else, so
 * one blob covers both paths of each getter: a 64-bit LUN that needs the
 * high reg cell, a port whose link is down and whose speed is unknown, a
 * group with and one without the tcp-established flag, sizes above 4 GiB.
 */
#ifndef BLOB_FIXTURE_H
#define BLOB_FIXTURE_H

#include <string.h>

#include "handoff.h"

#define FX_MAX_HOSTS	2
#define FX_MAX_PORTS	3
#define FX_MAX_DEVS	2	/* per host or port */
#define FX_MAX_GROUPS	2
#define FX_MAX_IMAGES	2

struct fx_host {
	struct handoff_scsi_host h;
	int ndev;
	struct handoff_scsi_dev dev[FX_MAX_DEVS];
};

struct fx_port {
	struct handoff_ata_port p;
	int ndev;
	struct handoff_ata_dev dev[FX_MAX_DEVS];
};

/* A blob's content; a section with a count of 0 is not written at all. */
struct fixture {
	struct handoff_info info;
	int nhost;
	struct fx_host host[FX_MAX_HOSTS];
	int nport;
	struct fx_port port[FX_MAX_PORTS];
	int ngroup;
	struct handoff_group group[FX_MAX_GROUPS];
	int has_store;
	struct handoff_store store;
	int nimage;
	struct handoff_image image[FX_MAX_IMAGES];
};

/* Root properties only: the smallest blob a builder can produce. */
static inline void fixture_minimal(struct fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	fx->info = (struct handoff_info){
		.version_major = HANDOFF_VERSION_MAJOR,
		.version_minor = HANDOFF_VERSION_MINOR,
		.kernel_release = "6.12.57-amd64",
		.boot_id = "3f0c2a9e-6a51-4d2b-9a57-0c1d2e3f4a5b",
		.created = 0x1234567890ULL,	/* past 2038: needs 64 bits */
	};
}

/* Host 0 has a plain disk and a CD-ROM on a wide LUN; host 1 is empty. */
static inline void fixture_scsi_(struct fixture *fx)
{
	struct fx_host *h = fx->host;

	fx->nhost = 2;
	h[0].h = (struct handoff_scsi_host){ "virtio_scsi",
					     "pci:0000:00:03.0", 0 };
	h[0].ndev = 2;
	h[0].dev[0] = (struct handoff_scsi_dev){
		.channel = 0, .id = 0, .lun = 0, .type = 0,
		.vendor = "QEMU", .model = "QEMU HARDDISK", .rev = "2.5+",
		.serial = "drive-scsi0-0-0-0", .wwid = "naa.5000c500a1b2c3d4",
		.capacity = 0x200000001ULL,
	};
	h[0].dev[1] = (struct handoff_scsi_dev){
		.channel = 1, .id = 0xfffffffe, .lun = 0x4001000200000003ULL,
		.type = 5, .vendor = "", .model = "DVD-ROM", .rev = "",
	};
	h[1].h = (struct handoff_scsi_host){ "mpt3sas",
					     "path:platform/soc/1f000000.sas",
					     0xffffffff };
}

/* Port 0 is up with a disk, port 1 down, port 2 a PATA pair. */
static inline void fixture_ata_(struct fixture *fx)
{
	struct fx_port *p = fx->port;

	fx->nport = 3;
	p[0].p = (struct handoff_ata_port){ "ahci", "pci:0000:00:1f.2", 0,
					    HANDOFF_LINK_UP, "6.0 Gbps" };
	p[0].ndev = 1;
	p[0].dev[0] = (struct handoff_ata_dev){
		.devno = 0, .class = "ata", .model = "Samsung SSD 870 EVO 1TB",
		.serial = "S6PTNX0T123456A", .firmware = "SVT02B6Q",
		.sectors = 0x1d1c0beb0ULL,
	};
	p[1].p = (struct handoff_ata_port){ "ahci", "pci:0000:00:1f.2", 5,
					    HANDOFF_LINK_DOWN, NULL };
	p[2].p = (struct handoff_ata_port){ "ata_piix", "pci:0000:00:01.1", 1,
					    HANDOFF_LINK_UP, NULL };
	p[2].ndev = 2;
	p[2].dev[0] = (struct handoff_ata_dev){
		.devno = 0, .class = "atapi", .model = "QEMU DVD-ROM",
	};
	p[2].dev[1] = (struct handoff_ata_dev){
		.devno = 1, .class = "ata", .model = "QEMU HARDDISK",
		.serial = "QM00002", .firmware = "2.5+", .sectors = 1,
	};
}

static inline void fixture_processes_(struct fixture *fx)
{
	fx->ngroup = 2;
	fx->group[0] = (struct handoff_group){
		.root_pid = 1234, .comm = "postgres", .images = "group-0",
		.unit = "postgresql@15-main.service",
		.flags = HANDOFF_GROUP_TCP_ESTABLISHED,
	};
	fx->group[1] = (struct handoff_group){
		.root_pid = 0xfffffff0, .comm = "make", .images = "group-1",
	};
	fx->has_store = 1;
	fx->store = (struct handoff_store){
		.type = "pmem", .device = "/dev/pmem0", .memmap = "256M!1536M",
		.size = 0x100003000ULL,
	};
	fx->nimage = 2;
	fx->image[0] = (struct handoff_image){ "inventory.img", 0, 0, 4096,
					       0x8a9136aa };
	fx->image[1] = (struct handoff_image){ "pages-1.img", 1,
					       0x100000000ULL, 0x3000,
					       0xffffffff };
}

/* Every node kind, every optional field both set and unset. */
static inline void fixture_full(struct fixture *fx)
{
	fixture_minimal(fx);
	fixture_scsi_(fx);
	fixture_ata_(fx);
	fixture_processes_(fx);
}

static inline int fixture_build_scsi_(struct handoff_builder *b,
				      const struct fixture *fx)
{
	int i, j, err = 0;

	for (i = 0; err >= 0 && i < fx->nhost; i++) {
		err = handoff_add_scsi_host(b, &fx->host[i].h);
		for (j = 0; err >= 0 && j < fx->host[i].ndev; j++)
			err = handoff_add_scsi_dev(b, &fx->host[i].dev[j]);
	}
	return err < 0 ? err : 0;
}

static inline int fixture_build_ata_(struct handoff_builder *b,
				     const struct fixture *fx)
{
	int i, j, err = 0;

	for (i = 0; err >= 0 && i < fx->nport; i++) {
		err = handoff_add_ata_port(b, &fx->port[i].p);
		for (j = 0; err >= 0 && j < fx->port[i].ndev; j++)
			err = handoff_add_ata_dev(b, &fx->port[i].dev[j]);
	}
	return err < 0 ? err : 0;
}

static inline int fixture_build_processes_(struct handoff_builder *b,
					   const struct fixture *fx)
{
	int i, err = 0;

	for (i = 0; err >= 0 && i < fx->ngroup; i++)
		err = handoff_add_group(b, &fx->group[i]);
	if (err >= 0 && fx->has_store)
		err = handoff_set_store(b, &fx->store);
	for (i = 0; err >= 0 && i < fx->nimage; i++)
		err = handoff_add_image(b, &fx->image[i]);
	return err < 0 ? err : 0;
}

/*
 * fixture_build - write @fx as a finished blob
 * @fx: what to write
 * @buf: 8-byte aligned buffer
 * @size: its size
 *
 * returns: the blob's size, or the first error a builder call returned
 */
static inline int fixture_build(const struct fixture *fx, void *buf,
				size_t size)
{
	struct handoff_builder b;
	int err;

	err = handoff_create(&b, buf, size, &fx->info);
	if (!err)
		err = fixture_build_scsi_(&b, fx);
	if (!err)
		err = fixture_build_ata_(&b, fx);
	if (!err)
		err = fixture_build_processes_(&b, fx);
	return err ? err : handoff_finish(&b);
}

#endif /* BLOB_FIXTURE_H */

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * handoff.h - kexec handoff blob, format v1
 *
 * A handoff blob is a flattened device tree that the old system writes and
 * the new kernel reads after a kexec. It records what storage discovery
 * found (SCSI hosts and devices, ATA ports and devices) and which process
 * groups were checkpointed and where their images are stored.
 *
 *   / {
 *       crc32c = <...>;                 always the first root property
 *       compatible = "kexec-handoff-v1";
 *       version = <1 0>;                major, minor
 *       kernel-release = "6.12.57";
 *       boot-id = "...";
 *       created = <hi lo>;              seconds since the epoch
 *       scsi { host-N { proc-name; parent; ordinal; dev@C,T,L { reg; ... } } };
 *       ata { port-N { driver; parent; port; link; dev@D { reg; ... } } };
 *       processes { group-N { ... } };
 *       store { type; size; image-N { file; group; offset; size; crc32c } };
 *   };
 *
 * handoff/binding.yaml documents every node and property.
 *
 * Conventions (those of libfdt): a function returning int returns a
 * non-negative value (0, a node offset or a size) on success and a negated
 * HANDOFF_ERR_* code on failure. Nothing here allocates, prints or exits.
 * Strings handed out point into the blob and live as long as it does.
 *
 * A blob that comes from outside the process must pass a check before any
 * other function reads it: handoff_check_user() in user space, which reads
 * every section, or handoff_check_full() in the kernel, which reads only the
 * envelope and the storage sections (scsi, ata). After that, getters on the
 * nodes the iterators of a checked section return cannot fail.
 */
#ifndef HANDOFF_H
#define HANDOFF_H

#include "handoff_env.h"

#define HANDOFF_COMPATIBLE	"kexec-handoff-v1"
#define HANDOFF_VERSION_MAJOR	1
#define HANDOFF_VERSION_MINOR	0

/* Hard bound on a blob; checked before anything is parsed. */
#define HANDOFF_MAX_SIZE	(256 * 1024)

/*
 * Deepest nesting of nodes a reader accepts, the root counting as 1. Format
 * v1 goes 4 deep (/scsi/host-N/dev@C,T,L); the rest is room for what a newer
 * minor version may add. Without a bound, 256 KiB hold a 20,000 deep tree
 * that anything walking the tree recursively would follow.
 */
#define HANDOFF_MAX_DEPTH	16

/* Path of the blob inside the early cpio archive in front of the initrd. */
#define HANDOFF_CPIO_PATH	"kernel/handoff/handoff.dtb"

/* Informative codes */
#define HANDOFF_ERR_NOTFOUND	1
	/*
	 * No (further) node of the kind asked for, or an optional property
	 * is absent.
	 */

/* Codes about the caller's arguments or buffer */
#define HANDOFF_ERR_NOSPACE	2
	/*
	 * The buffer is too small for what is being written; the blob is
	 * left byte-identical. Retry with a larger buffer.
	 */
#define HANDOFF_ERR_BADSTATE	3
	/*
	 * A builder function was called out of order (a device with no open
	 * host, a SCSI host after the ATA section, anything after finish).
	 */
#define HANDOFF_ERR_BADVALUE	4
	/*
	 * An argument is unusable: a NULL or empty required string, a string
	 * that is not printable ASCII or longer than HANDOFF_STR_MAX, an
	 * unknown store type, a buffer that is not 8-byte aligned.
	 */
#define HANDOFF_ERR_BADOFFSET	5
	/* A node offset that is not a node of the kind the function expects. */

/* Codes about a damaged or foreign blob */
#define HANDOFF_ERR_TRUNCATED	6
	/* The buffer is shorter than the blob's header says it is. */
#define HANDOFF_ERR_BADMAGIC	7
	/* Not a flattened device tree at all. */
#define HANDOFF_ERR_TOOBIG	8
	/* The blob's size exceeds HANDOFF_MAX_SIZE. */
#define HANDOFF_ERR_CHECKSUM	9
	/*
	 * The CRC32C recorded in the blob does not match its contents, or it
	 * is not where format v1 puts it.
	 */
#define HANDOFF_ERR_BADSTRUCTURE	10
	/* The device tree structure itself is malformed. */
#define HANDOFF_ERR_COMPATIBLE	11
	/* The root is not compatible with "kexec-handoff-v1". */
#define HANDOFF_ERR_VERSION	12
	/* The blob has a newer major format version than this reader. */
#define HANDOFF_ERR_BADPROP	13
	/*
	 * A known property has the wrong length, or is not one string of
	 * printable ASCII.
	 */
#define HANDOFF_ERR_MISSING	14
	/* A required property or node is absent. */

/* "Can't happen" code */
#define HANDOFF_ERR_INTERNAL	15
	/* libfdt failed in a way this library does not expect: a bug. */

#define HANDOFF_ERR_MAX		15

/* Longest string (without its NUL) accepted in any property. */
#define HANDOFF_STR_MAX		255

/* Root node: who wrote the blob and when. */
struct handoff_info {
	u32 version_major;
	u32 version_minor;
	const char *kernel_release;	/* uname -r of the old kernel */
	const char *boot_id;		/* /proc/sys/kernel/random/boot_id */
	u64 created;		/* seconds since the epoch */
};

/*
 * A SCSI host, identified the same way in both kernels: host numbers
 * depend on probe order, so they are never recorded.
 */
struct handoff_scsi_host {
	const char *proc_name;		/* driver's proc_name, "virtio_scsi" */
	const char *parent;		/* "pci:0000:00:03.0" or "path:..." */
	u32 ordinal;		/* among hosts with this proc_name+parent */
};

struct handoff_scsi_dev {
	u32 channel;
	u32 id;
	u64 lun;
	u32 type;			/* peripheral device type, 0 = disk */
	const char *vendor;		/* INQUIRY, trailing blanks removed */
	const char *model;
	const char *rev;
	const char *serial;		/* VPD page 0x80; NULL if none */
	const char *wwid;		/* from VPD page 0x83; NULL if none */
	u64 capacity;		/* 512-byte sectors; 0 if unknown */
};

#define HANDOFF_LINK_DOWN	0
#define HANDOFF_LINK_UP		1

/* An ATA port, identified by its controller and its index on it. */
struct handoff_ata_port {
	const char *driver;		/* controller driver, "ahci" */
	const char *parent;		/* as for SCSI hosts */
	u32 port;			/* 0-based index on the controller */
	u32 link;			/* HANDOFF_LINK_* */
	const char *sata_spd;		/* "3.0 Gbps"; NULL if unknown */
};

struct handoff_ata_dev {
	u32 devno;			/* 0 master, 1 slave */
	const char *class;		/* "ata", "atapi", ... */
	const char *model;		/* IDENTIFY, blanks trimmed */
	const char *serial;		/* NULL if none */
	const char *firmware;		/* NULL if none */
	u64 sectors;		/* 512-byte sectors; 0 if unknown */
};

#define HANDOFF_GROUP_TCP_ESTABLISHED	0x1

/* A checkpointed process tree. */
struct handoff_group {
	u32 root_pid;
	const char *comm;
	const char *images;		/* image directory name in the store */
	const char *unit;		/* systemd unit it is carried for; NULL if none */
	u32 flags;			/* HANDOFF_GROUP_* */
};

/* Where the images live: "initrd" (a further cpio) or "pmem". */
struct handoff_store {
	const char *type;
	const char *device;		/* "/dev/pmem0"; NULL for initrd */
	const char *memmap;		/* "256M!1536M"; NULL if none */
	u64 size;			/* bytes used in the store */
};

struct handoff_image {
	const char *name;		/* file name within the group's images */
	u32 group;			/* index N of group-N */
	u64 offset;		/* byte offset within the store */
	u64 size;
	u32 crc32c;
};

/**********************************************************************/
/* Reading (handoff_ro.c, shared with the kernel)                      */
/**********************************************************************/

/**
 * handoff_check_header - cheap checks that need only the header
 * @blob: buffer holding the blob, 8-byte aligned
 * @bufsize: bytes available at @blob
 *
 * Checks the FDT magic, that the whole blob lies inside @bufsize and that
 * it is not larger than HANDOFF_MAX_SIZE. Nothing else is read.
 *
 * returns:
 *	the blob's total size (> 0), or
 *	-HANDOFF_ERR_BADVALUE, @blob is not 8-byte aligned
 *	-HANDOFF_ERR_TRUNCATED, buffer shorter than the header or the blob
 *	-HANDOFF_ERR_BADMAGIC, not a flattened device tree
 *	-HANDOFF_ERR_TOOBIG, larger than HANDOFF_MAX_SIZE
 */
int handoff_check_header(const void *blob, size_t bufsize);

/**
 * handoff_check_full - validate what the kernel uses of a blob
 * @blob: buffer holding the blob, 8-byte aligned
 * @bufsize: bytes available at @blob
 *
 * In this order: header and size bound, checksum, device tree structure
 * (nodes at most HANDOFF_MAX_DEPTH deep), compatible, version, then in the
 * storage sections (scsi, ata) every known
 * node's required properties and property lengths. Unknown nodes and
 * properties are ignored, and so are the sections only user space reads
 * (processes, store): one the kernel would not understand must not cost it
 * the storage records. User space calls handoff_check_user() instead.
 *
 * returns:
 *	the blob's total size (> 0), or
 *	-HANDOFF_ERR_BADVALUE, -HANDOFF_ERR_TRUNCATED, -HANDOFF_ERR_BADMAGIC,
 *	-HANDOFF_ERR_TOOBIG, -HANDOFF_ERR_CHECKSUM, -HANDOFF_ERR_BADSTRUCTURE,
 *	-HANDOFF_ERR_COMPATIBLE, -HANDOFF_ERR_VERSION, -HANDOFF_ERR_BADPROP,
 *	-HANDOFF_ERR_MISSING
 */
int handoff_check_full(const void *blob, size_t bufsize);

/**
 * handoff_get_info - read the root node
 * @blob: a checked blob
 * @info: filled on success
 *
 * returns:
 *	0, or -HANDOFF_ERR_BADPROP, -HANDOFF_ERR_MISSING,
 *	-HANDOFF_ERR_BADSTRUCTURE
 */
int handoff_get_info(const void *blob, struct handoff_info *info);

/**
 * handoff_scsi_host_first - first SCSI host node
 * handoff_scsi_host_next - the SCSI host node after @prev
 * handoff_scsi_dev_first - first device node of the host at @host
 * handoff_scsi_dev_next - the device node after @prev
 * (and likewise for ATA ports and devices)
 * @blob: a checked blob
 *
 * Nodes of other names are skipped, so a reader ignores what a newer
 * writer added.
 *
 * returns:
 *	a node offset (>= 0), or
 *	-HANDOFF_ERR_NOTFOUND, no (further) such node
 *	-HANDOFF_ERR_BADOFFSET, @host / @prev is not a node
 *	-HANDOFF_ERR_BADSTRUCTURE
 */
int handoff_scsi_host_first(const void *blob);
int handoff_scsi_host_next(const void *blob, int prev);
int handoff_scsi_dev_first(const void *blob, int host);
int handoff_scsi_dev_next(const void *blob, int prev);
int handoff_ata_port_first(const void *blob);
int handoff_ata_port_next(const void *blob, int prev);
int handoff_ata_dev_first(const void *blob, int port);
int handoff_ata_dev_next(const void *blob, int prev);

/**
 * handoff_get_scsi_host - read a SCSI host node
 * handoff_get_scsi_dev, handoff_get_ata_port, handoff_get_ata_dev - likewise
 * (and handoff_get_group, handoff_get_image below)
 * @blob: a checked blob
 * @node: an offset an iterator of the same kind returned
 * @out: filled on success; optional fields absent from the blob are NULL
 *	or 0
 *
 * The kind of @node is told by its name, which SCSI and ATA devices share
 * ("dev@"): given the other bus's device, a device getter finds a reg of
 * the wrong length and returns -HANDOFF_ERR_BADPROP.
 *
 * returns:
 *	0, or
 *	-HANDOFF_ERR_BADOFFSET, @node is not a node of that kind
 *	-HANDOFF_ERR_BADPROP, a property has the wrong length or form
 *	-HANDOFF_ERR_MISSING, a required property is absent
 */
int handoff_get_scsi_host(const void *blob, int node,
			  struct handoff_scsi_host *out);
int handoff_get_scsi_dev(const void *blob, int node,
			 struct handoff_scsi_dev *out);
int handoff_get_ata_port(const void *blob, int node,
			 struct handoff_ata_port *out);
int handoff_get_ata_dev(const void *blob, int node,
			struct handoff_ata_dev *out);

/**
 * handoff_strerror - name an error code
 * @err: a value returned by any handoff_* function
 *
 * returns: a static string; "success" for values >= 0 and a string
 * naming an unknown code for anything not defined above.
 */
const char *handoff_strerror(int err);

/**********************************************************************/
/* Identity (handoff_ident.c, shared with the kernel)                  */
/**********************************************************************/

/**
 * handoff_parent_id - the stable parent of a SCSI host or ATA port
 * @devpath: the host's or port's device directory below /sys, links
 *	resolved, with or without a leading '/': what sysfs shows
 *	("devices/pci0000:00/0000:00:04.0/virtio0/host0") and what the
 *	kernel's kobject_get_path() returns ("/devices/...")
 * @out: receives the parent, NUL-terminated
 * @len: size of @out
 *
 * The parent is the nearest component that names a PCI function, as
 * "pci:0000:00:04.0". Without one it is "path:" and the components below
 * devices/ that are not numbered in probe order (virtioN, ataN, hostN,
 * targetN:N:N), joined by '/': "devices/pseudo_0/adapter0/host4" gives
 * "path:pseudo_0/adapter0". User space records this, and the kernel
 * derives it from its own device with this function, so any parent in a
 * blob is one the kernel can match.
 *
 * returns:
 *	the length of the parent in @out (> 0), or
 *	-HANDOFF_ERR_BADVALUE, @devpath is not below devices/, the parent
 *	would hold a byte outside printable ASCII, or @len is 0 or larger
 *	than HANDOFF_MAX_SIZE
 *	-HANDOFF_ERR_NOTFOUND, no PCI function, and nothing left once the
 *	probe-numbered components are dropped
 *	-HANDOFF_ERR_NOSPACE, the parent does not fit in @out
 *	(on failure @out holds the empty string)
 */
int handoff_parent_id(const char *devpath, char *out, size_t len);

/**
 * handoff_field_trim - the identity string in a fixed-width device field
 * @field: the field as the device reported it, need not be NUL-terminated:
 *	INQUIRY vendor, model or revision, the VPD page 0x80 serial, IDENTIFY
 *	model, serial or firmware (bytes in string order)
 * @width: its width in bytes
 * @start: receives the offset in @field where the string begins
 *
 * Devices pad these fields with blanks on either side, and some end them
 * early with NULs. The string is what is left once leading blanks, and
 * trailing blanks and NULs, are dropped. User space records it, and the
 * kernel compares what its device reports against the record through
 * handoff_field_matches(), which trims the same way.
 *
 * returns:
 *	the length of the string (>= 0; 0 when the field is all padding), or
 *	-HANDOFF_ERR_BADVALUE, a byte outside printable ASCII (a NUL inside
 *	the string included) remains, so the field cannot be recorded as a
 *	string, or @width is larger than HANDOFF_MAX_SIZE
 */
int handoff_field_trim(const void *field, size_t width, size_t *start);

/**
 * handoff_field_matches - whether a device field holds a recorded string
 * @field: as for handoff_field_trim()
 * @width: likewise
 * @want: the string recorded for the field; NULL matches no field
 *
 * returns: 1 when @field trims to exactly @want, else 0 (also when it
 * cannot be trimmed)
 */
int handoff_field_matches(const void *field, size_t width, const char *want);

/**********************************************************************/
/* Processes and store (handoff_proc_ro.c, user space only)           */
/**********************************************************************/

/**
 * handoff_check_user - validate a blob before user space uses it
 * @blob: buffer holding the blob, 8-byte aligned
 * @bufsize: bytes available at @blob
 *
 * handoff_check_full(), then the processes and store sections the same
 * way: every group, the store and every image, with their required
 * properties and property lengths. A store type other than "initrd" or
 * "pmem" is -HANDOFF_ERR_BADPROP here, while the kernel, which does not
 * read the store, accepts the blob.
 *
 * returns: as handoff_check_full()
 */
int handoff_check_user(const void *blob, size_t bufsize);

/**
 * handoff_group_first, handoff_group_next, handoff_image_first,
 * handoff_image_next - iterate over groups and images as above
 * handoff_get_group, handoff_get_image - read them, as above
 * @blob: a blob that passed handoff_check_user()
 */
int handoff_group_first(const void *blob);
int handoff_group_next(const void *blob, int prev);
int handoff_image_first(const void *blob);
int handoff_image_next(const void *blob, int prev);
int handoff_get_group(const void *blob, int node, struct handoff_group *out);
int handoff_get_image(const void *blob, int node, struct handoff_image *out);

/**
 * handoff_get_store - read the image store node
 * @blob: a blob that passed handoff_check_user()
 * @out: filled on success
 *
 * returns:
 *	0, or
 *	-HANDOFF_ERR_NOTFOUND, the blob has no store
 *	-HANDOFF_ERR_BADPROP, -HANDOFF_ERR_MISSING
 */
int handoff_get_store(const void *blob, struct handoff_store *out);

/**********************************************************************/
/* Building (handoff_sw.c, user space only)                            */
/**********************************************************************/

/*
 * Builder state. Sections come in a fixed order (scsi, ata, processes,
 * store) and each may be empty; the builder opens and closes the section
 * and parent nodes itself. Treat the fields as private.
 */
struct handoff_builder {
	void *buf;
	int state;
	u32 nodes;		/* nodes opened in the current section */
	u32 children;	/* devices/images in the current node */
};

/**
 * handoff_create - start a blob in a caller-owned buffer
 * @b: builder to initialise
 * @buf: 8-byte aligned buffer; its content is undefined until
 *	handoff_finish() succeeds
 * @bufsize: its size (at most HANDOFF_MAX_SIZE is ever used)
 * @info: root properties; version fields are ignored (the library writes
 *	its own)
 *
 * On failure the builder refuses every further call but this one.
 *
 * returns:
 *	0, or
 *	-HANDOFF_ERR_NOSPACE, @bufsize cannot hold even the root
 *	-HANDOFF_ERR_BADVALUE, @buf misaligned, or a NULL, empty or too long
 *	kernel_release or boot_id
 */
int handoff_create(struct handoff_builder *b, void *buf, size_t bufsize,
		   const struct handoff_info *info);

/**
 * handoff_add_scsi_host - open a SCSI host node (closing the previous one)
 * handoff_add_scsi_dev - add a device to the open SCSI host
 * handoff_add_ata_port - open an ATA port node (closing the SCSI section)
 * handoff_add_ata_dev - add a device to the open ATA port
 * handoff_add_group - add a process group (closing the ATA section)
 * handoff_set_store - open the store node (once, after the groups)
 * handoff_add_image - add an image to the store
 * @b: a builder
 *
 * Each call either writes its whole node or leaves the buffer
 * byte-identical.
 *
 * returns:
 *	the index N of the node added (host-N, port-N, group-N, image-N) or
 *	0, or
 *	-HANDOFF_ERR_NOSPACE, the buffer is full; nothing was written
 *	-HANDOFF_ERR_BADSTATE, called out of order; nothing was written
 *	-HANDOFF_ERR_BADVALUE, an unusable argument; nothing was written
 *	-HANDOFF_ERR_INTERNAL
 */
int handoff_add_scsi_host(struct handoff_builder *b,
			  const struct handoff_scsi_host *host);
int handoff_add_scsi_dev(struct handoff_builder *b,
			 const struct handoff_scsi_dev *dev);
int handoff_add_ata_port(struct handoff_builder *b,
			 const struct handoff_ata_port *port);
int handoff_add_ata_dev(struct handoff_builder *b,
			const struct handoff_ata_dev *dev);
int handoff_add_group(struct handoff_builder *b,
		      const struct handoff_group *group);
int handoff_set_store(struct handoff_builder *b,
		      const struct handoff_store *store);
int handoff_add_image(struct handoff_builder *b,
		      const struct handoff_image *image);

/**
 * handoff_finish - close all nodes, pack and seal the blob with its CRC
 * @b: a builder
 *
 * returns:
 *	the blob's total size (> 0), or
 *	-HANDOFF_ERR_NOSPACE, -HANDOFF_ERR_BADSTATE, -HANDOFF_ERR_TOOBIG,
 *	-HANDOFF_ERR_INTERNAL
 */
int handoff_finish(struct handoff_builder *b);

/**
 * handoff_seal - recompute the CRC of a finished blob edited in place
 * @blob: a blob whose crc32c property is where format v1 puts it, 8-byte
 *	aligned
 * @bufsize: bytes available at @blob
 *
 * libfdt's fdt_setprop() inserts a new property first in its node: an
 * editor adding a root property must then delete and re-add crc32c to
 * put it back in front.
 *
 * returns:
 *	0, or -HANDOFF_ERR_BADVALUE (misaligned), -HANDOFF_ERR_TRUNCATED,
 *	-HANDOFF_ERR_BADMAGIC, -HANDOFF_ERR_TOOBIG, -HANDOFF_ERR_CHECKSUM
 *	(no crc32c slot)
 */
int handoff_seal(void *blob, size_t bufsize);

#endif /* HANDOFF_H */

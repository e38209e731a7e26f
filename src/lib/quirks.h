/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drives that need more or less than the specification says: which
 * workarounds ("quirks") a controller gets, from its PCI IDs, its
 * Identify model and firmware, the board it sits on, and the user's
 * cnvme.quirks= parameter. The tables themselves are data, in
 * quirk_table.c; this decides from them, so the module, the host unit
 * tests and the fuzzers decide alike.
 *
 * The flags and their names are those of the in-tree driver (Linux 7.3,
 * drivers/nvme/host/nvme.h), so a user's quirks= line and the sysfs
 * listing read the same on both drivers.
 */
#ifndef CNVME_LIB_QUIRKS_H
#define CNVME_LIB_QUIRKS_H

#include "types.h"

enum cnv_quirk {
	/* I/O is best aligned to a stripe given in vendor-specific Identify data. */
	CNV_QUIRK_STRIPE_SIZE			= BIT(0),
	/* Identify with a CNS other than 00h or 01h is mishandled. */
	CNV_QUIRK_IDENTIFY_CNS			= BIT(1),
	/* Deallocated blocks read back as zeroes, whatever DLFEAT says. */
	CNV_QUIRK_DEALLOCATE_ZEROES		= BIT(2),
	/* CSTS.RDY must not be read for a while after CC.EN changes. */
	CNV_QUIRK_DELAY_BEFORE_CHK_RDY		= BIT(3),
	/* Autonomous power state transitions must stay off. */
	CNV_QUIRK_NO_APST			= BIT(4),
	/* The deepest power state must not be used. */
	CNV_QUIRK_NO_DEEPEST_PS			= BIT(5),
	/* One command at a time per queue. */
	CNV_QUIRK_QDEPTH_ONE			= BIT(6),
	/* I/O submission queues are created with medium priority. */
	CNV_QUIRK_MEDIUM_PRIO_SQ		= BIT(7),
	/* The controller's SUBNQN is not unique: make one up instead. */
	CNV_QUIRK_IGNORE_DEV_SUBNQN		= BIT(8),
	/* Write Zeroes is broken: not offered. */
	CNV_QUIRK_DISABLE_WRITE_ZEROES		= BIT(9),
	/* Suspend shuts the controller down, even where s2idle could keep it. */
	CNV_QUIRK_SIMPLE_SUSPEND		= BIT(10),
	/* One interrupt vector for every queue. */
	CNV_QUIRK_SINGLE_VECTOR			= BIT(11),
	/* Submission queue entries are 128 bytes, not 64. */
	CNV_QUIRK_128_BYTES_SQES		= BIT(12),
	/* Command identifiers must be unique across the admin and I/O queue. */
	CNV_QUIRK_SHARED_TAGS			= BIT(13),
	/* The temperature threshold feature must not be changed. */
	CNV_QUIRK_NO_TEMP_THRESH_CHANGE		= BIT(14),
	/* Identify CNS 03h (namespace identification descriptors) is mishandled. */
	CNV_QUIRK_NO_NS_DESC_LIST		= BIT(15),
	/* DMA addresses above 48 bits are mishandled. */
	CNV_QUIRK_DMA_ADDRESS_BITS_48		= BIT(16),
	/* Command identifiers must stay small: no generation count in them. */
	CNV_QUIRK_SKIP_CID_GEN			= BIT(17),
	/* Namespace identifiers (EUI-64, NGUID, UUID) are garbage: ignored. */
	CNV_QUIRK_BOGUS_NID			= BIT(18),
	/* No temperature thresholds for sensors other than the composite. */
	CNV_QUIRK_NO_SECONDARY_TEMP_THRESH	= BIT(19),
	/* The platform's request for simple suspend (ACPI StorageD3Enable) is ignored. */
	CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND	= BIT(20),
	/* MSI (not MSI-X) never fires. */
	CNV_QUIRK_BROKEN_MSI			= BIT(21),
	/* PRP and SGL list allocations are 512-byte aligned. */
	CNV_QUIRK_DMAPOOL_ALIGN_512		= BIT(22),
	/* Admin command data buffers must be page aligned. */
	CNV_QUIRK_ADMIN_PAGE_ALIGN		= BIT(23),
};

#define CNV_QUIRK_COUNT		24
#define CNV_QUIRKS_ALL		((u32)BIT(CNV_QUIRK_COUNT) - 1)

/* How long CNV_QUIRK_DELAY_BEFORE_CHK_RDY waits, as the in-tree driver does. */
#define CNV_QUIRK_READY_DELAY_MS	2300

/* One device in the PCI ID table. */
struct cnv_pci_quirk {
	u16 vendor;
	u16 device;
	u32 quirks;
	const char *drive;	/* the drive, as reported */
};

/*
 * One entry of the Identify table: a controller whose Identify VID is
 * @vid, and whose model and firmware equal @model and @firmware (when
 * set) once the trailing spaces of the Identify field are ignored.
 */
struct cnv_id_quirk {
	u16 vid;
	const char *model;
	const char *firmware;
	u32 quirks;
};

/* The board's identity, as SMBIOS (DMI) gives it; NULL where unknown. */
struct cnv_platform {
	const char *sys_vendor;
	const char *product_name;
	const char *board_vendor;
	const char *board_name;
};

#define CNV_PLATFORM_MAX_DEVICES	4
#define CNV_PLATFORM_MAX_NAMES		8

/*
 * One entry of the platform table: devices @vendor:@devices (any device
 * when @devices[0] is 0, any vendor when @vendor is 0) on a board whose
 * strings equal the ones given (NULL: any; a list: any of them).
 */
struct cnv_platform_quirk {
	u16 vendor;
	u16 devices[CNV_PLATFORM_MAX_DEVICES];
	const char *sys_vendor;
	const char *board_vendor;
	const char *product_names[CNV_PLATFORM_MAX_NAMES];
	const char *board_names[CNV_PLATFORM_MAX_NAMES];
	u32 quirks;
};

/* One entry of cnvme.quirks=: flags to set and to clear on @vendor:@device. */
struct cnv_quirk_override {
	u16 vendor;
	u16 device;
	u32 set;
	u32 clear;
};

/* The tables (quirk_table.c). */
extern const struct cnv_pci_quirk cnv_pci_quirks[];
extern const unsigned int cnv_pci_quirk_count;
extern const struct cnv_id_quirk cnv_id_quirks[];
extern const unsigned int cnv_id_quirk_count;
extern const struct cnv_platform_quirk cnv_platform_quirks[];
extern const unsigned int cnv_platform_quirk_count;

/**
 * cnv_quirk_name() - the name of one quirk flag
 * @quirk: exactly one CNV_QUIRK_* bit
 *
 * Return: its name as the in-tree driver spells it, or "unknown".
 */
const char *cnv_quirk_name(u32 quirk);

/**
 * cnv_quirks_for_device() - the PCI ID table's quirks of a device
 * @vendor: PCI vendor ID
 * @device: PCI device ID
 *
 * Return: the flags of the first entry for the device (as the in-tree
 * driver's ID table matches), 0 if none.
 */
u32 cnv_quirks_for_device(u16 vendor, u16 device);

/**
 * cnv_quirks_for_platform() - quirks that a device needs on one board only
 * @vendor: PCI vendor ID
 * @device: PCI device ID
 * @platform: the board's identity
 *
 * Return: the flags of the first entry that matches, 0 if none.
 */
u32 cnv_quirks_for_platform(u16 vendor, u16 device, const struct cnv_platform *platform);

/**
 * cnv_quirks_for_identify() - the Identify table's quirks of a controller
 * @vid: Identify Controller VID
 * @model: Identify MN (not NUL-terminated, space padded)
 * @model_len: its size (40)
 * @firmware: Identify FR (space padded)
 * @firmware_len: its size (8)
 *
 * Return: the flags of every entry that matches.
 */
u32 cnv_quirks_for_identify(u16 vid, const char *model, size_t model_len,
			    const char *firmware, size_t firmware_len);

/**
 * cnv_quirks_parse() - parse a cnvme.quirks= line
 * @line: "VID:DID:name[,name...]" entries separated by '-', each name
 *        a flag to set or, after '^', to clear (the in-tree syntax)
 * @out: the entries, in order
 * @max: room in @out
 *
 * Return: the number of entries, -EINVAL for a malformed line or an
 * unknown name, -E2BIG for more than @max entries.
 */
int cnv_quirks_parse(const char *line, struct cnv_quirk_override *out, unsigned int max);

/**
 * cnv_quirks_override() - apply the user's quirks to a device's
 * @quirks: what the tables gave
 * @vendor: PCI vendor ID
 * @device: PCI device ID
 * @overrides: as cnv_quirks_parse() made them
 * @count: their number
 *
 * Return: @quirks with the first matching entry's flags set, then its
 * cleared ones cleared.
 */
u32 cnv_quirks_override(u32 quirks, u16 vendor, u16 device,
			const struct cnv_quirk_override *overrides, unsigned int count);

/**
 * cnv_quirks_format() - list quirks by name, one per line
 * @quirks: flags
 * @buf: output, NUL-terminated
 * @len: its size
 *
 * Return: the length written ("none\n" for no flag), as sysfs shows it;
 * a name that does not fit is left out whole.
 */
size_t cnv_quirks_format(u32 quirks, char *buf, size_t len);

/*
 * What the quirks make the driver do (quirk_rules.c): each decision the
 * in-tree driver takes from a flag, as a pure function the module calls
 * and the unit tests check flag by flag.
 */

/* How a controller's I/O queues are built. */
struct cnv_io_queue_shape {
	u32 max_queues;		/* I/O queue pairs, polled ones included; U32_MAX: any */
	u32 depth;		/* entries per ring */
	u32 reserved_tags;	/* I/O tags never given to I/O: the admin queue's CIDs */
	u8 sqe_shift;		/* log2 of an I/O SQ entry's bytes (CC.IOSQES is kept at 6) */
	u16 sq_priority;	/* Create I/O SQ CDW11 QPRIO bits, in place */
	u8 cid_gen_mask;	/* CID generation bits; 0: a command's CID is its tag */
};

/**
 * cnv_quirks_io_queues() - shape a controller's I/O queues
 * @quirks: its flags
 * @vendor: PCI vendor ID
 * @device: PCI device ID (one Samsung controller reports one-entry queues)
 * @max_entries: CAP.MQES + 1
 * @depth_cap: the driver's own largest depth
 * @admin_depth: entries of the admin queue
 * @out: the shape
 */
void cnv_quirks_io_queues(u32 quirks, u16 vendor, u16 device, u32 max_entries,
			  u32 depth_cap, u32 admin_depth, struct cnv_io_queue_shape *out);

/**
 * cnv_quirks_cns_ok() - whether Identify with @cns may be sent
 * @quirks: the controller's flags
 * @vs: its Version register
 * @multi_css: it runs with more than one I/O command set enabled
 * @cns: Controller or Namespace Structure
 *
 * NVMe 1.0 has a one-bit CNS, 1.1 a two-bit one, 1.2 a full byte; a
 * controller with identify_cns gets the 1.0 rule until 1.2. The namespace
 * identification descriptor list (03h) dates from 1.3, or comes with
 * command sets; no_ns_desc_list rules it out.
 *
 * Return: true if the controller is expected to answer it.
 */
bool cnv_quirks_cns_ok(u32 quirks, u32 vs, bool multi_css, u8 cns);

/**
 * cnv_quirks_stripe_bytes() - the stripe a stripe_size controller keeps I/O in
 * @quirks: its flags
 * @max_transfer: its largest transfer, bytes
 *
 * Return: @max_transfer if the flag is set and it is a power of two, else 0.
 */
u32 cnv_quirks_stripe_bytes(u32 quirks, u32 max_transfer);

/* What the driver does about a namespace whose identifiers another one reports. */
enum cnv_duplicate_ids_action {
	CNV_DUPLICATE_IDS_NONE,		/* no identifier shared: keep them */
	CNV_DUPLICATE_IDS_CLEAR,	/* drop the identifiers, mark the controller bogus_nid */
	CNV_DUPLICATE_IDS_IGNORE,	/* no disk: a multipath setup would mix two namespaces */
};

/**
 * cnv_duplicate_ids_action() - decide about a namespace with borrowed identifiers
 * @in_other_subsystem: one of its non-zero EUI-64, NGUID or UUID is another
 *                      subsystem's namespace's
 * @in_own_subsystem: ... or another NSID's of its own subsystem
 * @multi_controller: the controller's CMIC says its subsystem may have more
 * @shared: the namespace's NMIC says it may be shared
 *
 * As the in-tree driver decides on PCIe: a namespace that may be reached
 * through another controller is left out (multipath would mix the two),
 * a consumer drive that reuses another's identifiers keeps working
 * without them; two NSIDs of one subsystem never share one.
 *
 * Return: what to do.
 */
enum cnv_duplicate_ids_action
cnv_duplicate_ids_action(bool in_other_subsystem, bool in_own_subsystem, bool multi_controller,
			 bool shared);

/**
 * cnv_quirks_firmware_suspend() - add simple suspend where the firmware asks
 * @quirks: the tables' flags
 * @storage_d3: the platform's ACPI StorageD3Enable property is set
 * @noacpi: the user's noacpi parameter
 *
 * Return: @quirks, with simple_suspend added unless force_no_simple_suspend
 * or noacpi rule the firmware's request out.
 */
u32 cnv_quirks_firmware_suspend(u32 quirks, bool storage_d3, bool noacpi);

/* Whether plain MSI may be used (broken_msi: never fires). MSI-X and INTx always may. */
static inline bool cnv_quirks_msi_ok(u32 quirks)
{
	return !(quirks & CNV_QUIRK_BROKEN_MSI);
}

/**
 * cnv_quirks_temp_threshold_mode() - sysfs mode of a temperature threshold
 * @quirks: the controller's flags
 * @sensor: 0 for the composite temperature, 1-8 for the sensors
 * @present: the sensor reports a temperature
 * @wctemp: the controller has a warning composite temperature threshold
 *
 * Return: 0 (not shown), 0444 or 0644, as hwmon takes it.
 */
unsigned int cnv_quirks_temp_threshold_mode(u32 quirks, int sensor, bool present, bool wctemp);

#endif

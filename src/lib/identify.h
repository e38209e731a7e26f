/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding and validation of what the controller reports about itself:
 * CAP, Identify Controller, Identify Namespace, the active namespace list
 * and the Number of Queues feature. A controller is untrusted input: every
 * value used to size memory, index an array or bound a transfer is checked
 * here, and the module only uses the decoded, checked results.
 */
#ifndef CNVME_LIB_IDENTIFY_H
#define CNVME_LIB_IDENTIFY_H

#include "types.h"
#include "../nvme_spec.h"

/* CAP in real units. */
struct cnv_cap {
	u32 max_queue_entries;	/* MQES + 1 */
	u32 doorbell_stride;	/* bytes between doorbells */
	u32 ready_timeout_ms;	/* CAP.TO: worst case for CSTS.RDY to change */
	u32 page_shift_min;
	u32 page_shift_max;
	bool nvm_command_set;
	/* CC.CSS may enable every I/O command set; each namespace names its own (CSI). */
	bool io_command_sets;
	bool contiguous_queues_required;
	bool subsystem_reset;		/* NSSRS: NVM Subsystem Reset offered */
	bool cmb_needs_enable;		/* CMBS: CMBMSC enables the CMB and its registers */
};

void cnv_cap_decode(u64 cap, struct cnv_cap *out);

/*
 * Controller page shift to program in CC.MPS: the host page size when the
 * controller supports it, else the nearest size it does. Returns 0 when the
 * controller's range is empty.
 */
u32 cnv_pick_page_shift(const struct cnv_cap *cap, u32 host_page_shift);

/*
 * Largest transfer in bytes allowed by MDTS (in units of the minimum page
 * size), capped at @driver_max. MDTS = 0 means no controller limit.
 */
u32 cnv_max_transfer_bytes(u8 mdts, u32 page_shift_min, u32 driver_max);

/* Shutdown budget from RTD3E (microseconds), clamped to [min_ms, max_ms]. */
u32 cnv_shutdown_timeout_ms(u32 rtd3e_us, u32 min_ms, u32 max_ms);

/* Where a Controller Memory Buffer that can hold submission queues lives. */
struct cnv_cmb_location {
	u32 bar;		/* BAR indicator */
	u64 offset;		/* bytes into the BAR */
	u64 size;		/* bytes */
};

/*
 * Decodes CMBLOC and CMBSZ. Returns -ENODEV when there is no CMB or it
 * cannot hold submission queues, -EINVAL for a reserved size unit or BAR
 * indicator, or a CMB that does not fit in its BAR of @bar_len bytes (a
 * CMB larger than the BAR is cut to it).
 */
int cnv_cmb_decode(u32 cmbloc, u32 cmbsz, u64 bar_len, struct cnv_cmb_location *out);

/* I/O queue pairs granted by a Set Features Number of Queues completion. */
u32 cnv_granted_io_queues(u32 result_dw0);

/*
 * Deallocation and zeroing limits of a controller, from ONCS and, where the
 * controller offers it, the NVM command set's Identify Controller data.
 */
struct cnv_dealloc_limits {
	bool discard;			/* Dataset Management */
	u32 discard_ranges;		/* ranges per command, 1..CNV_DSM_MAX_RANGES */
	u64 discard_blocks;		/* blocks per command (DMRSL, DMSL); 0: no limit */
	bool write_zeroes;
	u32 write_zeroes_bytes;		/* per command (WZSL, else a default) */
};

/**
 * cnv_dealloc_limits_decode() - what discard and write zeroes may do
 * @oncs: Identify Controller ONCS
 * @nvm: the NVM Identify Controller data, or NULL when the controller has none
 * @page_shift_min: CAP.MPSMIN as a shift, the unit of WZSL
 * @zeroes_default: Write Zeroes bytes per command without a WZSL
 * @out: decoded limits
 */
void cnv_dealloc_limits_decode(u16 oncs, const struct cnv_id_ctrl_nvm *nvm,
			       u32 page_shift_min, u32 zeroes_default,
			       struct cnv_dealloc_limits *out);

/* 512-byte sectors one discard may span on a namespace of 2 ^ @lba_shift byte blocks. */
u32 cnv_discard_max_sectors(const struct cnv_dealloc_limits *l, u32 lba_shift);

/* 512-byte sectors one Write Zeroes may span (also bounded by its 16-bit NLB). */
u32 cnv_write_zeroes_max_sectors(const struct cnv_dealloc_limits *l, u32 lba_shift);

/* What a namespace's current format means for the block layer. */
struct cnv_ns_format {
	u64 capacity_blocks;	/* NSZE */
	u32 lba_shift;
	u16 metadata_bytes;
	bool metadata_extended;	/* metadata at the end of each block, not through MPTR */
	u8 format_index;
	/*
	 * Protection information type 1-3 in an 8-byte metadata field, which
	 * the controller inserts and strips itself (PRACT); 0 for none.
	 */
	u8 pi_type;
};

enum cnv_ns_verdict {
	CNV_NS_USABLE,
	CNV_NS_EMPTY,		/* NSZE is zero: inactive or unformatted */
	CNV_NS_BAD_FORMAT,	/* FLBAS indexes past NLBAF */
	CNV_NS_BAD_LBA_SIZE,	/* LBA data size outside what the host can serve */
	CNV_NS_METADATA,	/* metadata the host would have to supply */
	CNV_NS_COMMAND_SET,	/* an I/O command set other than NVM or zoned */
	CNV_NS_ZONE_OPERATIONS,	/* zones that change capacity or state on their own */
	CNV_NS_ZONE_SIZE,	/* zone size not a power of two, or partial zones */
};

enum cnv_ns_verdict cnv_ns_decode(const struct cnv_id_ns *id, u32 max_lba_shift,
				  struct cnv_ns_format *out);
const char *cnv_ns_verdict_str(enum cnv_ns_verdict verdict);

/* Largest LBA data size a namespace reached only by passthrough may have. */
#define CNV_PASSTHRU_MAX_LBA_SHIFT 16

/*
 * Whether a namespace the block layer cannot serve (@verdict from
 * cnv_ns_decode()) is still offered to passthrough commands, as a disk of
 * zero capacity and its generic node: its format is well formed, only the
 * block layer cannot carry it (metadata, or a block larger than a page).
 */
bool cnv_ns_passthrough_only(enum cnv_ns_verdict verdict, const struct cnv_ns_format *fmt);

/*
 * How a namespace wants to be written, in bytes. Every size is a multiple
 * of the logical block size and at most CNV_TOPOLOGY_MAX_BYTES.
 */
struct cnv_ns_topology {
	u32 block_bytes;		/* the logical block */
	/*
	 * What file systems take as the unit a write never tears: the
	 * preferred write granularity (NPWG), no larger than what survives
	 * a power failure whole, rounded down to a power of two.
	 */
	u32 physical_block_bytes;
	u32 io_min_bytes;		/* NPWG: smaller writes cost a read-modify-write */
	u32 io_opt_bytes;		/* NOWS; 0: none stated */
	u32 io_boundary_bytes;		/* NOIOB, a power of two; 0: none or zoned */
	/*
	 * Writes of at most atomic_bytes that do not cross a multiple of
	 * atomic_boundary_bytes (0: no boundary) reach the media whole or
	 * not at all, even across a power failure. atomic_bytes is 0 when
	 * the namespace's guarantee cannot be described to the block layer
	 * (an offset boundary, or one the I/O boundary does not honour).
	 */
	u32 atomic_bytes;
	u32 atomic_boundary_bytes;
};

#define CNV_TOPOLOGY_MAX_BYTES	BIT(30)

/*
 * Decodes the optimal-performance and atomicity fields of Identify
 * Namespace, falling back to the controller's AWUPF where the namespace
 * states none. Fields a namespace does not claim (NSFEAT) are ignored.
 */
void cnv_ns_topology_decode(const struct cnv_id_ns *id, u16 ctrl_awupf, u32 lba_shift,
			    struct cnv_ns_topology *out);

/* On a zoned namespace, zones of @zone_bytes bound requests instead of NOIOB. */
void cnv_ns_topology_zoned(struct cnv_ns_topology *topo, u64 zone_bytes);

/*
 * On a controller with the stripe_size quirk, requests stay within
 * stripes of @stripe_bytes (a power of two) instead of NOIOB.
 */
void cnv_ns_topology_stripe(struct cnv_ns_topology *topo, u32 stripe_bytes);

/* Whether a write of @bytes at byte @offset stays within @topo's atomic guarantee. */
bool cnv_atomic_write_fits(const struct cnv_ns_topology *topo, u64 offset, u32 bytes);

/*
 * Checks an active namespace list: NSIDs strictly increasing, within
 * 1..@nn, ended by a zero or the end of the list. Returns how many leading
 * entries are valid.
 */
u32 cnv_ns_list_valid(const __le32 *list, u32 entries, u32 nn);

/* A namespace's identifiers, from Identify Namespace and the descriptor list. */
struct cnv_ns_ids {
	u8 eui64[8];
	u8 nguid[16];
	u8 uuid[16];
	u8 csi;
};

/*
 * Reads a Namespace Identification Descriptor list (4096 bytes) into @ids,
 * keeping what Identify Namespace already filled where the list is silent.
 * Returns -EINVAL on a descriptor whose length contradicts its type or runs
 * past the buffer; descriptors before it are kept.
 */
int cnv_ns_ids_parse(const u8 *list, size_t len, struct cnv_ns_ids *ids);

/* Copies an Identify string (space padded, not terminated) and trims it. */
void cnv_id_string(char *dst, size_t dst_len, const char *src, size_t src_len);

#endif

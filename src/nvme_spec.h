/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVMe register, command, completion, identify and log layouts used by
 * cnvme, from the NVM Express Base Specification 2.0 (section numbers in
 * comments). Every structure the controller reads or writes by DMA has its
 * size and field offsets checked at compile time; multi-byte fields are
 * little-endian typed so sparse checks every conversion.
 *
 * This header is plain C: the module, the host unit tests and the fuzzers
 * include the same file.
 */
#ifndef CNVME_NVME_SPEC_H
#define CNVME_NVME_SPEC_H

#include "lib/types.h"

/* 3.1.4 Controller registers, offsets into BAR0. */
enum cnv_reg {
	CNV_REG_CAP = 0x00,	/* Controller Capabilities, 64 bit */
	CNV_REG_VS = 0x08,	/* Version */
	CNV_REG_INTMS = 0x0c,	/* Interrupt Mask Set */
	CNV_REG_INTMC = 0x10,	/* Interrupt Mask Clear */
	CNV_REG_CC = 0x14,	/* Controller Configuration */
	CNV_REG_CSTS = 0x1c,	/* Controller Status */
	CNV_REG_NSSR = 0x20,	/* NVM Subsystem Reset */
	CNV_REG_AQA = 0x24,	/* Admin Queue Attributes */
	CNV_REG_ASQ = 0x28,	/* Admin SQ Base Address, 64 bit */
	CNV_REG_ACQ = 0x30,	/* Admin CQ Base Address, 64 bit */
	CNV_REG_CMBLOC = 0x38,	/* Controller Memory Buffer Location */
	CNV_REG_CMBSZ = 0x3c,	/* Controller Memory Buffer Size */
	CNV_REG_CMBMSC = 0x50,	/* CMB Memory Space Control, 64 bit */
	CNV_REG_DOORBELLS = 0x1000,
};

/* Identify Controller CMIC and Identify Namespace NMIC bits. */
#define CNV_CMIC_MULTI_CTRL	BIT(1)
#define CNV_NMIC_SHARED		BIT(0)

/* 3.1.4.2 Version: major in bits 31:16, minor in 15:8. */
#define CNV_VS(major, minor)	(((u32)(major) << 16) | ((u32)(minor) << 8))

/* 3.1.4.1 CAP fields. */
#define CNV_CAP_MQES(cap)	((u32)((cap) & 0xffff))		/* 0's based */
#define CNV_CAP_CQR(cap)	((u32)(((cap) >> 16) & 0x1))
#define CNV_CAP_TO(cap)		((u32)(((cap) >> 24) & 0xff))	/* 500 ms units */
#define CNV_CAP_DSTRD(cap)	((u32)(((cap) >> 32) & 0xf))	/* stride 4 << DSTRD */
#define CNV_CAP_NSSRS(cap)	((u32)(((cap) >> 36) & 0x1))
#define CNV_CAP_CSS(cap)	((u32)(((cap) >> 37) & 0xff))
#define CNV_CAP_MPSMIN(cap)	((u32)(((cap) >> 48) & 0xf))	/* page 2 ^ (12 + x) */
#define CNV_CAP_MPSMAX(cap)	((u32)(((cap) >> 52) & 0xf))
#define CNV_CAP_CMBS(cap)	((u32)(((cap) >> 57) & 0x1))	/* CMBMSC must enable the CMB */
#define CNV_CAP_CSS_NVM		0x01
#define CNV_CAP_CSS_IOCS	0x40	/* one or more I/O command sets, chosen per namespace */

/* 3.1.4.5 CC fields. */
#define CNV_CC_EN		BIT(0)
#define CNV_CC_CSS_NVM		(0u << 4)
#define CNV_CC_CSS_IOCS		(6u << 4)	/* every I/O command set the controller supports */
#define CNV_CC_MPS(shift)	((u32)((shift) - 12) << 7)
#define CNV_CC_AMS_RR		(0u << 11)
#define CNV_CC_SHN_MASK		(3u << 14)
#define CNV_CC_SHN_NORMAL	BIT(14)
#define CNV_CC_IOSQES(shift)	((u32)(shift) << 16)
#define CNV_CC_IOCQES(shift)	((u32)(shift) << 20)

/*
 * 3.1.4.13-14 CMBLOC: BAR indicator in bits 2:0, offset in bits 31:12;
 * CMBSZ: what the CMB may hold (bit 0: submission queues), size unit in
 * bits 11:8 (4 KiB * 16 ^ SZU), size in bits 31:12. Offset and size count
 * size units.
 */
#define CNV_CMBLOC_BIR(v)	((v) & 0x7)
#define CNV_CMBLOC_OFST(v)	((v) >> 12)
#define CNV_CMBSZ_SQS		BIT(0)
#define CNV_CMBSZ_SZU(v)	(((v) >> 8) & 0xf)
#define CNV_CMBSZ_SZ(v)		((v) >> 12)
/* 3.1.4.22 CMBMSC: capability registers enabled, memory space enabled, base address. */
#define CNV_CMBMSC_CRE		BIT(0)
#define CNV_CMBMSC_CMSE		BIT(1)

/* 3.1.4.6 CSTS fields. */
#define CNV_CSTS_RDY		BIT(0)
#define CNV_CSTS_CFS		BIT(1)
#define CNV_CSTS_SHST_MASK	(3u << 2)
#define CNV_CSTS_SHST_DONE	(2u << 2)

/* 3.1.4.7 AQA: both sizes are 0's based. */
#define CNV_AQA(sq_entries, cq_entries) \
	((u32)((sq_entries) - 1) | ((u32)((cq_entries) - 1) << 16))

/* 5 Admin command opcodes. */
enum cnv_admin_opcode {
	CNV_ADMIN_DELETE_SQ = 0x00,
	CNV_ADMIN_CREATE_SQ = 0x01,
	CNV_ADMIN_GET_LOG_PAGE = 0x02,
	CNV_ADMIN_DELETE_CQ = 0x04,
	CNV_ADMIN_CREATE_CQ = 0x05,
	CNV_ADMIN_IDENTIFY = 0x06,
	CNV_ADMIN_ABORT = 0x08,
	CNV_ADMIN_SET_FEATURES = 0x09,
	CNV_ADMIN_GET_FEATURES = 0x0a,
	CNV_ADMIN_ASYNC_EVENT = 0x0c,
	CNV_ADMIN_NS_MGMT = 0x0d,
	CNV_ADMIN_NS_ATTACH = 0x15,
	CNV_ADMIN_DBBUF_CONFIG = 0x7c,
	CNV_ADMIN_FORMAT_NVM = 0x80,
	CNV_ADMIN_SANITIZE = 0x84,
};

/* NVM Command Set Specification 3: I/O opcodes. */
enum cnv_io_opcode {
	CNV_IO_FLUSH = 0x00,
	CNV_IO_WRITE = 0x01,
	CNV_IO_READ = 0x02,
	CNV_IO_WRITE_UNCORRECTABLE = 0x04,
	CNV_IO_COMPARE = 0x05,
	CNV_IO_WRITE_ZEROES = 0x08,
	CNV_IO_DSM = 0x09,
	/* Zoned Namespace Command Set Specification 3.4 */
	CNV_IO_ZONE_MGMT_SEND = 0x79,
	CNV_IO_ZONE_MGMT_RECV = 0x7a,
	CNV_IO_ZONE_APPEND = 0x7d,
};

/* Identify Controller ONCS: optional NVM commands. */
#define CNV_ONCS_DSM		BIT(2)
#define CNV_ONCS_WRITE_ZEROES	BIT(3)

/* NVM Command Set 3.2.3 Dataset Management: CDW11 bit 2, deallocate the ranges. */
#define CNV_DSM_DEALLOCATE	BIT(2)
/* Ranges one DSM command may carry (CDW10 NR is 0's based, 8 bits). */
#define CNV_DSM_MAX_RANGES	256

/* NVM Command Set 3.2.3.1 Dataset Management range: 16 bytes. */
struct cnv_dsm_range {
	__le32 cattr;		/* context attributes */
	__le32 nlb;		/* logical blocks, not 0's based */
	__le64 slba;
};

static_assert(sizeof(struct cnv_dsm_range) == 16, "DSM range is 16 bytes");
static_assert(offsetof(struct cnv_dsm_range, slba) == 8, "DSM range SLBA");

/* NVM Command Set 3.2.8 Write Zeroes, CDW12: deallocate (DEAC) bit 25. */
#define CNV_WZ_DEALLOCATE	BIT(25)
/* Write Zeroes NLB is 16 bits, 0's based. */
#define CNV_WZ_MAX_BLOCKS	65536u

/* 5.17 Identify CNS values. */
enum cnv_identify_cns {
	CNV_CNS_NAMESPACE = 0x00,
	CNV_CNS_CONTROLLER = 0x01,
	CNV_CNS_ACTIVE_NS_LIST = 0x02,
	CNV_CNS_NS_ID_DESCRIPTORS = 0x03,
	CNV_CNS_NS_CSI = 0x05,		/* I/O command set specific namespace data */
	CNV_CNS_CTRL_CSI = 0x06,	/* I/O command set specific controller data */
	CNV_CNS_NS_CS_INDEPENDENT = 0x08, /* I/O command set independent namespace data */
};

/* Identify CDW11 bits 31:24: the command set of CNS 05h and 06h. */
#define CNV_IDENTIFY_CSI(csi)	((u32)(csi) << 24)
/* Identify CDW10 bits 7:0: the CNS. */
#define CNV_IDENTIFY_CNS_MASK	0xffu

/* 8.1 Command Set Identifiers (Namespace Identification Descriptor type 4). */
enum cnv_csi {
	CNV_CSI_NVM = 0x00,
	CNV_CSI_ZNS = 0x02,
};

/* 5.17.2.3 Namespace Identification Descriptor: a header, then NIDL bytes. */
struct cnv_ns_id_desc {
	u8 nidt;
	u8 nidl;
	u8 rsvd[2];
};

static_assert(sizeof(struct cnv_ns_id_desc) == 4, "NS ID descriptor header");

enum cnv_nidt {
	CNV_NIDT_EUI64 = 1,	/* 8 bytes */
	CNV_NIDT_NGUID = 2,	/* 16 bytes */
	CNV_NIDT_UUID = 3,	/* 16 bytes */
	CNV_NIDT_CSI = 4,	/* 1 byte */
};

/* 5.27.1 Feature identifiers. */
enum cnv_feature {
	CNV_FEAT_POWER_MGMT = 0x02,	/* power state (PS) and workload hint */
	CNV_FEAT_TEMP_THRESHOLD = 0x04,
	CNV_FEAT_VOLATILE_WC = 0x06,
	CNV_FEAT_NUM_QUEUES = 0x07,
	CNV_FEAT_ASYNC_EVENT = 0x0b,
	CNV_FEAT_APST = 0x0c,		/* autonomous power state transition */
	CNV_FEAT_HOST_MEM_BUF = 0x0d,
};

/* Set / Get Features CDW10 bits 7:0: the Feature Identifier. */
#define CNV_FEAT_ID_MASK	0xffu

/*
 * 5.27.1.10 Host Memory Buffer: CDW11 bit 0 enables it, bit 1 (Memory
 * Return) says it holds what the controller left there before; CDW12 is
 * its size in memory pages, CDW13-14 the descriptor list address, CDW15
 * the number of descriptors.
 */
#define CNV_HMB_ENABLE		BIT(0)
#define CNV_HMB_MEMORY_RETURN	BIT(1)

/* 5.27.1.10.1 Host Memory Buffer descriptor: 16 bytes. */
struct cnv_hmb_desc {
	__le64 addr;		/* page aligned */
	__le32 pages;		/* memory pages (CC.MPS) */
	__le32 rsvd12;
};

static_assert(sizeof(struct cnv_hmb_desc) == 16, "HMB descriptor is 16 bytes");

/* 5.27.1.7 Asynchronous Event Configuration, CDW11. */
#define CNV_AEC_SMART_ALL	0x1fu	/* spare, temperature, reliability, read-only, backup */
#define CNV_AEC_NS_ATTR		BIT(8)
#define CNV_AEC_FW_ACTIVATION	BIT(9)
/* Identify Controller OAES: the notices the controller supports. */
#define CNV_OAES_NS_ATTR	BIT(8)
#define CNV_OAES_FW_ACTIVATION	BIT(9)

/* 5.2 Asynchronous Event Request completion DW0: type, information, log page. */
#define CNV_AER_TYPE(dw0)	((dw0) & 7)
#define CNV_AER_INFO(dw0)	(((dw0) >> 8) & 0xff)
#define CNV_AER_LOG(dw0)	(((dw0) >> 16) & 0xff)
enum cnv_aer_type {
	CNV_AER_ERROR = 0,
	CNV_AER_SMART = 1,
	CNV_AER_NOTICE = 2,
};

#define CNV_AER_NOTICE_NS_CHANGED	0x00
#define CNV_AER_NOTICE_FW_ACTIVATION	0x01

/* 5.27.1.4 Volatile Write Cache, CDW11 / DW0 bit 0: enabled. */
#define CNV_VWC_ENABLED		BIT(0)

/* 5.27.1.3 Temperature Threshold, CDW11: sensor and over/under select. */
#define CNV_TEMP_THRESH_SENSOR(n)	((u32)(n) << 16)
#define CNV_TEMP_THRESH_UNDER		BIT(20)

/* 5.16 Log page identifiers. */
enum cnv_log_id {
	CNV_LOG_SMART = 0x02,
	CNV_LOG_CMD_EFFECTS = 0x05,
};

/*
 * 5.22 / 5.23 Namespace Management and Attachment CDW10 SEL (bits 3:0):
 * 0 creates or attaches, 1 deletes or detaches.
 */
#define CNV_NS_SEL_MASK		0xfu
#define CNV_NS_SEL_REMOVE	1u

/* NSID FFFFFFFFh: every namespace (a broadcast value, 4.1.5.2). */
#define CNV_NSID_ALL		0xffffffffu

/* Identify Controller LPA bit 1: the Commands Supported and Effects log is offered. */
#define CNV_LPA_CMD_EFFECTS	BIT(1)
/* Identify Controller FNA bit 0: a format of one namespace formats them all. */
#define CNV_FNA_FORMAT_ALL	BIT(0)

/*
 * 5.16.1.6 Commands Supported and Effects log: one dword per opcode, for
 * the admin commands and for the I/O commands of the current command set.
 */
struct cnv_effects_log {
	__le32 acs[256];
	__le32 iocs[256];
	u8 rsvd2048[2048];
};

static_assert(sizeof(struct cnv_effects_log) == 4096, "effects log is 4 KiB");
static_assert(offsetof(struct cnv_effects_log, iocs) == 1024, "effects log IOCS");

/* The fields of one effects dword (Figure "Commands Supported and Effects Data Structure"). */
#define CNV_EFFECTS_CSUPP	BIT(0)	/* command supported */
#define CNV_EFFECTS_LBCC	BIT(1)	/* logical block content may change */
#define CNV_EFFECTS_NCC		BIT(2)	/* namespace capabilities may change */
#define CNV_EFFECTS_NIC		BIT(3)	/* namespaces may appear or go (inventory) */
#define CNV_EFFECTS_CCC		BIT(4)	/* controller capabilities may change */
#define CNV_EFFECTS_CSE_SHIFT	16	/* bits 18:16, Command Submission and Execution */
#define CNV_EFFECTS_CSE_MASK	(7u << CNV_EFFECTS_CSE_SHIFT)
#define CNV_EFFECTS_UUID_SEL	BIT(19)	/* UUID selection supported */
#define CNV_EFFECTS_CSE_NS	BIT(CNV_EFFECTS_CSE_SHIFT)	/* alone on its namespace */
#define CNV_EFFECTS_CSE_ALL	(2u << CNV_EFFECTS_CSE_SHIFT)	/* alone on the controller */
#define CNV_EFFECTS_CSP_SHIFT	20	/* bits 31:20, Command Scope */
#define CNV_EFFECTS_CSP_MASK	(0xfffu << CNV_EFFECTS_CSP_SHIFT)
#define CNV_EFFECTS_CSP_NS	BIT(20)	/* namespace scope */
#define CNV_EFFECTS_CSP_SUBSYS	BIT(25)	/* NVM subsystem scope */

/* 5.16.1.3 SMART / Health Information log (the fields cnvme reads). */
struct cnv_smart_log {
	u8 critical_warning;	/* bit 1: a temperature threshold is crossed */
	u8 temperature[2];	/* composite, K, little-endian, unaligned */
	u8 rsvd3[197];
	__le16 temp_sensor[8];	/* K, 0 when the sensor is absent */
	u8 rsvd216[296];
};

static_assert(sizeof(struct cnv_smart_log) == 512, "SMART log is 512 bytes");
static_assert(offsetof(struct cnv_smart_log, temp_sensor) == 200, "SMART temperature sensors");
#define CNV_SMART_WARN_TEMPERATURE	BIT(1)

/* Identify Controller OACS bit 8: Doorbell Buffer Config (5.8) supported. */
#define CNV_OACS_DBBUF_CONFIG	BIT(8)

/* 5.4 / 5.5 Create I/O CQ / SQ CDW11 flags. */
#define CNV_QUEUE_PHYS_CONTIG	BIT(0)
#define CNV_CQ_IRQ_ENABLED	BIT(1)
#define CNV_SQ_PRIO_MEDIUM	(2u << 1)

/* NVM Command Set 3.2.4 Read/Write CDW12 bit 30: Force Unit Access. */
#define CNV_RW_FUA		BIT(30)
/*
 * Read/Write/Write Zeroes CDW12 PRINFO: PRACT (bit 29) has the controller
 * insert and strip protection information; PRCHK bits 28 and 26 have it
 * check the guard and the reference tag (against CDW14, ILBRT).
 */
#define CNV_RW_PRACT		BIT(29)
#define CNV_RW_PRCHK_GUARD	BIT(28)
#define CNV_RW_PRCHK_REF	BIT(26)

/*
 * 4.3.2 SGL descriptor: 16 bytes. The identifier byte holds the type in
 * bits 7:4 and the subtype (0: address) in bits 3:0.
 */
struct cnv_sgl_desc {
	__le64 addr;
	__le32 length;
	u8 rsvd[3];
	u8 id;
};

static_assert(sizeof(struct cnv_sgl_desc) == 16, "SGL descriptor is 16 bytes");
static_assert(offsetof(struct cnv_sgl_desc, id) == 15, "SGL identifier");

enum cnv_sgl_type {
	CNV_SGL_DATA_BLOCK = 0x0,
	CNV_SGL_LAST_SEGMENT = 0x3,
};

/* 4.2 CDW0 bits 15:14 (flags bits 7:6), PSDT: 01b = SGLs describe the data. */
#define CNV_CMD_PSDT_SGL	BIT(6)

/* Identify Controller SGLS bits 1:0: 01b or 10b = SGLs for NVM I/O commands. */
#define CNV_SGLS_SUPPORT_MASK	3u

/* 4.2 Submission queue entry, in its common form: 64 bytes. */
struct cnv_sqe {
	u8 opcode;
	u8 flags;
	__le16 cid;
	__le32 nsid;
	__le32 cdw2;
	__le32 cdw3;
	__le64 mptr;
	union {			/* data pointer: chosen by PSDT */
		struct {
			__le64 prp1;
			__le64 prp2;
		};
		struct cnv_sgl_desc sgl1;
	};
	__le32 cdw10;
	__le32 cdw11;
	__le32 cdw12;
	__le32 cdw13;
	__le32 cdw14;
	__le32 cdw15;
};

static_assert(sizeof(struct cnv_sqe) == 64, "SQE is 64 bytes");
static_assert(offsetof(struct cnv_sqe, cid) == 2, "SQE CID");
static_assert(offsetof(struct cnv_sqe, nsid) == 4, "SQE NSID");
static_assert(offsetof(struct cnv_sqe, mptr) == 16, "SQE MPTR");
static_assert(offsetof(struct cnv_sqe, prp1) == 24, "SQE PRP1");
static_assert(offsetof(struct cnv_sqe, prp2) == 32, "SQE PRP2");
static_assert(offsetof(struct cnv_sqe, sgl1) == 24, "SQE SGL1");
static_assert(offsetof(struct cnv_sqe, cdw10) == 40, "SQE CDW10");
static_assert(offsetof(struct cnv_sqe, cdw15) == 60, "SQE CDW15");
#define CNV_SQES_SHIFT 6

/* 4.6 Completion queue entry: 16 bytes. */
struct cnv_cqe {
	__le32 result;		/* DW0: command specific */
	__le32 dw1;
	__le16 sq_head;
	__le16 sq_id;
	__le16 cid;
	__le16 status;		/* bit 0 is the phase tag */
};

static_assert(sizeof(struct cnv_cqe) == 16, "CQE is 16 bytes");
static_assert(offsetof(struct cnv_cqe, sq_head) == 8, "CQE SQHD");
static_assert(offsetof(struct cnv_cqe, cid) == 12, "CQE CID");
static_assert(offsetof(struct cnv_cqe, status) == 14, "CQE status");
#define CNV_CQES_SHIFT 4

/* 5.1.13.2.1 Power State Descriptor, one of 32 in Identify Controller. */
struct cnv_power_state {
	__le16 mp;		/* maximum power, in units MXPS picks */
	u8 rsvd2;
	u8 flags;		/* CNV_PS_* */
	__le32 enlat;		/* entry latency, microseconds */
	__le32 exlat;		/* exit latency, microseconds */
	u8 rrt;
	u8 rrl;
	u8 rwt;
	u8 rwl;
	__le16 idlp;
	u8 ips;
	u8 rsvd19;
	__le16 actp;
	u8 apws;
	u8 rsvd23[9];
};

static_assert(sizeof(struct cnv_power_state) == 32, "power state descriptor is 32 bytes");
static_assert(offsetof(struct cnv_power_state, enlat) == 4, "PSD ENLAT");
static_assert(offsetof(struct cnv_power_state, exlat) == 8, "PSD EXLAT");

#define CNV_PS_MXPS		BIT(0)	/* MP in 0.0001 W, else 0.01 W */
#define CNV_PS_NON_OPERATIONAL	BIT(1)	/* NOPS: no I/O is processed in this state */

/* Autonomous Power State Transition (Set Features 0Ch) data: one entry per state. */
#define CNV_APST_ENTRIES	32
#define CNV_APST_ITPS(state)	((u64)(state) << 3)	/* idle transition power state */
#define CNV_APST_ITPT(ms)	((u64)(ms) << 8)	/* idle time prior to transition */
#define CNV_APST_ITPT_MAX	((1u << 24) - 1)

/* 5.17.2.1 Identify Controller data structure (the fields cnvme reads). */
struct cnv_id_ctrl {
	__le16 vid;
	__le16 ssvid;
	char sn[20];
	char mn[40];
	char fr[8];
	u8 rab;
	u8 ieee[3];
	u8 cmic;		/* bit 1: the subsystem may have more controllers */
	u8 mdts;		/* 2 ^ mdts units of CAP.MPSMIN; 0 = no limit */
	__le16 cntlid;
	__le32 ver;
	__le32 rtd3r;
	__le32 rtd3e;		/* microseconds to enter D3: shutdown budget */
	__le32 oaes;
	__le32 ctratt;
	__le16 rrls;
	u8 rsvd102[9];
	u8 cntrltype;		/* 1 I/O, 2 discovery, 3 administrative */
	u8 fguid[16];
	u8 rsvd128[128];
	__le16 oacs;
	u8 acl;
	u8 aerl;
	u8 frmw;
	u8 lpa;
	u8 elpe;
	u8 npss;
	u8 avscc;
	u8 apsta;
	__le16 wctemp;		/* warning composite temperature threshold, K */
	__le16 cctemp;		/* critical composite temperature threshold, K */
	__le16 mtfa;
	__le32 hmpre;		/* Host Memory Buffer preferred size, 4 KiB units */
	__le32 hmmin;		/* Host Memory Buffer minimum size, 4 KiB units */
	u8 rsvd280[52];
	__le32 hmminds;		/* minimum descriptor (chunk) size, 4 KiB units; 0: none */
	__le16 hmmaxd;		/* most descriptors; 0: no limit */
	u8 rsvd338[174];
	u8 sqes;
	u8 cqes;
	__le16 maxcmd;
	__le32 nn;
	__le16 oncs;
	__le16 fuses;
	u8 fna;
	u8 vwc;			/* bit 0: volatile write cache present */
	__le16 awun;
	__le16 awupf;
	u8 nvscc;
	u8 nwpc;
	__le16 acwu;
	u8 rsvd534[2];
	__le32 sgls;
	u8 rsvd540[228];
	char subnqn[256];
	u8 rsvd1024[782];
	u8 dctype;		/* discovery controller type */
	u8 rsvd1807[241];
	struct cnv_power_state psd[32];	/* descriptors of power states 0..NPSS */
	u8 vs[1024];
};

static_assert(sizeof(struct cnv_id_ctrl) == 4096, "Identify Controller is 4 KiB");
static_assert(offsetof(struct cnv_id_ctrl, mn) == 24, "id-ctrl MN");
static_assert(offsetof(struct cnv_id_ctrl, mdts) == 77, "id-ctrl MDTS");
static_assert(offsetof(struct cnv_id_ctrl, ver) == 80, "id-ctrl VER");
static_assert(offsetof(struct cnv_id_ctrl, rtd3e) == 88, "id-ctrl RTD3E");
static_assert(offsetof(struct cnv_id_ctrl, cntrltype) == 111, "id-ctrl CNTRLTYPE");
static_assert(offsetof(struct cnv_id_ctrl, oacs) == 256, "id-ctrl OACS");
static_assert(offsetof(struct cnv_id_ctrl, wctemp) == 266, "id-ctrl WCTEMP");
static_assert(offsetof(struct cnv_id_ctrl, hmpre) == 272, "id-ctrl HMPRE");
static_assert(offsetof(struct cnv_id_ctrl, hmminds) == 332, "id-ctrl HMMINDS");
static_assert(offsetof(struct cnv_id_ctrl, hmmaxd) == 336, "id-ctrl HMMAXD");
static_assert(offsetof(struct cnv_id_ctrl, sqes) == 512, "id-ctrl SQES");
static_assert(offsetof(struct cnv_id_ctrl, nn) == 516, "id-ctrl NN");
static_assert(offsetof(struct cnv_id_ctrl, oncs) == 520, "id-ctrl ONCS");
static_assert(offsetof(struct cnv_id_ctrl, vwc) == 525, "id-ctrl VWC");
static_assert(offsetof(struct cnv_id_ctrl, sgls) == 536, "id-ctrl SGLS");
static_assert(offsetof(struct cnv_id_ctrl, subnqn) == 768, "id-ctrl SUBNQN");
static_assert(offsetof(struct cnv_id_ctrl, dctype) == 1806, "id-ctrl DCTYPE");
static_assert(offsetof(struct cnv_id_ctrl, psd) == 2048, "id-ctrl PSD0");

/*
 * NVM Command Set 4.1.5.2: I/O Command Set specific Identify Controller
 * data for the NVM command set (CNS 06h, CSI 00h). Sizes of 0 mean no limit.
 */
struct cnv_id_ctrl_nvm {
	u8 vsl;			/* Verify size limit */
	u8 wzsl;		/* Write Zeroes size limit, 2 ^ n units of CAP.MPSMIN */
	u8 wusl;		/* Write Uncorrectable size limit */
	u8 dmrl;		/* DSM ranges limit */
	__le32 dmrsl;		/* DSM range size limit, logical blocks */
	__le64 dmsl;		/* DSM size limit, logical blocks */
	u8 rsvd16[4080];
};

static_assert(sizeof(struct cnv_id_ctrl_nvm) == 4096, "NVM Identify Controller is 4 KiB");
static_assert(offsetof(struct cnv_id_ctrl_nvm, dmrsl) == 4, "id-ctrl-nvm DMRSL");
static_assert(offsetof(struct cnv_id_ctrl_nvm, dmsl) == 8, "id-ctrl-nvm DMSL");

/* Identify Namespace FLBAS bit 4: metadata extends each block's data (else MPTR). */
#define CNV_FLBAS_EXTENDED	0x10

/* Identify Namespace DPS bits 2:0: protection information type, 0 = none. */
#define CNV_DPS_PI_MASK		7u
/* The protection information tuple: guard, application tag, reference tag. */
#define CNV_PI_BYTES		8u

/* Identify Namespace DLFEAT: how deallocated blocks read, and DEAC in Write Zeroes. */
/* NSFEAT: NAWUN/NAWUPF/NACWU are the namespace's own; NPWG..NOWS are defined. */
#define CNV_NSFEAT_ATOMICS		BIT(1)
#define CNV_NSFEAT_OPTPERF		BIT(4)

#define CNV_DLFEAT_READ_MASK		7u
#define CNV_DLFEAT_READS_ZEROES		1u
#define CNV_DLFEAT_WZ_DEALLOCATE	BIT(3)

/* NVM Command Set 4.1.5.1: LBA Format Data Structure. */
struct cnv_lbaf {
	__le16 ms;		/* metadata bytes per LBA */
	u8 lbads;		/* LBA data size, 2 ^ lbads bytes */
	u8 rp;
};

static_assert(sizeof(struct cnv_lbaf) == 4, "LBA format is 4 bytes");

#define CNV_MAX_LBAF 64

/* NVM Command Set 4.1.5.1: Identify Namespace data structure. */
struct cnv_id_ns {
	__le64 nsze;
	__le64 ncap;
	__le64 nuse;
	u8 nsfeat;
	u8 nlbaf;		/* 0's based count of LBA formats */
	u8 flbas;		/* bits 3:0 and 6:5 index the current format */
	u8 mc;
	u8 dpc;
	u8 dps;
	u8 nmic;		/* bit 0: may be attached to more controllers */
	u8 rescap;
	u8 fpi;
	u8 dlfeat;
	__le16 nawun;
	__le16 nawupf;
	__le16 nacwu;
	__le16 nabsn;
	__le16 nabo;
	__le16 nabspf;
	__le16 noiob;
	u8 nvmcap[16];
	__le16 npwg;
	__le16 npwa;
	__le16 npdg;
	__le16 npda;
	__le16 nows;
	u8 rsvd74[18];
	__le32 anagrpid;
	u8 rsvd96[3];
	u8 nsattr;
	__le16 nvmsetid;
	__le16 endgid;
	u8 nguid[16];
	u8 eui64[8];
	struct cnv_lbaf lbaf[CNV_MAX_LBAF];
	u8 vs[3712];
};

static_assert(sizeof(struct cnv_id_ns) == 4096, "Identify Namespace is 4 KiB");
static_assert(offsetof(struct cnv_id_ns, nlbaf) == 25, "id-ns NLBAF");
static_assert(offsetof(struct cnv_id_ns, flbas) == 26, "id-ns FLBAS");
static_assert(offsetof(struct cnv_id_ns, dlfeat) == 33, "id-ns DLFEAT");
static_assert(offsetof(struct cnv_id_ns, nawupf) == 36, "id-ns NAWUPF");
static_assert(offsetof(struct cnv_id_ns, nabo) == 42, "id-ns NABO");
static_assert(offsetof(struct cnv_id_ns, noiob) == 46, "id-ns NOIOB");
static_assert(offsetof(struct cnv_id_ns, npwg) == 64, "id-ns NPWG");
static_assert(offsetof(struct cnv_id_ns, nows) == 72, "id-ns NOWS");
static_assert(offsetof(struct cnv_id_ns, nguid) == 104, "id-ns NGUID");
static_assert(offsetof(struct cnv_id_ns, lbaf) == 128, "id-ns LBAF");

/*
 * Zoned Namespace Command Set 4.1.5.1: I/O command set specific Identify
 * Namespace data for a zoned namespace (CNS 05h, CSI 02h). MAR and MOR are
 * 0's based, 0xffffffff for no limit.
 */
struct cnv_zns_lbafe {
	__le64 zsze;		/* zone size, logical blocks */
	u8 zdes;		/* zone descriptor extension size, 64 byte units */
	u8 rsvd9[7];
};

static_assert(sizeof(struct cnv_zns_lbafe) == 16, "ZNS LBA format extension is 16 bytes");

struct cnv_id_ns_zns {
	__le16 zoc;		/* zone operation characteristics */
	__le16 ozcs;		/* optional zoned command support */
	__le32 mar;		/* maximum active resources */
	__le32 mor;		/* maximum open resources */
	u8 rsvd12[2804];
	struct cnv_zns_lbafe lbafe[CNV_MAX_LBAF];
	u8 vs[256];
};

static_assert(sizeof(struct cnv_id_ns_zns) == 4096, "ZNS Identify Namespace is 4 KiB");
static_assert(offsetof(struct cnv_id_ns_zns, mor) == 8, "id-ns-zns MOR");
static_assert(offsetof(struct cnv_id_ns_zns, lbafe) == 2816, "id-ns-zns LBAFE");

/* Zoned Namespace Command Set 4.1.5.2 (CNS 06h, CSI 02h). */
struct cnv_id_ctrl_zns {
	u8 zasl;		/* Zone Append size limit, 2 ^ n units of CAP.MPSMIN; 0: MDTS */
	u8 rsvd1[4095];
};

static_assert(sizeof(struct cnv_id_ctrl_zns) == 4096, "ZNS Identify Controller is 4 KiB");

/* Zone Management Send CDW13: action in bits 7:0, Select All in bit 8. */
enum cnv_zone_send_action {
	CNV_ZSA_CLOSE = 0x01,
	CNV_ZSA_FINISH = 0x02,
	CNV_ZSA_OPEN = 0x03,
	CNV_ZSA_RESET = 0x04,
};

#define CNV_ZSA_SELECT_ALL	BIT(8)

/*
 * Zone Management Receive CDW13: action 00h (Report Zones) in bits 7:0,
 * 00h (every zone) in bits 15:8 and Partial Report in bit 16, so the
 * header counts only the descriptors that fit the buffer.
 */
#define CNV_ZRA_REPORT_ALL_PARTIAL	BIT(16)

/* Zoned Namespace Command Set 3.4.2.2: Report Zones data, a header then descriptors. */
struct cnv_zone_report_hdr {
	__le64 nr_zones;
	u8 rsvd8[56];
};

struct cnv_zone_desc {
	u8 zt;			/* zone type in bits 3:0 */
	u8 zs;			/* zone state in bits 7:4 */
	u8 za;			/* zone attributes */
	u8 zai;
	u8 rsvd4[4];
	__le64 zcap;		/* writable blocks */
	__le64 zslba;		/* first block */
	__le64 wp;		/* write pointer */
	u8 rsvd32[32];
};

static_assert(sizeof(struct cnv_zone_report_hdr) == 64, "zone report header is 64 bytes");
static_assert(sizeof(struct cnv_zone_desc) == 64, "zone descriptor is 64 bytes");
static_assert(offsetof(struct cnv_zone_desc, zslba) == 16, "zone descriptor ZSLBA");
static_assert(offsetof(struct cnv_zone_desc, wp) == 24, "zone descriptor WP");

#define CNV_ZONE_TYPE_SEQ_WRITE	0x2

/* Zone states (bits 7:4 of ZS), numbered as the block layer's zone conditions. */
enum cnv_zone_state {
	CNV_ZS_EMPTY = 0x1,
	CNV_ZS_IMPLICIT_OPEN = 0x2,
	CNV_ZS_EXPLICIT_OPEN = 0x3,
	CNV_ZS_CLOSED = 0x4,
	CNV_ZS_READ_ONLY = 0xd,
	CNV_ZS_FULL = 0xe,
	CNV_ZS_OFFLINE = 0xf,
};

/* 5.17.2.2 Active Namespace ID list: 1024 NSIDs in increasing order, 0-terminated. */
#define CNV_NS_LIST_ENTRIES 1024

#endif

// SPDX-License-Identifier: GPL-2.0
/* Passthrough permissions (permissions.h). */
#include "permissions.h"

/* From here on opcodes are vendor specific, for the rules (I/O and admin); 7Fh is fabrics. */
#define CNV_OPCODE_VENDOR_START		0x80
#define CNV_OPCODE_FABRICS		0x7f

/* Identify structures that build I/O commands and reveal nothing sensitive. */
static bool cnv_identify_public(u8 cns)
{
	switch (cns) {
	case CNV_CNS_NAMESPACE:
	case CNV_CNS_CONTROLLER:
	case CNV_CNS_NS_CSI:
	case CNV_CNS_CTRL_CSI:
	case CNV_CNS_NS_CS_INDEPENDENT:
		return true;
	default:
		return false;
	}
}

/* Effects an unprivileged command may have: none beyond changing blocks. */
#define CNV_EFFECTS_HARMLESS	(CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC | CNV_EFFECTS_UUID_SEL | \
				 CNV_EFFECTS_CSP_MASK)

bool cnv_passthru_unprivileged(enum cnv_passthru_policy policy,
			       const struct cnv_passthru_request *r)
{
	bool writes;

	if (policy == CNV_PASSTHRU_PRIVILEGED)
		return false;
	/* A partition's user must not reach beyond it. */
	if (r->partition)
		return false;
	if (r->opcode >= CNV_OPCODE_VENDOR_START || r->opcode == CNV_OPCODE_FABRICS)
		return false;
	if (r->admin)
		return r->opcode == CNV_ADMIN_IDENTIFY && cnv_identify_public(r->cns);
	if (!(r->io_effects & CNV_EFFECTS_CSUPP) || (r->io_effects & ~CNV_EFFECTS_HARMLESS))
		return false;
	/* Opcode bit 0: data from the host to the controller. */
	writes = (r->opcode & 1) || (r->io_effects & CNV_EFFECTS_LBCC);
	return !writes || r->open_for_write;
}

u32 cnv_known_io_effects(u8 opcode)
{
	switch (opcode) {
	case CNV_IO_WRITE:
	case CNV_IO_WRITE_ZEROES:
	case CNV_IO_WRITE_UNCORRECTABLE:
		return CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC;
	default:
		return 0;
	}
}

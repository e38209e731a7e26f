// SPDX-License-Identifier: GPL-2.0
/*
 * Controller Memory Buffer: when the controller offers one that can hold
 * submission queues, cnvme maps it write-combining (memremap: it is
 * memory, written with plain stores) and places each I/O SQ
 * in a fixed slot of it, so the controller fetches commands from its own
 * memory rather than across the bus. The admin SQ, CQs and data stay in
 * host memory. Found and mapped at the first bring-up, given to the
 * controller again before every enable (CMBMSC), unmapped at removal.
 */
#include <linux/io.h>
#include <linux/io-64-nonatomic-hi-lo.h>
#include <linux/memremap.h>
#include <linux/module.h>

#include "cnvme.h"

static bool use_cmb_sqes = true;
module_param(use_cmb_sqes, bool, 0444);
MODULE_PARM_DESC(use_cmb_sqes, "place I/O submission queues in the Controller Memory Buffer when it can hold them (default: yes)");

static void cnv_cmb_map(struct cnv_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	struct cnv_cmb_location loc;
	u32 cmbsz = readl(ctrl->bar + CNV_REG_CMBSZ);
	u32 cmbloc = readl(ctrl->bar + CNV_REG_CMBLOC);
	int ret;

	ret = cnv_cmb_decode(cmbloc, cmbsz, pci_resource_len(pdev, CNV_CMBLOC_BIR(cmbloc)), &loc);
	if (ret == -ENODEV)
		return;
	/* BAR0 is mapped uncached for the registers: no second, write-combining view of it. */
	if (ret || !loc.bar || !(pci_resource_flags(pdev, loc.bar) & IORESOURCE_MEM)) {
		dev_warn(ctrl->dev, "unusable controller memory buffer (CMBLOC %#x, CMBSZ %#x)\n",
			 cmbloc, cmbsz);
		return;
	}
	/* Memory, not registers: SQ entries are written with plain stores. */
	ctrl->cmb = memremap(pci_resource_start(pdev, loc.bar) + loc.offset, loc.size,
			     MEMREMAP_WC);
	if (!ctrl->cmb)
		return;
	ctrl->cmb_bus = pci_bus_address(pdev, loc.bar) + loc.offset;
	ctrl->cmb_size = loc.size;
}

/**
 * cnv_cmb_setup() - find the CMB once, and tell the controller where it is
 * @ctrl: controller, disabled
 *
 * Controllers with CAP.CMBS show CMBLOC and CMBSZ only once CMBMSC enables
 * them, and decode CMB addresses only at the base address CMBMSC gives.
 * Without a usable CMB (or with use_cmb_sqes=0) nothing changes.
 */
void cnv_cmb_setup(struct cnv_ctrl *ctrl)
{
	if (!use_cmb_sqes)
		return;
	if (!ctrl->cmb) {
		if (ctrl->cap.cmb_needs_enable)
			hi_lo_writeq(CNV_CMBMSC_CRE, ctrl->bar + CNV_REG_CMBMSC);
		cnv_cmb_map(ctrl);
	}
	if (ctrl->cmb && ctrl->cap.cmb_needs_enable)
		hi_lo_writeq(CNV_CMBMSC_CRE | CNV_CMBMSC_CMSE | ctrl->cmb_bus,
			     ctrl->bar + CNV_REG_CMBMSC);
}

/**
 * cnv_cmb_sq() - the CMB slot of I/O submission queue @qid
 * @ctrl: controller
 * @qid: I/O queue, from 1
 * @bytes: size of the SQ
 * @bus: the slot's address for Create I/O Submission Queue
 *
 * Slots are fixed by @qid and aligned to the controller page size, as SQ
 * base addresses must be: queues are created and deleted together, so no
 * allocator is needed.
 *
 * Return: the slot, or NULL when there is no CMB or @qid's slot lies past it.
 */
struct cnv_sqe *cnv_cmb_sq(struct cnv_ctrl *ctrl, u16 qid, size_t bytes, dma_addr_t *bus)
{
	u64 slot = ALIGN(bytes, cnv_ctrl_page_size(ctrl));
	u64 offset;

	if (!ctrl->cmb || !qid)
		return NULL;
	offset = (qid - 1) * slot;
	if (offset + slot > ctrl->cmb_size)
		return NULL;
	*bus = ctrl->cmb_bus + offset;
	return ctrl->cmb + offset;
}

/* At removal, once no queue uses the CMB. */
void cnv_cmb_unmap(struct cnv_ctrl *ctrl)
{
	if (ctrl->cmb)
		memunmap(ctrl->cmb);
	ctrl->cmb = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Host Memory Buffer: host memory a controller without DRAM of its own
 * asks for (Identify HMPRE, HMMIN) to keep its tables in. Allocated in
 * pieces (sizes from lib/hmb.h) at the first identify that asks, handed
 * to the controller with Set Features 0Dh at every identify (Memory
 * Return once it has held data), freed at removal once the controller is
 * stopped. The memory is the controller's: the host never maps or reads it.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "cnvme.h"
#include "lib/hmb.h"

static unsigned int max_host_mem_size_mb = 128;
module_param(max_host_mem_size_mb, uint, 0444);
MODULE_PARM_DESC(max_host_mem_size_mb, "most host memory one controller's Host Memory Buffer may take, MiB (default 128, 0: none)");

/* Pieces of at most 4 MiB, listed in one page of descriptors. */
#define CNV_HMB_CHUNK_MAX	(4ull << 20)
#define CNV_HMB_LIST_MAX	(PAGE_SIZE / sizeof(struct cnv_hmb_desc))

static void cnv_hmb_free_pieces(struct cnv_ctrl *ctrl, u32 n)
{
	struct cnv_hmb *hmb = &ctrl->hmb;

	while (n--)
		dma_free_attrs(ctrl->dev, (u64)le32_to_cpu(hmb->descs[n].pages) << ctrl->page_shift,
			       hmb->pieces[n], le64_to_cpu(hmb->descs[n].addr),
			       DMA_ATTR_NO_KERNEL_MAPPING);
}

/* Pieces of @chunk bytes until the preferred size or the descriptor limit: the bytes got. */
static u64 cnv_hmb_alloc_pieces(struct cnv_ctrl *ctrl, const struct cnv_hmb_request *r,
				u64 chunk)
{
	struct cnv_hmb *hmb = &ctrl->hmb;
	u64 done = 0, len;

	hmb->nr = 0;
	while (hmb->nr < r->max_chunks &&
	       (len = cnv_hmb_next_len(r, chunk, done, ctrl->page_shift))) {
		dma_addr_t addr;
		void *piece = dma_alloc_attrs(ctrl->dev, len, &addr, GFP_KERNEL | __GFP_NOWARN,
					      DMA_ATTR_NO_KERNEL_MAPPING);

		if (!piece)
			break;
		hmb->pieces[hmb->nr] = piece;
		cnv_hmb_desc_set(&hmb->descs[hmb->nr++], addr, len, ctrl->page_shift);
		done += len;
	}
	return done;
}

static int cnv_hmb_alloc(struct cnv_ctrl *ctrl, const struct cnv_hmb_request *r)
{
	struct cnv_hmb *hmb = &ctrl->hmb;
	u64 chunk, got;

	hmb->descs = dma_alloc_coherent(ctrl->dev, PAGE_SIZE, &hmb->descs_dma, GFP_KERNEL);
	hmb->pieces = kcalloc(r->max_chunks, sizeof(*hmb->pieces), GFP_KERNEL);
	if (!hmb->descs || !hmb->pieces)
		goto free_list;
	/* Smaller pieces are easier to find: halve until the controller's minimum. */
	for (chunk = cnv_hmb_first_chunk(r, CNV_HMB_CHUNK_MAX, ctrl->page_shift);
	     cnv_hmb_chunk_usable(r, chunk, ctrl->page_shift); chunk >>= 1) {
		got = cnv_hmb_alloc_pieces(ctrl, r, chunk);
		if (got >= r->minimum) {
			hmb->bytes = got;
			return 0;
		}
		cnv_hmb_free_pieces(ctrl, hmb->nr);
	}
free_list:
	kfree(hmb->pieces);
	if (hmb->descs)
		dma_free_coherent(ctrl->dev, PAGE_SIZE, hmb->descs, hmb->descs_dma);
	memset(hmb, 0, sizeof(*hmb));
	return -ENOMEM;
}

static int cnv_hmb_enable(struct cnv_ctrl *ctrl)
{
	struct cnv_hmb *hmb = &ctrl->hmb;
	struct cnv_sqe cmd = {
		.opcode = CNV_ADMIN_SET_FEATURES,
		.cdw10 = cpu_to_le32(CNV_FEAT_HOST_MEM_BUF),
		.cdw11 = cpu_to_le32(CNV_HMB_ENABLE | (hmb->returned ? CNV_HMB_MEMORY_RETURN : 0)),
		.cdw12 = cpu_to_le32(hmb->bytes >> ctrl->page_shift),
		.cdw13 = cpu_to_le32(lower_32_bits(hmb->descs_dma)),
		.cdw14 = cpu_to_le32(upper_32_bits(hmb->descs_dma)),
		.cdw15 = cpu_to_le32(hmb->nr),
	};

	return cnv_admin_exec(ctrl, &cmd, NULL, 0, NULL);
}

/**
 * cnv_hmb_setup() - give the controller the host memory it asks for
 * @ctrl: controller being identified, admin queue live
 * @id: its Identify Controller data
 *
 * A controller that works without it (any, by the specification) only
 * loses speed when this fails: failures are logged, not returned.
 */
void cnv_hmb_setup(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id)
{
	struct cnv_hmb *hmb = &ctrl->hmb;
	struct cnv_hmb_request r;
	int ret;

	if (!hmb->nr) {
		if (!cnv_hmb_request_decode(id, (u64)max_host_mem_size_mb << 20, CNV_HMB_LIST_MAX,
					    ctrl->page_shift, &r))
			return;
		if (cnv_hmb_alloc(ctrl, &r)) {
			dev_warn(ctrl->dev, "%s: no memory for the %llu KiB host memory buffer asked for\n",
				 dev_name(&ctrl->device), r.minimum >> 10);
			return;
		}
	}
	ret = cnv_hmb_enable(ctrl);
	if (ret) {
		dev_warn(ctrl->dev, "%s: host memory buffer refused (%d)\n",
			 dev_name(&ctrl->device), ret);
		return;
	}
	if (!hmb->returned)
		dev_info(ctrl->dev, "%s: host memory buffer of %llu KiB in %u pieces\n",
			 dev_name(&ctrl->device), hmb->bytes >> 10, hmb->nr);
	hmb->returned = true;
}

/**
 * cnv_hmb_suspend() - take the host memory buffer back from a live controller
 * @ctrl: controller about to idle through suspend-to-idle
 *
 * Host memory may not be reachable in a system sleep state, while a
 * controller in a non-operational power state may still use it.
 *
 * Return: as cnv_admin_exec(); 0 without a buffer.
 */
int cnv_hmb_suspend(struct cnv_ctrl *ctrl)
{
	if (!ctrl->hmb.nr)
		return 0;
	return cnv_admin_set_feature(ctrl, CNV_FEAT_HOST_MEM_BUF, 0, NULL);
}

/**
 * cnv_hmb_resume() - give the controller its host memory buffer back
 * @ctrl: controller cnv_hmb_suspend() took it from
 *
 * Return: as cnv_admin_exec(); 0 without a buffer.
 */
int cnv_hmb_resume(struct cnv_ctrl *ctrl)
{
	if (!ctrl->hmb.nr)
		return 0;
	return cnv_hmb_enable(ctrl);
}

/* At removal, once the controller is stopped and uses no host memory. */
void cnv_hmb_free(struct cnv_ctrl *ctrl)
{
	struct cnv_hmb *hmb = &ctrl->hmb;

	if (!hmb->nr)
		return;
	cnv_hmb_free_pieces(ctrl, hmb->nr);
	kfree(hmb->pieces);
	dma_free_coherent(ctrl->dev, PAGE_SIZE, hmb->descs, hmb->descs_dma);
	memset(hmb, 0, sizeof(*hmb));
}

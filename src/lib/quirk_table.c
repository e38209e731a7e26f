// SPDX-License-Identifier: GPL-2.0
/*
 * The drives that need quirks, as data. Entries, flags and their order are
 * those of the in-tree driver of Linux 7.3 (Debian's linux-source-7.3,
 * 7.3.4-1~bpo13+1): its PCI ID table (pci.c), its model and firmware table
 * (core.c) and its board exceptions (pci.c), so a drive gets the same
 * workarounds under cnvme as under nvme. What each flag means is in
 * quirks.h; why a drive needs it is in the in-tree history of its entry.
 *
 * The PCI table matches first entry first, as the in-tree ID table does:
 * an ID listed twice gets the flags of its first entry only.
 */
#include "quirks.h"

const struct cnv_pci_quirk cnv_pci_quirks[] = {
	{ 0x8086, 0x0953, CNV_QUIRK_STRIPE_SIZE | CNV_QUIRK_DEALLOCATE_ZEROES,
	  "Intel 750/P3500/P3600/P3700" },
	{ 0x8086, 0x0a53, CNV_QUIRK_STRIPE_SIZE | CNV_QUIRK_DEALLOCATE_ZEROES,
	  "Intel P3520" },
	{ 0x8086, 0x0a54, CNV_QUIRK_STRIPE_SIZE | CNV_QUIRK_IGNORE_DEV_SUBNQN | CNV_QUIRK_BOGUS_NID,
	  "Intel P4500/P4600" },
	{ 0x8086, 0x0a55, CNV_QUIRK_STRIPE_SIZE,
	  "Dell Express Flash P4600" },
	{ 0x8086, 0xf1a5, CNV_QUIRK_NO_DEEPEST_PS | CNV_QUIRK_MEDIUM_PRIO_SQ |
	  CNV_QUIRK_NO_TEMP_THRESH_CHANGE | CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Intel 600P/P3100" },
	{ 0x8086, 0xf1a6, CNV_QUIRK_IGNORE_DEV_SUBNQN,
	  "Intel 760p/Pro 7600p" },
	{ 0x8086, 0x5845, CNV_QUIRK_IDENTIFY_CNS | CNV_QUIRK_DISABLE_WRITE_ZEROES |
	  CNV_QUIRK_BOGUS_NID,
	  "QEMU's emulated controller, old ID" },
	{ 0x1b36, 0x0010, CNV_QUIRK_BOGUS_NID,
	  "QEMU's emulated controller" },
	{ 0x1217, 0x8760, CNV_QUIRK_DMAPOOL_ALIGN_512,
	  "O2 Micro 64GB (Steam Deck)" },
	{ 0x126f, 0x1001, CNV_QUIRK_NO_DEEPEST_PS | CNV_QUIRK_IGNORE_DEV_SUBNQN,
	  "Silicon Motion, generic" },
	{ 0x126f, 0x2262, CNV_QUIRK_NO_DEEPEST_PS | CNV_QUIRK_BOGUS_NID,
	  "Silicon Motion, generic" },
	{ 0x126f, 0x2263, CNV_QUIRK_NO_NS_DESC_LIST | CNV_QUIRK_BOGUS_NID,
	  "Silicon Motion, unidentified" },
	{ 0x1bb1, 0x0100, CNV_QUIRK_DELAY_BEFORE_CHK_RDY | CNV_QUIRK_NO_NS_DESC_LIST,
	  "Seagate Nytro Flash Storage" },
	{ 0x1c58, 0x0003, CNV_QUIRK_DELAY_BEFORE_CHK_RDY,
	  "HGST adapter" },
	{ 0x1c58, 0x0023, CNV_QUIRK_DELAY_BEFORE_CHK_RDY,
	  "WDC SN200 adapter" },
	{ 0x1c5f, 0x0540, CNV_QUIRK_DELAY_BEFORE_CHK_RDY,
	  "Memblaze Pblaze4 adapter" },
	{ 0x1c5f, 0x0555, CNV_QUIRK_NO_NS_DESC_LIST,
	  "Memblaze Pblaze5 adapter" },
	{ 0x144d, 0xa821, CNV_QUIRK_DELAY_BEFORE_CHK_RDY,
	  "Samsung PM1725" },
	{ 0x144d, 0xa822, CNV_QUIRK_DELAY_BEFORE_CHK_RDY | CNV_QUIRK_DISABLE_WRITE_ZEROES |
	  CNV_QUIRK_IGNORE_DEV_SUBNQN,
	  "Samsung PM1725a" },
	{ 0x15b7, 0x5008, CNV_QUIRK_BROKEN_MSI,
	  "SanDisk SN530" },
	{ 0x15b7, 0x5009, CNV_QUIRK_BROKEN_MSI | CNV_QUIRK_NO_DEEPEST_PS,
	  "SanDisk SN550" },
	{ 0x1987, 0x5012, CNV_QUIRK_BOGUS_NID,
	  "Phison E12" },
	{ 0x1987, 0x5016, CNV_QUIRK_IGNORE_DEV_SUBNQN | CNV_QUIRK_BOGUS_NID,
	  "Phison E16" },
	{ 0x1987, 0x5019, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Phison E19" },
	{ 0x1987, 0x5021, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Phison E21" },
	{ 0x1b4b, 0x1092, CNV_QUIRK_NO_NS_DESC_LIST | CNV_QUIRK_IGNORE_DEV_SUBNQN,
	  "Lexar 256 GB SSD" },
	{ 0x1cc1, 0x33f8, CNV_QUIRK_BOGUS_NID,
	  "ADATA IM2P33F8ABR1 1 TB" },
	{ 0x10ec, 0x5762, CNV_QUIRK_IGNORE_DEV_SUBNQN | CNV_QUIRK_BOGUS_NID,
	  "ADATA SX6000LNP" },
	{ 0x10ec, 0x5763, CNV_QUIRK_BOGUS_NID,
	  "ADATA SX6000PNP" },
	{ 0x1cc1, 0x8201, CNV_QUIRK_NO_DEEPEST_PS | CNV_QUIRK_IGNORE_DEV_SUBNQN,
	  "ADATA SX8200PNP 512GB" },
	{ 0x1344, 0x5407, CNV_QUIRK_IGNORE_DEV_SUBNQN,
	  "Micron NVMe SSD" },
	{ 0x1344, 0x6001, CNV_QUIRK_BOGUS_NID,
	  "Micron Nitro NVMe" },
	{ 0x1344, 0x6004, CNV_QUIRK_DMAPOOL_ALIGN_512,
	  "Micron 4100AT" },
	{ 0x1c5c, 0x1504, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "SK hynix PC400" },
	{ 0x1c5c, 0x174a, CNV_QUIRK_BOGUS_NID,
	  "SK hynix P31" },
	{ 0x1c5c, 0x1d59, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "SK hynix BC901" },
	{ 0x15b7, 0x2001, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "SanDisk Skyhawk" },
	{ 0x1d97, 0x2263, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "SPCC" },
	{ 0x144d, 0xa80b, CNV_QUIRK_DISABLE_WRITE_ZEROES | CNV_QUIRK_BOGUS_NID,
	  "Samsung PM9B1 256G and 512G" },
	{ 0x144d, 0xa809, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Samsung MZALQ256HBJD 256G" },
	{ 0x144d, 0xa802, CNV_QUIRK_BOGUS_NID,
	  "Samsung SM953" },
	{ 0x1cc4, 0x6303, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "UMIS RPJTJ512MGE1QDY 512G" },
	{ 0x1cc4, 0x6302, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "UMIS RPJTJ256MGE1QDY 256G" },
	{ 0x2646, 0x2262, CNV_QUIRK_NO_DEEPEST_PS,
	  "Kingston SKC2000" },
	{ 0x2646, 0x2263, CNV_QUIRK_NO_DEEPEST_PS,
	  "Kingston A2000" },
	{ 0x2646, 0x5013, CNV_QUIRK_NO_SECONDARY_TEMP_THRESH,
	  "Kingston KC3000, Kingston FURY Renegade" },
	{ 0x2646, 0x5018, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Kingston OM8SFP4xxxxP OS21012" },
	{ 0x2646, 0x5016, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Kingston OM3PGP4xxxxP OS21011" },
	{ 0x2646, 0x501a, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Kingston OM8PGP4xxxxP OS21005" },
	{ 0x2646, 0x501b, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Kingston OM8PGP4xxxxQ OS21005" },
	{ 0x2646, 0x501e, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Kingston OM3PGP4xxxxQ OS21011" },
	{ 0x2646, 0x502f, CNV_QUIRK_DISABLE_WRITE_ZEROES,
	  "Kingston OM3SGP4xxxxK" },
	{ 0x1f40, 0x1202, CNV_QUIRK_BOGUS_NID,
	  "Netac NV3000" },
	{ 0x1f40, 0x5236, CNV_QUIRK_BOGUS_NID,
	  "Netac NV7000" },
	{ 0x1e4b, 0x1001, CNV_QUIRK_BOGUS_NID,
	  "MAXIO MAP1001" },
	{ 0x1e4b, 0x1002, CNV_QUIRK_BOGUS_NID,
	  "MAXIO MAP1002" },
	{ 0x1e4b, 0x1202, CNV_QUIRK_BOGUS_NID,
	  "MAXIO MAP1202" },
	{ 0x1e4b, 0x1602, CNV_QUIRK_BOGUS_NID,
	  "MAXIO MAP1602" },
	{ 0x1cc1, 0x5350, CNV_QUIRK_BOGUS_NID,
	  "ADATA XPG GAMMIX S50" },
	{ 0x1dbe, 0x5216, CNV_QUIRK_BOGUS_NID,
	  "Acer/INNOGRIT FA100/5216" },
	{ 0x1dbe, 0x5236, CNV_QUIRK_BOGUS_NID,
	  "ADATA XPG GAMMIX S70" },
	{ 0x1e49, 0x0021, CNV_QUIRK_NO_DEEPEST_PS,
	  "ZHITAI TiPro5000" },
	{ 0x1e49, 0x0041, CNV_QUIRK_NO_DEEPEST_PS,
	  "ZHITAI TiPro7000" },
	{ 0x1fa0, 0x2283, CNV_QUIRK_NO_SECONDARY_TEMP_THRESH,
	  "Wodposit WPBSNM8-256GTP" },
	{ 0x025e, 0xf1ac, CNV_QUIRK_NO_DEEPEST_PS,
	  "Solidigm P44 Pro SSDPFKKW020X7" },
	{ 0xc0a9, 0x540a, CNV_QUIRK_BOGUS_NID,
	  "Crucial P2" },
	{ 0x1d97, 0x2263, CNV_QUIRK_BOGUS_NID,
	  "Lexar NM610 (shadowed by SPCC, as in-tree)" },
	{ 0x1d97, 0x1d97, CNV_QUIRK_BOGUS_NID,
	  "Lexar NM620" },
	{ 0x1d97, 0x2269, CNV_QUIRK_BOGUS_NID | CNV_QUIRK_IGNORE_DEV_SUBNQN,
	  "Lexar NM760" },
	{ 0x10ec, 0x5763, CNV_QUIRK_BOGUS_NID,
	  "TEAMGROUP T-FORCE CARDEA ZERO Z330 (shadowed, same flags)" },
	{ 0x1e4b, 0x1602, CNV_QUIRK_BOGUS_NID,
	  "HS-SSD-FUTURE 2048G (shadowed, same flags)" },
	{ 0x10ec, 0x5765, CNV_QUIRK_BOGUS_NID,
	  "TEAMGROUP MP33 2TB" },
	{ 0x1d0f, 0x0061, CNV_QUIRK_DMA_ADDRESS_BITS_48,
	  "Amazon EBS/instance storage" },
	{ 0x1d0f, 0x0065, CNV_QUIRK_DMA_ADDRESS_BITS_48,
	  "Amazon EBS/instance storage" },
	{ 0x1d0f, 0x8061, CNV_QUIRK_DMA_ADDRESS_BITS_48,
	  "Amazon EBS/instance storage" },
	{ 0x1d0f, 0xcd00, CNV_QUIRK_DMA_ADDRESS_BITS_48,
	  "Amazon EBS/instance storage" },
	{ 0x1d0f, 0xcd01, CNV_QUIRK_DMA_ADDRESS_BITS_48,
	  "Amazon EBS/instance storage" },
	{ 0x1d0f, 0xcd02, CNV_QUIRK_DMA_ADDRESS_BITS_48,
	  "Amazon EBS/instance storage" },
	{ 0x106b, 0x2001, CNV_QUIRK_SINGLE_VECTOR | CNV_QUIRK_QDEPTH_ONE,
	  "Apple, MacBook8,1 and some MacBook7,1: resets and data loss otherwise" },
	{ 0x106b, 0x2003, 0,
	  "Apple (bound by ID: not of the NVMe class)" },
	{ 0x106b, 0x2005, CNV_QUIRK_SINGLE_VECTOR | CNV_QUIRK_128_BYTES_SQES |
	  CNV_QUIRK_SHARED_TAGS | CNV_QUIRK_SKIP_CID_GEN | CNV_QUIRK_IDENTIFY_CNS,
	  "Apple T2" },
};

const unsigned int cnv_pci_quirk_count = ARRAY_SIZE(cnv_pci_quirks);

/* Matched on Identify VID, model and firmware once the controller answers. */
const struct cnv_id_quirk cnv_id_quirks[] = {
	/* Dies using any APST state. */
	{ 0x1179, "THNSF5256GPUK TOSHIBA", NULL, CNV_QUIRK_NO_APST },
	/* Needs the simple suspend path (firmware 22301111). */
	{ 0x14a4, NULL, "22301111", CNV_QUIRK_SIMPLE_SUSPEND },
	/* Kioxia: APST broken. */
	{ 0x1e0f, "KCD6XVUL6T40", NULL, CNV_QUIRK_NO_APST },
	/* Samsung Portable SSD X5 (Thunderbolt): slow to become ready, no deepest state. */
	{ 0x144d, "Samsung Portable SSD X5", NULL,
	  CNV_QUIRK_DELAY_BEFORE_CHK_RDY | CNV_QUIRK_NO_DEEPEST_PS | CNV_QUIRK_IGNORE_DEV_SUBNQN },
};

const unsigned int cnv_id_quirk_count = ARRAY_SIZE(cnv_id_quirks);

/*
 * Drives that misbehave on particular boards only. First match wins: a
 * device's own entries come before the entry that holds for any device.
 */
const struct cnv_platform_quirk cnv_platform_quirks[] = {
	/* Samsung SM951/PM951/950 PRO drop off the bus in the deepest state on two Dells. */
	{ .vendor = 0x144d, .devices = { 0xa802 }, .sys_vendor = "Dell Inc.",
	  .product_names = { "XPS 15 9550", "Precision 5510" },
	  .quirks = CNV_QUIRK_NO_DEEPEST_PS },
	/* Samsung 960 EVO drops off the bus on two ASUS boards. */
	{ .vendor = 0x144d, .devices = { 0xa804 }, .board_vendor = "ASUSTeK COMPUTER INC.",
	  .board_names = { "PRIME B350M-A", "PRIME Z370-A" },
	  .quirks = CNV_QUIRK_NO_APST },
	/* Samsung and Toshiba drives on the Lenovo C640 want the simple suspend path. */
	{ .vendor = 0x144d, .devices = { 0xa801, 0xa808, 0xa809 }, .board_vendor = "LENOVO",
	  .board_names = { "LNVNB161216" },
	  .quirks = CNV_QUIRK_SIMPLE_SUSPEND },
	{ .vendor = 0x1e0f, .devices = { 0x0001 }, .board_vendor = "LENOVO",
	  .board_names = { "LNVNB161216" },
	  .quirks = CNV_QUIRK_SIMPLE_SUSPEND },
	/* Kingston NV1 and A2000 save far more power with a full suspend on some TUXEDO boards. */
	{ .vendor = 0x2646, .devices = { 0x2263, 0x500f },
	  .board_names = { "NS5X_NS7XAU", "NS5x_7xAU", "NS5x_7xPU", "PH4PRX1_PH6PRX1" },
	  .quirks = CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND },
	/* Samsung 990 EVO (and EVO Plus) draws over 2 W in s2idle on some Intel boards. */
	{ .vendor = 0x144d, .devices = { 0xa80d },
	  .board_names = { "DN50Z-140HC-YD", "GMxPXxx", "GXxMRXx", "NS5X_NS7XAU", "PH4PG31",
			   "PH4PRX1_PH6PRX1", "PH6PG01_PH6PG71" },
	  .quirks = CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND },
	/* Any drive on a Lenovo N60z drops off the bus after idling for hours. */
	{ .board_names = { "LXKT-ZXEG-N6" }, .quirks = CNV_QUIRK_NO_APST },
};

const unsigned int cnv_platform_quirk_count = ARRAY_SIZE(cnv_platform_quirks);

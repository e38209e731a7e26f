// SPDX-License-Identifier: GPL-2.0
/* Quirk tables and the cnvme.quirks= parameter. */
#include "unit.h"
#include "lib/quirks.h"

/* Names are the in-tree driver's, bit for bit (its nvme_quirk_name()). */
static void test_names(void)
{
	static const struct { u32 bit; const char *name; } known[] = {
		{ CNV_QUIRK_STRIPE_SIZE, "stripe_size" },
		{ CNV_QUIRK_DELAY_BEFORE_CHK_RDY, "delay_before_chk_rdy" },
		{ CNV_QUIRK_128_BYTES_SQES, "128_bytes_sqes" },
		{ CNV_QUIRK_SKIP_CID_GEN, "skip_cid_gen" },
		{ CNV_QUIRK_BOGUS_NID, "bogus_nid" },
		{ CNV_QUIRK_ADMIN_PAGE_ALIGN, "admin_page_align" },
	};
	unsigned int i, j;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		CHECK(!strcmp(cnv_quirk_name(known[i].bit), known[i].name), "bit %#x is %s",
		      known[i].bit, known[i].name);
	CHECK(!strcmp(cnv_quirk_name(BIT(CNV_QUIRK_COUNT)), "unknown"), "past the last");
	CHECK(!strcmp(cnv_quirk_name(3), "unknown"), "two bits at once");
	for (i = 0; i < CNV_QUIRK_COUNT; i++)
		for (j = 0; j < i; j++)
			CHECK(strcmp(cnv_quirk_name(BIT(i)), cnv_quirk_name(BIT(j))),
			      "bits %u and %u share a name", i, j);
}

static void test_pci_table(void)
{
	unsigned int i;

	CHECK_EQ(cnv_quirks_for_device(0x1b36, 0x0010), CNV_QUIRK_BOGUS_NID, "QEMU");
	CHECK_EQ(cnv_quirks_for_device(0x106b, 0x2005),
		 CNV_QUIRK_SINGLE_VECTOR | CNV_QUIRK_128_BYTES_SQES | CNV_QUIRK_SHARED_TAGS |
		 CNV_QUIRK_SKIP_CID_GEN | CNV_QUIRK_IDENTIFY_CNS, "Apple T2");
	CHECK_EQ(cnv_quirks_for_device(0x8086, 0xf1a5),
		 CNV_QUIRK_NO_DEEPEST_PS | CNV_QUIRK_MEDIUM_PRIO_SQ |
		 CNV_QUIRK_NO_TEMP_THRESH_CHANGE | CNV_QUIRK_DISABLE_WRITE_ZEROES, "Intel 600P");
	CHECK_EQ(cnv_quirks_for_device(0x1d0f, 0xcd01), CNV_QUIRK_DMA_ADDRESS_BITS_48, "Amazon");
	/* Listed twice in-tree (SPCC, then Lexar NM610): the first entry wins. */
	CHECK_EQ(cnv_quirks_for_device(0x1d97, 0x2263), CNV_QUIRK_DISABLE_WRITE_ZEROES,
		 "1d97:2263 as in-tree");
	CHECK_EQ(cnv_quirks_for_device(0x106b, 0x2003), 0, "Apple 2003: bound, no quirk");
	CHECK_EQ(cnv_quirks_for_device(0x8086, 0x1234), 0, "an unlisted device");
	CHECK(cnv_pci_quirk_count >= 80, "the in-tree table has 80 entries, here %u",
	      cnv_pci_quirk_count);
	for (i = 0; i < cnv_pci_quirk_count; i++) {
		CHECK(!(cnv_pci_quirks[i].quirks & ~CNV_QUIRKS_ALL), "entry %u: unknown flag", i);
		CHECK(cnv_pci_quirks[i].drive && cnv_pci_quirks[i].drive[0], "entry %u named", i);
	}
}

static void pad(char *field, size_t len, const char *s)
{
	memset(field, ' ', len);
	memcpy(field, s, strlen(s));
}

static void test_identify_table(void)
{
	char mn[40], fr[8];

	pad(mn, sizeof(mn), "THNSF5256GPUK TOSHIBA");
	pad(fr, sizeof(fr), "51055KLA");
	CHECK_EQ(cnv_quirks_for_identify(0x1179, mn, sizeof(mn), fr, sizeof(fr)),
		 CNV_QUIRK_NO_APST, "Toshiba THNSF5256GPUK, any firmware");
	CHECK_EQ(cnv_quirks_for_identify(0x1180, mn, sizeof(mn), fr, sizeof(fr)), 0,
		 "same model, other VID");
	pad(mn, sizeof(mn), "THNSF5256GPUK TOSHIBA X");
	CHECK_EQ(cnv_quirks_for_identify(0x1179, mn, sizeof(mn), fr, sizeof(fr)), 0,
		 "a longer model is another model");
	pad(mn, sizeof(mn), "THNSF5256GPUK");
	CHECK_EQ(cnv_quirks_for_identify(0x1179, mn, sizeof(mn), fr, sizeof(fr)), 0,
		 "a prefix of the model is another model");
	pad(mn, sizeof(mn), "anything");
	pad(fr, sizeof(fr), "22301111");
	CHECK_EQ(cnv_quirks_for_identify(0x14a4, mn, sizeof(mn), fr, sizeof(fr)),
		 CNV_QUIRK_SIMPLE_SUSPEND, "firmware 22301111, any model");
	pad(fr, sizeof(fr), "2230111");
	CHECK_EQ(cnv_quirks_for_identify(0x14a4, mn, sizeof(mn), fr, sizeof(fr)), 0,
		 "a shorter firmware revision");
	pad(mn, sizeof(mn), "QEMU NVMe Ctrl");
	pad(fr, sizeof(fr), "10.0.2");
	CHECK_EQ(cnv_quirks_for_identify(0x1b36, mn, sizeof(mn), fr, sizeof(fr)), 0, "QEMU");
}

static void test_platform_table(void)
{
	struct cnv_platform dell = { "Dell Inc.", "XPS 15 9550", "Dell Inc.", "0N7TVV" };
	struct cnv_platform n60z = { "LENOVO", "N60z", "LENOVO", "LXKT-ZXEG-N6" };
	struct cnv_platform tuxedo = { "TUXEDO", "InfinityBook", "NB02", "PH4PRX1_PH6PRX1" };
	struct cnv_platform unknown = { NULL, NULL, NULL, NULL };

	CHECK_EQ(cnv_quirks_for_platform(0x144d, 0xa802, &dell), CNV_QUIRK_NO_DEEPEST_PS,
		 "SM951 in an XPS 15 9550");
	dell.product_name = "XPS 13 9350";
	CHECK_EQ(cnv_quirks_for_platform(0x144d, 0xa802, &dell), 0, "SM951 in another Dell");
	CHECK_EQ(cnv_quirks_for_platform(0x144d, 0xa804, &dell), 0, "960 EVO in a Dell");
	CHECK_EQ(cnv_quirks_for_platform(0x1234, 0x5678, &n60z), CNV_QUIRK_NO_APST,
		 "any drive in a Lenovo N60z");
	CHECK_EQ(cnv_quirks_for_platform(0x2646, 0x500f, &tuxedo),
		 CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND, "Kingston NV1 on a TUXEDO board");
	CHECK_EQ(cnv_quirks_for_platform(0x144d, 0xa80d, &tuxedo),
		 CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND, "990 EVO on the same board");
	CHECK_EQ(cnv_quirks_for_platform(0x2646, 0x2262, &tuxedo), 0,
		 "another Kingston on that board");
	CHECK_EQ(cnv_quirks_for_platform(0x144d, 0xa802, &unknown), 0, "no SMBIOS");
	CHECK_EQ(cnv_quirks_for_platform(0x1e0f, 0x0001,
					 &(struct cnv_platform){ "LENOVO", "C640", "LENOVO",
								 "LNVNB161216" }),
		 CNV_QUIRK_SIMPLE_SUSPEND, "Toshiba on the Lenovo C640");
}

static void test_parse(void)
{
	struct cnv_quirk_override o[4];
	int n;

	CHECK_EQ(cnv_quirks_parse("", o, 4), 0, "empty line");
	n = cnv_quirks_parse("1b36:0010:skip_cid_gen,^bogus_nid", o, 4);
	CHECK_EQ(n, 1, "one entry");
	CHECK(o[0].vendor == 0x1b36 && o[0].device == 0x0010, "its IDs");
	CHECK_EQ(o[0].set, CNV_QUIRK_SKIP_CID_GEN, "set");
	CHECK_EQ(o[0].clear, CNV_QUIRK_BOGUS_NID, "cleared");
	n = cnv_quirks_parse("8086:F1A5:no_apst-0x1b36:10:single_vector,dma_address_bits_48\n",
			     o, 4);
	CHECK_EQ(n, 2, "two entries, a trailing newline");
	CHECK(o[0].vendor == 0x8086 && o[0].device == 0xf1a5 && o[0].set == CNV_QUIRK_NO_APST,
	      "first entry");
	CHECK(o[1].vendor == 0x1b36 && o[1].device == 0x10 &&
	      o[1].set == (CNV_QUIRK_SINGLE_VECTOR | CNV_QUIRK_DMA_ADDRESS_BITS_48),
	      "second entry");
	n = cnv_quirks_parse("1b36:0010:", o, 4);
	CHECK(n == 1 && !o[0].set && !o[0].clear, "no names: an entry that changes nothing");
	n = cnv_quirks_parse("1b36:0010:no_apst,,single_vector", o, 4);
	CHECK(n == 1 && o[0].set == CNV_QUIRK_NO_APST, "names end at an empty one, as in-tree");
	CHECK_EQ(cnv_quirks_parse("1b36:0010:no_such_quirk", o, 4), -EINVAL, "unknown name");
	CHECK_EQ(cnv_quirks_parse("1b36:0010:^", o, 4), -EINVAL, "a bare ^");
	CHECK_EQ(cnv_quirks_parse("1b36:0010", o, 4), -EINVAL, "no names field");
	CHECK_EQ(cnv_quirks_parse("1b36", o, 4), -EINVAL, "no device");
	CHECK_EQ(cnv_quirks_parse("1b36g:0010:no_apst", o, 4), -EINVAL, "not hex");
	CHECK_EQ(cnv_quirks_parse("11b36:0010:no_apst", o, 4), -EINVAL, "five digits");
	CHECK_EQ(cnv_quirks_parse(":0010:no_apst", o, 4), -EINVAL, "empty vendor");
	CHECK_EQ(cnv_quirks_parse("1b36:0010:no_apst-", o, 4), -EINVAL, "empty last entry");
	CHECK_EQ(cnv_quirks_parse("1:1:-2:2:-3:3:", o, 2), -E2BIG, "too many entries");
	CHECK_EQ(cnv_quirks_parse("1b36:0010:no_apstx", o, 4), -EINVAL, "name with a suffix");
	CHECK_EQ(cnv_quirks_parse("1b36:0010:no_aps", o, 4), -EINVAL, "a prefix of a name");
}

static void test_override(void)
{
	struct cnv_quirk_override o[3];
	int n;

	n = cnv_quirks_parse("1b36:0010:^bogus_nid,single_vector-1b36:0010:no_apst-8086:0953:^stripe_size",
			     o, 3);
	CHECK_EQ(n, 3, "three entries");
	CHECK_EQ(cnv_quirks_override(CNV_QUIRK_BOGUS_NID, 0x1b36, 0x0010, o, (unsigned int)n),
		 CNV_QUIRK_SINGLE_VECTOR, "first matching entry only, cleared after set");
	CHECK_EQ(cnv_quirks_override(CNV_QUIRK_STRIPE_SIZE | CNV_QUIRK_DEALLOCATE_ZEROES,
				     0x8086, 0x0953, o, (unsigned int)n),
		 CNV_QUIRK_DEALLOCATE_ZEROES, "cleared from the table's");
	CHECK_EQ(cnv_quirks_override(CNV_QUIRK_BOGUS_NID, 0x1b36, 0x0011, o, (unsigned int)n),
		 CNV_QUIRK_BOGUS_NID, "another device keeps its own");
	n = cnv_quirks_parse("1b36:0010:bogus_nid,^bogus_nid", o, 3);
	CHECK_EQ(cnv_quirks_override(0, 0x1b36, 0x0010, o, (unsigned int)n), 0,
		 "set and cleared: cleared");
}

static void test_format(void)
{
	char buf[64];
	size_t n;

	n = cnv_quirks_format(0, buf, sizeof(buf));
	CHECK(n == 5 && !strcmp(buf, "none\n"), "no quirk: %s", buf);
	n = cnv_quirks_format(CNV_QUIRK_BOGUS_NID | CNV_QUIRK_STRIPE_SIZE, buf, sizeof(buf));
	CHECK(!strcmp(buf, "stripe_size\nbogus_nid\n") && n == strlen(buf),
	      "one name per line, lowest bit first: %s", buf);
	n = cnv_quirks_format(CNV_QUIRK_STRIPE_SIZE | CNV_QUIRK_BOGUS_NID, buf, 14);
	CHECK(!strcmp(buf, "stripe_size\n") && n == 12, "a name that does not fit is left out");
	n = cnv_quirks_format(CNV_QUIRKS_ALL, buf, 0);
	CHECK_EQ(n, 0, "no room at all");
	n = cnv_quirks_format(BIT(30), buf, sizeof(buf));
	CHECK(!strcmp(buf, "unknown\n"), "only unknown bits: %s", buf);
}

static void shape(u32 quirks, u16 vendor, u16 device, u32 entries, struct cnv_io_queue_shape *out)
{
	cnv_quirks_io_queues(quirks, vendor, device, entries, 1024, 32, out);
}

/* Each flag that shapes the I/O queues, alone, against the plain shape. */
static void test_io_queue_shape(void)
{
	struct cnv_io_queue_shape s;

	shape(0, 0x1b36, 0x0010, 2048, &s);
	CHECK(s.max_queues == U32_MAX && s.depth == 1024 && s.reserved_tags == 0 &&
	      s.sqe_shift == 6 && s.sq_priority == 0 && s.cid_gen_mask == 0xf, "no quirk");
	shape(0, 0x1b36, 0x0010, 64, &s);
	CHECK_EQ(s.depth, 64, "MQES below the driver's cap");

	shape(CNV_QUIRK_QDEPTH_ONE, 0x1b36, 0x0010, 2048, &s);
	CHECK_EQ(s.depth, 2, "qdepth_one: one command and the empty slot");
	shape(CNV_QUIRK_SHARED_TAGS, 0x1b36, 0x0010, 2048, &s);
	CHECK(s.max_queues == 1 && s.reserved_tags == 32 && s.depth == 1024,
	      "shared_tags: one I/O queue, the admin queue's tags reserved");
	shape(CNV_QUIRK_SHARED_TAGS, 0x1b36, 0x0010, 16, &s);
	CHECK_EQ(s.depth, 34, "shared_tags: room for one I/O past the reserved tags");
	shape(CNV_QUIRK_SHARED_TAGS | CNV_QUIRK_QDEPTH_ONE, 0x1b36, 0x0010, 2048, &s);
	CHECK_EQ(s.depth, 34, "shared_tags wins over qdepth_one, as in-tree");
	shape(CNV_QUIRK_128_BYTES_SQES, 0x1b36, 0x0010, 2048, &s);
	CHECK_EQ(s.sqe_shift, 7, "128_bytes_sqes");
	shape(CNV_QUIRK_MEDIUM_PRIO_SQ, 0x1b36, 0x0010, 2048, &s);
	CHECK_EQ(s.sq_priority, 0x4, "medium_prio_sq: QPRIO 10b in CDW11 bits 2:1");
	shape(CNV_QUIRK_SKIP_CID_GEN, 0x1b36, 0x0010, 2048, &s);
	CHECK_EQ(s.cid_gen_mask, 0, "skip_cid_gen: CIDs are tags");
	/* The Apple T2 as the table gives it. */
	shape(cnv_quirks_for_device(0x106b, 0x2005), 0x106b, 0x2005, 256, &s);
	CHECK(s.max_queues == 1 && s.sqe_shift == 7 && s.cid_gen_mask == 0 &&
	      s.reserved_tags == 32, "Apple T2");
	/* Samsung PM1725 reports MQES 0: 64 entries, as in-tree. */
	shape(0, 0x144d, 0xa821, 1, &s);
	CHECK_EQ(s.depth, 64, "PM1725 a821");
	shape(0, 0x144d, 0xa822, 1, &s);
	CHECK_EQ(s.depth, 64, "PM1725 a822");
	shape(0, 0x144d, 0xa808, 1, &s);
	CHECK_EQ(s.depth, 1, "another Samsung keeps what it reports");
}

static void test_cns(void)
{
	const u32 v1_0 = 0x10000, v1_1 = 0x10100, v1_2 = 0x10200, v1_3 = 0x10300, v1_4 = 0x10400;

	CHECK(cnv_quirks_cns_ok(0, v1_0, false, 1) && !cnv_quirks_cns_ok(0, v1_0, false, 2),
	      "1.0: one CNS bit");
	CHECK(cnv_quirks_cns_ok(0, v1_1, false, 2) && !cnv_quirks_cns_ok(0, v1_1, false, 6),
	      "1.1: two CNS bits");
	CHECK(!cnv_quirks_cns_ok(CNV_QUIRK_IDENTIFY_CNS, v1_1, false, 2),
	      "1.1 with identify_cns: one bit");
	CHECK(cnv_quirks_cns_ok(CNV_QUIRK_IDENTIFY_CNS, v1_2, false, 2) &&
	      cnv_quirks_cns_ok(CNV_QUIRK_IDENTIFY_CNS, v1_2, false, 6),
	      "1.2: the full byte, whatever the quirk (as in-tree)");
	CHECK(!cnv_quirks_cns_ok(0, v1_2, false, 3) && cnv_quirks_cns_ok(0, v1_2, true, 3),
	      "descriptor list before 1.3 only with command sets");
	CHECK(cnv_quirks_cns_ok(0, v1_3, false, 3) && cnv_quirks_cns_ok(0, v1_4, false, 3),
	      "descriptor list from 1.3");
	CHECK(!cnv_quirks_cns_ok(CNV_QUIRK_NO_NS_DESC_LIST, v1_4, true, 3) &&
	      cnv_quirks_cns_ok(CNV_QUIRK_NO_NS_DESC_LIST, v1_4, true, 2),
	      "no_ns_desc_list: only the descriptor list goes");
}

static void test_stripe(void)
{
	CHECK_EQ(cnv_quirks_stripe_bytes(0, 131072), 0, "no quirk");
	CHECK_EQ(cnv_quirks_stripe_bytes(CNV_QUIRK_STRIPE_SIZE, 131072), 131072, "a power of two");
	CHECK_EQ(cnv_quirks_stripe_bytes(CNV_QUIRK_STRIPE_SIZE, 126976), 0, "not a power of two");
	CHECK_EQ(cnv_quirks_stripe_bytes(CNV_QUIRK_STRIPE_SIZE, 0), 0, "no transfer size");
}

static void test_duplicate_ids(void)
{
	CHECK_EQ(cnv_duplicate_ids_action(false, false, true, true), CNV_DUPLICATE_IDS_NONE,
		 "unique");
	CHECK_EQ(cnv_duplicate_ids_action(true, false, false, false), CNV_DUPLICATE_IDS_CLEAR,
		 "consumer drive: identifiers cleared");
	CHECK_EQ(cnv_duplicate_ids_action(true, false, true, false), CNV_DUPLICATE_IDS_CLEAR,
		 "multi-controller subsystem, private namespace: cleared");
	CHECK_EQ(cnv_duplicate_ids_action(true, false, false, true), CNV_DUPLICATE_IDS_CLEAR,
		 "shared namespace of a single-controller subsystem: cleared");
	CHECK_EQ(cnv_duplicate_ids_action(true, false, true, true), CNV_DUPLICATE_IDS_IGNORE,
		 "shared namespace of a multi-controller subsystem: ignored");
	CHECK_EQ(cnv_duplicate_ids_action(false, true, false, false), CNV_DUPLICATE_IDS_IGNORE,
		 "two NSIDs of one subsystem: ignored");
	CHECK_EQ(cnv_duplicate_ids_action(true, true, false, false), CNV_DUPLICATE_IDS_CLEAR,
		 "cleared identifiers meet nothing in the subsystem");
}

static void test_platform_rules(void)
{
	CHECK_EQ(cnv_quirks_firmware_suspend(0, true, false), CNV_QUIRK_SIMPLE_SUSPEND,
		 "StorageD3Enable: simple suspend");
	CHECK_EQ(cnv_quirks_firmware_suspend(0, false, false), 0, "no request");
	CHECK_EQ(cnv_quirks_firmware_suspend(0, true, true), 0, "noacpi");
	CHECK_EQ(cnv_quirks_firmware_suspend(CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND, true, false),
		 CNV_QUIRK_FORCE_NO_SIMPLE_SUSPEND, "force_no_simple_suspend");
	CHECK(cnv_quirks_msi_ok(0) && !cnv_quirks_msi_ok(CNV_QUIRK_BROKEN_MSI), "broken_msi");
}

static void test_temp_thresholds(void)
{
	CHECK_EQ(cnv_quirks_temp_threshold_mode(0, 0, true, true), 0644, "composite");
	CHECK_EQ(cnv_quirks_temp_threshold_mode(0, 0, true, false), 0, "no WCTEMP");
	CHECK_EQ(cnv_quirks_temp_threshold_mode(0, 2, true, true), 0644, "sensor 2");
	CHECK_EQ(cnv_quirks_temp_threshold_mode(0, 2, false, true), 0, "absent sensor");
	CHECK_EQ(cnv_quirks_temp_threshold_mode(CNV_QUIRK_NO_SECONDARY_TEMP_THRESH, 2, true, true), 0,
		 "no_secondary_temp_thresh hides a sensor's");
	CHECK_EQ(cnv_quirks_temp_threshold_mode(CNV_QUIRK_NO_SECONDARY_TEMP_THRESH, 0, true, true),
		 0644, "...not the composite one");
	CHECK_EQ(cnv_quirks_temp_threshold_mode(CNV_QUIRK_NO_TEMP_THRESH_CHANGE, 0, true, true), 0444,
		 "no_temp_thresh_change: read-only");
	CHECK_EQ(cnv_quirks_temp_threshold_mode(CNV_QUIRK_NO_TEMP_THRESH_CHANGE, 3, true, true), 0444,
		 "no_temp_thresh_change on a sensor");
}

int main(void)
{
	RUN(test_names);
	RUN(test_pci_table);
	RUN(test_identify_table);
	RUN(test_platform_table);
	RUN(test_parse);
	RUN(test_override);
	RUN(test_format);
	RUN(test_io_queue_shape);
	RUN(test_cns);
	RUN(test_stripe);
	RUN(test_duplicate_ids);
	RUN(test_platform_rules);
	RUN(test_temp_thresholds);
	return unit_finish();
}

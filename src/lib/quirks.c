// SPDX-License-Identifier: GPL-2.0
/*
 * Deciding a controller's quirks from the tables in quirk_table.c and the
 * user's cnvme.quirks= line. Pure: the module fills in what it read from
 * the device and the board.
 */
#include "quirks.h"

static const char *const cnv_quirk_names[CNV_QUIRK_COUNT] = {
	"stripe_size",
	"identify_cns",
	"deallocate_zeroes",
	"delay_before_chk_rdy",
	"no_apst",
	"no_deepest_ps",
	"qdepth_one",
	"medium_prio_sq",
	"ignore_dev_subnqn",
	"disable_write_zeroes",
	"simple_suspend",
	"single_vector",
	"128_bytes_sqes",
	"shared_tags",
	"no_temp_thresh_change",
	"no_ns_desc_list",
	"dma_address_bits_48",
	"skip_cid_gen",
	"bogus_nid",
	"no_secondary_temp_thresh",
	"force_no_simple_suspend",
	"broken_msi",
	"dmapool_align_512",
	"admin_page_align",
};

const char *cnv_quirk_name(u32 quirk)
{
	unsigned int i;

	for (i = 0; i < CNV_QUIRK_COUNT; i++)
		if (quirk == BIT(i))
			return cnv_quirk_names[i];
	return "unknown";
}

u32 cnv_quirks_for_device(u16 vendor, u16 device)
{
	unsigned int i;

	for (i = 0; i < cnv_pci_quirk_count; i++)
		if (cnv_pci_quirks[i].vendor == vendor && cnv_pci_quirks[i].device == device)
			return cnv_pci_quirks[i].quirks;
	return 0;
}

/* A board string equals @want; an unknown string equals nothing. */
static bool cnv_platform_is(const char *have, const char *want)
{
	return have && !strcmp(have, want);
}

/* @have is one of @names (up to CNV_PLATFORM_MAX_NAMES, NULL-ended), or no list is given. */
static bool cnv_platform_one_of(const char *have, const char *const *names)
{
	unsigned int i;

	if (!names[0])
		return true;
	for (i = 0; i < CNV_PLATFORM_MAX_NAMES && names[i]; i++)
		if (cnv_platform_is(have, names[i]))
			return true;
	return false;
}

static bool cnv_platform_device_is(const struct cnv_platform_quirk *q, u16 vendor, u16 device)
{
	unsigned int i;

	if (q->vendor && q->vendor != vendor)
		return false;
	if (!q->devices[0])
		return true;
	for (i = 0; i < CNV_PLATFORM_MAX_DEVICES && q->devices[i]; i++)
		if (q->devices[i] == device)
			return true;
	return false;
}

u32 cnv_quirks_for_platform(u16 vendor, u16 device, const struct cnv_platform *platform)
{
	const struct cnv_platform_quirk *q;
	unsigned int i;

	for (i = 0; i < cnv_platform_quirk_count; i++) {
		q = &cnv_platform_quirks[i];
		if (!cnv_platform_device_is(q, vendor, device))
			continue;
		if (q->sys_vendor && !cnv_platform_is(platform->sys_vendor, q->sys_vendor))
			continue;
		if (q->board_vendor && !cnv_platform_is(platform->board_vendor, q->board_vendor))
			continue;
		if (!cnv_platform_one_of(platform->product_name, q->product_names) ||
		    !cnv_platform_one_of(platform->board_name, q->board_names))
			continue;
		return q->quirks;
	}
	return 0;
}

/* @field (space padded to @len) holds @want; no @want matches anything. */
static bool cnv_id_field_is(const char *field, size_t len, const char *want)
{
	size_t n;

	if (!want)
		return true;
	n = strlen(want);
	if (n > len || memcmp(field, want, n))
		return false;
	for (; n < len; n++)
		if (field[n] != ' ')
			return false;
	return true;
}

u32 cnv_quirks_for_identify(u16 vid, const char *model, size_t model_len,
			    const char *firmware, size_t firmware_len)
{
	const struct cnv_id_quirk *q;
	u32 quirks = 0;
	unsigned int i;

	for (i = 0; i < cnv_id_quirk_count; i++) {
		q = &cnv_id_quirks[i];
		if (q->vid == vid && cnv_id_field_is(model, model_len, q->model) &&
		    cnv_id_field_is(firmware, firmware_len, q->firmware))
			quirks |= q->quirks;
	}
	return quirks;
}

/* Parses 1 to 4 hex digits (after an optional 0x) ending at @end into @out. */
static int cnv_parse_id(const char *s, const char *end, u16 *out)
{
	unsigned int v = 0;
	const char *p;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s == end || end - s > 4)
		return -EINVAL;
	for (p = s; p < end; p++) {
		if (*p >= '0' && *p <= '9')
			v = v * 16 + (unsigned int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			v = v * 16 + (unsigned int)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			v = v * 16 + (unsigned int)(*p - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = (u16)v;
	return 0;
}

static int cnv_quirk_by_name(const char *s, const char *end)
{
	size_t len = (size_t)(end - s);
	unsigned int i;

	for (i = 0; i < CNV_QUIRK_COUNT; i++)
		if (strlen(cnv_quirk_names[i]) == len && !memcmp(cnv_quirk_names[i], s, len))
			return (int)i;
	return -EINVAL;
}

static const char *cnv_find(const char *s, const char *end, char c)
{
	while (s < end && *s != c)
		s++;
	return s;
}

/* One "VID:DID:names" entry, from @s up to @end. */
static int cnv_parse_override(const char *s, const char *end, struct cnv_quirk_override *o)
{
	const char *colon, *name_end;
	int bit;

	colon = cnv_find(s, end, ':');
	if (colon == end || cnv_parse_id(s, colon, &o->vendor))
		return -EINVAL;
	s = colon + 1;
	colon = cnv_find(s, end, ':');
	if (colon == end || cnv_parse_id(s, colon, &o->device))
		return -EINVAL;
	o->set = 0;
	o->clear = 0;
	/* As in-tree, the names end at the first empty one. */
	for (s = colon + 1; s < end && *s != ','; s = name_end + 1) {
		bool clear = *s == '^';

		name_end = cnv_find(s, end, ',');
		bit = cnv_quirk_by_name(s + clear, name_end);
		if (bit < 0)
			return -EINVAL;
		if (clear)
			o->clear |= BIT(bit);
		else
			o->set |= BIT(bit);
		if (name_end == end)
			break;
	}
	return 0;
}

int cnv_quirks_parse(const char *line, struct cnv_quirk_override *out, unsigned int max)
{
	const char *end = line + strlen(line), *entry_end;
	unsigned int count = 0;

	/* A trailing newline, as "echo" writes, is not part of the last name. */
	if (end > line && end[-1] == '\n')
		end--;
	if (line == end)
		return 0;
	for (;;) {
		entry_end = cnv_find(line, end, '-');
		if (count == max)
			return -E2BIG;
		if (cnv_parse_override(line, entry_end, &out[count]))
			return -EINVAL;
		count++;
		if (entry_end == end)
			return (int)count;
		line = entry_end + 1;
	}
}

u32 cnv_quirks_override(u32 quirks, u16 vendor, u16 device,
			const struct cnv_quirk_override *overrides, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (overrides[i].vendor == vendor && overrides[i].device == device)
			return (quirks | overrides[i].set) & ~overrides[i].clear;
	}
	return quirks;
}

size_t cnv_quirks_format(u32 quirks, char *buf, size_t len)
{
	size_t used = 0, n;
	unsigned int i;
	const char *name;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!(quirks & CNV_QUIRKS_ALL)) {
		name = quirks ? "unknown" : "none";
		n = strlen(name);
		if (n + 2 > len)
			return 0;
		memcpy(buf, name, n);
		buf[n] = '\n';
		buf[n + 1] = '\0';
		return n + 1;
	}
	for (i = 0; i < CNV_QUIRK_COUNT; i++) {
		if (!(quirks & BIT(i)))
			continue;
		name = cnv_quirk_names[i];
		n = strlen(name);
		if (used + n + 2 > len)
			break;
		memcpy(buf + used, name, n);
		used += n;
		buf[used++] = '\n';
		buf[used] = '\0';
	}
	return used;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for quirk decisions: the Identify model and firmware
 * come from the device, the cnvme.quirks= line from the user. Whatever
 * they hold, only known flags come out, and the sysfs listing of the
 * result parses back (as a quirks= line) to the same flags.
 * Input: vendor (2), device (2), model (40), firmware (8), then the line.
 */
#include "../unit/unit.h"
#include "lib/quirks.h"

#define MAX_OVERRIDES 8

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "violated: %s\n", what);
		abort();
	}
}

/* "VVVV:DDDD:" and the listing's names joined by commas. */
static void listing_to_line(const char *listing, u16 vendor, u16 device, char *line, size_t len)
{
	size_t n = (size_t)snprintf(line, len, "%04x:%04x:", vendor, device);
	const char *p;

	for (p = listing; *p && n + 1 < len; p++)
		line[n++] = *p == '\n' ? ',' : *p;
	line[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnv_quirk_override o[MAX_OVERRIDES];
	char line[512], listing[1024], again[1024];
	struct cnv_quirk_override back[1];
	u32 quirks, set;
	u16 vendor, device;
	int n, m;

	if (size < 52)
		return 0;
	vendor = (u16)(data[0] | data[1] << 8);
	device = (u16)(data[2] | data[3] << 8);
	quirks = cnv_quirks_for_device(vendor, device) |
		 cnv_quirks_for_identify(vendor, (const char *)data + 4, 40,
					 (const char *)data + 44, 8);
	check(!(quirks & ~CNV_QUIRKS_ALL), "a table gave an unknown flag");

	size -= 52;
	if (size >= sizeof(line))
		size = sizeof(line) - 1;
	memcpy(line, data + 52, size);
	line[size] = '\0';
	n = cnv_quirks_parse(line, o, MAX_OVERRIDES);
	check(n == -EINVAL || n == -E2BIG || (n >= 0 && n <= MAX_OVERRIDES), "parse result");
	if (n > 0) {
		for (m = 0; m < n; m++)
			check(!((o[m].set | o[m].clear) & ~CNV_QUIRKS_ALL), "parsed an unknown flag");
		set = cnv_quirks_override(quirks, vendor, device, o, (unsigned int)n);
		check(!(set & ~CNV_QUIRKS_ALL), "override gave an unknown flag");
		quirks = set;
	}

	cnv_quirks_format(quirks, listing, sizeof(listing));
	if (strcmp(listing, "none\n")) {
		listing_to_line(listing, vendor, device, again, sizeof(again));
		m = cnv_quirks_parse(again, back, 1);
		check(m == 1, "the listing does not parse back");
		check(back[0].set == quirks && !back[0].clear, "the listing parses to other flags");
	}
	return 0;
}

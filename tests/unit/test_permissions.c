// SPDX-License-Identifier: GPL-2.0
/*
 * Unprivileged passthrough, rule by rule as the in-tree driver of 6.2 and
 * later has them (nvme_cmd_allowed()), and none at all before.
 */
#include "unit.h"
#include "lib/permissions.h"

/* QEMU 10.0.2's effects log: every I/O command CSUPP, writes also LBCC. */
#define SUPPORTED	CNV_EFFECTS_CSUPP
#define CHANGES		(CNV_EFFECTS_CSUPP | CNV_EFFECTS_LBCC)

static bool allowed(const struct cnv_passthru_request *r)
{
	return cnv_passthru_unprivileged(CNV_PASSTHRU_BY_EFFECTS, r);
}

static void test_before_6_2(void)
{
	struct cnv_passthru_request r = { .admin = true, .opcode = CNV_ADMIN_IDENTIFY,
					  .cns = CNV_CNS_CONTROLLER };

	CHECK(!cnv_passthru_unprivileged(CNV_PASSTHRU_PRIVILEGED, &r), "6.1: Identify");
	r = (struct cnv_passthru_request){ .opcode = CNV_IO_READ, .io_effects = SUPPORTED };
	CHECK(!cnv_passthru_unprivileged(CNV_PASSTHRU_PRIVILEGED, &r), "6.1: a read");
}

static void test_admin(void)
{
	static const struct { u8 cns; bool ok; } cns[] = {
		{ 0x00, true }, { 0x01, true }, { 0x02, false }, { 0x03, false },
		{ 0x05, true }, { 0x06, true }, { 0x07, false }, { 0x08, true },
		{ 0x10, false }, { 0x1f, false },
	};
	struct cnv_passthru_request r = { .admin = true, .opcode = CNV_ADMIN_IDENTIFY };
	unsigned int i;

	for (i = 0; i < sizeof(cns) / sizeof(cns[0]); i++) {
		r.cns = cns[i].cns;
		CHECK(allowed(&r) == cns[i].ok, "Identify CNS %#x", cns[i].cns);
	}
	r.open_for_write = true;
	r.cns = 0x02;
	CHECK(!allowed(&r), "open for writing changes nothing for admin commands");
	r = (struct cnv_passthru_request){ .admin = true, .opcode = 0x02 };
	CHECK(!allowed(&r), "Get Log Page");
	r.opcode = 0x0a;
	CHECK(!allowed(&r), "Get Features");
	r.opcode = 0x09;
	CHECK(!allowed(&r), "Set Features");
	r.opcode = 0xc6;
	CHECK(!allowed(&r), "vendor specific admin command");
}

static void test_io(void)
{
	struct cnv_passthru_request r = { .opcode = CNV_IO_READ, .io_effects = SUPPORTED };

	CHECK(allowed(&r), "a read on a read-only node");
	r.io_effects = 0;
	CHECK(!allowed(&r), "a read the log does not list");
	r = (struct cnv_passthru_request){ .opcode = CNV_IO_WRITE, .io_effects = CHANGES };
	CHECK(!allowed(&r), "a write on a read-only node");
	r.open_for_write = true;
	CHECK(allowed(&r), "a write on a node open for writing");
	r = (struct cnv_passthru_request){ .opcode = CNV_IO_DSM, .io_effects = CHANGES };
	CHECK(!allowed(&r), "a deallocation (LBCC, host-to-controller) read-only");
	r.open_for_write = true;
	CHECK(allowed(&r), "a deallocation open for writing");
	r = (struct cnv_passthru_request){ .opcode = CNV_IO_FLUSH, .io_effects = SUPPORTED };
	CHECK(allowed(&r), "a flush (moves no data) read-only");
	r = (struct cnv_passthru_request){ .opcode = CNV_IO_COMPARE, .io_effects = SUPPORTED };
	CHECK(!allowed(&r), "a compare sends data: writable node needed");
	r = (struct cnv_passthru_request){ .opcode = CNV_IO_READ, .open_for_write = true,
					   .io_effects = SUPPORTED | CNV_EFFECTS_NCC };
	CHECK(!allowed(&r), "namespace capability change");
	r.io_effects = SUPPORTED | CNV_EFFECTS_CSE_NS;
	CHECK(!allowed(&r), "exclusive submission");
	r.io_effects = SUPPORTED | CNV_EFFECTS_UUID_SEL | CNV_EFFECTS_CSP_NS;
	CHECK(allowed(&r), "UUID selection and a scope are harmless");
	r.io_effects = SUPPORTED | BIT(5);
	CHECK(!allowed(&r), "an unknown effect");
	r = (struct cnv_passthru_request){ .opcode = 0x80, .open_for_write = true,
					   .io_effects = CHANGES };
	CHECK(!allowed(&r), "vendor specific I/O, even if the log lists it");
	r.opcode = 0x7f;
	CHECK(!allowed(&r), "the fabrics opcode");
	r = (struct cnv_passthru_request){ .opcode = CNV_IO_READ, .partition = true,
					   .io_effects = SUPPORTED };
	CHECK(!allowed(&r), "through a partition");
}

static void test_known_effects(void)
{
	CHECK_EQ(cnv_known_io_effects(CNV_IO_WRITE), CHANGES, "write");
	CHECK_EQ(cnv_known_io_effects(CNV_IO_WRITE_ZEROES), CHANGES, "write zeroes");
	CHECK_EQ(cnv_known_io_effects(CNV_IO_WRITE_UNCORRECTABLE), CHANGES, "write uncorrectable");
	CHECK_EQ(cnv_known_io_effects(CNV_IO_READ), 0, "read: only the log says");
	CHECK_EQ(cnv_known_io_effects(CNV_IO_DSM), 0, "DSM: only the log says");
}

int main(void)
{
	RUN(test_before_6_2);
	RUN(test_admin);
	RUN(test_io);
	RUN(test_known_effects);
	return unit_finish();
}

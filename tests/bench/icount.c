// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin that counts the guest instructions and MMIO writes of a
 * measured phase, split by where the code runs: the driver under test, the
 * rest of the kernel, or user space.
 *
 * The guest brackets a phase with marker instructions (tests/bench/marker.c):
 * "nopl MAGIC+code(%rax)", a 7-byte NOP that no compiler emits with this
 * displacement. At the start marker the plugin reads the guest-written
 * regions file (one "region NAME START END" line per code range, hex
 * addresses, and one "label TEXT" line) and zeroes its counters; at the stop
 * marker it appends one line to the results file:
 *
 *   label=TEXT insns=N user=N kernel=N NAME=N... mmio_writes=N NAME_mmio_writes=N...
 *
 * where kernel excludes the named regions and MMIO writes are attributed to
 * the region of the instruction that made them (a driver's doorbells).
 *
 * With profile=PATH, each stop marker also appends the phase's executed
 * kernel instructions per translation block start ("label" line, then
 * "ADDRESS COUNT" lines) for symbolising against the guest's kallsyms.
 *
 * Usage: -plugin icount.so,regions=PATH,results=PATH[,profile=PATH]
 *
 * Debian's QEMU ships no plugin header; the few entry points used are
 * declared below from the documented API (version 4, QEMU 9.2 and later).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the QEMU plugin API this file uses --- */
typedef uint64_t qemu_plugin_id_t;
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_plugin_hwaddr;

typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_mem_rw { QEMU_PLUGIN_MEM_R = 1, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_MEM_RW };

typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
					  uint64_t vaddr, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
				      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
				      void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest, size_t len);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr);
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 4;
/* --- end of the API --- */

/* Marker: nopl disp32(%rax) = 0f 1f 80 <disp32>, disp32 = MARKER_MAGIC | code. */
#define MARKER_MAGIC	0x4e564d00u	/* "\0MVN" */
#define MARKER_START	1u
#define MARKER_STOP	2u

/* x86-64: the kernel's text and modules sit in the top 2 GiB. */
#define KERNEL_TEXT_BASE	0xffffffff80000000ull
#define USER_SPACE_END		0x0000800000000000ull

#define MAX_REGIONS	8
#define MAX_VCPUS	64

enum { CLASS_USER, CLASS_KERNEL, CLASS_REGION0 };
#define NR_CLASSES	(CLASS_REGION0 + MAX_REGIONS)

struct region {
	char name[32];
	uint64_t start, end;
};

/* One cache line apart per vCPU: each vCPU thread updates only its own. */
struct vcpu_counts {
	uint64_t insns[NR_CLASSES];
	uint64_t mmio_writes[NR_CLASSES];
} __attribute__((aligned(64)));

/*
 * A TB's start address and length travel in its callback's userdata: TCG
 * blocks hold at most 512 instructions, and x86-64 virtual addresses are 48
 * bits sign-extended, so both fit in 64 bits and nothing is allocated per
 * translation.
 */
#define TB_LEN_BITS	10

static void *tb_pack(uint64_t vaddr, size_t n_insns)
{
	return (void *)(uintptr_t)(((vaddr & ((1ull << 48) - 1)) << TB_LEN_BITS) | n_insns);
}

static uint64_t tb_vaddr(uintptr_t packed)
{
	uint64_t v = packed >> TB_LEN_BITS;

	return v & (1ull << 47) ? v | ~((1ull << 48) - 1) : v;
}

static const char *regions_path, *results_path, *profile_path;
static pthread_mutex_t marker_lock = PTHREAD_MUTEX_INITIALIZER;		/* serialises start/stop markers */
static volatile bool counting;		/* read by every vCPU, set by markers */
static struct region regions[MAX_REGIONS];
static unsigned int nr_regions;		/* written only while !counting */
static char label[256];
static struct vcpu_counts counts[MAX_VCPUS];

/*
 * Kernel instructions by TB start address, for profile=: open addressing,
 * keys claimed with compare-and-swap so vCPU threads need no lock.
 */
#define PROFILE_SLOTS	(1u << 16)
static struct {
	uint64_t vaddr;
	uint64_t insns;
} profile[PROFILE_SLOTS];

static void profile_add(uint64_t vaddr, uint64_t n)
{
	unsigned int i, slot = (unsigned int)((vaddr * 0x9e3779b97f4a7c15ull) >> 48);

	for (i = 0; i < 64; i++, slot = (slot + 1) % PROFILE_SLOTS) {
		uint64_t key = __atomic_load_n(&profile[slot].vaddr, __ATOMIC_RELAXED);

		if (!key && __atomic_compare_exchange_n(&profile[slot].vaddr, &key, vaddr, false,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			key = vaddr;
		if (key == vaddr) {
			__atomic_fetch_add(&profile[slot].insns, n, __ATOMIC_RELAXED);
			return;
		}
	}
}

static void write_profile(void)
{
	FILE *f = fopen(profile_path, "a");
	unsigned int i;

	if (!f)
		return;
	fprintf(f, "label %s\n", label);
	for (i = 0; i < PROFILE_SLOTS; i++)
		if (profile[i].insns)
			fprintf(f, "%" PRIx64 " %" PRIu64 "\n", profile[i].vaddr, profile[i].insns);
	fclose(f);
}

static unsigned int classify(uint64_t vaddr)
{
	unsigned int i;

	if (vaddr < USER_SPACE_END)
		return CLASS_USER;
	for (i = 0; i < nr_regions; i++)
		if (vaddr >= regions[i].start && vaddr < regions[i].end)
			return CLASS_REGION0 + i;
	return CLASS_KERNEL;
}

static void tb_exec(unsigned int vcpu, void *udata)
{
	uintptr_t tb = (uintptr_t)udata;
	uint64_t vaddr = tb_vaddr(tb), n = tb & ((1u << TB_LEN_BITS) - 1);
	unsigned int class;

	if (!counting || vcpu >= MAX_VCPUS)
		return;
	class = classify(vaddr);
	counts[vcpu].insns[class] += n;
	if (profile_path && class != CLASS_USER)
		profile_add(vaddr, n);
}

static void kernel_store(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
			 void *udata)
{
	uint64_t pc = (uintptr_t)udata;

	if (!counting || vcpu >= MAX_VCPUS)
		return;
	if (qemu_plugin_hwaddr_is_io(qemu_plugin_get_hwaddr(info, vaddr)))
		counts[vcpu].mmio_writes[classify(pc)]++;
}

static void load_regions(void)
{
	char line[512], name[32];
	unsigned long long start, end;
	FILE *f = fopen(regions_path, "r");

	nr_regions = 0;
	label[0] = 0;
	if (!f) {
		qemu_plugin_outs("icount: cannot open the regions file\n");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "label ", 6)) {
			snprintf(label, sizeof(label), "%.255s", line + 6);
		} else if (sscanf(line, "region %31s %llx %llx", name, &start, &end) == 3 &&
			   nr_regions < MAX_REGIONS) {
			snprintf(regions[nr_regions].name, sizeof(regions[0].name), "%s", name);
			regions[nr_regions].start = start;
			regions[nr_regions].end = end;
			nr_regions++;
		}
	}
	fclose(f);
}

/* Regions with the same name (a module's several text sections) add up. */
static void append_sums(FILE *f, const uint64_t *sum, const char *suffix)
{
	unsigned int i, j;

	for (i = 0; i < nr_regions; i++) {
		uint64_t total = 0;

		for (j = 0; j < i; j++)
			if (!strcmp(regions[j].name, regions[i].name))
				break;
		if (j < i)
			continue;
		for (j = i; j < nr_regions; j++)
			if (!strcmp(regions[j].name, regions[i].name))
				total += sum[CLASS_REGION0 + j];
		fprintf(f, " %s%s=%" PRIu64, regions[i].name, suffix, total);
	}
}

static void write_results(void)
{
	uint64_t insns[NR_CLASSES] = { 0 }, mmio[NR_CLASSES] = { 0 }, all = 0, all_mmio = 0;
	unsigned int v, c;
	FILE *f = fopen(results_path, "a");

	if (!f) {
		qemu_plugin_outs("icount: cannot append to the results file\n");
		return;
	}
	for (v = 0; v < MAX_VCPUS; v++)
		for (c = 0; c < NR_CLASSES; c++) {
			insns[c] += counts[v].insns[c];
			mmio[c] += counts[v].mmio_writes[c];
		}
	for (c = 0; c < NR_CLASSES; c++) {
		all += insns[c];
		all_mmio += mmio[c];
	}
	fprintf(f, "label=%s insns=%" PRIu64 " user=%" PRIu64 " kernel=%" PRIu64,
		label, all, insns[CLASS_USER], insns[CLASS_KERNEL]);
	append_sums(f, insns, "");
	fprintf(f, " mmio_writes=%" PRIu64, all_mmio);
	append_sums(f, mmio, "_mmio_writes");
	fputc('\n', f);
	fclose(f);
}

static void marker_exec(unsigned int vcpu, void *udata)
{
	unsigned int code = (uintptr_t)udata;

	(void)vcpu;
	pthread_mutex_lock(&marker_lock);
	if (code == MARKER_START) {
		counting = false;
		load_regions();
		memset(counts, 0, sizeof(counts));
		memset(profile, 0, sizeof(profile));
		counting = true;
	} else if (code == MARKER_STOP && counting) {
		counting = false;
		write_results();
		if (profile_path)
			write_profile();
	}
	pthread_mutex_unlock(&marker_lock);
}

static unsigned int marker_code(const struct qemu_plugin_insn *insn)
{
	uint8_t b[8];
	uint32_t disp;

	if (qemu_plugin_insn_data(insn, b, sizeof(b)) != 7)
		return 0;
	if (b[0] != 0x0f || b[1] != 0x1f || b[2] != 0x80)
		return 0;
	memcpy(&disp, b + 3, sizeof(disp));
	if ((disp & ~0xffu) != MARKER_MAGIC)
		return 0;
	return disp & 0xff;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
					     tb_pack(qemu_plugin_tb_vaddr(tb), n));

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t pc = qemu_plugin_insn_vaddr(insn);
		unsigned int code;

		if (pc >= KERNEL_TEXT_BASE) {
			qemu_plugin_register_vcpu_mem_cb(insn, kernel_store, QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_W, (void *)(uintptr_t)pc);
		} else if (pc < USER_SPACE_END) {
			code = marker_code(insn);
			if (code)
				qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_exec,
								       QEMU_PLUGIN_CB_NO_REGS,
								       (void *)(uintptr_t)code);
		}
	}
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	int i;

	if (!info->system_emulation || strcmp(info->target_name, "x86_64")) {
		qemu_plugin_outs("icount: needs qemu-system-x86_64\n");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "regions=", 8))
			regions_path = argv[i] + 8;
		else if (!strncmp(argv[i], "results=", 8))
			results_path = argv[i] + 8;
		else if (!strncmp(argv[i], "profile=", 8))
			profile_path = argv[i] + 8;
	}
	if (!regions_path || !results_path) {
		qemu_plugin_outs("icount: usage: icount.so,regions=PATH,results=PATH\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	return 0;
}

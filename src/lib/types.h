/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few types and helpers the pure-logic files need, from the kernel when
 * built into the module and from libc when built into host tests and fuzzers.
 * Nothing else in lib/ includes a kernel or libc header directly.
 */
#ifndef CNVME_LIB_TYPES_H
#define CNVME_LIB_TYPES_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#else
#include <assert.h>
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;

#define BIT(n) (1UL << (n))
#define U32_MAX ((u32)~0U)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define le16_to_cpu(x) le16toh(x)
#define le32_to_cpu(x) le32toh(x)
#define le64_to_cpu(x) le64toh(x)
#define cpu_to_le16(x) htole16(x)
#define cpu_to_le32(x) htole32(x)
#define cpu_to_le64(x) htole64(x)
#endif

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs attributes of controllers (/sys/class/nvme/nvmeN), subsystems
 * (/sys/class/nvme-subsystem/nvme-subsysN) and namespaces
 * (/sys/block/nvmeNnM): the names and formats libnvme and nvme-cli read,
 * matching the in-tree driver's.
 */
#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "cnvme.h"
#include "compat.h"

static struct cnv_ctrl *cnv_dev_ctrl(struct device *dev)
{
	return dev_get_drvdata(dev);
}

/* Identify strings are shown as reported, padding included, like in-tree. */
static ssize_t cnv_show_padded(char *buf, const char *field, size_t len)
{
	return sysfs_emit(buf, "%.*s\n", (int)len, field);
}

static ssize_t model_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct cnv_subsys *subsys = cnv_dev_ctrl(dev)->subsys;

	return subsys ? cnv_show_padded(buf, subsys->model, sizeof(subsys->model)) :
			sysfs_emit(buf, "\n");
}
static DEVICE_ATTR_RO(model);

static ssize_t serial_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct cnv_subsys *subsys = cnv_dev_ctrl(dev)->subsys;

	return subsys ? cnv_show_padded(buf, subsys->serial, sizeof(subsys->serial)) :
			sysfs_emit(buf, "\n");
}
static DEVICE_ATTR_RO(serial);

static ssize_t firmware_rev_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct cnv_subsys *subsys = cnv_dev_ctrl(dev)->subsys;

	return subsys ? cnv_show_padded(buf, subsys->firmware_rev, sizeof(subsys->firmware_rev)) :
			sysfs_emit(buf, "\n");
}
static DEVICE_ATTR_RO(firmware_rev);

#define CNV_CTRL_NUMBER(name, expr)						\
static ssize_t name##_show(struct device *dev, struct device_attribute *attr,	\
			   char *buf)						\
{										\
	struct cnv_ctrl *ctrl = cnv_dev_ctrl(dev);				\
										\
	return sysfs_emit(buf, "%d\n", (int)(expr));				\
}										\
static DEVICE_ATTR_RO(name)

CNV_CTRL_NUMBER(cntlid, ctrl->cntlid);
CNV_CTRL_NUMBER(numa_node, dev_to_node(ctrl->dev));
CNV_CTRL_NUMBER(queue_count, ctrl->nr_io_queues + 1);
CNV_CTRL_NUMBER(sqsize, ctrl->io_depth ? ctrl->io_depth - 1 : 0);

/* No keep-alive on PCIe. */
static ssize_t kato_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static DEVICE_ATTR_RO(kato);

static ssize_t transport_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "pcie\n");
}
static DEVICE_ATTR_RO(transport);

static ssize_t address_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", pci_name(cnv_dev_ctrl(dev)->pdev));
}
static DEVICE_ATTR_RO(address);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", cnv_ctrl_state_name(cnv_dev_ctrl(dev)));
}
static DEVICE_ATTR_RO(state);

static ssize_t subsysnqn_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct cnv_subsys *subsys = cnv_dev_ctrl(dev)->subsys;

	return sysfs_emit(buf, "%s\n", subsys ? subsys->subnqn : "");
}
static DEVICE_ATTR_RO(subsysnqn);

static ssize_t cntrltype_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	static const char *const type[] = { [1] = "io", [2] = "discovery", [3] = "admin" };
	u8 t = cnv_dev_ctrl(dev)->cntrltype;

	return sysfs_emit(buf, "%s\n", t < ARRAY_SIZE(type) && type[t] ? type[t] : "reserved");
}
static DEVICE_ATTR_RO(cntrltype);

static ssize_t dctype_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	static const char *const type[] = { "none", "ddc", "cdc" };
	u8 t = cnv_dev_ctrl(dev)->dctype;

	return sysfs_emit(buf, "%s\n", t < ARRAY_SIZE(type) ? type[t] : "reserved");
}
static DEVICE_ATTR_RO(dctype);

/* One name per line, "none" without any, as the in-tree driver lists them (7.x). */
static ssize_t quirks_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return cnv_quirks_format(READ_ONCE(cnv_dev_ctrl(dev)->quirks), buf, PAGE_SIZE);
}
static DEVICE_ATTR_RO(quirks);

static ssize_t reset_controller_store(struct device *dev, struct device_attribute *attr,
				      const char *buf, size_t count)
{
	int ret = cnv_ctrl_reset(cnv_dev_ctrl(dev));

	return ret ? ret : count;
}
static DEVICE_ATTR_WO(reset_controller);

static ssize_t rescan_controller_store(struct device *dev, struct device_attribute *attr,
				       const char *buf, size_t count)
{
	cnv_ctrl_queue_scan(cnv_dev_ctrl(dev));
	return count;
}
static DEVICE_ATTR_WO(rescan_controller);

static struct attribute *cnv_ctrl_attrs[] = {
	&dev_attr_reset_controller.attr,
	&dev_attr_rescan_controller.attr,
	&dev_attr_model.attr,
	&dev_attr_serial.attr,
	&dev_attr_firmware_rev.attr,
	&dev_attr_cntlid.attr,
	&dev_attr_transport.attr,
	&dev_attr_subsysnqn.attr,
	&dev_attr_address.attr,
	&dev_attr_state.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_queue_count.attr,
	&dev_attr_sqsize.attr,
	&dev_attr_kato.attr,
	&dev_attr_cntrltype.attr,
	&dev_attr_dctype.attr,
	&dev_attr_quirks.attr,
	NULL,
};

static const struct attribute_group cnv_ctrl_attr_group = {
	.attrs = cnv_ctrl_attrs,
};

const struct attribute_group *cnv_ctrl_attr_groups[] = {
	&cnv_ctrl_attr_group,
	NULL,
};

/* Subsystem attributes: the subsystem's own copies of the identity. */
static struct cnv_subsys *cnv_dev_subsys(struct device *dev)
{
	return container_of(dev, struct cnv_subsys, dev);
}

static ssize_t subsys_model_show(struct device *dev, struct device_attribute *attr,
				 char *buf)
{
	struct cnv_subsys *subsys = cnv_dev_subsys(dev);

	return cnv_show_padded(buf, subsys->model, sizeof(subsys->model));
}

static struct device_attribute subsys_attr_model = __ATTR(model, 0444, subsys_model_show, NULL);

static ssize_t subsys_serial_show(struct device *dev, struct device_attribute *attr,
				  char *buf)
{
	struct cnv_subsys *subsys = cnv_dev_subsys(dev);

	return cnv_show_padded(buf, subsys->serial, sizeof(subsys->serial));
}

static struct device_attribute subsys_attr_serial = __ATTR(serial, 0444, subsys_serial_show, NULL);

static ssize_t subsys_firmware_rev_show(struct device *dev, struct device_attribute *attr,
					char *buf)
{
	struct cnv_subsys *subsys = cnv_dev_subsys(dev);

	return cnv_show_padded(buf, subsys->firmware_rev, sizeof(subsys->firmware_rev));
}

static struct device_attribute subsys_attr_firmware_rev =
	__ATTR(firmware_rev, 0444, subsys_firmware_rev_show, NULL);

static ssize_t subsys_subsysnqn_show(struct device *dev, struct device_attribute *attr,
				     char *buf)
{
	return sysfs_emit(buf, "%s\n", cnv_dev_subsys(dev)->subnqn);
}

static struct device_attribute subsys_attr_subsysnqn =
	__ATTR(subsysnqn, 0444, subsys_subsysnqn_show, NULL);

static ssize_t subsys_subsystype_show(struct device *dev, struct device_attribute *attr,
				      char *buf)
{
	return sysfs_emit(buf, "nvm\n");
}

static struct device_attribute subsys_attr_subsystype =
	__ATTR(subsystype, 0444, subsys_subsystype_show, NULL);

static struct attribute *cnv_subsys_attrs[] = {
	&subsys_attr_model.attr,
	&subsys_attr_serial.attr,
	&subsys_attr_firmware_rev.attr,
	&subsys_attr_subsysnqn.attr,
	&subsys_attr_subsystype.attr,
	NULL,
};

static const struct attribute_group cnv_subsys_attr_group = {
	.attrs = cnv_subsys_attrs,
};

const struct attribute_group *cnv_subsys_attr_groups[] = {
	&cnv_subsys_attr_group,
	NULL,
};

/* Namespace attributes, on the gendisk. */
static struct cnv_ns *cnv_dev_ns(struct device *dev)
{
	return dev_to_disk(dev)->private_data;
}

static ssize_t nsid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", cnv_dev_ns(dev)->nsid);
}
static DEVICE_ATTR_RO(nsid);

/*
 * A world-wide name: UUID, else NGUID, else EUI-64, else one built from
 * the vendor, serial, model and NSID; the same choice and format in-tree
 * makes, so udev's persistent names do not change with the driver.
 */
static ssize_t wwid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct cnv_ns *ns = cnv_dev_ns(dev);
	struct cnv_subsys *subsys = ns->ctrl->subsys;
	const struct cnv_ns_ids *ids = &ns->ids;
	int serial_len, model_len;

	if (memchr_inv(ids->uuid, 0, sizeof(ids->uuid)))
		return sysfs_emit(buf, "uuid.%pU\n", ids->uuid);
	if (memchr_inv(ids->nguid, 0, sizeof(ids->nguid)))
		return sysfs_emit(buf, "eui.%16phN\n", ids->nguid);
	if (memchr_inv(ids->eui64, 0, sizeof(ids->eui64)))
		return sysfs_emit(buf, "eui.%8phN\n", ids->eui64);
	if (!subsys)
		return sysfs_emit(buf, "\n");
	serial_len = sizeof(subsys->serial);
	while (serial_len && (subsys->serial[serial_len - 1] == ' ' ||
			      !subsys->serial[serial_len - 1]))
		serial_len--;
	model_len = sizeof(subsys->model);
	while (model_len && (subsys->model[model_len - 1] == ' ' ||
			     !subsys->model[model_len - 1]))
		model_len--;
	return sysfs_emit(buf, "nvme.%04x-%*phN-%*phN-%08x\n", subsys->vid,
			  serial_len, subsys->serial, model_len, subsys->model, ns->nsid);
}
static DEVICE_ATTR_RO(wwid);

/* Without a UUID the NGUID stands in, as it did before UUIDs existed. */
static ssize_t uuid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	const struct cnv_ns_ids *ids = &cnv_dev_ns(dev)->ids;

	if (!memchr_inv(ids->uuid, 0, sizeof(ids->uuid)))
		return sysfs_emit(buf, "%pU\n", ids->nguid);
	return sysfs_emit(buf, "%pU\n", ids->uuid);
}
static DEVICE_ATTR_RO(uuid);

static ssize_t nguid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%pU\n", cnv_dev_ns(dev)->ids.nguid);
}
static DEVICE_ATTR_RO(nguid);

static ssize_t eui_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%8ph\n", cnv_dev_ns(dev)->ids.eui64);
}
static DEVICE_ATTR_RO(eui);

static ssize_t csi_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", cnv_dev_ns(dev)->ids.csi);
}
static DEVICE_ATTR_RO(csi);

static ssize_t metadata_bytes_show(struct device *dev, struct device_attribute *attr,
				   char *buf)
{
	return sysfs_emit(buf, "%u\n", cnv_dev_ns(dev)->metadata_bytes);
}
static DEVICE_ATTR_RO(metadata_bytes);

/* Utilisation changes with every write: re-read it, at most every few seconds. */
static ssize_t nuse_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct cnv_ns *ns = cnv_dev_ns(dev);
	struct cnv_id_ns *id;

	if (__ratelimit(&ns->nuse_refresh)) {
		id = kzalloc(sizeof(*id), GFP_KERNEL);
		if (id && !cnv_admin_identify(ns->ctrl, CNV_CNS_NAMESPACE, ns->nsid, id))
			WRITE_ONCE(ns->nuse, le64_to_cpu(id->nuse));
		kfree(id);
	}
	return sysfs_emit(buf, "%llu\n", READ_ONCE(ns->nuse));
}
static DEVICE_ATTR_RO(nuse);

static struct attribute *cnv_ns_attrs[] = {
	&dev_attr_wwid.attr,
	&dev_attr_uuid.attr,
	&dev_attr_nguid.attr,
	&dev_attr_eui.attr,
	&dev_attr_csi.attr,
	&dev_attr_nsid.attr,
	&dev_attr_metadata_bytes.attr,
	&dev_attr_nuse.attr,
	NULL,
};

/* Identifiers the namespace does not have are absent, not zero. */
static umode_t cnv_ns_attr_visible(struct kobject *kobj, struct attribute *a, int n)
{
	const struct cnv_ns_ids *ids = &cnv_dev_ns(kobj_to_dev(kobj))->ids;

	if (a == &dev_attr_uuid.attr && !memchr_inv(ids->uuid, 0, sizeof(ids->uuid)) &&
	    !memchr_inv(ids->nguid, 0, sizeof(ids->nguid)))
		return 0;
	if (a == &dev_attr_nguid.attr && !memchr_inv(ids->nguid, 0, sizeof(ids->nguid)))
		return 0;
	if (a == &dev_attr_eui.attr && !memchr_inv(ids->eui64, 0, sizeof(ids->eui64)))
		return 0;
	if (!CNV_NS_SYSFS_CSI_NUSE_MS && (a == &dev_attr_csi.attr || a == &dev_attr_nuse.attr ||
					  a == &dev_attr_metadata_bytes.attr))
		return 0;
	return a->mode;
}

static const struct attribute_group cnv_ns_attr_group = {
	.attrs = cnv_ns_attrs,
	.is_visible = cnv_ns_attr_visible,
};

const struct attribute_group *cnv_ns_attr_groups[] = {
	&cnv_ns_attr_group,
	NULL,
};
